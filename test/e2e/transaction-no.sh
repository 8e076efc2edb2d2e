# A revision whose header says "-- Transaction: no" runs outside a
# transaction: on PostgreSQL that is what CREATE INDEX CONCURRENTLY needs
# (inside one it fails), and the version table still moves with it.
project_blog
expect 0 --autogenerate -m "create tables" --rev-id a0000000001
expect 0 upgrade head
expect 0 revision -m "index concurrently" --rev-id b0000000001
f=$out
if [ "$E2E_DIALECT" = postgresql ]; then
	sql_up="CREATE INDEX CONCURRENTLY ix_users_created ON users (created_at);"
	sql_down="DROP INDEX CONCURRENTLY ix_users_created;"
elif [ "$E2E_DIALECT" = mysql ]; then
	sql_up="CREATE INDEX ix_users_created ON users (created_at);"
	sql_down="DROP INDEX ix_users_created ON users;"
else
	sql_up="CREATE INDEX ix_users_created ON users (created_at);"
	sql_down="DROP INDEX ix_users_created;"
fi
sed -i "s|^-- Create Date: \(.*\)\$|-- Create Date: \1\n-- Transaction: no|; s|^-- upgrade()\$|-- upgrade()\n$sql_up|; s|^-- downgrade()\$|-- downgrade()\n$sql_down|" "$f"
expect 0 upgrade head --sql
lacks "$(printf '%s\n' "$out" | sed -n '/b0000000001/,$p')" "BEGIN;"
expect 0 upgrade head
expect 0 current
contains "$out" "b0000000001 (head)"
expect 0 downgrade -1
expect 0 current
contains "$out" "a0000000001"
# the same statement in a transactional revision fails on PostgreSQL,
# and the failure says why
if [ "$E2E_DIALECT" = postgresql ]; then
	sed -i '/^-- Transaction: no$/d' "$f"
	expect 2 upgrade head --ignore-checksums
	contains "$errout" "CONCURRENTLY cannot run inside a transaction block"
fi
