# Names as each database compares them (issue 19, findings 6 and 7): where
# the database takes two spellings for one name, a difference of case
# alone is the same object renamed, never a table or column added and the
# old one dropped (the server refuses the add, or the drop takes the
# data).  SQLite: tables, columns and indexes; MySQL: columns, indexes,
# foreign keys and checks (tables as lower_case_table_names says: 0 on
# this server, so `a` and `A` are two tables); PostgreSQL: quoted names
# are exact, so "Name" and name are two columns.  The current schema is
# made by hand, with rows; upgrade, check, downgrade back, rows kept.
mkdir -p models
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
rm -f models/example.h

# the tables but revgen's own, on one line
tables() { db_tables | grep -v '^revgen_' | tr '\n' ' '; }
# the rows, as "id|name|..." lines, ordered by id
rows() { db_sql "SELECT $2 FROM $1 ORDER BY id" | tr '\n' ' '; }

# MySQL with lower_case_table_names=1 (the mysql case below).  A
# subshell: the server's variables and its stop stay in it.
lower_case_tables() (
	. "$RG_SOURCE_ROOT/scripts/mariadb-server.sh"
	trap 'mariadb_stop' EXIT
	mariadb_start --lower-case-table-names=1 >/dev/null
	lc_client() {
		mariadb --no-defaults -h 127.0.0.1 -P "$REVGEN_TEST_MYSQL_PORT" -u revgen \
			-p"$REVGEN_TEST_MYSQL_PASSWORD" -N -B "$@"
	}
	[ "$(lc_client -e 'SELECT @@lower_case_table_names')" = 1 ] || fail "lower_case_table_names"
	lc_client -e "CREATE DATABASE lc CHARACTER SET utf8mb4;
		CREATE TABLE lc.Users (id INT NOT NULL PRIMARY KEY, Name VARCHAR(100));
		CREATE TABLE lc.Posts (id INT NOT NULL PRIMARY KEY, user_id INT,
			CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES lc.Users (id));
		INSERT INTO lc.Users VALUES (1, 'ann'); INSERT INTO lc.Posts VALUES (10, 1);"
	mkdir lc && cd lc
	expect 0 init
	sed -i "s|^url = .*|url = ${REVGEN_TEST_MYSQL_URL%/*}/lc|" revgen.ini
	rm -f models/example.h
	cat > models/app.h <<'EOF_H'
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(Users) user {
	int32_t id RG_PRIMARY_KEY;
	char *name RG_TYPE(VARCHAR(100));
	char *email RG_TYPE(VARCHAR(100));
};
struct RG_TABLE(Posts) RG_FOREIGN_KEY(fk_posts_user, (user_id), Users, (id)) post {
	int32_t id RG_PRIMARY_KEY;
	int32_t *user_id;
};
EOF_H
	expect 1 check
	expect 0 --autogenerate -m "case"
	contains "$errout" "Detected 2 operation"
	contains "$errout" "rename column"
	contains "$errout" "add column"
	expect 0 upgrade head
	expect 0 check
	[ "$(lc_client -D lc -e "SELECT id, name, email FROM users" | tr '\t\n' '| ')" = "1|ann|NULL " ] ||
		fail "rows: $(lc_client -D lc -e "SELECT * FROM users")"
	expect 0 downgrade -1
	[ "$(lc_client -D lc -e "SELECT id, Name FROM users" | tr '\t\n' '| ')" = "1|ann " ] ||
		fail "rows after downgrade: $(lc_client -D lc -e "SELECT * FROM users")"
	contains "$(lc_client -D lc -e "SHOW CREATE TABLE users")" '`Name` varchar(100)'
	[ "$(lc_client -D lc -e "SELECT id, user_id FROM posts" | tr '\t\n' '| ')" = "10|1 " ] ||
		fail "posts after downgrade"
)

case $E2E_DIALECT in
sqlite)
	# finding 7: the table USERS is the models' users; its column Name
	# is name, its index IX_NAME ix_name; posts references Users, likes
	# Users' primary key (REFERENCES without columns)
	db_sql "CREATE TABLE USERS (id INTEGER NOT NULL PRIMARY KEY, Name VARCHAR(100));
		CREATE INDEX IX_NAME ON USERS (Name);
		CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY,
			user_id INTEGER REFERENCES Users (id));
		CREATE TABLE likes (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER REFERENCES Users);
		INSERT INTO USERS VALUES (1, 'ann'), (2, 'bob');
		INSERT INTO posts VALUES (10, 1), (11, 2);
		INSERT INTO likes VALUES (20, 2);" >/dev/null
	cat > models/app.h <<'EOF_H'
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(users) RG_INDEX_ON(ix_name, name) user {
	int32_t id RG_PRIMARY_KEY;
	char *name RG_TYPE(VARCHAR(100));
	char *email RG_TYPE(VARCHAR(100));
};
struct RG_TABLE(posts) post {
	int32_t id RG_PRIMARY_KEY;
	int32_t *user_id RG_REFERENCES(Users, ID);
};
struct RG_TABLE(likes) like {
	int32_t id RG_PRIMARY_KEY;
	int32_t *user_id RG_REFERENCES(users, id);
};
EOF_H
	expect 1 check
	expect 0 --autogenerate -m "case"
	lacks "$errout" "create table"
	lacks "$errout" "drop table"
	lacks "$errout" "drop column"
	contains "$errout" "rename table"
	contains "$errout" "rename column"
	lacks "$errout" "foreign key"
	lacks "$errout" "likes"
	rev=$(ls migrations/versions/*.sql)
	contains "$(tr -d '"' < "$rev")" 'RENAME COLUMN Name TO name'
	expect 0 upgrade head
	expect 0 check
	[ "$(tables)" = "likes posts users " ] || fail "tables: $(tables)"
	[ "$(rows users id,name,email)" = "1|ann| 2|bob| " ] || fail "rows: $(rows users '*')"
	[ "$(rows posts id,user_id)" = "10|1 11|2 " ] || fail "rows: $(rows posts '*')"
	db_sql "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users'" |
		grep -qx ix_name || fail "index: $(db_sql "SELECT name, sql FROM sqlite_master")"
	# the reference holds after the renames
	db_sql "PRAGMA foreign_keys = ON; INSERT INTO posts VALUES (12, 9)" 2>/dev/null &&
		fail "a post of a missing user was accepted"
	expect 0 downgrade -1
	[ "$(tables)" = "USERS likes posts " ] || fail "tables after downgrade: $(tables)"
	db_sql "SELECT name FROM pragma_table_info('USERS')" | grep -qx Name ||
		fail "columns after downgrade: $(db_sql "SELECT sql FROM sqlite_master")"
	[ "$(rows USERS id,Name)" = "1|ann 2|bob " ] || fail "rows after downgrade: $(rows USERS '*')"
	[ "$(rows posts id,user_id)" = "10|1 11|2 " ] || fail "rows after downgrade: $(rows posts '*')"
	[ "$(rows likes id,user_id)" = "20|2 " ] || fail "rows after downgrade: $(rows likes '*')"
	expect 0 upgrade head
	expect 0 check

	# two spellings of one name in the models: one name to SQLite
	cat > models/dup.h <<'EOF_H'
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(dups) dup {
	int32_t id RG_PRIMARY_KEY;
	int32_t *Code;
	int32_t *code;
};
EOF_H
	expect 2 check
	contains "$errout" "two columns named 'Code' and 'code'"
	rm models/dup.h
	cat > models/dup.h <<'EOF_H'
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(Posts) dup {
	int32_t id RG_PRIMARY_KEY;
};
EOF_H
	expect 2 check
	contains "$errout" "two tables named"
	rm models/dup.h
	;;
mysql)
	# finding 6: the column Name is the models' name; its index, foreign
	# key and check differ in case alone; a and A are two tables
	db_sql "CREATE TABLE users (id INT NOT NULL PRIMARY KEY, Name VARCHAR(100),
			KEY IX_NAME (Name));
		CREATE TABLE posts (id INT NOT NULL PRIMARY KEY, user_id INT,
			CONSTRAINT FK_POSTS_USER FOREIGN KEY (user_id) REFERENCES users (id),
			CONSTRAINT CK_POSTS_ID CHECK (id > 0));
		CREATE TABLE a (id INT NOT NULL PRIMARY KEY);
		CREATE TABLE A (id INT NOT NULL PRIMARY KEY);
		INSERT INTO users VALUES (1, 'ann'), (2, 'bob');
		INSERT INTO posts VALUES (10, 1), (11, 2);
		INSERT INTO a VALUES (1); INSERT INTO A VALUES (2);" >/dev/null
	cat > models/app.h <<'EOF_H'
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(users) RG_INDEX_ON(ix_name, name) user {
	int32_t id RG_PRIMARY_KEY;
	char *name RG_TYPE(VARCHAR(100));
	char *email RG_TYPE(VARCHAR(100));
};
struct RG_TABLE(posts) RG_FOREIGN_KEY(fk_posts_user, (user_id), users, (ID))
	RG_CHECK(ck_posts_id, id > 0) post {
	int32_t id RG_PRIMARY_KEY;
	int32_t *user_id;
};
struct RG_TABLE(a) lower_a {
	int32_t id RG_PRIMARY_KEY;
};
struct RG_TABLE(A) upper_a {
	int32_t id RG_PRIMARY_KEY;
};
EOF_H
	expect 1 check
	expect 0 --autogenerate -m "case"
	lacks "$errout" "drop column"
	lacks "$errout" "add column users.name"
	lacks "$errout" " a"$'\n'
	contains "$errout" "rename column"
	contains "$errout" "rename index"
	rev=$(ls migrations/versions/*.sql)
	contains "$(tr -d '`' < "$rev")" 'RENAME COLUMN Name TO name'
	expect 0 upgrade head
	expect 0 check
	[ "$(tables)" = "A a posts users " ] || fail "tables: $(tables)"
	[ "$(rows users id,name,email)" = "1|ann|NULL 2|bob|NULL " ] || fail "rows: $(rows users '*')"
	[ "$(rows posts id,user_id)" = "10|1 11|2 " ] || fail "rows: $(rows posts '*')"
	[ "$(rows a id)$(rows A id)" = "1 2 " ] || fail "rows of a and A"
	got=$(db_sql "SHOW CREATE TABLE posts")
	contains "$got" 'CONSTRAINT `fk_posts_user`'
	contains "$got" 'CONSTRAINT `ck_posts_id`'
	contains "$(db_sql "SHOW CREATE TABLE users")" 'KEY `ix_name`'
	expect 0 downgrade -1
	got=$(db_sql "SHOW CREATE TABLE users")
	contains "$got" '`Name` varchar(100)'
	contains "$got" 'KEY `IX_NAME`'
	lacks "$got" 'email'
	contains "$(db_sql "SHOW CREATE TABLE posts")" 'CONSTRAINT `FK_POSTS_USER`'
	[ "$(rows users id,Name)" = "1|ann 2|bob " ] || fail "rows after downgrade: $(rows users '*')"
	[ "$(rows posts id,user_id)" = "10|1 11|2 " ] || fail "rows after downgrade: $(rows posts '*')"
	expect 0 upgrade head
	expect 0 check

	# lower_case_table_names=1, on a server of its own (the setting is
	# fixed when the server starts): the models' Users is the table the
	# server keeps as users, nothing to rename; its column still is
	lower_case_tables
	;;
postgresql)
	# quoted names are exact: "Name" and name are two columns, and a
	# model that has one of them adds or drops a column
	db_sql 'CREATE TABLE users (id integer NOT NULL PRIMARY KEY, "Name" varchar(100), name varchar(100));
		CREATE INDEX "IX_NAME" ON users ("Name");
		INSERT INTO users VALUES (1, '"'"'Ann'"'"', '"'"'ann'"'"')' >/dev/null
	cat > models/app.h <<'EOF_H'
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(users) RG_INDEX_ON("IX_NAME", Name) user {
	int32_t id RG_PRIMARY_KEY;
	char *Name RG_TYPE(VARCHAR(100));
	char *name RG_TYPE(VARCHAR(100));
};
EOF_H
	expect 0 check
	expect 0 --autogenerate -m "nothing"
	contains "$errout" "No changes detected"
	# the model without "Name": it is dropped, name kept
	sed -i '/char \*Name/d; s/RG_INDEX_ON("IX_NAME", Name)/RG_INDEX_ON(ix_name, name)/' models/app.h
	expect 0 --autogenerate -m "drop Name"
	contains "$errout" "drop column users.Name"
	lacks "$errout" "add column"
	expect 0 upgrade head
	expect 0 check
	[ "$(rows users id,name)" = "1|ann " ] || fail "rows: $(rows users '*')"
	expect 0 downgrade -1
	[ "$(rows users id,name)" = "1|ann " ] || fail "rows after downgrade: $(rows users '*')"
	db_sql "SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY 1" |
		tr '\n' ' ' | grep -qx 'Name id name ' || fail "columns after downgrade"
	;;
esac
