# A MariaDB Galera cluster of three nodes (issue 21, 2), the one that
# scripts/test.sh started (REVGEN_TEST_GALERA_URLS), or else one this test
# starts itself (scripts/galera-cluster.sh).  Three deployers, each
# connected to another node, start `upgrade` at the same moment, round
# after round, each round on a fresh database: every revision is applied
# exactly once (revisions whose INSERTs would show a second run, and
# CREATE TABLEs that would fail), `current` and `check` answer alike on
# every node, and no lock row is left.  Then the lock of a dead deployer is
# taken over (one whose node left the cluster, one killed with kill -9 on
# another node), and that of a live one (its connection open on the same
# node, or on another) is waited for.  The other databases have no cluster.
[ "$E2E_DIALECT" = mysql ] || exit 0

# then what dialect-mysql.sh set to run at exit, once (a trap that evals a
# variable it is itself copied into would call itself for ever)
prev_exit=$(trap -p EXIT)
prev_exit=${prev_exit#trap -- \'}
prev_exit=${prev_exit%\' EXIT}
own_cluster=false
if [ -z "${REVGEN_TEST_GALERA_URLS:-}" ]; then
	. "$RG_SOURCE_ROOT/scripts/galera-cluster.sh"
	own_cluster=true
	trap 'galera_stop; eval "$prev_exit"' EXIT
	galera_start >"$work/galera.log" 2>&1 || fail "the cluster did not start: $(cat "$work/galera.log")"
fi
read -r -a node_url <<<"$REVGEN_TEST_GALERA_URLS"
[ "${#node_url[@]}" -eq 3 ] || fail "REVGEN_TEST_GALERA_URLS names ${#node_url[@]} nodes, not 3"
# g_sql I DB SQL: SQL on node I (0-2), as the tests' user
g_sql() {
	local hostport=${node_url[$1]#*@}
	hostport=${hostport%%/*}
	mariadb --no-defaults -h "${hostport%:*}" -P "${hostport##*:}" -u revgen -prevgen-test \
		-N -B -D "$2" -e "$3"
}
g_url() { echo "${node_url[$1]%/*}/$2"; }
# this test's databases, dropped at exit (unless the cluster goes too)
dbs=()
g_drop() {
	local db
	$own_cluster && return 0
	for db in "${dbs[@]}"; do
		g_sql 0 mysql "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
	done
}
if $own_cluster; then
	trap 'galera_stop; eval "$prev_exit"' EXIT
else
	trap 'g_drop; eval "$prev_exit"' EXIT
fi
# g_newdb NAME: a fresh database, its name in $db
g_newdb() {
	db="${my_db}_$1"
	dbs+=("$db")
	g_sql 0 mysql "CREATE DATABASE $db CHARACTER SET utf8mb4"
}

# the blog's models, then revisions that each leave a trace a second run
# would double: a row in `applied`, a table that a second CREATE refuses
project_blog
sed -i 's/^exclude_tables =.*/exclude_tables = applied once_*/' revgen.ini
expect 0 --autogenerate -m "create tables" --rev-id a0000000001
expect 0 revision -m "applied" --rev-id a0000000002
sed -i 's|^-- upgrade()$|-- upgrade()\nCREATE TABLE applied (id INT AUTO_INCREMENT PRIMARY KEY, rev VARCHAR(32) NOT NULL);|; s|^-- downgrade()$|-- downgrade()\nDROP TABLE applied;|' "$out"
revs=2
for i in 1 2 3 4 5; do
	expect 0 revision -m "step $i" --rev-id "b000000000$i"
	if [ $((i % 2)) -eq 0 ]; then
		# data alone: a transaction of its own
		sed -i "s|^-- upgrade()\$|-- upgrade()\nINSERT INTO applied (rev) VALUES ('b$i');\nUPDATE applied SET rev = rev WHERE rev = 'b$i';|; s|^-- downgrade()\$|-- downgrade()\nDELETE FROM applied WHERE rev = 'b$i';|" "$out"
	else
		sed -i "s|^-- upgrade()\$|-- upgrade()\nCREATE TABLE once_$i (id INT PRIMARY KEY);\nINSERT INTO applied (rev) VALUES ('b$i');|; s|^-- downgrade()\$|-- downgrade()\nDELETE FROM applied WHERE rev = 'b$i';\nDROP TABLE once_$i;|" "$out"
	fi
	revs=$((revs + 1))
done
head=b0000000005
want_applied="b1|1 b2|1 b3|1 b4|1 b5|1"

# deploy DB TARGET0 TARGET1 TARGET2: the three deployers, node I's with
# TARGETI, released at once; their statuses and outputs in $work/dI.*
deploy() {
	local db=$1 i pids=()
	shift
	rm -f "$work/go"
	for i in 0 1 2; do
		(
			while [ ! -e "$work/go" ]; do sleep 0.005; done
			exec ${REVGEN_WRAPPER:-} "$REVGEN" --url "$(g_url $i "$db")" upgrade "$1"
		) >"$work/d$i.out" 2>"$work/d$i.err" &
		pids+=($!)
		shift
	done
	touch "$work/go"
	for i in 0 1 2; do
		wait "${pids[$i]}" || fail "the deployer on node $((i + 1)) failed: $(cat "$work/d$i.err")"
	done
}

# the same answer on every node, for `current` and `check`
same_everywhere() {
	local db=$1 cmd first i
	for cmd in current check; do
		for i in 0 1 2; do
			rg --url "$(g_url $i "$db")" $cmd
			[ "$rc" -eq 0 ] || fail "$cmd on node $((i + 1)) exited $rc"
			[ "$i" -eq 0 ] && first=$out
			[ "$out" = "$first" ] || fail "$cmd: node $((i + 1)) says '$out', node 1 '$first'"
		done
	done
	rg --url "$(g_url 0 "$db")" current
	[ "$out" = "$head (head)" ] || fail "current: '$out'"
	rg --url "$(g_url 0 "$db")" check
	contains "$out" "No changes"
}

rounds=${GALERA_ROUNDS:-8}
t0=$(date +%s.%N)
summary=
for round in $(seq 1 "$rounds"); do
	g_newdb "r$round"
	# odd rounds: node 1's deployer stops half-way, so the others take
	# over a database some revisions in, mid-race
	if [ $((round % 2)) -eq 1 ]; then
		deploy "$db" b0000000002 head head
	else
		deploy "$db" head head head
	fi
	runs=$(cat "$work"/d?.err | grep -c "^Running upgrade" || true)
	[ "$runs" -eq "$revs" ] || fail "round $round: $revs revisions, run $runs times: $(cat "$work"/d?.err)"
	line="round $round:"
	for i in 0 1 2; do
		line+=" node$((i + 1)) ran $(grep -c "^Running upgrade" "$work/d$i.err" || true)"
	done
	summary+="$line"$'\n'
	for i in 0 1 2; do
		got=$(g_sql "$i" "$db" "SELECT rev, COUNT(*) FROM applied GROUP BY rev ORDER BY rev" | tr '\t' '|' | tr '\n' ' ')
		[ "$got" = "$want_applied " ] || fail "round $round, node $((i + 1)): applied is '$got'"
		[ "$(g_sql "$i" "$db" "SELECT COUNT(*) FROM revgen_lock")" = 0 ] ||
			fail "round $round, node $((i + 1)): a lock row is left"
	done
	same_everywhere "$db"
done
echo "$rounds rounds of 3 concurrent deploys of $revs revisions in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s; every revision applied once:"
printf '%s' "$summary"

# a lock row whose holder is gone: its node left the cluster (a uuid that
# is no member's).  Taken over at once.
g_newdb stale
expect 0 --url "$(g_url 0 "$db")" stamp base
g_sql 0 "$db" "INSERT INTO revgen_lock VALUES (1, '00000000-dead-0000-0000-000000000000', 42, 'revgen@127.0.0.1', 'node9', 'a deploy that died', UTC_TIMESTAMP(6))"
start=$(date +%s)
expect 0 --url "$(g_url 1 "$db")" upgrade head
[ $(($(date +%s) - start)) -lt 10 ] || fail "the dead holder's lock was waited for"
same_everywhere "$db"

# a lock row whose holder lives: a connection that sleeps 4 s, on node 3,
# held against a deployer on node 1 (checked through node 3's address) and
# one on node 3 itself.  Each waits until the connection ends, then goes on.
uuid3=$(g_sql 2 mysql "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_GCOMM_UUID'")
for via in 0 2; do
	g_newdb "live$via"
	expect 0 --url "$(g_url 0 "$db")" stamp base
	g_sql 2 mysql "SELECT SLEEP(4) AS revgen_e2e_holder_$via" >/dev/null &
	sleeper=$!
	id=
	for _ in $(seq 100); do
		id=$(g_sql 2 mysql "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(4) AS revgen_e2e_holder_$via'")
		[ -n "$id" ] && break
		sleep 0.02
	done
	[ -n "$id" ] || fail "the sleeping connection did not show"
	g_sql 0 "$db" "INSERT INTO revgen_lock VALUES (1, '$uuid3', $id, 'revgen@127.0.0.1', 'node3', 'a live deploy', UTC_TIMESTAMP(6))"
	start=$(date +%s.%N)
	expect 0 --url "$(g_url $via "$db")" upgrade head
	waited=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	wait "$sleeper" || true
	awk -v w="$waited" 'BEGIN { exit !(w >= 2.5) }' ||
		fail "the deployer on node $((via + 1)) took a live holder's lock after $waited s"
	same_everywhere "$db"
done

# a deployer on node 2 killed (kill -9) inside a revision: its connection
# ends when node 2 notices (after the statement running there), and then
# a deployer on node 1 takes the lock over and applies the rest, once
expect 0 revision -m "slow" --rev-id c0000000001
sed -i "s|^-- upgrade()\$|-- upgrade()\nINSERT INTO applied (rev) SELECT 'c1' FROM (SELECT SLEEP(2) AS s) AS slow;|; s|^-- downgrade()\$|-- downgrade()\nDELETE FROM applied WHERE rev = 'c1';|" "$out"
head=c0000000001
want_applied="b1|1 b2|1 b3|1 b4|1 b5|1 c1|1"
g_newdb killed
"$REVGEN" --url "$(g_url 1 "$db")" upgrade head >"$work/killed.out" 2>"$work/killed.err" &
killed=$!
sleeping=
for _ in $(seq 500); do
	sleeping=$(g_sql 1 mysql "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'INSERT INTO applied (rev) SELECT%'")
	[ -n "$sleeping" ] && break
	sleep 0.02
done
[ -n "$sleeping" ] || fail "the deployer on node 2 did not reach the slow revision: $(cat "$work/killed.err")"
kill -9 "$killed"
wait "$killed" || true
[ "$(g_sql 0 "$db" "SELECT connection_id FROM revgen_lock")" = "$sleeping" ] ||
	fail "the killed deployer's lock row is not there"
expect 0 --url "$(g_url 0 "$db")" upgrade head
contains "$errout" "Running upgrade b0000000005 -> c0000000001"
lacks "$errout" "-> b0000000005"
for i in 0 1 2; do
	got=$(g_sql "$i" "$db" "SELECT rev, COUNT(*) FROM applied GROUP BY rev ORDER BY rev" | tr '\t' '|' | tr '\n' ' ')
	[ "$got" = "$want_applied " ] || fail "after the kill, node $((i + 1)): applied is '$got'"
done
same_everywhere "$db"
