#!/usr/bin/env bash
# Set everything up, then run the benchmarks and print their table: bash scripts/bench.sh [name ...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/chromium.sh
exec .venv/bin/python -m benchmarks "$@"
