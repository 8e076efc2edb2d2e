# SIGKILL at random moments of `upgrade head`, 100 times: afterwards the
# database is exactly at a whole revision (tables t01..tNN for revision NN,
# no more, no less) and the next `upgrade head` finishes the job.  On MySQL,
# which commits DDL as it goes, a kill inside a revision can leave its
# first statement applied with the version table one behind: the test
# checks that this is exactly what the operator sees, and that dropping the
# half-made table and upgrading again recovers.
[ -z "${REVGEN_WRAPPER:-}" ] || return 0 # timing under valgrind means nothing
mkdir -p models
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
sed -i "s|^models = .*|models =|" revgen.ini
prev=""
for i in $(seq -w 1 10); do
	expect 0 revision -m "t$i" --rev-id "c0000000$i" ${prev:+--head "$prev"}
	sed -i "s|^-- upgrade()\$|-- upgrade()\nCREATE TABLE t$i (id INTEGER);\nINSERT INTO t$i (id) VALUES ($i);|; s|^-- downgrade()\$|-- downgrade()\nDROP TABLE t$i;|" "$out"
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

kills=0 partial=0
for trial in $(seq 1 100); do
	"$REVGEN" -q upgrade head >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((RANDOM % 60))"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null || true
	rg current
	at=${out% (head)}
	have=$(tables_at)
	want=$(expected_for "$at")
	if [ "$have" != "$want" ]; then
		[ "$E2E_DIALECT" = mysql ] || fail "trial $trial: at '$at' with tables '$have', expected '$want'"
		# MySQL: exactly one half-made revision, the next one
		next=$(printf '%02d' $(( ${at:+10#${at#c0000000}} + 1 )))
		[ "$have" = "${want}t$next " ] || fail "trial $trial: at '$at' with tables '$have'"
		rg upgrade head
		[ "$rc" -eq 2 ] || fail "trial $trial: upgrade over a half-made revision should fail"
		contains "$errout" "c0000000$next"
		db_sql "DROP TABLE t$next"
		partial=$((partial + 1))
	fi
	expect 0 upgrade head
	[ "$(tables_at)" = "$(expected_for c000000010)" ] || fail "trial $trial: not at head after a second upgrade"
	if [ $((trial % 2)) -eq 0 ]; then
		expect 0 downgrade base
	fi
done
echo "crash: $kills of 100 kills hit a running revgen; $partial half-made MySQL revision(s) recovered"
