#!/usr/bin/env bash
# Makes sure headless Chromium (Debian's package) and fonts for text and emoji are installed, for npm run screenshots.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-liberation2 fonts-noto-color-emoji)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# A Chromium installed some other way is fine; only the fonts are then still wanted.
if [[ -x "$CHROMIUM" ]]; then
  missing=("${missing[@]/chromium/}")
fi
wanted=()
for p in "${missing[@]}"; do [[ -n "$p" ]] && wanted+=("$p"); done
if [[ ${#wanted[@]} -eq 0 ]]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-browser: $CHROMIUM is missing and apt-get is not available: install Chromium and the packages ${wanted[*]} by hand." >&2
  exit 1
fi
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "setup-browser: installing ${wanted[*]} needs root (or sudo)." >&2
    exit 1
  fi
fi

echo "setup-browser: installing ${wanted[*]} with apt-get ..." >&2
log=$(mktemp)
if ! { "${SUDO[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${wanted[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "setup-browser: apt-get could not install ${wanted[*]} (see above)." >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
if [[ ! -x "$CHROMIUM" ]]; then
  echo "setup-browser: apt-get succeeded but $CHROMIUM is still missing." >&2
  exit 1
fi
echo "setup-browser: $("$CHROMIUM" --version 2>/dev/null || echo chromium) ready." >&2
