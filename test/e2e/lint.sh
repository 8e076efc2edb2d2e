# `revgen lint` on the pending revisions of a database that holds rows:
# the data-dependent rules answered by the database (rows, duplicates,
# NULLs), the dialect's lock rules, silencing comments, the three output
# formats and the exit status; and a generated revision that creates
# tables has no finding at all.
# The findings on the squawk comparison's PostgreSQL revisions
# (docs/lint.md) stay those of its table: once, without a server.
if [ "$E2E_DIALECT" = sqlite ]; then
	mkdir -p fx/migrations/versions
	cp "$RG_FIXTURES"/lint/postgresql/*.sql fx/migrations/versions/
	printf '[revgen]\nurl = postgresql://localhost/unused\n' >fx/revgen.ini
	expect 0 -c fx/revgen.ini lint --offline --all --server-version 15 --format json --fail-on never
	printf '%s\n' "$out" | python3 -c '
import json, os, sys
for f in json.load(sys.stdin)["findings"]:
    print("%s:%d %s %s" % (os.path.basename(f["file"]), f["line"], f["rule"], f["severity"]))
' >fx/got
	diff -u "$RG_FIXTURES/lint/postgresql.expected" fx/got >&2 || fail "findings on test/fixtures/lint/postgresql"
	rm -rf fx
fi

project_blog
expect 0 --autogenerate -m "create tables" --rev-id a0000000001
expect 0 lint
contains "$out" "No findings."
expect 0 upgrade head
expect 0 lint
contains "$out" "No findings."
db_sql "INSERT INTO users (id, username, created_at) VALUES (1, 'ann', '2024-01-01 00:00:00'),
        (2, 'bob', '2024-01-01 00:00:00'), (3, 'cy', '2024-01-02 00:00:00')" >/dev/null

# a hand-written revision: three data-dependent changes, one per answer
expect 0 revision -m "risky" --rev-id b0000000001
f=$out
if [ "$E2E_DIALECT" = sqlite ]; then
	karma="ALTER TABLE users ADD COLUMN karma INTEGER NOT NULL DEFAULT 0;"
	karma_down="ALTER TABLE users DROP COLUMN karma;"
else
	karma="ALTER TABLE users ADD COLUMN karma INTEGER NOT NULL;"
	karma_down="ALTER TABLE users DROP COLUMN karma;"
fi
if [ "$E2E_DIALECT" = mysql ]; then
	drop_ix="DROP INDEX uq_users_created ON users;"
	drop_ix2="DROP INDEX uq_users_name_created ON users;\nDROP INDEX uq_posts_code ON posts;"
else
	drop_ix="DROP INDEX uq_users_created;"
	drop_ix2="DROP INDEX uq_users_name_created;\nDROP INDEX uq_posts_code;"
fi
python3 - "$f" "$karma" "$karma_down" "$drop_ix" "$drop_ix2" <<'EOF'
import sys
path, karma, karma_down, drop_ix, drop_ix2 = [a.replace("\\n", "\n") for a in sys.argv[1:]]
text = open(path).read()
up = f"""-- upgrade()
{karma}
ALTER TABLE posts ADD COLUMN hits INTEGER NOT NULL;
CREATE UNIQUE INDEX uq_users_created ON users (created_at);
CREATE UNIQUE INDEX uq_users_name_created ON users (username, created_at);
ALTER TABLE posts ADD COLUMN code VARCHAR(20);
CREATE UNIQUE INDEX uq_posts_code ON posts (code);
"""
down = f"""-- downgrade()
{drop_ix2}
{drop_ix}
ALTER TABLE posts DROP COLUMN code;
ALTER TABLE posts DROP COLUMN hits;
{karma_down}
"""
text = text.replace("-- upgrade()\n", up).replace("-- downgrade()\n", down)
open(path, "w").write(text)
EOF
expect 1 lint
if [ "$E2E_DIALECT" = sqlite ]; then
	# SQLite refuses a NOT NULL column without a default on any table
	contains "$out" "error [add-not-null] adds posts.hits NOT NULL without a default: SQLite refuses"
else
	contains "$out" "error [add-not-null] adds users.karma NOT NULL without a default: users has rows, so this fails"
	contains "$out" "notice [add-not-null] adds posts.hits NOT NULL without a default: posts is empty"
fi
contains "$out" "error [new-unique] adds a unique index on users: the table holds duplicates"
contains "$out" "notice [new-unique] adds a unique index on users: no duplicates there today"
# a column the revision adds first is not in the database to ask
contains "$out" "warning [new-unique] adds a unique index on posts: fails if the table holds duplicates"
lacks "$out" "downgrade-mismatch"
if [ "$E2E_DIALECT" = postgresql ]; then
	contains "$out" "warning [pg-create-index] creates index uq_users_created on users without CONCURRENTLY"
fi
# the same revision without the database: what may fail, as warnings
# (SQLite's refusal is an error whatever the rows)
expect "$([ "$E2E_DIALECT" = sqlite ] && echo 1 || echo 0)" lint --offline --all
contains "$out" "warning [new-unique] adds a unique index on users: fails if the table holds duplicates"
expect 1 lint --offline --all --fail-on warning
# JSON and GitHub annotations
expect 1 lint --format json
printf '%s\n' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["revisions"] == ["b0000000001"], d["revisions"]
assert d["database"] is True
f = [x for x in d["findings"] if x["rule"] == "new-unique" and x["severity"] == "error"]
assert len(f) == 1 and f[0]["line"] > 0 and f[0]["category"] == "data", f
assert f[0]["file"].endswith("b0000000001_risky.sql") and f[0]["silenced"] is None, f
' || fail "lint --format json"
expect 1 lint --format github
# the path as the repository has it, for GitHub to place the annotation
contains "$out" "::error file=migrations/versions/b0000000001_risky.sql,line="
contains "$out" "title=revgen lint new-unique::adds a unique index on users"
# a reason given above the statement silences it; one without a reason
# silences nothing and is a finding
sed -i 's|^CREATE UNIQUE INDEX uq_users_created |-- lint-ignore new-unique, pg-create-index: duplicates are removed by the deploy job\n&|' "$f"
sed -i 's|^ALTER TABLE posts ADD COLUMN hits|-- lint-ignore add-not-null\n&|' "$f"
expect 1 lint --fail-on notice
lacks "$out" "users: the table holds duplicates"
contains "$out" "warning [ignore-no-reason] this lint-ignore comment gives no reason"
expect 1 -v lint --fail-on notice
contains "$out" "silenced: duplicates are removed by the deploy job"
# a downgrade that leaves out a change
sed -i '/^DROP INDEX uq_users_created/d' "$f"
expect 0 lint --fail-on never
contains "$out" "warning [downgrade-mismatch] downgrade() does not undo this: index uq_users_created is not dropped"
expect 2 lint --fail-on sometimes
contains "$errout" "unknown --fail-on 'sometimes'"
printf 'lint_fail_on = warning\n' >>revgen.ini
expect 1 lint --offline b0000000001
rm "$f"

# per dialect: the lock and rewrite rules of a generated revision
sed -i 's|time_t  created_at    RG_DEFAULT(CURRENT_TIMESTAMP);|&\n\tint64_t score RG_NULLABLE RG_INDEX;|' models/user.h
expect 0 --autogenerate -m "score" --rev-id c0000000001
expect 0 lint --fail-on never
case $E2E_DIALECT in
postgresql)
	contains "$out" "[pg-create-index] creates index ix_users_score on users without CONCURRENTLY"
	lacks "$out" "downgrade-mismatch" ;;
sqlite)
	# a column that is not last: SQLite rebuilds the table
	contains "$out" "warning [sqlite-rebuild] rebuilds users: copies every row" ;;
mysql)
	contains "$out" "No findings." ;;
esac
expect 0 upgrade head
# a MySQL foreign key is added by copying the table; a PostgreSQL one
# checks every row unless NOT VALID
expect 0 revision -m "fk" --rev-id d0000000001
f=$out
if [ "$E2E_DIALECT" != sqlite ]; then
	sed -i 's|^-- upgrade()$|&\nALTER TABLE posts ADD CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id);|' "$f"
	if [ "$E2E_DIALECT" = mysql ]; then
		sed -i 's|^-- downgrade()$|&\nALTER TABLE posts DROP FOREIGN KEY fk_posts_user;|' "$f"
	else
		sed -i 's|^-- downgrade()$|&\nALTER TABLE posts DROP CONSTRAINT fk_posts_user;|' "$f"
	fi
	expect 1 lint
	if [ "$E2E_DIALECT" = mysql ]; then
		contains "$out" "warning [mysql-copy] ALTER of posts cannot run INSTANT or INPLACE (adding a foreign key"
	else
		contains "$out" "warning [pg-add-fk] adds a foreign key on posts"
		contains "$out" "notice [pg-lock-timeout]"
	fi
	lacks "$out" "downgrade-mismatch"
fi

# a narrowing change: the database says whether a value would not fit
# (SQLite keeps any value in any column: no such finding there)
if [ "$E2E_DIALECT" != sqlite ]; then
	rm "$f"
	expect 0 revision -m "narrow" --rev-id e0000000001
	f=$out
	if [ "$E2E_DIALECT" = mysql ]; then
		up2="ALTER TABLE users MODIFY username VARCHAR(2) NOT NULL;"
		down2="ALTER TABLE users MODIFY username VARCHAR(255) NOT NULL;"
		up3="ALTER TABLE users MODIFY username VARCHAR(3) NOT NULL;"
	else
		up2="ALTER TABLE users ALTER COLUMN username TYPE varchar(2);"
		down2="ALTER TABLE users ALTER COLUMN username TYPE varchar(255);"
		up3="ALTER TABLE users ALTER COLUMN username TYPE varchar(3);"
	fi
	sed -i "s|^-- upgrade()\$|&\n$up2|; s|^-- downgrade()\$|&\n$down2|" "$f"
	expect 1 lint --fail-on error
	contains "$out" "error [narrowing-type] changes users.username to "
	contains "$out" "some values do not fit"
	# 'ann', 'bob' and 'cy' fit in 3 characters
	sed -i "s|^$up2\$|$up3|" "$f"
	expect 0 lint --fail-on error
	contains "$out" "notice [narrowing-type] changes users.username from "
	contains "$out" "every value fits today"
	# without the downgrade's type, the database says what the column is
	sed -i "/^${down2}\$/d" "$f"
	expect 0 lint --fail-on error
	contains "$out" "notice [narrowing-type] changes users.username from "
	lacks "$out" "downgrade-mismatch] downgrade() does not undo this: column"
fi

# SQLite: a rebuild that adds a NOT NULL column without a default fails
# to copy the rows users holds
if [ "$E2E_DIALECT" = sqlite ]; then
	rm "$f"
	expect 0 revision -m "rebuild" --rev-id e0000000002
	f=$out
	python3 - "$f" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
up = """-- upgrade()
CREATE TABLE "_rg_new_users" (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    username VARCHAR(255) NOT NULL, level INTEGER NOT NULL, created_at TIMESTAMP);
INSERT INTO "_rg_new_users" (id, username, created_at)
    SELECT id, username, created_at FROM users;
DROP TABLE users;
ALTER TABLE "_rg_new_users" RENAME TO users;
"""
down = """-- downgrade()
ALTER TABLE users DROP COLUMN level;
"""
open(path, "w").write(text.replace("-- upgrade()\n", up).replace("-- downgrade()\n", down))
PY
	expect 1 lint
	contains "$out" "error [add-not-null] adds users.level NOT NULL without a default in a rebuild: the copy of its rows fails"
	lacks "$out" "drop-table"
fi
