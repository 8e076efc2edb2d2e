# setup.sh - sourced by demo.sh and test.sh: installs what is missing
# (Debian 12 packages) and builds revgen into build/.  A fresh machine has
# nothing; a machine that has everything installs nothing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Build tool chain and libraries (revgen builds against libpq's and
# libmariadb's headers and opens them, and libclang, at run time: the -dev
# packages bring the libraries); the servers are added by test.sh.
build_packages=(build-essential pkg-config meson ninja-build python3
	libclang-14-dev llvm-14 clang-14 libsqlite3-dev sqlite3
	libjansson-dev libinih-dev libpq-dev libmariadb-dev libxxhash-dev)

install_missing() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "Installing: ${missing[*]}"
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build DIR [meson options...]: configures (once) and builds.
build() {
	local dir=$1
	shift
	if [ ! -f "$root/$dir/build.ninja" ]; then
		meson setup "$root/$dir" "$root" "$@" >/dev/null
	fi
	ninja -C "$root/$dir" >/dev/null
}
