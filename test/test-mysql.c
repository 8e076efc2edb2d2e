/*
 * test-mysql.c - the MySQL/MariaDB dialect against a real server (the one
 * scripts/test.sh starts; skipped, exit 77, without REVGEN_TEST_MYSQL_URL):
 * a matrix of MySQL's own types and defaults reads back equal (no false
 * positives); odd names round-trip; every ALTER runs and lands where the
 * models say, and back; CHECK clauses read back equal however the server
 * re-prints them; character sets and collations, FULLTEXT and SPATIAL
 * indexes, ON UPDATE and MySQL's aliases of types read back equal, and a
 * MODIFY keeps them; foreign keys and the indexes MySQL makes for them go
 * up and down; introspection costs the same number of queries for 10
 * tables as for 500, and on one connection as on two.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "diff/differ.h"
#include "emit/dialect.h"
#include "introspect/mysql.h"
#include "test/test.h"

static const struct rg_dialect *D = &rg_dialect_mysql;
static char base_url[512], db_url[600], db_name[64];
static void (*const sql_check)(const char *sql) = NULL;

#include "test/server-test.h"

/* Drops every table of the connection's database. */
static void wipe(struct rg_conn *c)
{
	char **rows;
	size_t n;
	struct rg_error err;
	CHECK(D->query_column(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
			      &rows, &n, &err) == 0);
	struct rg_buf sql = RG_BUF_INIT;
	rg_buf_add(&sql, "SET FOREIGN_KEY_CHECKS = 0;");
	for (size_t i = 0; i < n; i++) {
		rg_buf_add(&sql, "DROP TABLE ");
		D->quote_ident(&sql, rows[i]);
		rg_buf_add(&sql, ";");
	}
	rg_buf_add(&sql, "SET FOREIGN_KEY_CHECKS = 1");
	exec(c, sql.data);
	rg_buf_free(&sql);
	rg_free_rows(rows, n);
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
		{"INT", "-1", false}, {"INTEGER", "42", true}, {"BIGINT", "9000000000", true},
		{"SMALLINT", "0", true}, {"TINYINT", "3", false}, {"BOOLEAN", "TRUE", true},
		{"BOOL", "FALSE", false}, {"VARCHAR(20)", "'draft'", false},
		{"VARCHAR(64)", "'it''s'", true}, {"TEXT", "''", true}, {"TEXT", NULL, true},
		{"REAL", "1.5", true}, {"DOUBLE PRECISION", "-0.25", true}, {"DOUBLE", "2.5", false},
		{"FLOAT", "0", false}, {"DECIMAL(10,2)", "0.00", false}, {"NUMERIC(12,4)", "-1.5", false},
		{"TIMESTAMP", "CURRENT_TIMESTAMP", true}, {"DATETIME", NULL, false},
		{"DATE", "CURRENT_DATE", false}, {"BIGINT", "(1 + 2) * 3", true},
		{"INT UNSIGNED", "7", false}, {"CHAR(3)", "'abc'", false}, {"BLOB", NULL, false},
		{"JSON", NULL, false}, {"ENUM('A','b')", "'A'", false}, {"CHARACTER(3)", NULL, false},
		{"DATETIME(3)", "CURRENT_TIMESTAMP(3)", false}, {"VARCHAR(10)", "'say \"hi\"'", false},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(cols); i++)
		col(m, t, rg_arena_printf(m->arena, "c%02zu", i), cols[i].type, cols[i].generic,
		    i % 2 == 0, cols[i].def);
	struct rg_check *ck = rg_table_add_check(m, t, "ck_matrix_range");
	ck->expr = "c01 BETWEEN 0 AND 100";
	ck = rg_table_add_check(m, t, "ck_matrix_len");
	ck->expr = "length(c07) > 0 AND c03 >= 0";
	struct rg_index *x = rg_table_add_index(m, t, "ix_matrix_pair");
	rg_names_push(m, &x->cols, &x->ncols, "c01");
	rg_names_push(m, &x->cols, &x->ncols, "c02");
	t->comment = "all the types";
	t->columns[3]->comment = "it's a comment";
	rg_schema_sort(m);
	free(apply(c, empty, m));
	expect_same(c, m);
	wipe(c);
	rg_schema_free(m);
	rg_schema_free(empty);
}

static void odd_names(struct rg_conn *c)
{
	static const char *const names[] = {"order", "group", "MixedCase", "with`tick",
					    "日本語のテーブル", "select"};
	struct rg_schema *m = rg_schema_new(), *empty = rg_schema_new();
	for (size_t i = 0; i < RG_ARRAY_LEN(names); i++) {
		struct rg_table *t = rg_schema_add_table(m, names[i]);
		col(m, t, "id", "INTEGER", true, true, NULL);
		col(m, t, names[(i + 1) % RG_ARRAY_LEN(names)], "VARCHAR(20)", false, false, NULL);
		pk(m, t, "id");
		struct rg_index *x = rg_table_add_index(m, t, rg_arena_printf(m->arena, "ix %zu", i));
		rg_names_push(m, &x->cols, &x->ncols, names[(i + 1) % RG_ARRAY_LEN(names)]);
	}
	rg_schema_sort(m);
	free(apply(c, empty, m));
	expect_same(c, m);
	struct rg_buf q = RG_BUF_INIT;
	static const char *const idents[] = {"order", "users", "Users", "a`b", "123", "1e5",
					     "$x", "user", "no_write_to_binlog", "current_role",
					     "_x9", "日本"};
	for (size_t i = 0; i < RG_ARRAY_LEN(idents); i++) {
		if (i)
			rg_buf_addc(&q, ' ');
		D->quote_ident(&q, idents[i]);
	}
	CHECK_STR(q.data, "`order` users Users `a``b` `123` `1e5` `$x` user `no_write_to_binlog` "
			  "`current_role` _x9 `日本`");
	rg_buf_free(&q);
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
	struct rg_column *maybe = rg_table_find_column(t, "maybe");
	maybe->not_null = true;
	maybe->type = "VARCHAR(30)"; /* a TEXT column cannot be UNIQUE in MySQL */
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
	CHECK_CONTAINS(up, "ALTER TABLE child MODIFY COLUMN num_text INT NULL DEFAULT 0 COMMENT 'was text';");
	CHECK_CONTAINS(up, "ALTER TABLE child RENAME COLUMN old_name TO new_name;");
	CHECK_CONTAINS(up, "MODIFY COLUMN id INT NOT NULL AUTO_INCREMENT;");
	free(up);
	rg_schema_free(db);
	expect_same(c, v2);
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

/* CHECK clauses as people write them; MariaDB keeps none of them as
 * written (backquotes, fewer parentheses, ucase for upper, `d` = 0 for
 * NOT d, a <= 0 for NOT (a > 0), 'x\'y' for 'x''y'...). */
static void checks(struct rg_conn *c)
{
	static const char *const exprs[] = {
		"(a > 0) OR (b > 0)", "s IN ('draft', 'published')", "a != b",
		"char_length(s) > 2", "NOT d", "e LIKE '%@%'", "coalesce(a, 0) >= 0",
		"upper(s) = s", "a > 0 AND (b < 10 OR b IS NULL)", "s <> 'x''y'",
		"a + b * 2 < 100", "-a < 5", "a IS NOT NULL", "a % 2 = 0 && b > 0",
		"s = \"dq\"", "NOT (a > 0)", "d = TRUE", "d IS TRUE",
		"CASE WHEN a > 0 THEN b > 0 ELSE TRUE END", "(a * b) + 2 > 0",
		"a - (b + 1) > 0", "!d", "(a > 0 OR b > 0) AND s = 'x'", "a NOT BETWEEN 1 AND 2",
		"lower(s) <> 'It''s'", "substring(s, 1, 2) <> 'ab'", "length(s) < 10",
		"b BETWEEN -1 AND 1e3",
	};
	struct rg_schema *m = rg_schema_new(), *empty = rg_schema_new();
	struct rg_table *t = rg_schema_add_table(m, "checked");
	col(m, t, "a", "INT", false, false, NULL);
	col(m, t, "b", "INT", false, false, NULL);
	col(m, t, "d", "BOOLEAN", true, false, NULL);
	col(m, t, "s", "VARCHAR(20)", false, false, NULL);
	col(m, t, "e", "VARCHAR(50)", false, false, NULL);
	for (size_t i = 0; i < RG_ARRAY_LEN(exprs); i++) {
		struct rg_check *ck = rg_table_add_check(m, t, rg_arena_printf(m->arena, "ck_%02zu", i));
		ck->expr = exprs[i];
	}
	rg_schema_sort(m);
	free(apply(c, empty, m));
	expect_same(c, m);
	wipe(c);
	rg_schema_free(m);
	rg_schema_free(empty);

	/* types: display widths and synonyms meet, quoted values keep case */
	struct rg_buf x = RG_BUF_INIT, y = RG_BUF_INIT;
	D->compare->canon_type(&x, "int(11)");
	D->compare->canon_type(&y, "INTEGER");
	CHECK_STR(rg_buf_str(&x), rg_buf_str(&y));
	rg_buf_reset(&x);
	rg_buf_reset(&y);
	D->compare->canon_type(&x, "ENUM('A','b')");
	D->compare->canon_type(&y, "enum('a','b')");
	CHECK(strcmp(rg_buf_str(&x), rg_buf_str(&y)) != 0);

	/* and what means something else stays different */
	static const char *const differ[][2] = {
		{"(a OR b) AND c", "a OR b AND c"}, {"a - b - c", "a - (b - c)"},
		{"NOT (a AND b)", "NOT a AND b"}, {"s = 'It''s'", "s = 'it''s'"},
		{"a > 0", "a >= 0"}, {"a IS TRUE", "a IS NOT TRUE"},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(differ); i++) {
		rg_buf_reset(&x);
		rg_buf_reset(&y);
		D->compare->canon_expr(&x, differ[i][0]);
		D->compare->canon_expr(&y, differ[i][1]);
		if (strcmp(rg_buf_str(&x), rg_buf_str(&y)) == 0)
			fprintf(stderr, "  '%s' and '%s' both read %s\n", differ[i][0], differ[i][1],
				rg_buf_str(&x));
		CHECK(strcmp(rg_buf_str(&x), rg_buf_str(&y)) != 0);
	}
	rg_buf_free(&x);
	rg_buf_free(&y);
}

/* The check of t whose expression canonicalises as expr's, or NULL. */
static const struct rg_check *check_of(const struct rg_table *t, const char *expr)
{
	struct rg_buf x = RG_BUF_INIT, y = RG_BUF_INIT;
	const struct rg_check *hit = NULL;
	D->compare->canon_expr(&y, expr);
	for (size_t i = 0; t && i < t->nchecks && !hit; i++) {
		rg_buf_reset(&x);
		D->compare->canon_expr(&x, t->checks[i]->expr);
		if (strcmp(rg_buf_str(&x), rg_buf_str(&y)) == 0)
			hit = t->checks[i];
	}
	rg_buf_free(&x);
	rg_buf_free(&y);
	return hit;
}

/* MariaDB's column-level checks (MySQL 8 has none): read with their
 * column, also after a RENAME COLUMN, which leaves the check its old name;
 * taken out with MODIFY COLUMN, which DROP CONSTRAINT cannot; put back in
 * the column's definition. */
static void column_checks(struct rg_conn *c)
{
	struct rg_error err;
	if (D->exec(c, "SELECT LEVEL FROM information_schema.CHECK_CONSTRAINTS LIMIT 0", &err) < 0)
		return;
	exec(c, "CREATE TABLE cc (a INT CHECK (a > 0), b INT CHECK (b > a), k INT, "
		"CONSTRAINT k_pos CHECK (k > 0)); ALTER TABLE cc RENAME COLUMN a TO z");
	struct rg_schema *db = introspect(c), *m = rg_schema_new(), *m2 = rg_schema_new();
	const struct rg_table *dt = db && db->ntables ? db->tables[0] : NULL;
	const struct rg_check *z = check_of(dt, "z > 0"), *b = check_of(dt, "b > z"),
			      *k = check_of(dt, "k > 0");
	CHECK(z && z->column && strcmp(z->column, "z") == 0);
	CHECK(b && b->column && strcmp(b->column, "b") == 0);
	CHECK(k && !k->column);
	struct rg_table *t = rg_schema_add_table(m, "cc");
	col(m, t, "z", "INT", false, false, NULL);
	col(m, t, "b", "INT", false, false, NULL);
	col(m, t, "k", "INT", false, false, NULL);
	struct rg_check *ck = rg_table_add_check(m, t, NULL);
	ck->expr = "z > 0";
	ck->column = "z";
	ck = rg_table_add_check(m, t, NULL);
	ck->expr = "b > z";
	ck->column = "b";
	ck = rg_table_add_check(m, t, "k_pos");
	ck->expr = "k > 0";
	expect_same(c, m);
	/* z's check goes, b's becomes a table constraint */
	t = rg_table_copy(m2, t);
	t->nchecks = 1;
	t->checks[0]->expr = "b > z";
	t->checks[0]->name = "b_gt";
	t->checks[0]->column = NULL;
	char *sql = apply(c, db, m2);
	CHECK_CONTAINS(sql, "ALTER TABLE cc MODIFY COLUMN z int(11) NULL;");
	CHECK_CONTAINS(sql, "ALTER TABLE cc MODIFY COLUMN b int(11) NULL;");
	CHECK_CONTAINS(sql, "ALTER TABLE cc DROP CONSTRAINT k_pos;");
	free(sql);
	expect_same(c, m2);
	/* and back: the downgrade, the inverse of those operations */
	struct rg_oplist ops, inv;
	struct rg_buf down = RG_BUF_INIT;
	rg_oplist_init(&ops);
	rg_oplist_init(&inv);
	CHECK(rg_diff(&ops, db, m2, D->compare, NULL, &err) == 0);
	rg_oplist_invert(&inv, &ops, D->compare);
	CHECK(D->render_ops(D, &inv, &down, &err) == 0);
	exec(c, rg_buf_str(&down));
	rg_buf_free(&down);
	rg_oplist_free(&ops);
	rg_oplist_free(&inv);
	expect_same(c, db);
	struct rg_schema *now = introspect(c);
	dt = now && now->ntables ? now->tables[0] : NULL;
	b = check_of(dt, "b > z");
	CHECK(b && b->column && strcmp(b->column, "b") == 0);
	z = check_of(dt, "z > 0");
	CHECK(z && z->column && strcmp(z->name, "z") == 0);
	/* a MODIFY of b keeps its check in the column, though a model's check
	 * naming another column would be written as a table constraint */
	struct rg_schema *m3 = rg_schema_new();
	t = rg_table_copy(m3, m->tables[0]);
	t->columns[1]->type = "BIGINT";
	for (size_t i = 0; i < t->nchecks; i++)
		t->checks[i]->loc.file = "models/cc.h";
	sql = apply(c, now, m3);
	CHECK_CONTAINS(sql, "ALTER TABLE cc MODIFY COLUMN b BIGINT NULL CHECK (b > z);");
	free(sql);
	expect_same(c, m3);
	rg_schema_free(now);
	now = introspect(c);
	b = check_of(now && now->ntables ? now->tables[0] : NULL, "b > z");
	CHECK(b && b->column && strcmp(b->column, "b") == 0);
	rg_schema_free(m3);
	wipe(c);
	rg_schema_free(now);
	rg_schema_free(db);
	rg_schema_free(m);
	rg_schema_free(m2);
}

/* Applies from -> to, checks the server agrees with to, then the inverse
 * and checks it is back at from. */
static void there_and_back(struct rg_conn *c, struct rg_schema *from, struct rg_schema *to)
{
	free(apply(c, from, to));
	expect_same(c, to);
	struct rg_oplist ops, inv;
	struct rg_error err;
	struct rg_buf sql = RG_BUF_INIT;
	rg_oplist_init(&ops);
	rg_oplist_init(&inv);
	CHECK(rg_diff(&ops, from, to, D->compare, NULL, &err) == 0);
	rg_oplist_invert(&inv, &ops, D->compare);
	CHECK(D->render_ops(D, &inv, &sql, &err) == 0);
	exec(c, sql.data);
	rg_buf_free(&sql);
	rg_oplist_free(&ops);
	rg_oplist_free(&inv);
	expect_same(c, from);
}

static struct rg_fk *fk_to_parent(struct rg_schema *s, struct rg_table *t, const char *name)
{
	struct rg_fk *f = rg_table_add_fk(s, t, name);
	size_t nr = 0;
	rg_names_push(s, &f->cols, &f->ncols, "parent_id");
	rg_names_push(s, &f->ref_cols, &nr, "id");
	f->ref_table = "parent";
	return f;
}

/* The index MySQL makes beside a foreign key with none to use: never a
 * model-less index, gone with its key, and no obstacle either way when
 * the models add an index of their own in the same revision. */
static void fk_indexes(struct rg_conn *c)
{
	struct rg_schema *v1 = alters_v1(), *v2 = alters_v1(), *v3 = alters_v1(),
			 *empty = rg_schema_new();
	free(apply(c, empty, v1));
	fk_to_parent(v2, rg_schema_find_table(v2, "child"), "fk_child_parent");
	rg_schema_sort(v2);
	there_and_back(c, v1, v2);

	struct rg_table *t = rg_schema_find_table(v3, "child");
	fk_to_parent(v3, t, "fk_child_parent")->on_delete = RG_FK_CASCADE;
	struct rg_index *x = rg_table_add_index(v3, t, "ix_child_parent_id");
	rg_names_push(v3, &x->cols, &x->ncols, "parent_id");
	rg_schema_sort(v3);
	there_and_back(c, v1, v3);
	/* the key alone, then its index added later, and back */
	free(apply(c, v1, v2));
	there_and_back(c, v2, v3);
	free(apply(c, v2, v1));
	expect_same(c, v1);
	/* a table created with its key carries no second index */
	free(apply(c, v1, empty));
	there_and_back(c, empty, v2);
	wipe(c);
	rg_schema_free(v1);
	rg_schema_free(v2);
	rg_schema_free(v3);
	rg_schema_free(empty);
}

static void statement_count(struct rg_conn *c)
{
	struct rg_buf sql = RG_BUF_INIT;
	unsigned long count_ten = 0;
	for (int i = 0; i < 500; i++) {
		rg_buf_addf(&sql, "CREATE TABLE t%03d (id int PRIMARY KEY, a varchar(20) UNIQUE, "
			    "b int CHECK (b > 0), p int, CONSTRAINT fk_t%03d FOREIGN KEY (p) REFERENCES t%03d (id), "
			    "INDEX ix_t%03d (a, b));",
			    i, i, i > 0 ? i - 1 : 0, i);
		if (i == 9 || i == 499) {
			exec(c, sql.data);
			rg_buf_reset(&sql);
		}
		if (i == 9) {
			count_ten = count_introspection(c);
			fprintf(stderr, "queries to read 10 tables: %lu\n", count_ten);
			CHECK(count_ten > 0 && count_ten <= 12);
		}
	}
	rg_buf_free(&sql);
	struct rg_schema *s = introspect(c);
	CHECK(s && s->ntables == 500);
	if (s && s->ntables == 500)
		CHECK(s->tables[499]->nfks == 1 && s->tables[499]->nindexes == 1 &&
		      s->tables[499]->nuniques == 1 && s->tables[499]->nchecks == 1);
	/* the checks, read on the second connection, are every table's, each once */
	size_t nchecks = 0;
	for (size_t i = 0; s && i < s->ntables; i++)
		nchecks += s->tables[i]->nchecks;
	CHECK(nchecks == 500);
	rg_schema_free(s);
	unsigned long five_hundred = count_introspection(c);
	fprintf(stderr, "queries to read 500 tables: %lu\n", five_hundred);
	CHECK(five_hundred == count_ten);
	wipe(c);
}

/*
 * Foreign keys read two ways agree: from InnoDB's dictionary (this test's
 * user has PROCESS) and, for a user without PROCESS, from
 * KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS; every ON DELETE / ON
 * UPDATE rule and a composite key in its own column order come out the
 * same, and as declared.
 */
/* A connection to c's database as a user without the PROCESS privilege
 * (who cannot read InnoDB's dictionary views), or NULL. */
static struct rg_conn *connect_without_process(struct rg_conn *c)
{
	char sql[400], url[700];
	exec(c, "DROP USER IF EXISTS 'revgen_noproc'@'127.0.0.1'");
	exec(c, "CREATE USER 'revgen_noproc'@'127.0.0.1' IDENTIFIED BY 'np'");
	snprintf(sql, sizeof(sql), "GRANT ALL PRIVILEGES ON %s.* TO 'revgen_noproc'@'127.0.0.1'", db_name);
	exec(c, sql);
	/* base_url is mysql://user:password@host:port */
	const char *at = strrchr(base_url, '@');
	CHECK(at != NULL);
	snprintf(url, sizeof(url), "mysql://revgen_noproc:np%s/%s", at ? at : "@", db_name);
	return connect_to(url);
}

static void disconnect_without_process(struct rg_conn *c, struct rg_conn *np)
{
	if (np)
		D->disconnect(np);
	exec(c, "DROP USER 'revgen_noproc'@'127.0.0.1'");
}

static const struct rg_fk *fk_named(const struct rg_schema *s, const char *name)
{
	const struct rg_table *t = s ? rg_schema_find_table(s, "fk_child") : NULL;
	for (size_t i = 0; t && i < t->nfks; i++)
		if (strcmp(t->fks[i]->name, name) == 0)
			return t->fks[i];
	return NULL;
}

static void fk_sources(struct rg_conn *c)
{
	exec(c, "CREATE TABLE fk_parent (id integer PRIMARY KEY, code integer NOT NULL, "
		"UNIQUE KEY uq_code_id (code, id))");
	exec(c, "CREATE TABLE fk_child (id integer PRIMARY KEY, a integer, b integer, d integer, "
		"e integer, f integer, "
		"CONSTRAINT fk_cascade FOREIGN KEY (a) REFERENCES fk_parent (id) "
		"  ON DELETE CASCADE ON UPDATE SET NULL, "
		"CONSTRAINT fk_setnull FOREIGN KEY (b) REFERENCES fk_parent (id) "
		"  ON DELETE SET NULL ON UPDATE CASCADE, "
		"CONSTRAINT fk_noaction FOREIGN KEY (d) REFERENCES fk_parent (id) "
		"  ON DELETE NO ACTION ON UPDATE NO ACTION, "
		"CONSTRAINT fk_plain FOREIGN KEY (e) REFERENCES fk_parent (id), "
		"CONSTRAINT fk_pair FOREIGN KEY (f, e) REFERENCES fk_parent (code, id))");
	struct rg_schema *fast = introspect(c);
	struct rg_conn *np = connect_without_process(c);
	struct rg_schema *portable = np ? introspect(np) : NULL;

	static const struct {
		const char *name;
		enum rg_fk_action del, upd;
	} want[] = {
		{"fk_cascade", RG_FK_CASCADE, RG_FK_SET_NULL},
		{"fk_setnull", RG_FK_SET_NULL, RG_FK_CASCADE},
		{"fk_noaction", RG_FK_NO_ACTION, RG_FK_NO_ACTION},
		{"fk_plain", RG_FK_RESTRICT, RG_FK_RESTRICT},
		{"fk_pair", RG_FK_RESTRICT, RG_FK_RESTRICT},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(want); i++) {
		const struct rg_fk *x = fk_named(fast, want[i].name), *y = fk_named(portable, want[i].name);
		CHECK(x != NULL && y != NULL);
		if (!x || !y)
			continue;
		CHECK(x->on_delete == want[i].del && x->on_update == want[i].upd);
		CHECK(y->on_delete == x->on_delete && y->on_update == x->on_update);
		CHECK_STR(x->ref_table, "fk_parent");
		CHECK_STR(y->ref_table, x->ref_table);
		CHECK(x->ncols == y->ncols);
		for (size_t k = 0; k < x->ncols && k < y->ncols; k++) {
			CHECK_STR(x->cols[k], y->cols[k]);
			CHECK_STR(x->ref_cols[k], y->ref_cols[k]);
		}
	}
	const struct rg_fk *pair = fk_named(fast, "fk_pair");
	if (pair && pair->ncols == 2) {
		CHECK_STR(pair->cols[0], "f");
		CHECK_STR(pair->cols[1], "e");
		CHECK_STR(pair->ref_cols[0], "code");
		CHECK_STR(pair->ref_cols[1], "id");
	} else {
		CHECK(0);
	}
	rg_schema_free(fast);
	rg_schema_free(portable);
	disconnect_without_process(c, np);
	exec(c, "DROP TABLE fk_child");
	exec(c, "DROP TABLE fk_parent");
}

/*
 * Indexes read two ways agree: from InnoDB's dictionary and, for a user
 * without PROCESS, from STATISTICS.  Then a table the dictionary cannot
 * answer for (a MyISAM table; a long unique key, whose InnoDB index is on a
 * hidden column) sends the whole read back to STATISTICS, still the same.
 * The statement counts show which way was taken: 9 from the dictionary,
 * 10 when STATISTICS had to follow it.
 */
static void index_sources(struct rg_conn *c)
{
	exec(c, "CREATE TABLE ix_a (id integer PRIMARY KEY, a integer, b varchar(20), c integer NOT NULL, "
		"UNIQUE KEY uq_ab (b, a), KEY ix_ca (c, a), KEY ix_b (b))");
	exec(c, "CREATE TABLE ix_nopk (a integer, b integer, KEY ix_ba (b, a))");
	exec(c, "CREATE TABLE ix_uniq (a integer NOT NULL, b integer, UNIQUE KEY uq_a (a))");
	exec(c, "CREATE TABLE ix_fk (id integer PRIMARY KEY, p integer, q integer, "
		"CONSTRAINT fk_ix FOREIGN KEY (p) REFERENCES ix_a (id), KEY ix_q (q))");
	struct rg_conn *np = connect_without_process(c);
	for (int round = 0; round < 2 && np; round++) {
		if (round == 1) {
			exec(c, "CREATE TABLE ix_long (id integer PRIMARY KEY, body text, UNIQUE KEY uq_body (body))");
			exec(c, "CREATE TABLE ix_myisam (id integer PRIMARY KEY, v integer, KEY ix_v (v)) ENGINE=MyISAM");
		}
		unsigned long n = count_introspection(c);
		fprintf(stderr, "index_sources round %d: %lu statements\n", round, n);
		CHECK(n == (round == 0 ? 9u : 10u));
		struct rg_schema *portable = introspect(np);
		if (!portable)
			continue;
		expect_same(c, portable);
		const struct rg_table *a = NULL, *nopk = NULL;
		for (size_t i = 0; i < portable->ntables; i++) {
			if (strcmp(portable->tables[i]->name, "ix_a") == 0)
				a = portable->tables[i];
			if (strcmp(portable->tables[i]->name, "ix_nopk") == 0)
				nopk = portable->tables[i];
		}
		CHECK(a && a->nindexes == 2 && a->nuniques == 1 && a->pk);
		CHECK(nopk && nopk->nindexes == 1 && !nopk->pk && nopk->nuniques == 0);
		rg_schema_free(portable);
	}
	disconnect_without_process(c, np);
	exec(c, "DROP TABLE ix_fk, ix_a, ix_nopk, ix_uniq, ix_long, ix_myisam");
}

/*
 * Prefix and DESC key parts: STATISTICS shows them (the read without the
 * PROCESS privilege), InnoDB's dictionary does not, and reread_key_parts
 * sets them for the tables asked (or all): then both reads agree, a
 * unique key with such a part being a unique index.
 */
static void prefix_parts(struct rg_conn *c)
{
	exec(c, "CREATE TABLE pre_a (id integer PRIMARY KEY, email varchar(300), n integer, "
		"KEY ix_email (email(191), n DESC), UNIQUE KEY uq_email (email(50)), KEY ix_n (n))");
	exec(c, "CREATE TABLE pre_b (id integer PRIMARY KEY, t text, KEY ix_t (t(10)))");
	struct rg_conn *np = connect_without_process(c);
	struct rg_schema *portable = np ? introspect(np) : NULL;
	struct rg_schema *fast = introspect(c), *all = introspect(c);
	if (portable && fast && all) {
		const struct rg_table *pa = rg_schema_find_table(portable, "pre_a");
		CHECK(pa && pa->nindexes == 3 && pa->nuniques == 0);
		for (size_t i = 0; pa && i < pa->nindexes; i++) {
			const struct rg_index *x = pa->indexes[i];
			if (strcmp(x->name, "ix_email") == 0) {
				CHECK(x->ncols == 2 && !x->unique);
				CHECK_STR(x->cols[0], "email(191)");
				CHECK_STR(x->cols[1], "n DESC");
			} else if (strcmp(x->name, "uq_email") == 0) {
				CHECK(x->ncols == 1 && x->unique);
				CHECK_STR(x->cols[0], "email(50)");
			} else {
				CHECK_STR(x->cols[0], "n");
			}
		}
		/* the fast read: plain parts; asked again for pre_a alone */
		const struct rg_table *fa = rg_schema_find_table(fast, "pre_a");
		CHECK(fa && fa->nuniques == 1);
		const char *one[] = {"pre_a"};
		struct rg_error err;
		CHECK(D->reread_key_parts(c, fast, one, 1, &err) == 0);
		CHECK(D->reread_key_parts(c, all, NULL, 0, &err) == 0);
		const char *tables[] = {"pre_a", "pre_b"};
		for (size_t k = 0; k < 2; k++) {
			struct rg_schema *got = k ? all : fast;
			struct rg_oplist ops;
			rg_oplist_init(&ops);
			struct rg_schema *pick = rg_schema_new(), *want = rg_schema_new();
			for (size_t i = 0; i < 2; i++) {
				if (i == 1 && !k)
					break; /* pre_b was not asked for */
				rg_table_copy(pick, rg_schema_find_table(got, tables[i]));
				rg_table_copy(want, rg_schema_find_table(portable, tables[i]));
			}
			CHECK(rg_diff(&ops, pick, want, D->compare, NULL, &err) == 0);
			CHECK(ops.n == 0);
			rg_oplist_free(&ops);
			rg_schema_free(pick);
			rg_schema_free(want);
		}
		const struct rg_table *fb = rg_schema_find_table(fast, "pre_b");
		CHECK(fb && fb->nindexes == 1 && strcmp(fb->indexes[0]->cols[0], "t") == 0);
	}
	rg_schema_free(portable);
	rg_schema_free(fast);
	rg_schema_free(all);
	disconnect_without_process(c, np);
	exec(c, "DROP TABLE pre_a, pre_b");
}

/*
 * A user allowed one connection at a time: the catalog's second
 * connection is refused, and the first asks everything itself, with the
 * same answer in as many statements.
 */
static void one_connection(struct rg_conn *c)
{
	exec(c, "CREATE TABLE one_a (id integer PRIMARY KEY, v varchar(20) UNIQUE, w integer CHECK (w > 0), "
		"KEY ix_w (w))");
	exec(c, "CREATE TABLE one_b (id integer PRIMARY KEY, a integer, "
		"CONSTRAINT fk_one FOREIGN KEY (a) REFERENCES one_a (id))");
	char sql[400], url[700];
	exec(c, "DROP USER IF EXISTS 'revgen_onecon'@'127.0.0.1'");
	exec(c, "CREATE USER 'revgen_onecon'@'127.0.0.1' IDENTIFIED BY 'oc' WITH MAX_USER_CONNECTIONS 1");
	snprintf(sql, sizeof(sql), "GRANT ALL PRIVILEGES ON %s.* TO 'revgen_onecon'@'127.0.0.1'", db_name);
	exec(c, sql);
	/* InnoDB's dictionary, as for c */
	exec(c, "GRANT PROCESS ON *.* TO 'revgen_onecon'@'127.0.0.1'");
	const char *at = strrchr(base_url, '@');
	CHECK(at != NULL);
	snprintf(url, sizeof(url), "mysql://revgen_onecon:oc%s/%s", at ? at : "@", db_name);
	struct rg_conn *one = connect_to(url);
	if (one) {
		unsigned long n = count_introspection(one), m = count_introspection(c);
		fprintf(stderr, "one connection: %lu statements, two: %lu\n", n, m);
		CHECK(n == m);
		struct rg_schema *s = introspect(one);
		if (s) {
			CHECK(s->ntables == 2);
			const struct rg_table *a = rg_schema_find_table(s, "one_a"),
					     *b = rg_schema_find_table(s, "one_b");
			CHECK(a && a->pk && a->nuniques == 1 && a->nindexes == 1 && a->nchecks == 1);
			CHECK(b && b->nfks == 1 && b->nindexes == 0);
			expect_same(c, s);
			rg_schema_free(s);
		}
		D->disconnect(one);
	}
	exec(c, "DROP USER 'revgen_onecon'@'127.0.0.1'");
	exec(c, "DROP TABLE one_b, one_a");
}

/* Upgrade from the database as it is, then the downgrade (the inverse of
 * the same operations, as revgen writes it); returns both scripts'
 * text, the downgrade's after a '\f'. */
static char *up_and_down(struct rg_conn *c, const struct rg_schema *to, bool down)
{
	struct rg_schema *db = introspect(c);
	struct rg_oplist ops, inv;
	struct rg_error err;
	struct rg_buf up = RG_BUF_INIT, dn = RG_BUF_INIT;
	rg_oplist_init(&ops);
	rg_oplist_init(&inv);
	CHECK(db && rg_diff(&ops, db, to, D->compare, NULL, &err) == 0);
	CHECK(D->render_ops(D, &ops, &up, &err) == 0);
	if (D->exec(c, rg_buf_str(&up), &err) < 0) {
		fprintf(stderr, "upgrade failed: %s\n%s\n", err.msg, rg_buf_str(&up));
		CHECK(0);
	}
	expect_same(c, to);
	rg_oplist_invert(&inv, &ops, D->compare);
	CHECK(D->render_ops(D, &inv, &dn, &err) == 0);
	if (down && D->exec(c, rg_buf_str(&dn), &err) < 0) {
		fprintf(stderr, "downgrade failed: %s\n%s\n", err.msg, rg_buf_str(&dn));
		CHECK(0);
	}
	if (down)
		expect_same(c, db);
	rg_buf_addc(&up, '\f');
	rg_buf_add(&up, rg_buf_str(&dn));
	rg_buf_free(&dn);
	rg_oplist_free(&ops);
	rg_oplist_free(&inv);
	rg_schema_free(db);
	return rg_buf_detach(&up);
}

static char *first_row(struct rg_conn *c, const char *sql)
{
	char **rows;
	size_t n;
	struct rg_error err;
	char *v = NULL;
	CHECK(D->query_column(c, sql, &rows, &n, &err) == 0);
	if (n && rows[0])
		v = strdup(rows[0]);
	rg_free_rows(rows, n);
	return v;
}

/* A table made by hand: a latin1 table with a utf8mb4 column holding
 * 'Łódź', a _bin column, a FULLTEXT index and ON UPDATE CURRENT_TIMESTAMP;
 * the models that say so see no difference, and a MODIFY keeps all of it. */
static struct rg_schema *cities_model(const char *name_type, bool fulltext)
{
	struct rg_schema *m = rg_schema_new();
	struct rg_table *t = rg_schema_add_table(m, "cities");
	col(m, t, "id", "INT", false, true, NULL);
	pk(m, t, "id");
	col(m, t, "name", name_type, false, true, NULL)->charset = "utf8mb4";
	col(m, t, "code", "VARCHAR(5)", false, false, NULL);
	col(m, t, "tag", "VARCHAR(10)", false, false, NULL)->collation = "latin1_bin";
	col(m, t, "body", "TEXT", false, false, NULL);
	col(m, t, "ts", "DATETIME", false, false, "CURRENT_TIMESTAMP")->on_update = "CURRENT_TIMESTAMP";
	if (fulltext) {
		struct rg_index *x = rg_table_add_index(m, t, "ft_body");
		rg_names_push(m, &x->cols, &x->ncols, "body");
		x->kind = "FULLTEXT";
	}
	rg_schema_sort(m);
	return m;
}

static void charsets(struct rg_conn *c)
{
	exec(c, "CREATE TABLE cities (id INT PRIMARY KEY, name VARCHAR(10) CHARACTER SET utf8mb4 NOT NULL, "
		"code VARCHAR(5), tag VARCHAR(10) COLLATE latin1_bin, body TEXT, "
		"ts DATETIME DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, "
		"FULLTEXT INDEX ft_body (body)) CHARACTER SET latin1");
	exec(c, "INSERT INTO cities (id, name, code, body) VALUES (1, 'Łódź', 'PL', 'city of looms')");
	struct rg_schema *v1 = cities_model("VARCHAR(10)", true);
	expect_same(c, v1);
	struct rg_schema *db = introspect(c);
	struct rg_table *dt = db ? rg_schema_find_table(db, "cities") : NULL;
	CHECK(dt && dt->nindexes == 1 && rg_streq(dt->indexes[0]->kind, "FULLTEXT"));
	CHECK(dt && rg_streq(dt->charset, "latin1") && rg_streq(dt->collation, "latin1_swedish_ci"));
	/* a model silent on name means the table's latin1: a difference */
	struct rg_schema *silent = cities_model("VARCHAR(10)", true);
	rg_table_find_column(silent->tables[0], "name")->charset = NULL;
	struct rg_oplist ops;
	struct rg_error err;
	rg_oplist_init(&ops);
	CHECK(db && rg_diff(&ops, db, silent, D->compare, NULL, &err) == 0);
	CHECK(ops.n == 1 && ops.ops[0].kind == RG_OP_ALTER_COLUMN &&
	      ops.ops[0].alter == RG_ALTER_CHARSET && rg_streq(ops.ops[0].column, "name"));
	rg_oplist_free(&ops);
	rg_schema_free(silent);
	rg_schema_free(db);

	/* widened, its index dropped: the data fits, the charset stays */
	struct rg_schema *v2 = cities_model("VARCHAR(20)", false);
	rg_table_find_column(v2->tables[0], "ts")->comment = "touched";
	char *sql = up_and_down(c, v2, false);
	/* RG_CHARSET alone: the collation is the one the column has */
	CHECK_CONTAINS(sql, "MODIFY COLUMN name VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL;");
	CHECK_CONTAINS(sql, "ON UPDATE CURRENT_TIMESTAMP COMMENT 'touched';");
	CHECK_CONTAINS(sql, "CREATE FULLTEXT INDEX ft_body ON cities (body);");
	free(sql);
	char *v = first_row(c, "SELECT name FROM cities");
	CHECK_STR(v, "Łódź");
	free(v);
	exec(c, "UPDATE cities SET ts = '2000-01-01', code = 'X'");
	exec(c, "UPDATE cities SET code = 'Y'");
	v = first_row(c, "SELECT YEAR(ts) > 2000 FROM cities");
	CHECK_STR(v, "1"); /* ON UPDATE survived the MODIFY */
	free(v);

	/* the table's default changes; a column that says nothing follows */
	struct rg_schema *v3 = cities_model("VARCHAR(20)", true);
	v3->tables[0]->charset = "utf8mb4";
	v3->tables[0]->collation = "utf8mb4_bin";
	rg_table_find_column(v3->tables[0], "tag")->collation = NULL;
	sql = up_and_down(c, v3, true);
	CHECK_CONTAINS(sql, "ALTER TABLE cities DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;");
	CHECK_CONTAINS(sql, "MODIFY COLUMN tag VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL");
	free(sql);
	v = first_row(c, "SELECT name FROM cities");
	CHECK_STR(v, "Łódź");
	free(v);
	wipe(c);
	rg_schema_free(v1);
	rg_schema_free(v2);
	rg_schema_free(v3);

	/* MySQL's aliases of types read back as the types they are */
	struct rg_schema *m = rg_schema_new(), *empty = rg_schema_new();
	struct rg_table *t = rg_schema_add_table(m, "aliases");
	col(m, t, "id", "INTEGER", false, true, NULL);
	pk(m, t, "id");
	static const char *const types[] = {
		"NVARCHAR(10)", "NATIONAL VARCHAR(10)", "NCHAR(3)", "NATIONAL CHARACTER(2)",
		"NCHAR VARCHAR(4)", "YEAR", "YEAR(4)", "VARCHAR(40) BINARY", "CHAR(2) BINARY",
		"BOOL", "BOOLEAN", "DEC(5,2)", "NUMERIC", "FIXED(4,1)", "DOUBLE PRECISION",
		"REAL", "INT1", "MIDDLEINT", "INT8", "LONG VARCHAR", "CHARACTER VARYING(7)",
		"VARCHAR(9) CHARACTER SET latin1 COLLATE latin1_bin", "TEXT CHARSET utf8mb3",
		"FLOAT8", "INTEGER UNSIGNED",
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(types); i++)
		col(m, t, rg_arena_printf(m->arena, "c%02zu", i), types[i], false, false, NULL);
	/* and a table's default, created, with a column of another */
	t->charset = "latin1";
	col(m, t, "city", "VARCHAR(20)", true, false, NULL)->collation = "utf8mb4_unicode_ci";
	col(m, t, "flags", "INT", false, false, NULL);
	col(m, t, "spot", "POINT", false, true, NULL);
	struct rg_index *sp = rg_table_add_index(m, t, "sp_aliases_spot");
	rg_names_push(m, &sp->cols, &sp->ncols, "spot");
	sp->kind = "SPATIAL";
	rg_schema_sort(m);
	free(apply(c, empty, m));
	expect_same(c, m);
	wipe(c);
	rg_schema_free(m);
	rg_schema_free(empty);
}

/* ops from v1 to v2 as --online renders them for srv */
static char *render_online(const struct rg_schema *v1, const struct rg_schema *v2,
			   const struct rg_server *srv)
{
	struct rg_oplist ops;
	struct rg_error err;
	struct rg_buf sql = RG_BUF_INIT;
	bool no_tx = true;
	rg_oplist_init(&ops);
	CHECK(rg_diff(&ops, v1, v2, D->compare, NULL, &err) == 0);
	CHECK(D->render_online(D, &ops, srv, &sql, &no_tx, &err) == 0);
	CHECK(!no_tx);
	rg_oplist_free(&ops);
	return rg_buf_detach(&sql);
}

/*
 * --online: ALGORITHM=INPLACE, LOCK=NONE on every ALTER the server runs
 * in place (which the server must then accept, on a table with rows),
 * the plain form with a note on the others; NOT NULL in place only in a
 * strict sql_mode; MySQL 8.0.29+ adds a column INSTANT.
 */
static void online_forms(struct rg_conn *c)
{
	struct rg_schema *empty = rg_schema_new(), *v1 = alters_v1(), *v2 = alters_v1();
	free(apply(c, empty, v1));
	exec(c, "INSERT INTO parent VALUES (1); INSERT INTO child (id, num_text, maybe, parent_id) VALUES (1, '7', 'x', 1)");
	struct rg_table *t = rg_schema_find_table(v2, "child");
	rg_table_find_column(t, "maybe")->not_null = true;
	rg_table_find_column(t, "maybe")->type = "TEXT";
	col(v2, t, "added", "INTEGER", true, false, NULL);
	struct rg_index *x = rg_table_add_index(v2, t, "ix_child_old");
	rg_names_push(v2, &x->cols, &x->ncols, "old_name");
	struct rg_check *ck = rg_table_add_check(v2, t, "ck_child_num");
	ck->expr = "num_text <> ''";
	rg_schema_sort(v2);

	char **mode;
	size_t nmode;
	struct rg_error err;
	CHECK(D->query_column(c, "SELECT @@SESSION.sql_mode", &mode, &nmode, &err) == 0);
	bool strict = nmode && mode[0] && strstr(mode[0], "STRICT_");
	rg_free_rows(mode, nmode);
	CHECK(strict); /* MariaDB's default */
	struct rg_server maria = {true, true, 10, 11, 6, true};
	char *up = render_online(v1, v2, &maria);
	CHECK_CONTAINS(up, "ADD COLUMN added INT NULL, ALGORITHM=INPLACE, LOCK=NONE;");
	CHECK_CONTAINS(up, "ADD INDEX ix_child_old (old_name), ALGORITHM=INPLACE, LOCK=NONE;");
	CHECK_CONTAINS(up, "MODIFY COLUMN maybe TEXT NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;");
	CHECK_CONTAINS(up, "-- NOTE: not online: the server copies the table to add a check");
	CHECK(!strstr(up, "CHECK (num_text <> '')" ", ALGORITHM"));
	exec(c, up);
	free(up);
	expect_same(c, v2);
	/* back, online too */
	up = render_online(v2, v1, &maria);
	CHECK_CONTAINS(up, "DROP INDEX ix_child_old, ALGORITHM=INPLACE, LOCK=NONE;");
	CHECK_CONTAINS(up, "DROP CONSTRAINT ck_child_num, ALGORITHM=INPLACE, LOCK=NONE;");
	exec(c, up);
	free(up);
	expect_same(c, v1);

	/* a server whose sql_mode is not strict refuses NOT NULL in place */
	maria.strict = false;
	up = render_online(v1, v2, &maria);
	CHECK_CONTAINS(up, "-- NOTE: not online: NOT NULL in place needs a strict sql_mode");
	CHECK_CONTAINS(up, "MODIFY COLUMN maybe TEXT NOT NULL;");
	free(up);
	/* MySQL 8.0.29+: INSTANT, which INPLACE would forbid */
	struct rg_server mysql8 = {true, false, 8, 0, 35, true};
	up = render_online(v1, v2, &mysql8);
	CHECK_CONTAINS(up, "ADD COLUMN added INT NULL, ALGORITHM=INSTANT;");
	free(up);
	wipe(c);
	rg_schema_free(v1);
	rg_schema_free(v2);
	rg_schema_free(empty);
}

int main(void)
{
	const char *url = getenv("REVGEN_TEST_MYSQL_URL");
	if (!url || !*url) {
		printf("REVGEN_TEST_MYSQL_URL is not set (scripts/test.sh starts a server and sets it): skipped\n");
		return 77;
	}
	snprintf(base_url, sizeof(base_url), "%s", url);
	char *slash = strrchr(base_url, '/');
	CHECK(slash != NULL);
	if (!slash)
		TEST_DONE();
	*slash = '\0';
	snprintf(db_name, sizeof(db_name), "unit_mysql_%ld", (long)getpid());
	snprintf(db_url, sizeof(db_url), "%s/%s", base_url, db_name);
	struct rg_conn *admin = connect_to(url);
	if (!admin)
		TEST_DONE();
	char sql[200];
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s CHARACTER SET utf8mb4", db_name);
	exec(admin, sql);
	struct rg_conn *c = connect_to(db_url);
	if (c) {
		type_matrix(c);
		odd_names(c);
		alters(c);
		online_forms(c);
		checks(c);
		column_checks(c);
		charsets(c);
		fk_indexes(c);
		fk_sources(c);
		index_sources(c);
		prefix_parts(c);
		one_connection(c);
		statement_count(c);
		D->disconnect(c);
	}
	snprintf(sql, sizeof(sql), "DROP DATABASE %s", db_name);
	exec(admin, sql);
	D->disconnect(admin);
	TEST_DONE();
}
