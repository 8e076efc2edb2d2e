# Index forms of issue 20 declared in the models: NULLS FIRST/LAST, an
# access method (USING), operator classes, a key part's COLLATE, INCLUDE
# columns (PostgreSQL).  From nothing: created, `check` clean in the
# server's own spelling, `inspect --format c` writes headers that check
# clean too; a change of each form is made by autogenerate with the rows
# kept, and undone by downgrade.  Elsewhere the forms the database has no
# such thing for are refused at file:line.
mkdir -p models
cat > models/doc.h <<'H'
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(doc)
	RG_INDEX_ON(ix_doc_title_pattern, title text_pattern_ops)
	RG_INDEX_ON(ix_doc_lower_title, (lower(title)) text_pattern_ops DESC NULLS LAST)
	RG_INDEX_ON(ix_doc_body USING gin, body jsonb_path_ops)
	RG_INDEX_ON(ix_doc_at, published_at NULLS FIRST, id DESC NULLS FIRST)
	RG_INDEX_ON(ix_doc_cover, author_id, INCLUDE (title))
	RG_INDEX_ON(ix_doc_title_c, title COLLATE "C")
	RG_UNIQUE_ON(uq_doc_slug USING btree, slug, INCLUDE (id))
	RG_INDEX_ON(ix_doc_hash USING hash, slug)
	doc {
	int32_t id RG_PRIMARY_KEY;
	int32_t author_id;
	char title[201];
	char slug[101];
	char *body RG_TYPE(jsonb);
	char *published_at RG_TYPE(timestamp);
};
H
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini

if [ "$E2E_DIALECT" != postgresql ]; then
	# each form refused where it is written, one model at a time
	cp models/doc.h doc.h.all
	refused() { # the index's macro, what the error says
		sed "/^\tRG_/d;s/^struct RG_TABLE(doc)\$/struct RG_TABLE(doc)\n\t$1/" doc.h.all >models/doc.h
		expect 2 check
		contains "$errout" "doc.h:5:"
		contains "$errout" "$2"
	}
	refused "RG_INDEX_ON(ix_doc_title_pattern, title text_pattern_ops)" \
		"an operator class in the index ix_doc_title_pattern on table doc"
	refused "RG_INDEX_ON(ix_doc_lower_title, title NULLS LAST)" \
		"a NULLS FIRST/LAST key part in the index ix_doc_lower_title"
	refused "RG_INDEX_ON(ix_doc_body USING gin, body)" \
		"USING gin in the index ix_doc_body on table doc"
	refused "RG_INDEX_ON(ix_doc_cover, author_id, INCLUDE (title))" \
		"an INCLUDE (...) index ix_doc_cover on table doc"
	# InnoDB makes a BTREE of USING HASH: refused, not made another way
	refused "RG_INDEX_ON(ix_doc_hash USING hash, slug)" \
		"USING hash in the index ix_doc_hash on table doc"
	if [ "$E2E_DIALECT" = sqlite ]; then
		refused "RG_INDEX_ON(ix_doc_slug, slug(10))" \
			"a prefix key part, col(n), in the index ix_doc_slug"
	else
		refused "RG_INDEX_ON(ix_doc_title_c, title COLLATE \"C\")" \
			"a COLLATE key part in the index ix_doc_title_c"
	fi
	if [ "$E2E_DIALECT" = sqlite ]; then
		# SQLite's own: a key part's COLLATE, compared without case
		cat > models/doc.h <<'H'
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(doc)
	RG_INDEX_ON(ix_doc_title, title COLLATE NOCASE, id DESC)
	RG_INDEX_ON(ix_doc_slug, slug COLLATE nocase)
	doc {
	int32_t id RG_PRIMARY_KEY;
	char title[301];
	char slug[101] RG_COLLATE(NOCASE);
};
H
		expect 0 --autogenerate -m "doc"
		expect 0 upgrade head
		expect 0 check
		lacks "$errout" "note:"
		db_sql "INSERT INTO doc (id, title, slug) VALUES (1, 'Alpha', 'a'), (2, 'beta', 'b')" >/dev/null
		mkdir inspected
		expect 0 inspect --format c --output inspected
		contains "$(cat inspected/doc.h)" "RG_INDEX_ON(ix_doc_title, title COLLATE NOCASE, id DESC)"
		lacks "$(cat inspected/doc.h)" "slug COLLATE"
		sed -i 's/title COLLATE NOCASE, id DESC/title COLLATE RTRIM, id DESC/;s/slug COLLATE nocase/slug COLLATE BINARY/' models/doc.h
		expect 1 check
		contains "$out" "ix_doc_title"
		contains "$out" "ix_doc_slug"
		expect 0 --autogenerate -m "collations"
		expect 0 upgrade head
		expect 0 check
		contains "$(db_sql "SELECT sql FROM sqlite_master WHERE name = 'ix_doc_title'")" 'COLLATE RTRIM'
		[ "$(db_sql "SELECT count(*) FROM doc")" = 2 ] || fail "rows lost"
		expect 0 downgrade -1
		[ "$(db_sql "SELECT count(*) FROM doc")" = 2 ] || fail "rows lost on downgrade"
		rm "$(ls -t migrations/versions/*.sql | head -1)"
		mv models models.new
		mv inspected models
		expect 0 check
		lacks "$errout" "note:"
		exit 0
	fi

	# MySQL's and MariaDB's own: prefix and DESC key parts, which InnoDB's
	# dictionary views (the fast read) do not show
	cat > models/doc.h <<'H'
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(doc)
	RG_INDEX_ON(ix_doc_title, title(20), id DESC)
	RG_UNIQUE_ON(uq_doc_slug, slug(50))
	doc {
	int32_t id RG_PRIMARY_KEY;
	char title[301];
	char slug[101];
};
H
	expect 0 --autogenerate -m "doc"
	expect 0 upgrade head
	expect 0 check
	lacks "$errout" "note:"
	db_sql "INSERT INTO doc (id, title, slug) VALUES (1, 'alpha', 'alpha'), (2, 'beta', 'beta')" >/dev/null
	keys=$(db_sql "SELECT CONCAT(INDEX_NAME, ':', COLUMN_NAME, ':', IFNULL(SUB_PART, '-'), ':', COLLATION)
		FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'doc'")
	contains "$keys" "ix_doc_title:title:20:A"
	contains "$keys" "ix_doc_title:id:-:D"
	contains "$keys" "uq_doc_slug:slug:50:A"
	mkdir inspected
	expect 0 inspect --format c --output inspected
	contains "$(cat inspected/doc.h)" "RG_INDEX_ON(ix_doc_title, title(20), id DESC)"
	contains "$(cat inspected/doc.h)" "RG_UNIQUE_ON(uq_doc_slug, slug(50))"
	mv models models.orig
	mv inspected models
	expect 0 check
	mv models inspected
	mv models.orig models
	# each changed: a longer prefix, DESC gone, another prefix of the key
	sed -i 's/title(20), id DESC/title(40), id/;s/slug(50)/slug(60)/' models/doc.h
	expect 1 check
	contains "$out" "ix_doc_title"
	contains "$out" "uq_doc_slug"
	expect 0 --autogenerate -m "longer prefixes"
	expect 0 upgrade head
	expect 0 check
	keys=$(db_sql "SELECT CONCAT(INDEX_NAME, ':', COLUMN_NAME, ':', IFNULL(SUB_PART, '-'), ':', COLLATION)
		FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'doc'")
	contains "$keys" "ix_doc_title:title:40:A"
	contains "$keys" "ix_doc_title:id:-:A"
	contains "$keys" "uq_doc_slug:slug:60:A"
	[ "$(db_sql "SELECT count(*) FROM doc")" = 2 ] || fail "rows lost"
	expect 0 downgrade -1
	[ "$(db_sql "SELECT count(*) FROM doc")" = 2 ] || fail "rows lost on downgrade"
	rm "$(ls -t migrations/versions/*.sql | head -1)"
	mv models models.new
	mv inspected models
	expect 0 check
	lacks "$errout" "note:"
	exit 0
fi

# from nothing: created, then check is clean in the server's spelling
expect 0 --autogenerate -m "doc"
rev=$(ls migrations/versions/*.sql)
contains "$(cat $rev)" 'USING gin (body jsonb_path_ops)'
expect 0 upgrade head
expect 0 check
lacks "$errout" "note:"
db_sql "INSERT INTO doc (id, author_id, title, slug, body, published_at) VALUES
	(1, 1, 'Alpha', 'alpha', '{\"a\": 1}', NULL), (2, 1, 'beta', 'beta', '{}', '2026-01-02')" >/dev/null
! db_sql "INSERT INTO doc (id, author_id, title, slug) VALUES (3, 1, 'x', 'alpha')" \
	>/dev/null 2>&1 || fail "the unique index with INCLUDE is not unique"
defs=$(db_sql "SELECT indexdef FROM pg_indexes WHERE tablename = 'doc' ORDER BY indexname")
contains "$defs" 'USING btree (lower((title)::text) text_pattern_ops DESC NULLS LAST)'
contains "$defs" 'USING btree (published_at NULLS FIRST, id DESC)'
contains "$defs" 'USING btree (author_id) INCLUDE (title)'
contains "$defs" 'USING btree (title COLLATE "C")'
contains "$defs" 'USING hash (slug)'

# what the database has, written back as headers, is what it has
mkdir inspected
expect 0 inspect --format c --output inspected
hdr=$(cat inspected/doc.h)
contains "$hdr" 'RG_INDEX_ON(ix_doc_body USING gin, body jsonb_path_ops)'
contains "$hdr" 'published_at NULLS FIRST, id DESC)'
contains "$hdr" 'INCLUDE (title))'
contains "$hdr" 'title COLLATE C)'
contains "$hdr" 'RG_UNIQUE_ON(uq_doc_slug, slug, INCLUDE (id))'
lacks "$hdr" 'note:'
mv models models.orig
mv inspected models
expect 0 check
lacks "$errout" "note:"
mv models inspected
mv models.orig models

# each form changed: an operator class switched, an INCLUDE column added,
# NULLS flipped, the access method and the collation changed
sed -i 's/title text_pattern_ops)/title varchar_pattern_ops)/;
	s/INCLUDE (title))/INCLUDE (title, slug))/;
	s/published_at NULLS FIRST,/published_at NULLS LAST,/;
	s/ix_doc_hash USING hash, slug/ix_doc_hash USING brin, slug/;
	s/title COLLATE "C")/title COLLATE "POSIX" DESC)/' models/doc.h
expect 1 check
for x in ix_doc_title_pattern ix_doc_cover ix_doc_at ix_doc_hash ix_doc_title_c; do
	contains "$out" "$x"
done
lacks "$out" "ix_doc_body"
lacks "$out" "ix_doc_lower_title"
expect 0 --autogenerate -m "index forms"
expect 0 upgrade head
expect 0 check
[ "$(db_sql "SELECT count(*) FROM doc")" = 2 ] || fail "rows lost"
defs=$(db_sql "SELECT indexdef FROM pg_indexes WHERE tablename = 'doc' ORDER BY indexname")
contains "$defs" 'USING btree (title varchar_pattern_ops)'
contains "$defs" 'INCLUDE (title, slug)'
contains "$defs" 'USING brin (slug)'
contains "$defs" 'USING btree (title COLLATE "POSIX" DESC)'
expect 0 downgrade -1
[ "$(db_sql "SELECT count(*) FROM doc")" = 2 ] || fail "rows lost on downgrade"
# back where the first revision left it: clean against its models
rm "$(ls -t migrations/versions/*.sql | head -1)"
mv models models.new
mv inspected models
expect 0 check
lacks "$errout" "note:"

# an operator class from an extension (pg_trgm, when installed)
if db_sql "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null 2>&1; then
	sed -i 's/^\tdoc {/\tRG_INDEX_ON(ix_doc_trgm USING gin, title gin_trgm_ops)\n\tdoc {/' models/doc.h
	expect 0 --autogenerate -m "trigram"
	expect 0 upgrade head
	expect 0 check
	lacks "$errout" "note:"
	contains "$(db_sql "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_doc_trgm'")" 'gin_trgm_ops'
fi

# an operator class with options is one no model can say: left alone
db_sql "CREATE INDEX doc_body_sig ON doc USING gist ((to_tsvector('simple', title)) tsvector_ops (siglen = 64))" >/dev/null
expect 0 check
contains "$errout" "note: leaving index doc.doc_body_sig alone: operator class options"
