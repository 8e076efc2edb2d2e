/*
 * test-loader.c - the model loader on real headers through libclang: the
 * SPEC example, every C type and annotation, and each kind of broken
 * header giving file:line and the right message.  Also: revgen.h itself
 * compiles cleanly under gcc and clang, with and without REVGEN_SCAN.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "introspect/loader.h"
#include "test/test.h"

static char fixtures[512];

static struct rg_schema *load_for(const char *f1, const char *f2, const struct rg_compare *d,
				  struct rg_error *err)
{
	char p1[700], p2[700];
	snprintf(p1, sizeof(p1), "%s/loader/%s", fixtures, f1);
	snprintf(p2, sizeof(p2), "%s/loader/%s", fixtures, f2 ? f2 : "");
	const char *files[2] = {p1, p2};
	struct rg_loader_opts o = {files, f2 ? 2 : 1, NULL, 0, NULL, 0, NULL, NULL, d};
	struct rg_schema *s = NULL;
	struct rg_loader_stats st;
	if (rg_load_models(&s, &o, &st, err) < 0)
		return NULL;
	CHECK(st.clang_ms > 0 && st.total_ms >= st.clang_ms);
	return s;
}

static struct rg_schema *load(const char *f1, const char *f2, struct rg_error *err)
{
	return load_for(f1, f2, NULL, err);
}

static const struct rg_column *column(const struct rg_table *t, const char *name)
{
	const struct rg_column *c = t ? rg_table_find_column(t, name) : NULL;
	if (!c)
		fprintf(stderr, "no column %s\n", name);
	CHECK(c != NULL);
	return c;
}

static void expect_col(const struct rg_table *t, const char *name, const char *type,
		       bool generic, bool not_null)
{
	const struct rg_column *c = column(t, name);
	if (!c)
		return;
	CHECK_STR(c->type, type);
	if (c->generic != generic || c->not_null != not_null)
		fprintf(stderr, "column %s: generic %d not_null %d\n", name, c->generic, c->not_null);
	CHECK(c->generic == generic);
	CHECK(c->not_null == not_null);
}

static void blog(void)
{
	struct rg_error err;
	struct rg_schema *s = load("blog.h", NULL, &err);
	if (!s) {
		fprintf(stderr, "%s\n", err.msg);
		CHECK(0);
		return;
	}
	CHECK(s->ntables == 2);
	const struct rg_table *u = rg_schema_find_table(s, "users");
	const struct rg_table *p = rg_schema_find_table(s, "posts");
	CHECK(u && p);
	if (!u || !p)
		return;
	CHECK(u->ncolumns == 4);
	expect_col(u, "id", "BIGINT", true, true);
	CHECK(column(u, "id")->autoincrement);
	expect_col(u, "username", "VARCHAR(255)", true, true);
	expect_col(u, "bio", "VARCHAR(500)", false, false);
	expect_col(u, "created_at", "TIMESTAMP", true, true);
	CHECK_STR(column(u, "created_at")->default_expr, "CURRENT_TIMESTAMP");
	CHECK(u->pk && u->pk->ncols == 1);
	CHECK_STR(u->pk->name, "pk_users");
	CHECK(u->nuniques == 1);
	CHECK_STR(u->uniques[0]->name, "uq_users_username");
	CHECK(u->loc.line == 7);
	CHECK_CONTAINS(u->loc.file, "blog.h");

	CHECK(p->ncolumns == 5); /* cache is RG_SKIP */
	expect_col(p, "title", "VARCHAR(255)", true, true);
	expect_col(p, "content", "TEXT", false, true);
	CHECK(p->nindexes == 2);
	CHECK_STR(p->indexes[0]->name, "ix_posts_user_created");
	CHECK(p->indexes[0]->ncols == 2);
	CHECK_STR(p->indexes[0]->cols[1], "created_at");
	CHECK_STR(p->indexes[1]->name, "ix_posts_user_id");
	CHECK(p->nfks == 1);
	CHECK_STR(p->fks[0]->name, "fk_posts_user_id_users");
	CHECK_STR(p->fks[0]->ref_table, "users");
	CHECK_STR(p->fks[0]->ref_cols[0], "id");
	CHECK(p->fks[0]->on_delete == RG_FK_CASCADE);
	CHECK(p->fks[0]->on_update == RG_FK_NO_ACTION);
	CHECK(p->fks[0]->loc.line == 18);
	rg_schema_free(s);
}

static void types(void)
{
	struct rg_error err;
	/* types.h includes blog.h: its structs must count once */
	struct rg_schema *s = load("types.h", "blog.h", &err);
	if (!s) {
		fprintf(stderr, "%s\n", err.msg);
		CHECK(0);
		return;
	}
	CHECK(s->ntables == 3);
	const struct rg_table *t = rg_schema_find_table(s, "typed");
	CHECK(t != NULL);
	if (!t)
		return;
	expect_col(t, "id", "BIGINT", true, true);
	expect_col(t, "b", "BOOLEAN", true, true);
	expect_col(t, "i16", "SMALLINT", true, true);
	expect_col(t, "sh", "SMALLINT", true, true);
	expect_col(t, "i32", "INTEGER", true, true);
	expect_col(t, "i", "INTEGER", true, true);
	expect_col(t, "ll", "BIGINT", true, true);
	expect_col(t, "f", "REAL", true, true);
	expect_col(t, "d", "DOUBLE PRECISION", true, true);
	expect_col(t, "name", "VARCHAR(32)", true, true);
	expect_col(t, "text", "TEXT", true, false);
	expect_col(t, "ctext", "TEXT", true, true);
	expect_col(t, "ts", "TIMESTAMP", true, true);
	expect_col(t, "pb", "BOOLEAN", true, false);
	expect_col(t, "pi", "BIGINT", true, false);
	expect_col(t, "pd", "DOUBLE PRECISION", true, false);
	expect_col(t, "pts", "TIMESTAMP", true, false);
	expect_col(t, "nn", "INTEGER", true, false);
	expect_col(t, "price", "NUMERIC(10,2)", false, false);
	CHECK_STR(column(t, "price")->default_expr, "'it''s, fine'");
	expect_col(t, "display_order", "INTEGER", true, true);
	CHECK_STR(column(t, "display_order")->renamed_from, "sort_order");
	CHECK_STR(column(t, "display_order")->comment, "order");
	CHECK(!rg_table_find_column(t, "skipped"));
	CHECK(t->pk && t->pk->ncols == 2);
	CHECK_STR(t->pk->cols[1], "id2");
	CHECK_STR(t->comment, "a \"typed\" table\twith escapes");
	CHECK_STR(t->renamed_from, "old_typed");
	CHECK(t->nuniques == 1 && t->uniques[0]->ncols == 2);
	CHECK(t->nchecks == 2);
	CHECK_STR(t->checks[0]->name, "ck_typed_order");
	CHECK_STR(t->checks[0]->expr, "i16 < i32");
	CHECK_STR(t->checks[1]->expr, "score BETWEEN 0 AND 100");
	CHECK(t->nfks == 1);
	CHECK(t->fks[0]->on_delete == RG_FK_SET_NULL);
	CHECK(t->fks[0]->on_update == RG_FK_SET_DEFAULT);
	rg_schema_free(s);
}

/* Unsigned C integers: a generic "... UNSIGNED" type of their width;
 * where the database has no unsigned types, a CHECK (col >= 0) each, and
 * none that holds a 64-bit one on SQLite is an error at the field. */
static void unsigned_ints(void)
{
	static const struct {
		const char *col, *type;
	} want[] = {
		{"u8", "TINYINT UNSIGNED"}, {"uc", "TINYINT UNSIGNED"},
		{"u16", "SMALLINT UNSIGNED"}, {"us", "SMALLINT UNSIGNED"},
		{"u32", "INTEGER UNSIGNED"}, {"ui", "INTEGER UNSIGNED"},
		{"Weird \"Name\"", "INTEGER UNSIGNED"}, {"u64", "BIGINT UNSIGNED"},
		{"ull", "BIGINT UNSIGNED"}, {"size", "BIGINT UNSIGNED"},
	};
	struct rg_error err;
	struct rg_schema *s = load_for("unsigned.h", NULL, &rg_compare_mysql, &err);
	const struct rg_table *t = s ? rg_schema_find_table(s, "counts") : NULL;
	CHECK(t != NULL);
	if (!t) {
		fprintf(stderr, "%s\n", s ? "no table counts" : err.msg);
		rg_schema_free(s);
		return;
	}
	for (size_t i = 0; i < RG_ARRAY_LEN(want); i++)
		expect_col(t, want[i].col, want[i].type, true, true);
	expect_col(t, "maybe", "INTEGER UNSIGNED", true, false);
	CHECK(t->nchecks == 0); /* MySQL: UNSIGNED says it */
	rg_schema_free(s);

	s = load_for("unsigned.h", NULL, &rg_compare_postgresql, &err);
	t = s ? rg_schema_find_table(s, "counts") : NULL;
	CHECK(t != NULL && t->nchecks == 11);
	for (size_t i = 0; t && i < t->nchecks; i++) {
		CHECK(!t->checks[i]->named && t->checks[i]->name);
		CHECK_CONTAINS(t->checks[i]->expr, "\" >= 0");
	}
	bool quoted = false;
	for (size_t i = 0; t && i < t->nchecks; i++)
		quoted |= strcmp(t->checks[i]->expr, "\"Weird \"\"Name\"\"\" >= 0") == 0;
	CHECK(quoted);
	rg_schema_free(s);

	s = load_for("unsigned.h", NULL, &rg_compare_sqlite, &err);
	CHECK(s == NULL);
	if (!s) {
		CHECK_CONTAINS(err.msg, "unsigned.h:16:");
		CHECK_CONTAINS(err.msg, "counts.u64 is a BIGINT");
	}
	rg_schema_free(s);
}

static void expect_labels(const struct rg_column *c, const char *name, const char *labels)
{
	struct rg_buf b = RG_BUF_INIT;
	for (size_t i = 0; i < c->nlabels; i++)
		rg_buf_addf(&b, "%s%s", i ? "," : "", c->labels[i]);
	CHECK_STR(c->enum_name, name);
	CHECK_STR(rg_buf_str(&b), labels);
	rg_buf_free(&b);
}

/* A C enum field: the generic ENUM, named by its tag (or typedef), its
 * labels in C order, RG_LABEL's spelling, RG_SKIP's constant left out. */
static void enums(void)
{
	struct rg_error err;
	struct rg_schema *s = load("enums.h", NULL, &err);
	const struct rg_table *t = s ? rg_schema_find_table(s, "films") : NULL;
	CHECK(t != NULL);
	if (!t) {
		fprintf(stderr, "%s\n", s ? "no table films" : err.msg);
		rg_schema_free(s);
		return;
	}
	expect_col(t, "c", "ENUM", true, true);
	expect_labels(column(t, "c"), "color", "RED,GREEN,BLUE");
	expect_col(t, "maybe", "ENUM", true, false);
	expect_labels(column(t, "maybe"), "color", "RED,GREEN,BLUE");
	expect_col(t, "rating", "ENUM", true, true);
	expect_labels(column(t, "rating"), "rating_t", "G,PG,PG-13,R");
	CHECK(column(t, "id")->enum_name == NULL && column(t, "id")->nlabels == 0);
	rg_schema_free(s);
}

/* Views: RG_VIEW's query joined from its literals, the fields its
 * columns (RG_NAME, RG_SKIP), in the schema's views and not its tables. */
static void views(void)
{
	struct rg_error err;
	struct rg_schema *s = load_for("views.h", NULL, &rg_compare_postgresql, &err);
	CHECK(s != NULL);
	if (!s) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK(s->ntables == 1 && s->nviews == 2);
	const struct rg_table *v = rg_schema_find_view(s, "active_users");
	CHECK(v && !v->materialized && v->ncolumns == 2);
	if (v) {
		CHECK_STR(v->view_query, "SELECT id, email FROM users WHERE active");
		CHECK(v->ncolumns == 2 && strcmp(v->columns[1]->name, "email") == 0);
		CHECK(v->loc.line == 7); /* the struct's place: its tag, as a table's */
	}
	v = rg_schema_find_view(s, "My Domains");
	CHECK(v && v->materialized && v->ncolumns == 1);
	CHECK(!rg_schema_find_table(s, "active_users"));
	rg_schema_free(s);
}

/* A fixed-size array of a scalar: "<element>[n]", an array column with a
 * CHECK of its length on PostgreSQL, an error at the field elsewhere. */
static void arrays(void)
{
	struct rg_error err;
	struct rg_schema *s = load_for("arrays.h", NULL, &rg_compare_postgresql, &err);
	const struct rg_table *t = s ? rg_schema_find_table(s, "samples") : NULL;
	CHECK(t != NULL);
	if (!t) {
		fprintf(stderr, "%s\n", s ? "no table samples" : err.msg);
		rg_schema_free(s);
		return;
	}
	expect_col(t, "v", "DOUBLE PRECISION[4]", true, true);
	expect_col(t, "at", "TIMESTAMP[2]", true, true);
	expect_col(t, "counts", "INTEGER[3]", true, true);
	struct rg_buf b = RG_BUF_INIT;
	rg_compare_postgresql.render_type(&b, column(t, "v"));
	CHECK_STR(rg_buf_str(&b), "double precision[]");
	rg_buf_free(&b);
	CHECK(t->nchecks == 3);
	bool found = false;
	for (size_t i = 0; i < t->nchecks; i++)
		found |= strcmp(t->checks[i]->expr, "cardinality(\"v\") = 4") == 0;
	CHECK(found);
	rg_schema_free(s);
	const struct rg_compare *others[] = {&rg_compare_sqlite, &rg_compare_mysql};
	for (size_t i = 0; i < RG_ARRAY_LEN(others); i++) {
		s = load_for("arrays.h", NULL, others[i], &err);
		CHECK(s == NULL);
		rg_schema_free(s);
		CHECK_CONTAINS(err.msg, "arrays.h:8:");
		CHECK_CONTAINS(err.msg, "samples.v is a C array (DOUBLE PRECISION, 4 of them)");
	}
}

/* Key parts: columns, expressions, DESC; partial indexes; a unique key of
 * plain columns is a constraint, any other a unique index. */
static void indexes(void)
{
	struct rg_error err;
	struct rg_schema *s = load("indexes.h", NULL, &err);
	if (!s) {
		fprintf(stderr, "%s\n", err.msg);
		CHECK(0);
		return;
	}
	const struct rg_table *t = rg_schema_find_table(s, "orders");
	CHECK(t && t->nindexes == 4 && t->nuniques == 1);
	if (!t || t->nindexes != 4 || t->nuniques != 1) {
		rg_schema_free(s);
		return;
	}
	/* sorted by name */
	const struct rg_index *open = t->indexes[0], *recent = t->indexes[1];
	const struct rg_index *live = t->indexes[2], *ref = t->indexes[3];
	CHECK_STR(open->name, "ix_orders_open");
	CHECK(!open->unique && open->ncols == 1);
	CHECK_STR(open->cols[0], "customer_id");
	CHECK_STR(open->where, "status = 'open' AND NOT archived");
	CHECK_STR(recent->name, "ix_orders_recent");
	CHECK(recent->ncols == 2 && !recent->where);
	CHECK_STR(recent->cols[0], "customer_id");
	CHECK_STR(recent->cols[1], "ordered_at DESC");
	CHECK_STR(live->name, "uq_orders_live");
	CHECK(live->unique && live->ncols == 2);
	CHECK_STR(live->cols[0], "(lower(ref)) DESC");
	CHECK_STR(live->cols[1], "(coalesce(status, 'x'))");
	CHECK_STR(live->where, "archived IS FALSE");
	CHECK_STR(ref->name, "uq_orders_ref");
	CHECK(ref->unique && ref->named && ref->ncols == 1 && !ref->where);
	CHECK_STR(ref->cols[0], "(lower(ref))");
	CHECK_STR(t->uniques[0]->name, "uq_orders_plain");
	CHECK(t->uniques[0]->ncols == 2);
	CHECK_STR(t->uniques[0]->cols[0], "customer_id");
	rg_schema_free(s);
}

/* The options of a key part (COLLATE, an operator class, NULLS, a
 * prefix), USING and INCLUDE: stored as struct rg_index says, btree as no
 * method, and a unique key with any of them a unique index. */
static void index_options(void)
{
	struct rg_error err;
	struct rg_schema *s = load("index-options.h", NULL, &err);
	if (!s) {
		fprintf(stderr, "%s\n", err.msg);
		CHECK(0);
		return;
	}
	const struct rg_table *t = rg_schema_find_table(s, "doc");
	CHECK(t && t->nindexes == 4 && t->nuniques == 0);
	if (!t || t->nindexes != 4) {
		rg_schema_free(s);
		return;
	}
	/* sorted by name */
	const struct rg_index *hash = t->indexes[0], *body = t->indexes[1];
	const struct rg_index *title = t->indexes[2], *slug = t->indexes[3];
	CHECK_STR(hash->name, "ix doc");
	CHECK_STR(hash->method, "hash");
	CHECK_STR(hash->cols[0], "(lower(title)) COLLATE \"posix\"");
	CHECK_STR(hash->where, "id > 0");
	CHECK_STR(body->method, "gin");
	CHECK_STR(body->cols[0], "body OPCLASS \"jsonb_path_ops\"");
	CHECK(title->ncols == 2 && !title->method && !title->ninclude);
	CHECK_STR(title->cols[0], "title COLLATE \"C\" OPCLASS \"text_pattern_ops\" DESC NULLS LAST");
	CHECK_STR(title->cols[1], "First Name(12)");
	struct rg_key_part kp;
	rg_key_part(title->cols[0], &kp);
	CHECK(kp.len == 5 && strncmp(kp.text, "title", 5) == 0 && !kp.expr && kp.desc &&
	      kp.nulls == RG_NULLS_LAST && kp.collation_len == 1 && *kp.collation == 'C' &&
	      kp.opclass_len == 16 && strncmp(kp.opclass, "text_pattern_ops", 16) == 0);
	rg_key_part(title->cols[1], &kp);
	CHECK(kp.len == 10 && strncmp(kp.text, "First Name", 10) == 0 && kp.prefix == 12 &&
	      !kp.collation && !kp.opclass);
	rg_key_part(hash->cols[0], &kp);
	CHECK(kp.expr && kp.len == 12 && strncmp(kp.text, "lower(title)", 12) == 0 &&
	      kp.collation_len == 5);
	CHECK(slug->unique && !slug->method && slug->ninclude == 2);
	CHECK_STR(slug->cols[0], "slug NULLS FIRST");
	CHECK_STR(slug->include[0], "id");
	CHECK_STR(slug->include[1], "First Name");
	rg_schema_free(s);
}

/* The foreign key of t on cols (joined by ','), or NULL. */
static const struct rg_fk *fk_on(const struct rg_table *t, const char *cols)
{
	for (size_t i = 0; i < t->nfks; i++) {
		char buf[128] = "";
		for (size_t j = 0; j < t->fks[i]->ncols; j++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", j ? "," : "",
				 t->fks[i]->cols[j]);
		if (strcmp(buf, cols) == 0)
			return t->fks[i];
	}
	return NULL;
}

/* RG_FOREIGN_KEY: several columns, names, actions, the convention's name */
static void foreign_keys(void)
{
	struct rg_error err;
	struct rg_schema *s = load("fks.h", NULL, &err);
	if (!s) {
		fprintf(stderr, "%s\n", err.msg);
		CHECK(0);
		return;
	}
	const struct rg_table *t = rg_schema_find_table(s, "child");
	CHECK(t && t->nfks == 4);
	if (!t || t->nfks != 4) {
		rg_schema_free(s);
		return;
	}
	const struct rg_fk *two = fk_on(t, "pid,prev"), *odd = fk_on(t, "prev,p id");
	CHECK(two && odd);
	if (two) {
		CHECK_STR(two->name, "child_parent");
		CHECK(two->named && two->ncols == 2);
		CHECK_STR(two->ref_table, "parent");
		CHECK_STR(two->ref_cols[0], "id");
		CHECK_STR(two->ref_cols[1], "rev");
		CHECK(two->on_delete == RG_FK_CASCADE && two->on_update == RG_FK_SET_NULL);
		CHECK(two->loc.line == 8);
	}
	if (odd) {
		/* unnamed: the naming convention's name */
		CHECK(!odd->named);
		CHECK_STR(odd->name, "fk_child_prev_p id_parent");
		CHECK_STR(odd->ref_cols[0], "rev");
		CHECK_STR(odd->ref_cols[1], "id");
		CHECK(odd->on_delete == RG_FK_NO_ACTION && odd->on_update == RG_FK_NO_ACTION);
	}
	/* a second key on pid, beside RG_REFERENCES's */
	size_t on_pid = 0, restrict_update = 0;
	for (size_t i = 0; i < t->nfks; i++)
		if (t->fks[i]->ncols == 1 && strcmp(t->fks[i]->cols[0], "pid") == 0) {
			on_pid++;
			restrict_update += t->fks[i]->on_update == RG_FK_RESTRICT;
		}
	CHECK(on_pid == 2 && restrict_update == 1);
	rg_schema_free(s);
}

/* RG_IDENTITY_ALWAYS is RG_AUTOINCREMENT GENERATED ALWAYS; a foreign key
 * is DEFERRABLE [INITIALLY DEFERRED] by RG_DEFERRABLE, RG_INITIALLY_DEFERRED
 * (which implies it) or RG_FOREIGN_KEY's items. */
static void broken(const char *f1, const char *f2, const char *where, const char *what);

static void identity_deferral(void)
{
	struct rg_error err;
	struct rg_schema *s = load("identdefer.h", NULL, &err);
	if (!s) {
		fprintf(stderr, "%s\n", err.msg);
		CHECK(0);
		return;
	}
	const struct rg_table *a = rg_schema_find_table(s, "account");
	const struct rg_table *t = rg_schema_find_table(s, "entry");
	CHECK(a && t);
	if (!a || !t) {
		rg_schema_free(s);
		return;
	}
	CHECK(column(a, "id")->autoincrement && column(a, "id")->identity_always);
	CHECK(column(t, "id")->autoincrement && !column(t, "id")->identity_always);
	static const struct {
		const char *cols;
		bool deferrable, deferred;
		enum rg_fk_action on_delete, on_update;
	} want[] = {
		{"acc,rev", true, true, RG_FK_CASCADE, RG_FK_NO_ACTION},
		{"acc2,rev", true, false, RG_FK_NO_ACTION, RG_FK_NO_ACTION},
		{"acc3,rev", true, false, RG_FK_NO_ACTION, RG_FK_CASCADE},
		{"a", true, false, RG_FK_NO_ACTION, RG_FK_NO_ACTION},
		{"b", true, true, RG_FK_SET_NULL, RG_FK_NO_ACTION},
		{"c", false, false, RG_FK_NO_ACTION, RG_FK_NO_ACTION},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(want); i++) {
		const struct rg_fk *f = fk_on(t, want[i].cols);
		if (!f)
			fprintf(stderr, "no foreign key on %s\n", want[i].cols);
		CHECK(f != NULL);
		if (!f)
			continue;
		CHECK(f->deferrable == want[i].deferrable);
		CHECK(f->initially_deferred == want[i].deferred);
		CHECK(f->on_delete == want[i].on_delete && f->on_update == want[i].on_update);
	}
	rg_schema_free(s);
	broken("bad-identdefer.h", NULL, "bad-identdefer.h:4:", "RG_FOREIGN_KEY(fk_twice, (a), bad): a second DEFERRABLE");
	broken("bad-identdefer.h", NULL, "bad-identdefer.h:5:", "'INITIALLY DEFERRED' is neither ON DELETE action");
	broken("bad-identdefer.h", NULL, "bad-identdefer.h:8:", "RG_IDENTITY_ALWAYS on 'a', which is not RG_PRIMARY_KEY");
	broken("bad-identdefer.h", NULL, "bad-identdefer.h:9:", "RG_DEFERRABLE/RG_INITIALLY_DEFERRED on 'b' without RG_REFERENCES");
}

/* Names the models write are kept and marked; the others come from the
 * naming convention given. */
static void names(void)
{
	char p[700];
	snprintf(p, sizeof(p), "%s/loader/names.h", fixtures);
	const char *files[1] = {p};
	char *naming[RG_NAMING__COUNT] = {
		[RG_NAMING_PK] = "{table}_pk", [RG_NAMING_FK] = "{table}_{columns}_fkey",
		[RG_NAMING_IX] = "{table}_{columns}_idx", [RG_NAMING_CK] = "{table}_check{columns}",
	};
	struct rg_loader_opts o = {files, 1, NULL, 0, NULL, 0, NULL, naming, NULL};
	struct rg_schema *s = NULL;
	struct rg_error err;
	if (rg_load_models(&s, &o, NULL, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		CHECK(0);
		return;
	}
	const struct rg_table *o_t = rg_schema_find_table(s, "owners");
	const struct rg_table *t = rg_schema_find_table(s, "pets");
	CHECK(o_t && t);
	if (!o_t || !t) {
		rg_schema_free(s);
		return;
	}
	CHECK_STR(o_t->pk->name, "owners_pkey");
	CHECK(o_t->pk->named);
	CHECK_STR(t->pk->name, "pets_pk");
	CHECK(!t->pk->named);
	/* sorted by name again once named */
	CHECK(t->nfks == 2);
	CHECK_STR(t->fks[0]->name, "pets_owner_fk");
	CHECK(t->fks[0]->named);
	CHECK_STR(t->fks[1]->name, "pets_vet_id_fkey");
	CHECK(!t->fks[1]->named);
	CHECK(t->nuniques == 1);
	CHECK_STR(t->uniques[0]->name, "pets_name_key");
	CHECK(t->uniques[0]->named);
	CHECK(t->nindexes == 3);
	CHECK_STR(t->indexes[0]->name, "legs idx");
	CHECK(t->indexes[0]->named);
	CHECK_STR(t->indexes[1]->name, "pets_by_name");
	CHECK(t->indexes[1]->named);
	CHECK_STR(t->indexes[2]->name, "pets_owner_id_idx");
	CHECK(!t->indexes[2]->named);
	CHECK(t->nchecks == 2);
	CHECK_STR(t->checks[0]->name, "legs_small");
	CHECK(t->checks[0]->named);
	CHECK_STR(t->checks[1]->name, "pets_check1");
	CHECK_STR(t->checks[1]->expr, "legs >= 0");
	CHECK(!t->checks[1]->named);
	rg_schema_free(s);
	/* the defaults: revgen's historical names */
	o.naming = NULL;
	CHECK(rg_load_models(&s, &o, NULL, &err) == 0);
	t = s ? rg_schema_find_table(s, "pets") : NULL;
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(t->pk->name, "pk_pets");
		CHECK_STR(t->fks[0]->name, "fk_pets_vet_id_owners");
		CHECK_STR(t->indexes[0]->name, "ix_pets_owner_id");
		CHECK_STR(t->checks[0]->name, "ck_pets_1");
	}
	rg_schema_free(s);
}

/* True when s is whole UTF-8 characters (a cut name must not end inside
 * one); *chars: how many. */
static bool whole_utf8(const char *s, size_t *chars)
{
	*chars = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; (*chars)++) {
		size_t n = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 0;
		if (!n)
			return false;
		for (size_t i = 1; i < n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n;
	}
	return true;
}

/* Made-up names fit the database's limit (PostgreSQL 63 bytes, MySQL 64
 * characters), cut between characters and ending in a hash of the whole
 * name; a name the models wrote that does not fit is an error at its
 * file:line. */
static void long_names(void)
{
	char p[700];
	snprintf(p, sizeof(p), "%s/loader/long-names.h", fixtures);
	const char *files[1] = {p};
	/* the limits of PostgreSQL and MySQL (test-differ holds the dialects
	 * to them) */
	static const struct rg_compare bytes63 = {.name_max = 63};
	static const struct rg_compare chars64 = {.name_max = 64, .name_max_chars = true};
	const struct rg_compare *dialects[] = {NULL, &bytes63, &chars64};
	const char *fk[3], *uq[3];
	for (size_t d = 0; d < 3; d++) {
		struct rg_loader_opts o = {files, 1, NULL, 0, NULL, 0, NULL, NULL, dialects[d]};
		struct rg_schema *s = NULL;
		struct rg_error err;
		if (rg_load_models(&s, &o, NULL, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			CHECK(0);
			return;
		}
		const struct rg_table *t = rg_schema_find_table(s, "purchase_order_line_items");
		const struct rg_table *b =
			rg_schema_find_table(s, "übergrößenbestellungspositionen_für_kunden_äöü");
		CHECK(t && t->nfks == 1 && b && b->nuniques == 1);
		if (!t || t->nfks != 1 || !b || b->nuniques != 1) {
			rg_schema_free(s);
			return;
		}
		fk[d] = strdup(t->fks[0]->name);
		uq[d] = strdup(b->uniques[0]->name);
		rg_schema_free(s);
	}
	/* no limit: the convention's names as they are */
	CHECK_STR(fk[0], "fk_purchase_order_line_items_billing_customer_account_id_customers");
	CHECK_STR(uq[0], "uq_übergrößenbestellungspositionen_für_kunden_äöü_größe_in_zentimetern");
	/* PostgreSQL: 54 bytes of the start, '_', 8 hex digits */
	CHECK(strlen(fk[1]) == 63 && strncmp(fk[1], fk[0], 54) == 0 && fk[1][54] == '_' &&
	      strspn(fk[1] + 55, "0123456789abcdef") == 8);
	size_t chars;
	CHECK(strlen(uq[1]) <= 63 && whole_utf8(uq[1], &chars));
	CHECK(strncmp(uq[1], uq[0], strlen(uq[1]) - 9) == 0 && uq[1][strlen(uq[1]) - 9] == '_');
	/* MySQL counts characters: 55 and the suffix, 64 */
	CHECK(strlen(fk[2]) == 64 && strncmp(fk[2], fk[0], 55) == 0);
	CHECK(whole_utf8(uq[2], &chars) && chars == 64 && strlen(uq[2]) > 64);
	/* the hash is FNV-1a of the whole name: the same in every version */
	CHECK_STR(fk[1], "fk_purchase_order_line_items_billing_customer_account__37971ff3");
	/* the hash is of the whole name: the same for both */
	CHECK_STR(fk[1] + 54, fk[2] + 55);
	for (size_t d = 0; d < 3; d++) {
		free((void *)fk[d]);
		free((void *)uq[d]);
	}

	snprintf(p, sizeof(p), "%s/loader/long-name-written.h", fixtures);
	struct rg_loader_opts o = {files, 1, NULL, 0, NULL, 0, NULL, NULL, &bytes63};
	struct rg_schema *s = NULL;
	struct rg_error err;
	CHECK(rg_load_models(&s, &o, NULL, &err) < 0);
	rg_schema_free(s);
	CHECK_CONTAINS(err.msg, "long-name-written.h:5:");
	CHECK_CONTAINS(err.msg, "an_index_name_that_is_much_longer_than_any_database_would_keep_x");
	CHECK_CONTAINS(err.msg, "is 64 bytes long; the database keeps at most 63");
	o.compare = &chars64; /* 64 characters: fits */
	s = NULL;
	CHECK(rg_load_models(&s, &o, NULL, &err) == 0);
	rg_schema_free(s);
}

/* RG_GENERATED and RG_GENERATED_VIRTUAL: the expression as written, and
 * which kind (test-differ: VIRTUAL refused on PostgreSQL). */
static void generated(void)
{
	struct rg_error err;
	struct rg_schema *s = load("generated.h", NULL, &err);
	if (!s) {
		fprintf(stderr, "%s\n", err.msg);
		CHECK(0);
		return;
	}
	const struct rg_table *t = rg_schema_find_table(s, "line");
	const struct rg_column *total = t ? rg_table_find_column(t, "total") : NULL;
	const struct rg_column *label = t ? rg_table_find_column(t, "label") : NULL;
	const struct rg_column *qty = t ? rg_table_find_column(t, "qty") : NULL;
	CHECK(total && label && qty);
	if (total && label && qty) {
		CHECK_STR(total->generated, "price * qty");
		CHECK(!total->generated_virtual && !total->default_expr && !total->not_null);
		CHECK_STR(label->generated, "concat('#', id)");
		CHECK(label->generated_virtual);
		CHECK(!qty->generated && !qty->generated_virtual);
	}
	CHECK(label && label->loc.line == 9);
	rg_schema_free(s);
}

static void broken(const char *f1, const char *f2, const char *where, const char *what)
{
	struct rg_error err;
	struct rg_schema *s = load(f1, f2, &err);
	CHECK(s == NULL);
	rg_schema_free(s);
	CHECK_CONTAINS(err.msg, where);
	CHECK_CONTAINS(err.msg, what);
}

static void compiles(const char *cc, const char *extra)
{
	char cmd[2048];
	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", cc);
	if (system(cmd) != 0) {
		printf("note: %s not installed; skipping that compile check\n", cc);
		return;
	}
	/* as an application uses it: a C file that includes the model */
	snprintf(cmd, sizeof(cmd),
		 "printf '#include \"types.h\"\\nint main(void) { typed_t t = {0}; return (int)t.i; }\\n' | "
		 "%s -std=c11 -Wall -Wextra -Werror %s -fsyntax-only -I'%s/include' -I'%s/loader' -x c -",
		 cc, extra, getenv("RG_SOURCE_ROOT"), fixtures);
	int rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "failed: %s\n", cmd);
	CHECK(rc == 0);
}

/* RG_PRIMARY_KEY_ON: the key in its own order, named, its columns NOT
 * NULL (a char * field too) */
static void pk_on(void)
{
	struct rg_error err;
	struct rg_schema *s = load("pk-on.h", NULL, &err);
	CHECK(s != NULL);
	if (!s) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	const struct rg_table *t = rg_schema_find_table(s, "ledger");
	CHECK(t && t->pk && t->pk->ncols == 2);
	if (t && t->pk && t->pk->ncols == 2) {
		CHECK_STR(t->pk->cols[0], "booked_on");
		CHECK_STR(t->pk->cols[1], "id");
		CHECK_STR(t->pk->name, "ledger_pkey");
		CHECK(t->pk->named);
		CHECK(t->columns[2]->not_null);
		CHECK(!t->columns[1]->not_null);
	}
	rg_schema_free(s);
}

int main(void)
{
	const char *f = getenv("RG_FIXTURES");
	CHECK(f != NULL);
	if (!f)
		TEST_DONE();
	snprintf(fixtures, sizeof(fixtures), "%s", f);
	blog();
	types();
	unsigned_ints();
	enums();
	arrays();
	views();
	names();
	indexes();
	index_options();
	long_names();
	broken("bad-names.h", NULL, "bad-names.h:5:", "names a key or index the column does not have");
	broken("bad-syntax.h", NULL, "bad-syntax.h:4:", "expected ';'");
	broken("bad-annotation.h", NULL, "bad-annotation.h:5:", "revgen:bogus");
	broken("bad-ref-table.h", NULL, "bad-ref-table.h:5:", "no table 'nobody'");
	broken("bad-ref-column.h", NULL, "bad-ref-column.h:5:", "has no column 'nope'");
	broken("dup-a.h", "dup-b.h", "dup-b.h:3:", "a second table named 'things'");
	broken("bad-type.h", NULL, "bad-type.h:6:", "'nested' of type 'struct other' has no SQL type");
	broken("bad-type.h", NULL, "bad-type.h:7:", "'raw'");
	broken("bad-autoinc.h", NULL, "bad-autoinc.h:4:", "needs an integer column");
	broken("bad-autoinc.h", NULL, "bad-autoinc.h:5:", "not RG_PRIMARY_KEY");
	broken("bad-autoinc.h", NULL, "bad-autoinc.h:6:", "without RG_REFERENCES");
	broken("bad-index.h", NULL, "bad-index.h:3:", "'missing'");
	pk_on();
	broken("bad-pk-on.h", NULL, "bad-pk-on.h:4:", "whose fields have RG_PRIMARY_KEY");
	broken("bad-pk-on.h", NULL, "bad-pk-on.h:5:", "table 'nosuch' has no column 'nope'");
	broken("bad-pk-on.h", NULL, "bad-pk-on.h:6:", "is not a column's name");
	broken("bad-pk-on.h", NULL, "bad-pk-on.h:7:", "which has no primary key");
	generated();
	broken("bad-generated.h", NULL, "bad-generated.h:5:", "generated column 'id' cannot also have RG_AUTOINCREMENT");
	broken("bad-generated.h", NULL, "bad-generated.h:6:", "generated column 'x' cannot also have RG_DEFAULT");
	broken("bad-generated.h", NULL, "bad-generated.h:7:", "generated column 'y' cannot also have a second RG_GENERATED");
	broken("bad-index-part.h", NULL, "bad-index-part.h:4:",
	       "RG_INDEX_ON(ix_bad): key part 'id DESC upward' is neither a column");
	broken("bad-index-options.h", NULL, "bad-index-options.h:4:",
	       "RG_INDEX_ON(ix_a USING): after the index's name only USING and an access method");
	broken("bad-index-options.h", NULL, "bad-index-options.h:5:",
	       "RG_INDEX_ON(ix_b): 'INCLUDE (id)' is not INCLUDE (column, ...) after the key parts");
	broken("bad-index-include.h", NULL, "bad-index-include.h:4:",
	       "index ix_c includes column 'nope', which table 'bad' does not have");
	broken("bad-index-options.h", NULL, "bad-index-options.h:6:",
	       "RG_INDEX_ON(ix_d): key part 'id NULLS SOMEWHERE' is neither a column");
	broken("bad-index-part.h", NULL, "bad-index-part.h:5:",
	       "RG_INDEX_WHERE(ix_empty): the predicate is empty");
	foreign_keys();
	identity_deferral();
	broken("bad-fk.h", NULL, "bad-fk.h:4:", "RG_FOREIGN_KEY(fk_count, (a, b), bad): 2 columns reference 1");
	broken("bad-fk.h", NULL, "bad-fk.h:5:", "unknown action 'EXPLODE'");
	broken("bad-fk.h", NULL, "bad-fk.h:6:", "'CASCADE' is neither ON DELETE action, ON UPDATE action nor DEFERRABLE");
	broken("bad-fk.h", NULL, "bad-fk.h:7:", "'a + 1' is not a column name");
	broken("bad-fk-ref.h", NULL, "bad-fk-ref.h:4:", "foreign key fk_column names column 'nope', which table 'bad' does not have");
	broken("bad-fk-ref.h", NULL, "bad-fk-ref.h:5:", "references bad(id, zip): table 'bad' has no column 'zip'");
	broken("bad-fk-ref.h", NULL, "bad-fk-ref.h:6:", "references nobody(id): no table 'nobody' in the models");
	broken("bad-views.h", NULL, "bad-views.h:4:", "view 'nothing' has no columns");
	broken("bad-views.h", NULL, "bad-views.h:5:", "view 'keyed' has a key, index or check");
	broken("bad-views.h", NULL, "bad-views.h:6:", "view 'users': a table of that name is at");
	broken("no-such-file.h", NULL, "no-such-file.h", "");
	compiles("gcc", "");
	compiles("gcc", "-DREVGEN_SCAN");
	compiles("clang-14", "");
	compiles("clang-14", "-DREVGEN_SCAN");
	TEST_DONE();
}
