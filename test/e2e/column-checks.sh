# Column-level CHECKs made by hand (issue 18): MariaDB keeps them in the
# column's definition, named after the column, where DROP CONSTRAINT does
# not reach and every MODIFY COLUMN that leaves them out drops them.  The
# models' unnamed RG_CHECK on a field is one: adopting finds nothing, a
# baseline recreates them as they were (mysqldump --no-data), a MODIFY of
# the column keeps its check and everything else it has, a check that
# becomes a table constraint is taken out with MODIFY COLUMN, and the
# downgrade gives back what was.  The other databases take the same
# models as before.
mkdir -p models
if [ "$E2E_DIALECT" = mysql ]; then
	label_sql="VARCHAR(20) CHARACTER SET latin1 NOT NULL DEFAULT 'x' COMMENT 'the label'"
	label_model="RG_CHARSET(latin1) RG_DEFAULT('x') RG_COMMENT(\"the label\")"
else
	label_sql="VARCHAR(20) NOT NULL DEFAULT 'x'"
	label_model="RG_DEFAULT('x')"
fi
model() { # $1: qty's check's name, $2: label's length
	cat > models/items.h <<H
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(items) RG_CHECK(price_cap, price < 100000) RG_CHECK(price_qty, price >= qty) item {
	int32_t id    RG_PRIMARY_KEY;
	int32_t qty   RG_DEFAULT(1) RG_CHECK($1, qty > 0);
	int32_t price RG_CHECK(, price >= 0);
	char   *label RG_TYPE(VARCHAR($2)) RG_NOT_NULL $label_model RG_CHECK(, label <> '');
};
H
}
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
create="CREATE TABLE items (
	id INTEGER NOT NULL PRIMARY KEY,
	qty INTEGER NOT NULL DEFAULT 1 CHECK (qty > 0),
	price INTEGER NOT NULL CHECK (price >= 0),
	label $label_sql CHECK (label <> ''),
	CONSTRAINT price_cap CHECK (price < 100000),
	CONSTRAINT price_qty CHECK (price >= qty))"
db_sql "$create" >/dev/null
dump() {
	[ "$E2E_DIALECT" = mysql ] || return 0
	mariadb-dump --no-defaults -h "${my_hostport%:*}" -P "${my_hostport##*:}" -u "$my_user" \
		-p"$my_pass" --no-data --skip-comments "$my_db" items | grep -v '^$'
}
orig=$(dump)
[ "$E2E_DIALECT" != mysql ] || contains "$orig" "CHECK (\`qty\` > 0)"

model "" 20
expect 0 check

# a baseline from the models, against an empty database
db_sql "DROP TABLE items" >/dev/null
expect 0 --autogenerate -m "baseline"
expect 0 upgrade head
expect 0 check
[ "$(dump)" = "$orig" ] || fail "the baseline differs: $(diff <(echo "$orig") <(dump))"
db_sql "INSERT INTO items (id, qty, price, label) VALUES (1, 2, 3, 'abc')" >/dev/null

# qty's check becomes a named table constraint; label gets longer
model "qty_positive" 30
expect 1 check
expect 0 --autogenerate -m "change"
rev=$(cat "$out")
if [ "$E2E_DIALECT" = mysql ]; then
	contains "$rev" "MODIFY COLUMN qty int(11) NOT NULL DEFAULT 1;"
	contains "$rev" "ADD CONSTRAINT qty_positive CHECK (qty > 0);"
	contains "$rev" "MODIFY COLUMN label VARCHAR(30) CHARACTER SET latin1 COLLATE latin1_swedish_ci NOT NULL DEFAULT 'x' COMMENT 'the label' CHECK ("
	lacks "${rev%%-- downgrade()*}" "DROP CONSTRAINT"
fi
expect 0 upgrade head
expect 0 check
if [ "$E2E_DIALECT" = mysql ]; then
	[ "$(db_sql "SELECT CONSTRAINT_NAME, LEVEL FROM information_schema.CHECK_CONSTRAINTS
		WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY 1")" = "$(printf 'label|Column\nprice|Column\nprice_cap|Table\nprice_qty|Table\nqty_positive|Table')" ] ||
		fail "checks after the change: $(db_sql "SELECT * FROM information_schema.CHECK_CONSTRAINTS")"
fi
db_sql "INSERT INTO items (id, qty, price, label) VALUES (2, 1, 1, '')" >/dev/null 2>&1 &&
	fail "label's check is gone"
expect 0 downgrade -1
[ "$(dump)" = "$orig" ] || fail "the downgrade differs: $(diff <(echo "$orig") <(dump))"
[ "$(db_sql "SELECT label FROM items")" = abc ] || fail "rows lost"
expect 0 upgrade head
expect 0 check
