#!/usr/bin/env bash
# run.sh [N] - revgen against its peers, measured in one run on this
# machine: autogenerate on N tables (default 3000) against Alembic 1.8
# (Debian's) and pg_dump --schema-only, catalog statements, model loading
# against clang -fsyntax-only, `upgrade head` of 500 small revisions against
# psql -f and Alembic, peak memory at 10000 tables.  Each time is the median
# of RUNS (default 5) runs.  Prints a table and writes bench/results.json.
#
# revgen is timed three ways.  "After the edit" is the issue's scenario as
# a user meets it: the model cache holds the unchanged models (revgen read
# them when the database was made from them), the three changes are made,
# and autogenerate runs, in turns with Alembic; the cache is put back
# before every run, so each parses the one edited header.  "Cached" is a
# second run, nothing changed since the first; "cold" has no cache at all,
# every header parsed.
# Alembic runs as Debian's Python runs it (this machine sets
# PYTHONDONTWRITEBYTECODE, so models.py is compiled every run).
set -euo pipefail
. "$(dirname "$0")/../scripts/setup.sh"
. "$root/scripts/pg-server.sh"
. "$root/scripts/mariadb-server.sh"
N=${1:-3000}
RUNS=${RUNS:-5}
BIG=${BIG:-10000}

install_missing build test bench
build build-bench -Dbuildtype=release
revgen=$root/build-bench/revgen
py=/usr/bin/python3 # Debian's, which has Alembic

work=$(mktemp -d "${TMPDIR:-/tmp}/revgen-bench.XXXXXX")
trap 'pg_stop; mariadb_stop; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
PG_EXTRA_OPTS="-c log_statement=all -c log_line_prefix=" pg_start >/dev/null
mariadb_start >/dev/null
pg_base=${REVGEN_TEST_PG_URL%/*}
my_base=${REVGEN_TEST_MYSQL_URL%/*}
my_auth=${my_base#mysql://}
my_client() {
	local hp=${my_auth##*@} up=${my_auth%@*}
	mariadb --no-defaults -h "${hp%:*}" -P "${hp##*:}" -u "${up%%:*}" -p"${up#*:}" "$@"
}

now_ms() { date +%s%3N; }
# median_ms CMD...: runs CMD $RUNS times, prints the median wall time in ms
median_ms() { median_prep_ms : "$@"; }
# median_prep_ms PREP CMD...: the same, running PREP (untimed) before each
median_prep_ms() {
	local prep=$1 t=() i s
	shift
	for i in $(seq 1 "$RUNS"); do
		$prep
		s=$(now_ms)
		"$@" >/dev/null 2>&1
		t+=($(($(now_ms) - s)))
	done
	printf '%s\n' "${t[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

echo "Generating $N tables..." >&2
$py "$root/bench/gen.py" "$N" "$work/orig"
$py "$root/bench/gen.py" "$N" "$work/changed" --changed

# project DIALECT URL SQLA_URL: a revgen and an Alembic project on a database
# loaded with the unchanged schema, models carrying the three changes
project() {
	local d=$1 url=$2 sqla=$3 p=$work/$1
	mkdir -p "$p/revgen" "$p/alembic/versions"
	cp -r "$work/orig/models" "$p/revgen/"
	(cd "$p/revgen" && "$revgen" -q init && sed -i "s|^url = .*|url = $url|" revgen.ini &&
		"$revgen" models >"$p/ddl.sql" && cp -r .revgen-cache "$p/cache-orig")
	rm -rf "$p/revgen/models" && cp -r "$work/changed/models" "$p/revgen/"
	cp "$work/changed/alembic/models.py" "$root/bench/alembic_env.py" "$root/bench/script.py.mako" "$p/alembic/"
	mv "$p/alembic/alembic_env.py" "$p/alembic/env.py"
	printf '[alembic]\nscript_location = .\nsqlalchemy.url = %s\n' "$sqla" >"$p/alembic/alembic.ini"
}
revgen_autogen() { (cd "$1/revgen" && "$revgen" -q --autogenerate -m bench && rm -f migrations/versions/*.sql); }
alembic_autogen() {
	(cd "$1/alembic" && $py -m alembic -c alembic.ini revision --autogenerate -m bench >>"$work/alembic.log" 2>&1 &&
		rm -f versions/*.py)
}
# the three ways (see the top), each the median time in ms.  After the
# edit: in turns with Alembic, one run of each a round, so that both see
# the machine as it is in that minute (its speed moves by half between
# minutes here); prints revgen's median and Alembic's
edit_vs_alembic() {
	local p=$1 a=() b=() i s
	for i in $(seq 1 "$RUNS"); do
		rm -rf "$p/revgen/.revgen-cache" && cp -r "$p/cache-orig" "$p/revgen/.revgen-cache"
		s=$(now_ms)
		revgen_autogen "$p" >/dev/null 2>&1
		a+=($(($(now_ms) - s)))
		s=$(now_ms)
		alembic_autogen "$p" >/dev/null 2>&1
		b+=($(($(now_ms) - s)))
	done
	local mid=$(((RUNS + 1) / 2))
	echo "$(printf '%s\n' "${a[@]}" | sort -n | sed -n "${mid}p") $(printf '%s\n' "${b[@]}" | sort -n | sed -n "${mid}p")"
}
warm_ms() { revgen_autogen "$1" >/dev/null 2>&1 && median_ms revgen_autogen "$1"; }
cold_ms() {
	local p=$1
	uncache() { rm -rf "$p/revgen/.revgen-cache"; }
	median_prep_ms uncache revgen_autogen "$p"
}
pg_log_lines() { wc -l <"$PG_DIR/server.log"; }

declare -A R
echo "PostgreSQL..." >&2
psql -XAtq -d "$REVGEN_TEST_PG_URL" -c "CREATE DATABASE bench" >/dev/null
project pg "$pg_base/bench" "postgresql+psycopg2://postgres@${pg_base#postgresql://postgres@}/bench"
psql -XAtq -v ON_ERROR_STOP=1 -d "$pg_base/bench" -f "$work/pg/ddl.sql" >/dev/null
ops=$(cd "$work/pg/revgen" && "$revgen" check | grep -c '^  [+~-]' || true)
R[pg_ops]=$ops
read -r R[pg_revgen] R[pg_alembic] < <(edit_vs_alembic "$work/pg")
R[pg_revgen_warm]=$(warm_ms "$work/pg")
R[pg_revgen_cold]=$(cold_ms "$work/pg")
R[pg_dump]=$(median_ms pg_dump --schema-only -d "$pg_base/bench")
a=$(pg_log_lines); revgen_autogen "$work/pg" >/dev/null 2>&1 || true; b=$(pg_log_lines)
# simple-protocol statements log as "statement:", prepared ones as "execute"
R[pg_revgen_statements]=$(sed -n "$((a + 1)),${b}p" "$PG_DIR/server.log" | grep -cE '^(LOG: +)?(statement|execute [^ ]*):' || true)
a=$(pg_log_lines); alembic_autogen "$work/pg" >/dev/null 2>&1 || true; b=$(pg_log_lines)
if grep -q Traceback "$work/alembic.log"; then
	echo "Alembic failed; its times would mean nothing:" >&2
	tail -5 "$work/alembic.log" >&2
	exit 1
fi
R[pg_alembic_statements]=$(sed -n "$((a + 1)),${b}p" "$PG_DIR/server.log" | grep -cE '^(LOG: +)?(statement|execute [^ ]*):' || true)

echo "Model loading..." >&2
clang_all() { for h in "$work/pg/revgen/models"/*.h; do clang-14 -fsyntax-only -x c-header -std=c11 -I"$root/include" "$h"; done; }
# cold: what libclang and the loader do, not the cache
R[load_revgen]=$(median_ms sh -c "cd '$work/pg/revgen' && rm -rf .revgen-cache && '$revgen' models")
R[load_clang]=$(median_ms clang_all)

echo "MariaDB..." >&2
my_client -e "CREATE DATABASE bench CHARACTER SET utf8mb4"
project my "$my_base/bench" "mysql+pymysql://${my_auth%@*}@${my_auth##*@}/bench"
my_client -D bench <"$work/my/ddl.sql"
read -r R[my_revgen] R[my_alembic] < <(edit_vs_alembic "$work/my")
R[my_revgen_warm]=$(warm_ms "$work/my")
R[my_revgen_cold]=$(cold_ms "$work/my")

echo "SQLite..." >&2
project lite "sqlite:///$work/lite/bench.db" "sqlite:///$work/lite/bench.db"
sqlite3 "$work/lite/bench.db" <"$work/lite/ddl.sql"
read -r R[lite_revgen] R[lite_alembic] < <(edit_vs_alembic "$work/lite")
R[lite_revgen_warm]=$(warm_ms "$work/lite")
R[lite_revgen_cold]=$(cold_ms "$work/lite")

echo "upgrade head of 500 revisions..." >&2
up=$work/up
mkdir -p "$up/alembic/versions"
(cd "$up" && "$revgen" -q init && sed -i "s|^url = .*|url = $pg_base/up|" revgen.ini && sed -i 's|^models = .*|models =|' revgen.ini)
prev=
for i in $(seq -w 1 500); do
	f=$(cd "$up" && "$revgen" revision -m "r$i" --rev-id "r$i" ${prev:+--head "$prev"})
	sed -i "s|^-- upgrade()\$|-- upgrade()\nCREATE TABLE r$i (id integer PRIMARY KEY, v text);\nINSERT INTO r$i VALUES (1, 'x');|; s|^-- downgrade()\$|-- downgrade()\nDROP TABLE r$i;|" "$f"
	down=None
	[ -n "$prev" ] && down="'$prev'"
	cat >"$up/alembic/versions/r$i.py" <<PY
from alembic import op
revision = 'r$i'
down_revision = $down
branch_labels = None
depends_on = None
def upgrade():
    op.execute("CREATE TABLE r$i (id integer PRIMARY KEY, v text)")
    op.execute("INSERT INTO r$i VALUES (1, 'x')")
def downgrade():
    op.execute("DROP TABLE r$i")
PY
	prev=r$i
done
(cd "$up" && "$revgen" upgrade --sql >"$up/all.sql")
cp "$root/bench/script.py.mako" "$up/alembic/"
printf 'from alembic import context\nfrom sqlalchemy import engine_from_config, pool\nc = context.config\nwith engine_from_config(c.get_section(c.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool).connect() as conn:\n    context.configure(connection=conn, target_metadata=None, transaction_per_migration=True)\n    with context.begin_transaction():\n        context.run_migrations()\n' >"$up/alembic/env.py"
printf '[alembic]\nscript_location = .\nsqlalchemy.url = postgresql+psycopg2://postgres@%s/up\n' "${pg_base#postgresql://postgres@}" >"$up/alembic/alembic.ini"
fresh_up() { psql -XAtq -d "$REVGEN_TEST_PG_URL" -c "DROP DATABASE IF EXISTS up" -c "CREATE DATABASE up" >/dev/null; }
up_revgen() { fresh_up; (cd "$up" && "$revgen" -q upgrade head); }
up_psql() { fresh_up; psql -XAtq -v ON_ERROR_STOP=1 -d "$pg_base/up" -f "$up/all.sql"; }
up_alembic() { fresh_up; (cd "$up/alembic" && $py -m alembic -c alembic.ini upgrade head); }
# each tool must really apply all 500 (a timing of a failure is no timing)
applied() { psql -XAtq -d "$pg_base/up" -c "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'r%'"; }
for tool in up_revgen up_psql up_alembic; do
	"$tool" >"$work/$tool.log" 2>&1 || { echo "$tool failed:" >&2; tail -5 "$work/$tool.log" >&2; exit 1; }
	[ "$(applied)" -ge 500 ] || { echo "$tool applied $(applied) of 500" >&2; exit 1; }
done
fresh_ms=$(median_ms fresh_up)
R[up_revgen]=$(($(median_ms up_revgen) - fresh_ms))
R[up_psql]=$(($(median_ms up_psql) - fresh_ms))
R[up_alembic]=$(($(median_ms up_alembic) - fresh_ms))

echo "Peak memory at $BIG tables..." >&2
$py "$root/bench/gen.py" "$BIG" "$work/big"
psql -XAtq -d "$REVGEN_TEST_PG_URL" -c "CREATE DATABASE big" >/dev/null
mkdir -p "$work/bigp" && cp -r "$work/big/models" "$work/bigp/"
(cd "$work/bigp" && "$revgen" -q init && sed -i "s|^url = .*|url = $pg_base/big|" revgen.ini &&
	"$revgen" models >ddl.sql && psql -XAtq -v ON_ERROR_STOP=1 -d "$pg_base/big" -f ddl.sql >/dev/null)
# cold (the parse and the catalog at once: the peak), then with the cache
rm -rf "$work/bigp/.revgen-cache"
R[rss_big_kb]=$(cd "$work/bigp" && /usr/bin/time -f '%M' "$revgen" -q check 2>&1 >/dev/null | tail -1)
R[rss_big_warm_kb]=$(cd "$work/bigp" && /usr/bin/time -f '%M' "$revgen" -q check 2>&1 >/dev/null | tail -1)
s=$(now_ms); (cd "$work/bigp" && "$revgen" -q check >/dev/null); R[big_check_ms]=$(($(now_ms) - s))

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }
{
	printf '| measure | revgen | peer | ratio | target |\n|---|---|---|---|---|\n'
	printf '| autogenerate, PostgreSQL, %d tables (%s ops), after the edit | %d ms | Alembic %d ms | %sx faster | >= 100x |\n' "$N" "${R[pg_ops]}" "${R[pg_revgen]}" "${R[pg_alembic]}" "$(ratio "${R[pg_alembic]}" "${R[pg_revgen]}")"
	printf '| the same, models cached | %d ms | Alembic %d ms | %sx faster | |\n' "${R[pg_revgen_warm]}" "${R[pg_alembic]}" "$(ratio "${R[pg_alembic]}" "${R[pg_revgen_warm]}")"
	printf '| the same, cold (every header parsed) | %d ms | Alembic %d ms | %sx faster | |\n' "${R[pg_revgen_cold]}" "${R[pg_alembic]}" "$(ratio "${R[pg_alembic]}" "${R[pg_revgen_cold]}")"
	printf '| the same, after the edit | %d ms | pg_dump --schema-only %d ms | %sx its time | <= 1.5x |\n' "${R[pg_revgen]}" "${R[pg_dump]}" "$(ratio "${R[pg_revgen]}" "${R[pg_dump]}")"
	printf '| the same, cold | %d ms | pg_dump --schema-only %d ms | %sx its time | <= 1.5x |\n' "${R[pg_revgen_cold]}" "${R[pg_dump]}" "$(ratio "${R[pg_revgen_cold]}" "${R[pg_dump]}")"
	printf '| catalog statements during autogenerate | %d | Alembic %d | | constant, <= 12 |\n' "${R[pg_revgen_statements]}" "${R[pg_alembic_statements]}"
	printf '| model load of %d structs | %d ms | clang -fsyntax-only %d ms | %sx | <= 1.2x |\n' "$N" "${R[load_revgen]}" "${R[load_clang]}" "$(ratio "${R[load_revgen]}" "${R[load_clang]}")"
	printf '| upgrade head, 500 revisions | %d ms | psql -f %d ms | %sx psql | <= 1.5x |\n' "${R[up_revgen]}" "${R[up_psql]}" "$(ratio "${R[up_revgen]}" "${R[up_psql]}")"
	printf '| the same | %d ms | alembic upgrade head %d ms | %sx faster | |\n' "${R[up_revgen]}" "${R[up_alembic]}" "$(ratio "${R[up_alembic]}" "${R[up_revgen]}")"
	printf '| autogenerate, MariaDB, %d tables, after the edit | %d ms | Alembic %d ms | %sx faster | >= 50x |\n' "$N" "${R[my_revgen]}" "${R[my_alembic]}" "$(ratio "${R[my_alembic]}" "${R[my_revgen]}")"
	printf '| the same, models cached | %d ms | Alembic %d ms | %sx faster | |\n' "${R[my_revgen_warm]}" "${R[my_alembic]}" "$(ratio "${R[my_alembic]}" "${R[my_revgen_warm]}")"
	printf '| the same, cold | %d ms | Alembic %d ms | %sx faster | |\n' "${R[my_revgen_cold]}" "${R[my_alembic]}" "$(ratio "${R[my_alembic]}" "${R[my_revgen_cold]}")"
	printf '| autogenerate, SQLite, %d tables, after the edit | %d ms | Alembic %d ms | %sx faster | >= 50x |\n' "$N" "${R[lite_revgen]}" "${R[lite_alembic]}" "$(ratio "${R[lite_alembic]}" "${R[lite_revgen]}")"
	printf '| the same, models cached | %d ms | Alembic %d ms | %sx faster | |\n' "${R[lite_revgen_warm]}" "${R[lite_alembic]}" "$(ratio "${R[lite_alembic]}" "${R[lite_revgen_warm]}")"
	printf '| the same, cold | %d ms | Alembic %d ms | %sx faster | |\n' "${R[lite_revgen_cold]}" "${R[lite_alembic]}" "$(ratio "${R[lite_alembic]}" "${R[lite_revgen_cold]}")"
	printf '| peak RSS, check on %d tables, cold | %d MB | | | <= 200 MB |\n' "$BIG" "$((R[rss_big_kb] / 1024))"
	printf '| the same, models cached | %d MB (%d ms) | | | |\n' "$((R[rss_big_warm_kb] / 1024))" "${R[big_check_ms]}"
} | tee "$root/bench/results.md"
{
	printf '{"n": %d, "runs": %d' "$N" "$RUNS"
	for k in "${!R[@]}"; do printf ', "%s": %s' "$k" "${R[$k]}"; done
	printf '}\n'
} >"$root/bench/results.json"
