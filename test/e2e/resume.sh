# A revision that runs outside a transaction (any MySQL revision with DDL;
# "-- Transaction: no" elsewhere) and fails part-way: `current` says how
# far it got, the next `upgrade` goes on from the failed statement once
# the cause is fixed (no statement runs twice: the ledger's key would
# refuse a second INSERT), an edited file is refused, and `revgen resolve`
# says what the database holds.  test/e2e/crash.sh kills runs instead.
mkdir -p models
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
sed -i "s|^models = .*|models =|" revgen.ini
# rev ID PREV UP DOWN: a revision outside a transaction
rev() {
	expect 0 revision -m "$1" --rev-id "$1" ${2:+--head "$2"}
	sed -i "s|^-- Create Date: \(.*\)\$|-- Create Date: \1\n-- Transaction: no|; s|^-- upgrade()\$|-- upgrade()\n$3|; s|^-- downgrade()\$|-- downgrade()\n$4|" "$out"
	file=$out
}
rev a0000000001 "" "CREATE TABLE ledger (n INTEGER PRIMARY KEY);\nINSERT INTO ledger (n) VALUES (1);\nINSERT INTO ledger (n) VALUES (2);\nINSERT INTO missing_t (x) VALUES (1);\nINSERT INTO ledger (n) VALUES (3);\nCREATE TABLE done_t (id INTEGER);" "DROP TABLE done_t;\nDROP TABLE ledger;"
fa=$file
line=$(grep -n '^INSERT INTO missing_t' "$fa" | cut -d: -f1)
expect 2 upgrade head
contains "$errout" "$fa:$line:"
contains "$errout" "3 of its 6 statements are applied"
contains "$errout" "revgen resolve a0000000001"
expect 0 current
contains "$out" "a0000000001 (partly applied: 3 of 6 statements; next: $fa:$line"
contains "$out" "it failed:"
lacks "$out" "(head)"
expect 0 current --format json
contains "$out" '"statements_applied": 3'
# history reads no database, unless -i asks it to mark what it holds
expect 0 history
lacks "$out" "partly applied"
expect 0 history -i
contains "$out" "<base> -> a0000000001 (head) (partly applied: 3 of 6 statements; next: $fa:$line"
lacks "$out" "(current)"
expect 0 history -i --format json
contains "$out" '"is_current": false'
contains "$out" '"partly_applied": "partly applied: 3 of 6 statements'
expect 2 --url "sqlite:////nonexistent-dir/x.db" history -i
contains "$errout" "cannot connect"
# nothing else runs before it is resolved
expect 2 downgrade base
contains "$errout" "a0000000001 is partly applied"
# an edited file is refused (its statements may no longer be the ones counted)
cp "$fa" "$work/saved.sql"
sed -i "s|^INSERT INTO ledger (n) VALUES (3);|INSERT INTO ledger (n) VALUES (4);|" "$fa"
expect 2 upgrade head
contains "$errout" "from a different version of this file"
cp "$work/saved.sql" "$fa"
# the cause fixed, the run goes on from the failed statement
db_sql "CREATE TABLE missing_t (x INTEGER)"
expect 0 upgrade head
expect 0 current
[ "$out" = "a0000000001 (head)" ] || fail "expected the revision applied"
expect 0 history -i
[ "$out" = "<base> -> a0000000001 (head) (current), a0000000001" ] || fail "history -i after the resume"
[ "$(db_sql 'SELECT COUNT(*) FROM ledger')" = 3 ] || fail "ledger rows"
[ "$(db_sql 'SELECT COUNT(*) FROM missing_t')" = 1 ] || fail "missing_t rows"

# resolve --ran N: the operator did statement 2 by hand
rev b0000000001 a0000000001 "INSERT INTO ledger (n) VALUES (10);\nINSERT INTO missing_b (x) VALUES (1);\nINSERT INTO ledger (n) VALUES (11);" "DELETE FROM ledger WHERE n >= 10;"
expect 2 upgrade head
contains "$errout" "1 of its 3 statements are applied"
expect 2 resolve b0000000001 --ran 7
contains "$errout" "has 3 statement(s)"
expect 0 resolve b0000000001 --ran 2
expect 0 current
contains "$out" "b0000000001 (partly applied: 2 of 3 statements"
expect 0 upgrade head
[ "$(db_sql 'SELECT COUNT(*) FROM ledger WHERE n >= 10')" = 2 ] || fail "ledger rows of b"

# resolve --applied: done by hand; --rolled-back: undone by hand
rev c0000000001 b0000000001 "CREATE TABLE c_t (id INTEGER);\nINSERT INTO missing_c (x) VALUES (1);" "DROP TABLE c_t;"
expect 2 upgrade head
expect 0 resolve c0000000001 --applied
expect 0 current
[ "$out" = "c0000000001 (head)" ] || fail "expected c applied"
expect 0 downgrade -1
expect 2 resolve c0000000001 --applied
contains "$errout" "is not partly applied"
expect 2 upgrade head
db_sql "DROP TABLE c_t"
expect 0 resolve c0000000001 --rolled-back
db_sql "CREATE TABLE missing_c (x INTEGER)"
expect 0 upgrade head
expect 0 current
[ "$out" = "c0000000001 (head)" ] || fail "expected c applied after the rollback"

# a statement that was running when a run stopped, whose effect the
# catalog shows: taken as done (the fingerprint recorded before it differs)
rev d0000000001 c0000000001 "CREATE TABLE d_t (id INTEGER);\nINSERT INTO missing_d (x) VALUES (1);" "DROP TABLE d_t;"
expect 2 upgrade head
db_sql "UPDATE revgen_version_progress SET statements_applied = 0, pending_statement = 1, catalog_before = '0000000000000000'"
expect 0 current
contains "$out" "statement 1 was running when the run stopped"
db_sql "CREATE TABLE missing_d (x INTEGER)"
expect 0 upgrade head
expect 0 current
[ "$out" = "d0000000001 (head)" ] || fail "expected d applied"
# MariaDB's DROP TABLE a, b without b drops a and fails: the statement
# changed the catalog in part, and only the operator can say what to do
if [ "$E2E_DIALECT" = mysql ]; then
	rev e0000000001 d0000000001 "CREATE TABLE e_t (id INTEGER);\nDROP TABLE e_t, no_such_e;\nCREATE TABLE e2_t (id INTEGER);" "DROP TABLE e2_t;"
	expect 2 upgrade head
	contains "$errout" "changed the catalog, perhaps in part"
	contains "$errout" "revgen resolve e0000000001 --ran 2"
	expect 2 upgrade head
	contains "$errout" "the catalog does not tell whether it took effect"
	expect 0 resolve e0000000001 --ran 2
	expect 0 upgrade head
	expect 0 current
	[ "$out" = "e0000000001 (head)" ] || fail "expected e applied"
fi
# a stamp says what the database holds: the record goes with it
last=d0000000001
[ "$E2E_DIALECT" != mysql ] || last=e0000000001
rev f0000000001 "$last" "CREATE TABLE f_t (id INTEGER);\nINSERT INTO missing_f (x) VALUES (1);" "DROP TABLE f_t;"
expect 2 upgrade head
expect 0 stamp f0000000001
expect 0 current
[ "$out" = "f0000000001 (head)" ] || fail "expected f stamped, nothing partly applied"
# a revision of DML alone keeps its one transaction, on MySQL too
expect 0 revision -m g --rev-id g0000000001 --head f0000000001
sed -i "s|^-- upgrade()\$|-- upgrade()\nINSERT INTO ledger (n) VALUES (20);\nINSERT INTO missing_g (x) VALUES (1);|" "$out"
fg=$out
expect 2 upgrade head
contains "$errout" "revision g0000000001 was rolled back"
[ "$(db_sql 'SELECT COUNT(*) FROM ledger WHERE n = 20')" = 0 ] || fail "the DML revision was not rolled back"
expect 0 current
[ "$out" = "f0000000001" ] || fail "expected f, nothing partly applied"
rm "$fg"
# and the whole way back down
expect 0 downgrade base
[ -z "$(db_tables | grep -E '^(ledger|done_t|c_t|d_t|e2_t|f_t)$' || true)" ] || fail "tables left after downgrade base"
