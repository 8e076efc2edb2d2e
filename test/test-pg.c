/*
 * test-pg.c - the PostgreSQL dialect against a real server (the one
 * scripts/test.sh starts; skipped, exit 77, without REVGEN_TEST_PG_URL):
 * a matrix of PostgreSQL's own types and defaults reads back equal (no
 * false positives); odd names round-trip; every ALTER runs and lands
 * where the models say, and back; introspection costs the same number of
 * statements for 10 tables as for 500; generated DDL parses with
 * libpg_query.
 */
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "diff/differ.h"
#include "emit/dialect.h"
#include "runner/split.h"
#include "introspect/pg.h"
#include "test/test.h"

static const struct rg_dialect *D = &rg_dialect_postgresql;
static char base_url[512], db_url[600], db_name[64];
static void parses(const char *sql);
static void (*const sql_check)(const char *sql) = parses;

#include "test/server-test.h"

/* Every statement of sql must parse with PostgreSQL's own parser. */
static void parses(const char *sql)
{
	struct rg_stmt *st;
	size_t n;
	struct rg_error err;
	CHECK(rg_split_sql(&st, &n, sql, 1, &err) == 0);
	for (size_t i = 0; i < n; i++) {
		PgQueryParseResult r = pg_query_parse(st[i].sql);
		if (r.error)
			fprintf(stderr, "libpg_query: %s\n  %s\n", r.error->message, st[i].sql);
		CHECK(r.error == NULL);
		pg_query_free_parse_result(r);
	}
	rg_stmts_free(st, n);
}

/* The database's schema, for diffing from it. */
static struct rg_schema *introspect_keep(struct rg_conn *c)
{
	struct rg_schema *s = introspect(c);
	return s ? s : rg_schema_new();
}

/* Drops every table of the connection's schema. */
static void wipe(struct rg_conn *c)
{
	exec(c, "DO $$ DECLARE r record; BEGIN FOR r IN SELECT tablename FROM pg_tables "
		"WHERE schemaname = current_schema() LOOP EXECUTE 'DROP TABLE ' || "
		"quote_ident(r.tablename) || ' CASCADE'; END LOOP; END $$");
}

static void type_matrix(struct rg_conn *c)
{
	struct rg_schema *m = rg_schema_new(), *empty = rg_schema_new();
	struct rg_table *t = rg_schema_add_table(m, "matrix");
	col(m, t, "id", "BIGINT", true, true, NULL)->autoincrement = true;
	pk(m, t, "id");
	static const struct {
		const char *type, *def;
		bool generic;
	} cols[] = {
		{"int4", "-1", false}, {"INTEGER", "42", true}, {"int8", "9000000000", false},
		{"int2", "0", false}, {"SMALLINT", "-5", true}, {"varchar(20)", "'draft'", false},
		{"character varying(30)", "'it''s'", false}, {"VARCHAR(64)", "''", true},
		{"text", "'x'", false}, {"TEXT", NULL, true}, {"bool", "true", false},
		{"BOOLEAN", "FALSE", true}, {"float4", "1.5", false}, {"REAL", "-0.25", true},
		{"float8", "2.5", false}, {"DOUBLE PRECISION", "0", true},
		{"numeric(10,2)", "0.00", false}, {"NUMERIC(12, 4)", "-1.5", false},
		{"timestamp", "now()", false}, {"TIMESTAMP", "CURRENT_TIMESTAMP", true},
		{"timestamp without time zone", NULL, false}, {"timestamptz", "CURRENT_TIMESTAMP", false},
		{"timestamp(3) with time zone", NULL, false}, {"date", "CURRENT_DATE", false},
		{"bytea", NULL, false}, {"uuid", "gen_random_uuid()", false},
		{"jsonb", "'{}'::jsonb", false}, {"bigint", "(1 + 2) * 3", false},
		{"integer[]", NULL, false}, {"timestamptz(3)", NULL, false},
		{"char", "'y'", false}, {"float(10)", "-1", false}, {"float(30)", "1e3", false},
		{"decimal(8,3)", "-0.5", false}, {"time", "LOCALTIME", false},
		{"INTEGER", "(-1)", true}, {"TEXT", "'a' || 'b'", true},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(cols); i++)
		col(m, t, rg_arena_printf(m->arena, "c%02zu", i), cols[i].type, cols[i].generic,
		    i % 2 == 0, cols[i].def);
	struct rg_check *ck = rg_table_add_check(m, t, "ck_matrix_range");
	ck->expr = "c01 BETWEEN 0 AND 100";
	ck = rg_table_add_check(m, t, "ck_matrix_len");
	ck->expr = "length(c05) > 0 AND c03 >= 0";
	struct rg_index *x = rg_table_add_index(m, t, "ix_matrix_partial");
	rg_names_push(m, &x->cols, &x->ncols, "c01");
	x->where = "c01 > 0";
	t->comment = "all the types";
	t->columns[3]->comment = "it's a comment";
	rg_schema_sort(m);
	free(apply(c, empty, m));
	expect_same(c, m);
	free(apply(c, m, empty));
	rg_schema_free(m);
	rg_schema_free(empty);
}

static void odd_names(struct rg_conn *c)
{
	static const char *const names[] = {"user", "order", "group", "MixedCase",
					    "with \"quote\"", "日本語のテーブル"};
	struct rg_schema *m = rg_schema_new(), *empty = rg_schema_new();
	for (size_t i = 0; i < RG_ARRAY_LEN(names); i++) {
		struct rg_table *t = rg_schema_add_table(m, names[i]);
		col(m, t, "id", "INTEGER", true, true, NULL);
		col(m, t, names[(i + 1) % RG_ARRAY_LEN(names)], "TEXT", true, false, NULL);
		pk(m, t, "id");
		struct rg_index *x = rg_table_add_index(m, t, rg_arena_printf(m->arena, "ix %s", names[i]));
		rg_names_push(m, &x->cols, &x->ncols, names[(i + 1) % RG_ARRAY_LEN(names)]);
	}
	rg_schema_sort(m);
	free(apply(c, empty, m));
	expect_same(c, m);
	struct rg_buf q = RG_BUF_INIT;
	static const char *const idents[] = {"user", "users", "Users", "a\"b"};
	for (size_t i = 0; i < RG_ARRAY_LEN(idents); i++) {
		if (i)
			rg_buf_addc(&q, ' ');
		D->quote_ident(&q, idents[i]);
	}
	CHECK_STR(q.data, "\"user\" users \"Users\" \"a\"\"b\"");
	rg_buf_free(&q);
	/* and away again */
	free(apply(c, m, empty));
	expect_same(c, empty);
	rg_schema_free(m);
	rg_schema_free(empty);
}

static void alters(struct rg_conn *c)
{
	struct rg_schema *empty = rg_schema_new(), *v1 = alters_v1(), *v2 = alters_v1();
	free(apply(c, empty, v1));
	exec(c, "INSERT INTO parent VALUES (1); INSERT INTO child (id, num_text, maybe, parent_id) VALUES (1, '7', 'x', 1)");

	struct rg_table *t = rg_schema_find_table(v2, "child");
	struct rg_column *n = rg_table_find_column(t, "num_text");
	n->type = "INTEGER"; /* text -> integer needs USING */
	n->default_expr = "0";
	n->comment = "was text";
	rg_table_find_column(t, "maybe")->not_null = true;
	struct rg_column *r = rg_table_find_column(t, "old_name");
	r->name = "new_name";
	r->renamed_from = "old_name";
	r->type = "VARCHAR(20)";
	rg_table_find_column(t, "id")->autoincrement = true;
	t->ncolumns--; /* drop "gone" */
	col(v2, t, "added", "BOOLEAN", true, true, "TRUE");
	struct rg_unique *u = rg_table_add_unique(v2, t, "uq_child_maybe");
	rg_names_push(v2, &u->cols, &u->ncols, "maybe");
	struct rg_check *ck = rg_table_add_check(v2, t, "ck_child_num");
	ck->expr = "num_text >= 0";
	struct rg_fk *f = rg_table_add_fk(v2, t, "fk_child_parent");
	size_t nr = 0;
	rg_names_push(v2, &f->cols, &f->ncols, "parent_id");
	rg_names_push(v2, &f->ref_cols, &nr, "id");
	f->ref_table = "parent";
	f->on_delete = RG_FK_SET_NULL;
	t->comment = "children";
	rg_schema_sort(v2);

	struct rg_schema *db = introspect(c);
	char *up = apply(c, db, v2);
	CHECK_CONTAINS(up, "ALTER TABLE child ALTER COLUMN num_text TYPE integer USING num_text::integer;");
	CHECK_CONTAINS(up, "ALTER TABLE child RENAME COLUMN old_name TO new_name;");
	CHECK_CONTAINS(up, "ADD GENERATED BY DEFAULT AS IDENTITY;");
	CHECK_CONTAINS(up, "COMMENT ON COLUMN child.num_text IS 'was text';");
	free(up);
	rg_schema_free(db);
	expect_same(c, v2);
	/* the identity added to a table with rows goes on after them */
	char **ids;
	size_t nids;
	struct rg_error ierr;
	if (D->query_column(c, "INSERT INTO child (maybe) VALUES ('y') RETURNING id", &ids, &nids,
			    &ierr) == 0) {
		CHECK(nids == 1 && ids[0] && strcmp(ids[0], "2") == 0);
		rg_free_rows(ids, nids);
	} else {
		fprintf(stderr, "insert after identity: %s\n", ierr.msg);
		CHECK(0);
	}
	exec(c, "DELETE FROM child WHERE id = 2");
	/* and the downgrade: back to v1, data kept */
	db = introspect(c);
	if (db) {
		struct rg_oplist ops, inv;
		struct rg_error err;
		struct rg_buf sql = RG_BUF_INIT;
		rg_oplist_init(&ops);
		rg_oplist_init(&inv);
		CHECK(rg_diff(&ops, v1, v2, D->compare, NULL, &err) == 0);
		rg_oplist_invert(&inv, &ops, D->compare);
		CHECK(D->render_ops(D, &inv, &sql, &err) == 0);
		parses(sql.data);
		exec(c, sql.data);
		rg_buf_free(&sql);
		rg_oplist_free(&ops);
		rg_oplist_free(&inv);
		rg_schema_free(db);
	}
	expect_same(c, v1);
	char **rows;
	size_t nrows;
	struct rg_error err;
	CHECK(D->query_column(c, "SELECT num_text FROM child", &rows, &nrows, &err) == 0);
	CHECK(nrows == 1 && rows[0] && strcmp(rows[0], "7") == 0);
	rg_free_rows(rows, nrows);
	wipe(c);
	rg_schema_free(v1);
	rg_schema_free(v2);
	rg_schema_free(empty);
}

/* Pairs that must compare equal (the model's spelling, the catalog's)
 * and pairs that must not: no false positives, no missed changes. */
static void canonical_forms(void)
{
	static const char *const same_expr[][2] = {
		{"score BETWEEN 0 AND 100", "((score >= 0) AND (score <= 100))"},
		{"i32 >= 0", "(i32 >= 0)"},
		{"length(username) > 0", "(length((username)::text) > 0)"},
		{"r IN (7, 8)", "(r = ANY (ARRAY[7, 8]))"},
		{"r NOT IN (7, 8)", "(r <> ALL (ARRAY[7, 8]))"},
		{"r IN (7)", "(r = 7)"},
		{"s in ('x','y')", "(s = ANY (ARRAY['x'::text, 'y'::text]))"},
		{"a NOT BETWEEN 1 AND 2", "((a < 1) OR (a > 2))"},
		{"a >= -1 AND n > -1.5", "((a >= '-1'::integer) AND (n > '-1.5'::numeric))"},
		{"s LIKE 'a%' AND s NOT ILIKE 'b%'", "((s ~~ 'a%'::text) AND (s !~~* 'b%'::text))"},
		{"a != 1", "(a <> 1)"},
		{"CASE WHEN a > 0 THEN s IS NOT NULL ELSE TRUE END",
		 "CASE\n    WHEN (a > 0) THEN (s IS NOT NULL)\n    ELSE true\nEND"},
		{"CASE WHEN a > 0 THEN 1 ELSE NULL END", "CASE WHEN (a > 0) THEN 1 END"},
		{"CAST(s AS integer) > 0", "((s)::integer > 0)"},
		{"coalesce(a, 0) >= 0", "(COALESCE(a, 0) >= 0)"},
		{"\"score\" > 0 AND \"Score\" > 0", "((score > 0) AND (\"Score\" > 0))"},
		{"a AND b AND c", "(a AND (b AND c))"},
		{"a IS DISTINCT FROM 3", "(a IS DISTINCT FROM 3)"},
		{"x NOTNULL", "(x IS NOT NULL)"},
		{"a>-1", "(a > '-1'::integer)"},
	};
	static const char *const differ_expr[][2] = {
		{"a > 0 AND (b > 0 OR c > 0)", "(a > 0 AND b > 0) OR c > 0"},
		{"(1 + 2) * 3", "1 + 2 * 3"},
		{"a > 1", "a >= 1"},
		{"s = 'X'", "s = 'x'"},
		{"\"Score\" > 0", "score > 0"},
		{"r IN (7, 8)", "r IN (8, 7)"},
		{"NOT a AND b", "NOT (a AND b)"},
		{"a - (b - c)", "a - b - c"},
	};
	static const char *const same_default[][2] = {
		{"'draft'", "'draft'::character varying"}, {"-1", "'-1'::integer"},
		{"(-1)", "'-1'::integer"}, {"CURRENT_TIMESTAMP", "now()"},
		{"TRUE", "true"}, {"0.00", "0.00"}, {"1.5", "'1.5'::numeric"},
		{"'{}'::jsonb", "'{}'::jsonb"}, {"(1 + 2) * 3", "((1 + 2) * 3)"},
		{"'a' || 'b'", "('a'::text || 'b'::text)"},
	};
	static const char *const same_type[][2] = {
		{"INTEGER", "integer"}, {"int4", "integer"}, {"int8", "bigint"},
		{"int2", "smallint"}, {"varchar(255)", "character varying(255)"},
		{"bool", "boolean"}, {"float4", "real"}, {"float8", "double precision"},
		{"float(10)", "real"}, {"float(30)", "double precision"},
		{"NUMERIC(10, 2)", "numeric(10,2)"}, {"decimal(8,3)", "numeric(8,3)"},
		{"timestamp", "timestamp without time zone"},
		{"timestamptz", "timestamp with time zone"},
		{"timestamptz(3)", "timestamp(3) with time zone"}, {"char", "character(1)"},
		{"int[]", "integer[]"},
	};
	struct rg_buf a = RG_BUF_INIT, b = RG_BUF_INIT;
#define COMPARE(fn, pairs, want_equal)                                             \
	for (size_t i = 0; i < RG_ARRAY_LEN(pairs); i++) {                         \
		rg_buf_reset(&a);                                                  \
		rg_buf_reset(&b);                                                  \
		D->compare->fn(&a, pairs[i][0]);                                     \
		D->compare->fn(&b, pairs[i][1]);                                     \
		bool eq = strcmp(rg_buf_str(&a), rg_buf_str(&b)) == 0;             \
		if (eq != (want_equal))                                            \
			fprintf(stderr, #fn ": [%s] vs [%s]: %s vs %s\n", pairs[i][0], \
				pairs[i][1], rg_buf_str(&a), rg_buf_str(&b));      \
		CHECK(eq == (want_equal));                                         \
	}
	COMPARE(canon_expr, same_expr, true);
	COMPARE(canon_expr, differ_expr, false);
	COMPARE(canon_default, same_default, true);
	COMPARE(canon_type, same_type, true);
#undef COMPARE
	rg_buf_free(&a);
	rg_buf_free(&b);
}

/* Checks as the models write them read back as no change; a change of
 * grouping is a change. */
static void checks(struct rg_conn *c)
{
	static const char *const exprs[] = {
		"a BETWEEN 0 AND 100", "a NOT BETWEEN -5 AND -1 OR a > 1000",
		"s IN ('x', 'y') AND a NOT IN (3, 4)", "length(s) > 0",
		"s LIKE 'a%' OR s ILIKE 'B%'", "CASE WHEN a > 0 THEN s IS NOT NULL ELSE TRUE END",
		"coalesce(a, 0) >= -1", "a > 0 AND (n > 0 OR s IS NULL)", "n >= -1.5",
		"CAST(s AS integer) > 0 OR s !~ '^[0-9]+$'",
	};
	struct rg_schema *m = rg_schema_new(), *empty = rg_schema_new();
	struct rg_table *t = rg_schema_add_table(m, "checked");
	col(m, t, "a", "INTEGER", true, false, NULL);
	col(m, t, "n", "numeric(6,2)", false, false, NULL);
	col(m, t, "s", "TEXT", true, false, NULL);
	for (size_t i = 0; i < RG_ARRAY_LEN(exprs); i++)
		rg_table_add_check(m, t, rg_arena_printf(m->arena, "ck_%zu", i))->expr = exprs[i];
	rg_schema_sort(m);
	free(apply(c, empty, m));
	expect_same(c, m);
	/* regrouped: the same words, another meaning */
	t->checks[7]->expr = "(a > 0 AND n > 0) OR s IS NULL";
	struct rg_schema *db = introspect(c);
	if (db) {
		struct rg_oplist ops;
		struct rg_error err;
		rg_oplist_init(&ops);
		CHECK(rg_diff(&ops, db, m, D->compare, NULL, &err) == 0);
		CHECK(ops.n == 2 && ops.ops[0].kind == RG_OP_DROP_CHECK &&
		      ops.ops[1].kind == RG_OP_ADD_CHECK);
		rg_oplist_free(&ops);
		rg_schema_free(db);
	}
	free(apply(c, m, empty));
	rg_schema_free(m);
	rg_schema_free(empty);
}

/* quote_ident quotes exactly the words PostgreSQL 15 does not take bare. */
static void keywords(struct rg_conn *c)
{
	char **rows;
	size_t n;
	struct rg_error err;
	if (D->query_column(c, "SELECT word || ' ' || catcode::text FROM pg_get_keywords() ORDER BY 1",
			    &rows, &n, &err) < 0) {
		fprintf(stderr, "keywords: %s\n", err.msg);
		CHECK(0);
		return;
	}
	size_t reserved = 0;
	for (size_t i = 0; i < n; i++) {
		char *sp = strchr(rows[i], ' ');
		*sp = '\0';
		bool bare_ok = sp[1] == 'U';
		reserved += !bare_ok;
		struct rg_buf q = RG_BUF_INIT;
		D->quote_ident(&q, rows[i]);
		if ((q.data[0] == '"') == bare_ok)
			fprintf(stderr, "keyword %s (%c) quoted as %s\n", rows[i], sp[1], q.data);
		CHECK((q.data[0] == '"') != bare_ok);
		rg_buf_free(&q);
	}
	CHECK(n > 400 && reserved > 100);
	rg_free_rows(rows, n);
}

/* Type changes: a narrowing one fails on data that does not fit (an
 * explicit cast would cut it); the default and identity round trips. */
static void type_changes(struct rg_conn *c)
{
	struct rg_schema *empty = rg_schema_new(), *v1 = rg_schema_new(), *v2 = rg_schema_new();
	struct rg_table *t1 = rg_schema_add_table(v1, "narrow");
	struct rg_table *t2 = rg_schema_add_table(v2, "narrow");
	col(v1, t1, "s", "VARCHAR(10)", true, false, NULL);
	col(v2, t2, "s", "VARCHAR(3)", true, false, NULL);
	free(apply(c, empty, v1));
	exec(c, "INSERT INTO narrow VALUES ('abcdef')");
	struct rg_oplist ops;
	struct rg_buf sql = RG_BUF_INIT;
	struct rg_error err;
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, v1, v2, D->compare, NULL, &err) == 0);
	CHECK(D->render_ops(D, &ops, &sql, &err) == 0);
	CHECK_CONTAINS(sql.data, "ALTER TABLE narrow ALTER COLUMN s TYPE varchar(3);");
	CHECK(D->exec(c, sql.data, &err) < 0);
	CHECK_CONTAINS(err.msg, "value too long");
	rg_oplist_free(&ops);
	rg_buf_free(&sql);
	free(apply(c, v1, empty));

	/* a serial column the models no longer call autoincrement */
	exec(c, "CREATE TABLE counted (id serial PRIMARY KEY)");
	struct rg_schema *plain = rg_schema_new();
	struct rg_table *t = rg_schema_add_table(plain, "counted");
	col(plain, t, "id", "INTEGER", true, true, NULL);
	pk(plain, t, "id");
	struct rg_schema *db = introspect(c);
	if (db)
		CHECK(db->ntables == 1 && db->tables[0]->columns[0]->autoincrement);
	rg_schema_free(db);
	db = introspect_keep(c);
	free(apply(c, db, plain));
	rg_schema_free(db);
	expect_same(c, plain);
	exec(c, "DROP TABLE counted");
	rg_schema_free(plain);

	/* RG_TYPE(SERIAL) without RG_AUTOINCREMENT: the catalog shows an
	 * integer with a sequence, which is what the models said */
	struct rg_schema *serial = rg_schema_new();
	t = rg_schema_add_table(serial, "numbered");
	col(serial, t, "id", "BIGSERIAL", false, true, NULL);
	col(serial, t, "n", "serial", false, true, NULL);
	col(serial, t, "s", "SMALLSERIAL", false, true, NULL);
	pk(serial, t, "id");
	free(apply(c, empty, serial));
	expect_same(c, serial);
	db = introspect_keep(c);
	free(apply(c, db, empty));
	rg_schema_free(db);
	rg_schema_free(serial);
	rg_schema_free(empty);
	rg_schema_free(v1);
	rg_schema_free(v2);
}

/* Fails the test unless the SQL condition holds on the server. */
static void holds(struct rg_conn *c, const char *cond)
{
	struct rg_buf sql = RG_BUF_INIT;
	rg_buf_addf(&sql, "DO $t$BEGIN IF NOT (%s) THEN RAISE 'does not hold'; END IF; END$t$", cond);
	exec(c, rg_buf_str(&sql));
	rg_buf_free(&sql);
}

#define SEQ_TYPE(t) "(SELECT data_type::text FROM pg_sequences WHERE sequencename = '" t "')"
#define OWNS(t, col, dep)                                                               \
	"(SELECT count(*) FROM pg_depend WHERE classid = 'pg_class'::regclass AND deptype = '" dep "' AND refobjid = '" t \
	"'::regclass AND refobjsubid = (SELECT attnum FROM pg_attribute WHERE attrelid = '" t \
	"'::regclass AND attname = '" col "')) = 1"

/* The database's standalone sequences, declared in model m as they are. */
static void declare_sequences(struct rg_schema *m, const struct rg_schema *db)
{
	for (size_t i = 0; i < db->nsequences; i++) {
		const struct rg_sequence *f = db->sequences[i];
		struct rg_sequence *q = rg_schema_add_sequence(m, f->name);
		q->type = rg_arena_strdup(m->arena, f->type);
		q->start = rg_arena_strdup(m->arena, f->start);
		q->increment = rg_arena_strdup(m->arena, f->increment);
		q->min = rg_arena_strdup(m->arena, f->min);
		q->max = rg_arena_strdup(m->arena, f->max);
		q->cache = rg_arena_strdup(m->arena, f->cache);
		q->cycle = f->cycle;
	}
}

/* Serial columns made by hand are serial columns: adopted as they are,
 * widened with their sequence, turned into identity columns and back
 * keeping the next number, and recreated as serial by a downgrade. */
static void serial_columns(struct rg_conn *c)
{
	exec(c, "CREATE SEQUENCE shared; CREATE TABLE users (id serial PRIMARY KEY, "
		"n bigint DEFAULT nextval('shared')); INSERT INTO users (n) VALUES (1), (2)");
	struct rg_schema *db = introspect_keep(c), *m = rg_schema_new(), *empty = rg_schema_new();
	struct rg_table *t = rg_schema_add_table(m, "users");
	CHECK(db->nsequences == 1 && strcmp(db->sequences[0]->name, "shared") == 0);
	declare_sequences(m, db);
	col(m, t, "id", "serial", false, true, NULL);
	/* a sequence the column does not own: a default like any other */
	col(m, t, "n", "bigint", false, false, "nextval('shared'::regclass)");
	pk(m, t, "id");
	CHECK(db->ntables == 1 && db->tables[0]->columns[0]->serial &&
	      !db->tables[0]->columns[1]->autoincrement);
	expect_same(c, m);

	/* serial -> bigserial: bigint, and the sequence follows */
	m->tables[0]->columns[0]->type = "BIGSERIAL";
	char *sql = apply(c, db, m);
	CHECK_CONTAINS(sql, "ALTER TABLE users ALTER COLUMN id TYPE bigint;");
	free(sql);
	expect_same(c, m);
	holds(c, SEQ_TYPE("users_id_seq") " = 'bigint'");
	struct rg_schema *big = introspect_keep(c);
	free(apply(c, big, db));
	holds(c, SEQ_TYPE("users_id_seq") " = 'integer'");
	expect_same(c, db);

	/* serial -> identity (RG_AUTOINCREMENT) keeps the next number */
	exec(c, "SELECT setval('users_id_seq', 10)");
	struct rg_schema *ident = rg_schema_new();
	declare_sequences(ident, db);
	t = rg_table_copy(ident, m->tables[0]);
	t->columns[0]->type = "INTEGER";
	t->columns[0]->generic = true;
	t->columns[0]->autoincrement = true;
	free(apply(c, db, ident));
	expect_same(c, ident);
	holds(c, OWNS("users", "id", "i"));
	exec(c, "INSERT INTO users (n) VALUES (3)");
	holds(c, "(SELECT max(id) FROM users) = 11");
	/* and back, as the downgrade does */
	free(apply(c, ident, db));
	expect_same(c, db);
	holds(c, OWNS("users", "id", "a") " AND " SEQ_TYPE("users_id_seq") " = 'integer'");
	exec(c, "INSERT INTO users (n) VALUES (4)");
	holds(c, "(SELECT max(id) FROM users) = 12");

	/* a dropped serial table comes back serial */
	free(apply(c, db, empty));
	free(apply(c, empty, db));
	expect_same(c, db);
	holds(c, OWNS("users", "id", "a"));
	struct rg_schema *back = introspect_keep(c);
	CHECK(back->ntables == 1 && back->tables[0]->columns[0]->serial);
	exec(c, "DROP TABLE users; DROP SEQUENCE shared");
	rg_schema_free(back);
	rg_schema_free(ident);
	rg_schema_free(big);
	rg_schema_free(db);
	rg_schema_free(m);
	rg_schema_free(empty);
}

/* A key named by PostgreSQL (x_pkey) that the models name pk_x, with a
 * foreign key on it: renamed in place, not dropped.  (Were the name not
 * written in the models, the key would be kept as it is.) */
static void pk_rename(struct rg_conn *c)
{
	exec(c, "CREATE TABLE owner (id int PRIMARY KEY); "
		"CREATE TABLE pet (id int CONSTRAINT pk_pet PRIMARY KEY, "
		"owner_id int CONSTRAINT fk_pet_owner_id_owner REFERENCES owner (id))");
	struct rg_schema *m = rg_schema_new();
	struct rg_table *o = rg_schema_add_table(m, "owner");
	col(m, o, "id", "INTEGER", true, true, NULL);
	pk(m, o, "id");
	o->pk->named = true;
	struct rg_table *p = rg_schema_add_table(m, "pet");
	col(m, p, "id", "INTEGER", true, true, NULL);
	col(m, p, "owner_id", "INTEGER", true, false, NULL);
	pk(m, p, "id");
	struct rg_fk *f = rg_table_add_fk(m, p, "fk_pet_owner_id_owner");
	size_t nr = 0;
	rg_names_push(m, &f->cols, &f->ncols, "owner_id");
	rg_names_push(m, &f->ref_cols, &nr, "id");
	f->ref_table = "owner";
	rg_schema_sort(m);
	struct rg_schema *db = introspect_keep(c);
	char *up = apply(c, db, m);
	CHECK_STR(up, "ALTER INDEX owner_pkey RENAME TO pk_owner;\n");
	free(up);
	rg_schema_free(db);
	expect_same(c, m);
	wipe(c);
	rg_schema_free(m);
}

/* The views using each table, in creation order, with the table columns
 * each needs (through a view too); the revision drops and recreates the
 * ones over a column whose type changes, and refuses to drop a column one
 * uses. */
static void views_in_the_way(struct rg_conn *c)
{
	wipe(c);
	exec(c, "CREATE TABLE va (x integer, y text); CREATE TABLE vb (z integer); "
		"CREATE VIEW v1 AS SELECT x FROM va; "
		"CREATE VIEW \"V 2\" AS SELECT v1.x, vb.z FROM v1, vb; "
		"CREATE MATERIALIZED VIEW v3 AS SELECT y FROM va; "
		"CREATE VIEW v4 AS SELECT count(*) AS n FROM vb; "
		"CREATE OR REPLACE VIEW v1 AS SELECT x, y FROM va; "
		"INSERT INTO va VALUES (1, 'one'); INSERT INTO vb VALUES (2)");
	struct rg_schema *db = introspect_keep(c);
	struct rg_table *a = rg_schema_find_table(db, "va"), *b = rg_schema_find_table(db, "vb");
	CHECK(a && a->ndependents == 3 && b && b->ndependents == 2);
	if (!a || a->ndependents != 3 || !b || b->ndependents != 2) {
		rg_schema_free(db);
		return;
	}
	/* views after what they use, then oldest first: v1, replaced to use
	 * y after "V 2" was made on it, is still before it */
	CHECK_STR(a->dependents[0]->name, "v1");
	CHECK(a->dependents[0]->ncols == 2);
	CHECK_STR(a->dependents[1]->name, "v3");
	CHECK_STR(a->dependents[1]->kind, "MATERIALIZED VIEW");
	CHECK(a->dependents[1]->ncols == 1 && strcmp(a->dependents[1]->cols[0], "y") == 0);
	CHECK_STR(a->dependents[2]->name, "V 2");
	CHECK(a->dependents[2]->ncols == 2); /* x, through v1, and y */
	CHECK_STR(b->dependents[0]->name, "v4");
	CHECK(b->dependents[0]->ncols == 0); /* the whole table, no column */
	CHECK_STR(b->dependents[1]->name, "V 2");
	CHECK(b->dependents[1]->ncols == 1 && strcmp(b->dependents[1]->cols[0], "z") == 0);

	/* va.x to bigint: v1 and "V 2" go and come back, v3 and v4 stay */
	struct rg_schema *m = introspect_keep(c);
	for (size_t i = 0; i < m->ntables; i++)
		m->tables[i]->ndependents = 0;
	rg_table_find_column(rg_schema_find_table(m, "va"), "x")->type = "bigint";
	char *up = apply(c, db, m);
	CHECK(strstr(up, "DROP VIEW \"V 2\";\nDROP VIEW v1;\n") != NULL);
	CHECK(strstr(up, "NOTE: view v1 uses va.x") != NULL);
	CHECK(strstr(up, "v3") == NULL && strstr(up, "v4") == NULL);
	free(up);
	expect_same(c, m);
	char **rows = NULL;
	size_t nrows = 0;
	struct rg_error err;
	CHECK(D->query_column(c, "SELECT x::text || y || z FROM \"V 2\" JOIN v1 USING (x)", &rows,
			      &nrows, &err) == 0);
	CHECK(nrows == 1 && strcmp(rows[0], "1one2") == 0);
	rg_free_rows(rows, nrows);
	/* and back, from the database as it is now */
	struct rg_schema *now = introspect_keep(c);
	up = apply(c, now, db);
	CHECK(strstr(up, "DROP VIEW \"V 2\";\nDROP VIEW v1;\n") != NULL);
	free(up);
	expect_same(c, db);
	rg_schema_free(now);

	/* renaming va while v1 must be recreated: its SQL names va, refused */
	struct rg_table *ma = rg_schema_find_table(m, "va");
	ma->name = "va_new";
	ma->renamed_from = "va";
	rg_schema_sort(m);
	struct rg_oplist ops;
	struct rg_buf sql = RG_BUF_INIT;
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, db, m, D->compare, NULL, &err) == 0);
	CHECK(D->render_ops(D, &ops, &sql, &err) < 0);
	CHECK(strstr(err.msg, "view v1 uses va, which this change renames") != NULL);
	rg_oplist_free(&ops);

	/* dropping va.y, which v1 and v3 use: refused, naming v1 */
	ma->name = "va";
	ma->renamed_from = NULL;
	rg_schema_sort(m);
	rg_table_find_column(ma, "x")->type = "integer";
	ma->ncolumns = 1;
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, db, m, D->compare, NULL, &err) == 0);
	CHECK(D->render_ops(D, &ops, &sql, &err) < 0);
	CHECK(strstr(err.msg, "view v1 uses va.y, which this change drops") != NULL);
	rg_buf_free(&sql);
	rg_oplist_free(&ops);
	rg_schema_free(m);
	rg_schema_free(db);
	wipe(c);
}

/* The URL's schema must exist; a wrong password is the server's message,
 * without the password; the lock is per schema. */
static void connections(struct rg_conn *c)
{
	struct rg_url *u;
	struct rg_error err;
	struct rg_conn *x = NULL;
	char url[800];
	snprintf(url, sizeof(url), "%s?schema=nowhere", db_url);
	CHECK(rg_url_parse(&u, url, &err) == 0);
	CHECK(rg_dialect_connect(D, &x, u, &err) < 0 && x == NULL);
	CHECK_CONTAINS(err.msg, "schema \"nowhere\" does not exist");
	rg_url_free(u);

	const char *at = strchr(base_url, '@');
	snprintf(url, sizeof(url), "postgresql://revgen_pw:secret-guess%s/%s", at ? at : "@", db_name);
	CHECK(rg_url_parse(&u, url, &err) == 0);
	CHECK(rg_dialect_connect(D, &x, u, &err) < 0);
	CHECK_CONTAINS(err.msg, "password authentication failed");
	CHECK(strstr(err.msg, "secret-guess") == NULL);
	rg_url_free(u);

	exec(c, "CREATE SCHEMA other");
	snprintf(url, sizeof(url), "%s?schema=other", db_url);
	struct rg_conn *a = connect_to(db_url), *b = connect_to(url);
	if (a && b) {
		CHECK(D->lock(a, &err) == 0);
		CHECK(D->lock(b, &err) == 0); /* another schema: no wait */
		char **rows;
		size_t n;
		/* in this database only: other tests may hold locks in theirs */
		int rc = D->query_column(c, "SELECT count(*) FROM pg_locks l JOIN pg_database d "
					 "ON d.oid = l.database WHERE l.locktype = 'advisory' "
					 "AND l.granted AND d.datname = current_database()",
					 &rows, &n, &err);
		CHECK(rc == 0);
		if (rc == 0) {
			CHECK(n == 1 && strcmp(rows[0], "2") == 0);
			rg_free_rows(rows, n);
		}
		CHECK(D->unlock(a, &err) == 0);
		CHECK(D->unlock(b, &err) == 0);
	}
	D->disconnect(a);
	D->disconnect(b);
	exec(c, "DROP SCHEMA other");
}

/* In a schema of its own, which the URL selects. */
static void statement_count(struct rg_conn *admin)
{
	exec(admin, "CREATE SCHEMA counting");
	char url[700];
	snprintf(url, sizeof(url), "%s?schema=counting", db_url);
	struct rg_conn *c = connect_to(url);
	if (!c)
		return;
	struct rg_buf sql = RG_BUF_INIT;
	unsigned long count_ten = 0;
	for (int i = 0; i < 500; i++) {
		rg_buf_addf(&sql, "CREATE TABLE t%03d (id int PRIMARY KEY, a text UNIQUE, "
			    "b int CHECK (b > 0), p int REFERENCES t%03d (id)); "
			    "CREATE INDEX ix_t%03d ON t%03d (a, b);",
			    i, i > 0 ? i - 1 : 0, i, i);
		if (i == 9) {
			exec(c, sql.data);
			rg_buf_reset(&sql);
			count_ten = count_introspection(c);
			fprintf(stderr, "statements to read 10 tables: %lu\n", count_ten);
			CHECK(count_ten > 0 && count_ten <= 12);
		}
	}
	exec(c, sql.data);
	rg_buf_free(&sql);
	struct rg_schema *s = introspect(c);
	CHECK(s && s->ntables == 500);
	if (s && s->ntables == 500)
		CHECK(s->tables[499]->nfks == 1 && s->tables[499]->nindexes == 1 &&
		      s->tables[499]->nuniques == 1 && s->tables[499]->nchecks == 1);
	rg_schema_free(s);
	unsigned long five_hundred = count_introspection(c);
	fprintf(stderr, "statements to read 500 tables: %lu\n", five_hundred);
	CHECK(five_hundred == count_ten);
	D->disconnect(c);
}

/*
 * The catalog corners that the queries name by attribute number or leave
 * to the server: a dropped column before the indexed ones, composite and
 * INCLUDE indexes, an expression index, a foreign key to another schema
 * and one to an excluded table (both by column names, in key order), an
 * exclusion constraint and a unique constraint whose indexes are not the
 * model's, and a generated column whose expression names a column.
 */
static void catalog_corners(struct rg_conn *c)
{
	wipe(c);
	exec(c, "DROP SCHEMA IF EXISTS corner_other CASCADE");
	exec(c, "CREATE SCHEMA corner_other");
	exec(c, "CREATE TABLE corner_other.parent (x integer, y integer, PRIMARY KEY (x, y))");
	exec(c, "CREATE TABLE skipped_parent (id integer PRIMARY KEY, code integer UNIQUE)");
	exec(c, "CREATE TABLE corner (gone integer, a integer NOT NULL, b text, "
		"d integer GENERATED ALWAYS AS (a * 2) STORED, area box, "
		"CONSTRAINT uq_corner_b UNIQUE (b), "
		"CONSTRAINT no_overlap EXCLUDE USING gist (area WITH &&), "
		"CONSTRAINT fk_other FOREIGN KEY (b_len, a) REFERENCES corner_other.parent (y, x), "
		"b_len integer, skip_code integer REFERENCES skipped_parent (code))");
	exec(c, "ALTER TABLE corner DROP COLUMN gone");
	exec(c, "CREATE INDEX ix_corner_ba ON corner (b, a)");
	exec(c, "CREATE INDEX ix_corner_inc ON corner (a) INCLUDE (b)");
	exec(c, "CREATE INDEX ix_corner_lower ON corner ((lower(b)), a)");
	exec(c, "CREATE INDEX ix_corner_desc ON corner (a DESC, (lower(b)) DESC) WHERE a > 0");
	exec(c, "CREATE INDEX ix_corner_hash ON corner USING hash (b)");
	exec(c, "CREATE INDEX ix_corner_ops ON corner (a, b text_pattern_ops)");
	exec(c, "CREATE INDEX ix_corner_nulls ON corner (a NULLS FIRST)");
	exec(c, "CREATE INDEX ix_corner_desc_nulls ON corner (a DESC NULLS LAST)");
	exec(c, "CREATE INDEX ix_corner_coll ON corner (b COLLATE \"C\")");
	exec(c, "CREATE INDEX ix_corner_sig ON corner USING gist "
		"((to_tsvector('simple', b)) tsvector_ops (siglen = 64))");
	struct rg_schema *s = NULL;
	struct rg_error err;
	const char *ex[] = {"skipped_parent"};
	struct rg_introspect_opts o = {ex, 1};
	if (D->introspect(c, &o, &s, &err) < 0)
		fprintf(stderr, "introspect: %s\n", err.msg);
	CHECK(s != NULL);
	struct rg_table *t = s ? rg_schema_find_table(s, "corner") : NULL;
	CHECK(t != NULL);
	CHECK(s && rg_schema_find_table(s, "skipped_parent") == NULL);
	if (t) {
		CHECK(t->ncolumns == 6);
		CHECK_STR(t->columns[0]->name, "a");
		struct rg_column *d = rg_table_find_column(t, "d");
		/* a generated column, not one with a default */
		CHECK(d && !d->default_expr && d->generated && strstr(d->generated, "a * 2") &&
		      !d->generated_virtual);
		CHECK(t->nuniques == 1);
		/* the unique constraint's and the exclusion constraint's
		 * indexes are theirs: ten indexes are the table's own */
		CHECK(t->nindexes == 10);
		/* each part as struct rg_index spells it, saying only what is
		 * not the default */
		static const struct {
			const char *name, *part0, *part1, *method, *include;
		} forms[] = {
			{"ix_corner_inc", "a", NULL, NULL, "b"},
			{"ix_corner_hash", "b", NULL, "hash", NULL},
			{"ix_corner_ops", "a", "b OPCLASS \"text_pattern_ops\"", NULL, NULL},
			{"ix_corner_nulls", "a NULLS FIRST", NULL, NULL, NULL},
			{"ix_corner_desc_nulls", "a DESC NULLS LAST", NULL, NULL, NULL},
			{"ix_corner_coll", "b COLLATE \"C\"", NULL, NULL, NULL},
		};
		for (size_t i = 0; i < t->nindexes; i++) {
			const struct rg_index *x = t->indexes[i];
			size_t k = 0;
			while (k < RG_ARRAY_LEN(forms) && strcmp(x->name, forms[k].name) != 0)
				k++;
			if (k < RG_ARRAY_LEN(forms)) {
				CHECK(!x->opaque && x->ncols == (forms[k].part1 ? 2u : 1u));
				CHECK_STR(x->cols[0], forms[k].part0);
				if (forms[k].part1)
					CHECK_STR(x->cols[1], forms[k].part1);
				if (forms[k].method)
					CHECK_STR(x->method, forms[k].method);
				else
					CHECK(!x->method);
				CHECK(x->ninclude == (forms[k].include ? 1u : 0u));
				if (forms[k].include)
					CHECK_STR(x->include[0], forms[k].include);
			} else if (strcmp(x->name, "ix_corner_sig") == 0) {
				CHECK_STR(x->opaque, "operator class options");
			} else if (strcmp(x->name, "ix_corner_ba") == 0) {
				CHECK(x->ncols == 2 && !x->opaque);
				CHECK_STR(x->cols[0], "b");
				CHECK_STR(x->cols[1], "a");
			} else if (strcmp(x->name, "ix_corner_lower") == 0) {
				CHECK(x->ncols == 2 && !x->opaque);
				CHECK_STR(x->cols[0], "(lower(b))");
				CHECK_STR(x->cols[1], "a");
			} else if (strcmp(x->name, "ix_corner_desc") == 0) {
				CHECK(x->ncols == 2 && !x->opaque);
				CHECK_STR(x->cols[0], "a DESC");
				CHECK_STR(x->cols[1], "(lower(b)) DESC");
				CHECK_STR(x->where, "(a > 0)");
			} else {
				fprintf(stderr, "unexpected index %s\n", x->name);
				CHECK(0);
			}
		}
		CHECK(t->nfks == 2);
		for (size_t i = 0; i < t->nfks; i++) {
			const struct rg_fk *f = t->fks[i];
			if (strcmp(f->ref_table, "parent") == 0) {
				CHECK(f->ncols == 2);
				CHECK_STR(f->cols[0], "b_len");
				CHECK_STR(f->cols[1], "a");
				CHECK_STR(f->ref_cols[0], "y");
				CHECK_STR(f->ref_cols[1], "x");
			} else {
				CHECK_STR(f->ref_table, "skipped_parent");
				CHECK(f->ncols == 1);
				CHECK_STR(f->cols[0], "skip_code");
				CHECK_STR(f->ref_cols[0], "code");
			}
		}
	}
	rg_schema_free(s);
	exec(c, "DROP TABLE corner");
	exec(c, "DROP TABLE skipped_parent");
	exec(c, "DROP SCHEMA corner_other CASCADE");
}

/* A column's COLLATE: read back equal, kept by a type change, and a model
 * silent on it means the type's own. */
static void collations(struct rg_conn *c)
{
	struct rg_schema *empty = rg_schema_new(), *m = rg_schema_new();
	struct rg_table *t = rg_schema_add_table(m, "words");
	col(m, t, "id", "INTEGER", true, true, NULL);
	pk(m, t, "id");
	col(m, t, "w", "VARCHAR(10)", true, false, NULL)->collation = "C";
	col(m, t, "plain", "TEXT", true, false, NULL)->collation = "default";
	free(apply(c, empty, m));
	expect_same(c, m);
	exec(c, "INSERT INTO words VALUES (1, 'b', 'x'), (2, 'B', 'y')");
	struct rg_schema *db = introspect(c);
	rg_table_find_column(m->tables[0], "w")->type = "VARCHAR(20)";
	char *sql = apply(c, db, m);
	CHECK_CONTAINS(sql, "ALTER COLUMN w TYPE varchar(20) COLLATE \"C\";");
	free(sql);
	rg_schema_free(db);
	expect_same(c, m);
	rg_table_find_column(m->tables[0], "w")->collation = NULL;
	db = introspect(c);
	sql = apply(c, db, m);
	CHECK_CONTAINS(sql, "ALTER COLUMN w TYPE varchar(20);");
	free(sql);
	rg_schema_free(db);
	expect_same(c, m);
	exec(c, "DROP TABLE words");
	rg_schema_free(m);
	rg_schema_free(empty);
}

/* ops from v1 to v2 rendered by --online for srv: the upgrade, and
 * whether it needs the revision outside a transaction */
static char *render_online(const struct rg_schema *v1, const struct rg_schema *v2,
			   const struct rg_server *srv, bool *no_tx)
{
	struct rg_oplist ops;
	struct rg_error err;
	struct rg_buf sql = RG_BUF_INIT;
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, v1, v2, D->compare, NULL, &err) == 0);
	CHECK(D->render_online(D, &ops, srv, &sql, no_tx, &err) == 0);
	parses(rg_buf_str(&sql));
	rg_oplist_free(&ops);
	return rg_buf_detach(&sql);
}

/* What the --online tests change on alters_v1's child: maybe made NOT
 * NULL, an index, a unique key on unique_col, a check, a foreign key. */
static void online_changes(struct rg_schema *v2, const char *unique_col)
{
	struct rg_table *t = rg_schema_find_table(v2, "child");
	rg_table_find_column(t, "maybe")->not_null = true;
	struct rg_index *x = rg_table_add_index(v2, t, "ix_child_old");
	rg_names_push(v2, &x->cols, &x->ncols, "old_name");
	struct rg_unique *u = rg_table_add_unique(v2, t, strcmp(unique_col, "maybe") == 0 ?
						  "uq_child_maybe" : "uq_child_num");
	rg_names_push(v2, &u->cols, &u->ncols, unique_col);
	struct rg_check *ck = rg_table_add_check(v2, t, "ck_child_num");
	ck->expr = "num_text <> ''";
	struct rg_fk *f = rg_table_add_fk(v2, t, "fk_child_parent");
	size_t nr = 0;
	rg_names_push(v2, &f->cols, &f->ncols, "parent_id");
	rg_names_push(v2, &f->ref_cols, &nr, "id");
	f->ref_table = "parent";
}

/* --online on an existing table: each lock-taking statement in its
 * low-lock form; on a new table, and before PostgreSQL 12 for SET NOT
 * NULL, the plain one. */
static void online_forms(void)
{
	struct rg_schema *v1 = alters_v1(), *v2 = alters_v1();
	online_changes(v2, "maybe");
	struct rg_table *n = rg_schema_add_table(v2, "fresh");
	col(v2, n, "id", "INTEGER", true, true, NULL);
	col(v2, n, "parent_id", "INTEGER", true, false, NULL);
	struct rg_index *x = rg_table_add_index(v2, n, "ix_fresh_parent");
	rg_names_push(v2, &x->cols, &x->ncols, "parent_id");
	rg_schema_sort(v2);

	struct rg_server pg16 = {true, false, 16, 0, 0, false};
	bool no_tx = false;
	char *up = render_online(v1, v2, &pg16, &no_tx);
	CHECK(no_tx);
	CHECK_CONTAINS(up, "CREATE INDEX CONCURRENTLY ix_child_old ON child (old_name);");
	CHECK_CONTAINS(up, "CREATE UNIQUE INDEX CONCURRENTLY uq_child_maybe ON child (maybe);\n"
			   "ALTER TABLE child ADD CONSTRAINT uq_child_maybe UNIQUE USING INDEX uq_child_maybe;");
	CHECK_CONTAINS(up, "CHECK (num_text <> '') NOT VALID;\n"
			   "ALTER TABLE child VALIDATE CONSTRAINT ck_child_num;");
	CHECK_CONTAINS(up, "REFERENCES parent (id) NOT VALID;\n"
			   "ALTER TABLE child VALIDATE CONSTRAINT fk_child_parent;");
	CHECK_CONTAINS(up, " CHECK (maybe IS NOT NULL) NOT VALID;\nALTER TABLE child VALIDATE CONSTRAINT ");
	CHECK_CONTAINS(up, "ALTER TABLE child ALTER COLUMN maybe SET NOT NULL;\nALTER TABLE child DROP CONSTRAINT ");
	/* a new table is empty: no lock to spare */
	CHECK_CONTAINS(up, "CREATE INDEX ix_fresh_parent ON fresh (parent_id);");
	free(up);
	/* the downgrade drops the index CONCURRENTLY too */
	up = render_online(v2, v1, &pg16, &no_tx);
	CHECK(no_tx);
	CHECK_CONTAINS(up, "DROP INDEX CONCURRENTLY ix_child_old;");
	free(up);

	/* PostgreSQL 11 scans for SET NOT NULL whatever the checks say */
	struct rg_server pg11 = {true, false, 11, 0, 0, false};
	up = render_online(v1, v2, &pg11, &no_tx);
	CHECK_CONTAINS(up, "ALTER TABLE child ALTER COLUMN maybe SET NOT NULL;");
	CHECK(!strstr(up, "IS NOT NULL) NOT VALID"));
	free(up);

	/* nothing on a table in use: a transaction as usual */
	struct rg_schema *empty = rg_schema_new();
	up = render_online(empty, v2, &pg16, &no_tx);
	CHECK(!no_tx);
	CHECK(!strstr(up, "CONCURRENTLY") && !strstr(up, "NOT VALID"));
	free(up);
	rg_schema_free(empty);
	rg_schema_free(v1);
	rg_schema_free(v2);
}

/* Runs sql a statement at a time, as a "-- Transaction: no" revision
 * does (CONCURRENTLY refuses a transaction block). */
static void exec_each(struct rg_conn *c, const char *sql)
{
	struct rg_stmt *st = NULL;
	size_t n = 0;
	struct rg_error err;
	CHECK(rg_split_sql(&st, &n, sql, 1, &err) == 0);
	for (size_t i = 0; i < n; i++)
		exec(c, st[i].sql);
	rg_stmts_free(st, n);
}

/* The online forms run on a table with rows, both ways, and leave the
 * database as the models say (a primary key taken from an index too). */
static void online_applied(struct rg_conn *c)
{
	struct rg_schema *empty = rg_schema_new(), *v1 = alters_v1(), *v2 = alters_v1();
	rg_schema_find_table(v1, "child")->pk = NULL;
	free(apply(c, empty, v1));
	exec(c, "INSERT INTO parent SELECT g FROM generate_series(1, 500) g; "
		"INSERT INTO child (id, num_text, maybe, parent_id) "
		"SELECT g, g::text, 'x', g FROM generate_series(1, 500) g");
	online_changes(v2, "num_text");
	rg_schema_sort(v2);

	struct rg_server pg = {true, false, 15, 0, 0, false};
	bool no_tx;
	char *up = render_online(v1, v2, &pg, &no_tx);
	CHECK_CONTAINS(up, "CREATE UNIQUE INDEX CONCURRENTLY pk_child ON child (id);\n"
			   "ALTER TABLE child ADD CONSTRAINT pk_child PRIMARY KEY USING INDEX pk_child;");
	exec_each(c, up);
	free(up);
	expect_same(c, v2);
	char *down = render_online(v2, v1, &pg, &no_tx);
	exec_each(c, down);
	free(down);
	expect_same(c, v1);
	char **rows;
	size_t n;
	struct rg_error err;
	CHECK(D->query_column(c, "SELECT count(*) FROM child", &rows, &n, &err) == 0);
	CHECK(n == 1 && rows[0] && strcmp(rows[0], "500") == 0);
	rg_free_rows(rows, n);
	wipe(c);
	rg_schema_free(v1);
	rg_schema_free(v2);
	rg_schema_free(empty);
}

int main(void)
{
	canonical_forms();
	online_forms();
	const char *url = getenv("REVGEN_TEST_PG_URL");
	if (!url || !*url) {
		if (rg_test_failures)
			TEST_DONE();
		printf("REVGEN_TEST_PG_URL is not set (scripts/test.sh starts a server and "
		       "sets it): the server tests are skipped\n");
		return 77;
	}
	/* a database of our own, dropped at the end */
	snprintf(base_url, sizeof(base_url), "%s", url);
	char *slash = strrchr(base_url, '/');
	CHECK(slash != NULL);
	if (!slash)
		TEST_DONE();
	*slash = '\0';
	snprintf(db_name, sizeof(db_name), "unit_pg_%ld", (long)getpid());
	snprintf(db_url, sizeof(db_url), "%s/%s", base_url, db_name);
	struct rg_conn *admin = connect_to(url);
	if (!admin)
		TEST_DONE();
	char sql[200];
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", db_name);
	exec(admin, sql);
	struct rg_conn *c = connect_to(db_url);
	if (c) {
		type_matrix(c);
		collations(c);
		checks(c);
		keywords(c);
		type_changes(c);
		serial_columns(c);
		pk_rename(c);
		views_in_the_way(c);
		catalog_corners(c);
		connections(c);
		odd_names(c);
		alters(c);
		online_applied(c);
		statement_count(c);
		D->disconnect(c);
	}
	snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)", db_name);
	exec(admin, sql);
	D->disconnect(admin);
	TEST_DONE();
}
