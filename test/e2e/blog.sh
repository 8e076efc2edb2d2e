# The seed guide's workflow on the blog example: create tables, then
# example 1 (add bio to users), history, current, check.
project_blog
expect 0 --autogenerate -m "create users and posts"
first=$out
[ -f "$first" ] || fail "autogenerate did not print the path of a file"
contains "$(cat "$first")" "-- upgrade()"
contains "$(cat "$first")" "CREATE TABLE users"
contains "$(cat "$first")" "CREATE TABLE posts"
contains "$(cat "$first")" "DROP TABLE posts"
expect 0 upgrade head
contains "$errout" "Running upgrade base ->"
expect 0 current
contains "$out" "(head)"
expect 0 check
contains "$out" "No changes detected"

# example 1: a new nullable column
sed -i 's|^\(\s*char    username\[256\].*\)$|\1\n\tchar   *bio           RG_TYPE(VARCHAR(500));|' models/user.h
grep -q bio models/user.h || fail "could not edit the model"
expect 1 check
contains "$out" "add column users.bio"
expect 0 revision --autogenerate -m "ユーザーモデルにbioフィールドを追加"
second=$out
contains "$second" "ユーザーモデルにbioフィールドを追加"
contains "$(cat "$second")" "ADD COLUMN bio VARCHAR(500)"
contains "$(cat "$second")" "DROP COLUMN bio"
contains "$(cat "$second")" "-- Revises: $(basename "$first" | cut -c1-12)"
expect 0 upgrade head
expect 0 check
db_sql "INSERT INTO users (username, bio) VALUES ('ann', 'hello')" >/dev/null

# example 2 in spirit: a whole new table, from a new header
cat > models/comment.h <<'H'
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(comments) comment {
	int64_t id      RG_PRIMARY_KEY RG_AUTOINCREMENT;
	int64_t post_id RG_REFERENCES(posts, id) RG_ON_DELETE(CASCADE);
	char   *body    RG_TYPE(TEXT) RG_NOT_NULL;
};
H
expect 0 --autogenerate -m "add comments"
expect 0 upgrade
expect 0 history
[ "$(printf '%s\n' "$out" | wc -l)" -eq 3 ] || fail "history should list 3 revisions"
contains "$(printf '%s\n' "$out" | head -1)" "(head), add comments"
contains "$(printf '%s\n' "$out" | tail -1)" "<base> ->"
expect 0 history -v
contains "$out" "Revision ID:"
expect 0 check
[ "$(db_sql "SELECT bio FROM users")" = "hello" ] || fail "data lost"
