# Fleets (issue 21 item 4): one database or schema per tenant, named by a
# config section's `targets` (URLs, one of them through ${NAME}) or, on
# PostgreSQL, `target_schemas` (a pattern over the schemas of url's
# database).  On PostgreSQL 200 schemas, on MariaDB 50 databases, on SQLite
# 8 files (FLEET_SIZE changes the count); one tenant holds a hand-made
# table the first revision also creates, and one target is unreachable.
# upgrade -j 8 runs the others and fails those two, each error shown under
# its target, exit 2, table and JSON; --fail-fast starts nothing after the
# first failure (the rest skipped); the conflict fixed, a second upgrade
# brings that tenant up and is a no-op on the rest; current and check over
# the fleet; downgrade -1 and back.  No password is ever printed.
mkdir -p models
cp "$RG_SOURCE_ROOT"/examples/blog/models/user.h models/
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
expect 0 --autogenerate -m users
expect 0 upgrade head
cp "$RG_SOURCE_ROOT"/examples/blog/models/post.h models/
expect 0 --autogenerate -m posts
r2=$(basename "$out" .sql)
r2=${r2%%_*}
expect 0 upgrade head
r1=$(cd migrations/versions && ls | grep -v "^$r2" | head -1)
r1=${r1%%_*}
jobs=8

case $E2E_DIALECT in
postgresql)
	n=${FLEET_SIZE:-200}
	db_sql "DO \$\$ BEGIN FOR i IN 1..$n LOOP
		EXECUTE format('CREATE SCHEMA %I', 'tenant_' || lpad(i::text, 3, '0'));
	END LOOP; END \$\$"
	bad=tenant_007
	db_sql "CREATE TABLE $bad.users (hand_made int)"
	gone="postgresql://nobody@127.0.0.1:1/nowhere"
	# a shared schema is a target when named: here only the tenants
	cat >>revgen.ini <<EOF

[tenants]
targets = $gone
target_schemas = tenant_*
EOF
	fix() { db_sql "DROP TABLE $bad.users"; }
	;;
mysql)
	n=${FLEET_SIZE:-50}
	names=()
	for i in $(seq -w 1 "$n"); do names+=("${my_db}_t$i"); done
	trap 'rm -rf "$work"
	      for d in $my_db ${names[*]}; do echo "DROP DATABASE IF EXISTS $d;"; done | my_client >/dev/null 2>&1' EXIT
	for d in "${names[@]}"; do echo "CREATE DATABASE $d CHARACTER SET utf8mb4;"; done | my_client
	bad=${names[6]}
	my_client -D "$bad" -e "CREATE TABLE users (hand_made int)"
	export FLEET_PW=$my_pass
	gone="mysql://nobody:secret-pw@127.0.0.1:1/nowhere"
	{
		printf '\n[tenants]\ntargets = %s\n' "$gone"
		for d in "${names[@]}"; do
			printf '  mysql://%s:${FLEET_PW}@%s/%s,\n' "$my_user" "$my_hostport" "$d"
		done
	} >>revgen.ini
	fix() { my_client -D "$bad" -e "DROP TABLE users"; }
	;;
sqlite)
	n=${FLEET_SIZE:-8}
	mkdir tenants
	bad=tenants/t7.db
	sqlite3 "$bad" "CREATE TABLE users (hand_made int)"
	gone="sqlite:////nonexistent-dir/t.db"
	{
		printf '\n[tenants]\ntargets = %s\n' "$gone"
		for i in $(seq 1 "$n"); do printf '  sqlite:///tenants/t%d.db\n' "$i"; done
	} >>revgen.ini
	fix() { sqlite3 "$bad" "DROP TABLE users"; }
	;;
esac
total=$((n + 1))
t0=$(date +%s.%N)
expect 2 -n tenants upgrade -j $jobs
t1=$(date +%s.%N)
echo "fleet upgrade of $total targets on $E2E_DIALECT, -j $jobs: $(echo "$t1 - $t0" | bc) s"
contains "$out" "TARGET"
contains "$out" "$total target(s): $((n - 1)) ok, 2 failed, 0 skipped"
# each failure's own error under its target's name
contains "$errout" "$(basename "$bad" .db)"
contains "$errout" "cannot connect to ${gone/secret-pw/***}"
lacks "$out$errout" "secret-pw"
[ -z "${FLEET_PW:-}" ] || lacks "$out$errout" "$FLEET_PW"
# a progress line per finished target, stderr not being a terminal
contains "$errout" "[$total/$total] "

# the same as JSON: the rest at head, the conflicting one still at base
expect 2 -n tenants current -j $jobs --format json
echo "$out" | jq -e ".counts == {targets: $total, ok: $n, differs: 0, failed: 1, skipped: 0}" >/dev/null ||
	fail "counts of current"
echo "$out" | jq -e "[.targets[] | select(.result == \"ok\" and .from != [\"$r2\"])] | length == 1" >/dev/null ||
	fail "one tenant not at $r2"
echo "$out" | jq -e "[.targets[] | select(.target | contains(\"$(basename "$bad" .db)\"))][0].from == []" >/dev/null ||
	fail "the conflicting tenant is not at base"
echo "$out" | jq -e '.targets[0].result == "failed" and .targets[0].exit_status == 2' >/dev/null ||
	fail "the unreachable target did not fail"
lacks "$out" "secret-pw"

# --fail-fast: the unreachable target is first; with -j 1 nothing else starts
expect 2 -n tenants check -j 1 --fail-fast --format json
echo "$out" | jq -e ".counts.skipped == $n and .counts.failed == 1" >/dev/null ||
	fail "--fail-fast did not skip the rest"
echo "$out" | jq -e '[.targets[1:][] | select(.result == "skipped" and .exit_status == null)] | length == '"$n" >/dev/null ||
	fail "skipped targets"

# the unreachable one out of the fleet, the conflict fixed: the second
# upgrade brings that tenant to head and is a no-op everywhere else
sed -i "s|^targets = $gone|targets =|" revgen.ini
fix
expect 0 -n tenants upgrade -j $jobs --format json
echo "$out" | jq -e ".counts == {targets: $n, ok: $n, differs: 0, failed: 0, skipped: 0}" >/dev/null ||
	fail "second upgrade"
echo "$out" | jq -e "[.targets[] | select(.from != .to)] | length == 1" >/dev/null ||
	fail "the second upgrade was not a no-op on the rest"
expect 0 -n tenants upgrade -j $jobs --format json
echo "$out" | jq -e "[.targets[] | select(.from != .to or .to != [\"$r2\"])] | length == 0" >/dev/null ||
	fail "a third upgrade moved something"

# check over the fleet: clean, then one tenant drifts (exit 1, its diff shown)
expect 0 -n tenants check -j $jobs
contains "$out" "$n target(s): $n ok, 0 failed"
case $E2E_DIALECT in
postgresql) db_sql "ALTER TABLE tenant_042.users ADD COLUMN extra int"; drift=tenant_042 ;;
mysql) my_client -D "${names[41]}" -e "ALTER TABLE users ADD COLUMN extra int"; drift=${names[41]} ;;
sqlite) sqlite3 tenants/t4.db "ALTER TABLE users ADD COLUMN extra int"; drift=t4.db ;;
esac
expect 1 -n tenants check -j $jobs
contains "$out" "1 differ, 0 failed"
contains "$errout" "$drift"
contains "$errout" "extra"

# downgrade -1 over the fleet, and back
expect 0 -n tenants downgrade -1 -j $jobs --format json
echo "$out" | jq -e "[.targets[] | select(.from == [\"$r2\"] and .to == [\"$r1\"])] | length == $n" >/dev/null ||
	fail "downgrade -1"
expect 0 -n tenants current -j $jobs
contains "$out" "$n target(s): $n ok"
[ "$(grep -c " $r1 " <<<"$out")" -eq "$n" ] || fail "current after the downgrade"
expect 0 -n tenants upgrade -j $jobs -q
[ -z "$errout" ] || fail "-q printed progress"
[ "$(grep -c " $r1  *$r2 " <<<"$out")" -eq "$n" ] || fail "upgrade after the downgrade"

# the fleet options alone are an error outside a fleet; --url picks one target
expect 2 upgrade -j 2
contains "$errout" "names no targets"
expect 0 -n tenants --url "$(db_url)" current
contains "$out" "$r2 (head)"
