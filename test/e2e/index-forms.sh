# Partial, expression and DESC indexes declared in the models
# (RG_INDEX_WHERE, RG_UNIQUE_WHERE, key parts in parentheses, DESC):
# created, compared in the server's spelling without a false difference,
# changed; and indexes no model can declare (an operator class with
# options on PostgreSQL, an expression's COLLATE on SQLite) left alone with a
# note (index-forms-20.sh: the forms of issue 20).  MySQL and MariaDB: the
# forms revgen does not manage there are refused at file:line.
mkdir -p models
cat > models/shop.h <<'H'
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <revgen.h>

struct RG_TABLE(customer)
	RG_UNIQUE_WHERE(customer_email_active_idx, active, (lower(email)))
	customer {
	int32_t id RG_PRIMARY_KEY;
	char email[101];
	bool active;
	char *tags;
};

struct RG_TABLE(orders)
	RG_INDEX_WHERE(idx_orders_open, status = 'open', customer_id)
	RG_INDEX_ON(idx_orders_recent, customer_id, ordered_at DESC)
	orders {
	int32_t id RG_PRIMARY_KEY;
	int32_t customer_id;
	char status[17];
	time_t ordered_at;
};
H
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini

if [ "$E2E_DIALECT" = mysql ]; then
	expect 2 check
	contains "$errout" "shop.h:7:"
	contains "$errout" "a partial (WHERE) index customer_email_active_idx on table customer"
	sed -i 's|RG_UNIQUE_WHERE(customer_email_active_idx, active, (lower(email)))|RG_UNIQUE_ON(customer_email_active_idx, (lower(email)))|;s|RG_INDEX_WHERE(idx_orders_open, .*|RG_INDEX_ON(idx_orders_open, customer_id)|' models/shop.h
	expect 2 check
	contains "$errout" "shop.h:7:"
	contains "$errout" "an expression key part in the index customer_email_active_idx"
	# a DESC part is theirs (MariaDB 10.8, MySQL 8; index-forms-20.sh)
	sed -i 's|RG_UNIQUE_ON(customer_email_active_idx, (lower(email)))||' models/shop.h
	expect 1 check
	contains "$out" "create index orders.idx_orders_recent"
	exit 0
fi

# from nothing: created, then nothing to do, then gone again
expect 0 --autogenerate -m "shop"
expect 0 upgrade head
expect 0 check
lacks "$errout" "note:"
! db_sql "INSERT INTO customer (id, email, active) VALUES (1, 'A@x', TRUE), (2, 'a@X', TRUE)" \
	>/dev/null 2>&1 || fail "the unique expression index is not there"
db_sql "INSERT INTO customer (id, email, active) VALUES (3, 'b@x', FALSE), (4, 'B@x', FALSE)" \
	>/dev/null || fail "the unique index is not partial"
expect 0 downgrade base
[ -z "$(db_tables | grep -v revgen_version || true)" ] || fail "tables left after downgrade base"
rm -f migrations/versions/*.sql

# a schema written by hand, with indexes only some of which a model can say
if [ "$E2E_DIALECT" = postgresql ]; then
	db_sql "CREATE TABLE customer (id integer PRIMARY KEY, email varchar(100) NOT NULL,
		active boolean NOT NULL, tags text);
	CREATE UNIQUE INDEX customer_email_active_idx ON customer (lower(email)) WHERE active;
	CREATE INDEX customer_tags_sig ON customer USING gist
		((to_tsvector('simple', tags)) tsvector_ops (siglen = 64));
	CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL,
		status varchar(16) NOT NULL, ordered_at timestamp NOT NULL);
	CREATE INDEX idx_orders_open ON orders (customer_id) WHERE status = 'open';
	CREATE INDEX idx_orders_recent ON orders (customer_id, ordered_at DESC);" >/dev/null
	opaque="customer.customer_tags_sig"
else
	# ((lower(email))): the form revgen wrote before, the same index
	db_sql "CREATE TABLE customer (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL,
		active BOOLEAN NOT NULL, tags TEXT);
	CREATE UNIQUE INDEX customer_email_active_idx ON customer ((lower(email))) WHERE active;
	CREATE INDEX customer_email_nocase ON customer (lower(email) COLLATE NOCASE);
	CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL,
		status VARCHAR(16) NOT NULL, ordered_at TIMESTAMP NOT NULL);
	CREATE INDEX idx_orders_open ON orders (customer_id) WHERE status = 'open';
	CREATE INDEX idx_orders_recent ON orders (customer_id, ordered_at DESC);" >/dev/null
	opaque="customer.customer_email_nocase"
fi
db_sql "INSERT INTO customer (id, email, active) VALUES (1, 'a@x', TRUE);
	INSERT INTO orders (id, customer_id, status, ordered_at) VALUES (1, 1, 'open', '2026-01-02 03:04:05')" >/dev/null
expect 0 check
for x in $opaque; do
	contains "$errout" "note: leaving index $x alone:"
done
lacks "$out" "idx_"

# DESC is compared: a model without it differs
sed -i 's|ordered_at DESC)|ordered_at)|' models/shop.h
expect 1 check
contains "$out" "idx_orders_recent"
sed -i 's|customer_id, ordered_at)|customer_id, ordered_at DESC)|' models/shop.h

# a model edit does only the edit, and leaves the others be
sed -i 's|RG_INDEX_ON(idx_orders_recent|RG_INDEX_ON(idx_orders_status, (lower(status)))\n\tRG_INDEX_ON(idx_orders_recent|' models/shop.h
expect 0 --autogenerate -m "status index"
rev=$(ls migrations/versions/*.sql)
contains "$(cat $rev)" "idx_orders_status"
# one pair of parentheses, as SQLite's .schema shows an expression
[ "$E2E_DIALECT" != sqlite ] || contains "$(cat $rev)" "ON orders (lower(status));"
lacks "$(sed -n '/^-- upgrade()/,/^-- downgrade()/p' $rev)" "DROP"
for x in $opaque; do
	lacks "$(cat $rev)" "${x#*.}"
done
expect 0 upgrade head
expect 0 check
expect 0 downgrade -1
expect 0 upgrade head
expect 0 check
[ "$(db_sql "SELECT count(*) FROM orders")" = 1 ] || fail "rows lost"

# a change SQLite makes by rebuilding the table keeps the index it cannot
# declare (PostgreSQL rebuilds the gist index itself)
sed -i 's|	char \*tags;|	char *tags RG_TYPE(VARCHAR(50));|' models/shop.h
expect 0 --autogenerate -m "tags type"
expect 0 upgrade head
expect 0 check
for x in $opaque; do
	contains "$errout" "note: leaving index $x alone:"
done
opaque_kept() {
	if [ "$E2E_DIALECT" = sqlite ]; then
		[ "$(db_sql "SELECT sql FROM sqlite_master WHERE name = 'customer_email_nocase'")" = \
		  "CREATE INDEX customer_email_nocase ON customer (lower(email) COLLATE NOCASE)" ] ||
			fail "the rebuild lost customer_email_nocase ($1)"
	else
		[ "$(db_sql "SELECT count(*) FROM pg_indexes WHERE indexname = 'customer_tags_sig'")" = 1 ] ||
			fail "an index the models cannot declare is gone ($1)"
	fi
}
opaque_kept upgrade
# the rebuild wrote the model's index anew, in the one-pair form: no difference
if [ "$E2E_DIALECT" = sqlite ]; then
	contains "$(db_sql "SELECT sql FROM sqlite_master WHERE name = 'customer_email_active_idx'")" \
		"ON customer (lower(email)) WHERE active"
fi
expect 0 downgrade -1
opaque_kept downgrade
expect 0 upgrade head
expect 0 check
opaque_kept "upgrade again"
[ "$(db_sql "SELECT count(*) FROM customer")" = 1 ] || fail "rows lost"
