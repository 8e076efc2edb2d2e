#!/bin/bash
# run.sh - the acceptance harness of issue 18 ("adopt an existing database").
#
#   ninja -C build && test/adopt/run.sh [sqlite] [postgresql] [mysql]
#
# For each database (those named; else REVGEN_TEST_DIALECTS; else all
# three) it loads the hand-written
# fixture of test/fixtures/adopt/<dialect>/ (schema.sql, data.sql) into a
# fresh database and runs the issue's done-criteria as numbered checks, each
# printing PASS or FAIL with its evidence (revgen's own output, the dump
# diff), then "N passed, N failed".  A check that needs something revgen
# lacks FAILS with the reason: nothing is skipped.
# A check that needs an earlier one's result fails when that one did.
# Differences are listed after a count per kind; "missing:" marks an
# expected one that did not come.
#
# Since every check passes, it is also the meson test `adopt` (suite
# adopt), which scripts/test.sh runs on the databases it started;
# test/adopt/FINDINGS.md has the story of its results.
# Servers: REVGEN_TEST_PG_URL / REVGEN_TEST_MYSQL_URL when set, else the
# throwaway ones of scripts/pg-server.sh and scripts/mariadb-server.sh,
# started here and stopped at exit.  REVGEN names the binary (default
# build/revgen); the exit status is 1 when a check failed.
set -u
set -o pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fixtures=$root/test/fixtures/adopt
REVGEN=$(realpath "${REVGEN:-$root/build/revgen}")
[ -x "$REVGEN" ] || { echo "run.sh: no revgen at $REVGEN (ninja -C build first)" >&2; exit 2; }
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
dialects=${*:-${REVGEN_TEST_DIALECTS:-sqlite postgresql mysql}}

work=$(mktemp -d "${TMPDIR:-/tmp}/revgen-adopt.XXXXXX")
started_pg= started_my=
cleanup() {
	[ -n "$started_pg" ] && pg_stop
	[ -n "$started_my" ] && mariadb_stop
	rm -rf "$work"
}
trap cleanup EXIT

case " $dialects " in *" postgresql "*)
	if [ -z "${REVGEN_TEST_PG_URL:-}" ]; then
		. "$root/scripts/pg-server.sh"
		pg_start >/dev/null || exit 2
		started_pg=1
	fi ;;
esac
case " $dialects " in *" mysql "*)
	if [ -z "${REVGEN_TEST_MYSQL_URL:-}" ]; then
		. "$root/scripts/mariadb-server.sh"
		mariadb_start >/dev/null || exit 2
		started_my=1
	fi ;;
esac

# ---- the databases: one set of functions, switched on $dialect ----

# newdb NAME: creates an empty database, prints its URL
newdb() {
	case $dialect in
	postgresql)
		psql -XAtq -v ON_ERROR_STOP=1 -d "$REVGEN_TEST_PG_URL" -c "CREATE DATABASE $1" >/dev/null &&
			echo "${REVGEN_TEST_PG_URL%/*}/$1" ;;
	mysql)
		my_client -e "CREATE DATABASE $1 CHARACTER SET utf8mb4" && echo "${REVGEN_TEST_MYSQL_URL%/*}/$1" ;;
	sqlite)
		echo "sqlite:///$work/$1.db" ;;
	esac
}

dbname() { echo "${1##*/}"; }

my_client() {
	local a=${REVGEN_TEST_MYSQL_URL#mysql://}
	local user=${a%%:*} pass=${a#*:}
	pass=${pass%%@*}
	local hp=${a##*@}
	hp=${hp%%/*}
	mariadb --no-defaults -h "${hp%:*}" -P "${hp##*:}" -u "$user" -p"$pass" \
		--default-character-set=utf8mb4 -N -B "$@"
}

my_dump() {
	local a=${REVGEN_TEST_MYSQL_URL#mysql://}
	local user=${a%%:*} pass=${a#*:}
	pass=${pass%%@*}
	local hp=${a##*@}
	hp=${hp%%/*}
	mariadb-dump --no-defaults -h "${hp%:*}" -P "${hp##*:}" -u "$user" -p"$pass" "$@"
}

# sql URL: runs the SQL on stdin, prints rows with | between columns
sql() {
	case $dialect in
	postgresql) psql -XAtq -v ON_ERROR_STOP=1 -d "$1" ;;
	mysql) my_client -D "$(dbname "$1")" | tr '\t' '|' ;;
	sqlite) sqlite3 -bail "${1#sqlite://}" ;;
	esac
}

# tables URL: the base tables, revgen's own left out
tables() {
	case $dialect in
	postgresql) echo "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1" ;;
	mysql) echo "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY 1" ;;
	sqlite) echo "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1" ;;
	esac | sql "$1" | grep -v '^revgen_version'
}

# columns URL TABLE: its columns, comma separated, in order
columns() {
	case $dialect in
	postgresql) echo "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '$2'" ;;
	mysql) echo "SELECT group_concat(column_name ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '$2'" ;;
	sqlite) echo "SELECT group_concat(name, ',') FROM pragma_table_info('$2')" ;;
	esac | sql "$1"
}

# views URL / triggers URL: their names, one a line
views() {
	case $dialect in
	postgresql) echo "SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY 1" ;;
	mysql) echo "SELECT table_name FROM information_schema.views WHERE table_schema = DATABASE() ORDER BY 1" ;;
	sqlite) echo "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY 1" ;;
	esac | sql "$1"
}
triggers() {
	case $dialect in
	postgresql) echo "SELECT tgname || ' ON ' || tgrelid::regclass FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1" ;;
	mysql) echo "SELECT concat(trigger_name, ' ON ', event_object_table) FROM information_schema.triggers WHERE trigger_schema = DATABASE() ORDER BY 1" ;;
	sqlite) echo "SELECT name || ' ON ' || tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY 1" ;;
	esac | sql "$1"
}

# load URL FILE: runs a fixture file
load() {
	case $dialect in
	postgresql) psql -Xq -v ON_ERROR_STOP=1 -d "$1" -f "$2" ;;
	mysql) my_client -D "$(dbname "$1")" <"$2" ;;
	sqlite) sqlite3 -bail "${1#sqlite://}" <"$2" ;;
	esac
}

# rawdump URL: the independent dump of the schema
rawdump() {
	case $dialect in
	postgresql) "$PG_BIN/pg_dump" -s --no-owner --no-privileges -d "$1" ;;
	mysql) my_dump --no-data --compact --skip-triggers "$(dbname "$1")" $(tables "$1") ;;
	sqlite) sqlite3 "${1#sqlite://}" .schema ;;
	esac
}

# normdump URL: that dump normalised (test/adopt/normdump.py says how)
normdump() {
	rawdump "$1" | python3 "$root/test/adopt/normdump.py" "$dialect"
}

# rows URL FILE: per table, a digest of its rows in the columns FILE lists
# (one "table cols" a line, taken before an edit); trailing blanks folded,
# as CHAR(n) pads them
rows() {
	local t cols
	while read -r t cols; do
		printf '%s %s rows, digest ' "$t" "$(echo "SELECT count(*) FROM $t" | sql "$1")"
		echo "SELECT $cols FROM $t" | sql "$1" | sed 's/ *|/|/g; s/ *$//' | LC_ALL=C sort | md5sum | cut -c1-12
	done <"$2"
}

# ---- checks ----

npass=0 nfail=0
pass() {
	echo "[$dialect] check $1 PASS: $2"
	npass=$((npass + 1))
}
fail() {
	echo "[$dialect] check $1 FAIL: $2"
	nfail=$((nfail + 1))
}
# evidence FILE [N]: the first N (20) lines of a file, indented
evidence() {
	local n=${2:-20} total
	total=$(wc -l <"$1")
	sed -n "1,${n}p" "$1" | sed 's/^/      | /'
	[ "$total" -gt "$n" ] && echo "      | ... ($total lines)"
	return 0
}

# rg DIR ARGS...: revgen in a project folder; output in DIR/.out (stdout and
# stderr together), status in $rc
rg() {
	local dir=$1
	shift
	(cd "$dir" && "$REVGEN" "$@") >"$dir/.out" 2>&1
	rc=$?
}

# project DIR URL HEADERS...: a revgen project on URL with those headers as
# its models
project() {
	local dir=$1 url=$2
	shift 2
	mkdir -p "$dir"
	(cd "$dir" && "$REVGEN" -q init >/dev/null 2>&1) || return 1
	rm -f "$dir"/models/*.h
	cp "$@" "$dir/models/"
	sed -i "s|^url = .*|url = $url|" "$dir/revgen.ini"
}

# summary FILE: difference lines, first a count per kind ("- drop foreign
# key: 22"), then every line but the primary and foreign keys (a name
# apart, those repeat one finding table after table)
summary() {
	sed 's/^\([-+~] [a-z]* [a-z]*\( key\)\{0,1\}\) .*/\1/' "$1" | sort | uniq -c |
		awk '{ n = $1; $1 = ""; printf "%s:%s\n", substr($0, 2), " " n }' | paste -sd';' | sed 's/;/; /g'
	grep -v ' \(primary\|foreign\) key ' "$1"
}

# unexpected WANT GOT: the wanted lines missing, then a summary of the rest
unexpected() {
	LC_ALL=C comm -23 "$1" "$2" | sed 's/^/missing: /'
	LC_ALL=C comm -13 "$1" "$2" >"$1.extra"
	[ -s "$1.extra" ] && { printf 'extra: '; summary "$1.extra"; }
	return 0
}

# the difference lines of `revgen check`, trimmed, sorted
difflines() { sed -n 's/^  \([-+~] .*\)$/\1/p' "$1" | sed 's/  *\[destructive\]$/ [destructive]/' | LC_ALL=C sort; }

run_dialect() {
	local d=$work/$dialect fx=$fixtures/$dialect n
	mkdir -p "$d"
	local tag
	tag=adopt_$(basename "$work" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')
	echo "== $dialect"

	# 1: the fixture loads
	local orig
	orig=$(newdb "${tag}_orig") || { fail 1 "cannot create a database"; return; }
	if load "$orig" "$fx/schema.sql" >"$d/load.out" 2>&1 && load "$orig" "$fx/data.sql" >>"$d/load.out" 2>&1; then
		n=$(tables "$orig" | wc -l)
		if [ "$n" -ge 15 ]; then
			pass 1 "schema.sql and data.sql load: $n tables, $(views "$orig" | wc -l) views, $(triggers "$orig" | wc -l) triggers"
		else
			fail 1 "only $n tables (the issue asks for 15)"
		fi
	else
		fail 1 "the fixture does not load"
		evidence "$d/load.out"
		return
	fi

	# 2, 3: headers from the database, then check with them
	mkdir -p "$d/inspect"
	project "$d/inspect" "$orig" "$fx"/models/*.h
	rm -f "$d"/inspect/models/*.h
	rg "$d/inspect" inspect --format c
	if [ "$rc" -eq 0 ] && [ "$(grep -c 'RG_TABLE(' "$d/inspect/.out")" -ge "$n" ]; then
		cp "$d/inspect/.out" "$d/inspect/models/inspected.h"
		pass 2 "inspect --format c printed $(grep -c 'RG_TABLE(' "$d/inspect/.out") tables"
		rg "$d/inspect" check
		if [ "$rc" -eq 0 ]; then
			pass 3 "check with the inspected headers is clean"
		else
			fail 3 "check with the inspected headers exits $rc"
			evidence "$d/inspect/.out"
		fi
	else
		fail 2 "revgen inspect --format c exits $rc, or prints fewer than $n RG_TABLE"
		evidence "$d/inspect/.out" 5
		fail 3 "no inspected headers to check with (check 2)"
	fi

	# 4: the hand-written headers describe the database: check is clean
	project "$d/hand" "$orig" "$fx"/models/*.h
	rg "$d/hand" check
	if [ "$rc" -eq 0 ]; then
		pass 4 "check with the hand-written headers is clean"
	else
		fail 4 "check with the hand-written headers exits $rc: $(difflines "$d/hand/.out" | wc -l) differences that are not real"
		difflines "$d/hand/.out" >"$d/hand.diff"
		summary "$d/hand.diff" >"$d/hand.sum"
		evidence "$d/hand.sum" 40
	fi

	# 5: after a model edit, check reports that edit and nothing else
	project "$d/edit" "$orig" "$fx"/models/*.h
	cp "$fx"/edit/*.h "$d/edit/models/"
	rg "$d/edit" check
	difflines "$d/edit/.out" >"$d/edit.diff"
	LC_ALL=C sort "$fx/edit/expected-check.txt" >"$d/edit.want"
	if [ "$rc" -eq 1 ] && cmp -s "$d/edit.want" "$d/edit.diff"; then
		pass 5 "check after the edit reports exactly: $(paste -sd';' "$d/edit.want")"
	else
		fail 5 "check after the edit exits $rc; expected only $(paste -sd';' "$d/edit.want"):"
		unexpected "$d/edit.want" "$d/edit.diff" >"$d/edit.sum"
		evidence "$d/edit.sum" 25
	fi

	# 6, 7, 8: autogenerate from an empty database with the inspected
	# headers (the adoption path of the guide), upgrade, compare dumps
	local empty base=
	empty=$(newdb "${tag}_empty") || { fail 6 "cannot create a database"; return; }
	if [ -f "$d/inspect/models/inspected.h" ]; then
		project "$d/base" "$empty" "$d/inspect/models/inspected.h"
		rg "$d/base" --autogenerate -m baseline
	else
		rc=2
		echo "no inspected headers (check 2)" >"$d/base.out"
	fi
	if [ "$rc" -eq 0 ]; then
		base=$(ls "$d"/base/migrations/versions/*.sql)
		# PostgreSQL's enum type comes back as a C enum, which the
		# baseline creates
		if [ "$dialect" = postgresql ] && ! grep -q 'CREATE TYPE book_format' "$base"; then
			fail 6 "the baseline does not create the enum type book_format"
		else
			pass 6 "autogenerate from an empty database with the inspected headers wrote $(basename "$base") ($(grep -c 'CREATE TABLE' "$base") CREATE TABLE)"
		fi
		rg "$d/base" upgrade head
		if [ "$rc" -eq 0 ]; then
			pass 7 "upgrade head on the empty database"
			normdump "$orig" >"$d/orig.dump"
			normdump "$empty" >"$d/new.dump"
			if cmp -s "$d/orig.dump" "$d/new.dump"; then
				pass 8 "the dumps are equal ($(wc -l <"$d/orig.dump") normalised lines)"
			else
				fail 8 "the dumps differ (- original, + built by revgen):"
				diff -U0 "$d/orig.dump" "$d/new.dump" | grep '^[-+][^-+]' >"$d/dump.diff"
				evidence "$d/dump.diff" 40
			fi
		else
			fail 7 "upgrade head on the empty database exits $rc"
			evidence "$d/base/.out" 8
			fail 8 "no schema to compare (check 7)"
		fi
	else
		fail 6 "autogenerate from an empty database with the inspected headers exits $rc"
		if [ -f "$d/base/.out" ]; then evidence "$d/base/.out" 8; else evidence "$d/base.out"; fi
		fail 7 "no baseline revision (check 6)"
		fail 8 "no schema to compare (check 6)"
	fi

	# 9-13: the baseline stamped on the original, a model edit applied
	if [ -z "$base" ]; then
		for n in 9 10 11 12 13; do fail $n "needs the baseline revision of check 6"; done
		return
	fi
	local t
	for t in $(tables "$orig"); do echo "$t $(columns "$orig" "$t")"; done >"$d/cols"
	rows "$orig" "$d/cols" >"$d/rows.before"
	views "$orig" >"$d/views.before"
	triggers "$orig" >"$d/triggers.before"
	for t in $(cat "$d/views.before"); do echo "SELECT * FROM $t" | sql "$orig" | LC_ALL=C sort; done >"$d/viewrows.before"
	mkdir -p "$d/hand/migrations/versions"
	cp "$base" "$d/hand/migrations/versions/"
	rg "$d/hand" stamp head
	cp "$fx"/edit/*.h "$d/hand/models/"
	rg "$d/hand" --autogenerate -m edit
	if [ "$rc" -ne 0 ]; then
		fail 9 "autogenerate of the edit exits $rc"
		evidence "$d/hand/.out" 10
		for n in 10 11 12 13; do fail $n "needs the revision of check 9"; done
		return
	fi
	difflines "$d/hand/.out" >"$d/rev.ops"
	if cmp -s "$d/edit.want" "$d/rev.ops" && ! grep -qi 'truncat' "$d/hand/.out"; then
		pass 9 "the edit's revision does the edit only, no truncation warning"
	else
		fail 9 "the edit's revision does more than the edit, or warns of truncation:"
		{ unexpected "$d/edit.want" "$d/rev.ops"; grep -i 'truncat' "$d/hand/.out"; } >"$d/rev.sum"
		evidence "$d/rev.sum" 30
	fi
	rg "$d/hand" upgrade head
	if [ "$rc" -eq 0 ]; then
		pass 10 "upgrade head applies the edit"
	else
		fail 10 "upgrade head of the edit exits $rc"
		evidence "$d/hand/.out" 10
		for n in 11 12 13; do fail $n "the edit did not apply (check 10)"; done
		return
	fi
	rows "$orig" "$d/cols" >"$d/rows.after" 2>&1
	if cmp -s "$d/rows.before" "$d/rows.after"; then
		pass 11 "rows intact in all $(wc -l <"$d/cols") tables"
	else
		fail 11 "rows changed (- before, + after):"
		diff -U0 "$d/rows.before" "$d/rows.after" | grep '^[-+][^-+]' >"$d/rows.diff"
		evidence "$d/rows.diff"
	fi
	views "$orig" >"$d/views.after"
	triggers "$orig" >"$d/triggers.after"
	for t in $(cat "$d/views.before"); do echo "SELECT * FROM $t" | sql "$orig" 2>&1 | LC_ALL=C sort; done >"$d/viewrows.after"
	local before after
	before=$(echo "SELECT count(*) FROM audit_log" | sql "$orig")
	echo "INSERT INTO payment (payment_id, order_id, amount, method) VALUES (100, 2, 12.00, 'cash')" | sql "$orig" >"$d/fire.out" 2>&1
	after=$(echo "SELECT count(*) FROM audit_log" | sql "$orig")
	if cmp -s "$d/views.before" "$d/views.after" && cmp -s "$d/triggers.before" "$d/triggers.after" &&
		cmp -s "$d/viewrows.before" "$d/viewrows.after" && [ "$after" = $((before + 1)) ]; then
		pass 12 "views ($(paste -sd' ' "$d/views.after")) answer as before; triggers ($(paste -sd, "$d/triggers.after")) kept and payment_audit fires"
	else
		fail 12 "views or triggers not intact:"
		{
			diff "$d/views.before" "$d/views.after" | sed -n 's/^< /- view /p; s/^> /+ view /p'
			diff "$d/triggers.before" "$d/triggers.after" | sed -n 's/^< /- trigger /p; s/^> /+ trigger /p'
			cmp -s "$d/viewrows.before" "$d/viewrows.after" || { echo "view rows differ:"; diff "$d/viewrows.before" "$d/viewrows.after" | grep '^[<>]' | head -5; }
			echo "audit_log rows before/after an INSERT INTO payment: $before/$after"
			cat "$d/fire.out"
		} >"$d/objects.diff"
		evidence "$d/objects.diff"
	fi
	rg "$d/hand" check
	if [ "$rc" -eq 0 ]; then
		pass 13 "check after the edit is clean"
	else
		fail 13 "check after the edit exits $rc"
		evidence "$d/hand/.out" 10
	fi
}

cleanup_db() {
	case $dialect in
	postgresql)
		for x in orig empty; do
			psql -XAtq -d "$REVGEN_TEST_PG_URL" -c "DROP DATABASE IF EXISTS ${tag}_$x WITH (FORCE)" >/dev/null 2>&1
		done ;;
	mysql) my_client -e "DROP DATABASE IF EXISTS ${tag}_orig; DROP DATABASE IF EXISTS ${tag}_empty" >/dev/null 2>&1 ;;
	esac
	return 0
}

for dialect in $dialects; do
	case $dialect in sqlite | postgresql | mysql) ;; *)
		echo "run.sh: unknown dialect $dialect (sqlite, postgresql, mysql)" >&2
		exit 2 ;;
	esac
	p0=$npass f0=$nfail
	run_dialect
	tag=adopt_$(basename "$work" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')
	cleanup_db
	echo "[$dialect] $((npass - p0)) passed, $((nfail - f0)) failed"
done
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
