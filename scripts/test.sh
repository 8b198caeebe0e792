#!/usr/bin/env bash
# Set up and run every test, the browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
# Playwright drives Debian's Chromium (it cannot download its own browser here).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
exec .venv/bin/python -m pytest "$@"
