#!/usr/bin/env bash
# instructions.sh BASELINE [N] - revgen's autogenerate on N tables (default
# 3000) counted in instructions (valgrind's callgrind), this tree's build
# against revgen at BASELINE (a commit), the three ways of run.sh (after
# the edit, models cached, cold) on the three databases.
#
# Wall times on a shared two-core machine move by 15% between runs, more
# than the 10% a change of structure may cost; instruction counts do not
# move with the load, so this answers "did the code get slower" where
# run.sh cannot.  What they leave out is the servers' side: a change of
# the catalog queries shows in run.sh (and in its statement counts), not
# here.  Each count is one run: callgrind counts the same every time.
set -euo pipefail
. "$(dirname "$0")/../scripts/setup.sh"
. "$root/scripts/pg-server.sh"
. "$root/scripts/mariadb-server.sh"
BASELINE=${1:?usage: instructions.sh BASELINE [N]}
N=${2:-3000}
py=/usr/bin/python3

install_missing build bench
command -v valgrind >/dev/null || install_missing test
build build-bench -Dbuildtype=release
work=$(mktemp -d "${TMPDIR:-/tmp}/revgen-instr.XXXXXX")
trap 'pg_stop; mariadb_stop; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$work/base-src"
git -C "$root" archive "$BASELINE" | tar -x -C "$work/base-src"
setup_step "meson setup (revgen at $BASELINE)" meson setup "$work/base-build" "$work/base-src" \
	-Dbuildtype=release
setup_step "building revgen at $BASELINE" ninja -C "$work/base-build" revgen
declare -A bin=([new]=$root/build-bench/revgen [base]=$work/base-build/revgen)

pg_start >/dev/null
mariadb_start >/dev/null
pg_base=${REVGEN_TEST_PG_URL%/*}
my_base=${REVGEN_TEST_MYSQL_URL%/*}
my_auth=${my_base#mysql://}
my_client() {
	local hp=${my_auth##*@} up=${my_auth%@*}
	mariadb --no-defaults -h "${hp%:*}" -P "${hp##*:}" -u "${up%%:*}" -p"${up#*:}" "$@"
}
echo "Generating $N tables..." >&2
$py "$root/bench/gen.py" "$N" "$work/orig" >/dev/null
$py "$root/bench/gen.py" "$N" "$work/changed" --changed >/dev/null
psql -XAtq -d "$REVGEN_TEST_PG_URL" -c "CREATE DATABASE bench" >/dev/null
my_client -e "CREATE DATABASE bench CHARACTER SET utf8mb4"

# instructions DIR BIN: one autogenerate in DIR, its instruction count
# (every thread's); the revision it writes is removed
instructions() {
	local n
	n=$(cd "$1" && valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		"$2" -q --autogenerate -m bench 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
	rm -f "$1"/migrations/versions/*.sql
	[ -n "$n" ] || { echo "callgrind counted nothing in $1" >&2; exit 1; }
	echo "$n"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

printf '| autogenerate, %d tables | this tree | revgen at %s | ratio |\n|---|---|---|---|\n' "$N" "$BASELINE"
for d in pg my lite; do
	case $d in
	pg) url=$pg_base/bench name=PostgreSQL ;;
	my) url=$my_base/bench name=MariaDB ;;
	lite) url=sqlite:///$work/bench.db name=SQLite ;;
	esac
	declare -A I=()
	for b in base new; do
		p=$work/$d-$b
		mkdir -p "$p" && cp -r "$work/orig/models" "$p/"
		(cd "$p" && "${bin[$b]}" -q init && sed -i "s|^url = .*|url = $url|" revgen.ini &&
			"${bin[$b]}" models >ddl.sql && cp -r .revgen-cache ../cache-$d-$b)
		if [ "$b" = base ]; then
			case $d in
			pg) psql -XAtq -v ON_ERROR_STOP=1 -d "$url" -f "$p/ddl.sql" >/dev/null ;;
			my) my_client -D bench <"$p/ddl.sql" ;;
			lite) sqlite3 "$work/bench.db" <"$p/ddl.sql" ;;
			esac
		fi
		rm -rf "$p/models" && cp -r "$work/changed/models" "$p/"
		rm -rf "$p/.revgen-cache" && cp -r "$work/cache-$d-$b" "$p/.revgen-cache"
		I[$b-edit]=$(instructions "$p" "${bin[$b]}")
		I[$b-cached]=$(instructions "$p" "${bin[$b]}")
		rm -rf "$p/.revgen-cache"
		I[$b-cold]=$(instructions "$p" "${bin[$b]}")
	done
	for w in edit cached cold; do
		case $w in edit) way="after the edit" ;; cached) way="models cached" ;; cold) way=cold ;; esac
		printf '| %s, %s | %d M | %d M | %sx |\n' "$name" "$way" $((I[new-$w] / 1000000)) \
			$((I[base-$w] / 1000000)) "$(ratio "${I[new-$w]}" "${I[base-$w]}")"
	done
done
