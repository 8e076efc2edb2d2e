# SIGKILL at random moments of `upgrade head`, REVGEN_CRASH_TRIALS times
# (15 by default; the soak of issue 21 runs 100 and more).  Ten revisions,
# each making a table, filling it, indexing it and writing its number into
# a ledger whose key refuses a second INSERT; the even ones run outside a
# transaction ("-- Transaction: no"), and on MySQL, which commits DDL as
# it goes, all of them do.  After each kill the database is at a whole
# revision, or at most one revision is partly applied, a revision that
# runs outside a transaction, as `current` says; the next `upgrade head`
# finishes the job with every statement run exactly once: every table has
# its two rows, the ledger ten, the ten indexes exist.  Then it goes back
# down to a random revision for the next trial.
[ -z "${REVGEN_WRAPPER:-}" ] || return 0 # timing under valgrind means nothing
trials=${REVGEN_CRASH_TRIALS:-15}
mkdir -p models
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
sed -i "s|^models = .*|models =|" revgen.ini
prev=""
for i in $(seq -w 1 10); do
	expect 0 revision -m "t$i" --rev-id "c0000000$i" ${prev:+--head "$prev"}
	up="CREATE TABLE t$i (id INTEGER PRIMARY KEY);\nINSERT INTO t$i (id) VALUES (1);\nINSERT INTO t$i (id) VALUES (2);\nCREATE INDEX ix_t$i ON t$i (id);\nINSERT INTO ledger (rev) VALUES ($((10#$i)));"
	down="DELETE FROM ledger WHERE rev = $((10#$i));\nDROP TABLE t$i;"
	if [ "$i" = 01 ]; then
		up="CREATE TABLE ledger (rev INTEGER PRIMARY KEY);\n$up"
		down="$down\nDROP TABLE ledger;"
	fi
	sed -i "s|^-- upgrade()\$|-- upgrade()\n$up|; s|^-- downgrade()\$|-- downgrade()\n$down|" "$out"
	[ $((10#$i % 2)) -eq 1 ] || sed -i "s|^-- Create Date: \(.*\)\$|-- Create Date: \1\n-- Transaction: no|" "$out"
	prev="c0000000$i"
done

tables_at() { # the t.. tables there are, as "t01 t02 ..."
	{ db_tables | grep -E '^t[0-9]+$' || true; } | sort | tr '\n' ' '
}
expected_for() { # the tables revision $1 should have made
	local n=${1#c0000000} s="" k
	[ -z "$1" ] && { echo ""; return; }
	for k in $(seq -w 1 "$n"); do s+="t$k "; done
	echo "$s"
}
indexes() {
	case $E2E_DIALECT in
	sqlite) db_sql "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_t%'" ;;
	postgresql) db_sql "SELECT COUNT(*) FROM pg_indexes WHERE indexname LIKE 'ix_t%'" ;;
	mysql) db_sql "SELECT COUNT(DISTINCT TABLE_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME LIKE 'ix_t%'" ;;
	esac
}

sum_rows="0"
for k in $(seq -w 1 10); do sum_rows+=" + (SELECT COUNT(*) FROM t$k)"; done
# a kill anywhere in a run: the sleeps spread over how long one takes here
start=$EPOCHREALTIME
expect 0 upgrade head
span=$(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 + 1 )) # ms
expect 0 downgrade base
left=10 # revisions the next run has to apply
kills=0 partial=0 pending=0 t0=$SECONDS
for trial in $(seq 1 "$trials"); do
	"$REVGEN" -q upgrade head >/dev/null 2>&1 &
	pid=$!
	ms=$(( (RANDOM * 32768 + RANDOM) % (span * left / 10 + 1) ))
	sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null || true
	rg current
	[ "$rc" -eq 0 ] || fail "trial $trial: current failed"
	at=$(printf '%s\n' "$out" | grep -v 'partly' | head -n 1 || true)
	at=${at% (head)}
	part=$(printf '%s\n' "$out" | grep 'partly applied' || true)
	have=$(tables_at)
	want=$(expected_for "$at")
	if [ -n "$part" ]; then
		next=$(printf '%02d' $(( ${at:+10#${at#c0000000}} + 1 )))
		case $part in "c0000000$next (partly applied: "*) ;; *) fail "trial $trial: at '$at', partly: '$part'" ;; esac
		[ "$E2E_DIALECT" = mysql ] || [ $((10#$next % 2)) -eq 0 ] ||
			fail "trial $trial: transactional revision $next partly applied"
		[ "$have" = "$want" ] || [ "$have" = "${want}t$next " ] ||
			fail "trial $trial: at '$at' ($part) with tables '$have'"
		partial=$((partial + 1))
		case $part in *"was running when the run stopped"*) pending=$((pending + 1)) ;; esac
	elif [ "$have" != "$want" ]; then
		fail "trial $trial: at '$at' with tables '$have', expected '$want'"
	fi
	expect 0 upgrade head
	[ "$(tables_at)" = "$(expected_for c000000010)" ] || fail "trial $trial: not at head after a second upgrade"
	expect 0 current
	[ "$out" = "c000000010 (head)" ] || fail "trial $trial: current after the second upgrade"
	[ "$(db_sql 'SELECT COUNT(*) FROM ledger')" = 10 ] || fail "trial $trial: ledger"
	[ "$(indexes)" = 10 ] || fail "trial $trial: indexes: $(indexes)"
	# each table holds at most its two ids (its key): 20 rows are all of them
	[ "$(db_sql "SELECT $sum_rows")" = 20 ] || fail "trial $trial: rows"
	# the next trial starts anywhere from base to one below the head
	back=$((RANDOM % 10))
	left=$((10 - back))
	if [ "$back" -eq 0 ]; then expect 0 downgrade base; else expect 0 downgrade "c00000000$back"; fi
done
echo "crash: $trials trials on $E2E_DIALECT in $((SECONDS - t0)) s (a run takes $span ms): $kills kills hit a running revgen; $partial left a revision partly applied, each resumed ($pending with a DDL statement cut short, decided from the catalog); every revision applied exactly once"
