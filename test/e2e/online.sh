# revision --autogenerate --online against tables with rows: the revision
# holds the low-lock forms (PostgreSQL: CONCURRENTLY, NOT VALID then
# VALIDATE, SET NOT NULL through a validated check, outside a transaction;
# MySQL/MariaDB: ALGORITHM=INPLACE, LOCK=NONE where the server can, a note
# where it cannot), runs, leaves `check` clean, downgrades and upgrades
# again with the rows intact, and `revgen lint` finds fewer locks in it
# than in the plain revision of the same change.  SQLite has no such
# forms: the option changes nothing there.
project_blog
# the users of the blog with a nullable column, made NOT NULL below
cat > models/user.h <<'EOF'
#include <stdint.h>
#include <time.h>
#include <revgen.h>
struct RG_TABLE(users) user {
	int64_t id            RG_PRIMARY_KEY RG_AUTOINCREMENT;
	char    username[256] RG_UNIQUE;
	time_t  created_at    RG_DEFAULT(CURRENT_TIMESTAMP);
	char   *bio           RG_TYPE(TEXT);
};
EOF
expect 0 revision --autogenerate -m "create tables" --rev-id a0000000001
expect 0 upgrade head

rows=${REVGEN_TEST_ONLINE_ROWS:-3000}
if [ "$E2E_DIALECT" = postgresql ]; then
	db_sql "INSERT INTO users (username, bio) SELECT 'u' || g, 'b' FROM generate_series(1, $rows) g;
	        INSERT INTO posts (title, content, user_id)
	        SELECT 't' || g, 'c', g FROM generate_series(1, $rows) g" >/dev/null
elif [ "$E2E_DIALECT" = mysql ]; then
	db_sql "INSERT INTO users (username, bio) SELECT CONCAT('u', seq), 'b' FROM seq_1_to_$rows;
	        INSERT INTO posts (title, content, user_id) SELECT CONCAT('t', seq), 'c', seq FROM seq_1_to_$rows" >/dev/null
else
	db_sql "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $rows)
	        INSERT INTO users (username, bio) SELECT 'u' || n, 'b' FROM g;
	        WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $rows)
	        INSERT INTO posts (title, content, user_id) SELECT 't' || n, 'c', n FROM g" >/dev/null
fi

# the change: a column and a unique key, an index made and one dropped, a
# foreign key and a check on a table with rows, a column made NOT NULL
cat > models/user.h <<'EOF'
#include <stdint.h>
#include <time.h>
#include <revgen.h>
struct RG_TABLE(users) RG_INDEX_ON(ix_users_created, created_at) user {
	int64_t id            RG_PRIMARY_KEY RG_AUTOINCREMENT;
	char    username[256] RG_UNIQUE;
	time_t  created_at    RG_DEFAULT(CURRENT_TIMESTAMP);
	char   *bio           RG_TYPE(TEXT) RG_NOT_NULL;
	int64_t code          RG_NULLABLE RG_UNIQUE;
};
EOF
cat > models/post.h <<'EOF'
#include <stdint.h>
#include <time.h>
#include <revgen.h>
struct RG_TABLE(posts) RG_CHECK(ck_posts_title, length(title) > 0) post {
	int64_t id         RG_PRIMARY_KEY RG_AUTOINCREMENT;
	char    title[256];
	char   *content    RG_TYPE(TEXT) RG_NOT_NULL;
	int64_t user_id    RG_REFERENCES(users, id) RG_ON_DELETE(CASCADE) RG_INDEX;
	int64_t editor_id  RG_NULLABLE RG_INDEX;
	time_t  created_at RG_DEFAULT(CURRENT_TIMESTAMP);
	time_t  updated_at RG_DEFAULT(CURRENT_TIMESTAMP);
} RG_FOREIGN_KEY(fk_posts_editor, (editor_id), users, (id));
EOF

# lock findings of `revgen lint` on the pending revision (offline: the
# live rules ask the database about a column the revision adds, and fail)
lock_findings() {
	rg lint --offline --format json --fail-on never b0000000001
	[ "$rc" -eq 0 ] || fail "lint exited $rc"
	printf '%s\n' "$out" | python3 -c '
import json, sys
print(sum(1 for f in json.load(sys.stdin)["findings"]
          if f["rule"].split("-")[0] in ("pg", "mysql")))'
}

# the plain revision first, for lint to compare with; then the online one
expect 0 revision --autogenerate -m "change" --rev-id b0000000001
plain=$out
plain_locks=$(lock_findings)
rm "$plain"
expect 0 revision --autogenerate --online -m "change" --rev-id b0000000001
f=$out
online_locks=$(lock_findings)
sql=$(cat "$f")
# the config key says the same as the flag; --verify runs the revision
# (outside a transaction, both ways) on a scratch database
rm "$f"
printf 'online_ddl = true\n' >> revgen.ini
dev=()
[ "$E2E_DIALECT" = sqlite ] || dev=(--dev-url "$(db_dev_url)")
expect 0 revision --autogenerate --verify "${dev[@]}" -m "change" --rev-id b0000000001
[ "$(grep -v '^-- Create Date' "$f")" = "$(printf '%s\n' "$sql" | grep -v '^-- Create Date')" ] ||
	fail "online_ddl = true wrote another revision than --online"

case $E2E_DIALECT in
postgresql)
	contains "$sql" "-- Transaction: no"
	contains "$sql" "CREATE INDEX CONCURRENTLY ix_users_created ON users"
	contains "$sql" "DROP INDEX CONCURRENTLY ix_users_created;"
	contains "$sql" "DROP INDEX CONCURRENTLY ix_posts_user_created;"
	contains "$sql" "CREATE INDEX CONCURRENTLY ix_posts_user_created ON posts"
	contains "$sql" "FOREIGN KEY (editor_id) REFERENCES users (id) NOT VALID;"
	contains "$sql" "VALIDATE CONSTRAINT fk_posts_editor;"
	contains "$sql" "CHECK (length(title) > 0) NOT VALID;"
	contains "$sql" "VALIDATE CONSTRAINT ck_posts_title;"
	contains "$sql" "CHECK (bio IS NOT NULL) NOT VALID;"
	contains "$sql" "ALTER COLUMN bio SET NOT NULL;"
	contains "$sql" "UNIQUE USING INDEX"
	lacks "$sql" "CREATE INDEX ix_"
	;;
mysql)
	contains "$sql" "MODIFY COLUMN bio TEXT NOT NULL, ALGORITHM=INPLACE, LOCK=NONE"
	contains "$sql" "ADD INDEX ix_users_created (created_at), ALGORITHM=INPLACE, LOCK=NONE"
	contains "$sql" "DROP INDEX ix_posts_user_created, ALGORITHM=INPLACE, LOCK=NONE"
	contains "$sql" "-- NOTE: not online: adding a foreign key"
	contains "$sql" "-- NOTE: not online: the server copies the table to add a check"
	contains "$errout" "note: not online"
	;;
sqlite)
	expect 0 upgrade head --sql
	lacks "$out" "CONCURRENTLY"
	lacks "$out" "ALGORITHM"
	[ "$online_locks" -eq "$plain_locks" ] || fail "sqlite: lint $online_locks vs $plain_locks"
	;;
esac
echo "lint lock findings: $online_locks online, $plain_locks plain"
if [ "$E2E_DIALECT" != sqlite ]; then
	[ "$online_locks" -lt "$plain_locks" ] ||
		fail "lint: $online_locks lock findings online, $plain_locks plain"
fi

count_rows() {
	db_sql "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM posts)"
}
want=$((2 * rows))
expect 0 upgrade head
[ "$(count_rows)" = "$want" ] || fail "rows after upgrade: $(count_rows)"
expect 0 check
expect 0 downgrade -1
[ "$(count_rows)" = "$want" ] || fail "rows after downgrade: $(count_rows)"
expect 0 upgrade head
[ "$(count_rows)" = "$want" ] || fail "rows after the second upgrade: $(count_rows)"
expect 0 check
expect 0 revision --autogenerate --online -m "nothing" --rev-id c0000000001
contains "$errout" "No changes detected"

# PostgreSQL: a CREATE UNIQUE INDEX CONCURRENTLY that fails (duplicates)
# leaves an INVALID index.  The run stops naming it; once the data is
# right and the statement is said done, `check` reports the invalid index
# and autogenerate builds it again.
[ "$E2E_DIALECT" = postgresql ] || exit 0
db_sql "UPDATE posts SET title = 'same' WHERE id <= 2" >/dev/null
sed -i 's/^} RG_FOREIGN_KEY/} RG_UNIQUE_ON(ux_posts_title, (lower(title))) RG_FOREIGN_KEY/' models/post.h
expect 0 revision --autogenerate -m "unique titles" --rev-id d0000000001
contains "$(cat "$out")" "CREATE UNIQUE INDEX CONCURRENTLY ux_posts_title ON posts ((lower(title)));"
expect 2 upgrade head
contains "$errout" "could not create unique index"
[ "$(db_sql "SELECT indisvalid FROM pg_index WHERE indexrelid = 'ux_posts_title'::regclass")" = f ] ||
	fail "the failed index is not INVALID"
db_sql "UPDATE posts SET title = 't' || id WHERE id <= 2" >/dev/null
expect 0 resolve d0000000001 --ran 1
expect 0 upgrade head
expect 1 check
contains "$out$errout" "ux_posts_title"
expect 0 revision --autogenerate -m "rebuild the invalid index" --rev-id e0000000001
sql=$(cat "$out")
contains "$sql" "DROP INDEX CONCURRENTLY ux_posts_title;"
contains "$sql" "CREATE UNIQUE INDEX CONCURRENTLY ux_posts_title ON posts ((lower(title)));"
expect 0 upgrade head
expect 0 check
