/*
 * server-test.h - what the tests of the server dialects (test-pg.c,
 * test-mysql.c) share: connecting, applying a schema through the differ and
 * the renderer, asserting that what the server reads back needs no
 * operation, and building schemas.  The including file defines
 * `static const struct rg_dialect *D` and `sql_check` first.
 */
#ifndef RG_SERVER_TEST_H
#define RG_SERVER_TEST_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "diff/differ.h"
#include "emit/dialect.h"
#include "test/test.h"

static struct rg_conn *connect_to(const char *url)
{
	struct rg_url *u;
	struct rg_error err;
	struct rg_conn *c = NULL;
	CHECK(rg_url_parse(&u, url, &err) == 0);
	if (rg_dialect_connect(D, &c, u, &err) < 0)
		fprintf(stderr, "connect: %s\n", err.msg);
	rg_url_free(u);
	CHECK(c != NULL);
	return c;
}

static void exec(struct rg_conn *c, const char *sql)
{
	struct rg_error err;
	if (D->exec(c, sql, &err) < 0) {
		fprintf(stderr, "exec failed: %s\n  %s\n", err.msg, sql);
		CHECK(0);
	}
}

static struct rg_schema *introspect(struct rg_conn *c)
{
	struct rg_schema *s = NULL;
	struct rg_error err;
	if (D->introspect(c, NULL, &s, &err) < 0)
		fprintf(stderr, "introspect: %s\n", err.msg);
	CHECK(s != NULL);
	return s;
}

/* Applies from -> to (in a transaction where the dialect has transactional
 * DDL); returns the upgrade SQL, checked by sql_check when set. */
static char *apply(struct rg_conn *c, const struct rg_schema *from, const struct rg_schema *to)
{
	struct rg_oplist ops;
	struct rg_buf sql = RG_BUF_INIT;
	struct rg_error err;
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, from, to, D->compare, NULL, &err) == 0);
	CHECK(D->render_ops(D, &ops, &sql, &err) == 0);
	if (sql_check)
		sql_check(rg_buf_str(&sql));
	bool txn = (D->caps & RG_CAP_TRANSACTIONAL_DDL) != 0;
	if (txn)
		exec(c, "BEGIN");
	if (D->exec(c, rg_buf_str(&sql), &err) < 0) {
		fprintf(stderr, "apply failed: %s\n%s\n", err.msg, rg_buf_str(&sql));
		CHECK(0);
		if (txn)
			exec(c, "ROLLBACK");
	} else if (txn) {
		exec(c, "COMMIT");
	}
	rg_oplist_free(&ops);
	return rg_buf_detach(&sql);
}

static void expect_same(struct rg_conn *c, const struct rg_schema *model)
{
	struct rg_schema *db = introspect(c);
	if (!db)
		return;
	struct rg_oplist ops;
	struct rg_error err;
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, db, model, D->compare, NULL, &err) == 0);
	for (size_t i = 0; i < ops.n; i++) {
		const struct rg_op *op = &ops.ops[i];
		fprintf(stderr, "  unexpected: %s %s.%s", rg_op_kind_name(op->kind),
			rg_op_table_name(op), rg_op_object_name(op) ? rg_op_object_name(op) : "");
		if (op->kind == RG_OP_ALTER_COLUMN) {
			const struct rg_column *f = op->from, *t = op->to;
			fprintf(stderr, " [%s|%s] -> [%s|%s]", f->type, f->default_expr ? f->default_expr : "",
				t->type, t->default_expr ? t->default_expr : "");
		}
		fprintf(stderr, "\n");
	}
	CHECK(ops.n == 0);
	rg_oplist_free(&ops);
	rg_schema_free(db);
}

static struct rg_column *col(struct rg_schema *s, struct rg_table *t, const char *name,
			     const char *type, bool generic, bool not_null, const char *def)
{
	struct rg_column *c = rg_table_add_column(s, t, name);
	c->type = rg_arena_strdup(s->arena, type);
	c->generic = generic;
	c->not_null = not_null;
	c->default_expr = rg_arena_strdup(s->arena, def);
	return c;
}

static void pk(struct rg_schema *s, struct rg_table *t, const char *c1)
{
	struct rg_pk *p = rg_table_set_pk(s, t, rg_arena_printf(s->arena, "pk_%s", t->name));
	rg_names_push(s, &p->cols, &p->ncols, c1);
}

static struct rg_schema *alters_v1(void)
{
	struct rg_schema *s = rg_schema_new();
	struct rg_table *p = rg_schema_add_table(s, "parent");
	col(s, p, "id", "INTEGER", true, true, NULL);
	pk(s, p, "id");
	struct rg_table *t = rg_schema_add_table(s, "child");
	col(s, t, "id", "INTEGER", true, true, NULL);
	col(s, t, "num_text", "TEXT", true, false, "'1'");
	col(s, t, "maybe", "TEXT", true, false, NULL);
	col(s, t, "old_name", "VARCHAR(10)", true, false, NULL);
	col(s, t, "parent_id", "INTEGER", true, false, NULL);
	col(s, t, "gone", "TEXT", true, false, NULL);
	pk(s, t, "id");
	rg_schema_sort(s);
	return s;
}

static unsigned long count_introspection(struct rg_conn *c)
{
	unsigned long before = D->statement_count(c);
	struct rg_schema *s = introspect(c);
	rg_schema_free(s);
	return D->statement_count(c) - before;
}

#endif
