# Generated columns (RG_GENERATED, RG_GENERATED_VIRTUAL) on a table made
# by hand with rows in it: adopted by `inspect --format c` without a
# difference; a generated column added, its expression changed, made a
# plain column (keeping its values) and generated again, dropped; each
# revision downgraded and upgraded again, with `check` clean against the
# models of each side, and a view over the column kept; a SQLite rebuild for another column's type keeps
# the generated columns; a model's errors are reported at file:line.
mkdir -p models
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
rm -f models/example.h

# VIRTUAL where the database has it (not PostgreSQL before 18)
virtual=true
case $E2E_DIALECT in
postgresql)
	virtual=false
	db_sql "CREATE TABLE gen (id integer PRIMARY KEY, a integer NOT NULL,
		note varchar(10), b integer GENERATED ALWAYS AS (a * 2) STORED)" >/dev/null ;;
mysql)
	db_sql "CREATE TABLE gen (id int PRIMARY KEY, a int NOT NULL, note varchar(10),
		b int AS (a * 2) STORED, c varchar(10) AS (upper(note)) VIRTUAL,
		c_rg_new int)" >/dev/null ;;
sqlite)
	db_sql "CREATE TABLE gen (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, note VARCHAR(10),
		b INTEGER GENERATED ALWAYS AS (a * 2) STORED, c TEXT AS (upper(note)) VIRTUAL)" >/dev/null ;;
esac
db_sql "INSERT INTO gen (id, a, note) VALUES (1, 1, 'x'), (2, 5, 'y')" >/dev/null
# a view over the generated column, which no model describes: kept
# through every change below (on PostgreSQL dropped and recreated around
# the ones that drop and add b)
db_sql "CREATE VIEW gen_b AS SELECT id, b FROM gen" >/dev/null
view_ok() {
	[ "$(db_sql "SELECT b FROM gen_b WHERE id = 2")" = "$(db_sql "SELECT b FROM gen WHERE id = 2")" ] ||
		fail "the view gen_b is gone or broken ($1)"
}

# rows: id|a|b, in id order
rows() { db_sql "SELECT id, a, b FROM gen ORDER BY id" | tr '\n' ' '; }

# adopt: the generated columns are written as such, and nothing differs
expect 0 inspect --format c --output models
h=$(cat models/gen.h)
contains "$h" '*b RG_GENERATED('
lacks "$h" 'RG_DEFAULT'
$virtual && contains "$h" ' RG_GENERATED_VIRTUAL('
expect 0 check
contains "$out" "No changes"

# the same models, by hand, for the edits below
if $virtual; then cv=$'\tchar *c RG_TYPE(VARCHAR(10)) RG_GENERATED_VIRTUAL(upper(note));'; else cv=; fi
cat > models/gen.h <<H
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(gen) gen {
	int32_t id RG_PRIMARY_KEY;
	int32_t a;
	char *note RG_TYPE(VARCHAR(10));
	int32_t *b RG_GENERATED(a * 2);
$cv
};
H
# on MySQL a column with the name the remade c would have had meanwhile
# (c is remade when it stops being VIRTUAL): revgen takes another
[ "$E2E_DIALECT" = mysql ] && sed -i 's/^};$/\tint32_t *c_rg_new;\n};/' models/gen.h
[ "$E2E_DIALECT" = sqlite ] && sed -i 's/RG_TYPE(VARCHAR(10)) RG_GENERATED_VIRTUAL/RG_TYPE(TEXT) RG_GENERATED_VIRTUAL/' models/gen.h
expect 0 check
contains "$out" "No changes"
expect 0 revision -m "baseline"
expect 0 stamp head
cp models/gen.h step0.h

# step EDIT...: applies the sed edits to the models, autogenerates,
# upgrades, checks; then downgrades, checks against the previous models
# and revisions, and upgrades again
n=0
step() {
	cp models/gen.h "prev.h"
	local e
	for e in "$@"; do sed -i "$e" models/gen.h; done
	cmp -s prev.h models/gen.h && fail "the edit $* changed nothing"
	expect 1 check
	n=$((n + 1))
	expect 0 --autogenerate -m "step $n"
	expect 0 upgrade head
	expect 0 check
	contains "$out" "No changes"
	local after; after=$(rows)
	expect 0 downgrade -1
	# check wants the database at the head: the previous one, for now
	local rev; rev=$(ls -t migrations/versions/*.sql | head -1)
	mv "$rev" newest.sql
	cp models/gen.h next.h
	cp prev.h models/gen.h
	expect 0 check
	contains "$out" "No changes"
	cp next.h models/gen.h
	mv newest.sql "$rev"
	expect 0 upgrade head
	expect 0 check
	[ "$(rows)" = "$after" ] || fail "step $n: rows $(rows), were $after"
	view_ok "step $n"
}

# a generated column added (in the middle of the table)
step 's/^\tint32_t a;/\tint32_t a;\n\tint32_t *d RG_GENERATED(a + 1);/'
[ "$(db_sql "SELECT d FROM gen WHERE id = 2")" = 6 ] || fail "d is not a + 1"
[ "$(rows)" = "1|1|2 2|5|10 " ] || fail "rows: $(rows)"

# its expression changed: the values follow
step 's/RG_GENERATED(a \* 2)/RG_GENERATED(a * 3)/'
[ "$(rows)" = "1|1|3 2|5|15 " ] || fail "b is not a * 3: $(rows)"

# a plain column keeps the values it had, and takes others
step 's/int32_t \*b RG_GENERATED(a \* 3);/int32_t *b;/'
[ "$(rows)" = "1|1|3 2|5|15 " ] || fail "b lost its values: $(rows)"
db_sql "UPDATE gen SET b = 7 WHERE id = 1" >/dev/null
[ "$(rows)" = "1|1|7 2|5|15 " ] || fail "b is not plain: $(rows)"

# and generated again: computed over what it held
step 's/int32_t \*b;/int32_t *b RG_GENERATED(a * 2);/'
[ "$(rows)" = "1|1|2 2|5|10 " ] || fail "b is not a * 2 again: $(rows)"
! db_sql "UPDATE gen SET b = 7 WHERE id = 1" >/dev/null 2>&1 || fail "b is writable"

# dropped
step '/int32_t \*d RG_GENERATED/d'

# an index on a generated column; where a change of it drops and adds the
# column again, that is refused with the index's name, nothing written
step 's/int32_t \*b RG_GENERATED(a \* 2);/int32_t *b RG_GENERATED(a * 2) RG_INDEX;/'
case $E2E_DIALECT in
postgresql) remake='s/RG_GENERATED(a \* 2) RG_INDEX/RG_GENERATED(a * 4) RG_INDEX/' ;;
*) remake='s/RG_GENERATED(a \* 2) RG_INDEX/RG_GENERATED_VIRTUAL(a * 2) RG_INDEX/' ;;
esac
if [ "$E2E_DIALECT" = sqlite ]; then
	step "$remake"
	[ "$(rows)" = "1|1|2 2|5|10 " ] || fail "rows: $(rows)"
else
	cp models/gen.h prev.h
	sed -i "$remake" models/gen.h
	nrev=$(nrevs)
	expect 2 --autogenerate -m "remake"
	contains "$errout" "gen.b: "
	contains "$errout" "and index ix_gen_b, which uses it"
	[ "$(nrevs)" = "$nrev" ] || fail "a revision was written"
	cp prev.h models/gen.h
fi
step 's/ RG_INDEX;/;/'

if $virtual; then
	# VIRTUAL made STORED, then a plain column with its values
	step 's/RG_GENERATED_VIRTUAL(upper(note))/RG_GENERATED(upper(note))/'
	step 's/ RG_GENERATED(upper(note))//'
	[ "$(db_sql "SELECT c FROM gen WHERE id = 2")" = Y ] || fail "c lost its values"
	step 's/^\(\tchar \*c RG_TYPE([A-Z0-9()]*)\);$/\1 RG_GENERATED_VIRTUAL(lower(note));/'
	[ "$(db_sql "SELECT c FROM gen WHERE id = 2")" = y ] || fail "c is not lower(note)"
fi

# another column's change of type (a rebuild on SQLite) keeps the
# generated columns and the rows
step 's/char \*note RG_TYPE(VARCHAR(10));/char *note RG_TYPE(VARCHAR(20));/'
[ "$(rows)" = "1|1|2 2|5|10 " ] || fail "rows: $(rows)"
[ "$(db_sql "SELECT note FROM gen WHERE id = 2")" = y ] || fail "note lost"

# the whole history down to the adopted table, and up again
expect 0 downgrade base
[ "$(rows)" = "1|1|2 2|5|10 " ] || fail "rows after downgrade base: $(rows)"
expect 0 upgrade head
expect 0 check
contains "$out" "No changes"
[ "$(rows)" = "1|1|2 2|5|10 " ] || fail "rows: $(rows)"

# a table created with generated columns
cat > models/fresh.h <<'H'
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(fresh) fresh {
	int32_t id RG_PRIMARY_KEY;
	int32_t q;
	int64_t *twice RG_TYPE(BIGINT) RG_GENERATED(q * 2);
};
H
expect 0 --autogenerate -m "fresh"
contains "$(cat migrations/versions/*_fresh.sql)" "GENERATED ALWAYS AS (q * 2) STORED"
expect 0 upgrade head
expect 0 check
contains "$out" "No changes"
db_sql "INSERT INTO fresh (id, q) VALUES (1, 21)" >/dev/null
[ "$(db_sql "SELECT twice FROM fresh")" = 42 ] || fail "fresh.twice is not q * 2"
expect 0 downgrade -1
expect 0 upgrade head
expect 0 check
contains "$out" "No changes"

# errors at file:line
cat > models/bad.h <<'H'
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(bad) bad {
	int32_t id RG_PRIMARY_KEY;
	int32_t *x RG_GENERATED(id + 1) RG_DEFAULT(0);
};
H
expect 2 check
contains "$errout" "bad.h:6:"
contains "$errout" "generated column 'x' cannot also have RG_DEFAULT"
if ! $virtual; then
	sed -i 's/RG_GENERATED(id + 1) RG_DEFAULT(0)/RG_GENERATED_VIRTUAL(id + 1)/' models/bad.h
	expect 2 check
	contains "$errout" "bad.h:6:"
	contains "$errout" "RG_GENERATED_VIRTUAL on bad.x: this database has STORED generated columns only"
fi
rm models/bad.h
