/*
 * test-progress.c - which revisions run statement by statement with their
 * progress recorded (runner/progress.h): on MySQL those with a statement
 * that commits by itself, on every dialect those outside a transaction;
 * a revision of DML and SET alone keeps its one transaction.
 */
#include <stdio.h>
#include <string.h>

#include "runner/progress.h"
#include "test/test.h"

static bool tracked(const struct rg_dialect *d, bool transactional, const char *sql)
{
	struct rg_revision r;
	struct rg_stmt *s = NULL;
	size_t n = 0;
	struct rg_error err;
	memset(&r, 0, sizeof(r));
	r.transactional = transactional;
	CHECK(rg_split_sql(&s, &n, sql, 1, &err) == 0);
	bool t = rg_progress_tracked(d, &r, s, n);
	rg_stmts_free(s, n);
	return t;
}

int main(void)
{
	const struct rg_dialect *my = &rg_dialect_mysql, *pg = &rg_dialect_postgresql,
				*lite = &rg_dialect_sqlite;
	CHECK(!tracked(my, true, "INSERT INTO t (a) VALUES (1);\nupdate t SET a = 2;"));
	CHECK(!tracked(my, true, "SET foreign_key_checks = 0;\nDELETE FROM t;\nREPLACE INTO t VALUES (1);"));
	CHECK(!tracked(my, true, "WITH x AS (SELECT 1) SELECT * FROM x;"));
	CHECK(tracked(my, true, "INSERT INTO t (a) VALUES (1);\nCREATE TABLE x (id INT);"));
	CHECK(tracked(my, true, "-- WARNING: drops a column\nALTER TABLE t DROP COLUMN a;"));
	CHECK(tracked(my, true, "/* by hand */ TRUNCATE t;"));
	CHECK(tracked(my, true, "GRANT SELECT ON t TO app;"));
	CHECK(!tracked(lite, true, "CREATE TABLE x (id INTEGER);"));
	CHECK(!tracked(pg, true, "CREATE TABLE x (id INTEGER);\nDROP TABLE y;"));
	CHECK(tracked(pg, false, "CREATE INDEX CONCURRENTLY ix ON t (a);"));
	CHECK(tracked(lite, false, "INSERT INTO t (a) VALUES (1);"));
	/* nothing to run, nothing to record */
	CHECK(!tracked(my, false, "-- nothing\n"));
	CHECK(!tracked(my, true, ""));

	struct rg_buf b = RG_BUF_INIT;
	rg_progress_table(&b, "revgen_version");
	CHECK(strcmp(b.data, "revgen_version_progress") == 0);
	rg_buf_reset(&b);
	rg_progress_delete_sql(&b, my, "revgen_version", "ab'c");
	CHECK(strcmp(b.data, "DELETE FROM revgen_version_progress WHERE version_num = 'ab''c'") == 0);
	rg_buf_free(&b);
	TEST_DONE();
}
