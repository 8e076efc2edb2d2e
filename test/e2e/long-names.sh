# Names revgen makes up fit the database (issue 19, finding 4): PostgreSQL
# keeps 63 bytes of a name and cuts the rest without a word, MySQL refuses
# more than 64 characters.  A made-up name too long is its start, '_' and
# 8 hex digits of a hash of the whole name; two that start alike stay two.
# A name the models write that is too long is an error at its file:line.
# SQLite has no limit: there the names are whole.
mkdir -p models
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
rm -f models/example.h

db_sql "CREATE TABLE customers (id BIGINT NOT NULL PRIMARY KEY)" >/dev/null
db_sql "CREATE TABLE purchase_order_line_items (
	id BIGINT NOT NULL PRIMARY KEY,
	billing_customer_account_id BIGINT NOT NULL,
	billing_customer_account_region_identifier_primary BIGINT NOT NULL,
	billing_customer_account_region_identifier_secondary BIGINT NOT NULL)" >/dev/null
db_sql "INSERT INTO customers VALUES (1)" >/dev/null
db_sql "INSERT INTO purchase_order_line_items VALUES (1, 1, 7, 8)" >/dev/null

models() {
	cat > models/orders.h <<EOF_H
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(customers) customer {
	int64_t id RG_PRIMARY_KEY;
};
struct RG_TABLE(purchase_order_line_items) item {
	int64_t id RG_PRIMARY_KEY;
	int64_t billing_customer_account_id RG_REFERENCES(customers, id);
	int64_t billing_customer_account_region_identifier_primary RG_INDEX;
	int64_t billing_customer_account_region_identifier_secondary RG_INDEX $1;
};
EOF_H
}

models ""
expect 1 check
expect 0 --autogenerate -m "long names"
rev=$(cat "$out")
names=$(printf '%s\n' "$rev" | grep -oE '(fk|ix)_purchase_order_line_items[A-Za-z0-9_]*' | sort -u)
[ "$(printf '%s\n' "$names" | wc -l)" -eq 3 ] || fail "three names expected: $names"
case $E2E_DIALECT in
sqlite)
	contains "$names" fk_purchase_order_line_items_billing_customer_account_id_customers
	contains "$names" ix_purchase_order_line_items_billing_customer_account_region_identifier_secondary ;;
*)
	max=63; [ "$E2E_DIALECT" = mysql ] && max=64
	for n in $names; do
		[ ${#n} -le $max ] || fail "$n is ${#n} long"
		printf '%s' "$n" | grep -qE '_[0-9a-f]{8}$' || fail "$n has no hash suffix"
	done ;;
esac
expect 0 upgrade head
expect 0 check
expect 0 --autogenerate -m "again"
contains "$errout" "No changes detected"
# (the sqlite3 shell does not enforce foreign keys)
if [ "$E2E_DIALECT" != sqlite ]; then
	! db_sql "INSERT INTO purchase_order_line_items VALUES (2, 99, 7, 8)" >/dev/null 2>&1 ||
		fail "the foreign key is not there"
fi
expect 0 downgrade -1
[ "$(db_sql "SELECT * FROM purchase_order_line_items ORDER BY id" | head -1)" = "1|1|7|8" ] ||
	fail "rows: $(db_sql "SELECT * FROM purchase_order_line_items")"
expect 0 upgrade head
expect 0 check

# a name the models write: 65 characters, more than either keeps
models "RG_INDEX_NAME(ix_purchase_order_line_items_billing_customer_account_secondary_x)"
case $E2E_DIALECT in
sqlite)
	expect 0 --autogenerate -m "a long index name" ;;
*)
	expect 2 --autogenerate -m "a long index name"
	contains "$errout" "orders.h:10:"
	contains "$errout" "is 65"
	expect 2 check ;;
esac
