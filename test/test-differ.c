/*
 * test-differ.c - golden tests for the differ: (schema before, schema
 * after) -> the operations, in order, as "kind table.object" (a trailing
 * "!" marks a destructive operation, "?" one that only carries a warning),
 * and the inverse list; then warnings, names at run time, determinism,
 * exclusions and a large schema.
 *
 * The schemas are written in a small line language (see build()), and a
 * test dialect defined here (the libgit2 way: a fake backend) keeps these
 * tests about the differ alone.  It has comments and named primary keys,
 * which SQLite lacks, so every operation kind can occur.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diff/differ.h"
#include "diff/lower.h"
#include "diff/views.h"
#include "emit/dialect.h"
#include "test/test.h"

/* ---- the test dialect ------------------------------------------------ */

static void t_quote(struct rg_buf *out, const char *id)
{
	bool plain = *id && !isdigit((unsigned char)*id);
	for (const char *p = id; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			plain = false;
	if (plain) {
		rg_buf_add(out, id);
		return;
	}
	rg_buf_addc(out, '"');
	for (const char *p = id; *p; p++) {
		if (*p == '"')
			rg_buf_addc(out, '"');
		rg_buf_addc(out, *p);
	}
	rg_buf_addc(out, '"');
}

/* The type text; the one generic type this dialect spells its own way is
 * BOOLEAN (BOOL), so that tests see the differ render model types. */
static void t_type(struct rg_buf *out, const struct rg_column *c)
{
	rg_buf_add(out, c->generic && strcmp(c->type, "BOOLEAN") == 0 ? "BOOL" : c->type);
}

/* Upper case outside quotes, whitespace runs collapsed to one space. */
static void t_canon(struct rg_buf *out, const char *s)
{
	bool quoted = false, space = false;
	while (isspace((unsigned char)*s))
		s++;
	for (; *s; s++) {
		if (!quoted && isspace((unsigned char)*s)) {
			space = true;
			continue;
		}
		if (space)
			rg_buf_addc(out, ' ');
		space = false;
		if (*s == '\'')
			quoted = !quoted;
		rg_buf_addc(out, quoted ? *s : (char)toupper((unsigned char)*s));
	}
}

/* A few types, enough for the warnings: VARCHAR(n) and TEXT, three
 * integers.  The dialects' own are tested in test_widenings. */
static void t_range(const char *canon, struct rg_type_range *out)
{
	long long args[2];
	int nargs;
	const char *rest;
	size_t len = rg_type_split(canon, args, &nargs, &rest);
	*out = (struct rg_type_range){RG_TF_UNKNOWN, 0, 0};
	if (len == 7 && strncmp(canon, "VARCHAR", 7) == 0 && nargs == 1)
		*out = (struct rg_type_range){RG_TF_STRING, args[0], args[0]};
	else if (strcmp(canon, "TEXT") == 0)
		*out = (struct rg_type_range){RG_TF_STRING, RG_TYPE_UNBOUNDED, RG_TYPE_UNBOUNDED};
	else if (strcmp(canon, "SMALLINT") == 0)
		*out = (struct rg_type_range){RG_TF_INTEGER, 15, 15};
	else if (strcmp(canon, "INTEGER") == 0)
		*out = (struct rg_type_range){RG_TF_INTEGER, 31, 31};
	else if (strcmp(canon, "BIGINT") == 0)
		*out = (struct rg_type_range){RG_TF_INTEGER, 63, 63};
}

static int t_render_ops(const struct rg_dialect *d, const struct rg_oplist *ops,
			struct rg_buf *out, struct rg_error *err)
{
	for (size_t i = 0; i < ops->n; i++) {
		const struct rg_op *op = &ops->ops[i];
		const char *obj = rg_op_object_name(op);
		if (op->warning)
			rg_buf_addf(out, "-- WARNING: %s\n", op->warning);
		rg_buf_addf(out, "%s ", rg_op_kind_name(op->kind));
		d->quote_ident(out, op->table);
		if (obj) {
			rg_buf_addc(out, '.');
			d->quote_ident(out, obj);
		}
		rg_buf_add(out, ";\n");
	}
	return 0;
}

/* the index forms the cases use, which every test dialect has */
#define INDEX_FORMS (RG_CAP_PARTIAL_INDEX | RG_CAP_EXPR_INDEX | RG_CAP_DESC_INDEX)

static const struct rg_compare test_compare = {
	.caps = RG_CAP_COMMENTS | RG_CAP_NAMED_PK | INDEX_FORMS,
	.render_type = t_type,
	.canon_type = t_canon,
	.canon_default = t_canon,
	.canon_expr = t_canon,
	.type_range = t_range,
};

/* The same without comments or primary key names (as SQLite). */
static const struct rg_compare plain_compare = {
	.caps = INDEX_FORMS,
	.render_type = t_type,
	.canon_type = t_canon,
	.canon_default = t_canon,
	.canon_expr = t_canon,
};

/* For rendering what the differ found. */
static const struct rg_dialect test_dialect = {
	.name = "test",
	.compare = &test_compare,
	.quote_ident = t_quote,
	.render_ops = t_render_ops,
};

/* ---- schemas in a line language ----------------------------------------
 *
 * Statements are separated by ';', words by spaces; '~' in a word stands
 * for a space, '' for the empty string, '-' for "no name", lists are comma-separated:
 *   table NAME [from OLD] [comment TEXT]
 *   col NAME TYPE [nn] [ai|always] [generic] [default EXPR] [comment TEXT] [from OLD]
 *       [coll COLLATION]
 *       [gen EXPR|virt EXPR]       (a STORED or VIRTUAL generated column)
 *                                  (always: an identity GENERATED ALWAYS)
 *   pk NAME COLS | uq NAME COLS | ck NAME EXPR   (NAME: "=NAME" when the
 *                                                 model wrote it: named)
 *   ix NAME COLS [unique] [where EXPR] [opaque REASON] [using METHOD]
 *       [include COLS]             (COLS: key parts, "(expr)" or a name,
 *                                  then "~DESC" and the like, struct
 *                                  rg_index)
 *   fk NAME COLS REFTABLE REFCOLS [del ACTION] [upd ACTION] [idx INDEX]
 *                                  [defer|deferred] (DEFERRABLE [INITIALLY
 *                                  DEFERRED])
 *                                  (idx: rg_fk.index, MySQL's own index)
 */

static char *word(struct rg_schema *s, const char *w)
{
	if (strcmp(w, "''") == 0)
		return rg_arena_strdup(s->arena, "");
	char *c = rg_arena_strdup(s->arena, w);
	for (char *p = c; *p; p++)
		if (*p == '~')
			*p = ' ';
	return c;
}

/* "-": no name; "=NAME": a name the model wrote (named) */
static const char *objname(const char *w)
{
	return strcmp(w, "-") == 0 ? NULL : w[0] == '=' ? w + 1 : w;
}

static bool objnamed(const char *w)
{
	return w[0] == '=';
}

static void names(struct rg_schema *s, const char ***v, size_t *n, const char *list)
{
	char *copy = rg_xstrdup(list), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		rg_names_push(s, v, n, t);
	free(copy);
}

static struct rg_schema *build(const char *text)
{
	struct rg_schema *s = rg_schema_new();
	struct rg_table *t = NULL;
	char *copy = rg_xstrdup(text), *save = NULL;
	for (char *st = strtok_r(copy, ";", &save); st; st = strtok_r(NULL, ";", &save)) {
		char *w[16], *wsave = NULL;
		size_t n = 0;
		for (char *x = strtok_r(st, " \n\t", &wsave); x && n < 16;
		     x = strtok_r(NULL, " \n\t", &wsave))
			w[n++] = x;
		if (n == 0)
			continue;
		if (strcmp(w[0], "table") == 0) {
			t = rg_schema_add_table(s, w[1]);
			for (size_t i = 2; i + 1 < n; i += 2)
				if (strcmp(w[i], "from") == 0)
					t->renamed_from = word(s, w[i + 1]);
				else
					t->comment = word(s, w[i + 1]);
		} else if (strcmp(w[0], "col") == 0) {
			struct rg_column *c = rg_table_add_column(s, t, w[1]);
			c->type = word(s, w[2]);
			for (size_t i = 3; i < n; i++) {
				if (strcmp(w[i], "nn") == 0)
					c->not_null = true;
				else if (strcmp(w[i], "ai") == 0)
					c->autoincrement = true;
				else if (strcmp(w[i], "always") == 0)
					c->autoincrement = c->identity_always = true;
				else if (strcmp(w[i], "serial") == 0)
					c->autoincrement = c->serial = true;
				else if (strcmp(w[i], "generic") == 0)
					c->generic = true;
				else if (strcmp(w[i], "default") == 0)
					c->default_expr = word(s, w[++i]);
				else if (strcmp(w[i], "comment") == 0)
					c->comment = word(s, w[++i]);
				else if (strcmp(w[i], "coll") == 0)
					c->collation = word(s, w[++i]);
				else if (strcmp(w[i], "from") == 0)
					c->renamed_from = word(s, w[++i]);
				else if (strcmp(w[i], "gen") == 0 || strcmp(w[i], "virt") == 0) {
					c->generated_virtual = w[i][0] == 'v';
					c->generated = word(s, w[++i]);
				}
			}
		} else if (strcmp(w[0], "pk") == 0) {
			struct rg_pk *p = rg_table_set_pk(s, t, objname(w[1]));
			p->named = objnamed(w[1]);
			names(s, &p->cols, &p->ncols, w[2]);
		} else if (strcmp(w[0], "uq") == 0) {
			struct rg_unique *u = rg_table_add_unique(s, t, objname(w[1]));
			u->named = objnamed(w[1]);
			names(s, &u->cols, &u->ncols, w[2]);
		} else if (strcmp(w[0], "ck") == 0) {
			struct rg_check *ck = rg_table_add_check(s, t, objname(w[1]));
			ck->expr = word(s, w[2]);
			ck->named = objnamed(w[1]);
			if (n > 4 && strcmp(w[3], "col") == 0)
				ck->column = word(s, w[4]);
		} else if (strcmp(w[0], "ix") == 0) {
			struct rg_index *x = rg_table_add_index(s, t, objname(w[1]));
			x->named = objnamed(w[1]);
			names(s, &x->cols, &x->ncols, w[2]);
			for (size_t i = 0; i < x->ncols; i++)
				x->cols[i] = word(s, x->cols[i]);
			for (size_t i = 3; i < n; i++)
				if (strcmp(w[i], "unique") == 0)
					x->unique = true;
				else if (strcmp(w[i], "where") == 0)
					x->where = word(s, w[++i]);
				else if (strcmp(w[i], "opaque") == 0)
					x->opaque = word(s, w[++i]);
				else if (strcmp(w[i], "using") == 0)
					x->method = word(s, w[++i]);
				else if (strcmp(w[i], "include") == 0)
					names(s, &x->include, &x->ninclude, w[++i]);
		} else if (strcmp(w[0], "fk") == 0) {
			struct rg_fk *f = rg_table_add_fk(s, t, objname(w[1]));
			f->named = objnamed(w[1]);
			size_t nref = 0;
			names(s, &f->cols, &f->ncols, w[2]);
			f->ref_table = word(s, w[3]);
			names(s, &f->ref_cols, &nref, w[4]);
			for (size_t i = 5; i < n; i += 2) {
				if (strcmp(w[i], "defer") == 0 || strcmp(w[i], "deferred") == 0) {
					f->deferrable = true;
					f->initially_deferred = w[i][5] == 'r';
					i--; /* a word alone */
					continue;
				}
				if (i + 1 >= n)
					abort(); /* a typo in a test case */
				if (strcmp(w[i], "idx") == 0) {
					f->index = word(s, w[i + 1]);
					continue;
				}
				enum rg_fk_action a;
				if (rg_fk_action_parse(word(s, w[i + 1]), &a) < 0)
					abort(); /* a typo in a test case */
				if (strcmp(w[i], "del") == 0)
					f->on_delete = a;
				else
					f->on_update = a;
			}
		} else {
			abort(); /* a typo in a test case */
		}
	}
	free(copy);
	return s;
}

/* ---- running the differ ---------------------------------------------- */

static char *describe(const struct rg_oplist *l)
{
	struct rg_buf b = RG_BUF_INIT;
	for (size_t i = 0; i < l->n; i++) {
		const struct rg_op *op = &l->ops[i];
		const char *obj = rg_op_object_name(op);
		rg_buf_addf(&b, "%s%s %s%s%s%s", i ? "; " : "", rg_op_kind_name(op->kind),
			    rg_op_table_name(op), obj ? "." : "", obj ? obj : "",
			    op->destructive ? "!" : op->warning ? "?" : "");
		/* every op carries the tables it works on (a view's: none) */
		bool view = op->kind == RG_OP_CREATE_VIEW || op->kind == RG_OP_DROP_VIEW ||
			    op->kind == RG_OP_REPLACE_VIEW;
		if ((!op->table_from && !op->table_to && !view) ||
		    (op->kind == RG_OP_CREATE_TABLE && op->table_from) ||
		    (op->kind == RG_OP_DROP_TABLE && op->table_to))
			rg_buf_add(&b, "<bad tables>");
		if (op->destructive && !op->warning)
			rg_buf_add(&b, "<no warning>");
	}
	return rg_buf_detach(&b);
}

static void diff_ok(struct rg_oplist *ops, const struct rg_schema *from,
		    const struct rg_schema *to, const struct rg_compare *d,
		    const struct rg_diff_opts *o)
{
	struct rg_error err = {{0}};
	rg_oplist_init(ops);
	if (rg_diff(ops, from, to, d, o, &err) != 0) {
		fprintf(stderr, "rg_diff failed: %s\n", err.msg);
		rg_test_failures++;
	}
}

struct gcase {
	const char *what, *before, *after;
	const char *want, *want_inverse;
};

/* A small blog: users, posts (-> users). */
#define USERS "table users; col id BIGINT nn ai; col name VARCHAR(255) nn; " \
	"pk pk_users id; uq uq_users_name name; "
#define POSTS "table posts; col id BIGINT nn ai; col user_id BIGINT nn; " \
	"col title TEXT; pk pk_posts id; " \
	"fk fk_posts_user_id_users user_id users id del cascade; " \
	"ix ix_posts_user_id user_id; "

static const struct gcase golden[] = {
	{"identical", USERS POSTS, USERS POSTS, "", ""},
	{"empty to empty", "", "", "", ""},
	{"create in foreign-key order, indexes right after their table",
	 "", POSTS USERS,
	 "create_table users; create_table posts; create_index posts.ix_posts_user_id",
	 "drop_index posts.ix_posts_user_id; drop_table posts!; drop_table users!"},
	{"drop in reverse foreign-key order, indexes first",
	 USERS POSTS "table tags; col id INTEGER nn; ix ix_b id; ix ix_a id unique", "",
	 "drop_index posts.ix_posts_user_id; drop_table posts!; drop_table users!; "
	 "drop_index tags.ix_b; drop_index tags.ix_a; drop_table tags!",
	 "create_table tags; create_index tags.ix_a; create_index tags.ix_b; "
	 "create_table users; create_table posts; create_index posts.ix_posts_user_id"},
	{"a chain a_top -> b_mid -> c_base against name order; b_free is free",
	 "",
	 "table a_top; col id INTEGER nn; fk fk_a id b_mid id; "
	 "table b_mid; col id INTEGER nn; fk fk_b id c_base id; "
	 "table c_base; col id INTEGER nn; table b_free; col id INTEGER",
	 "create_table b_free; create_table c_base; create_table b_mid; create_table a_top",
	 "drop_table a_top!; drop_table b_mid!; drop_table c_base!; drop_table b_free!"},
	{"a cycle and a self reference: broken by name, deterministically; the key "
	 "that closes the cycle is added after the tables",
	 "",
	 "table y; col id INTEGER; col x_id INTEGER; fk fk_y x_id x id; "
	 "table x; col id INTEGER; col y_id INTEGER; fk fk_x y_id y id; "
	 "table w; col id INTEGER; col up INTEGER; fk fk_w up w id",
	 "create_table w; create_table x; create_table y; add_foreign_key x.fk_x",
	 "drop_foreign_key x.fk_x; drop_table y!; drop_table x!; drop_table w!"},
	{"a cycle dropped: the closing key first, then the tables",
	 "table y; col id INTEGER; col x_id INTEGER; fk fk_y x_id x id; "
	 "table x; col id INTEGER; col y_id INTEGER; fk fk_x y_id y id; ix ix_x y_id; "
	 "table keep; col id INTEGER",
	 "table keep; col id INTEGER",
	 "drop_foreign_key x.fk_x; drop_table y!; drop_index x.ix_x; drop_table x!",
	 "create_table x; create_index x.ix_x; create_table y; add_foreign_key x.fk_x"},
	{"tables that reference a cycle (a_item, b_more) wait for it: only a key "
	 "of the cycle is moved; a second cycle after the first",
	 "",
	 "table a_item; col s INTEGER; fk fk_i s store id; "
	 "table b_more; col i INTEGER; fk fk_m i a_item id; "
	 "table store; col id INTEGER; col m INTEGER; fk fk_s m staff id; "
	 "table staff; col id INTEGER; col s INTEGER; fk fk_t s store id; "
	 "table c1; col x INTEGER; fk fk_c1 x c2 id; fk fk_c1i x a_item id; "
	 "table c2; col x INTEGER; fk fk_c2 x c1 id",
	 "create_table staff; create_table store; create_table a_item; create_table b_more; "
	 "create_table c1; create_table c2; add_foreign_key c1.fk_c1; add_foreign_key staff.fk_t",
	 "drop_foreign_key staff.fk_t; drop_foreign_key c1.fk_c1; drop_table c2!; drop_table c1!; "
	 "drop_table b_more!; drop_table a_item!; drop_table store!; drop_table staff!"},
	{"a cycle of three, one new table referencing a kept one",
	 "table k; col id INTEGER",
	 "table k; col id INTEGER; "
	 "table c; col id INTEGER; col a_id INTEGER; fk fk_c a_id a id; "
	 "table a; col id INTEGER; col b_id INTEGER; col k_id INTEGER; "
	 "fk fk_a1 b_id b id; fk fk_a2 k_id k id; "
	 "table b; col id INTEGER; col c_id INTEGER; fk fk_b c_id c id",
	 "create_table a; create_table c; create_table b; add_foreign_key a.fk_a1",
	 "drop_foreign_key a.fk_a1; drop_table b!; drop_table c!; drop_table a!"},
	{"the smallest ready name first, also once its references are created",
	 "",
	 "table z; col id INTEGER; table y; col id INTEGER; "
	 "table a; col b_id INTEGER; fk fk_a b_id b id; table b; col id INTEGER; "
	 "table m_self; col id INTEGER; col up INTEGER; fk fk_m up m_self id; "
	 "table x_free; col id INTEGER",
	 "create_table b; create_table a; create_table m_self; create_table x_free; "
	 "create_table y; create_table z",
	 "drop_table z!; drop_table y!; drop_table x_free!; drop_table m_self!; "
	 "drop_table a!; drop_table b!"},
	{"columns: add, drop, type, nullability, default, comment, autoincrement",
	 "table t; col a INTEGER nn; col b VARCHAR(500); col c TEXT; col d INTEGER; "
	 "col e INTEGER default 0; col f INTEGER comment old; col g INTEGER nn ai; col gone TEXT",
	 "table t; col a BIGINT nn; col b VARCHAR(100); col new1 TEXT; col c TEXT nn; "
	 "col d INTEGER; col e INTEGER default 1; col f INTEGER comment new; "
	 "col g INTEGER nn; col new2 INTEGER default 0 nn; col new3 INTEGER nn",
	 "alter_column t.a; alter_column t.b!; add_column t.new1; alter_column t.c?; "
	 "alter_column t.e; alter_column t.f; alter_column t.g; add_column t.new2; "
	 "add_column t.new3?; drop_column t.gone!",
	 "add_column t.gone; drop_column t.new3!; drop_column t.new2!; alter_column t.g; "
	 "alter_column t.f; alter_column t.e; alter_column t.c; drop_column t.new1!; "
	 "alter_column t.b; alter_column t.a!"},
	{"spellings that are the same: case, spaces, a generic type, DEFAULT NULL, empty comment",
	 "table t comment ''; col a varchar(10); col b bool; col c INTEGER default NULL; "
	 "col d TEXT default 'x~~y'; col e TEXT comment ''",
	 "table t; col a VARCHAR(10); col b BOOLEAN generic; col c INTEGER; "
	 "col d text default 'x~~y'; col e TEXT",
	 "", ""},
	{"a default added, a default removed",
	 "table t; col a INTEGER default 0; col b INTEGER",
	 "table t; col a INTEGER; col b INTEGER default 1",
	 "alter_column t.a; alter_column t.b", "alter_column t.b; alter_column t.a"},
	{"a quoted default keeps its case and spaces",
	 "table t; col d TEXT default 'x~~y'", "table t; col d TEXT default 'X~y'",
	 "alter_column t.d", "alter_column t.d"},
	{"rename table and column; references and indexes follow the rename",
	 USERS POSTS "ix ix_posts_title title; ",
	 "table people from users; col id BIGINT nn ai; col full_name VARCHAR(255) nn from name; "
	 "pk pk_users id; uq uq_users_name full_name; "
	 "table posts; col id BIGINT nn ai; col author_id BIGINT nn from user_id; "
	 "col headline TEXT from title; pk pk_posts id; "
	 "fk fk_posts_user_id_users author_id people id del cascade; "
	 "ix ix_posts_user_id author_id; ix ix_posts_title headline",
	 "rename_table people; rename_column people.full_name; "
	 "rename_column posts.author_id; rename_column posts.headline",
	 "rename_column posts.title; rename_column posts.user_id; "
	 "rename_column users.name; rename_table users"},
	{"rename plus a change of the renamed column",
	 "table t; col a VARCHAR(10)", "table t; col b VARCHAR(20) nn from a",
	 "rename_column t.b; alter_column t.b?", "alter_column t.a!; rename_column t.a"},
	{"no rename when the new name exists already or the old name is kept",
	 "table old; col id INTEGER; table new; col id INTEGER; "
	 "table t; col a INTEGER; col b INTEGER; col k INTEGER; ix ix_t a",
	 "table new from old; col id INTEGER; "
	 "table t; col b INTEGER from a; col k INTEGER; col m INTEGER from k; ix ix_t b",
	 "drop_index t.ix_t; add_column t.m; drop_column t.a!; drop_table old!; "
	 "create_index t.ix_t",
	 "drop_index t.ix_t; create_table old; add_column t.a; drop_column t.m!; "
	 "create_index t.ix_t"},
	{"unnamed objects in the database match named ones by definition",
	 "table t; col a INTEGER nn; col b INTEGER; col c INTEGER; pk - a; uq - b,c; "
	 "ix - c where c~>~0; fk - b t a; ck - a~>~0; "
	 "table u; col a INTEGER; uq - a",
	 "table t; col a INTEGER nn; col b INTEGER; col c INTEGER; pk pk_t a; uq uq_t b,c; "
	 "ix ix_t_c c where C~>~0; fk fk_t b t a; ck ck_t A>0; "
	 "table u; col a INTEGER; uq uq_u_a a",
	 "drop_check t; add_check t.ck_t", "drop_check t.ck_t; add_check t"},
	{"a changed definition under one name is dropped and added again",
	 "table t; col a INTEGER nn; col b INTEGER; pk pk_t a; uq uq_t a; "
	 "ix ix_1 a; ix ix_2 a; ix ix_3 a where a~>~0; fk fk_t b t a; ck ck_t a~>~0",
	 "table t; col a INTEGER nn; col b INTEGER; pk pk_t a,b; uq uq_t a,b; "
	 "ix ix_1 b; ix ix_2 a,b unique; ix ix_3 a where a~>~1; fk fk_t b t a del set_null; "
	 "ck ck_t a~>~1",
	 "drop_foreign_key t.fk_t; drop_index t.ix_1; drop_index t.ix_2; drop_index t.ix_3; "
	 "drop_unique t.uq_t; drop_check t.ck_t; drop_primary_key t.pk_t; "
	 "add_primary_key t.pk_t; add_unique t.uq_t; add_check t.ck_t; "
	 "create_index t.ix_1; create_index t.ix_2; create_index t.ix_3; "
	 "add_foreign_key t.fk_t",
	 "drop_foreign_key t.fk_t; drop_index t.ix_3; drop_index t.ix_2; drop_index t.ix_1; "
	 "drop_check t.ck_t; drop_unique t.uq_t; drop_primary_key t.pk_t; "
	 "add_primary_key t.pk_t; add_check t.ck_t; add_unique t.uq_t; "
	 "create_index t.ix_3; create_index t.ix_2; create_index t.ix_1; "
	 "add_foreign_key t.fk_t"},
	{"primary key: a new name the model wrote, a composite key, added, removed",
	 "table a; col x INTEGER nn; pk pk_old x; table b; col x INTEGER nn; col y INTEGER nn; "
	 "pk pk_b x,y; table c; col x INTEGER nn; table d; col x INTEGER nn; pk - x",
	 "table a; col x INTEGER nn; pk =pk_new x; table b; col x INTEGER nn; col y INTEGER nn; "
	 "pk pk_b y,x; table c; col x INTEGER nn; pk pk_c x; table d; col x INTEGER nn",
	 "drop_primary_key a.pk_old?; drop_primary_key b.pk_b; drop_primary_key d; "
	 "add_primary_key a.pk_new; add_primary_key b.pk_b; add_primary_key c.pk_c",
	 "drop_primary_key c.pk_c; drop_primary_key b.pk_b; drop_primary_key a.pk_new?; "
	 "add_primary_key d; add_primary_key b.pk_b; add_primary_key a.pk_old"},
	{"foreign keys: new, gone, a referenced table renamed, ON UPDATE",
	 "table p; col id INTEGER; table q; col id INTEGER; "
	 "table c; col p_id INTEGER; col q_id INTEGER; fk fk_gone p_id p id; "
	 "fk fk_upd q_id q id upd cascade",
	 "table p; col id INTEGER; table q; col id INTEGER; "
	 "table c; col p_id INTEGER; col q_id INTEGER; fk fk_new q_id q id; "
	 "fk fk_upd q_id q id upd restrict",
	 "drop_foreign_key c.fk_gone; drop_foreign_key c.fk_upd; "
	 "add_foreign_key c.fk_new; add_foreign_key c.fk_upd",
	 "drop_foreign_key c.fk_upd; drop_foreign_key c.fk_new; "
	 "add_foreign_key c.fk_upd; add_foreign_key c.fk_gone"},
	{"table comments",
	 "table a comment one; col x INTEGER; table b; col x INTEGER",
	 "table a comment two; col x INTEGER; table b comment new; col x INTEGER",
	 "table_comment a; table_comment b", "table_comment b; table_comment a"},
	{"every step at once, in order",
	 "table old_t; col id INTEGER; col name TEXT; col junk TEXT; ix ix_old name; "
	 "table dropme; col id INTEGER; col o INTEGER; fk fk_d o old_t id; ix ix_d o; "
	 "table keep; col id INTEGER nn; col o INTEGER; fk fk_k o old_t id; ix ix_k o",
	 "table new_t from old_t; col id INTEGER; col label TEXT from name; col extra TEXT; "
	 "pk pk_new id; ix =ix_new label; "
	 "table fresh; col id INTEGER; col k INTEGER; fk fk_f k keep id; ix ix_f k; "
	 "table keep; col id INTEGER nn; col o INTEGER; fk =fk_k2 o new_t id; ix ix_k o unique",
	 "drop_foreign_key keep.fk_k?; drop_index keep.ix_k; drop_index new_t.ix_old?; "
	 "rename_table new_t; rename_column new_t.label; "
	 "create_table fresh; create_index fresh.ix_f; "
	 "add_column new_t.extra; drop_column new_t.junk!; "
	 "drop_index dropme.ix_d; drop_table dropme!; "
	 "create_index keep.ix_k; add_primary_key new_t.pk_new; create_index new_t.ix_new; "
	 "add_foreign_key keep.fk_k2",
	 "drop_foreign_key keep.fk_k2?; drop_index old_t.ix_new?; drop_primary_key old_t.pk_new; "
	 "drop_index keep.ix_k; create_table dropme; create_index dropme.ix_d; "
	 "add_column old_t.junk; drop_column old_t.extra!; "
	 "drop_index fresh.ix_f; drop_table fresh!; "
	 "rename_column old_t.name; rename_table old_t; "
	 "create_index old_t.ix_old; create_index keep.ix_k; add_foreign_key keep.fk_k"},
	{"table order of the input does not matter",
	 "table b; col x INTEGER; table a; col x INTEGER; table c; col x INTEGER",
	 "table c; col x INTEGER nn; table a; col x INTEGER nn; table b; col x INTEGER nn",
	 "alter_column a.x?; alter_column b.x?; alter_column c.x?",
	 "alter_column c.x; alter_column b.x; alter_column a.x"},
};

static void run_golden(const struct gcase *g)
{
	struct rg_schema *from = build(g->before), *to = build(g->after);
	struct rg_oplist ops, inv, again;
	diff_ok(&ops, from, to, &test_compare, NULL);
	char *got = describe(&ops);
	if (strcmp(got, g->want) != 0)
		fprintf(stderr, "case: %s\n", g->what);
	CHECK_STR(got, g->want);
	rg_oplist_init(&inv);
	rg_oplist_invert(&inv, &ops, &test_compare);
	char *got_inv = describe(&inv);
	if (strcmp(got_inv, g->want_inverse) != 0)
		fprintf(stderr, "case (inverse): %s\n", g->what);
	CHECK_STR(got_inv, g->want_inverse);
	/* the inverse is the diff the other way round, up to order inside
	 * a step: its length is the same (but for renames, and names only
	 * "to" wrote) */
	struct rg_oplist back;
	diff_ok(&back, to, from, &test_compare, NULL);
	if (!strstr(g->what, "rename") && !strstr(g->what, "every step") &&
	    !strstr(g->what, "model wrote"))
		CHECK(back.n == inv.n);
	rg_oplist_free(&back);
	/* inverting twice gives the list back */
	struct rg_oplist twice;
	rg_oplist_init(&twice);
	rg_oplist_invert(&twice, &inv, &test_compare);
	char *got_twice = describe(&twice);
	CHECK_STR(got_twice, got);
	for (size_t i = 0; i < twice.n && i < ops.n; i++) {
		CHECK(twice.ops[i].from == ops.ops[i].from);
		CHECK(twice.ops[i].to == ops.ops[i].to);
		CHECK(twice.ops[i].alter == ops.ops[i].alter);
		CHECK(rg_streq(twice.ops[i].table, ops.ops[i].table));
		CHECK(rg_streq(twice.ops[i].column, ops.ops[i].column));
	}
	/* determinism: the same inputs, the same list */
	diff_ok(&again, from, to, &test_compare, NULL);
	char *got_again = describe(&again);
	CHECK_STR(got_again, got);
	CHECK(again.n == ops.n);
	for (size_t i = 0; i < again.n && i < ops.n; i++) {
		/* the tables of a cycle are copies, made anew by each diff */
		bool table = again.ops[i].kind == RG_OP_CREATE_TABLE ||
			     again.ops[i].kind == RG_OP_DROP_TABLE;
		CHECK(table || again.ops[i].from == ops.ops[i].from);
		CHECK(table || again.ops[i].to == ops.ops[i].to);
		CHECK(rg_streq(again.ops[i].warning, ops.ops[i].warning));
	}
	free(got);
	free(got_inv);
	free(got_twice);
	free(got_again);
	rg_oplist_free(&ops);
	rg_oplist_free(&inv);
	rg_oplist_free(&twice);
	rg_oplist_free(&again);
	rg_schema_free(from);
	rg_schema_free(to);
}

/* ---- the rest, one function each ---------------------------------------- */

/* Finds the first op of a kind; NULL when none. */
static const struct rg_op *find_op(const struct rg_oplist *l, enum rg_op_kind k,
				   const char *object)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *o = rg_op_object_name(&l->ops[i]);
		if (l->ops[i].kind == k && (!object || rg_streq(o, object)))
			return &l->ops[i];
	}
	return NULL;
}

static void test_warnings(void)
{
	struct rg_schema *from = build(
		"table users; col id BIGINT nn; col bio VARCHAR(500); col age INTEGER; "
		"col nick VARCHAR(20); table gone; col x INTEGER");
	struct rg_schema *to = build(
		"table users; col id BIGINT nn; col bio VARCHAR(100); col age INTEGER nn; "
		"col nick TEXT nn; col score INTEGER nn");
	struct rg_oplist ops, inv;
	diff_ok(&ops, from, to, &test_compare, NULL);
	const struct rg_op *op = find_op(&ops, RG_OP_ALTER_COLUMN, "bio");
	CHECK(op && op->destructive && op->alter == RG_ALTER_TYPE);
	CHECK_STR(op ? op->warning : NULL,
		  "changes type of users.bio from VARCHAR(500) to VARCHAR(100): "
		  "values may be truncated or fail to convert");
	op = find_op(&ops, RG_OP_ALTER_COLUMN, "age");
	CHECK(op && !op->destructive && op->alter == RG_ALTER_NULL);
	CHECK_STR(op ? op->warning : NULL, "fails if users.age holds NULL");
	op = find_op(&ops, RG_OP_ALTER_COLUMN, "nick"); /* a widening, NOT NULL */
	CHECK(op && !op->destructive && op->alter == (RG_ALTER_TYPE | RG_ALTER_NULL));
	CHECK_STR(op ? op->warning : NULL, "fails if users.nick holds NULL");
	op = find_op(&ops, RG_OP_ADD_COLUMN, "score");
	CHECK(op && !op->destructive);
	CHECK_STR(op ? op->warning : NULL,
		  "adds users.score NOT NULL without a default: may fail if users holds rows");
	op = find_op(&ops, RG_OP_DROP_TABLE, NULL);
	CHECK(op && op->destructive);
	CHECK_STR(op ? op->warning : NULL, "drops table gone and all its rows");

	/* the other way: recomputed for the new direction */
	rg_oplist_init(&inv);
	rg_oplist_invert(&inv, &ops, &test_compare);
	op = find_op(&inv, RG_OP_DROP_COLUMN, "score");
	CHECK(op && op->destructive);
	CHECK_STR(op ? op->warning : NULL, "drops column users.score and its data");
	op = find_op(&inv, RG_OP_ALTER_COLUMN, "bio");
	CHECK(op && !op->destructive && !op->warning);
	op = find_op(&inv, RG_OP_ALTER_COLUMN, "nick");
	CHECK(op && op->destructive);
	CHECK_STR(op ? op->warning : NULL,
		  "changes type of users.nick from TEXT to VARCHAR(20): "
		  "values may be truncated or fail to convert");
	op = find_op(&inv, RG_OP_CREATE_TABLE, NULL);
	CHECK(op && !op->destructive && !op->warning);

	/* a narrowing that also sets NOT NULL says both */
	struct rg_schema *f2 = build("table t; col a BIGINT"), *t2 = build("table t; col a INTEGER nn");
	struct rg_oplist o2;
	diff_ok(&o2, f2, t2, &test_compare, NULL);
	CHECK(o2.n == 1 && o2.ops[0].destructive);
	CHECK_STR(o2.n ? o2.ops[0].warning : NULL,
		  "changes type of t.a from BIGINT to INTEGER: values may be truncated "
		  "or fail to convert; fails if t.a holds NULL");

	/* the dialect prints a WARNING line above each op that has one */
	struct rg_buf sql = RG_BUF_INIT;
	struct rg_error err;
	CHECK(test_dialect.render_ops(&test_dialect, &ops, &sql, &err) == 0);
	CHECK_CONTAINS(rg_buf_str(&sql), "-- WARNING: drops table gone and all its rows\n"
					 "drop_table gone;\n");
	CHECK_CONTAINS(rg_buf_str(&sql), "-- WARNING: fails if users.age holds NULL\n"
					 "alter_column users.age;\n");
	rg_buf_free(&sql);

	rg_oplist_free(&o2);
	rg_schema_free(f2);
	rg_schema_free(t2);
	rg_oplist_free(&ops);
	rg_oplist_free(&inv);
	rg_schema_free(from);
	rg_schema_free(to);
}

/* Warnings say truncation only when it can happen: each dialect's types
 * through its canonical forms, as the catalog and the models spell them. */
static void test_widenings(void)
{
	const struct rg_compare *pg = &rg_compare_postgresql, *my = &rg_compare_mysql,
				*lite = &rg_compare_sqlite;
	static const struct {
		int dialect; /* 0 PostgreSQL, 1 MySQL, 2 SQLite */
		const char *from, *to;
		bool destructive;
	} cases[] = {
		/* PostgreSQL: catalog spellings against model spellings */
		{0, "character(20)", "text", false},
		{0, "char(20)", "varchar(20)", false},
		{0, "bpchar", "varchar(1)", false},
		{0, "varchar(20)", "char(20)", true}, /* trailing spaces */
		{0, "character~varying(100)", "VARCHAR(200)", false},
		{0, "varchar(200)", "varchar(100)", true},
		{0, "varchar(10)", "text", false},
		{0, "varchar", "text", false},
		{0, "text", "varchar(10)", true},
		{0, "text", "varchar", false},
		{0, "int2", "integer", false},
		{0, "int4", "int8", false},
		{0, "bigint", "int", true},
		{0, "real", "float8", false},
		{0, "float(53)", "float(24)", true},
		{0, "numeric(10,2)", "numeric(12,2)", false},
		{0, "numeric(10,2)", "decimal(12,4)", false},
		{0, "numeric(10,2)", "numeric(10,3)", true},
		{0, "numeric(10,2)", "numeric(11,0)", true},
		{0, "numeric(8)", "numeric", false},
		{0, "numeric", "numeric(30,10)", true},
		{0, "integer[]", "bigint[]", true},
		{0, "timestamp", "timestamptz", true},
		{0, "integer", "text", true},
		/* MySQL/MariaDB */
		{1, "varchar(10)", "varchar(20)", false},
		{1, "varchar(20)", "varchar(10)", true},
		{1, "NVARCHAR(200)", "NVARCHAR(300)", false},
		{1, "char(20)", "varchar(20)", false},
		{1, "varchar(20)", "char(20)", true},
		{1, "varchar(100)", "text", false},
		{1, "varchar(100)", "tinytext", true}, /* 400 bytes of utf8mb4 */
		{1, "varchar(60)", "tinytext", false},
		{1, "text", "mediumtext", false},
		{1, "longtext", "text", true},
		{1, "text", "varchar(20000)", true},
		{1, "int(11)", "bigint(20)", false},
		{1, "tinyint(1)", "int", false},
		{1, "int~unsigned", "bigint", false},
		{1, "int~unsigned", "int", true},
		{1, "int", "int~unsigned", true},
		{1, "smallint~unsigned", "int(10)~unsigned", false},
		{1, "bigint", "int", true},
		{1, "float", "double", false},
		{1, "real", "float", true}, /* REAL is DOUBLE */
		{1, "decimal(10,2)", "numeric(12,2)", false},
		{1, "decimal", "decimal(12,2)", false}, /* (10,0) */
		{1, "decimal(12,4)", "decimal(12,2)", true},
		/* BINARY is a _bin collation (compared as the charset), not a type */
		{1, "varchar(10)~binary", "varchar(20)", false},
		/* MySQL converts ENUM and SET values by label: only a label
		 * taken away loses values */
		{1, "enum('a')", "enum('a','b')", false},
		{1, "enum('a','b')", "enum('b','x','a')", false},
		{1, "enum('it''s')", "enum('x','it''s')", false},
		{1, "enum('a','b')", "enum('a')", true},
		{1, "enum('it''s')", "enum('it')", true},
		{1, "set('a')", "set('a','b')", false},
		{1, "set('a','b')", "enum('a','b')", true},
		/* SQLite: declared types, by affinity */
		{2, "NVARCHAR(200)", "NVARCHAR(300)", false},
		{2, "NVARCHAR(300)", "NVARCHAR(200)", true},
		{2, "CHAR(20)", "TEXT", false},
		{2, "NCHAR(10)", "VARCHAR(10)", false},
		{2, "TEXT", "VARCHAR(10)", true},
		{2, "INT", "INTEGER", false},
		{2, "INTEGER", "INT", false},
		{2, "INTEGER", "BIGINT", false},
		{2, "SMALLINT", "INTEGER", false},
		{2, "INTEGER", "SMALLINT", true},
		{2, "REAL", "DOUBLE", false},
		{2, "DECIMAL(10,2)", "NUMERIC(12,2)", false},
		{2, "DECIMAL(10,2)", "NUMERIC(10,4)", true},
		{2, "INTEGER", "TEXT", true},
		{2, "TEXT", "INTEGER", true},
		{2, "BLOB", "TEXT", true},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(cases); i++) {
		const struct rg_compare *d = cases[i].dialect == 0 ? pg : cases[i].dialect == 1 ? my : lite;
		char before[128], after[128];
		snprintf(before, sizeof(before), "table t; col c %s", cases[i].from);
		snprintf(after, sizeof(after), "table t; col c %s", cases[i].to);
		struct rg_schema *f = build(before), *t = build(after);
		struct rg_oplist ops;
		diff_ok(&ops, f, t, d, NULL);
		/* models against models: MySQL's NVARCHAR also shows as a charset
		 * change (RG_ALTER_CHARSET), the database side having none */
		if (ops.n != 1 || (ops.ops[0].alter & ~RG_ALTER_CHARSET) != RG_ALTER_TYPE) {
			fprintf(stderr, "dialect %d: %s -> %s: no type change (%zu ops, alter %#x)\n",
				cases[i].dialect, cases[i].from, cases[i].to, ops.n,
				ops.n ? ops.ops[0].alter : 0);
			rg_test_failures++;
		}
		if (ops.n == 1 && ops.ops[0].destructive != cases[i].destructive) {
			fprintf(stderr, "dialect %d: %s -> %s: destructive=%d\n", cases[i].dialect,
				cases[i].from, cases[i].to, ops.ops[0].destructive);
			rg_test_failures++;
		}
		CHECK((ops.n == 1 && ops.ops[0].warning != NULL) == cases[i].destructive);
		rg_oplist_free(&ops);
		rg_schema_free(f);
		rg_schema_free(t);
	}
	/* a dialect that cannot tell: every change of type warns */
	struct rg_schema *f = build("table t; col c VARCHAR(10)"), *t = build("table t; col c VARCHAR(20)");
	struct rg_oplist ops;
	diff_ok(&ops, f, t, &plain_compare, NULL);
	CHECK(ops.n == 1 && ops.ops[0].destructive);
	rg_oplist_free(&ops);
	rg_schema_free(f);
	rg_schema_free(t);
}

/* Numeric defaults compare by exact value on every dialect, as each
 * catalog and the models spell them: never through a double. */
static void test_number_defaults(void)
{
	static const struct {
		int dialect; /* 0 PostgreSQL, 1 MySQL, 2 SQLite */
		const char *x, *y;
		bool same;
	} cases[] = {
		{0, "'1.0000000000123456789123'::numeric", "1.000000000012345678912340000000", false},
		{1, "1.000000000000000000000000000000", "1.000000000012345678912340000000", false},
		{1, "'1.0000000000123456789123'", "1.000000000012345678912340000000", false},
		{2, "1.0000000000123456789123", "1.000000000012345678912340000000", false},
		{0, "'1.0000000000123456789123'::numeric", "1.000000000012345678912300000000", true},
		{1, "1.000000000012345678912300000000", "1.0000000000123456789123", true},
		{2, "1.0000000000123456789123", "1.000000000012345678912300", true},
		{0, "1.50", "'1.5'::numeric", true}, {1, "-1.5000", "-1.5", true},
		{2, "-1.5000", "-1.5", true}, {0, "(-0.00)", "0", true}, {1, "-0.0", "0", true},
		{1, "+007", "7", true}, {2, "1e3", "1000", true}, {1, "1.5E-3", ".0015", true},
		{0, "12345678901234567890", "12345678901234567891", false},
		{1, "12345678901234567890", "12345678901234567891", false},
		{1, "0.1", "0.10000000000000001", false}, {0, "10", "1", false},
		{2, "100", "1e2", true}, {2, "'1.50'", "1.5", false},
	};
	const struct rg_compare *d[] = {&rg_compare_postgresql, &rg_compare_mysql,
					&rg_compare_sqlite};
	struct rg_buf a = RG_BUF_INIT, b = RG_BUF_INIT;
	for (size_t i = 0; i < RG_ARRAY_LEN(cases); i++) {
		rg_buf_reset(&a);
		rg_buf_reset(&b);
		d[cases[i].dialect]->canon_default(&a, cases[i].x);
		d[cases[i].dialect]->canon_default(&b, cases[i].y);
		bool same = strcmp(rg_buf_str(&a), rg_buf_str(&b)) == 0;
		if (same != cases[i].same)
			fprintf(stderr, "dialect %d: default %s vs %s: %s vs %s\n",
				cases[i].dialect, cases[i].x, cases[i].y, rg_buf_str(&a),
				rg_buf_str(&b));
		CHECK(same == cases[i].same);
	}
	/* the form itself: exact digits, one zero, no sign for zero */
	static const char *const forms[][2] = {
		{"+0010.2500", "10.25"}, {"-.5", "-0.5"}, {"2.5e-2", "0.025"},
		{"-0", "0"}, {"1.20E+2", "120"}, {"007", "7"},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(forms); i++) {
		rg_buf_reset(&a);
		CHECK(rg_sql_number(&a, forms[i][0]));
		CHECK_STR(rg_buf_str(&a), forms[i][1]);
	}
	/* at a scale, rounded half away from zero */
	static const struct {
		const char *num;
		long long scale;
		const char *want;
	} scaled[] = {
		{"1.005", 2, "1.01"}, {"-1.005", 2, "-1.01"}, {"9.995", 2, "10"},
		{"1.004", 2, "1"}, {"1.5", 0, "2"}, {"0.0049", 2, "0"}, {"12", 2, "12"},
		{"1.0000000000123456789123", 30, "1.0000000000123456789123"},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(scaled); i++) {
		rg_buf_reset(&a);
		CHECK(rg_sql_number_at_scale(&a, scaled[i].num, scaled[i].scale));
		CHECK_STR(rg_buf_str(&a), scaled[i].want);
	}
	/* MySQL keeps a DECIMAL's default at its scale, PostgreSQL as written */
	for (int k = 0; k < 2; k++) {
		struct rg_schema *f = build("table t; col c DECIMAL(10,2) default 1.01");
		struct rg_schema *t = build("table t; col c DECIMAL(10,2) default 1.005");
		struct rg_oplist ops;
		diff_ok(&ops, f, t, k ? &rg_compare_postgresql : &rg_compare_mysql, NULL);
		CHECK(ops.n == (size_t)k);
		rg_oplist_free(&ops);
		rg_schema_free(f);
		rg_schema_free(t);
	}
	static const char *const not_numbers[] = {"'1'", "1e", "1.2.3", "-", ".", "1e99999", "x1"};
	for (size_t i = 0; i < RG_ARRAY_LEN(not_numbers); i++) {
		rg_buf_reset(&a);
		CHECK(!rg_sql_number(&a, not_numbers[i]) && a.len == 0);
	}
	rg_buf_free(&a);
	rg_buf_free(&b);
	/* the longest names each keeps (test-loader: names made to fit) */
	CHECK(rg_compare_postgresql.name_max == 63 && !rg_compare_postgresql.name_max_chars);
	CHECK(rg_compare_mysql.name_max == 64 && rg_compare_mysql.name_max_chars);
	CHECK(rg_compare_sqlite.name_max == 0);
}

/* What CREATE TABLE declares in a cycle: the keys that point back and the
 * self-reference, not the one the ADD_FK after it adds; with forward
 * references allowed (SQLite) every key, and no ADD_FK. */
static void test_fk_cycles(void)
{
	struct rg_schema *from = build("");
	struct rg_schema *to = build(
		"table store; col id INTEGER; col manager_id INTEGER; "
		"fk fk_store_manager manager_id staff id; "
		"table staff; col id INTEGER; col store_id INTEGER; col boss INTEGER; "
		"fk fk_staff_store store_id store id; fk fk_staff_boss boss staff id");
	struct rg_oplist ops, inv;
	diff_ok(&ops, from, to, &test_compare, NULL);
	char *got = describe(&ops);
	CHECK_STR(got, "create_table staff; create_table store; "
		       "add_foreign_key staff.fk_staff_store");
	const struct rg_op *op = find_op(&ops, RG_OP_CREATE_TABLE, NULL);
	CHECK(op && op->to == op->table_to);
	const struct rg_table *t = op ? op->table_to : NULL;
	CHECK(t && strcmp(t->name, "staff") == 0 && t->nfks == 1 && t->ncolumns == 3 &&
	      strcmp(t->fks[0]->name, "fk_staff_boss") == 0);
	CHECK(ops.n == 3 && ops.ops[1].table_to == to->tables[0]); /* store: whole */
	CHECK(ops.n == 3 && ops.ops[2].table_to == to->tables[1] &&
	      ops.ops[2].to == to->tables[1]->fks[0]);
	/* the downgrade drops the key first, then the tables, the same copy */
	rg_oplist_init(&inv);
	rg_oplist_invert(&inv, &ops, &test_compare);
	CHECK(inv.n == 3 && inv.ops[0].kind == RG_OP_DROP_FK && inv.ops[2].table_from == t);
	rg_oplist_free(&inv);
	rg_oplist_free(&ops);
	free(got);

	static const struct rg_compare forward = {
		.caps = RG_CAP_FORWARD_REFERENCES | INDEX_FORMS, .render_type = t_type,
		.canon_type = t_canon, .canon_default = t_canon, .canon_expr = t_canon,
	};
	diff_ok(&ops, from, to, &forward, NULL);
	got = describe(&ops);
	CHECK_STR(got, "create_table staff; create_table store");
	CHECK(ops.n == 2 && ops.ops[0].table_to == to->tables[1]);
	rg_oplist_free(&ops);
	free(got);
	rg_schema_free(from);
	rg_schema_free(to);
}

/* op->table and op->column: the names when each operation runs. */
static void test_run_time_names(void)
{
	struct rg_schema *from = build(
		"table users; col id INTEGER; col name VARCHAR(10); uq uq_n name; ix ix_x id");
	struct rg_schema *to = build(
		"table people from users; col id INTEGER; col full_name VARCHAR(20) from name; "
		"uq uq_n full_name,id; ix ix_x id unique");
	struct rg_oplist ops, inv;
	diff_ok(&ops, from, to, &test_compare, NULL);
	char *got = describe(&ops);
	CHECK_STR(got, "drop_index people.ix_x; drop_unique people.uq_n; rename_table people; "
		       "rename_column people.full_name; alter_column people.full_name; "
		       "add_unique people.uq_n; create_index people.ix_x");
	free(got);
	if (ops.n == 7) {
		CHECK_STR(ops.ops[0].table, "users");
		CHECK_STR(ops.ops[1].table, "users");
		CHECK_STR(ops.ops[2].table, "users"); /* a rename: its old name */
		CHECK_STR(ops.ops[3].table, "people");
		CHECK_STR(ops.ops[4].table, "people");
		CHECK_STR(ops.ops[4].column, "full_name");
		CHECK_STR(ops.ops[5].table, "people");
		CHECK(ops.ops[0].column == NULL);
		/* both tables on every operation of a surviving table */
		for (size_t i = 0; i < ops.n; i++)
			CHECK(ops.ops[i].table_from == from->tables[0] &&
			      ops.ops[i].table_to == to->tables[0]);
	}
	rg_oplist_init(&inv);
	rg_oplist_invert(&inv, &ops, &test_compare);
	got = describe(&inv);
	CHECK_STR(got, "drop_index users.ix_x; drop_unique users.uq_n; alter_column users.name!; "
		       "rename_column users.name; rename_table users; "
		       "add_unique users.uq_n; create_index users.ix_x");
	free(got);
	if (inv.n == 7) {
		CHECK_STR(inv.ops[0].table, "people");
		CHECK_STR(inv.ops[2].table, "people");
		CHECK_STR(inv.ops[2].column, "full_name"); /* before the rename back */
		CHECK_STR(inv.ops[4].table, "people");
		CHECK_STR(inv.ops[5].table, "users");
		CHECK(inv.ops[4].table_from == to->tables[0] &&
		      inv.ops[4].table_to == from->tables[0]);
	}
	rg_oplist_free(&ops);
	rg_oplist_free(&inv);
	rg_schema_free(from);
	rg_schema_free(to);
}

static void test_exclusions(void)
{
	struct rg_schema *from = build(
		"table users; col id INTEGER; table audit_log; col x TEXT; "
		"table audit_old; col y TEXT; table tmp_x; col z TEXT");
	struct rg_schema *to = build(
		"table users; col id INTEGER; table audit_log; col x INTEGER nn; "
		"table audit_new; col x TEXT; table tmp_y; col z TEXT");
	const char *ex[] = {"audit_*", "tmp_?"};
	struct rg_diff_opts o = {.exclude = ex, .nexclude = 2};
	struct rg_oplist ops;
	diff_ok(&ops, from, to, &test_compare, &o);
	CHECK(ops.n == 0);
	rg_oplist_free(&ops);
	/* only the matching ones are left alone */
	struct rg_diff_opts one = {.exclude = ex, .nexclude = 1};
	diff_ok(&ops, from, to, &test_compare, &one);
	char *got = describe(&ops);
	CHECK_STR(got, "create_table tmp_y; drop_table tmp_x!");
	free(got);
	rg_oplist_free(&ops);
	rg_schema_free(from);
	rg_schema_free(to);
}

/* Without RG_CAP_COMMENTS comments are not compared; without
 * RG_CAP_NAMED_PK primary key names are not either. */
static void test_caps(void)
{
	struct rg_schema *from = build("table t comment a; col x INTEGER nn comment a; pk pk_a x");
	struct rg_schema *to = build("table t comment b; col x INTEGER nn comment b; pk =pk_b x");
	struct rg_oplist ops;
	diff_ok(&ops, from, to, &plain_compare, NULL);
	CHECK(ops.n == 0);
	rg_oplist_free(&ops);
	diff_ok(&ops, from, to, &test_compare, NULL);
	char *got = describe(&ops);
	CHECK_STR(got, "drop_primary_key t.pk_a?; alter_column t.x; table_comment t; "
		       "add_primary_key t.pk_b");
	CHECK(ops.n == 4 && ops.ops[1].alter == RG_ALTER_COMMENT);
	free(got);
	rg_oplist_free(&ops);
	rg_schema_free(from);
	rg_schema_free(to);
}

/* RESTRICT and NO ACTION are one where the dialect says so (InnoDB). */
static void test_restrict_is_no_action(void)
{
	struct rg_compare d = plain_compare;
	struct rg_schema *from = build("table t; col a INTEGER; fk fk_t a t a del restrict");
	struct rg_schema *to = build("table t; col a INTEGER; fk fk_t a t a");
	struct rg_oplist ops;
	diff_ok(&ops, from, to, &d, NULL);
	CHECK(ops.n == 2);
	rg_oplist_free(&ops);
	d.caps |= RG_CAP_RESTRICT_IS_NO_ACTION;
	diff_ok(&ops, from, to, &d, NULL);
	CHECK(ops.n == 0);
	rg_oplist_free(&ops);
	rg_schema_free(from);
	rg_schema_free(to);
}

static void test_errors_and_names(void)
{
	struct rg_schema *dup = build("table t; col a INTEGER; table t; col b INTEGER");
	struct rg_schema *empty = build("");
	struct rg_oplist ops;
	struct rg_error err = {{0}};
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, empty, dup, &test_compare, NULL, &err) == -1);
	CHECK_STR(err.msg, "models: two tables named t");
	CHECK(ops.n == 0);
	CHECK(rg_diff(&ops, dup, empty, &test_compare, NULL, &err) == -1);
	CHECK_STR(err.msg, "database schema: two tables named t");
	rg_oplist_free(&ops);
	rg_oplist_free(NULL);
	rg_schema_free(dup);
	rg_schema_free(empty);

	/* every kind has its own stable name */
	for (int i = 0; i < RG_OP__COUNT; i++) {
		const char *n = rg_op_kind_name((enum rg_op_kind)i);
		CHECK(n && strcmp(n, "unknown") != 0);
		for (int k = 0; k < i; k++)
			CHECK(strcmp(n, rg_op_kind_name((enum rg_op_kind)k)) != 0);
	}
	CHECK_STR(rg_op_kind_name(RG_OP_ADD_FK), "add_foreign_key");
	CHECK_STR(rg_op_kind_name(RG_OP__COUNT), "unknown");
}

static struct rg_schema *big_schema(int ntables, bool reversed)
{
	struct rg_schema *s = rg_schema_new();
	for (int n = 0; n < ntables; n++) {
		int i = reversed ? ntables - 1 - n : n;
		char name[32], ref[32];
		snprintf(name, sizeof(name), "t%05d", i);
		struct rg_table *t = rg_schema_add_table(s, name);
		for (int k = 0; k < 12; k++) {
			char cn[16];
			snprintf(cn, sizeof(cn), "c%d", k);
			struct rg_column *c = rg_table_add_column(s, t, cn);
			c->type = k % 2 ? "TEXT" : "BIGINT";
			c->not_null = k % 3 == 0;
		}
		struct rg_pk *p = rg_table_set_pk(s, t, NULL);
		rg_names_push(s, &p->cols, &p->ncols, "c0");
		/* each table references the next one: creates run backwards */
		if (i + 1 < ntables) {
			snprintf(ref, sizeof(ref), "t%05d", i + 1);
			struct rg_fk *f = rg_table_add_fk(s, t, NULL);
			size_t nr = 0;
			rg_names_push(s, &f->cols, &f->ncols, "c2");
			rg_names_push(s, &f->ref_cols, &nr, "c0");
			f->ref_table = rg_arena_strdup(s->arena, ref);
		}
		struct rg_index *x = rg_table_add_index(s, t, NULL);
		rg_names_push(s, &x->cols, &x->ncols, "c1");
		struct rg_unique *u = rg_table_add_unique(s, t, NULL);
		rg_names_push(s, &u->cols, &u->ncols, "c3");
	}
	return s;
}

static void test_big(void)
{
	struct rg_schema *a = big_schema(2000, false), *b = rg_schema_new();
	for (size_t i = 0; i < a->ntables; i++)
		rg_table_copy(b, a->tables[i]);
	struct rg_oplist ops;
	double t0 = rg_now_ms();
	diff_ok(&ops, a, b, &test_compare, NULL);
	double ms = rg_now_ms() - t0;
	CHECK(ops.n == 0);
	CHECK(ms < 1000);
	fprintf(stderr, "2,000 tables against a copy: %.1f ms\n", ms);
	rg_oplist_free(&ops);
	rg_schema_free(a);
	rg_schema_free(b);

	/* 10,000 tables: from nothing (a 10,000-long chain of references,
	 * so creates run against name order), and against itself listed in
	 * the other order */
	struct rg_schema *big = big_schema(10000, false), *rev = big_schema(10000, true);
	struct rg_schema *empty = rg_schema_new();
	t0 = rg_now_ms();
	diff_ok(&ops, empty, big, &test_compare, NULL);
	ms = rg_now_ms() - t0;
	CHECK(ops.n == 20000);
	CHECK(ops.n == 20000 && strcmp(rg_op_table_name(&ops.ops[0]), "t09999") == 0 &&
	      strcmp(rg_op_table_name(&ops.ops[19998]), "t00000") == 0);
	fprintf(stderr, "10,000 tables from nothing: %.1f ms\n", ms);
	CHECK(ms < 2000);
	struct rg_oplist inv;
	rg_oplist_init(&inv);
	rg_oplist_invert(&inv, &ops, &test_compare);
	CHECK(inv.n == 20000 && inv.ops[0].kind == RG_OP_DROP_INDEX &&
	      strcmp(rg_op_table_name(&inv.ops[0]), "t00000") == 0);
	rg_oplist_free(&inv);
	rg_oplist_free(&ops);
	t0 = rg_now_ms();
	diff_ok(&ops, big, rev, &test_compare, NULL);
	ms = rg_now_ms() - t0;
	CHECK(ops.n == 0);
	fprintf(stderr, "10,000 tables against themselves: %.1f ms\n", ms);
	CHECK(ms < 2000);
	rg_oplist_free(&ops);
	/* one rename among 10,000 tables: names at run time stay cheap */
	rev->tables[0]->renamed_from = rev->tables[0]->name;
	rev->tables[0]->name = "renamed";
	rev->tables[1]->fks[0]->ref_table = "renamed";
	t0 = rg_now_ms();
	diff_ok(&ops, big, rev, &test_compare, NULL);
	ms = rg_now_ms() - t0;
	char *got = describe(&ops);
	/* the reference to it follows the rename: nothing else changes */
	CHECK_STR(got, "rename_table renamed");
	free(got);
	CHECK(ms < 2000);
	rg_oplist_free(&ops);
	rg_schema_free(big);
	rg_schema_free(rev);
	rg_schema_free(empty);
}

/* ---- structural identity ------------------------------------------- */

/* As PostgreSQL: every key, constraint and index renames in place. */
static const struct rg_compare rename_compare = {
	.caps = RG_CAP_COMMENTS | RG_CAP_NAMED_PK | RG_CAP_RENAME_INDEX |
		RG_CAP_RENAME_CONSTRAINT | INDEX_FORMS,
	.render_type = t_type,
	.canon_type = t_canon,
	.canon_default = t_canon,
	.canon_expr = t_canon,
};

/* As MySQL: indexes and unique keys rename, foreign keys and checks do
 * not, and primary keys have no name of their own. */
static const struct rg_compare index_rename_compare = {
	.caps = RG_CAP_COMMENTS | RG_CAP_RENAME_INDEX | INDEX_FORMS,
	.render_type = t_type,
	.canon_type = t_canon,
	.canon_default = t_canon,
	.canon_expr = t_canon,
};

/* The ops of from -> to, and of the inverse, as describe() puts them. */
static void check_diff(const char *from_s, const char *to_s, const struct rg_compare *d,
		       const char *want, const char *want_inverse)
{
	struct rg_schema *from = build(from_s), *to = build(to_s);
	struct rg_oplist ops, inv;
	diff_ok(&ops, from, to, d, NULL);
	char *got = describe(&ops);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "from: %s\nto:   %s\n", from_s, to_s);
	CHECK_STR(got, want);
	rg_oplist_init(&inv);
	rg_oplist_invert(&inv, &ops, d);
	char *got_inv = describe(&inv);
	CHECK_STR(got_inv, want_inverse);
	free(got);
	free(got_inv);
	rg_oplist_free(&ops);
	rg_oplist_free(&inv);
	rg_schema_free(from);
	rg_schema_free(to);
}

/* Foreign keys make way for what they rest on (issue 19, finding 3): a
 * key referenced by a foreign key of another table -- one dropped, kept
 * or created -- is dropped only after that key, which comes back after
 * the key; the same around a referenced column's type change. */
static void test_fks_around_keys(void)
{
	static const struct rg_compare fwd_compare = {
		.caps = RG_CAP_FORWARD_REFERENCES, .render_type = t_type,
		.canon_type = t_canon, .canon_default = t_canon, .canon_expr = t_canon,
	};
#define USERS_ID "table users; col id INTEGER nn; col email TEXT nn; "
	/* the issue's case: taggings dropped, users' key changed */
	check_diff(USERS_ID "pk users_pkey id; table taggings; col user_id INTEGER; "
		   "fk taggings_user_id_fkey user_id users id",
		   USERS_ID "pk users_pkey email", &test_compare,
		   "drop_foreign_key taggings.taggings_user_id_fkey; drop_primary_key users.users_pkey; "
		   "drop_table taggings!; add_primary_key users.users_pkey",
		   "drop_primary_key users.users_pkey; create_table taggings; "
		   "add_primary_key users.users_pkey; add_foreign_key taggings.taggings_user_id_fkey");
	/* a unique key, referenced from a table that stays, made the primary
	 * key */
	check_diff(USERS_ID "uq users_id_key id; table taggings; col user_id INTEGER; "
		   "fk taggings_user_id_fkey user_id users id",
		   USERS_ID "pk users_pkey id; table taggings; col user_id INTEGER; "
		   "fk taggings_user_id_fkey user_id users id", &test_compare,
		   "drop_foreign_key taggings.taggings_user_id_fkey; drop_unique users.users_id_key; "
		   "add_primary_key users.users_pkey; add_foreign_key taggings.taggings_user_id_fkey",
		   "drop_foreign_key taggings.taggings_user_id_fkey; drop_primary_key users.users_pkey; "
		   "add_unique users.users_id_key; add_foreign_key taggings.taggings_user_id_fkey");
	/* a table created referencing a key added */
	check_diff(USERS_ID "pk users_pkey id",
		   USERS_ID "pk users_pkey id; uq users_email_key email; table t2; col e TEXT; "
		   "fk t2_e_fkey e users email", &test_compare,
		   "create_table t2; add_unique users.users_email_key; add_foreign_key t2.t2_e_fkey",
		   "drop_foreign_key t2.t2_e_fkey; drop_unique users.users_email_key; drop_table t2!");
	/* the type of a referenced column, and of a referencing one */
	check_diff(USERS_ID "pk users_pkey id; table taggings; col user_id INTEGER; "
		   "fk taggings_user_id_fkey user_id users id",
		   "table users; col id BIGINT nn; col email TEXT nn; pk users_pkey id; "
		   "table taggings; col user_id BIGINT; fk taggings_user_id_fkey user_id users id",
		   &test_compare,
		   "drop_foreign_key taggings.taggings_user_id_fkey; alter_column taggings.user_id; "
		   "alter_column users.id; add_foreign_key taggings.taggings_user_id_fkey",
		   "drop_foreign_key taggings.taggings_user_id_fkey; alter_column users.id!; "
		   "alter_column taggings.user_id!; add_foreign_key taggings.taggings_user_id_fkey");
	/* a key renamed in place that must make way: its drop and add rename it */
	check_diff(USERS_ID "pk users_pkey id; table taggings; col user_id INTEGER; "
		   "fk taggings_user_id_fkey user_id users id",
		   USERS_ID "pk users_pkey email; uq users_id_key id; table taggings; "
		   "col user_id INTEGER; fk =tag_user user_id users id", &rename_compare,
		   "drop_foreign_key taggings.taggings_user_id_fkey; drop_primary_key users.users_pkey; "
		   "add_primary_key users.users_pkey; add_unique users.users_id_key; "
		   "add_foreign_key taggings.tag_user",
		   "drop_foreign_key taggings.tag_user; drop_unique users.users_id_key; "
		   "drop_primary_key users.users_pkey; add_primary_key users.users_pkey; "
		   "add_foreign_key taggings.taggings_user_id_fkey");
	/* a key nobody references: the foreign key stays */
	check_diff(USERS_ID "pk users_pkey id; table taggings; col user_id INTEGER; "
		   "fk taggings_user_id_fkey user_id users id",
		   USERS_ID "pk users_pkey id; uq users_email_key email; table taggings; "
		   "col user_id INTEGER; fk taggings_user_id_fkey user_id users id",
		   &test_compare, "add_unique users.users_email_key", "drop_unique users.users_email_key");
	/* SQLite (forward references): nothing moves */
	check_diff(USERS_ID "pk - id; table taggings; col user_id INTEGER; "
		   "fk - user_id users id",
		   USERS_ID "pk - email", &fwd_compare,
		   "drop_primary_key users; drop_table taggings!; add_primary_key users",
		   "drop_primary_key users; create_table taggings; add_primary_key users");
#undef USERS_ID
}

/* A database whose keys carry the names it gave them (t_pkey,
 * t_p_id_fkey, t_a_key, t_a_check) against models that name nothing:
 * nothing to do, whatever the dialect. */
static const char adopted_db[] =
	"table p; col id INTEGER nn; pk p_pkey id; "
	"table t; col id INTEGER nn; col p_id INTEGER; col a INTEGER; col b INTEGER; "
	"pk t_pkey id; fk t_p_id_fkey p_id p id del cascade; uq t_a_key a; "
	"ix idx_b b; ix t_b_uniq b unique; ck t_a_check a~>~0";
static const char adopted_models[] =
	"table p; col id INTEGER nn; pk pk_p id; "
	"table t; col id INTEGER nn; col p_id INTEGER; col a INTEGER; col b INTEGER; "
	"pk pk_t id; fk fk_t_p_id_p p_id p id del cascade; uq uq_t_a a; "
	"ix ix_t_b b; uq uq_t_b b; ck ck_t_1 a~>~0";

static void test_identity(void)
{
	const struct rg_compare *all[] = {&test_compare, &plain_compare, &rename_compare,
					  &index_rename_compare};
	for (size_t i = 0; i < RG_ARRAY_LEN(all); i++)
		check_diff(adopted_db, adopted_models, all[i], "", "");
	/* the model writes the names: each is renamed, in place where the
	 * database can */
	const char named[] =
		"table p; col id INTEGER nn; pk =p_key id; "
		"table t; col id INTEGER nn; col p_id INTEGER; col a INTEGER; col b INTEGER; "
		"pk =t_key id; fk =t_to_p p_id p id del cascade; uq =t_a_uq a; "
		"ix =t_b_ix b; uq =t_b_uq b; ck =t_a_pos a~>~0";
	check_diff(adopted_db, named, &rename_compare,
		   "rename_constraint t.t_to_p; rename_index p.p_key; rename_constraint t.t_a_pos; "
		   "rename_index t.t_a_uq; rename_index t.t_b_ix; rename_index t.t_b_uq; "
		   "rename_index t.t_key",
		   "rename_index t.t_pkey; rename_index t.t_b_uniq; rename_index t.idx_b; "
		   "rename_index t.t_a_key; rename_constraint t.t_a_check; rename_index p.p_pkey; "
		   "rename_constraint t.t_p_id_fkey");
	/* a database that cannot rename a foreign key or a check drops and
	 * adds it again, and says so; its primary keys have no names */
	check_diff(adopted_db, named, &index_rename_compare,
		   "drop_foreign_key t.t_p_id_fkey?; drop_check t.t_a_check?; "
		   "rename_index t.t_a_uq; rename_index t.t_b_ix; rename_index t.t_b_uq; "
		   "add_check t.t_a_pos; add_foreign_key t.t_to_p",
		   "drop_foreign_key t.t_to_p?; drop_check t.t_a_pos?; "
		   "rename_index t.t_b_uniq; rename_index t.idx_b; rename_index t.t_a_key; "
		   "add_check t.t_a_check; add_foreign_key t.t_p_id_fkey");
	/* a unique index is the unique constraint of its columns, either
	 * way round; a partial one is not */
	check_diff("table t; col a INTEGER; ix a_idx a unique",
		   "table t; col a INTEGER; uq uq_t_a a", &rename_compare, "", "");
	check_diff("table t; col a INTEGER; uq t_a_key a",
		   "table t; col a INTEGER; ix ix_t_a a unique", &rename_compare, "", "");
	check_diff("table t; col a INTEGER; ix a_idx a unique where a~>~0",
		   "table t; col a INTEGER; uq uq_t_a a", &rename_compare,
		   "drop_index t.a_idx; add_unique t.uq_t_a",
		   "drop_unique t.uq_t_a; create_index t.a_idx");
	/* a generated name another object of the database has: that one is
	 * renamed out of the way (after the drops, before the adds) */
	check_diff("table t; col a INTEGER; col b INTEGER; ix ix_t_b a",
		   "table t; col a INTEGER; col b INTEGER; ix ix_t_a a; ix ix_t_b b",
		   &rename_compare, "rename_index t.ix_t_a; create_index t.ix_t_b",
		   "drop_index t.ix_t_b; rename_index t.ix_t_b");
	/* a database that keeps no name (SQLite's unnamed constraint) has
	 * nothing to rename; one that cannot rename drops the index and adds
	 * the constraint the model names, and says so */
	check_diff("table t; col a INTEGER; uq - a", "table t; col a INTEGER; uq =a_key a",
		   &plain_compare, "", "");
	check_diff("table t; col a INTEGER; ix a_idx a unique",
		   "table t; col a INTEGER; uq =a_key a", &plain_compare,
		   "drop_index t.a_idx?; add_unique t.a_key",
		   "drop_unique t.a_key?; create_index t.a_idx");
	/* a renamed table's keys follow it: a new table of the old name
	 * would want their names */
	check_diff("table a; col x INTEGER nn; col y INTEGER; pk pk_a x; ix ix_a_y y; "
		   "ix idx_keep y unique",
		   "table b from a; col x INTEGER nn; col y INTEGER; pk pk_b x; ix ix_b_y y; "
		   "uq uq_b_y y", &rename_compare,
		   "rename_index b.ix_b_y; rename_index b.pk_b; rename_index b.uq_b_y; "
		   "rename_table b",
		   "rename_table a; rename_index a.idx_keep; rename_index a.pk_a; "
		   "rename_index a.ix_a_y");
	/* same name, same definition wins over a same-definition pair */
	check_diff("table t; col a INTEGER; ix x1 a; ix x2 a",
		   "table t; col a INTEGER; ix x2 a", &rename_compare,
		   "drop_index t.x1", "create_index t.x1");
}

/* An identity's GENERATED ALWAYS and a foreign key's DEFERRABLE and
 * INITIALLY DEFERRED are compared (issue 20 item 3): a change is an
 * ALTER_COLUMN (autoincrement) and an ALTER_FK under the database's name,
 * and a database without them refuses the models that say them. */
static void test_always_and_deferral(void)
{
	static const struct rg_compare pg_like = {
		.caps = RG_CAP_COMMENTS | RG_CAP_NAMED_PK | RG_CAP_RENAME_INDEX |
			RG_CAP_RENAME_CONSTRAINT | RG_CAP_IDENTITY_ALWAYS | RG_CAP_DEFERRABLE_FK,
		.render_type = t_type, .canon_type = t_canon, .canon_default = t_canon,
		.canon_expr = t_canon,
	};
	const struct rg_compare *d = &pg_like;
	check_diff("table t; col id BIGINT nn ai; pk t_pkey id",
		   "table t; col id BIGINT nn always; pk t_pkey id", d,
		   "alter_column t.id", "alter_column t.id");
	check_diff("table t; col id BIGINT nn always; pk t_pkey id",
		   "table t; col id BIGINT nn always; pk t_pkey id", d, "", "");
	struct rg_schema *from = build("table t; col id BIGINT nn always; pk t_pkey id");
	struct rg_schema *to = build("table t; col id BIGINT nn ai; pk t_pkey id");
	struct rg_oplist ops;
	diff_ok(&ops, from, to, d, NULL);
	CHECK(ops.n == 1 && ops.ops[0].alter == RG_ALTER_AUTOINC);
	rg_oplist_free(&ops);
	rg_schema_free(from);
	rg_schema_free(to);
#define P "table p; col id INTEGER nn; pk p_pkey id; table t; col a INTEGER; col b INTEGER; "
	/* on, off, and INITIALLY DEFERRED: in place, under the database's
	 * name (the convention's is another) */
	check_diff(P "fk t_a_fkey a p id", P "fk fk_t_a_p a p id defer", d,
		   "alter_foreign_key t.t_a_fkey", "alter_foreign_key t.t_a_fkey");
	check_diff(P "fk t_a_fkey a p id deferred", P "fk fk_t_a_p a p id", d,
		   "alter_foreign_key t.t_a_fkey", "alter_foreign_key t.t_a_fkey");
	check_diff(P "fk t_a_fkey a p id defer", P "fk fk_t_a_p a p id deferred", d,
		   "alter_foreign_key t.t_a_fkey", "alter_foreign_key t.t_a_fkey");
	check_diff(P "fk t_a_fkey a p id deferred", P "fk fk_t_a_p a p id deferred", d, "", "");
	/* renamed as well: dropped and added as the model says */
	check_diff(P "fk t_a_fkey a p id", P "fk =a_to_p a p id deferred", d,
		   "drop_foreign_key t.t_a_fkey; add_foreign_key t.a_to_p",
		   "drop_foreign_key t.a_to_p; add_foreign_key t.t_a_fkey");
	/* dropped and added to make way for a key it rests on: no ALTER */
	check_diff("table p; col id INTEGER nn; uq p_id_key id; table t; col a INTEGER; "
		   "fk t_a_fkey a p id",
		   "table p; col id INTEGER nn; pk p_pkey id; table t; col a INTEGER; "
		   "fk t_a_fkey a p id deferred", d,
		   "drop_foreign_key t.t_a_fkey; drop_unique p.p_id_key; add_primary_key p.p_pkey; "
		   "add_foreign_key t.t_a_fkey",
		   "drop_foreign_key t.t_a_fkey; drop_primary_key p.p_pkey; add_unique p.p_id_key; "
		   "add_foreign_key t.t_a_fkey");
	/* the ALTER carries both sides, each under the name it runs with */
	from = build(P "fk t_a_fkey a p id");
	to = build(P "fk fk_t_a_p a p id deferred");
	diff_ok(&ops, from, to, d, NULL);
	CHECK(ops.n == 1);
	if (ops.n == 1) {
		const struct rg_fk *f = ops.ops[0].from, *t = ops.ops[0].to;
		CHECK(!f->deferrable && t->deferrable && t->initially_deferred);
		CHECK_STR(t->name, "t_a_fkey");
	}
	rg_oplist_free(&ops);
	rg_schema_free(from);
	rg_schema_free(to);
	/* a database without them: an error at the model's file:line */
	static const struct {
		const char *model, *what;
	} refused[] = {
		{"table t; col id BIGINT nn always; pk - id", "RG_IDENTITY_ALWAYS (GENERATED ALWAYS AS IDENTITY) on t.id"},
		{P "fk - a p id defer", "a DEFERRABLE foreign key"},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(refused); i++) {
		struct rg_schema *empty = rg_schema_new(), *m = build(refused[i].model);
		m->tables[m->ntables - 1]->columns[0]->loc = (struct rg_loc){"m.h", 7, 3};
		if (m->tables[m->ntables - 1]->nfks)
			m->tables[m->ntables - 1]->fks[0]->loc = (struct rg_loc){"m.h", 7, 3};
		struct rg_oplist l;
		struct rg_error err;
		rg_oplist_init(&l);
		CHECK(rg_diff(&l, empty, m, &rename_compare, NULL, &err) < 0);
		CHECK_CONTAINS(err.msg, "m.h:7:3: ");
		CHECK_CONTAINS(err.msg, refused[i].what);
		CHECK_CONTAINS(err.msg, "the configured database has no such thing");
		rg_oplist_free(&l);
		rg_schema_free(empty);
		rg_schema_free(m);
	}
#undef P
}

/* Issue 20's index forms on PostgreSQL: what the catalog leaves unsaid
 * (NULLS where the order puts them, the type's default operator class,
 * the column's collation) is no difference from a model that says it,
 * and a change of any form is a new index. */
static void test_index_options(void)
{
	const struct rg_compare *d = &rg_compare_postgresql;
	const char *recreate = "drop_index t.i; create_index t.i";
#define T "table t; col a text; col b integer; col c varchar(20) coll C; col j jsonb; "
	/* no false positives */
	static const char *const same[][2] = {
		{"ix i a~DESC", "ix =i a~DESC~NULLS~FIRST"},
		{"ix i a", "ix =i a~NULLS~LAST"},
		{"ix i a", "ix =i a~OPCLASS~\"text_ops\""},
		{"ix i b", "ix =i b~OPCLASS~\"int4_ops\""},
		{"ix i c using hash", "ix =i c~OPCLASS~\"text_ops\" using hash"},
		{"ix i b using brin", "ix =i b~OPCLASS~\"int4_minmax_ops\" using brin"},
		{"ix i j using gin", "ix =i j~OPCLASS~\"jsonb_ops\" using gin"},
		{"ix i c", "ix =i c~COLLATE~\"C\""},
		{"ix i a", "ix =i a~COLLATE~\"default\""},
		{"ix i (lower(a))~OPCLASS~\"text_pattern_ops\"~DESC",
		 "ix =i (LOWER(a))~OPCLASS~\"text_pattern_ops\"~DESC~NULLS~FIRST"},
		{"ix i a include b,c", "ix =i a include b,c"},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(same); i++) {
		char from[512], to[512];
		snprintf(from, sizeof(from), T "%s", same[i][0]);
		snprintf(to, sizeof(to), T "%s", same[i][1]);
		check_diff(from, to, d, "", "");
	}
	/* every form compared */
	static const char *const changed[][2] = {
		{"ix i a", "ix =i a~NULLS~FIRST"},
		{"ix i a~DESC", "ix =i a~DESC~NULLS~LAST"},
		{"ix i a", "ix =i a~OPCLASS~\"text_pattern_ops\""},
		{"ix i j using gin", "ix =i j~OPCLASS~\"jsonb_path_ops\" using gin"},
		{"ix i b using brin", "ix =i b~OPCLASS~\"int4_minmax_multi_ops\" using brin"},
		{"ix i a", "ix =i a using hash"},
		{"ix i a using gist", "ix =i a using gin"},
		{"ix i a", "ix =i a~COLLATE~\"C\""},
		{"ix i c", "ix =i c~COLLATE~\"POSIX\""},
		{"ix i a include b", "ix =i a"},
		{"ix i a include b", "ix =i a include c"},
		{"ix i a include b,c", "ix =i a include c,b"},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(changed); i++) {
		char from[512], to[512];
		snprintf(from, sizeof(from), T "%s", changed[i][0]);
		snprintf(to, sizeof(to), T "%s", changed[i][1]);
		check_diff(from, to, d, recreate, recreate);
	}
	/* an INCLUDE column renamed along with its column */
	check_diff("table t; col a text; col b integer; ix i a include b",
		   "table t; col a text; col c integer from b; ix =i a include c", d,
		   "rename_column t.c", "rename_column t.b");
	/* SQLite: a collation's name without case, and the column's own */
	check_diff("table t; col a TEXT; ix i a~COLLATE~\"NOCASE\"",
		   "table t; col a TEXT; ix =i a~COLLATE~\"nocase\"", &rg_compare_sqlite, "", "");
	check_diff("table t; col a TEXT coll NOCASE; ix i a",
		   "table t; col a TEXT coll nocase; ix =i a~COLLATE~\"NOCASE\"", &rg_compare_sqlite, "", "");
	check_diff("table t; col a TEXT; ix i a~COLLATE~\"BINARY\"",
		   "table t; col a TEXT; ix =i a~COLLATE~\"RTRIM\"", &rg_compare_sqlite, recreate, recreate);
	/* a unique index with INCLUDE is not the unique constraint */
	check_diff("table t; col a text; col b integer; ix i a unique include b",
		   "table t; col a text; col b integer; uq =i a", d,
		   "drop_index t.i; add_unique t.i", "drop_unique t.i; create_index t.i");
#undef T
	/* each form on a database without it refused at file:line */
	static const struct {
		const char *ix, *what;
		const struct rg_compare *d;
	} refused[] = {
		{"ix =i a~NULLS~FIRST", "a NULLS FIRST/LAST key part in the index i", &rg_compare_sqlite},
		{"ix =i a~OPCLASS~\"text_ops\"", "an operator class in the index i", &rg_compare_sqlite},
		{"ix =i a using gin", "USING gin in the index i on table t", &rg_compare_sqlite},
		{"ix =i a using hash", "USING hash in the index i on table t", &rg_compare_mysql},
		{"ix =i a include b", "an INCLUDE (...) index i on table t", &rg_compare_mysql},
		{"ix =i a~COLLATE~\"C\"", "a COLLATE key part in the index i", &rg_compare_mysql},
		{"ix =i a(10)", "a prefix key part, col(n), in the index i", &rg_compare_postgresql},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(refused); i++) {
		char text[256], want[256];
		snprintf(text, sizeof(text), "table t; col a TEXT; col b INTEGER; %s", refused[i].ix);
		struct rg_schema *from = build(""), *to = build(text);
		to->tables[0]->indexes[0]->loc = (struct rg_loc){"m.h", 4, 2};
		struct rg_oplist ops;
		struct rg_error err = {{0}};
		rg_oplist_init(&ops);
		CHECK(rg_diff(&ops, from, to, refused[i].d, NULL, &err) == -1);
		snprintf(want, sizeof(want), "m.h:4:2: %s", refused[i].what);
		CHECK_CONTAINS(err.msg, want);
		rg_oplist_free(&ops);
		rg_schema_free(from);
		rg_schema_free(to);
	}
}

/* Key parts: expressions in canonical form, DESC compared, columns
 * through renames; indexes no model can declare left alone. */
static void test_index_forms(void)
{
	const struct rg_compare *d = &rename_compare;
	check_diff("table t; col a INTEGER; col b INTEGER; ix i a,b~DESC",
		   "table t; col a INTEGER; col b INTEGER; ix =i a,b", d,
		   "drop_index t.i; create_index t.i", "drop_index t.i; create_index t.i");
	check_diff("table t; col a INTEGER; col b INTEGER; ix i a,b~DESC",
		   "table t; col a INTEGER; col b INTEGER; ix =i a,b~DESC", d, "", "");
	/* the server's spelling of an expression is not a change */
	check_diff("table t; col a TEXT; ix i (LOWER(a))~DESC where A~IS~NULL",
		   "table t; col a TEXT; ix =i (lower(a))~DESC where a~is~null", d, "", "");
	check_diff("table t; col a TEXT; ix i (lower(a))",
		   "table t; col a TEXT; ix =i (upper(a))", d,
		   "drop_index t.i; create_index t.i", "drop_index t.i; create_index t.i");
	/* an expression is not its column, nor a DESC index a constraint */
	check_diff("table t; col a TEXT; ix i (a)", "table t; col a TEXT; ix =i a", d,
		   "drop_index t.i; create_index t.i", "drop_index t.i; create_index t.i");
	check_diff("table t; col a INTEGER; ix i a~DESC unique",
		   "table t; col a INTEGER; uq =uq_t_a a", d,
		   "drop_index t.i; add_unique t.uq_t_a", "drop_unique t.uq_t_a; create_index t.i");
	/* a renamed column carries its key part along */
	check_diff("table t; col a INTEGER; ix i a~DESC",
		   "table t; col b INTEGER from a; ix =i b~DESC", d,
		   "rename_column t.b", "rename_column t.a");
	/* never dropped, renamed or compared; a model index of its name is it */
	check_diff("table t; col a TEXT; ix g a opaque access~method~gin",
		   "table t; col a TEXT", d, "", "");
	check_diff("table t; col a TEXT; ix g a opaque access~method~gin",
		   "table t; col a TEXT; ix =g (lower(a))", d, "", "");
	check_diff("table t; col a TEXT; ix g a unique opaque INCLUDE~columns",
		   "table t; col a TEXT; uq =uq_t_a a", d, "add_unique t.uq_t_a",
		   "drop_unique t.uq_t_a");
	/* a dropped table's: no SQL would make it again as it was */
	check_diff("table t; col a TEXT; ix g a opaque access~method~gin; ix i a", "", d,
		   "drop_index t.i; drop_table t!", "create_table t; create_index t.i");

	/* a form the database lacks is refused, naming where it is written */
	struct rg_schema *from = build(""), *to = build(
		"table t; col a TEXT; ix =i a where a~>~''; "
		"table u; col a TEXT; ix =j (lower(a)); table v; col a TEXT; ix =k a~DESC");
	to->tables[0]->indexes[0]->loc = (struct rg_loc){"m.h", 3, 8};
	to->tables[1]->indexes[0]->loc = (struct rg_loc){"m.h", 7, 8};
	struct rg_oplist ops;
	struct rg_error err = {{0}};
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, from, to, &rg_compare_mysql, NULL, &err) == -1);
	CHECK(strstr(err.msg, "m.h:3:8: a partial (WHERE) index i on table t") != NULL);
	rg_oplist_free(&ops);
	to->tables[0]->indexes[0]->where = NULL;
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, from, to, &rg_compare_mysql, NULL, &err) == -1);
	CHECK(strstr(err.msg, "m.h:7:8: an expression key part in the index j on table u") != NULL);
	rg_oplist_free(&ops);
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, from, to, &rg_compare_postgresql, NULL, &err) == 0);
	rg_oplist_free(&ops);
	rg_schema_free(from);
	rg_schema_free(to);
}

/* PostgreSQL's serial columns (col ... serial: as the catalog reads one)
 * against RG_TYPE(serial) and RG_AUTOINCREMENT; MariaDB's column-level
 * checks (ck ... col c) against a model's. */
static void test_serial_and_column_checks(void)
{
	const struct rg_compare *pg = &rg_compare_postgresql, *my = &rg_compare_mysql;
	const char *db = "table t; col id integer nn serial; col n INTEGER";
	check_diff(db, "table t; col id serial nn; col n INTEGER", pg, "", "");
	check_diff(db, "table t; col id SERIAL4 nn; col n INTEGER", pg, "", "");
	check_diff(db, "table t; col id bigserial nn; col n INTEGER", pg, "alter_column t.id",
		   "alter_column t.id!");
	check_diff(db, "table t; col id INTEGER nn ai; col n INTEGER", pg, "alter_column t.id",
		   "alter_column t.id");
	check_diff(db, "table t; col id INTEGER nn; col n INTEGER", pg, "alter_column t.id",
		   "alter_column t.id");
	/* a serial type is PostgreSQL's */
	struct rg_schema *from = rg_schema_new(), *to = build("table t; col id bigserial nn");
	to->tables[0]->columns[0]->loc = (struct rg_loc){"models/t.h", 3, 5};
	struct rg_oplist ops;
	struct rg_error err = {{0}};
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, from, to, my, NULL, &err) < 0);
	CHECK_CONTAINS(err.msg, "models/t.h:3:5: RG_TYPE(bigserial) on t.id: serial types are "
		       "PostgreSQL's");
	CHECK(rg_diff(&ops, from, to, &rg_compare_sqlite, NULL, &err) < 0);
	rg_oplist_free(&ops);
	rg_schema_free(from);
	rg_schema_free(to);

	db = "table t; col a INTEGER; col b INTEGER; ck a a~>~0 col a";
	check_diff(db, "table t; col a INTEGER; col b INTEGER; ck ck_t_1 a~>~0 col a", my, "", "");
	/* a table constraint of the models, or the check on another column */
	check_diff(db, "table t; col a INTEGER; col b INTEGER; ck =a_pos a~>~0", my,
		   "drop_check t.a; add_check t.a_pos", "drop_check t.a_pos; add_check t.a");
	check_diff(db, "table t; col a INTEGER; col b INTEGER; ck ck_t_1 a~>~0 col b", my,
		   "drop_check t.a; add_check t.ck_t_1", "drop_check t.ck_t_1; add_check t.a");
	/* the database's table constraint is the model's column check */
	check_diff("table t; col a INTEGER; ck CONSTRAINT_1 a~>~0",
		   "table t; col a INTEGER; ck ck_t_1 a~>~0 col a", my, "", "");
}

/* A model's RG_AUTOINCREMENT where the database would not number the
 * column is refused at its line: SQLite numbers only the whole primary
 * key, MySQL one column that begins a key (issue 19, finding 5). */
static void autoinc_model(const char *model, const struct rg_compare *d, const char *want)
{
	struct rg_schema *from = rg_schema_new(), *to = build(model);
	struct rg_column *id = rg_table_find_column(to->tables[0], "id");
	id->loc = (struct rg_loc){"models/t.h", 4, 2};
	struct rg_oplist ops;
	struct rg_error err = {{0}};
	rg_oplist_init(&ops);
	if (want) {
		CHECK(rg_diff(&ops, from, to, d, NULL, &err) < 0);
		CHECK_CONTAINS(err.msg, want);
	} else if (rg_diff(&ops, from, to, d, NULL, &err) < 0) {
		fprintf(stderr, "%s: %s\n", model, err.msg);
		CHECK(0);
	}
	rg_oplist_free(&ops);
	rg_schema_free(from);
	rg_schema_free(to);
}

static void test_autoinc_models(void)
{
	const struct rg_compare *pg = &rg_compare_postgresql, *my = &rg_compare_mysql,
				*lite = &rg_compare_sqlite;
	const char *whole = "table t; col id INTEGER nn ai; col k INTEGER nn; pk pk_t id";
	const char *first = "table t; col id INTEGER nn ai; col k INTEGER nn; pk pk_t id,k";
	const char *second = "table t; col id INTEGER nn ai; col k INTEGER nn; pk pk_t k,id";
	for (int i = 0; i < 3; i++) {
		const struct rg_compare *d = i == 0 ? pg : i == 1 ? my : lite;
		autoinc_model(whole, d, NULL);
		autoinc_model(first, d, d == lite ? "models/t.h:4:2: RG_AUTOINCREMENT on t.id: "
				 "SQLite numbers only a column that is the whole primary key" : NULL);
		autoinc_model(second, d, d == pg ? NULL : d == my ? "models/t.h:4:2: "
				 "RG_AUTOINCREMENT on t.id: MySQL numbers only a column that begins a key"
				 : "SQLite numbers only");
	}
	/* MySQL: an index of its own is a key too; a second numbered column is not */
	autoinc_model("table t; col id INTEGER nn ai; col k INTEGER nn; pk pk_t k,id; "
		      "ix ix_t_id id", my, NULL);
	autoinc_model("table t; col id INTEGER nn ai; col k INTEGER nn ai; pk pk_t k,id",
		      my, "MySQL numbers only one column of a table");
}

/* MySQL's index for a foreign key (rg_fk.index) is the models' index of
 * exactly its columns, by any name, while the key is kept (issue 19,
 * finding 9); a key re-pointed takes it along, and the declared index is
 * made before the new key. */
static void test_implicit_fk_index(void)
{
	const char *fk = "table a; col id INTEGER; table e; col id INTEGER; "
			 "table p; col a_id INTEGER; col x INTEGER; ";
	char from[512], to[512];
	/* the column-named index of an unnamed key, declared by that name or
	 * another; the key-named one after a re-point by hand */
	snprintf(from, sizeof(from), "%sfk p_ibfk_1 a_id a id idx a_id", fk);
	snprintf(to, sizeof(to), "%sfk fk_p a_id a id; ix =a_id a_id", fk);
	check_diff(from, to, &test_compare, "", "");
	snprintf(to, sizeof(to), "%sfk fk_p a_id a id; ix ix_p_a_id a_id", fk);
	check_diff(from, to, &test_compare, "", "");
	snprintf(from, sizeof(from), "%sfk fk_p a_id a id idx fk_p", fk);
	snprintf(to, sizeof(to), "%sfk fk_p a_id a id; ix =a_id a_id", fk);
	check_diff(from, to, &test_compare, "", "");
	/* only one declared index is it; a unique one, a partial one and one
	 * of more columns are others */
	snprintf(to, sizeof(to), "%sfk fk_p a_id a id; ix =ix_1 a_id; ix =ix_2 a_id; "
		 "ix ix_u a_id unique; ix ix_w a_id where a_id~>~0; ix ix_ax a_id,x", fk);
	check_diff(from, to, &test_compare,
		   "create_index p.ix_2; create_index p.ix_ax; create_index p.ix_u; "
		   "create_index p.ix_w",
		   "drop_index p.ix_w; drop_index p.ix_u; drop_index p.ix_ax; drop_index p.ix_2");
	/* an index the database has by the declared name is that one */
	snprintf(from, sizeof(from), "%sfk fk_p a_id a id idx fk_p; ix ix_a a_id", fk);
	snprintf(to, sizeof(to), "%sfk fk_p a_id a id; ix ix_a a_id", fk);
	check_diff(from, to, &test_compare, "", "");
	/* re-pointed: the key's index goes with it, the declared one is made
	 * before the new key */
	snprintf(from, sizeof(from), "%sfk p_ibfk_1 a_id a id idx a_id", fk);
	snprintf(to, sizeof(to), "%sfk fk_p_e a_id e id; ix =a_id a_id", fk);
	check_diff(from, to, &test_compare,
		   "drop_foreign_key p.p_ibfk_1; create_index p.a_id; add_foreign_key p.fk_p_e",
		   "drop_foreign_key p.fk_p_e; drop_index p.a_id; add_foreign_key p.p_ibfk_1");
	/* the key gone, the declared index stays: it is made */
	snprintf(to, sizeof(to), "%six =a_id a_id", fk);
	check_diff(from, to, &test_compare, "drop_foreign_key p.p_ibfk_1; create_index p.a_id",
		   "drop_index p.a_id; add_foreign_key p.p_ibfk_1");
}

/*
 * Names as the database compares them (issue 19, findings 6 and 7):
 * where it takes two spellings for one name, a difference of case alone
 * is the same object, renamed where the database keeps the case, nothing
 * where it folds it; never an add and a drop.  Exact names (PostgreSQL's)
 * stay two objects.
 */
static void test_case_names(void)
{
	static const struct rg_compare any_case = {
		.caps = RG_CAP_RENAME_INDEX | RG_CAP_RENAME_CONSTRAINT | INDEX_FORMS,
		.table_names = RG_NAMES_ANY_CASE, .column_names = RG_NAMES_ANY_CASE,
		.index_names = RG_NAMES_ANY_CASE, .constraint_names = RG_NAMES_ANY_CASE,
		.render_type = t_type, .canon_type = t_canon, .canon_default = t_canon,
		.canon_expr = t_canon,
	};
	static const struct rg_compare lower_tables = {
		.caps = RG_CAP_RENAME_INDEX | INDEX_FORMS,
		.table_names = RG_NAMES_LOWER, .column_names = RG_NAMES_ANY_CASE,
		.index_names = RG_NAMES_ANY_CASE, .constraint_names = RG_NAMES_ANY_CASE,
		.render_type = t_type, .canon_type = t_canon, .canon_default = t_canon,
		.canon_expr = t_canon,
	};
	CHECK(rg_name_same(RG_NAMES_ANY_CASE, "Users_1", "uSERS_1"));
	CHECK(!rg_name_same(RG_NAMES_EXACT, "Users", "users"));
	CHECK(!rg_name_same(RG_NAMES_ANY_CASE, "users", "users_"));
	CHECK(rg_name_cmp(RG_NAMES_LOWER, "B", "a") > 0 && strcmp("B", "a") < 0);
	/* the dialects' rules */
	CHECK(rg_compare_sqlite.table_names == RG_NAMES_ANY_CASE &&
	      rg_compare_sqlite.column_names == RG_NAMES_ANY_CASE &&
	      rg_compare_sqlite.index_names == RG_NAMES_ANY_CASE);
	CHECK(rg_compare_mysql.table_names == RG_NAMES_EXACT &&
	      rg_compare_mysql_lower_tables.table_names == RG_NAMES_LOWER &&
	      rg_compare_mysql.column_names == RG_NAMES_ANY_CASE &&
	      rg_compare_mysql.constraint_names == RG_NAMES_ANY_CASE);
	CHECK(rg_compare_postgresql.table_names == RG_NAMES_EXACT &&
	      rg_compare_postgresql.column_names == RG_NAMES_EXACT &&
	      rg_compare_postgresql.index_names == RG_NAMES_EXACT);

	/* finding 7: the table USERS, its column and index, under other case */
	check_diff("table USERS; col id INTEGER nn; col Name TEXT; ix IX_NAME Name",
		   "table users; col id INTEGER nn; col name TEXT; col email TEXT; ix =ix_name name",
		   &any_case,
		   "rename_index users.ix_name; rename_table users; rename_column users.name; "
		   "add_column users.email",
		   "drop_column USERS.email!; rename_column USERS.Name; rename_table USERS; "
		   "rename_index USERS.IX_NAME");
	/* finding 6: a column under other case, and the same where names are
	 * exact (PostgreSQL's "Name" and name: two columns) */
	check_diff("table t; col Name TEXT", "table t; col name TEXT", &any_case,
		   "rename_column t.name", "rename_column t.Name");
	check_diff("table t; col Name TEXT", "table t; col name TEXT", &test_compare,
		   "add_column t.name; drop_column t.Name!", "add_column t.Name; drop_column t.name!");
	check_diff("table t; col Name TEXT; col name TEXT", "table t; col Name TEXT; col name TEXT",
		   &test_compare, "", "");
	/* a column renamed (RG_RENAMED_FROM) by its old name under other
	 * case; keys follow the columns whatever their case */
	check_diff("table t; col Title TEXT; col b INTEGER; uq uq_t_b B; ix ix_t_t title",
		   "table t; col name TEXT from title; col B INTEGER; uq uq_t_b b; ix ix_t_t name",
		   &any_case, "rename_column t.name; rename_column t.B", "rename_column t.b; rename_column t.Title");
	/* tables the server keeps in lower case (lower_case_table_names 1):
	 * no rename to make; a reference under other case is the table */
	check_diff("table users; col id INTEGER nn; pk - id; table posts; col uid INTEGER; "
		   "fk fk_p uid users id",
		   "table Users; col id INTEGER nn; pk - id; table Posts; col uid INTEGER; "
		   "fk fk_p uid USERS ID", &lower_tables, "", "");
	/* ... and where the case is kept: renamed, the reference is the same */
	check_diff("table users; col id INTEGER nn; pk - id; table posts; col uid INTEGER; "
		   "fk - uid Users ID",
		   "table users; col id INTEGER nn; pk - id; table posts; col uid INTEGER; "
		   "fk - uid users id", &any_case, "", "");
	/* a constraint whose name changes in case alone is renamed */
	check_diff("table t; col a INTEGER; ck CK_A a~>~0; fk FK_A a t a",
		   "table t; col a INTEGER; ck =ck_a a~>~0; fk =fk_a a t a", &any_case,
		   "rename_constraint t.fk_a; rename_constraint t.ck_a",
		   "rename_constraint t.CK_A; rename_constraint t.FK_A");
	/* an index kept under a name an added one takes, as the database
	 * compares names, is renamed first (else: a duplicate key name) */
	check_diff("table t; col a INTEGER; col b INTEGER; ix IX_A a",
		   "table t; col a INTEGER; col b INTEGER; ix ix_t_a a; ix =ix_a b", &any_case,
		   "rename_index t.ix_t_a; create_index t.ix_a", "drop_index t.ix_a; rename_index t.IX_A");
	check_diff("table t; col a INTEGER; col b INTEGER; ix IX_A a",
		   "table t; col a INTEGER; col b INTEGER; ix ix_t_a a; ix =ix_a b", &test_compare,
		   "create_index t.ix_a", "drop_index t.ix_a");

	/* two tables MySQL (lower_case_table_names 0) keeps apart, and one
	 * name twice where the database folds case */
	struct rg_schema *two = build("table a; col id INTEGER; table A; col id INTEGER");
	struct rg_oplist ops;
	struct rg_error err;
	diff_ok(&ops, two, two, &rg_compare_mysql, NULL);
	CHECK(ops.n == 0);
	rg_oplist_free(&ops);
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, two, two, &any_case, NULL, &err) < 0);
	CHECK_CONTAINS(err.msg, "database schema: two tables named ");
	rg_oplist_free(&ops);
	rg_schema_free(two);
}

/* Generated columns (issue 20): the expression compared as the database
 * prints it, the kind, plain <-> generated; what is computed is no data a
 * drop loses, and a column made generated has its values replaced. */
static void test_generated(void)
{
	const struct rg_compare *pg = &rg_compare_postgresql, *my = &rg_compare_mysql,
				*lite = &rg_compare_sqlite;
	const char *db = "table t; col a integer nn; col b integer gen (a~*~2)";
	check_diff(db, "table t; col a INTEGER nn; col b INTEGER gen a*2", pg, "", "");
	check_diff(db, "table t; col a INTEGER nn; col b INTEGER gen a*3", pg,
		   "alter_column t.b", "alter_column t.b");
	/* a plain column made generated loses what it held; back, nothing */
	check_diff(db, "table t; col a INTEGER nn; col b INTEGER", pg,
		   "alter_column t.b", "alter_column t.b!");
	check_diff(db, "table t; col a INTEGER nn; col b INTEGER default 0", pg,
		   "alter_column t.b", "alter_column t.b!");
	check_diff(db, "table t; col a INTEGER nn", pg, "drop_column t.b", "add_column t.b");
	/* NOT NULL without a default is no risk to a computed column */
	check_diff("table t; col a INTEGER nn", "table t; col a INTEGER nn; col b INTEGER nn gen a", lite,
		   "add_column t.b", "drop_column t.b");
	/* the kind is compared */
	check_diff("table t; col a INTEGER; col b INTEGER gen a", "table t; col a INTEGER; col b INTEGER virt a",
		   lite, "alter_column t.b", "alter_column t.b");
	/* MariaDB's generated columns take no NOT NULL: not compared there */
	check_diff("table t; col a int(11); col b int(11) gen `a`~*~2",
		   "table t; col a INTEGER; col b INTEGER nn gen a*2", my, "", "");
	check_diff("table t; col a integer; col b integer gen a",
		   "table t; col a INTEGER; col b INTEGER nn gen a", pg,
		   "alter_column t.b?", "alter_column t.b");

	struct rg_oplist ops;
	struct rg_schema *from = build(db), *to = build("table t; col a INTEGER nn; col b INTEGER gen a*3");
	diff_ok(&ops, from, to, pg, NULL);
	CHECK(ops.n == 1 && ops.ops[0].alter == RG_ALTER_GENERATED);
	rg_oplist_free(&ops);
	rg_schema_free(to);
	/* VIRTUAL is refused where there is none, at its file:line */
	to = build("table t; col a INTEGER nn; col b INTEGER virt a*2");
	to->tables[0]->columns[1]->loc = (struct rg_loc){"models/t.h", 4, 2};
	struct rg_error err = {{0}};
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, from, to, pg, NULL, &err) < 0);
	CHECK_CONTAINS(err.msg, "models/t.h:4:2: RG_GENERATED_VIRTUAL on t.b: this database has "
		       "STORED generated columns only");
	CHECK(rg_diff(&ops, from, to, my, NULL, &err) == 0);
	rg_oplist_free(&ops);
	rg_schema_free(from);
	rg_schema_free(to);
}

/* ---- table options ---- */

/* The ops of from -> to where each side's table t has the options given. */
static size_t options_ops(const struct rg_compare *d, const struct rg_table *fo,
			  const struct rg_table *to_opts)
{
	struct rg_schema *from = build("table t; col a INTEGER nn; pk pk_t a");
	struct rg_schema *to = build("table t; col a INTEGER nn; pk pk_t a");
	struct rg_table *f = from->tables[0], *t = to->tables[0];
	f->engine = fo->engine, f->row_format = fo->row_format, f->unlogged = fo->unlogged;
	f->without_rowid = fo->without_rowid, f->strict = fo->strict;
	t->engine = to_opts->engine, t->row_format = to_opts->row_format;
	t->unlogged = to_opts->unlogged, t->without_rowid = to_opts->without_rowid;
	t->strict = to_opts->strict;
	struct rg_oplist ops;
	diff_ok(&ops, from, to, d, NULL);
	size_t n = ops.n;
	CHECK(n == 0 || (n == 1 && ops.ops[0].kind == RG_OP_TABLE_OPTIONS));
	rg_oplist_free(&ops);
	rg_schema_free(from);
	rg_schema_free(to);
	return n;
}

static void test_table_options(void)
{
	const struct rg_compare *my = &rg_compare_mysql, *pg = &rg_compare_postgresql,
				*lite = &rg_compare_sqlite;
	struct rg_table db = {.engine = "InnoDB", .row_format = "DYNAMIC"}, model = {0};
	/* an ENGINE or ROW_FORMAT the model leaves out is the table's own */
	CHECK(options_ops(my, &db, &model) == 0);
	model.engine = "innodb";
	CHECK(options_ops(my, &db, &model) == 0);
	model.row_format = "COMPRESSED";
	CHECK(options_ops(my, &db, &model) == 1);
	model.row_format = NULL;
	model.engine = "MyISAM";
	CHECK(options_ops(my, &db, &model) == 1);
	/* the flags are what the table is, said or not */
	struct rg_table plain = {0}, unlogged = {.unlogged = true};
	CHECK(options_ops(pg, &plain, &plain) == 0);
	CHECK(options_ops(pg, &unlogged, &plain) == 1);
	CHECK(options_ops(pg, &plain, &unlogged) == 1);
	struct rg_table kv = {.without_rowid = true, .strict = true}, strict = {.strict = true};
	CHECK(options_ops(lite, &kv, &kv) == 0);
	CHECK(options_ops(lite, &kv, &strict) == 1);

	/* each on a database without it is refused at its file:line */
	struct rg_schema *s = build("table t; col a INTEGER nn; pk pk_t a");
	s->tables[0]->loc = (struct rg_loc){"models/t.h", 3, 1};
	s->tables[0]->unlogged = true;
	struct rg_error err = {{0}};
	CHECK(rg_compare_check_models(my, s, &err) < 0);
	CHECK_CONTAINS(err.msg, "models/t.h:3:1: RG_UNLOGGED on table t");
	CHECK(rg_compare_check_models(pg, s, &err) == 0);
	s->tables[0]->unlogged = false;
	s->tables[0]->engine = "MyISAM";
	CHECK(rg_compare_check_models(lite, s, &err) < 0);
	CHECK_CONTAINS(err.msg, "models/t.h:3:1: RG_ENGINE on table t");
	rg_schema_free(s);

	/* PostgreSQL: a logged table's key may not reference an unlogged one */
	s = build("table p; col id INTEGER nn; pk pk_p id; "
		  "table c; col p_id INTEGER; fk fk_c p_id p id");
	rg_schema_find_table(s, "p")->unlogged = true;
	rg_schema_find_table(s, "c")->fks[0]->loc = (struct rg_loc){"models/c.h", 7, 2};
	CHECK(rg_compare_check_models(pg, s, &err) < 0);
	CHECK_CONTAINS(err.msg, "models/c.h:7:2: foreign key fk_c of table c references p, which is RG_UNLOGGED");
	rg_schema_find_table(s, "c")->unlogged = true;
	CHECK(rg_compare_check_models(pg, s, &err) == 0);
	rg_schema_free(s);
}

/* ---- domains (PostgreSQL) ---- */

static void test_domains(void)
{
	const struct rg_compare *pg = &rg_compare_postgresql;
	struct rg_schema *db = build("table u; col e email_t");
	struct rg_domain *dm = rg_schema_add_domain(db, "email_t");
	dm->type = "text";
	names(db, &dm->checks, &dm->nchecks, "(VALUE ~ '@'::text)");
	size_t n = 0;
	names(db, &dm->check_names, &n, "email_t_check");
	rg_schema_add_domain(db, "unused_t")->type = "integer";
	struct rg_schema *m = build("table u; col e email_t");
	dm = rg_schema_add_domain(m, "email_t");
	dm->type = "TEXT";
	names(m, &dm->checks, &dm->nchecks, "VALUE ~ '@'");
	n = 0;
	names(m, &dm->check_names, &n, "email_t_check");
	struct rg_oplist ops;
	/* the catalog's print of the check is the model's; an unused domain
	 * no model declares is dropped, after the tables */
	diff_ok(&ops, db, m, pg, NULL);
	CHECK(ops.n == 1 && ops.ops[0].kind == RG_OP_DROP_DOMAIN);
	rg_oplist_free(&ops);
	/* a domain a model column is of stays, declared or not */
	rg_schema_find_table(m, "u")->columns[0]->type = "unused_t";
	diff_ok(&ops, db, m, pg, NULL);
	CHECK(ops.n == 1 && ops.ops[0].kind == RG_OP_ALTER_COLUMN);
	rg_oplist_free(&ops);
	rg_schema_find_table(m, "u")->columns[0]->type = "email_t";
	/* NOT NULL added: an ALTER, with its warning */
	dm->not_null = true;
	rg_schema_add_domain(m, "unused_t")->type = "integer";
	diff_ok(&ops, db, m, pg, NULL);
	CHECK(ops.n == 1 && ops.ops[0].kind == RG_OP_ALTER_DOMAIN && ops.ops[0].warning);
	rg_oplist_free(&ops);
	/* another base type: refused at the model's line */
	dm->type = "varchar(10)";
	dm->loc = (struct rg_loc){"models/d.h", 3, 1};
	struct rg_error err = {{0}};
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, db, m, pg, NULL, &err) < 0);
	CHECK_CONTAINS(err.msg, "models/d.h:3: domain email_t: its base type varchar(10) is text");
	rg_oplist_free(&ops);
	/* elsewhere, an error */
	CHECK(rg_compare_check_models(&rg_compare_mysql, m, &err) < 0);
	CHECK_CONTAINS(err.msg, "RG_DOMAIN email_t: the configured database has no domains");
	rg_schema_free(db);
	rg_schema_free(m);
}

/* ---- standalone sequences ---- */

static size_t count_kind(const struct rg_oplist *ops, enum rg_op_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < ops->n; i++)
		n += ops->ops[i].kind == k;
	return n;
}

static void test_sequences(void)
{
	const struct rg_compare *pg = &rg_compare_postgresql, *my = &rg_compare_mysql;
	struct rg_schema *db = build("table t; col a bigint nn default nextval('kept'::regclass)");
	struct rg_sequence *q = rg_schema_add_sequence(db, "order_no");
	*q = (struct rg_sequence){"order_no", "bigint", "1000", "10", "1", "9223372036854775807", "1",
				  false, {NULL, 0, 0}};
	q = rg_schema_add_sequence(db, "kept");
	*q = (struct rg_sequence){"kept", "bigint", "1", "1", "1", "9223372036854775807", "1",
				  false, {NULL, 0, 0}};
	/* what a model leaves out is PostgreSQL's default: no change */
	struct rg_schema *m = build("table t; col a BIGINT nn default nextval('kept')");
	q = rg_schema_add_sequence(m, "order_no");
	q->type = "bigint", q->start = "1000", q->increment = "10";
	CHECK(pg->sequence_defaults(m->arena, q) == NULL);
	struct rg_oplist ops;
	diff_ok(&ops, db, m, pg, NULL);
	/* kept: no model declares it, but a default takes its numbers */
	CHECK(ops.n == 0);
	rg_oplist_free(&ops);
	q->cache = "20";
	diff_ok(&ops, db, m, pg, NULL);
	CHECK(ops.n == 1 && count_kind(&ops, RG_OP_ALTER_SEQUENCE) == 1);
	rg_oplist_free(&ops);
	/* not named by a default: dropped, after the tables, with a warning */
	m->tables[0]->columns[0]->default_expr = NULL;
	diff_ok(&ops, db, m, pg, NULL);
	CHECK(count_kind(&ops, RG_OP_DROP_SEQUENCE) == 1 && ops.ops[ops.n - 1].kind == RG_OP_DROP_SEQUENCE &&
	      ops.ops[ops.n - 1].destructive);
	rg_oplist_free(&ops);
	/* descending: min the type's, max -1, start the max */
	struct rg_sequence down = {.name = "d", .type = "smallint", .increment = "-1"};
	CHECK(pg->sequence_defaults(m->arena, &down) == NULL);
	CHECK_STR(down.min, "-32768");
	CHECK_STR(down.start, "-1");
	/* MariaDB's: BIGINT only, cache 1000, one short of the range */
	struct rg_sequence maria = {.name = "m", .type = "bigint"};
	CHECK(my->sequence_defaults(m->arena, &maria) == NULL);
	CHECK_STR(maria.max, "9223372036854775806");
	CHECK_STR(maria.cache, "1000");
	maria = (struct rg_sequence){.name = "m", .type = "integer"};
	CHECK(my->sequence_defaults(m->arena, &maria) != NULL);
	/* SQLite has none: refused at its file:line */
	struct rg_error err = {{0}};
	m->sequences[0]->loc = (struct rg_loc){"models/s.h", 3, 1};
	CHECK(rg_compare_check_models(&rg_compare_sqlite, m, &err) < 0);
	CHECK_CONTAINS(err.msg, "models/s.h:3:1: RG_SEQUENCE order_no: the configured database has no sequences");
	/* nor MySQL's own server (MariaDB has them) */
	CHECK(rg_compare_check_models(&rg_compare_oracle_mysql, m, &err) < 0);
	CHECK(rg_compare_check_models(&rg_compare_mysql, m, &err) == 0);
	rg_schema_free(db);
	rg_schema_free(m);
}

/* ---- enumerated types (PostgreSQL) ---- */

static struct rg_enum *mk_enum(struct rg_schema *s, const char *name, const char *labels)
{
	struct rg_enum *e = rg_schema_add_enum(s, name);
	names(s, &e->labels, &e->nlabels, labels);
	return e;
}

/* A table "film" with a column "mood": from a catalog (typed by name) or a
 * model (the C enum's generic ENUM), with a default or none. */
static void mk_film(struct rg_schema *s, bool model, const char *enum_name, const char *labels,
		    const char *def)
{
	struct rg_table *t = rg_schema_add_table(s, "film");
	struct rg_column *c = rg_table_add_column(s, t, "mood");
	c->type = model ? "ENUM" : enum_name;
	c->generic = model;
	c->default_expr = def;
	if (model) {
		c->enum_name = enum_name;
		names(s, &c->labels, &c->nlabels, labels);
	}
}

/* The upgrade and the downgrade as PostgreSQL's SQL. */
static void enum_sql(const struct rg_schema *from, const struct rg_schema *to, struct rg_buf *up,
		     struct rg_buf *down, struct rg_buf *kinds)
{
	const struct rg_dialect *d = rg_dialect_for_scheme("postgresql");
	struct rg_oplist ops, inv;
	struct rg_error err = {{0}};
	diff_ok(&ops, from, to, d->compare, NULL);
	rg_oplist_init(&inv);
	rg_oplist_invert(&inv, &ops, d->compare);
	for (size_t i = 0; i < ops.n; i++)
		rg_buf_addf(kinds, "%s%s %s%s", i ? "; " : "", rg_op_kind_name(ops.ops[i].kind),
			    ops.ops[i].table, ops.ops[i].destructive ? "!" : "");
	CHECK(d->render_ops(d, &ops, up, &err) == 0);
	CHECK(d->render_ops(d, &inv, down, &err) == 0);
	rg_oplist_free(&inv);
	rg_oplist_free(&ops);
}

static void test_enums(void)
{
	struct {
		const char *what, *db_labels, *model_labels, *model_default;
		bool add_only;
		const char *kinds, *up, *down;
	} cases[] = {
		{"a label added in the middle, in place; the downgrade remakes the type",
		 "SAD,OK", "SAD,MEH,OK", NULL, true, "alter_type mood",
		 "ALTER TYPE mood ADD VALUE 'MEH' AFTER 'SAD';",
		 "ALTER TYPE mood RENAME TO _revgen_old_mood;\nCREATE TYPE mood AS ENUM ('SAD', 'OK');"},
		{"labels added first, before the first one there",
		 "OK", "A,B,OK,C", NULL, true, "alter_type mood",
		 "ADD VALUE 'A' BEFORE 'OK';\nALTER TYPE mood ADD VALUE 'B' BEFORE 'OK';\n"
		 "ALTER TYPE mood ADD VALUE 'C' AFTER 'OK';", "USING mood::text::mood;"},
		{"a new label the model's default names: the type is remade",
		 "SAD,OK", "SAD,OK,MEH", "'MEH'", false, "alter_type mood; alter_column film",
		 "ALTER TABLE film ALTER COLUMN mood DROP DEFAULT, ALTER COLUMN mood TYPE mood "
		 "USING mood::text::mood, ALTER COLUMN mood SET DEFAULT 'MEH';\n"
		 "DROP TYPE _revgen_old_mood;", "DROP DEFAULT"},
		{"a label removed: destructive, remade with the database's columns",
		 "SAD,OK,it's", "SAD,OK", NULL, false, "alter_type mood!",
		 "CREATE TYPE mood AS ENUM ('SAD', 'OK');",
		 "ALTER TYPE mood ADD VALUE 'it''s' AFTER 'OK';"},
		{"reordered: remade", "SAD,OK", "OK,SAD", NULL, false, "alter_type mood",
		 "CREATE TYPE mood AS ENUM ('OK', 'SAD');", "CREATE TYPE mood AS ENUM ('SAD', 'OK');"},
		{"the same labels: nothing", "SAD,OK", "SAD,OK", "'OK'", false, "", "", ""},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(cases); i++) {
		struct rg_schema *db = rg_schema_new(), *models = rg_schema_new();
		mk_enum(db, "mood", cases[i].db_labels);
		mk_film(db, false, "mood", NULL, cases[i].model_default ? "'OK'::mood" : NULL);
		mk_film(models, true, "mood", cases[i].model_labels, cases[i].model_default);
		struct rg_error err = {{0}};
		CHECK(rg_compare_lower_models(&rg_compare_postgresql, models, &err) == 0);
		struct rg_buf up = RG_BUF_INIT, down = RG_BUF_INIT, kinds = RG_BUF_INIT;
		enum_sql(db, models, &up, &down, &kinds);
		if (strcmp(rg_buf_str(&kinds), cases[i].kinds) != 0)
			fprintf(stderr, "enums, %s:\n", cases[i].what);
		CHECK_STR(rg_buf_str(&kinds), cases[i].kinds);
		CHECK_CONTAINS(rg_buf_str(&up), cases[i].up);
		CHECK_CONTAINS(rg_buf_str(&down), cases[i].down);
		CHECK((strstr(rg_buf_str(&up), "ADD VALUE") != NULL) == cases[i].add_only);
		rg_buf_free(&up);
		rg_buf_free(&down);
		rg_buf_free(&kinds);
		rg_schema_free(db);
		rg_schema_free(models);
	}

	/* made before the tables, dropped after them; a type the database
	 * has that no column uses, or that a column's RG_TYPE names, stays */
	struct rg_schema *db = rg_schema_new(), *models = rg_schema_new();
	mk_enum(db, "book_format", "hardcover,paperback");
	mk_enum(db, "old", "a,b");
	mk_enum(db, "kept", "x");
	mk_film(db, false, "old", NULL, NULL);
	struct rg_table *t = rg_schema_add_table(db, "shelf");
	struct rg_column *c = rg_table_add_column(db, t, "k");
	c->type = "kept";
	mk_film(models, true, "Mood", "SAD,OK", NULL);
	t = rg_schema_add_table(models, "shelf");
	c = rg_table_add_column(models, t, "k");
	c->type = "kept";
	struct rg_error err = {{0}};
	CHECK(rg_compare_lower_models(&rg_compare_postgresql, models, &err) == 0);
	struct rg_buf up = RG_BUF_INIT, down = RG_BUF_INIT, kinds = RG_BUF_INIT;
	enum_sql(db, models, &up, &down, &kinds);
	CHECK_STR(rg_buf_str(&kinds), "create_type Mood; alter_column film!; drop_type old");
	CHECK_CONTAINS(rg_buf_str(&up), "CREATE TYPE \"Mood\" AS ENUM ('SAD', 'OK');");
	CHECK_CONTAINS(rg_buf_str(&up), "TYPE \"Mood\"");
	CHECK_CONTAINS(rg_buf_str(&down), "CREATE TYPE old AS ENUM ('a', 'b');");
	CHECK(strstr(rg_buf_str(&down), "CREATE TYPE old") < strstr(rg_buf_str(&down), "ALTER TABLE film"));
	CHECK(strstr(rg_buf_str(&up), "DROP TYPE old") > strstr(rg_buf_str(&up), "ALTER TABLE film"));
	rg_buf_free(&up);
	rg_buf_free(&down);
	rg_buf_free(&kinds);
	/* SQLite: the quotes revgen puts around a column in the CHECK of a C
	 * type are no difference from a hand-written check without them */
	struct rg_buf a = RG_BUF_INIT, b = RG_BUF_INIT;
	rg_compare_sqlite.canon_expr(&a, "\"mood\" IN ('a', 'it''s \"x\"') AND \"n\" >= 0");
	rg_compare_sqlite.canon_expr(&b, "mood IN ('a', 'it''s \"x\"') and N >= 0");
	CHECK_STR(rg_buf_str(&a), rg_buf_str(&b));
	rg_buf_reset(&a);
	rg_compare_sqlite.canon_expr(&a, "\"First Name\" <> ''");
	CHECK_CONTAINS(rg_buf_str(&a), "\"First Name\"");
	rg_buf_free(&a);
	rg_buf_free(&b);
	/* the table the type of another name would be, refused at the field */
	mk_enum(models, "x", "a");
	mk_film(models, true, "shelf", "a", NULL);
	models->tables[models->ntables - 1]->columns[0]->loc = (struct rg_loc){"m.h", 3, 5};
	CHECK(rg_compare_lower_models(&rg_compare_postgresql, models, &err) < 0);
	CHECK_CONTAINS(err.msg, "m.h:3:5: enum shelf has the name of a table");
	rg_schema_free(db);
	rg_schema_free(models);
}

/* ---- views (diff/views.h) ---- */

/* A view of s: its query and its columns, separated by spaces. */
static struct rg_table *add_view(struct rg_schema *s, const char *name, const char *query,
				 const char *cols)
{
	struct rg_table *v = rg_schema_add_view(s, name, query);
	v->loc = (struct rg_loc){"views.h", 7, 1};
	for (const char *p = cols; *p;) {
		size_t n = strcspn(p, " ");
		char *c = rg_xstrndup(p, n);
		rg_table_add_column(s, v, c)->type = "INTEGER";
		free(c);
		p += n + (p[n] == ' ');
	}
	rg_schema_sort(s);
	return v;
}

static void expect_ops(const struct rg_schema *from, const struct rg_schema *to,
		       const struct rg_compare *d, const struct rg_diff_opts *o,
		       const char *want, const char *want_inverse)
{
	struct rg_oplist ops, inv;
	diff_ok(&ops, from, to, d, o);
	char *got = describe(&ops);
	CHECK_STR(got, want);
	free(got);
	rg_oplist_init(&inv);
	rg_oplist_invert(&inv, &ops, d);
	got = describe(&inv);
	CHECK_STR(got, want_inverse);
	free(got);
	rg_oplist_free(&inv);
	rg_oplist_free(&ops);
}

static void test_views(void)
{
	/* a view of a view: made after the view it reads, whatever the
	 * names say, and after the table; dropped the other way round */
	struct rg_schema *none = build("");
	struct rg_schema *m1 = build("table users; col id INTEGER; col active INTEGER");
	add_view(m1, "z_base", "SELECT id FROM users WHERE active", "id");
	add_view(m1, "a_top", "SELECT count(*) AS n FROM z_base", "n");
	expect_ops(none, m1, &test_compare, NULL,
		   "create_table users; create_view z_base; create_view a_top",
		   "drop_view a_top; drop_view z_base; drop_table users!");

	/* the same query as the server would keep it (other blanks and case
	 * outside quotes): nothing to do */
	struct rg_schema *db = build("table users; col id INTEGER; col active INTEGER");
	add_view(db, "z_base", "select id\n  from users\n where active", "id");
	add_view(db, "a_top", "SELECT count(*) AS n FROM z_base", "n");
	expect_ops(db, m1, &test_compare, NULL, "", "");

	/* a changed query with a column added under it: where a view cannot
	 * be replaced in place it goes before the table change and comes back
	 * after it, and so does the view that reads it */
	struct rg_schema *m2 = build("table users; col id INTEGER; col active INTEGER; col name TEXT");
	add_view(m2, "z_base", "SELECT id, name FROM users WHERE active", "id name");
	add_view(m2, "a_top", "SELECT count(*) AS n FROM z_base", "n");
	expect_ops(db, m2, &test_compare, NULL,
		   "drop_view a_top; drop_view z_base; add_column users.name; "
		   "create_view z_base; create_view a_top",
		   "drop_view a_top; drop_view z_base; drop_column users.name!; "
		   "create_view z_base; create_view a_top");
	/* where CREATE OR REPLACE takes any query (MySQL): in place, last */
	struct rg_compare replace = test_compare;
	replace.caps |= RG_CAP_REPLACE_VIEW;
	expect_ops(db, m2, &replace, NULL,
		   "add_column users.name; replace_view z_base",
		   "replace_view z_base; drop_column users.name!");

	/* a view the models no longer declare is dropped first */
	struct rg_schema *m3 = build("table users; col id INTEGER; col active INTEGER");
	add_view(m3, "z_base", "SELECT id FROM users WHERE active", "id");
	expect_ops(db, m3, &test_compare, NULL, "drop_view a_top", "create_view a_top");

	/* models that declare no view leave the database's alone, unless
	 * the database is emptied */
	struct rg_schema *plain = build("table users; col id INTEGER; col active INTEGER");
	expect_ops(db, plain, &test_compare, NULL, "", "");
	struct rg_diff_opts all = {.every_view = true};
	expect_ops(db, none, &test_compare, &all,
		   "drop_view a_top; drop_view z_base; drop_table users!",
		   "create_table users; create_view z_base; create_view a_top");
	/* an excluded view is left alone */
	const char *ex[] = {"a_*"};
	struct rg_diff_opts skip = {.exclude = ex, .nexclude = 1};
	expect_ops(db, m3, &test_compare, &skip, "", "");

	/* the struct's fields are not the view's columns: refused, naming
	 * the model's place */
	struct rg_schema *m4 = build("table users; col id INTEGER; col active INTEGER");
	add_view(m4, "z_base", "SELECT id FROM users WHERE active", "ident");
	add_view(m4, "a_top", "SELECT count(*) AS n FROM z_base", "n");
	struct rg_oplist ops;
	struct rg_error err = {{0}};
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, db, m4, &test_compare, NULL, &err) < 0);
	CHECK(strstr(err.msg, "views.h:7") && strstr(err.msg, "z_base") &&
	      strstr(err.msg, "(ident)") && strstr(err.msg, "(id)"));
	rg_oplist_free(&ops);

	/* what a query names, outside its string literals */
	CHECK(rg_sql_names_object("SELECT * FROM \"My View\" v", "My View"));
	CHECK(rg_sql_names_object("select x from Users", "users"));
	CHECK(!rg_sql_names_object("SELECT 'users' AS t FROM other", "users"));
	CHECK(!rg_sql_names_object("SELECT users_id FROM t", "users"));

	rg_schema_free(none);
	rg_schema_free(m1);
	rg_schema_free(db);
	rg_schema_free(m2);
	rg_schema_free(m3);
	rg_schema_free(plain);
	rg_schema_free(m4);
}

int main(void)
{
	for (size_t i = 0; i < RG_ARRAY_LEN(golden); i++)
		run_golden(&golden[i]);
	test_warnings();
	test_widenings();
	test_number_defaults();
	test_fk_cycles();
	test_run_time_names();
	test_exclusions();
	test_caps();
	test_identity();
	test_always_and_deferral();
	test_index_forms();
	test_index_options();
	test_index_options();
	test_serial_and_column_checks();
	test_autoinc_models();
	test_restrict_is_no_action();
	test_fks_around_keys();
	test_case_names();
	test_implicit_fk_index();
	test_errors_and_names();
	test_generated();
	test_table_options();
	test_sequences();
	test_domains();
	test_enums();
	test_views();
	test_big();
	TEST_DONE();
}
