#!/usr/bin/env bash
# Set up and start the dashboard (builds data/tracker.duckdb on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run app.py "$@"
