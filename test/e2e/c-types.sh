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
rm "$widen"
expect 0 check
[ "$(db_sql "SELECT u16 FROM counter")" = 65535 ] || fail "the downgrade lost the row"
! db_sql "UPDATE counter SET u16 = -1 WHERE id = 1" >/dev/null 2>&1 || fail "the narrowed u16 took -1"

# C enums: PostgreSQL's enumerated type, MySQL's ENUM, SQLite's CHECK
cat > models/film.h <<'H'
#include <stdint.h>
#include <revgen.h>

enum mood { SAD, OK, HAPPY, MOOD_COUNT RG_SKIP };
typedef enum { G, PG, PG_13 RG_LABEL("PG-13"), R } rating_t;

struct RG_TABLE(film) film {
	int64_t id RG_PRIMARY_KEY;
	enum mood mood;
	rating_t rating RG_DEFAULT('PG-13');
	enum mood *maybe;
};
H
expect 0 --autogenerate -m "films"
expect 0 upgrade head
expect 0 check
db_sql "INSERT INTO film (id, mood) VALUES (1, 'OK')" >/dev/null
[ "$(db_sql "SELECT rating FROM film")" = PG-13 ] || fail "the default label is not PG-13"
! db_sql "INSERT INTO film (id, mood) VALUES (2, 'MEH')" >/dev/null 2>&1 || fail "a label the enum lacks was taken"
cp models/film.h film.v1

# a label added in the middle: the rows keep theirs
sed -i 's/enum mood { SAD, OK,/enum mood { SAD, MEH, OK,/' models/film.h
expect 1 check
expect 0 --autogenerate -m "meh"
meh=$(grep -l 'meh' migrations/versions/*.sql)
expect 0 upgrade head
expect 0 check
db_sql "INSERT INTO film (id, mood, maybe) VALUES (2, 'MEH', 'MEH')" >/dev/null
[ "$(db_sql "SELECT mood FROM film WHERE id = 1")" = OK ] || fail "the row lost its label"
if [ "$E2E_DIALECT" = postgresql ]; then
	[ "$(db_sql "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'mood'")" = SAD,MEH,OK,HAPPY ] ||
		fail "MEH is not between SAD and OK"
fi
# the downgrade takes the label out again, once no row holds it
rg downgrade -1
[ "$rc" -ne 0 ] || fail "the downgrade dropped a label rows hold"
db_sql "DELETE FROM film WHERE id = 2" >/dev/null
expect 0 downgrade -1
cp film.v1 models/film.h
mv "$meh" meh.sql
expect 0 check
mv meh.sql "$meh"
[ "$(db_sql "SELECT mood FROM film WHERE id = 1")" = OK ] || fail "the downgrade lost the row"
expect 0 upgrade head

# a label removed, another reordered, under a view no model describes
# (on PostgreSQL the type is remade, which alters the column: the view
# is dropped and recreated around it, both ways)
db_sql "CREATE VIEW film_rating AS SELECT id, rating FROM film WHERE rating <> 'G'" >/dev/null
rated() { [ "$(db_sql "SELECT rating FROM film_rating WHERE id = 1")" = PG-13 ] || fail "the view film_rating is gone or broken ($1)"; }
sed -i 's/typedef enum { G, PG, PG_13 RG_LABEL("PG-13"), R } rating_t;/typedef enum { PG_13 RG_LABEL("PG-13"), G, PG } rating_t;/' models/film.h
cp models/film.h film.v2
expect 0 --autogenerate -m "no r"
nor=$(grep -l 'no r' migrations/versions/*.sql)
expect 0 upgrade head
expect 0 check
rated "after the upgrade"
[ "$(db_sql "SELECT rating FROM film WHERE id = 1")" = PG-13 ] || fail "the row lost its rating"
! db_sql "INSERT INTO film (id, mood, rating) VALUES (3, 'OK', 'R')" >/dev/null 2>&1 || fail "R is still a rating"
db_sql "INSERT INTO film (id, mood, rating) VALUES (3, 'OK', 'G')" >/dev/null
expect 0 downgrade -1
sed -i 's/enum mood { SAD, OK,/enum mood { SAD, MEH, OK,/' film.v1
cp film.v1 models/film.h
mv "$nor" nor.sql
expect 0 check
mv nor.sql "$nor"
[ "$(db_sql "SELECT count(*) FROM film")" = 2 ] || fail "the downgrade lost rows"
rated "after the downgrade"
expect 0 upgrade head
cp film.v2 models/film.h
expect 0 check

# the table dropped: on PostgreSQL its types go with it, a hand-made one stays
db_sql "DROP VIEW film_rating" >/dev/null
[ "$E2E_DIALECT" = postgresql ] && db_sql "CREATE TYPE book_format AS ENUM ('hardcover', 'paperback')"
rm models/film.h
expect 0 --autogenerate -m "no films"
expect 0 upgrade head
expect 0 check
if [ "$E2E_DIALECT" = postgresql ]; then
	[ "$(db_sql "SELECT string_agg(typname, ',' ORDER BY typname) FROM pg_type WHERE typtype = 'e'")" = book_format ] ||
		fail "the enum types are not what they should be"
	expect 0 downgrade -1
	[ "$(db_sql "SELECT string_agg(typname, ',' ORDER BY typname) FROM pg_type WHERE typtype = 'e'")" = book_format,mood,rating_t ] ||
		fail "the downgrade did not make the types again"
	expect 0 upgrade head
fi

# fixed-size arrays: PostgreSQL's arrays held to the C length; refused,
# naming the field, where the database has no array columns
cat > models/sample.h <<'H'
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(sample) sample {
	int64_t id RG_PRIMARY_KEY;
	double v[4];
	float w[2];
};
H
if [ "$E2E_DIALECT" != postgresql ]; then
	expect 2 check
	contains "$errout" "sample.h:6:"
	contains "$errout" "sample.v is a C array (DOUBLE PRECISION, 4 of them)"
	rm models/sample.h
else
	expect 0 --autogenerate -m "samples"
	expect 0 upgrade head
	expect 0 check
	db_sql "INSERT INTO sample VALUES (1, '{1.5,2,3,4}', '{0.25,1}')" >/dev/null
	! db_sql "INSERT INTO sample VALUES (2, '{1,2}', '{1,2}')" >/dev/null 2>&1 || fail "a short array was taken"
	cp models/sample.h sample.v1
	sed -i 's/float w\[2\];/double w[2];/' models/sample.h
	expect 0 --autogenerate -m "wider w"
	wider=$(grep -l 'wider w' migrations/versions/*.sql)
	expect 0 upgrade head
	expect 0 check
	[ "$(db_sql "SELECT v[1] || ' ' || w[1] FROM sample")" = "1.5 0.25" ] || fail "the arrays lost their values"
	expect 0 downgrade -1
	cp sample.v1 models/sample.h
	mv "$wider" wider.sql
	expect 0 check
	mv wider.sql "$wider"
	expect 0 upgrade head
fi

# SQLite has no integer that holds a uint64_t: refused, naming the field
if [ "$E2E_DIALECT" = sqlite ]; then
	expect 0 upgrade head
	sed -i 's/^};/\tuint64_t big;\n};/' models/counter.h
	expect 2 check
	contains "$errout" "counter.h:13:"
	contains "$errout" "counter.big"
fi
