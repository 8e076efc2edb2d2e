# Foreign keys on two columns declared with RG_FOREIGN_KEY (issue 20,
# item 3): a model adds two (one named, one the naming convention names,
# each with an action), autogenerate writes them, upgrade adds them (SQLite:
# in the rebuilt CREATE TABLE; the servers: ALTER TABLE ADD CONSTRAINT),
# check is clean and the keys hold; the model drops one again; each
# downgrade brings back the step before, and up again check is clean.
mkdir -p models
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
rm -f models/example.h

# models KEYS: parent and child, with KEYS between child's struct and tag
# (InnoDB wants the referenced columns first in an index of parent, in
# their order: the unique key lets the second key reference (rev, id))
models() {
	cat >models/app.h <<EOF_H
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(parent)
	RG_UNIQUE_ON(uq_parent_rev_id, rev, id)
	parent {
	int32_t id RG_PRIMARY_KEY;
	int16_t rev RG_PRIMARY_KEY;
};
struct RG_TABLE(child)
	$1
	child {
	int32_t id RG_PRIMARY_KEY;
	int32_t *pid;
	int16_t *prev;
};
EOF_H
}
both="RG_FOREIGN_KEY(child_parent, (pid, prev), parent, (id, rev), ON DELETE CASCADE)
	RG_FOREIGN_KEY(, (prev, pid), parent, (rev, id), ON UPDATE CASCADE)"
one="RG_FOREIGN_KEY(, (prev, pid), parent, (rev, id), ON UPDATE CASCADE)"
# holds: a row that references no parent is refused (the sqlite3 shell
# does not enforce foreign keys: there, the schema says it)
holds() {
	case $E2E_DIALECT in
	sqlite) contains "$(db_sql "SELECT sql FROM sqlite_master WHERE name = 'child'")" "$1" ;;
	*) ! db_sql "INSERT INTO child VALUES (99, 7, 7)" >/dev/null 2>&1 ||
		fail "a row that references no parent was accepted" ;;
	esac
}

models ""
expect 0 --autogenerate -m tables
expect 0 upgrade head
db_sql "INSERT INTO parent VALUES (1, 1)" >/dev/null
db_sql "INSERT INTO child VALUES (1, 1, 1)" >/dev/null

models "$both"
expect 1 check
contains "$out" "add foreign key child.child_parent"
contains "$out" "add foreign key child.fk_child_prev_pid_parent"
expect 0 --autogenerate -m "two-column keys"
expect 0 upgrade head
expect 0 check
holds 'CONSTRAINT child_parent FOREIGN KEY (pid, prev) REFERENCES parent (id, rev) ON DELETE CASCADE'
[ "$(db_sql "SELECT count(*) FROM child")" = 1 ] || fail "the row of child is gone"

models "$one"
expect 1 check
contains "$out" "drop foreign key child.child_parent"
lacks "$out" "fk_child_prev_pid_parent"
expect 0 --autogenerate -m "one key less"
expect 0 upgrade head
expect 0 check
holds 'FOREIGN KEY (prev, pid) REFERENCES parent (rev, id) ON UPDATE CASCADE'

# each downgrade brings back the step before; up again, check is clean
expect 0 downgrade -1
holds 'CONSTRAINT child_parent FOREIGN KEY'
expect 0 downgrade -1
case $E2E_DIALECT in
sqlite) lacks "$(db_sql "SELECT sql FROM sqlite_master WHERE name = 'child'")" "FOREIGN KEY" ;;
*) db_sql "INSERT INTO child VALUES (99, 7, 7)" >/dev/null
   db_sql "DELETE FROM child WHERE id = 99" >/dev/null ;;
esac
[ "$(db_sql "SELECT count(*) FROM child")" = 1 ] || fail "the row of child is gone"
expect 0 upgrade head
expect 0 check
