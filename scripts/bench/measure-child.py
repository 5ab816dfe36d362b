# Runs a command as its own child and writes its wall time and peak resident memory as JSON:
#   python3 measure-child.py OUT.json COMMAND [ARG...]
# The command inherits the environment, working directory and standard streams unchanged; the peak is
# the kernel's ru_maxrss for that child (wait4), so nothing is added to the measured process.
import json
import os
import signal
import sys
import time

out, command = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawnp(command[0], command, os.environ)


def forward(signum, _frame):
    os.kill(pid, signum)


signal.signal(signal.SIGTERM, forward)
signal.signal(signal.SIGINT, forward)
_, status, usage = os.wait4(pid, 0)
wall_ms = (time.perf_counter() - started) * 1000
# Linux reports KiB, macOS bytes.
peak_kib = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
code = os.waitstatus_to_exitcode(status)
with open(out, "w", encoding="utf-8") as f:
    json.dump({"wallMs": round(wall_ms, 1), "peakRssKiB": peak_kib, "code": code}, f)
sys.exit(code if code >= 0 else 128 - code)
