#!/usr/bin/env bash
# run.sh - builds the libFuzzer targets with clang (fuzzer + ASan + UBSan)
# and runs each for SECONDS seconds (default 30) from its seed corpus under
# test/fuzz/corpus/.  Prints one line per target: executions, and PASS or
# FAIL (a crash, a leak, a sanitizer report; the reproducer is kept in
# build-fuzz/).  The longer run documented in README.md is SECONDS=600.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-${SECONDS_PER_TARGET:-30}}
out=$root/build-fuzz
mkdir -p "$out"
cc=${CLANG:-clang-14}
python3 "$root/scripts/embed.py" rg_default_template "$root/templates/revision.sql.tmpl" "$out/template.c"
common=("$root/util/util.c" "$root/diff/schema.c" "$root/runner/revision.c" "$root/runner/split.c"
	"$root/config/config.c" "$out/template.c")
flags=(-g -O1 -std=c11 -D_GNU_SOURCE -DRG_ARENA_DEBUG -I"$root"
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)
passed=0
failed=0
for target in revision split url config template; do
	if ! "$cc" "${flags[@]}" -o "$out/fuzz-$target" "$root/test/fuzz/fuzz-$target.c" \
		"${common[@]}" $(pkg-config --cflags --libs inih) 2>"$out/fuzz-$target.build.log"; then
		echo "fuzz-$target: FAIL (build, see $out/fuzz-$target.build.log)"
		failed=$((failed + 1))
		continue
	fi
	work=$(mktemp -d)
	cp "$root/test/fuzz/corpus/$target/"* "$work/" 2>/dev/null
	( cd "$out" && ./fuzz-$target -max_total_time="$seconds" -max_len=4096 -timeout=10 \
		-print_final_stats=1 "$work" >"$out/fuzz-$target.log" 2>&1 )
	status=$?
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/fuzz-$target.log" | grep -o '[0-9]*$')
	if [ $status -eq 0 ]; then
		echo "fuzz-$target: PASS (${execs:-?} executions in ${seconds} s)"
		passed=$((passed + 1))
	else
		echo "fuzz-$target: FAIL (exit $status; see $out/fuzz-$target.log)"
		tail -30 "$out/fuzz-$target.log"
		failed=$((failed + 1))
	fi
	rm -rf "$work"
done
rm -f /tmp/rg-fuzz-config-*.ini
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
