/*
 * test-differ.c - golden tests for the differ: (schema before, schema
 * after) -> the operations, in order, as "kind table.object"; their
 * inverse; destructive flags; and no operations for equal schemas.  A
 * small test dialect (the libgit2 way: a fake backend) keeps these tests
 * about the differ alone; it has comments and named primary keys, which
 * SQLite lacks.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diff/differ.h"
#include "emit/dialect.h"
#include "test/test.h"

static void t_quote(struct rg_buf *out, const char *id) { rg_buf_add(out, id); }
static void t_type(struct rg_buf *out, const struct rg_column *c) { rg_buf_add(out, c->type); }
static void t_canon(struct rg_buf *out, const char *s) { rg_sql_canon(out, s); }

static const struct rg_dialect test_dialect = {
	.name = "test",
	.caps = RG_CAP_COMMENTS | RG_CAP_NAMED_PK | RG_CAP_TRANSACTIONAL_DDL,
	.quote_ident = t_quote,
	.render_type = t_type,
	.canon_type = t_canon,
	.canon_default = t_canon,
	.canon_expr = t_canon,
};

/* ---- building schemas ---- */

static struct rg_table *table(struct rg_schema *s, const char *name)
{
	return rg_schema_add_table(s, name);
}

static struct rg_column *col(struct rg_schema *s, struct rg_table *t,
			     const char *name, const char *type, bool not_null)
{
	struct rg_column *c = rg_table_add_column(s, t, name);
	c->type = rg_arena_strdup(s->arena, type);
	c->not_null = not_null;
	return c;
}

static void pk(struct rg_schema *s, struct rg_table *t, const char *name,
	       const char *c1, const char *c2)
{
	struct rg_pk *p = rg_table_set_pk(s, t, name);
	rg_names_push(s, &p->cols, &p->ncols, c1);
	if (c2)
		rg_names_push(s, &p->cols, &p->ncols, c2);
}

static struct rg_fk *fk(struct rg_schema *s, struct rg_table *t, const char *name,
			const char *c, const char *ref, const char *rc)
{
	struct rg_fk *f = rg_table_add_fk(s, t, name);
	size_t n = 0;
	rg_names_push(s, &f->cols, &f->ncols, c);
	rg_names_push(s, &f->ref_cols, &n, rc);
	f->ref_table = rg_arena_strdup(s->arena, ref);
	return f;
}

static struct rg_index *ix(struct rg_schema *s, struct rg_table *t,
			   const char *name, const char *c, bool unique)
{
	struct rg_index *x = rg_table_add_index(s, t, name);
	rg_names_push(s, &x->cols, &x->ncols, c);
	x->unique = unique;
	return x;
}

static struct rg_unique *uq(struct rg_schema *s, struct rg_table *t,
			    const char *name, const char *c)
{
	struct rg_unique *u = rg_table_add_unique(s, t, name);
	rg_names_push(s, &u->cols, &u->ncols, c);
	return u;
}

/* users(id pk, name) and posts(id pk, user_id -> users) */
static struct rg_schema *blog(void)
{
	struct rg_schema *s = rg_schema_new();
	struct rg_table *u = table(s, "users");
	col(s, u, "id", "BIGINT", true);
	col(s, u, "name", "VARCHAR(255)", true);
	pk(s, u, "pk_users", "id", NULL);
	uq(s, u, "uq_users_name", "name");
	struct rg_table *p = table(s, "posts");
	col(s, p, "id", "BIGINT", true);
	col(s, p, "user_id", "BIGINT", true);
	col(s, p, "title", "TEXT", false);
	pk(s, p, "pk_posts", "id", NULL);
	fk(s, p, "fk_posts_user_id_users", "user_id", "users", "id");
	ix(s, p, "ix_posts_user_id", "user_id", false);
	return s;
}

/* ---- running the differ ---- */

static char *describe(const struct rg_oplist *l)
{
	struct rg_buf b = RG_BUF_INIT;
	for (size_t i = 0; i < l->n; i++) {
		const struct rg_op *op = &l->ops[i];
		const char *obj = rg_op_object_name(op);
		rg_buf_addf(&b, "%s%s %s%s%s%s", i ? "; " : "", rg_op_kind_name(op->kind),
			    rg_op_table_name(op), obj ? "." : "", obj ? obj : "",
			    op->destructive ? "!" : "");
	}
	return rg_buf_detach(&b);
}

static void expect_diff(const struct rg_schema *from, const struct rg_schema *to,
			const char *want, const char *want_inverse)
{
	struct rg_oplist ops, inv;
	struct rg_error err;
	rg_oplist_init(&ops);
	rg_oplist_init(&inv);
	CHECK(rg_diff(&ops, from, to, &test_dialect, NULL, &err) == 0);
	char *got = describe(&ops);
	CHECK_STR(got, want);
	free(got);
	rg_oplist_invert(&inv, &ops, &test_dialect);
	got = describe(&inv);
	CHECK_STR(got, want_inverse);
	free(got);
	/* determinism: the same inputs, the same list */
	struct rg_oplist again;
	rg_oplist_init(&again);
	CHECK(rg_diff(&again, from, to, &test_dialect, NULL, &err) == 0);
	char *a = describe(&again), *b = describe(&ops);
	CHECK_STR(a, b);
	free(a);
	free(b);
	rg_oplist_free(&again);
	rg_oplist_free(&ops);
	rg_oplist_free(&inv);
}

int main(void)
{
	struct rg_schema *empty = rg_schema_new();
	struct rg_schema *a = blog(), *b = blog();

	/* identical schemas: nothing */
	expect_diff(a, b, "", "");

	/* creates in foreign-key order (posts refers to users, though "posts"
	 * sorts first), drops in reverse */
	expect_diff(empty, a,
		    "create_table users; create_table posts; create_index posts.ix_posts_user_id",
		    "drop_index posts.ix_posts_user_id; drop_table posts!; drop_table users!");

	/* a chain c -> b -> a, named against the grain */
	struct rg_schema *chain = rg_schema_new();
	struct rg_table *ta = table(chain, "c_first");
	col(chain, ta, "id", "INTEGER", true);
	fk(chain, ta, "fk1", "id", "b_mid", "id");
	struct rg_table *tb = table(chain, "b_mid");
	col(chain, tb, "id", "INTEGER", true);
	fk(chain, tb, "fk2", "id", "a_last", "id");
	struct rg_table *tc = table(chain, "a_last");
	col(chain, tc, "id", "INTEGER", true);
	expect_diff(empty, chain, "create_table a_last; create_table b_mid; create_table c_first",
		    "drop_table c_first!; drop_table b_mid!; drop_table a_last!");

	/* columns: add, drop, alter type (widening vs narrowing), null,
	 * default, comment */
	struct rg_table *u = rg_schema_find_table(b, "users");
	struct rg_column *bio = col(b, u, "bio", "VARCHAR(500)", false);
	rg_table_find_column(u, "name")->type = "VARCHAR(100)";
	rg_table_find_column(rg_schema_find_table(b, "posts"), "title")->not_null = true;
	rg_table_find_column(rg_schema_find_table(b, "posts"), "title")->default_expr = "'untitled'";
	expect_diff(a, b,
		    "alter_column posts.title; alter_column users.name!; add_column users.bio",
		    "drop_column users.bio!; alter_column users.name; alter_column posts.title");
	/* the warnings say what and where */
	{
		struct rg_oplist ops;
		struct rg_error err;
		rg_oplist_init(&ops);
		CHECK(rg_diff(&ops, a, b, &test_dialect, NULL, &err) == 0);
		CHECK(ops.ops[0].alter == (RG_ALTER_NULL | RG_ALTER_DEFAULT));
		CHECK_CONTAINS(ops.ops[0].warning, "makes posts.title NOT NULL");
		CHECK(!ops.ops[0].destructive);
		CHECK_CONTAINS(ops.ops[1].warning, "from VARCHAR(255) to VARCHAR(100)");
		rg_oplist_free(&ops);
	}
	bio->type = "TEXT";
	rg_table_find_column(u, "name")->type = "VARCHAR(255)";
	rg_schema_free(b);

	/* widening is not destructive */
	b = blog();
	rg_table_find_column(rg_schema_find_table(b, "users"), "name")->type = "TEXT";
	rg_table_find_column(rg_schema_find_table(b, "posts"), "title")->comment = "the title";
	expect_diff(a, b, "alter_column posts.title; alter_column users.name",
		    "alter_column users.name!; alter_column posts.title");
	rg_schema_free(b);

	/* renames: table and column, with a change on the renamed column */
	b = blog();
	struct rg_table *people = rg_schema_find_table(b, "users");
	people->name = "people";
	people->renamed_from = "users";
	struct rg_column *full = rg_table_find_column(people, "name");
	full->name = "full_name";
	full->renamed_from = "name";
	full->type = "VARCHAR(300)";
	people->uniques[0]->cols[0] = "full_name";
	rg_schema_find_table(b, "posts")->fks[0]->ref_table = "people";
	{
		struct rg_oplist ops, inv;
		struct rg_error err;
		rg_oplist_init(&ops);
		rg_oplist_init(&inv);
		CHECK(rg_diff(&ops, a, b, &test_dialect, NULL, &err) == 0);
		char *got = describe(&ops);
		CHECK_STR(got, "drop_foreign_key posts.fk_posts_user_id_users; drop_unique users.uq_users_name; "
			       "rename_table people; rename_column people.full_name; "
			       "alter_column people.full_name; add_unique people.uq_users_name; "
			       "add_foreign_key posts.fk_posts_user_id_users");
		free(got);
		/* names when each runs: the old table name before the rename */
		CHECK_STR(ops.ops[1].table, "users");
		CHECK_STR(ops.ops[2].table, "users");
		CHECK_STR(ops.ops[4].column, "full_name");
		rg_oplist_invert(&inv, &ops, &test_dialect);
		/* downgrade: the alter runs while the column still has its new
		 * name, the unique is dropped from "people" */
		CHECK(inv.ops[2].kind == RG_OP_ALTER_COLUMN);
		CHECK_STR(inv.ops[2].column, "full_name");
		CHECK_STR(inv.ops[1].table, "people");
		CHECK(inv.ops[4].kind == RG_OP_RENAME_TABLE);
		CHECK_STR(inv.ops[5].table, "users");
		rg_oplist_free(&ops);
		rg_oplist_free(&inv);
	}
	rg_schema_free(b);

	/* unnamed objects (catalogs that keep no names) match by definition */
	b = blog();
	rg_schema_find_table(b, "users")->uniques[0]->name = NULL;
	rg_schema_find_table(b, "posts")->fks[0]->name = NULL;
	rg_schema_find_table(b, "users")->pk->name = NULL;
	expect_diff(b, a, "", "");
	/* ...and a changed action is a drop and an add */
	rg_schema_find_table(b, "posts")->fks[0]->on_delete = RG_FK_CASCADE;
	expect_diff(b, a, "drop_foreign_key posts; add_foreign_key posts.fk_posts_user_id_users",
		    "drop_foreign_key posts.fk_posts_user_id_users; add_foreign_key posts");
	rg_schema_free(b);

	/* keys, checks, indexes, comments */
	b = blog();
	struct rg_table *p = rg_schema_find_table(b, "posts");
	pk(b, p, "pk_posts", "id", "user_id");
	struct rg_check *ck = rg_table_add_check(b, p, "ck_posts_title");
	ck->expr = "length(title) > 0";
	p->indexes[0]->unique = true;
	ix(b, p, "ix_posts_title", "title", false);
	p->comment = "posts";
	rg_schema_sort(b); /* as the loader and every introspector leave it */
	expect_diff(a, b,
		    "drop_primary_key posts.pk_posts; drop_index posts.ix_posts_user_id; table_comment posts; "
		    "add_primary_key posts.pk_posts; add_check posts.ck_posts_title; "
		    "create_index posts.ix_posts_title; create_index posts.ix_posts_user_id",
		    "drop_index posts.ix_posts_user_id; drop_index posts.ix_posts_title; "
		    "drop_check posts.ck_posts_title; drop_primary_key posts.pk_posts; table_comment posts; "
		    "create_index posts.ix_posts_user_id; add_primary_key posts.pk_posts");
	/* the same check spelled differently is no change */
	struct rg_schema *c2 = blog();
	struct rg_check *ck2 = rg_table_add_check(c2, rg_schema_find_table(c2, "posts"), "ck_posts_title");
	ck2->expr = "(LENGTH(title)>0)";
	struct rg_schema *c3 = blog();
	ck2 = rg_table_add_check(c3, rg_schema_find_table(c3, "posts"), "ck_posts_title");
	ck2->expr = "length( title ) > 0";
	expect_diff(c2, c3, "", "");
	rg_schema_free(c2);
	rg_schema_free(c3);
	rg_schema_free(b);

	/* exclusions leave a table alone on both sides */
	b = blog();
	table(b, "audit_log");
	col(b, b->tables[b->ntables - 1], "x", "TEXT", false);
	{
		const char *ex[] = {"audit_*"};
		struct rg_diff_opts o = {ex, 1};
		struct rg_oplist ops;
		struct rg_error err;
		rg_oplist_init(&ops);
		CHECK(rg_diff(&ops, a, b, &test_dialect, &o, &err) == 0);
		CHECK(ops.n == 0);
		rg_oplist_free(&ops);
	}
	rg_schema_free(b);

	/* a big schema diffed against a copy: no operations, quickly */
	{
		struct rg_schema *big1 = rg_schema_new(), *big2 = rg_schema_new();
		char name[32];
		for (int i = 0; i < 2000; i++) {
			snprintf(name, sizeof(name), "t%04d", i);
			struct rg_table *t = table(big1, name);
			for (int k = 0; k < 12; k++) {
				char cn[16];
				snprintf(cn, sizeof(cn), "c%d", k);
				col(big1, t, cn, k % 2 ? "TEXT" : "BIGINT", k % 3 == 0);
			}
			pk(big1, t, NULL, "c0", NULL);
			if (i > 0) {
				char ref[32];
				snprintf(ref, sizeof(ref), "t%04d", i - 1);
				fk(big1, t, NULL, "c2", ref, "c0");
			}
			ix(big1, t, NULL, "c1", false);
		}
		for (size_t i = 0; i < big1->ntables; i++)
			rg_table_copy(big2, big1->tables[i]);
		struct rg_oplist ops;
		struct rg_error err;
		rg_oplist_init(&ops);
		double t0 = rg_now_ms();
		CHECK(rg_diff(&ops, big1, big2, &test_dialect, NULL, &err) == 0);
		double ms = rg_now_ms() - t0;
		CHECK(ops.n == 0);
		rg_oplist_free(&ops);
		/* and from nothing: 2000 creates in FK order */
		rg_oplist_init(&ops);
		CHECK(rg_diff(&ops, empty, big2, &test_dialect, NULL, &err) == 0);
		CHECK(ops.n == 4000);
		CHECK_STR(rg_op_table_name(&ops.ops[0]), "t0000");
		rg_oplist_free(&ops);
		fprintf(stderr, "2000-table diff: %.1f ms\n", ms);
		rg_schema_free(big1);
		rg_schema_free(big2);
	}

	rg_schema_free(a);
	rg_schema_free(empty);
	rg_schema_free(chain);
	TEST_DONE();
}
