# C's own types need no RG_TYPE (issue 20, item 1): unsigned integers are
# MySQL's UNSIGNED of their width, elsewhere the smallest signed type that
# holds their range with a CHECK (col >= 0); each round-trips through the
# catalog (check clean after upgrade), widens, and downgrades.
mkdir -p models
u64='uint64_t *big;'
[ "$E2E_DIALECT" = sqlite ] && u64=''
cat > models/counter.h <<H
#include <stddef.h>
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(counter) counter {
	int64_t id RG_PRIMARY_KEY;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	unsigned short hits RG_NAME("Order");
	unsigned *maybe;
	$u64
};
H
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
expect 0 --autogenerate -m "create"
expect 0 upgrade head
expect 0 check
cp models/counter.h counter.v1
db_sql "INSERT INTO counter (id, u8, u16, u32, \"Order\", maybe) VALUES (1, 255, 65535, 4294967295, 65535, NULL)" \
	>/dev/null 2>&1 || [ "$E2E_DIALECT" = mysql ] || fail "the largest values do not fit"
[ "$E2E_DIALECT" = mysql ] &&
	db_sql "INSERT INTO counter (id, u8, u16, u32, \`Order\`, maybe) VALUES (1, 255, 65535, 4294967295, 65535, NULL)" >/dev/null
for col in u8 u16 u32 maybe; do
	! db_sql "UPDATE counter SET $col = -1 WHERE id = 1" >/dev/null 2>&1 || fail "$col took -1"
done
if [ "$E2E_DIALECT" != sqlite ]; then
	db_sql "UPDATE counter SET big = 18446744073709551615 WHERE id = 1" >/dev/null
	[ "$(db_sql "SELECT big FROM counter")" = 18446744073709551615 ] || fail "uint64 lost its top"
	! db_sql "UPDATE counter SET big = -1 WHERE id = 1" >/dev/null 2>&1 || fail "big took -1"
fi

# a wider type: the value kept, the range grown
sed -i 's/uint16_t u16;/uint32_t u16;/' models/counter.h
expect 1 check
expect 0 --autogenerate -m "widen"
widen=$(grep -l 'widen' migrations/versions/*.sql)
expect 0 upgrade head
expect 0 check
db_sql "UPDATE counter SET u16 = 4294967295 WHERE id = 1" >/dev/null
! db_sql "UPDATE counter SET u16 = -1 WHERE id = 1" >/dev/null 2>&1 || fail "the widened u16 took -1"
db_sql "UPDATE counter SET u16 = 65535 WHERE id = 1" >/dev/null
expect 0 downgrade -1
# the older model against the downgraded database: clean
cp counter.v1 models/counter.h
mv "$widen" widen.sql
expect 0 check
mv widen.sql "$widen"
[ "$(db_sql "SELECT u16 FROM counter")" = 65535 ] || fail "the downgrade lost the row"
! db_sql "UPDATE counter SET u16 = -1 WHERE id = 1" >/dev/null 2>&1 || fail "the narrowed u16 took -1"

# SQLite has no integer that holds a uint64_t: refused, naming the field
if [ "$E2E_DIALECT" = sqlite ]; then
	expect 0 upgrade head
	sed -i 's/^};/\tuint64_t big;\n};/' models/counter.h
	expect 2 check
	contains "$errout" "counter.h:13:"
	contains "$errout" "counter.big"
fi
