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
	# MySQL commits DDL as it goes: the report says exactly what ran
	contains "$errout" "2 of its 3 statement(s) had run and stay applied"
	contains "$errout" "line 8: CREATE TABLE extra"
	contains "$errout" "line 9: INSERT INTO extra"
	contains "$errout" "the version table still says aaaa00000001"
	db_tables | grep -qx extra || fail "table extra should be there"
	db_sql "DROP TABLE extra" # what the operator does before retrying
else
	contains "$errout" "rolled back"
	! db_tables | grep -qx extra || fail "the failed revision left table extra"
fi
# fixed, it applies
sed -i 's/^INSERT INTO no_such_table.*$/INSERT INTO extra (id) VALUES (2);/' "$f"
expect 0 upgrade head
[ "$(db_sql "SELECT count(*) FROM extra")" = "2" ] || fail "revision not applied"
expect 0 downgrade -1
