# Down to base and back up; -1, an id, a prefix, +N.
project_blog
expect 0 --autogenerate -m "create tables" --rev-id aaaa00000001
sed -i 's|^\(\s*char    username\[256\].*\)$|\1\n\tchar   *bio           RG_TYPE(VARCHAR(500));|' models/user.h
expect 0 upgrade head
expect 0 --autogenerate -m "add bio" --rev-id bbbb00000002
expect 0 upgrade head
expect 0 current
contains "$out" "bbbb00000002 (head)"
db_sql "INSERT INTO users (username, bio) VALUES ('ann', 'x')" >/dev/null

expect 0 downgrade -1
expect 0 current
contains "$out" "aaaa00000001"
lacks "$out" "(head)"
[ "$(db_sql "SELECT username FROM users")" = "ann" ] || fail "rows lost by downgrade -1"
! db_sql "SELECT bio FROM users" >/dev/null 2>&1 || fail "bio still there after downgrade"

expect 0 downgrade base
expect 0 current
[ -z "$out" ] || fail "current should print nothing at base"
! db_tables | grep -qxE 'users|posts' || fail "tables left at base"

expect 0 upgrade +1
expect 0 current
contains "$out" "aaaa00000001"
expect 0 upgrade bbbb
expect 0 current
contains "$out" "bbbb00000002 (head)"
expect 0 check
expect 0 downgrade aaaa00000001
expect 0 upgrade head
expect 0 check

expect 2 downgrade -5
contains "$errout" "only 2 revision(s) are applied"
expect 2 upgrade cccc
contains "$errout" "cccc"
expect 2 downgrade
contains "$errout" "target is required"

# offline SQL, without touching the database
expect 0 upgrade --sql
contains "$out" "BEGIN;"
contains "$out" "CREATE TABLE users"
contains "$out" "INSERT INTO revgen_version"
contains "$out" "UPDATE revgen_version SET version_num = 'bbbb00000002'"
expect 0 downgrade head:base --sql
contains "$out" "DROP TABLE users"
contains "$out" "DELETE FROM revgen_version"

# an applied revision's file edited afterwards: upgrade refuses, check
# reports it, --ignore-checksums overrides
expect 0 upgrade head
echo "-- an edit after the fact" >> migrations/versions/aaaa00000001_create_tables.sql
expect 2 upgrade head
contains "$errout" "aaaa00000001_create_tables.sql: revision aaaa00000001 was applied from a different version"
expect 1 check
contains "$out" "aaaa00000001_create_tables.sql"
expect 0 upgrade head --ignore-checksums
expect 0 downgrade base --ignore-checksums
expect 0 upgrade head
expect 0 check
