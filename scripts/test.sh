#!/usr/bin/env bash
# test.sh - installs what is missing, starts throwaway PostgreSQL and
# MariaDB servers and a 3-node MariaDB Galera cluster (for e2e-galera) on
# 127.0.0.1, builds revgen twice (normal, and with
# AddressSanitizer + UndefinedBehaviorSanitizer), runs every test under
# `meson test` in both builds, end-to-end ones on SQLite, PostgreSQL and
# MariaDB, and ends with the line "N passed, N failed".
set -euo pipefail
. "$(dirname "$0")/setup.sh"
. "$root/scripts/pg-server.sh"
. "$root/scripts/mariadb-server.sh"
. "$root/scripts/galera-cluster.sh"

install_missing build test
trap 'pg_stop; mariadb_stop; galera_stop' EXIT
trap 'exit 130' INT TERM
pg_start
mariadb_start
galera_start
export REVGEN_TEST_DIALECTS="sqlite postgresql mysql"
build build -Dpg_query=enabled
build build-san -Dpg_query=enabled -Db_sanitize=address,undefined -Db_lundef=false \
	-Dc_args="-DRG_ARENA_DEBUG -fno-sanitize-recover=all -fno-omit-frame-pointer"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/test/lsan.supp:print_suppressions=0}

passed=0
failed=0
run_suite() {
	local dir=$1
	shift
	echo "== meson test in $dir $*"
	meson test -C "$root/$dir" --print-errorlogs --num-processes 2 "$@" || true
	# count from meson's own log, one JSON object per test
	read -r p f < <(python3 - "$root/$dir/meson-logs/testlog.json" <<'PY'
import json, sys
p = f = 0
for line in open(sys.argv[1]):
    r = json.loads(line).get("result")
    if r == "OK":
        p += 1
    elif r in ("FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS"):
        f += 1
print(p, f)
PY
)
	passed=$((passed + p))
	failed=$((failed + f))
}
run_suite build
run_suite build-san
# valgrind memcheck on the end-to-end tests of one dialect: any error or
# definite leak in a revgen run fails its test (exit 99)
REVGEN_TEST_DIALECTS=sqlite \
REVGEN_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --suppressions=$root/test/valgrind.supp" \
	run_suite build --suite e2e --timeout-multiplier 4

# libFuzzer targets (parser, splitter, URL, config, template), briefly
echo "== fuzzing, ${FUZZ_SECONDS:-30} s a target"
fuzz_out=$(bash "$root/test/fuzz/run.sh" "${FUZZ_SECONDS:-30}" 2>&1) || true
printf '%s\n' "$fuzz_out"
passed=$((passed + $(printf '%s\n' "$fuzz_out" | grep -c '^fuzz-.*: PASS' || true)))
failed=$((failed + $(printf '%s\n' "$fuzz_out" | grep -c '^fuzz-.*: FAIL' || true)))

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
