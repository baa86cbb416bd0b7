#!/usr/bin/env bash
# Installs Debian's chromium (used headless by @prunerl/evaluation's report test) when it is absent.
# Kept for its callers; ensure-debian-packages.sh installs every system package the tests need.
set -euo pipefail
exec bash "$(dirname "$0")/ensure-debian-packages.sh" /usr/bin/chromium=chromium
