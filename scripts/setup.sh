# setup.sh - sourced by demo.sh, test.sh, bench/run.sh and
# install-packages.sh: installs what is missing (Debian 12 packages, listed
# in scripts/packages) and builds revgen with meson.  A fresh machine has
# nothing; a machine that has everything installs nothing.
#
# Every step is quiet when it works; when one fails, it says which step and
# prints the failing tool's own output (apt's, meson's, the compiler's).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# A failure outside a step below still names itself: the script, the line
# and the line's text (bash's $BASH_COMMAND would name the last command run
# inside a function that failed, not the call).  Not inherited by
# functions: those report through setup_step.
trap 'echo "${0##*/}:$LINENO: failed (exit $?): $(sed -n "${LINENO}s/^[[:space:]]*//p" "$0")" >&2' ERR

# setup_step WHAT CMD...: runs CMD with its output kept aside; on failure prints
# "setup: WHAT failed", the command and everything it printed, and fails.
setup_step() {
	local what=$1 log rc=0
	shift
	log=$(mktemp "${TMPDIR:-/tmp}/revgen-setup.XXXXXX")
	"$@" >"$log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		{
			echo "setup: $what failed (exit $rc): $*"
			sed 's/^/  | /' "$log"
		} >&2
	fi
	rm -f "$log"
	return "$rc"
}

# packages SECTION...: the packages scripts/packages lists under the
# sections, in its order.
packages() {
	local sections=" $* "
	local sec pkg _
	while read -r sec pkg _; do
		case $sec in '' | '#'*) continue ;; esac
		[[ $sections == *" $sec "* ]] && echo "$pkg"
	done <"$root/scripts/packages"
	return 0
}

# install_missing SECTION...: apt-get installs the sections' packages that
# are not installed yet (as root, or through sudo).
install_missing() {
	local missing=() p
	for p in $(packages "$@"); do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "Installing: ${missing[*]}"
	local sudo=
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || {
			echo "setup: installing packages needs root, or sudo (not found); as root: apt-get install ${missing[*]}" >&2
			return 1
		}
		sudo=sudo
	fi
	setup_step "apt-get update" $sudo apt-get update || return
	setup_step "installing packages" $sudo env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends "${missing[@]}"
}

# build DIR [meson options...]: configures DIR (once; later calls apply
# the options to the existing configuration) and builds it.
build() {
	local dir=$1
	shift
	if [ ! -f "$root/$dir/build.ninja" ]; then
		setup_step "meson setup $dir" meson setup "$root/$dir" "$root" "$@" || return
	elif [ $# -gt 0 ]; then
		setup_step "meson configure $dir" meson configure "$root/$dir" "$@" || return
	fi
	setup_step "building $dir" ninja -C "$root/$dir"
}
