# Numeric defaults compare by exact value (issue 19, finding 8): a
# DECIMAL(35,30) default that differs in its 23rd decimal, and a BIGINT
# one past 2^53, are changes a double cannot see; a default that differs
# only in zeros (1.5 against 1.50) is none, and neither is one that MySQL
# keeps at the column's scale (1.005 in a DECIMAL(10,2) is its 1.01).  The current schema is made by
# hand; upgrade, check, downgrade back, rows kept.
mkdir -p models
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
rm -f models/example.h

db_sql "CREATE TABLE prices (
	id INTEGER NOT NULL PRIMARY KEY,
	rate DECIMAL(35,30) DEFAULT 1.0000000000123456789123,
	big BIGINT DEFAULT 9007199254740993,
	fee DECIMAL(10,2) DEFAULT 1.5,
	rounded DECIMAL(10,2) DEFAULT 1.005)" >/dev/null
db_sql "INSERT INTO prices (id) VALUES (1)" >/dev/null

models() {
	cat > models/prices.h <<EOF_H
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(prices) price {
	int32_t id RG_PRIMARY_KEY;
	double *rate RG_TYPE(DECIMAL(35,30)) RG_DEFAULT($1);
	int64_t *big RG_DEFAULT($2);
	double *fee RG_TYPE(DECIMAL(10,2)) RG_DEFAULT(1.50);
	double *rounded RG_TYPE(DECIMAL(10,2)) RG_DEFAULT(1.005);
};
EOF_H
}

# the same values written otherwise: no change
models 1.000000000012345678912300000000 +9007199254740993
expect 0 check
expect 0 --autogenerate -m "nothing"
contains "$errout" "No changes detected"

# one digit apart, each: two changes, and no others
models 1.000000000012345678912340000000 9007199254740992
expect 1 check
expect 0 --autogenerate -m "defaults"
contains "$errout" "Detected 2 operation"
lacks "$errout" "prices.fee"
lacks "$errout" "prices.rounded"
expect 0 upgrade head
expect 0 check
db_sql "INSERT INTO prices (id) VALUES (2)" >/dev/null

# the values as stored (SQLite keeps the declared default's text and a
# NUMERIC column stores REAL: there the text is what must be right)
case $E2E_DIALECT in
sqlite)
	got=$(db_sql "SELECT dflt_value FROM pragma_table_info('prices') WHERE name IN ('rate', 'big') ORDER BY name")
	contains "$got" "9007199254740992"
	contains "$got" "1.00000000001234567891234"
	[ "$(db_sql "SELECT big FROM prices ORDER BY id" | tr '\n' ' ')" = "9007199254740993 9007199254740992 " ] ||
		fail "rows: $(db_sql "SELECT * FROM prices")" ;;
*)
	got=$(db_sql "SELECT id, rate, big FROM prices ORDER BY id" | tr '\n' ' ')
	[ "$got" = "1|1.000000000012345678912300000000|9007199254740993 2|1.000000000012345678912340000000|9007199254740992 " ] ||
		fail "rows after upgrade: $got" ;;
esac

expect 0 downgrade -1
db_sql "INSERT INTO prices (id) VALUES (3)" >/dev/null
case $E2E_DIALECT in
sqlite)
	[ "$(db_sql "SELECT big FROM prices ORDER BY id" | tr '\n' ' ')" = "9007199254740993 9007199254740992 9007199254740993 " ] ||
		fail "rows: $(db_sql "SELECT * FROM prices")" ;;
*)
	got=$(db_sql "SELECT id, rate, big FROM prices ORDER BY id" | tr '\n' ' ')
	[ "$got" = "1|1.000000000012345678912300000000|9007199254740993 2|1.000000000012345678912340000000|9007199254740992 3|1.000000000012345678912300000000|9007199254740993 " ] ||
		fail "rows after downgrade: $got" ;;
esac
