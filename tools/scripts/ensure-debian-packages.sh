#!/usr/bin/env bash
# Installs the Debian packages the tests run for real, when their command is missing:
#   chromium      headless, renders @prunerl/evaluation's report (report-chromium test);
#   redis-server  the queue of distributed sweeps (@prunerl/distributed, prunerl worker tests),
#                 which the tests start themselves on a free loopback port with a throw-away directory.
# Usage: ensure-debian-packages.sh [command=package ...] (default: both above). Idempotent: does
# nothing when every command exists. Needs root (or sudo) and apt.
set -euo pipefail

wanted=("$@")
if [ ${#wanted[@]} -eq 0 ]; then wanted=(/usr/bin/chromium=chromium redis-server=redis-server); fi

missing=()
for pair in "${wanted[@]}"; do
  command_name="${pair%%=*}"
  package="${pair#*=}"
  if command -v "$command_name" >/dev/null 2>&1; then
    echo "$package present: $(command -v "$command_name")"
  else
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-debian-packages: ${missing[*]} missing and this user cannot install packages (not root, no sudo)." >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
