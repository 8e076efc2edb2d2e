# Drift made by hand in the database is caught by check (exit 1), and
# autogenerate writes the revision that undoes it.
project_blog
expect 0 --autogenerate -m "create tables"
expect 0 upgrade head
expect 0 check
db_sql "ALTER TABLE users ADD COLUMN nickname TEXT"
if [ "$E2E_DIALECT" = mysql ]; then
	db_sql "DROP INDEX ix_posts_user_created ON posts"
else
	db_sql "DROP INDEX ix_posts_user_created"
fi
expect 1 check
contains "$out" "drop column users.nickname"
contains "$out" "create index posts.ix_posts_user_created"
rg check --format json
[ "$rc" -eq 1 ] || fail "check --format json should exit 1"
contains "$out" '"kind": "drop_column"'
contains "$out" '"destructive": true'
expect 0 --autogenerate -m "undo drift"
contains "$(cat "$out")" "-- WARNING:"
contains "$errout" "warning"
expect 0 upgrade head
expect 0 check
