#!/usr/bin/env bash
# Creates .venv and installs the assistant with everything it needs (llama-cpp-python compiles once, ~5 min
# on 2 cores; pip caches the wheel). Pass "dev" to add the test tools and Debian's chromium for browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}
if [ "${1:-}" = "dev" ]; then
  .venv/bin/pip install -q -e ".[dev]"
  if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) \
      >/dev/null 2>&1 || echo "note: could not install chromium; browser tests will be skipped" >&2
  fi
else
  .venv/bin/pip install -q -e .
fi
