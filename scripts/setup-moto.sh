#!/usr/bin/env bash
# Installs the AWS emulator used by the integration tests (moto, pinned) into .emulator/venv.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.emulator/venv
MOTO_VERSION=5.2.5
PYTHON=${PYTHON:-python3}
if [ -x "$VENV/bin/moto_server" ] && "$VENV/bin/python" -c "import moto,sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
  echo "moto $MOTO_VERSION already installed in $VENV"
  exit 0
fi
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --requirement scripts/emulator-requirements.txt
"$VENV/bin/python" -c "import moto; print('moto', moto.__version__, 'installed in $VENV')"
