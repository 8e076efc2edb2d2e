# lib.sh - what the end-to-end scripts share.  Sourced by run.sh; each test
# script then runs in a fresh temporary project (its cwd), with:
#   rg ARGS...          run revgen; stdout in $out, stderr in $errout, status in $rc
#   expect RC ARGS...   the same, failing the test unless the status is RC
#   fail MSG, contains FILE|TEXT STRING, lacks ..., project_blog
set -eu
set -o pipefail

: "${REVGEN:?}" "${RG_SOURCE_ROOT:?}"
E2E_DIALECT=${E2E_DIALECT:-sqlite}
work=$(mktemp -d "${TMPDIR:-/tmp}/revgen-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

# valgrind or another wrapper when REVGEN_WRAPPER is set (scripts/test.sh
# uses it for the memcheck pass)
rg() {
	set +e
	${REVGEN_WRAPPER:-} "$REVGEN" "$@" >"$work/.out" 2>"$work/.err"
	rc=$?
	set -e
	out=$(cat "$work/.out")
	errout=$(cat "$work/.err")
}

fail() {
	echo "FAIL: $*" >&2
	echo "--- last stdout:" >&2; printf '%s\n' "${out:-}" >&2
	echo "--- last stderr:" >&2; printf '%s\n' "${errout:-}" >&2
	exit 1
}

expect() {
	local want=$1
	shift
	rg "$@"
	[ "$rc" -eq "$want" ] || fail "revgen $* exited $rc, expected $want"
}

contains() {
	case "$1" in *"$2"*) ;; *) fail "expected to find '$2'" ;; esac
}

lacks() {
	case "$1" in *"$2"*) fail "did not expect '$2'" ;; *) ;; esac
}

# Per dialect, test/e2e/dialect-<name>.sh defines:
#   db_url   the URL of this test's own fresh, empty database
#   db_sql   runs SQL on it directly (not through revgen), prints rows
#   db_tables  prints its table names, one per line
#   db_dev_url  a second, empty database for --replay (nothing on SQLite)
# and may set up that database when sourced.
[ -f "$E2E_DIR/dialect-$E2E_DIALECT.sh" ] || fail "unknown dialect $E2E_DIALECT"
. "$E2E_DIR/dialect-$E2E_DIALECT.sh"

# A project with the blog example's models, initialised, pointed at a fresh
# database.
project_blog() {
	mkdir -p models
	cp "$RG_SOURCE_ROOT"/examples/blog/models/*.h models/
	expect 0 init
	sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
}

# Number of revision files.
nrevs() {
	find migrations/versions -name '*.sql' | wc -l
}
