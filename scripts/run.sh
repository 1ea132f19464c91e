#!/usr/bin/env bash
# Set everything up, then serve the Models Panel: bash scripts/run.sh [--port N] [--no-browser] ...
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python main.py "$@"
