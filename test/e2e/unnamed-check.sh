# RG_CHECK(, expr) declares an unnamed CHECK: matched with the database's
# by its expression, whatever name the database gave it; one added to an
# existing table gets a name the downgrade can drop it by.
mkdir -p models
cat > models/thing.h <<'H'
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(thing) thing {
	int64_t id RG_PRIMARY_KEY;
	int32_t n  RG_CHECK(, n >= 0);
};
H
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
expect 0 --autogenerate -m "create"
expect 0 upgrade head
expect 0 check
! db_sql "INSERT INTO thing (id, n) VALUES (1, -1)" >/dev/null 2>&1 || fail "the CHECK is not there"

sed -i 's|^struct RG_TABLE(thing) thing {|struct RG_TABLE(thing) RG_CHECK(, n < 1000) thing {|' models/thing.h
expect 1 check
expect 0 --autogenerate -m "cap n"
expect 0 upgrade head
expect 0 check
! db_sql "INSERT INTO thing (id, n) VALUES (2, 5000)" >/dev/null 2>&1 || fail "the new CHECK is not there"
expect 0 downgrade -1
db_sql "INSERT INTO thing (id, n) VALUES (3, 5000)" >/dev/null || fail "the downgrade kept the CHECK"
! db_sql "INSERT INTO thing (id, n) VALUES (4, -1)" >/dev/null 2>&1 || fail "the downgrade dropped the first CHECK"
db_sql "DELETE FROM thing" >/dev/null
expect 0 upgrade head
expect 0 check
