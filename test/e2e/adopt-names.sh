# Adopting a database made by hand: its keys, constraints and indexes have
# the database's own names (owners_pkey, pets_owner_id_fkey, pets_ibfk_1,
# a unique index where the models say RG_UNIQUE) and the models name none
# of them: nothing to do.  (The check is a table constraint: MariaDB
# names a column-level one after its column, and no model name can
# rename it; e2e-column-checks covers those.)  A name the models write is a rename (in place
# where the database can), and revgen.ini's naming convention names what
# revgen creates.
mkdir -p models
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
rm -f models/example.h

db_sql "CREATE TABLE owners (
	id BIGINT NOT NULL PRIMARY KEY,
	email VARCHAR(100) NOT NULL UNIQUE)" >/dev/null
db_sql "CREATE TABLE pets (
	id BIGINT NOT NULL PRIMARY KEY,
	owner_id BIGINT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
	name VARCHAR(40) NOT NULL,
	legs INTEGER NOT NULL,
	CHECK (legs >= 0))" >/dev/null
db_sql "CREATE INDEX pets_owner_idx ON pets (owner_id)" >/dev/null
db_sql "CREATE UNIQUE INDEX pets_name_uniq ON pets (name)" >/dev/null
db_sql "INSERT INTO owners VALUES (1, 'ann@example.org')" >/dev/null
db_sql "INSERT INTO pets VALUES (1, 1, 'rex', 4)" >/dev/null

models() {
	cat > models/pets.h <<EOF_H
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(owners) owner {
	int64_t id RG_PRIMARY_KEY;
	char email[101] RG_UNIQUE;
};
struct RG_TABLE(pets) pet {
	int64_t id RG_PRIMARY_KEY $1;
	int64_t owner_id RG_REFERENCES(owners, id) RG_ON_DELETE(CASCADE) RG_INDEX $2;
	char name[41] RG_UNIQUE $3;
	int legs RG_CHECK($4, legs >= 0);
	$5
};
EOF_H
}

models "" "" "" "" ""
expect 0 check
expect 0 --autogenerate -m "nothing to adopt"
contains "$errout" "No changes detected"

# the models name each one: renamed
models "RG_PRIMARY_KEY_NAME(pets_pk)" \
	"RG_REFERENCES_NAME(pets_owner_fk) RG_INDEX_NAME(pets_by_owner)" \
	"RG_UNIQUE_NAME(pets_name_key)" "legs_nonneg" ""
expect 1 check
expect 0 --autogenerate -m "names"
rev=$(cat "$out")
case $E2E_DIALECT in
postgresql)
	contains "$rev" 'ALTER INDEX pets_pkey RENAME TO pets_pk;'
	contains "$rev" 'ALTER INDEX pets_owner_idx RENAME TO pets_by_owner;'
	contains "$rev" 'ALTER INDEX pets_name_uniq RENAME TO pets_name_key;'
	contains "$rev" 'ALTER TABLE pets RENAME CONSTRAINT pets_owner_id_fkey TO pets_owner_fk;'
	contains "$rev" 'ALTER TABLE pets RENAME CONSTRAINT pets_legs_check TO legs_nonneg;'
	lacks "$rev" "DROP"
	;;
mysql)
	contains "$rev" 'ALTER TABLE pets RENAME INDEX pets_owner_idx TO pets_by_owner;'
	contains "$rev" 'ALTER TABLE pets RENAME INDEX pets_name_uniq TO pets_name_key;'
	contains "$rev" "WARNING: foreign key pets.pets_ibfk_1 is dropped and added again under its new name"
	contains "$rev" "DROP FOREIGN KEY"
	contains "$rev" "WARNING: check pets."
	;;
sqlite)
	contains "$rev" "WARNING: index pets.pets_owner_idx is dropped and added again under its new name: this database cannot rename it"
	;;
esac
expect 0 upgrade head
expect 0 check
[ "$(db_sql "SELECT name FROM pets")" = "rex" ] || fail "rows lost"
expect 0 downgrade -1
expect 0 upgrade head
expect 0 check

# what revgen names itself follows revgen.ini
printf 'naming_ix = {table}_{columns}_idx\nnaming_uq = {columns}_is_unique\n' >> revgen.ini
models "RG_PRIMARY_KEY_NAME(pets_pk)" \
	"RG_REFERENCES_NAME(pets_owner_fk) RG_INDEX_NAME(pets_by_owner)" \
	"RG_UNIQUE_NAME(pets_name_key)" "legs_nonneg" \
	"int32_t *age RG_INDEX; char *tag RG_UNIQUE RG_TYPE(VARCHAR(20));"
expect 0 --autogenerate -m "age"
contains "$(cat "$out")" "pets_age_idx"
contains "$(cat "$out")" "tag_is_unique"
expect 0 upgrade head
expect 0 check
# a new convention renames nothing that exists
printf 'naming_pk = {table}_primary\n' >> revgen.ini
expect 0 check

# a renamed table's keys take the names of its new name; then a new table
# of the old name has its own
people_models() {
	cat > models/pets.h <<EOF_H
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(people) RG_RENAMED_FROM(owners) person {
	int64_t id RG_PRIMARY_KEY;
	char email[101] RG_UNIQUE;
};
$1
struct RG_TABLE(pets) pet {
	int64_t id RG_PRIMARY_KEY RG_PRIMARY_KEY_NAME(pets_pk);
	int64_t owner_id RG_REFERENCES(people, id) RG_ON_DELETE(CASCADE) RG_INDEX
		RG_REFERENCES_NAME(pets_owner_fk) RG_INDEX_NAME(pets_by_owner);
	char name[41] RG_UNIQUE RG_UNIQUE_NAME(pets_name_key);
	int legs RG_CHECK(legs_nonneg, legs >= 0);
	int32_t *age RG_INDEX;
	char *tag RG_UNIQUE RG_TYPE(VARCHAR(20));
};
EOF_H
}
people_models ""
expect 0 --autogenerate -m "people"
if [ "$E2E_DIALECT" = postgresql ]; then
	contains "$(cat "$out")" 'ALTER INDEX owners_pkey RENAME TO people_primary;'
	contains "$(cat "$out")" 'ALTER INDEX owners_email_key RENAME TO email_is_unique;'
fi
expect 0 upgrade head
expect 0 check
[ "$(db_sql "SELECT email FROM people")" = "ann@example.org" ] || fail "rows lost"
expect 0 downgrade -1
expect 0 upgrade head
expect 0 check
people_models "struct RG_TABLE(owners) owner { int64_t id RG_PRIMARY_KEY; char nick[21] RG_UNIQUE; };"
expect 0 --autogenerate -m "new owners"
expect 0 upgrade head
expect 0 check

# A foreign key written by hand with no index to lean on: MySQL adds one,
# named after the column (tags_ibfk_1's index is `people_id`), which is the
# key's, not a model's index; it goes with the key.
db_sql "CREATE TABLE tags (
	id BIGINT NOT NULL PRIMARY KEY,
	people_id BIGINT NOT NULL REFERENCES people (id),
	label VARCHAR(20) NOT NULL)" >/dev/null
[ "$E2E_DIALECT" != mysql ] || contains "$(db_sql "SHOW INDEX FROM tags")" "people_id"

tag_models() {
	cat > models/tags.h <<EOF_H
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(tags) tag {
	int64_t id RG_PRIMARY_KEY;
	int64_t people_id $1;
	char label[21];
};
EOF_H
}
tag_models "RG_REFERENCES(people, id)"
expect 0 check
tag_models ""
expect 0 --autogenerate -m "tags without their key"
if [ "$E2E_DIALECT" = mysql ]; then
	contains "$(cat "$out")" 'DROP INDEX people_id'
fi
expect 0 upgrade head
expect 0 check
expect 0 downgrade -1
expect 0 upgrade head
expect 0 check
