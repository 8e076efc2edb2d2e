# Fleets (issue 21 item 4): one database or schema per tenant, named by a
# config section's `targets` (URLs, the MariaDB ones through ${FLEET_PW})
# or, on PostgreSQL, `target_schemas` (patterns over the schemas of url's
# database).  On PostgreSQL 200 schemas, on MariaDB 50 databases, on SQLite
# 8 files (FLEET_SIZE changes the count); one tenant holds a hand-made
# table the first revision also creates, and one target is unreachable.
# Over the whole fleet: upgrade -j 8 runs the others and fails those two,
# each error shown under its target, exit 2.  Over a part of it ([some]:
# tenant_00? on PostgreSQL, 10 databases on MariaDB, the same files on
# SQLite; each target is a run of its own, and 200 of them take minutes
# in the sanitizer build of a loaded machine): the conflict fixed, upgrade
# brings that tenant up and is a no-op on the rest; current and check as
# JSON, --fail-fast skipping the rest, check finding
# one tenant's drift, downgrade -1 and back, a revision left partly
# applied.  No password is printed.
mkdir -p models
cp "$RG_SOURCE_ROOT"/examples/blog/models/user.h models/
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
expect 0 --autogenerate -m users
r1=$(basename "$out" .sql)
r1=${r1%%_*}
expect 0 upgrade head
cp "$RG_SOURCE_ROOT"/examples/blog/models/post.h models/
expect 0 --autogenerate -m posts
r2=$(basename "$out" .sql)
r2=${r2%%_*}
expect 0 upgrade head
jobs=8

case $E2E_DIALECT in
postgresql)
	n=${FLEET_SIZE:-200}
	db_sql "DO \$\$ BEGIN FOR i IN 1..$n LOOP
		EXECUTE format('CREATE SCHEMA %I', 'tenant_' || lpad(i::text, 3, '0'));
	END LOOP; END \$\$"
	bad=tenant_007
	drift=tenant_004
	db_sql "CREATE TABLE $bad.users (hand_made int)"
	gone="postgresql://nobody@127.0.0.1:1/nowhere"
	# public, shared by every tenant, is no target: not matched
	printf '\n[tenants]\ntargets = %s\ntarget_schemas = tenant_*\n' "$gone" >>revgen.ini
	printf '\n[some]\ntargets = %s\ntarget_schemas = tenant_00?\n' "$gone" >>revgen.ini
	some=9
	fix() { db_sql "DROP TABLE $bad.users"; }
	drift() { db_sql "ALTER TABLE $drift.users ADD COLUMN extra int"; }
	;;
mysql)
	n=${FLEET_SIZE:-50}
	names=()
	for i in $(seq -w 1 "$n"); do names+=("${my_db}_t$i"); done
	trap 'rm -rf "$work"
	      for d in $my_db ${names[*]}; do echo "DROP DATABASE IF EXISTS $d;"; done | my_client >/dev/null 2>&1' EXIT
	for d in "${names[@]}"; do echo "CREATE DATABASE $d CHARACTER SET utf8mb4;"; done | my_client
	bad=${names[6]}
	drift=${names[3]}
	my_client -D "$bad" -e "CREATE TABLE users (hand_made int)"
	export FLEET_PW=$my_pass
	gone="mysql://nobody:secret-pw@127.0.0.1:1/nowhere"
	some=10
	for sec in tenants some; do
		printf '\n[%s]\ntargets = %s\n' "$sec" "$gone"
		[ $sec = tenants ] && m=$n || m=$some
		for d in "${names[@]:0:$m}"; do
			printf '  mysql://%s:${FLEET_PW}@%s/%s,\n' "$my_user" "$my_hostport" "$d"
		done
	done >>revgen.ini
	fix() { my_client -D "$bad" -e "DROP TABLE users"; }
	drift() { my_client -D "$drift" -e "ALTER TABLE users ADD COLUMN extra int"; }
	;;
sqlite)
	n=${FLEET_SIZE:-8}
	mkdir tenants
	bad=tenants/t7.db
	drift=tenants/t4.db
	sqlite3 "$bad" "CREATE TABLE users (hand_made int)"
	gone="sqlite:////nonexistent-dir/t.db"
	for sec in tenants some; do
		printf '\n[%s]\ntargets = %s\n' "$sec" "$gone"
		for i in $(seq 1 "$n"); do printf '  sqlite:///tenants/t%d.db\n' "$i"; done
	done >>revgen.ini
	some=$n
	fix() { sqlite3 tenants/t7.db "DROP TABLE users"; }
	drift() { sqlite3 tenants/t4.db "ALTER TABLE users ADD COLUMN extra int"; }
	;;
esac
bad=$(basename "$bad")
drift=$(basename "$drift")
total=$((n + 1))
t0=$(date +%s.%N)
expect 2 -n tenants upgrade -j $jobs
t1=$(date +%s.%N)
echo "fleet upgrade of $total targets on $E2E_DIALECT, -j $jobs: $(echo "$t1 - $t0" | bc) s"
contains "$out" "TARGET"
contains "$out" "$total target(s): $((n - 1)) ok, 2 failed, 0 skipped"
grep -q "$bad .* base  *base .* failed$" <<<"$out" || fail "the conflicting tenant's row"
[ "$(grep -c " base  *$r2 .* ok$" <<<"$out")" -eq $((n - 1)) ] || fail "the others' rows"
# each failure's own error under its target's name
contains "$errout" "$bad (failed):"
contains "$errout" "users"
contains "$errout" "cannot connect to ${gone/secret-pw/***}"
lacks "$out$errout" "secret-pw"
[ -z "${FLEET_PW:-}" ] || lacks "$out$errout" ":$FLEET_PW@"
# a progress line per finished target, stderr not being a terminal
contains "$errout" "[$total/$total] "

# current as JSON: the conflicting tenant at base, the unreachable failed
expect 2 -n some current -j $jobs --format json
echo "$out" | jq -e ".counts == {targets: $((some + 1)), ok: $some, differs: 0, failed: 1, skipped: 0}" >/dev/null ||
	fail "counts of current"
echo "$out" | jq -e "[.targets[] | select(.result == \"ok\" and .from != [\"$r2\"])] | length == 1" >/dev/null ||
	fail "one tenant not at $r2"
echo "$out" | jq -e "[.targets[] | select(.target | contains(\"$bad\"))][0].from == []" >/dev/null ||
	fail "the conflicting tenant is not at base"
echo "$out" | jq -e '.targets[0].result == "failed" and .targets[0].exit_status == 2 and .targets[0].from == null' >/dev/null ||
	fail "the unreachable target did not fail"
echo "$out" | jq -e ".targets[1].output.current[0].revision == \"$r2\"" >/dev/null ||
	fail "current's own JSON per target"
lacks "$out" "secret-pw"

# --fail-fast: the unreachable target is first; with -j 1 nothing else starts
expect 2 -n some check -j 1 --fail-fast --format json
echo "$out" | jq -e ".counts.skipped == $some and .counts.failed == 1" >/dev/null ||
	fail "--fail-fast did not skip the rest"
echo "$out" | jq -e "[.targets[1:][] | select(.result == \"skipped\" and .exit_status == null)] | length == $some" >/dev/null ||
	fail "skipped targets"

# the unreachable one out of the fleet, the conflict fixed: upgrade brings
# that tenant to head and is a no-op everywhere else
sed -i "s|^targets = $gone|targets =|" revgen.ini
fix
expect 0 -n some upgrade -j $jobs --format json
echo "$out" | jq -e ".counts == {targets: $some, ok: $some, differs: 0, failed: 0, skipped: 0} and .exit_status == 0" >/dev/null ||
	fail "second upgrade"
echo "$out" | jq -e "[.targets[] | select(.to != [\"$r2\"])] | length == 0" >/dev/null ||
	fail "not all at $r2"
echo "$out" | jq -e "[.targets[] | select(.from != .to) | .target] | length == 1 and (.[0] | endswith(\"$bad\"))" >/dev/null ||
	fail "the second upgrade was not a no-op on the rest"

# check: one tenant drifted (exit 1, its differences shown under its name)
drift
expect 1 -n some check -j $jobs
contains "$out" "$some target(s): $((some - 1)) ok, 1 differ, 0 failed"
grep -q "$drift .* $r2 .* differs$" <<<"$out" || fail "the drifted tenant's row"
contains "$errout" "$drift (differs):"
contains "$errout" "extra"

# downgrade -1 over the fleet, and back
expect 0 -n some downgrade -1 -j $jobs -q --format json
[ -z "$errout" ] || fail "-q printed progress"
echo "$out" | jq -e "[.targets[] | select(.from == [\"$r2\"] and .to == [\"$r1\"])] | length == $some" >/dev/null ||
	fail "downgrade -1"
expect 0 -n some current -j $jobs
[ "$(grep -c " $r1 .* ok$" <<<"$out")" -eq "$some" ] || fail "current after the downgrade"
expect 0 -n some upgrade -j $jobs
[ "$(grep -c " $r1  *$r2 .* ok$" <<<"$out")" -eq "$some" ] || fail "upgrade after the downgrade"

# the fleet options alone are an error outside a fleet; --url picks one target
expect 2 upgrade -j 2
contains "$errout" "names no targets"
expect 0 -n tenants --url "$(db_url)" current
contains "$out" "$r2 (head)"

# a revision that fails part-way outside a transaction: current over the
# fleet says which revision each target holds partly applied
expect 0 revision -m part --rev-id p0000000001
sed -i "s|^-- Create Date: \(.*\)\$|-- Create Date: \1\n-- Transaction: no|; s|^-- upgrade()\$|-- upgrade()\nCREATE TABLE part_t (n INTEGER);\nINSERT INTO missing_t (x) VALUES (1);|; s|^-- downgrade()\$|-- downgrade()\nDROP TABLE part_t;|" "$out"
expect 2 -n some upgrade -j $jobs
contains "$out" "$some target(s): 0 ok, $some failed"
expect 0 -n some current -j $jobs
[ "$(grep -c " $r2 .* ok; p0000000001 partly applied (-v: how far)$" <<<"$out")" -eq "$some" ] ||
	fail "current over the fleet does not show the partly applied revision"
