#!/usr/bin/env bash
# Installs (with test tools) and runs lint, types and the whole test suite, the real embedded model included.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install.sh dev
.venv/bin/ruff check assistant tests
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
