#!/usr/bin/env bash
# Set everything up (Python packages, and Debian's Chromium for the browser tests), then run pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/chromium.sh
exec .venv/bin/python -m pytest "$@"
