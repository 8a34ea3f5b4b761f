#!/usr/bin/env bash
# Make sure a headless-capable Chromium is installed, from Debian's package
# only (browser downloads from anywhere else are not possible on our
# machines and not wanted). Does nothing when /usr/bin/chromium exists.
#
# Usage: scripts/ensure-chromium.sh   (prints the browser path on stdout)
set -euo pipefail
LOG_TAG=chromium
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if [ ! -x /usr/bin/chromium ]; then
  log "/usr/bin/chromium missing; installing Debian's chromium package"
  apt_install chromium
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium still missing after apt-get install chromium"
log "$(/usr/bin/chromium --version 2>/dev/null || echo 'chromium installed')"
echo /usr/bin/chromium
