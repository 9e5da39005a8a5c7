#!/usr/bin/env bash
# Run before `make test` in CI: the dashboard browser test needs Debian's Chromium at
# /usr/bin/chromium (driven by the playwright package; never `playwright install`).
# Without it that test skips with a reason instead of failing.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y chromium chromium-driver
fi
