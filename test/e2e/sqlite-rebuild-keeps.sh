# SQLite: a rebuild keeps what the models do not describe.  An existing
# database, written by hand, has a view (and a view of it) and two
# triggers over a table; a model change that SQLite can only make by
# rebuilding the table keeps them, with their exact SQL, working, and the
# rows, on the upgrade and on the downgrade.  The hand-written table's
# INTEGER PRIMARY KEY without NOT NULL and its unnamed CHECK are no
# difference to models that say the same.
[ "$E2E_DIALECT" = sqlite ] || return 0
mkdir -p models
cat > models/item.h <<'H'
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(item) RG_INDEX_ON(ix_item_name, name) item {
	int64_t id   RG_PRIMARY_KEY RG_TYPE(INTEGER);
	char   *name RG_TYPE(TEXT);
	int32_t qty  RG_TYPE(INT) RG_NULLABLE RG_CHECK(, qty >= 0);
};

struct RG_TABLE(audit) audit {
	int64_t id  RG_PRIMARY_KEY RG_TYPE(INTEGER);
	char   *msg RG_TYPE(TEXT);
};
H
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
db_sql "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT, qty INT CHECK (qty >= 0));
        CREATE TABLE audit (id INTEGER PRIMARY KEY, msg TEXT);
        CREATE INDEX ix_item_name ON item (name);
        CREATE VIEW item_names AS SELECT id, name FROM item;
        CREATE VIEW item_names_a AS SELECT name FROM item_names WHERE name LIKE 'a%';
        CREATE TRIGGER item_ins AFTER INSERT ON item BEGIN INSERT INTO audit (msg) VALUES ('new ' || new.name); END;
        CREATE TRIGGER item_del AFTER DELETE ON item BEGIN INSERT INTO audit (msg) VALUES ('gone ' || old.name); END;
        INSERT INTO item (name, qty) VALUES ('apple', 3), ('pear', 5), ('apricot', 0);"
dependents() {
	db_sql "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master
	        WHERE type IN ('view', 'trigger', 'index') ORDER BY name"
}
before=$(dependents)
[ "$(echo "$before" | grep -c .)" -eq 5 ] || fail "the fixture is not what it should be: $before"

# nothing to do: the rowid alias is NOT NULL, the unnamed CHECKs match
expect 0 check
expect 0 --autogenerate -m "baseline"
contains "$errout" "No changes detected"

# item.name NOT NULL: SQLite rebuilds item
sed -i 's|char   \*name RG_TYPE(TEXT);|char   *name RG_TYPE(TEXT) RG_NOT_NULL;|' models/item.h
expect 1 check
expect 0 --autogenerate -m "name required"
rev=$out
contains "$(cat "$rev")" "DROP VIEW item_names_a;"
expect 0 upgrade head
expect 0 check
[ "$(dependents)" = "$before" ] || fail "views, triggers or indexes changed: $(dependents)"
[ "$(db_sql "SELECT \"notnull\" FROM pragma_table_info('item') WHERE name = 'name'")" = 1 ] ||
	fail "name is not NOT NULL"
[ "$(db_sql "SELECT group_concat(name) FROM (SELECT name FROM item ORDER BY id)")" = "apple,pear,apricot" ] ||
	fail "rows lost"
db_sql "INSERT INTO item (name, qty) VALUES ('avocado', 1); DELETE FROM item WHERE name = 'pear';"
[ "$(db_sql "SELECT group_concat(msg, ',') FROM (SELECT msg FROM audit ORDER BY id)")" = \
  "new apple,new pear,new apricot,new avocado,gone pear" ] || fail "the triggers did not fire: $(db_sql "SELECT msg FROM audit")"
[ "$(db_sql "SELECT group_concat(name) FROM (SELECT name FROM item_names_a ORDER BY name)")" = \
  "apple,apricot,avocado" ] || fail "the views do not work"
! db_sql "INSERT INTO item (name, qty) VALUES ('x', -1)" 2>/dev/null || fail "the CHECK is gone"

# and down: the same again
expect 0 downgrade -1
[ "$(dependents)" = "$before" ] || fail "the downgrade changed views, triggers or indexes: $(dependents)"
[ "$(db_sql "SELECT \"notnull\" FROM pragma_table_info('item') WHERE name = 'name'")" = 0 ] ||
	fail "name is still NOT NULL"
[ "$(db_sql "SELECT count(*) FROM item")" = 3 ] || fail "the downgrade lost rows"
db_sql "INSERT INTO item (name, qty) VALUES (NULL, 1)"
[ "$(db_sql "SELECT msg FROM audit ORDER BY id DESC LIMIT 1")" = "" ] || fail "the insert trigger is gone"
[ "$(db_sql "SELECT count(*) FROM audit")" = 6 ] || fail "the insert trigger did not fire"
db_sql "DELETE FROM item WHERE name IS NULL"
expect 0 upgrade head
expect 0 check
[ "$(dependents)" = "$before" ] || fail "views, triggers or indexes changed: $(dependents)"

# dropping a column a view names cannot keep the view: autogenerate says so
sed -i 's|^\tchar   \*name.*$||; s| RG_INDEX_ON(ix_item_name, name)||' models/item.h
expect 2 --autogenerate -m "drop name"
contains "$errout" "view item_names names column item.name"
[ "$(nrevs)" -eq 1 ] || fail "a revision was written"

# WITHOUT ROWID and STRICT: written by inspect (RG_WITHOUT_ROWID,
# RG_STRICT), kept by a rebuild and by the downgrade's rebuild, with the rows
db_sql "CREATE TABLE kv (k TEXT NOT NULL PRIMARY KEY, v INTEGER) without rowid;
	CREATE TABLE typed (a INTEGER, b TEXT) STRICT;
	INSERT INTO kv VALUES ('a', 1); INSERT INTO typed VALUES (1, 'x');"
rm -f migrations/versions/*.sql
expect 0 stamp base
mkdir -p kvmodels
expect 0 inspect --format c --output kvmodels
contains "$(cat kvmodels/kv.h)" "RG_WITHOUT_ROWID"
contains "$(cat kvmodels/typed.h)" "RG_STRICT"
rm -f models/*.h
cp kvmodels/kv.h kvmodels/typed.h models/
sed -i 's|^exclude_tables =.*|exclude_tables = item audit|' revgen.ini
expect 0 check
sed -i 's/int32_t \*v;/char *v RG_TYPE(TEXT);/; s/int32_t \*a;/char *a RG_TYPE(TEXT);/' models/*.h
expect 0 --autogenerate -m "text"
expect 0 upgrade head
expect 0 check
schema=$(db_sql "SELECT sql FROM sqlite_master WHERE name IN ('kv', 'typed') ORDER BY name")
contains "$schema" ") WITHOUT ROWID"
contains "$schema" ") STRICT"
[ "$(db_sql "SELECT k, v FROM kv") $(db_sql "SELECT a, b FROM typed")" = "a|1 1|x" ] ||
	fail "rows after the rebuild: $(db_sql "SELECT * FROM kv")"
expect 0 downgrade -1
schema=$(db_sql "SELECT sql FROM sqlite_master WHERE name IN ('kv', 'typed') ORDER BY name")
contains "$schema" ") WITHOUT ROWID"
contains "$schema" ") STRICT"
[ "$(db_sql "SELECT typeof(v) FROM kv")" = integer ] || fail "the downgrade did not make v an integer again"

# ON CONFLICT clauses, which no model says: inspect names them, and a
# rebuild for a change of another column keeps them and what they do
db_sql "CREATE TABLE member (id INTEGER PRIMARY KEY, email TEXT NOT NULL ON CONFLICT FAIL
		UNIQUE ON CONFLICT REPLACE, nick TEXT, n INT);
	INSERT INTO member VALUES (1, 'a@x', 'a', 1), (2, 'b@x', 'b', 2);"
rm -f migrations/versions/*.sql models/*.h
expect 0 stamp base
mkdir -p mmodels
expect 0 inspect --format c --output mmodels
contains "$(cat mmodels/member.h)" "UNIQUE (email) ON CONFLICT REPLACE: left as it is by revgen"
contains "$(cat mmodels/member.h)" "NOT NULL of column email ON CONFLICT FAIL"
cp mmodels/member.h models/
sed -i 's|^exclude_tables =.*|exclude_tables = item audit kv typed|' revgen.ini
expect 0 check
sed -i 's/int64_t \*n RG_TYPE(INT);/int64_t *n RG_TYPE(BIGINT);/' models/member.h
contains "$(cat models/member.h)" "RG_TYPE(BIGINT)"
expect 0 --autogenerate -m "n bigint"
contains "$(cat "$out")" "UNIQUE (email) ON CONFLICT REPLACE"
expect 0 upgrade head
expect 0 check
contains "$(db_sql "SELECT sql FROM sqlite_master WHERE name = 'member'")" "n BIGINT"
db_sql "INSERT INTO member VALUES (3, 'a@x', 'c', 3)"
[ "$(db_sql "SELECT group_concat(id || email, ' ') FROM (SELECT * FROM member ORDER BY id)")" = \
  "2b@x 3a@x" ] || fail "the UNIQUE no longer replaces: $(db_sql "SELECT * FROM member")"
! db_sql "INSERT INTO member VALUES (4, NULL, 'd', 4)" 2>/dev/null || fail "NOT NULL is gone"
expect 0 downgrade -1
contains "$(db_sql "SELECT sql FROM sqlite_master WHERE name = 'member'")" "ON CONFLICT REPLACE"
expect 0 upgrade head
expect 0 check
