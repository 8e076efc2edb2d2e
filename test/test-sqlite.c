/*
 * test-sqlite.c - the SQLite dialect against real database files: what it
 * renders, SQLite accepts, and what it reads back compares equal (no false
 * positives); odd names round-trip; a rebuild keeps every row; the check
 * before COMMIT refuses orphans; hand-written tables are read correctly,
 * their ON CONFLICT clauses too, which a rebuild keeps.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "diff/differ.h"
#include "emit/dialect.h"
#include "test/test.h"

static const struct rg_dialect *D = &rg_dialect_sqlite;
static char dir[256];

static struct rg_conn *open_db(const char *name)
{
	char url[600];
	snprintf(url, sizeof(url), "sqlite:///%s/%s", dir, name);
	struct rg_url *u;
	struct rg_error err;
	struct rg_conn *c = NULL;
	CHECK(rg_url_parse(&u, url, &err) == 0);
	if (rg_dialect_connect(D, &c, u, &err) < 0)
		fprintf(stderr, "connect: %s\n", err.msg);
	rg_url_free(u);
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

static char *one(struct rg_conn *c, const char *sql)
{
	char **rows;
	size_t n;
	struct rg_error err;
	CHECK(D->query_column(c, sql, &rows, &n, &err) == 0);
	char *v = n && rows[0] ? rg_xstrdup(rows[0]) : rg_xstrdup("");
	rg_free_rows(rows, n);
	return v;
}

static struct rg_schema *introspect(struct rg_conn *c)
{
	struct rg_schema *s = NULL;
	struct rg_error err;
	const char *ex[] = {"revgen_version"};
	struct rg_introspect_opts o = {ex, 1};
	if (D->introspect(c, &o, &s, &err) < 0)
		fprintf(stderr, "introspect: %s\n", err.msg);
	CHECK(s != NULL);
	return s;
}

/* Renders the operations from -> to and runs them as one revision. */
static int apply(struct rg_conn *c, const struct rg_schema *from,
		 const struct rg_schema *to, struct rg_error *err)
{
	struct rg_oplist ops;
	struct rg_buf sql = RG_BUF_INIT;
	rg_oplist_init(&ops);
	int rc = rg_diff(&ops, from, to, D->compare, NULL, err);
	if (rc == 0)
		rc = D->render_ops(D, &ops, &sql, err);
	if (rc == 0) {
		D->before_revision(c, err);
		D->begin(c, err);
		rc = D->exec(c, rg_buf_str(&sql), err);
		if (rc == 0)
			rc = D->check_revision(c, err);
		struct rg_error e2;
		if (rc == 0)
			D->commit(c, &e2);
		else
			D->rollback(c, &e2);
		D->after_revision(c, &e2);
	}
	rg_buf_free(&sql);
	rg_oplist_free(&ops);
	return rc;
}

/* No operation between the schema and what the database reads back. */
static void expect_same(const struct rg_schema *db, const struct rg_schema *model)
{
	struct rg_oplist ops;
	struct rg_error err;
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, db, model, D->compare, NULL, &err) == 0);
	for (size_t i = 0; i < ops.n; i++)
		fprintf(stderr, "  unexpected: %s %s.%s\n", rg_op_kind_name(ops.ops[i].kind),
			rg_op_table_name(&ops.ops[i]),
			rg_op_object_name(&ops.ops[i]) ? rg_op_object_name(&ops.ops[i]) : "");
	CHECK(ops.n == 0);
	rg_oplist_free(&ops);
}

static struct rg_column *col(struct rg_schema *s, struct rg_table *t, const char *name,
			     const char *type, bool not_null, const char *def)
{
	struct rg_column *c = rg_table_add_column(s, t, name);
	c->type = rg_arena_strdup(s->arena, type);
	c->generic = true;
	c->not_null = not_null;
	c->default_expr = rg_arena_strdup(s->arena, def);
	return c;
}

static void round_trip(void)
{
	struct rg_conn *c = open_db("round.db");
	if (!c)
		return;
	struct rg_schema *m = rg_schema_new(), *empty = rg_schema_new();
	struct rg_table *p = rg_schema_add_table(m, "parents");
	col(m, p, "a", "INTEGER", true, NULL);
	col(m, p, "b", "VARCHAR(10)", true, NULL);
	struct rg_pk *pk = rg_table_set_pk(m, p, "pk_parents");
	rg_names_push(m, &pk->cols, &pk->ncols, "a");
	rg_names_push(m, &pk->cols, &pk->ncols, "b");

	struct rg_table *t = rg_schema_add_table(m, "everything");
	struct rg_column *id = col(m, t, "id", "BIGINT", true, NULL);
	id->autoincrement = true;
	pk = rg_table_set_pk(m, t, "pk_everything");
	rg_names_push(m, &pk->cols, &pk->ncols, "id");
	col(m, t, "flag", "BOOLEAN", true, "FALSE");
	col(m, t, "small", "SMALLINT", true, "-1");
	col(m, t, "n", "INTEGER", false, "0");
	col(m, t, "f", "REAL", true, "1.5");
	col(m, t, "d", "DOUBLE PRECISION", false, "-0.25");
	col(m, t, "status", "VARCHAR(16)", true, "'draft'");
	col(m, t, "quote", "TEXT", false, "'it''s'");
	col(m, t, "created", "TIMESTAMP", true, "CURRENT_TIMESTAMP");
	col(m, t, "expr", "BIGINT", false, "(1 + 2) * 3");
	col(m, t, "pa", "INTEGER", true, NULL);
	col(m, t, "pb", "VARCHAR(10)", true, NULL);
	struct rg_unique *u = rg_table_add_unique(m, t, "uq_everything_status_n");
	rg_names_push(m, &u->cols, &u->ncols, "status");
	rg_names_push(m, &u->cols, &u->ncols, "n");
	struct rg_check *ck = rg_table_add_check(m, t, "ck_everything_small");
	ck->expr = "small BETWEEN -10 AND 10";
	struct rg_fk *f = rg_table_add_fk(m, t, "fk_everything_parent");
	size_t nr = 0;
	rg_names_push(m, &f->cols, &f->ncols, "pa");
	rg_names_push(m, &f->cols, &f->ncols, "pb");
	rg_names_push(m, &f->ref_cols, &nr, "a");
	rg_names_push(m, &f->ref_cols, &nr, "b");
	f->ref_table = "parents";
	f->on_delete = RG_FK_CASCADE;
	f->on_update = RG_FK_SET_DEFAULT;
	struct rg_index *x = rg_table_add_index(m, t, "ix_everything_partial");
	rg_names_push(m, &x->cols, &x->ncols, "n");
	x->where = "n > 0";
	x = rg_table_add_index(m, t, "ix_everything_pair");
	rg_names_push(m, &x->cols, &x->ncols, "f");
	rg_names_push(m, &x->cols, &x->ncols, "d");
	x->unique = true;
	rg_schema_sort(m);

	struct rg_error err;
	if (apply(c, empty, m, &err) < 0)
		fprintf(stderr, "apply: %s\n", err.msg);
	struct rg_schema *db = introspect(c);
	if (db) {
		expect_same(db, m);
		struct rg_table *e = rg_schema_find_table(db, "everything");
		CHECK(e && rg_table_find_column(e, "id")->autoincrement);
		CHECK(e && e->nfks == 1 && e->fks[0]->on_update == RG_FK_SET_DEFAULT);
		CHECK_STR(e->fks[0]->name, "fk_everything_parent");
		CHECK(e && e->nchecks == 1);
		CHECK_STR(e->uniques[0]->name, "uq_everything_status_n");
		rg_schema_free(db);
	}
	/* the excluded table is not read */
	exec(c, "CREATE TABLE revgen_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
	db = introspect(c);
	CHECK(db && !rg_schema_find_table(db, "revgen_version"));
	rg_schema_free(db);
	D->disconnect(c);
	rg_schema_free(m);
	rg_schema_free(empty);
}

static void odd_names(void)
{
	struct rg_conn *c = open_db("names.db");
	if (!c)
		return;
	static const char *const names[] = {"user", "order", "group", "MixedCase",
					    "with \"quote\"", "日本語のテーブル", "select"};
	struct rg_schema *m = rg_schema_new(), *empty = rg_schema_new();
	for (size_t i = 0; i < RG_ARRAY_LEN(names); i++) {
		struct rg_table *t = rg_schema_add_table(m, names[i]);
		col(m, t, "id", "INTEGER", true, NULL);
		col(m, t, names[(i + 1) % RG_ARRAY_LEN(names)], "TEXT", false, NULL);
		struct rg_index *x = rg_table_add_index(m, t, rg_arena_printf(m->arena, "ix %s", names[i]));
		rg_names_push(m, &x->cols, &x->ncols, names[(i + 1) % RG_ARRAY_LEN(names)]);
	}
	rg_schema_sort(m);
	struct rg_error err;
	if (apply(c, empty, m, &err) < 0)
		fprintf(stderr, "apply: %s\n", err.msg);
	struct rg_schema *db = introspect(c);
	if (db) {
		CHECK(db->ntables == RG_ARRAY_LEN(names));
		expect_same(db, m);
		rg_schema_free(db);
	}
	struct rg_buf q = RG_BUF_INIT;
	D->quote_ident(&q, "with \"quote\"");
	CHECK_STR(q.data, "\"with \"\"quote\"\"\"");
	rg_buf_reset(&q);
	D->quote_ident(&q, "users");
	CHECK_STR(q.data, "users");
	rg_buf_reset(&q);
	D->quote_ident(&q, "order");
	CHECK_STR(q.data, "\"order\"");
	rg_buf_free(&q);
	D->disconnect(c);
	rg_schema_free(m);
	rg_schema_free(empty);
}

static void rebuilds(void)
{
	struct rg_conn *c = open_db("rebuild.db");
	if (!c)
		return;
	struct rg_schema *v1 = rg_schema_new(), *empty = rg_schema_new();
	struct rg_table *u = rg_schema_add_table(v1, "users");
	col(v1, u, "id", "INTEGER", true, NULL);
	col(v1, u, "name", "TEXT", false, NULL);
	struct rg_pk *pk = rg_table_set_pk(v1, u, NULL);
	rg_names_push(v1, &pk->cols, &pk->ncols, "id");
	struct rg_table *p = rg_schema_add_table(v1, "posts");
	col(v1, p, "id", "INTEGER", true, NULL);
	col(v1, p, "user_id", "INTEGER", true, NULL);
	pk = rg_table_set_pk(v1, p, NULL);
	rg_names_push(v1, &pk->cols, &pk->ncols, "id");
	struct rg_fk *f = rg_table_add_fk(v1, p, "fk_posts_user");
	size_t nr = 0;
	rg_names_push(v1, &f->cols, &f->ncols, "user_id");
	rg_names_push(v1, &f->ref_cols, &nr, "id");
	f->ref_table = "users";
	f->on_delete = RG_FK_CASCADE;
	struct rg_index *x = rg_table_add_index(v1, u, "ix_users_name");
	rg_names_push(v1, &x->cols, &x->ncols, "name");
	rg_schema_sort(v1);
	struct rg_error err;
	CHECK(apply(c, empty, v1, &err) == 0);
	exec(c, "INSERT INTO users VALUES (1, 'ann'), (2, 'bob'); INSERT INTO posts VALUES (1, 1), (2, 1), (3, 2)");

	/* v2: users.name NOT NULL with a default, a new check, type change */
	struct rg_schema *v2 = rg_schema_new();
	for (size_t i = 0; i < v1->ntables; i++)
		rg_table_copy(v2, v1->tables[i]);
	struct rg_table *u2 = rg_schema_find_table(v2, "users");
	struct rg_column *name = rg_table_find_column(u2, "name");
	name->not_null = true;
	name->default_expr = "''";
	name->type = "VARCHAR(100)";
	struct rg_check *ck = rg_table_add_check(v2, u2, "ck_users_name");
	ck->expr = "length(name) < 100";
	rg_schema_sort(v2);
	struct rg_schema *db = introspect(c);
	if (apply(c, db, v2, &err) < 0)
		fprintf(stderr, "rebuild: %s\n", err.msg);
	rg_schema_free(db);
	char *v;
	CHECK_STR(v = one(c, "SELECT count(*) FROM users"), "2");
	free(v);
	/* the cascade did not fire while the old users table was dropped */
	CHECK_STR(v = one(c, "SELECT count(*) FROM posts"), "3");
	free(v);
	CHECK_STR(v = one(c, "SELECT name FROM sqlite_master WHERE name = 'ix_users_name'"), "ix_users_name");
	free(v);
	CHECK_STR(v = one(c, "PRAGMA foreign_keys"), "1");
	free(v);
	db = introspect(c);
	if (db)
		expect_same(db, v2);

	/* dropping users' row 1 inside a revision would orphan posts: refused */
	D->before_revision(c, &err);
	D->begin(c, &err);
	exec(c, "DELETE FROM users WHERE id = 1");
	CHECK(D->check_revision(c, &err) < 0);
	CHECK_CONTAINS(err.msg, "posts");
	D->rollback(c, &err);
	D->after_revision(c, &err);
	CHECK_STR(v = one(c, "SELECT count(*) FROM users"), "2");
	free(v);

	/* and back down to v1: the downgrade rebuild keeps the rows too */
	if (db && apply(c, db, v1, &err) < 0)
		fprintf(stderr, "downgrade rebuild: %s\n", err.msg);
	CHECK_STR(v = one(c, "SELECT count(*) FROM posts"), "3");
	free(v);
	rg_schema_free(db);
	D->disconnect(c);
	rg_schema_free(v1);
	rg_schema_free(v2);
	rg_schema_free(empty);
}

static void hand_written(void)
{
	struct rg_conn *c = open_db("hand.db");
	if (!c)
		return;
	exec(c, "CREATE TABLE [a] (id integer primary key autoincrement, "
		"\"Name\" text UNIQUE NOT NULL, -- a comment, with (parens)\n"
		"score int check (score >= 0) default 0, "
		"b_id INT REFERENCES `b`(id) ON DELETE SET NULL, "
		"CONSTRAINT named_ck CHECK (score < 100) /* trailing, comment */)");
	exec(c, "CREATE TABLE b (id INTEGER PRIMARY KEY, x TEXT)");
	exec(c, "CREATE INDEX ix_part ON a (score) WHERE score > 10");
	/* key parts: expressions as written, DESC, and a COLLATE no model
	 * can say */
	exec(c, "CREATE INDEX \"ix (odd)\" ON [b] ( lower( x ) DESC, id, (x || ','), x COLLATE NOCASE ASC )");
	exec(c, "CREATE UNIQUE INDEX ix_expr ON b (substr(x, 1, 2), id DESC) WHERE x IS NOT NULL");
	/* an expression's collation of its own: no model says it */
	exec(c, "CREATE INDEX ix_lower_nocase ON b (lower(x) COLLATE NOCASE)");
	/* when a key is checked: only the CREATE TABLE text says it */
	exec(c, "CREATE TABLE d (id INTEGER PRIMARY KEY, "
		"p1 INT REFERENCES b (id) DEFERRABLE INITIALLY DEFERRED, "
		"p2 INT REFERENCES b (id) NOT DEFERRABLE INITIALLY DEFERRED NOT NULL, "
		"p3 INT CONSTRAINT d_p3 REFERENCES b (id) deferrable initially immediate, "
		"p4 INT NOT NULL REFERENCES b (id), p5 INT, "
		"FOREIGN KEY (p5) REFERENCES b (id) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED)");
	/* two keys on one column, to two tables: each keeps its own name and
	 * deferral (they were paired by columns alone) */
	exec(c, "CREATE TABLE e (id INTEGER PRIMARY KEY, p INT, "
		"CONSTRAINT e_to_b FOREIGN KEY (p) REFERENCES b (id) DEFERRABLE INITIALLY DEFERRED, "
		"CONSTRAINT e_to_a FOREIGN KEY (p) REFERENCES a (id))");
	struct rg_schema *s = introspect(c);
	if (!s)
		return;
	struct rg_table *e = rg_schema_find_table(s, "e");
	CHECK(e && e->nfks == 2);
	for (size_t i = 0; e && i < e->nfks; i++) {
		const struct rg_fk *f = e->fks[i];
		bool to_b = strcmp(f->ref_table, "b") == 0;
		CHECK_STR(f->name, to_b ? "e_to_b" : "e_to_a");
		CHECK(f->deferrable == to_b && f->initially_deferred == to_b);
	}
	struct rg_table *d = rg_schema_find_table(s, "d");
	CHECK(d && d->nfks == 5);
	static const char want[][2] = {{1, 1}, {0, 0}, {1, 0}, {0, 0}, {1, 1}};
	for (size_t i = 0; d && i < d->nfks; i++) {
		const struct rg_fk *f = d->fks[i];
		size_t k = (size_t)(f->cols[0][1] - '1');
		CHECK(k < 5);
		if (k >= 5)
			continue;
		if (f->deferrable != want[k][0] || f->initially_deferred != want[k][1])
			fprintf(stderr, "d.%s: deferrable %d, initially deferred %d\n", f->cols[0],
				f->deferrable, f->initially_deferred);
		CHECK(f->deferrable == want[k][0] && f->initially_deferred == want[k][1]);
	}
	struct rg_table *a = rg_schema_find_table(s, "a");
	CHECK(a != NULL);
	if (a) {
		CHECK(a->ncolumns == 4);
		CHECK(rg_table_find_column(a, "id")->autoincrement);
		CHECK(rg_table_find_column(a, "Name")->not_null);
		CHECK_STR(rg_table_find_column(a, "score")->default_expr, "0");
		CHECK(a->nuniques == 1 && a->uniques[0]->name == NULL);
		CHECK(a->nchecks == 2);
		CHECK(a->nfks == 1);
		CHECK_STR(a->fks[0]->ref_table, "b");
		CHECK(a->fks[0]->on_delete == RG_FK_SET_NULL);
		CHECK(a->nindexes == 1);
		CHECK_STR(a->indexes[0]->where, "score > 10");
		bool named = false;
		for (size_t i = 0; i < a->nchecks; i++)
			if (a->checks[i]->name && strcmp(a->checks[i]->name, "named_ck") == 0) {
				named = true;
				CHECK_STR(a->checks[i]->expr, "score < 100");
			}
		CHECK(named);
	}
	struct rg_table *b = rg_schema_find_table(s, "b");
	CHECK(b && b->nindexes == 3);
	if (b && b->nindexes == 3) {
		const struct rg_index *odd = b->indexes[0], *ex = b->indexes[1];
		const struct rg_index *lower = b->indexes[2];
		CHECK_STR(odd->name, "ix (odd)");
		CHECK(odd->ncols == 4);
		if (odd->ncols == 4) {
			CHECK_STR(odd->cols[0], "(lower( x )) DESC");
			CHECK_STR(odd->cols[1], "id");
			CHECK_STR(odd->cols[2], "((x || ','))");
			CHECK_STR(odd->cols[3], "x COLLATE \"NOCASE\"");
		}
		CHECK(!odd->opaque);
		CHECK_STR(lower->name, "ix_lower_nocase");
		CHECK_STR(lower->opaque, "COLLATE NOCASE");
		CHECK(b->ndependents == 1 && strcmp(b->dependents[0]->kind, "INDEX") == 0 &&
		      strcmp(b->dependents[0]->name, "ix_lower_nocase") == 0);
		CHECK_STR(ex->name, "ix_expr");
		CHECK(ex->unique && !ex->opaque && ex->ncols == 2);
		if (ex->ncols == 2) {
			CHECK_STR(ex->cols[0], "(substr(x, 1, 2))");
			CHECK_STR(ex->cols[1], "id DESC");
		}
		CHECK_STR(ex->where, "x IS NOT NULL");
	}
	rg_schema_free(s);
	D->disconnect(c);
}

/* Runs sql as one revision, as the runner does. */
static int run(struct rg_conn *c, const char *sql, struct rg_error *err)
{
	struct rg_error e2;
	D->before_revision(c, err);
	D->begin(c, err);
	int rc = D->exec(c, sql, err);
	if (rc == 0)
		rc = D->check_revision(c, err);
	if (rc == 0)
		D->commit(c, &e2);
	else
		D->rollback(c, &e2);
	D->after_revision(c, &e2);
	return rc;
}

/* What the database keeps of its views and triggers. */
static char *dependents_sql(struct rg_conn *c)
{
	return one(c, "SELECT group_concat(sql, ' | ') FROM (SELECT sql FROM sqlite_master "
		      "WHERE type IN ('view', 'trigger') ORDER BY name)");
}

/* The model of table name: the database's, without what models cannot
 * declare. */
static struct rg_table *model_of(struct rg_schema *m, const struct rg_schema *db,
				 const char *name)
{
	struct rg_table *t = rg_table_copy(m, rg_schema_find_table(db, name));
	t->ndependents = 0;
	return t;
}

/* A rebuild keeps the views and triggers over the table (SQLite's
 * 12-step procedure), the downgrade too; one that would break a view is
 * refused at autogenerate, naming it. */
static void keeps_dependents(void)
{
	struct rg_conn *c = open_db("keeps.db");
	if (!c)
		return;
	exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT);"
		"CREATE TABLE log (msg TEXT);"
		"CREATE TABLE other (id INTEGER PRIMARY KEY, x TEXT);"
		"CREATE INDEX ix_t_a ON t (a);"
		"CREATE VIEW v AS SELECT id, a FROM t;"
		"CREATE VIEW v2 AS SELECT a FROM v WHERE a <> 'x';"
		"CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('ins ' || new.a); END;"
		"CREATE TRIGGER v_ins INSTEAD OF INSERT ON v BEGIN INSERT INTO t (a) VALUES (new.a); END;"
		"CREATE VIEW vo AS SELECT x FROM other;"
		"INSERT INTO t (a, b) VALUES ('p', 1), ('q', NULL);");
	char *before = dependents_sql(c);
	struct rg_schema *db = introspect(c);
	if (!db)
		return;
	const struct rg_table *t = rg_schema_find_table(db, "t");
	const char *want[] = {"v", "v2", "t_ins", "v_ins"};
	CHECK(t->ndependents == RG_ARRAY_LEN(want));
	for (size_t i = 0; i < t->ndependents && i < RG_ARRAY_LEN(want); i++)
		CHECK_STR(t->dependents[i]->name, want[i]);
	CHECK(rg_schema_find_table(db, "other")->ndependents == 1);
	/* the rowid alias reads NOT NULL, as it is */
	CHECK(rg_table_find_column(t, "id")->not_null);

	/* t.b NOT NULL with a default: a rebuild */
	struct rg_schema *m = rg_schema_new();
	for (size_t i = 0; i < db->ntables; i++)
		model_of(m, db, db->tables[i]->name);
	struct rg_column *b = rg_table_find_column(rg_schema_find_table(m, "t"), "b");
	b->not_null = true;
	b->default_expr = "0";
	struct rg_oplist ops, inv;
	struct rg_buf up = RG_BUF_INIT, down = RG_BUF_INIT;
	struct rg_error err;
	rg_oplist_init(&ops);
	rg_oplist_init(&inv);
	CHECK(rg_diff(&ops, db, m, D->compare, NULL, &err) == 0);
	rg_oplist_invert(&inv, &ops, D->compare);
	CHECK(D->render_ops(D, &ops, &up, &err) == 0);
	CHECK(D->render_ops(D, &inv, &down, &err) == 0);
	CHECK_CONTAINS(rg_buf_str(&up), "DROP VIEW v2;");
	CHECK_CONTAINS(rg_buf_str(&down), "DROP TRIGGER t_ins;");
	exec(c, "UPDATE t SET b = 0 WHERE b IS NULL");
	if (run(c, rg_buf_str(&up), &err) < 0)
		fprintf(stderr, "upgrade: %s\n%s\n", err.msg, rg_buf_str(&up));
	char *v;
	CHECK_STR(v = dependents_sql(c), before);
	free(v);
	CHECK_STR(v = one(c, "SELECT \"notnull\" FROM pragma_table_info('t') WHERE name = 'b'"), "1");
	free(v);
	/* the triggers work: through the view's, then t's */
	exec(c, "INSERT INTO v (a) VALUES ('r')");
	CHECK_STR(v = one(c, "SELECT group_concat(msg) FROM log"), "ins p,ins q,ins r");
	free(v);
	CHECK_STR(v = one(c, "SELECT group_concat(a) FROM v2"), "p,q,r");
	free(v);
	CHECK_STR(v = one(c, "SELECT name FROM sqlite_master WHERE name = 'ix_t_a'"), "ix_t_a");
	free(v);

	if (run(c, rg_buf_str(&down), &err) < 0)
		fprintf(stderr, "downgrade: %s\n%s\n", err.msg, rg_buf_str(&down));
	CHECK_STR(v = dependents_sql(c), before);
	free(v);
	CHECK_STR(v = one(c, "SELECT \"notnull\" FROM pragma_table_info('t') WHERE name = 'b'"), "0");
	free(v);
	CHECK_STR(v = one(c, "SELECT count(*) FROM t"), "3");
	free(v);
	exec(c, "INSERT INTO t (a) VALUES ('s')");
	CHECK_STR(v = one(c, "SELECT group_concat(msg) FROM log"), "ins p,ins q,ins r,ins s");
	free(v);
	rg_oplist_free(&ops);
	rg_oplist_free(&inv);
	rg_buf_reset(&up);

	/* dropping t.a, which v names, would recreate v broken: refused */
	struct rg_schema *m2 = rg_schema_new();
	for (size_t i = 0; i < db->ntables; i++)
		if (strcmp(db->tables[i]->name, "t") != 0)
			model_of(m2, db, db->tables[i]->name);
	struct rg_table *t2 = rg_schema_add_table(m2, "t");
	for (size_t i = 0; i < t->ncolumns; i++)
		if (strcmp(t->columns[i]->name, "a") != 0)
			*rg_table_add_column(m2, t2, t->columns[i]->name) = *t->columns[i];
	t2->pk = t->pk;
	rg_table_find_column(t2, "b")->not_null = true;
	rg_schema_sort(m2);
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, db, m2, D->compare, NULL, &err) == 0);
	CHECK(D->render_ops(D, &ops, &up, &err) < 0);
	CHECK_CONTAINS(err.msg, "view v names column t.a");
	rg_oplist_free(&ops);

	free(before);
	rg_buf_free(&up);
	rg_buf_free(&down);
	rg_schema_free(m);
	rg_schema_free(m2);
	rg_schema_free(db);
	D->disconnect(c);
}

/* SQLite's primary-key columns that cannot hold NULL read NOT NULL; the
 * others, which can, do not. */
static void key_nullability(void)
{
	struct rg_conn *c = open_db("keys.db");
	if (!c)
		return;
	exec(c, "CREATE TABLE r (id integer PRIMARY KEY);"
		"CREATE TABLE w (k TEXT, j INT, x TEXT, PRIMARY KEY (k, j)) WITHOUT ROWID;"
		"CREATE TABLE n (k TEXT PRIMARY KEY)");
	struct rg_schema *s = introspect(c);
	if (s) {
		CHECK(rg_schema_find_table(s, "r")->columns[0]->not_null);
		CHECK(rg_table_find_column(rg_schema_find_table(s, "w"), "k")->not_null);
		CHECK(rg_table_find_column(rg_schema_find_table(s, "w"), "j")->not_null);
		CHECK(!rg_table_find_column(rg_schema_find_table(s, "w"), "x")->not_null);
		CHECK(!rg_schema_find_table(s, "n")->columns[0]->not_null);
	}
	rg_schema_free(s);
	D->disconnect(c);
}

/* Generated columns: read from table_xinfo and the CREATE TABLE text
 * (table_info leaves them out), kept by a rebuild that copies the rows
 * of the other columns only. */
static void generated_columns(void)
{
	struct rg_conn *c = open_db("generated.db");
	if (!c)
		return;
	exec(c, "CREATE TABLE g (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, note VARCHAR(10), "
		"b INTEGER GENERATED ALWAYS AS (a * (2)) STORED, c TEXT AS (upper(note)), "
		"CHECK (a > 0)); INSERT INTO g (id, a, note) VALUES (1, 3, 'x')");
	struct rg_schema *db = introspect(c);
	struct rg_table *t = db ? rg_schema_find_table(db, "g") : NULL;
	CHECK(t && t->ncolumns == 5);
	if (!t || t->ncolumns != 5) {
		rg_schema_free(db);
		D->disconnect(c);
		return;
	}
	CHECK_STR(t->columns[3]->generated, "a * (2)");
	CHECK(!t->columns[3]->generated_virtual && !t->columns[3]->default_expr);
	CHECK_STR(t->columns[4]->generated, "upper(note)");
	CHECK(t->columns[4]->generated_virtual);
	CHECK(!t->columns[1]->generated);

	struct rg_schema *m = rg_schema_new();
	struct rg_table *mt = rg_table_copy(m, t);
	expect_same(db, m);
	/* a change of type rebuilds the table */
	rg_table_find_column(mt, "note")->type = "VARCHAR(20)";
	rg_table_find_column(mt, "b")->generated = "a * 3";
	struct rg_error err;
	if (apply(c, db, m, &err) < 0)
		fprintf(stderr, "rebuild: %s\n", err.msg);
	char *v;
	CHECK_STR(v = one(c, "SELECT id || a || note || b || c FROM g"), "13x9X");
	free(v);
	rg_schema_free(db);
	db = introspect(c);
	if (db)
		expect_same(db, m);
	rg_schema_free(db);
	rg_schema_free(m);
	D->disconnect(c);
}

/* ON CONFLICT clauses, column- and table-level: read per constraint and
 * named for the header; a rebuild for a change of another column keeps
 * them (and what they do), one for a change of their key says it drops
 * it. */
static void conflict_clauses(void)
{
	struct rg_conn *c = open_db("conflict.db");
	if (!c)
		return;
	exec(c, "CREATE TABLE m (id INTEGER CONSTRAINT m_pk PRIMARY KEY DESC on conflict ignore, "
		"email TEXT NOT NULL ON CONFLICT FAIL CONSTRAINT m_email UNIQUE ON CONFLICT REPLACE, "
		"nick TEXT NOT NULL, n INT, "
		"UNIQUE (nick, n) ON CONFLICT ROLLBACK, CHECK (n >= 0));"
		"CREATE TABLE a (id INTEGER PRIMARY KEY ON CONFLICT REPLACE AUTOINCREMENT, x TEXT);"
		"CREATE TABLE k (p TEXT NOT NULL, q TEXT NOT NULL, PRIMARY KEY (p, q) ON CONFLICT ABORT);"
		"INSERT INTO m VALUES (1, 'a@x', 'a', 1), (2, 'b@x', 'b', 1)");
	struct rg_schema *db = introspect(c);
	struct rg_table *t = db ? rg_schema_find_table(db, "m") : NULL;
	CHECK(t && t->pk && t->nuniques == 2);
	if (!t || !t->pk || t->nuniques != 2) {
		rg_schema_free(db);
		D->disconnect(c);
		return;
	}
	CHECK_STR(t->pk->on_conflict, "IGNORE");
	CHECK_STR(rg_table_find_column(t, "email")->not_null_on_conflict, "FAIL");
	CHECK(!rg_table_find_column(t, "nick")->not_null_on_conflict);
	for (size_t i = 0; i < t->nuniques; i++)
		CHECK_STR(t->uniques[i]->on_conflict, t->uniques[i]->ncols == 1 ? "REPLACE" : "ROLLBACK");
	CHECK(t->nunsaid == 4);
	CHECK_STR(rg_schema_find_table(db, "a")->pk->on_conflict, "REPLACE");
	CHECK(rg_schema_find_table(db, "a")->columns[0]->autoincrement);
	CHECK_STR(rg_schema_find_table(db, "k")->pk->on_conflict, "ABORT");

	/* the models say no ON CONFLICT, and that is no difference */
	struct rg_schema *m = rg_schema_new();
	for (size_t i = 0; i < db->ntables; i++) {
		struct rg_table *mt = model_of(m, db, db->tables[i]->name);
		mt->nunsaid = 0;
		mt->pk->on_conflict = NULL;
		for (size_t k = 0; k < mt->nuniques; k++)
			mt->uniques[k]->on_conflict = NULL;
		for (size_t k = 0; k < mt->ncolumns; k++)
			mt->columns[k]->not_null_on_conflict = NULL;
	}
	expect_same(db, m);
	/* another column's type: a rebuild that keeps every clause */
	rg_table_find_column(rg_schema_find_table(m, "m"), "n")->type = "BIGINT";
	rg_table_find_column(rg_schema_find_table(m, "a"), "x")->type = "VARCHAR(9)";
	rg_table_find_column(rg_schema_find_table(m, "k"), "q")->type = "VARCHAR(9)";
	struct rg_error err;
	if (apply(c, db, m, &err) < 0)
		fprintf(stderr, "rebuild: %s\n", err.msg);
	char *v;
	CHECK(strstr(v = one(c, "SELECT sql FROM sqlite_master WHERE name = 'm'"),
		     "n BIGINT") != NULL);
	free(v);
	rg_schema_free(db);
	db = introspect(c);
	t = db ? rg_schema_find_table(db, "m") : NULL;
	CHECK(t && t->nunsaid == 4 && t->pk && rg_streq(t->pk->on_conflict, "IGNORE"));
	CHECK(db && rg_streq(rg_schema_find_table(db, "a")->pk->on_conflict, "REPLACE"));
	CHECK(db && rg_streq(rg_schema_find_table(db, "k")->pk->on_conflict, "ABORT"));
	if (db)
		expect_same(db, m);
	/* and they still do it: REPLACE, IGNORE, FAIL, ROLLBACK */
	exec(c, "INSERT INTO m VALUES (3, 'a@x', 'c', 2); INSERT INTO m VALUES (2, 'z@x', 'z', 2)");
	CHECK_STR(v = one(c, "SELECT group_concat(id || email, ' ') FROM (SELECT * FROM m ORDER BY id)"),
		  "2b@x 3a@x");
	free(v);
	CHECK(run(c, "INSERT INTO m VALUES (4, NULL, 'd', 4)", &err) < 0);
	CHECK(run(c, "INSERT INTO m VALUES (5, 'e@x', 'b', 1)", &err) < 0);
	exec(c, "INSERT INTO a (id, x) VALUES (1, 'one'); INSERT INTO a (id, x) VALUES (1, 'uno')");
	CHECK_STR(v = one(c, "SELECT group_concat(x) FROM a"), "uno");
	free(v);

	/* a change of the key itself drops its clause, and says so */
	struct rg_unique *u = rg_schema_find_table(m, "m")->uniques[0];
	struct rg_unique *two = u->ncols == 2 ? u : rg_schema_find_table(m, "m")->uniques[1];
	two->ncols = 1;
	struct rg_oplist ops;
	struct rg_buf sql = RG_BUF_INIT;
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, db, m, D->compare, NULL, &err) == 0);
	CHECK(D->render_ops(D, &ops, &sql, &err) == 0);
	CHECK(strstr(rg_buf_str(&sql), "-- WARNING: m's UNIQUE (nick, n) ON CONFLICT ROLLBACK "
				       "is not kept") != NULL);
	CHECK(strstr(rg_buf_str(&sql), "UNIQUE (email) ON CONFLICT REPLACE") != NULL);
	CHECK(strstr(rg_buf_str(&sql), "UNIQUE (nick) ON CONFLICT") == NULL);
	rg_buf_free(&sql);
	rg_oplist_free(&ops);
	rg_schema_free(db);
	rg_schema_free(m);
	D->disconnect(c);
}

/* An expression key part is written with no parentheses of its own, as
 * .schema shows it, and one written ((lower(x))) by hand (or by an older
 * revgen) is the same index. */
static void expression_keys(void)
{
	struct rg_conn *c = open_db("exprkeys.db");
	if (!c)
		return;
	exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT);"
		"CREATE INDEX old_form ON t ((lower(a)))");
	struct rg_schema *db = introspect(c);
	if (!db) {
		D->disconnect(c);
		return;
	}
	struct rg_schema *m = rg_schema_new();
	struct rg_table *mt = model_of(m, db, "t");
	mt->indexes[0]->cols[0] = "(lower(a))";
	expect_same(db, m);
	struct rg_index *x = rg_table_add_index(m, mt, "ix_new");
	rg_names_push(m, &x->cols, &x->ncols, "(lower(b))");
	rg_names_push(m, &x->cols, &x->ncols, "(a || b) COLLATE \"NOCASE\" DESC");
	rg_names_push(m, &x->cols, &x->ncols, "((a))");
	struct rg_error err;
	if (apply(c, db, m, &err) < 0)
		fprintf(stderr, "create index: %s\n", err.msg);
	char *v;
	CHECK_STR(v = one(c, "SELECT sql FROM sqlite_master WHERE name = 'ix_new'"),
		  "CREATE INDEX ix_new ON t (lower(b), (a || b) COLLATE NOCASE DESC, (a))");
	free(v);
	rg_schema_free(db);
	db = introspect(c);
	if (db)
		expect_same(db, m);
	rg_schema_free(db);
	rg_schema_free(m);
	D->disconnect(c);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "%s/rg-sqlite-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	round_trip();
	odd_names();
	rebuilds();
	hand_written();
	keeps_dependents();
	key_nullability();
	generated_columns();
	conflict_clauses();
	expression_keys();
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	TEST_DONE();
}
