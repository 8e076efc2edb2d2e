# Foreign keys make way for the keys they rest on (issue 19, finding 3):
# PostgreSQL will not drop a key a foreign key depends on, InnoDB will not
# drop the index one uses nor change the type of a column one uses, and a
# table cannot be created referencing a key not yet added.  The current
# schema is made by hand; the models drop taggings (whose key references
# users' primary key), move users' primary key to email (posts still
# references id: a unique key now), add comments referencing the new key;
# then widen the referenced id and its referencing column.  Upgrade,
# check, downgrade back with rows intact, each time.
mkdir -p models
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
rm -f models/example.h

db_sql "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(100) NOT NULL)" >/dev/null
db_sql "CREATE TABLE taggings (user_id INTEGER, FOREIGN KEY (user_id) REFERENCES users (id))" >/dev/null
db_sql "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER,
	FOREIGN KEY (author_id) REFERENCES users (id))" >/dev/null
db_sql "INSERT INTO users VALUES (1, 'a@example.org')" >/dev/null
db_sql "INSERT INTO users VALUES (2, 'b@example.org')" >/dev/null
db_sql "INSERT INTO taggings VALUES (1)" >/dev/null
db_sql "INSERT INTO posts VALUES (10, 2)" >/dev/null

models() {
	cat > models/app.h <<EOF_H
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(users) user {
	$1 id RG_UNIQUE;
	char email[101] RG_PRIMARY_KEY;
};
struct RG_TABLE(posts) post {
	int32_t id RG_PRIMARY_KEY;
	$1 *author_id RG_REFERENCES(users, id);
};
struct RG_TABLE(comments) comment {
	int32_t id RG_PRIMARY_KEY;
	char *user_email RG_TYPE(VARCHAR(100)) RG_REFERENCES(users, email);
};
EOF_H
}

rows() {
	printf '%s/%s' "$(db_sql "SELECT id, email FROM users ORDER BY id" | tr '\n' ' ')" \
		"$(db_sql "SELECT id, author_id FROM posts ORDER BY id" | tr '\n' ' ')"
}
want_rows="1|a@example.org 2|b@example.org /10|2 "
# the foreign keys are there (the sqlite3 shell does not enforce them)
refused() {
	[ "$E2E_DIALECT" = sqlite ] && return 0
	! db_sql "$1" >/dev/null 2>&1 || fail "accepted: $1"
}

models int32_t
expect 1 check
expect 0 --autogenerate -m "keys"
expect 0 upgrade head
expect 0 check
[ "$(rows)" = "$want_rows" ] || fail "rows after upgrade: $(rows)"
refused "INSERT INTO posts VALUES (11, 99)"
refused "INSERT INTO comments VALUES (1, 'nobody@example.org')"
db_sql "INSERT INTO comments VALUES (1, 'a@example.org')" >/dev/null

# the referenced column and its referencing one widened
models int64_t
expect 1 check
expect 0 --autogenerate -m "wider ids"
expect 0 upgrade head
expect 0 check
[ "$(rows)" = "$want_rows" ] || fail "rows after the second upgrade: $(rows)"
refused "INSERT INTO posts VALUES (11, 99)"

expect 0 downgrade -1
expect 0 downgrade -1
[ "$(rows)" = "$want_rows" ] || fail "rows after the downgrade: $(rows)"
# (taggings was dropped with its row: it comes back empty)
contains "$(db_tables)" taggings
refused "INSERT INTO taggings VALUES (99)"
refused "INSERT INTO posts VALUES (11, 99)"
lacks "$(db_tables)" comments
expect 0 upgrade head
expect 0 check
