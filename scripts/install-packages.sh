#!/usr/bin/env bash
# install-packages.sh [SECTION...] - installs the Debian packages that
# scripts/packages lists under the sections (default: build, what revgen
# itself needs), the way demo.sh and test.sh do; for a CI job or a machine
# that builds revgen by hand:
#   sudo ./scripts/install-packages.sh && meson setup build && ninja -C build
#   ./scripts/install-packages.sh --list build test     (print them only)
set -euo pipefail
. "$(dirname "$0")/setup.sh"
if [ "${1:-}" = --list ]; then
	shift
	packages "${@:-build}"
	exit 0
fi
install_missing "${@:-build}"
