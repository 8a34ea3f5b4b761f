#!/usr/bin/env bash
# Install the system libraries Python packages load at run time, from Debian's packages:
# WeasyPrint (the evidence pack brief in PDF) needs Pango, HarfBuzz and fonts.
# Does nothing when they are already there. The Dockerfile installs the same list.
#
# Usage: scripts/system-packages.sh
set -euo pipefail
LOG_TAG=system-packages
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
# Tests and bench/topology only (not the image's list): HAProxy in front of several web processes.
PACKAGES+=(haproxy)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  apt_install "${missing[@]}"
fi
