# Four deploys start `upgrade head` at once against one database: each
# revision is applied exactly once and every deploy exits 0.
project_blog
expect 0 --autogenerate -m "create tables" --rev-id a0000000001
for i in 1 2 3 4 5; do
	expect 0 revision -m "step $i" --rev-id "b000000000$i"
	# a statement that fails if it runs twice: the table exists already
	sed -i "s|^-- upgrade()\$|-- upgrade()\nCREATE TABLE once_$i (id INTEGER);\nINSERT INTO once_$i (id) VALUES ($i);|; s|^-- downgrade()\$|-- downgrade()\nDROP TABLE once_$i;|" "$out"
done
pids=()
for i in 1 2 3 4; do
	${REVGEN_WRAPPER:-} "$REVGEN" upgrade head >"$work/deploy$i.out" 2>"$work/deploy$i.err" &
	pids+=($!)
done
for i in 1 2 3 4; do
	wait "${pids[$((i - 1))]}" || fail "deploy $i exited non-zero: $(cat "$work/deploy$i.err")"
done
runs=$(cat "$work"/deploy*.err | grep -c "^Running upgrade" || true)
[ "$runs" -eq 6 ] || fail "6 revisions, applied $runs times: $(cat "$work"/deploy*.err)"
for i in 1 2 3 4 5; do
	[ "$(db_sql "SELECT count(*) FROM once_$i")" = "1" ] || fail "once_$i"
done
expect 0 current
[ "$out" = "b0000000005 (head)" ] || fail "current: $out"
