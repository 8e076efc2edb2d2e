# A failing statement rolls its revision back, the version stays, and the
# error names the file, the line and SQLite's message.
project_blog
expect 0 --autogenerate -m "create tables" --rev-id aaaa00000001
expect 0 upgrade head
expect 0 revision -m "broken" --rev-id bbbb00000002
f=$out
cat > "$f" <<SQL
-- broken
--
-- Revision ID: bbbb00000002
-- Revises: aaaa00000001
-- Create Date: 2026-01-01 00:00:00.000000

-- upgrade()
CREATE TABLE extra (id INTEGER PRIMARY KEY);
INSERT INTO extra (id) VALUES (1);
INSERT INTO no_such_table (x) VALUES (1);

-- downgrade()
DROP TABLE extra;
SQL
expect 2 upgrade head
failure=$errout
contains "$failure" "$(basename "$f"):10"
contains "$failure" "no_such_table"  # each database words it its own way
expect 0 current
contains "$out" "aaaa00000001"
errout=$failure
if [ "$E2E_DIALECT" = mysql ]; then
	# MySQL commits DDL as it goes: the revision ran statement by statement,
	# and the report and `current` say how far it got
	contains "$errout" "2 of its 3 statements are applied"
	contains "$errout" "revgen resolve bbbb00000002"
	lacks "$errout" "rolled back"
	db_tables | grep -qx extra || fail "table extra should be there"
	expect 0 current
	contains "$out" "bbbb00000002 (partly applied: 2 of 3 statements; next: $f:10"
	# an edited file is refused until the operator says what of it ran
	sed -i 's/^INSERT INTO no_such_table.*$/INSERT INTO extra (id) VALUES (2);/' "$f"
	expect 2 upgrade head
	contains "$errout" "from a different version of this file"
	expect 0 resolve bbbb00000002 --ran 2
else
	contains "$errout" "rolled back"
	! db_tables | grep -qx extra || fail "the failed revision left table extra"
	sed -i 's/^INSERT INTO no_such_table.*$/INSERT INTO extra (id) VALUES (2);/' "$f"
fi
# fixed, it applies
expect 0 upgrade head
[ "$(db_sql "SELECT count(*) FROM extra")" = "2" ] || fail "revision not applied"
expect 0 downgrade -1
