/*
 * test-schema.c - the field tables of diff/schema.h: that they describe
 * every byte of their structs, and that copying, the model cache and the
 * JSON output keep every member they describe.
 *
 * A member added to a struct without an entry leaves bytes no entry
 * covers, or at least (a bool in padding) makes the header declare more
 * members than the table describes (test_coverage); one with an entry is
 * filled by fill() like the others and must come back from all three
 * walkers (test_round_trip): a table, a sequence and a domain through
 * all three; an enum, made from columns after the cache and never copied,
 * through the JSON.
 */
#include <jansson.h>
#include <stdalign.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "introspect/cache.h"
#include "test.h"

static const struct rg_struct_desc *const all_descs[] = {
	&rg_table_desc, &rg_column_desc, &rg_pk_desc, &rg_unique_desc,
	&rg_index_desc, &rg_fk_desc, &rg_check_desc, &rg_dependent_desc,
	&rg_enum_desc, &rg_sequence_desc, &rg_domain_desc,
};

struct span {
	size_t off, size, align;
	const char *what;
};

static int cmp_span(const void *x, const void *y)
{
	const struct span *a = x, *b = y;
	return (a->off > b->off) - (a->off < b->off);
}

static size_t align_up(size_t n, size_t a)
{
	return (n + a - 1) / a * a;
}

/*
 * How many members diff/schema.h declares in struct name: the names
 * between its braces, comments left out (a ';' ends a declaration, a ','
 * separates two of its names; the header declares nothing fancier).
 * This finds what offsets cannot: a bool put in padding.
 */
static size_t declared_members(const char *header, const char *name)
{
	char open[64];
	snprintf(open, sizeof(open), "struct %s {", name);
	const char *p = strstr(header, open);
	if (!p)
		return 0;
	size_t n = 0;
	bool in_decl = false;
	for (p += strlen(open); *p && *p != '}'; p++) {
		if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			if (!end)
				return 0;
			p = end + 1;
		} else if (*p == ';' || *p == ',') {
			n += in_decl;
			in_decl = *p == ',';
		} else if (*p != ' ' && *p != '\t' && *p != '\n') {
			in_decl = true;
		}
	}
	return n;
}

/* Every byte of the struct is a described member or the padding before a
 * member (or at the end) that its alignment makes, and every member the
 * header declares is one of them. */
static void check_coverage(const struct rg_struct_desc *d, const char *header)
{
	struct span sp[64];
	size_t n = 0;
	for (size_t i = 0; i < d->nfields; i++) {
		const struct rg_field *f = &d->fields[i];
		if (n + 3 > RG_ARRAY_LEN(sp)) {
			CHECK(!"more fields than this test has room for");
			return;
		}
		struct span s = {f->off, sizeof(void *), alignof(void *), f->json};
		if (!s.what)
			s.what = "(a member without a JSON key)";
		switch (f->kind) {
		case RG_FIELD_STR:
		case RG_FIELD_OBJ:
			break;
		case RG_FIELD_BOOL:
			s.size = sizeof(bool);
			s.align = alignof(bool);
			break;
		case RG_FIELD_ENUM:
			s.size = s.align = sizeof(unsigned);
			break;
		case RG_FIELD_LOC:
			s.size = sizeof(struct rg_loc);
			s.align = alignof(struct rg_loc);
			break;
		case RG_FIELD_NAMES:
			if (!(f->flags & RG_FIELD_SHARED_COUNT))
				sp[n++] = (struct span){f->count_off, sizeof(size_t), alignof(size_t), "count"};
			break;
		case RG_FIELD_OBJS:
			sp[n++] = (struct span){f->count_off, sizeof(size_t), alignof(size_t), "count"};
			sp[n++] = (struct span){f->cap_off, sizeof(size_t), alignof(size_t), "capacity"};
			break;
		}
		sp[n++] = s;
	}
	if (declared_members(header, d->name) != n)
		fprintf(stderr, "struct %s: %zu members declared, %zu described\n", d->name,
			declared_members(header, d->name), n);
	CHECK(declared_members(header, d->name) == n);
	qsort(sp, n, sizeof(*sp), cmp_span);
	size_t pos = 0, maxalign = 1;
	for (size_t i = 0; i < n; i++) {
		if (sp[i].off != align_up(pos, sp[i].align))
			fprintf(stderr, "struct %s: bytes %zu..%zu before %s are described by no field\n",
				d->name, pos, sp[i].off, sp[i].what);
		CHECK(sp[i].off == align_up(pos, sp[i].align));
		pos = sp[i].off + sp[i].size;
		if (sp[i].align > maxalign)
			maxalign = sp[i].align;
	}
	if (align_up(pos, maxalign) != d->size)
		fprintf(stderr, "struct %s: bytes %zu..%zu at the end are described by no field\n",
			d->name, pos, d->size);
	CHECK(align_up(pos, maxalign) == d->size);
}

/* What the walkers take for granted of an entry. */
static void check_entries(const struct rg_struct_desc *d)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct rg_field *f = &d->fields[i];
		/* printed, or deliberately not */
		CHECK(!f->json != !(f->flags & RG_FIELD_NO_JSON));
		if (f->kind == RG_FIELD_LOC)
			CHECK(!f->json);
		if (f->kind == RG_FIELD_ENUM)
			CHECK(f->enum_names && f->nenum > 0);
		if (f->kind == RG_FIELD_OBJ || f->kind == RG_FIELD_OBJS)
			CHECK(f->type != NULL);
		if (f->flags & RG_FIELD_SHARED_COUNT) {
			/* the count's owner comes first: the cache reads it first */
			bool owner = false;
			for (size_t k = 0; k < i; k++)
				owner |= d->fields[k].kind == RG_FIELD_NAMES &&
					 !(d->fields[k].flags & RG_FIELD_SHARED_COUNT) &&
					 d->fields[k].count_off == f->count_off;
			CHECK(f->kind == RG_FIELD_NAMES && owner);
		}
	}
}

static void test_coverage(void)
{
	struct rg_buf path = RG_BUF_INIT;
	struct rg_error err;
	const char *root = getenv("RG_SOURCE_ROOT");
	rg_buf_addf(&path, "%s/diff/schema.h", root ? root : ".");
	char *header = rg_read_file(path.data, NULL, &err);
	CHECK(header != NULL);
	for (size_t i = 0; header && i < RG_ARRAY_LEN(all_descs); i++) {
		check_coverage(all_descs[i], header);
		check_entries(all_descs[i]);
	}
	free(header);
	rg_buf_free(&path);
}

/* Sets every member of the struct of type d at o to a value other than
 * the zero a constructor leaves, each string a different one. */
static void fill(struct rg_schema *s, const struct rg_struct_desc *d, void *o, unsigned *seq)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct rg_field *f = &d->fields[i];
		char *m = (char *)o + f->off;
		switch (f->kind) {
		case RG_FIELD_STR:
			*(const char **)m = rg_arena_printf(s->arena, "%s-%u", d->name, ++*seq);
			break;
		case RG_FIELD_BOOL:
			*(bool *)m = true;
			break;
		case RG_FIELD_ENUM:
			*(unsigned *)m = f->nenum - 1;
			break;
		case RG_FIELD_LOC: {
			struct rg_loc *loc = (struct rg_loc *)m;
			loc->file = ++*seq % 2 ? "a.h" : "b.h";
			loc->line = ++*seq;
			loc->col = ++*seq;
			break;
		}
		case RG_FIELD_NAMES: {
			size_t *n = RG_FIELD_COUNT(o, f);
			if (!(f->flags & RG_FIELD_SHARED_COUNT))
				*n = 2;
			const char **names = rg_arena_alloc(s->arena, *n * sizeof(char *));
			for (size_t k = 0; k < *n; k++)
				names[k] = rg_arena_printf(s->arena, "n-%u", ++*seq);
			*(const char ***)m = names;
			break;
		}
		case RG_FIELD_OBJ: {
			void *obj = rg_arena_alloc(s->arena, f->type->size);
			fill(s, f->type, obj, seq);
			*(void **)m = obj;
			break;
		}
		case RG_FIELD_OBJS: {
			void **items = rg_arena_alloc(s->arena, 2 * sizeof(void *));
			for (size_t k = 0; k < 2; k++) {
				items[k] = rg_arena_alloc(s->arena, f->type->size);
				fill(s, f->type, items[k], seq);
			}
			*(void ***)m = items;
			*RG_FIELD_COUNT(o, f) = 2;
			*(size_t *)((char *)o + f->cap_off) = 2;
			break;
		}
		}
	}
}

/* True when the structs of type d at a and b hold the same members. */
static bool equal(const struct rg_struct_desc *d, const void *a, const void *b)
{
	bool eq = true;
	for (size_t i = 0; i < d->nfields; i++) {
		const struct rg_field *f = &d->fields[i];
		const char *x = (const char *)a + f->off, *y = (const char *)b + f->off;
		bool same = true;
		switch (f->kind) {
		case RG_FIELD_STR:
			same = rg_streq(*(const char *const *)x, *(const char *const *)y);
			break;
		case RG_FIELD_BOOL:
			same = *(const bool *)x == *(const bool *)y;
			break;
		case RG_FIELD_ENUM:
			same = *(const unsigned *)x == *(const unsigned *)y;
			break;
		case RG_FIELD_LOC: {
			const struct rg_loc *p = (const void *)x, *q = (const void *)y;
			same = rg_streq(p->file, q->file) && p->line == q->line && p->col == q->col;
			break;
		}
		case RG_FIELD_NAMES:
			same = rg_names_equal(*(const char *const *const *)x, *RG_FIELD_COUNT(a, f),
					      *(const char *const *const *)y, *RG_FIELD_COUNT(b, f));
			break;
		case RG_FIELD_OBJ: {
			const void *p = *(const void *const *)x, *q = *(const void *const *)y;
			same = (!p && !q) || (p && q && equal(f->type, p, q));
			break;
		}
		case RG_FIELD_OBJS: {
			size_t n = *RG_FIELD_COUNT(a, f);
			const void *const *p = *(const void *const *const *)x;
			const void *const *q = *(const void *const *const *)y;
			same = n == *RG_FIELD_COUNT(b, f);
			for (size_t k = 0; same && k < n; k++)
				same = equal(f->type, p[k], q[k]);
			break;
		}
		}
		if (!same)
			fprintf(stderr, "struct %s: member %zu (%s) differs\n", d->name, i,
				f->json ? f->json : "without a JSON key");
		eq &= same;
	}
	return eq;
}

/* Every member with a JSON key is in the object, and not null (fill() left
 * none NULL). */
static void check_json(const struct rg_struct_desc *d, const json_t *jo)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct rg_field *f = &d->fields[i];
		if (!f->json)
			continue;
		json_t *v = json_object_get(jo, f->json);
		if (!v || json_is_null(v))
			fprintf(stderr, "struct %s: \"%s\" missing from the JSON\n", d->name, f->json);
		CHECK(v && !json_is_null(v));
		if (v && f->kind == RG_FIELD_OBJ)
			check_json(f->type, v);
		if (v && f->kind == RG_FIELD_OBJS) {
			CHECK(json_array_size(v) == 2);
			for (size_t k = 0; k < json_array_size(v); k++)
				check_json(f->type, json_array_get(v, k));
		}
	}
}

/* The root JSON object's list key, its first item checked against d. */
static void check_json_item(const json_t *root, const char *key, const struct rg_struct_desc *d)
{
	json_t *jo = json_array_get(json_object_get(root, key), 0);
	CHECK(jo != NULL);
	if (jo)
		check_json(d, jo);
}

/* Objects with every member set, through a copy (a table), the cache (a
 * table, a sequence, a domain) and the JSON (those and an enum). */
static void test_round_trip(void)
{
	unsigned seq = 0;
	struct rg_schema *s = rg_schema_new();
	struct rg_table *t = rg_schema_add_table(s, "t");
	fill(s, &rg_table_desc, t, &seq);
	struct rg_sequence *q = rg_schema_add_sequence(s, "q");
	fill(s, &rg_sequence_desc, q, &seq);
	struct rg_domain *dm = rg_schema_add_domain(s, "d");
	fill(s, &rg_domain_desc, dm, &seq);
	struct rg_enum *e = rg_schema_add_enum(s, "e");
	fill(s, &rg_enum_desc, e, &seq);

	/* only a table has a copy: the others are the same objects */
	struct rg_schema *copied = rg_schema_new();
	rg_table_copy(copied, t);
	CHECK(copied->ntables == 1 && equal(&rg_table_desc, t, copied->tables[0]));
	/* a deep copy: nothing points into the first schema's arena */
	CHECK(copied->tables[0]->columns[0]->name != t->columns[0]->name);
	CHECK(copied->tables[0]->fks[1]->ref_cols[1] != t->fks[1]->ref_cols[1]);
	rg_arena_push(copied->arena, (void ***)&copied->sequences, &copied->nsequences,
		      &copied->cap_sequences, q);
	rg_arena_push(copied->arena, (void ***)&copied->domains, &copied->ndomains,
		      &copied->cap_domains, dm);
	rg_arena_push(copied->arena, (void ***)&copied->enums, &copied->nenums, &copied->cap_enums, e);

	char dir[] = "/tmp/revgen-test-schema.XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	struct rg_buf path = RG_BUF_INIT;
	rg_buf_addf(&path, "%s/models", dir);
	struct rg_cache_key key = {{1, 2, 3}};
	void *const objs[RG_CACHE_KINDS] = {[RG_CACHE_TABLE] = t, [RG_CACHE_SEQUENCE] = q,
					    [RG_CACHE_DOMAIN] = dm};
	struct rg_cache_file file = {.path = "a.h"};
	for (int k = 0; k < RG_CACHE_KINDS; k++)
		file.decls[k] = (struct rg_cache_decls){&objs[k], 1};
	rg_cache_store(path.data, &key, &file, 1);
	struct rg_schema *cached = rg_schema_new();
	struct rg_cache_file *files = NULL;
	CHECK(rg_cache_load(path.data, &key, cached, &files) == 1);
	for (int k = 0; files && k < RG_CACHE_KINDS; k++) {
		CHECK(files[0].decls[k].n == 1);
		if (files[0].decls[k].n == 1)
			CHECK(equal(rg_cache_descs[k], objs[k], files[0].decls[k].items[0]));
	}
	/* into the schema, as the loader adds what the cache has */
	if (files && files[0].decls[RG_CACHE_TABLE].n == 1 && files[0].decls[RG_CACHE_SEQUENCE].n == 1 &&
	    files[0].decls[RG_CACHE_DOMAIN].n == 1) {
		*rg_schema_add_table(cached, "t") = *(struct rg_table *)files[0].decls[RG_CACHE_TABLE].items[0];
		*rg_schema_add_sequence(cached, "q") =
			*(struct rg_sequence *)files[0].decls[RG_CACHE_SEQUENCE].items[0];
		*rg_schema_add_domain(cached, "d") =
			*(struct rg_domain *)files[0].decls[RG_CACHE_DOMAIN].items[0];
	}
	rg_arena_push(cached->arena, (void ***)&cached->enums, &cached->nenums, &cached->cap_enums, e);
	unlink(path.data);
	rmdir(dir);
	rg_buf_free(&path);

	char *js = rg_cmd_schema_json(s);
	char *js_copied = rg_cmd_schema_json(copied);
	char *js_cached = rg_cmd_schema_json(cached);
	CHECK_STR(js_copied, js);
	CHECK_STR(js_cached, js);
	json_t *root = json_loads(js, 0, NULL);
	check_json_item(root, "tables", &rg_table_desc);
	check_json_item(root, "sequences", &rg_sequence_desc);
	check_json_item(root, "domains", &rg_domain_desc);
	check_json_item(root, "enums", &rg_enum_desc);
	json_decref(root);
	free(js);
	free(js_copied);
	free(js_cached);
	rg_schema_free(s);
	rg_schema_free(copied);
	rg_schema_free(cached);
}

/* The JSON's shape, byte for byte, as docs/json.md shows it. */
static void test_json_shape(void)
{
	struct rg_schema *s = rg_schema_new();
	struct rg_table *t = rg_schema_add_table(s, "posts");
	struct rg_column *c = rg_table_add_column(s, t, "id");
	c->type = "BIGINT";
	c->not_null = true;
	c->autoincrement = true;
	c = rg_table_add_column(s, t, "user_id");
	c->type = "BIGINT";
	c->default_expr = "0";
	c->comment = "the author";
	struct rg_pk *pk = rg_table_set_pk(s, t, "pk_posts");
	rg_names_push(s, &pk->cols, &pk->ncols, "id");
	struct rg_unique *u = rg_table_add_unique(s, t, NULL);
	rg_names_push(s, &u->cols, &u->ncols, "user_id");
	struct rg_index *x = rg_table_add_index(s, t, "ix_posts_user_id");
	x->unique = true;
	rg_names_push(s, &x->cols, &x->ncols, "user_id");
	x->where = "user_id > 0";
	struct rg_fk *fk = rg_table_add_fk(s, t, "fk_posts_user_id_users");
	rg_names_push(s, &fk->cols, &fk->ncols, "user_id");
	fk->ref_table = "users";
	fk->ref_cols = rg_arena_alloc(s->arena, sizeof(char *));
	fk->ref_cols[0] = "id";
	fk->on_delete = RG_FK_CASCADE;
	struct rg_check *ck = rg_table_add_check(s, t, "ck_posts_user_id");
	ck->expr = "user_id >= 0";
	rg_schema_add_table(s, "empty");
	char *js = rg_cmd_schema_json(s);
	CHECK_STR(js,
		  "{\n"
		  "  \"tables\": [\n"
		  "    {\n"
		  "      \"name\": \"posts\",\n"
		  "      \"comment\": null,\n"
		  "      \"charset\": null,\n"
		  "      \"collation\": null,\n"
		  "      \"engine\": null,\n"
		  "      \"row_format\": null,\n"
		  "      \"unlogged\": false,\n"
		  "      \"without_rowid\": false,\n"
		  "      \"strict\": false,\n"
		  "      \"columns\": [\n"
		  "        {\n"
		  "          \"name\": \"id\",\n"
		  "          \"type\": \"BIGINT\",\n"
		  "          \"nullable\": false,\n"
		  "          \"default\": null,\n"
		  "          \"autoincrement\": true,\n"
		  "          \"serial\": false,\n"
		  "          \"identity_always\": false,\n"
		  "          \"comment\": null,\n"
		  "          \"charset\": null,\n"
		  "          \"collation\": null,\n"
		  "          \"on_update\": null,\n"
		  "          \"invisible\": false,\n"
		  "          \"generated\": null,\n"
		  "          \"generated_virtual\": false,\n"
		  "          \"enum\": null,\n"
		  "          \"labels\": []\n"
		  "        },\n"
		  "        {\n"
		  "          \"name\": \"user_id\",\n"
		  "          \"type\": \"BIGINT\",\n"
		  "          \"nullable\": true,\n"
		  "          \"default\": \"0\",\n"
		  "          \"autoincrement\": false,\n"
		  "          \"serial\": false,\n"
		  "          \"identity_always\": false,\n"
		  "          \"comment\": \"the author\",\n"
		  "          \"charset\": null,\n"
		  "          \"collation\": null,\n"
		  "          \"on_update\": null,\n"
		  "          \"invisible\": false,\n"
		  "          \"generated\": null,\n"
		  "          \"generated_virtual\": false,\n"
		  "          \"enum\": null,\n"
		  "          \"labels\": []\n"
		  "        }\n"
		  "      ],\n"
		  "      \"primary_key\": {\n"
		  "        \"name\": \"pk_posts\",\n"
		  "        \"columns\": [\n"
		  "          \"id\"\n"
		  "        ]\n"
		  "      },\n"
		  "      \"unique_constraints\": [\n"
		  "        {\n"
		  "          \"name\": null,\n"
		  "          \"columns\": [\n"
		  "            \"user_id\"\n"
		  "          ]\n"
		  "        }\n"
		  "      ],\n"
		  "      \"indexes\": [\n"
		  "        {\n"
		  "          \"name\": \"ix_posts_user_id\",\n"
		  "          \"unique\": true,\n"
		  "          \"columns\": [\n"
		  "            \"user_id\"\n"
		  "          ],\n"
		  "          \"include\": [],\n"
		  "          \"where\": \"user_id > 0\",\n"
		  "          \"kind\": null,\n"
		  "          \"method\": null,\n"
		  "          \"opaque\": null\n"
		  "        }\n"
		  "      ],\n"
		  "      \"foreign_keys\": [\n"
		  "        {\n"
		  "          \"name\": \"fk_posts_user_id_users\",\n"
		  "          \"columns\": [\n"
		  "            \"user_id\"\n"
		  "          ],\n"
		  "          \"ref_table\": \"users\",\n"
		  "          \"ref_columns\": [\n"
		  "            \"id\"\n"
		  "          ],\n"
		  "          \"on_delete\": \"CASCADE\",\n"
		  "          \"on_update\": \"NO ACTION\",\n"
		  "          \"deferrable\": false,\n"
		  "          \"initially_deferred\": false\n"
		  "        }\n"
		  "      ],\n"
		  "      \"checks\": [\n"
		  "        {\n"
		  "          \"name\": \"ck_posts_user_id\",\n"
		  "          \"expression\": \"user_id >= 0\",\n"
		  "          \"column\": null\n"
		  "        }\n"
		  "      ]\n"
		  "    },\n"
		  "    {\n"
		  "      \"name\": \"empty\",\n"
		  "      \"comment\": null,\n"
		  "      \"charset\": null,\n"
		  "      \"collation\": null,\n"
		  "      \"engine\": null,\n"
		  "      \"row_format\": null,\n"
		  "      \"unlogged\": false,\n"
		  "      \"without_rowid\": false,\n"
		  "      \"strict\": false,\n"
		  "      \"columns\": [],\n"
		  "      \"primary_key\": null,\n"
		  "      \"unique_constraints\": [],\n"
		  "      \"indexes\": [],\n"
		  "      \"foreign_keys\": [],\n"
		  "      \"checks\": []\n"
		  "    }\n"
		  "  ],\n"
		  "  \"views\": [],\n"
		  "  \"enums\": [],\n"
		  "  \"sequences\": [],\n"
		  "  \"domains\": []\n"
		  "}");
	free(js);
	rg_schema_free(s);
}

/* Enums, sequences and domains in the JSON, as docs/json.md shows them. */
static void test_json_objects(void)
{
	struct rg_schema *s = rg_schema_new();
	struct rg_enum *e = rg_schema_add_enum(s, "mood");
	rg_names_push(s, &e->labels, &e->nlabels, "ok");
	rg_names_push(s, &e->labels, &e->nlabels, "sad");
	struct rg_sequence *q = rg_schema_add_sequence(s, "ticket_no");
	q->type = "bigint";
	q->start = "100";
	q->increment = "5";
	q->max = "9223372036854775807";
	struct rg_domain *dm = rg_schema_add_domain(s, "email_t");
	dm->type = "text";
	dm->not_null = true;
	rg_names_push(s, &dm->checks, &dm->nchecks, "VALUE ~ '@'");
	dm->check_names = rg_arena_alloc(s->arena, sizeof(char *));
	dm->check_names[0] = "email_t_check";
	char *js = rg_cmd_schema_json(s);
	CHECK_STR(js,
		  "{\n"
		  "  \"tables\": [],\n"
		  "  \"views\": [],\n"
		  "  \"enums\": [\n"
		  "    {\n"
		  "      \"name\": \"mood\",\n"
		  "      \"labels\": [\n"
		  "        \"ok\",\n"
		  "        \"sad\"\n"
		  "      ]\n"
		  "    }\n"
		  "  ],\n"
		  "  \"sequences\": [\n"
		  "    {\n"
		  "      \"name\": \"ticket_no\",\n"
		  "      \"type\": \"bigint\",\n"
		  "      \"start\": \"100\",\n"
		  "      \"increment\": \"5\",\n"
		  "      \"min\": null,\n"
		  "      \"max\": \"9223372036854775807\",\n"
		  "      \"cache\": null,\n"
		  "      \"cycle\": false\n"
		  "    }\n"
		  "  ],\n"
		  "  \"domains\": [\n"
		  "    {\n"
		  "      \"name\": \"email_t\",\n"
		  "      \"type\": \"text\",\n"
		  "      \"nullable\": false,\n"
		  "      \"default\": null,\n"
		  "      \"check_names\": [\n"
		  "        \"email_t_check\"\n"
		  "      ],\n"
		  "      \"checks\": [\n"
		  "        \"VALUE ~ '@'\"\n"
		  "      ]\n"
		  "    }\n"
		  "  ]\n"
		  "}");
	free(js);
	rg_schema_free(s);
}

int main(void)
{
	test_coverage();
	test_round_trip();
	test_json_shape();
	test_json_objects();
	TEST_DONE();
}
