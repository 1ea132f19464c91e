#!/usr/bin/env bash
# Install Debian's chromium (for the browser tests and the launch benchmark) when it is missing.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
