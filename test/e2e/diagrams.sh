# ER diagrams (models/inspect --format mermaid|dot) and the Markdown
# summaries (check and show --format markdown).  The dot output is drawn
# by Graphviz's dot, so a broken diagram fails; the Mermaid output goes
# through mermaid-check.py, Mermaid's own grammar for erDiagram (its
# renderer needs a browser).  The names are the awkward kind: words of
# both languages, a key word as a column, quotes, spaces, Unicode.
command -v dot >/dev/null || fail "Graphviz's dot is needed (scripts/packages: graphviz)"
mermaid_check() {
	python3 "$E2E_DIR/mermaid-check.py" "$@" >"$work/.mm" 2>&1 ||
		fail "mermaid-check: $(cat "$work/.mm")"
	cat "$work/.mm"
}
mkdir -p models
cat > models/shop.h <<'H'
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(end) customer {
	int64_t id   RG_PRIMARY_KEY RG_AUTOINCREMENT;
	char    email[101] RG_UNIQUE;
	char   *pk   RG_TYPE(VARCHAR(20));
};

struct RG_TABLE("order items") item {
	int64_t id        RG_PRIMARY_KEY RG_AUTOINCREMENT;
	int64_t end_id    RG_REFERENCES(end, id) RG_ON_DELETE(CASCADE);
	int64_t gift_for  RG_REFERENCES(end, id) RG_NULLABLE;
	double  weight;
	char   *price     RG_TYPE(NUMERIC(10,2)) RG_NOT_NULL;
	char   *quoted    RG_NAME("it's \"odd\" {x}") RG_TYPE(VARCHAR(20));
	char   *fk_x      RG_NAME("fk-x") RG_TYPE(VARCHAR(20));
};

struct RG_TABLE("日本語") jp {
	int64_t id   RG_PRIMARY_KEY;
	char   *name RG_NAME("名前") RG_TYPE(VARCHAR(20));
};
H
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini

expect 0 models --format dot
printf '%s\n' "$out" >schema.dot
dot -Tsvg schema.dot >schema.svg 2>dot.err || fail "dot refused the diagram: $(cat dot.err)"
[ ! -s dot.err ] || fail "dot warned: $(cat dot.err)"
svg=$(cat schema.svg)
contains "$svg" "order items"
contains "$svg" "日本語"
contains "$svg" "it&#39;s &quot;odd&quot; {x}"
contains "$out" '"order items":"c1" -> "end":"c0"'
contains "$out" '"order items":"c2" -> "end":"c0" [label="gift_for", style=dashed]'

expect 0 models --format mermaid
printf '%s\n' "$out" >schema.mmd
mm=$(mermaid_check schema.mmd)
contains "$mm" "entities: end, order items, 日本語"
contains "$mm" "attributes: 12, relationships: 2"
contains "$out" '`pk`'
contains "$out" '`fk-x`'
contains "$out" '"order items" }o--|| "end" : "end_id"'
contains "$out" '"order items" }o--o| "end" : "gift_for"'
contains "$out" "PK"
contains "$out" "UK"
expect 2 models --format png
contains "$errout" "sql, json, mermaid or dot"

# the database's schema, the same way
expect 0 --autogenerate -m "shop"
expect 0 upgrade head
expect 0 inspect --format dot
printf '%s\n' "$out" >db.dot
dot -Tsvg db.dot >/dev/null 2>dot.err || fail "dot refused inspect's diagram: $(cat dot.err)"
expect 0 inspect --format mermaid
printf '%s\n' "$out" >db.mmd
mm=$(mermaid_check db.mmd)
contains "$mm" "relationships: 2"

# check --format markdown: the operations, the SQL, the tables touched
dev=$(db_dev_url)
expect 0 check --format markdown
contains "$out" "No changes detected."
sed -i 's|^\(\s*double  weight;\)$|\1\n\tint32_t qty RG_DEFAULT(1);|' models/shop.h
expect 1 check --format markdown
printf '%s\n' "$out" >check.md
contains "$out" "### revgen check"
contains "$out" '- `+ add column order items.qty'
contains "$out" '```sql'
contains "$out" "#### Tables touched"
# lint's section, on the revision autogenerate would write, the database
# connected: no "no database was asked"
contains "$out" "#### Lint"
lacks "$out" "No database was asked"
mm=$(mermaid_check --markdown check.md)
# the table changed in full, the one it references by name
contains "$mm" "entities: end, order items"
contains "$mm" "attributes: 8, relationships: 2"
expect 1 check --replay ${dev:+--dev-url "$dev"} --format markdown
contains "$out" "the schema the revisions build"
contains "$out" '- `+ add column order items.qty'
contains "$out" "No database was asked about the data"

# show REV --format markdown: what a revision does, read from a scratch
# database it is applied on
expect 0 --autogenerate -m "add qty"
expect 0 show head --format markdown ${dev:+--dev-url "$dev"}
printf '%s\n' "$out" >show.md
contains "$out" "add qty"
contains "$out" '- `+ add column order items.qty'
lacks "$out" "create table"
mermaid_check --markdown show.md >/dev/null
expect 0 show head-1 --format markdown ${dev:+--dev-url "$dev"}
printf '%s\n' "$out" >show1.md
contains "$out" '- `+ create table end`'
contains "$out" '- `+ create table order items`'
mm=$(mermaid_check --markdown show1.md)
contains "$mm" "relationships: 2"
# a hand-written revision is summarised the same way
expect 0 revision -m "by hand"
end='"end"' drop_ix='DROP INDEX ix_end_note' drop_uq='DROP INDEX ix_end_pk'
[ "$E2E_DIALECT" = mysql ] && end='`end`' && drop_ix='DROP INDEX ix_end_note ON `end`' &&
	drop_uq='DROP INDEX ix_end_pk ON `end`'
sed -i "s|^-- upgrade()\$|&\nALTER TABLE $end ADD COLUMN note VARCHAR(30);\nCREATE INDEX ix_end_note ON $end (note);\nCREATE UNIQUE INDEX ix_end_pk ON $end (pk);|
        s|^-- downgrade()\$|&\n$drop_uq;\n$drop_ix;\nALTER TABLE $end DROP COLUMN note;|" "$out"
expect 0 show head --format markdown ${dev:+--dev-url "$dev"}
printf '%s\n' "$out" >hand.md
contains "$out" "by hand"
contains "$out" '- `+ add column end.note'
contains "$out" '- `+ create index end.ix_end_note`'
mm=$(mermaid_check --markdown hand.md)
contains "$mm" "entities: end"
# with lint's findings on the file, where they are
hand=$(ls migrations/versions/*_by_hand.sql)
contains "$out" '**warning** `new-unique` at `'"$hand"':'
contains "$out" "may fail"
contains "$out" "No database was asked about the data"
[ "$E2E_DIALECT" = postgresql ] && contains "$out" '`pg-create-index`'
# --live: the project's database, which has not applied it and has the
# same pk twice in end, answers as `revgen lint` does
db_sql "INSERT INTO $end (email, pk) VALUES ('a@example.org', 'x'), ('b@example.org', 'x')" >/dev/null
expect 0 show head --format markdown --live ${dev:+--dev-url "$dev"}
contains "$out" '**error** `new-unique`'
lacks "$out" "No database was asked"
expect 2 show head --live
contains "$errout" "--live goes with --format markdown"
expect 2 show head --format html
contains "$errout" "text or markdown"
