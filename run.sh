#!/usr/bin/env bash
# Installs, ingests the corpus in corpus/ and starts the chat UI on http://127.0.0.1:7860 (embedded model
# unless Ollama answers with ASSISTANT_OLLAMA_MODEL). Extra arguments go to `assistant serve`.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install.sh
.venv/bin/assistant ingest
exec .venv/bin/assistant serve "$@"
