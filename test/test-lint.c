/*
 * test-lint.c - `revgen lint`'s analyser without a database: statement
 * classification (lint/parse.c), then the rules each dialect reports on
 * small revisions, as "line rule severity" lines, including what must
 * not be reported (a table created in the same revision, a rebuild, a
 * lock_timeout set first, NOT VALID, CONCURRENTLY) and silencing.
 */
#include <stdlib.h>

#include "lint/lint.h"
#include "test/test.h"

static void classification(void)
{
	struct rg_arena *a = rg_arena_new();
	struct rg_lint_stmt s;

	rg_lint_classify(a, "postgresql",
			 "ALTER TABLE ONLY public.\"Users\" ADD COLUMN IF NOT EXISTS n bigint NOT NULL "
			 "DEFAULT nextval('s'), ALTER COLUMN name TYPE varchar(10) USING name::varchar, "
			 "ADD CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES t (x, y) NOT VALID, "
			 "ALTER COLUMN c SET NOT NULL, RENAME COLUMN d TO e, VALIDATE CONSTRAINT fk",
			 3, &s);
	CHECK(s.kind == RG_LK_ALTER_TABLE && s.line == 3);
	CHECK_STR(s.table, "Users");
	CHECK(s.nacts == 6);
	if (s.nacts == 6) {
		CHECK(s.acts[0].kind == RG_LA_ADD_COLUMN);
		CHECK_STR(s.acts[0].column, "n");
		CHECK_STR(s.acts[0].type, "bigint");
		CHECK(s.acts[0].not_null && s.acts[0].volatile_default);
		CHECK(s.acts[1].kind == RG_LA_ALTER_TYPE);
		CHECK_STR(s.acts[1].type, "varchar(10)");
		CHECK(s.acts[2].kind == RG_LA_ADD_FK && s.acts[2].not_valid);
		CHECK_STR(s.acts[2].ref_table, "t");
		CHECK(s.acts[2].ncolumns == 2);
		CHECK(s.acts[3].kind == RG_LA_SET_NOT_NULL);
		CHECK(s.acts[4].kind == RG_LA_RENAME_COLUMN);
		CHECK_STR(s.acts[4].new_name, "e");
		CHECK(s.acts[5].kind == RG_LA_VALIDATE);
		CHECK_STR(s.acts[5].constraint, "fk");
	}

	rg_lint_classify(a, "postgresql",
			 "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON ONLY t USING btree (a DESC, \"B\")",
			 1, &s);
	CHECK(s.kind == RG_LK_CREATE_INDEX && s.unique && s.concurrently);
	CHECK_STR(s.object, "ix");
	CHECK_STR(s.table, "t");
	CHECK(s.ncolumns == 2 && strcmp(s.columns[1], "B") == 0);
	rg_lint_classify(a, "postgresql", "CREATE INDEX ix ON t (lower(a))", 1, &s);
	CHECK(s.kind == RG_LK_CREATE_INDEX && s.ncolumns == 0);

	rg_lint_classify(a, "mysql",
			 "ALTER TABLE `t` CHANGE COLUMN `a` `b` VARCHAR(20) NOT NULL AFTER `c`, "
			 "ADD UNIQUE KEY `uq` (`b`), DROP FOREIGN KEY `fk`, ALGORITHM=INPLACE", 1, &s);
	CHECK(s.kind == RG_LK_ALTER_TABLE && s.nacts == 4);
	if (s.nacts == 4) {
		CHECK(s.acts[0].kind == RG_LA_MODIFY && s.acts[0].not_null && s.acts[0].positioned);
		CHECK_STR(s.acts[0].column, "a");
		CHECK_STR(s.acts[0].new_name, "b");
		CHECK_STR(s.acts[0].type, "VARCHAR(20)");
		CHECK(s.acts[1].kind == RG_LA_ADD_UNIQUE);
		CHECK_STR(s.acts[1].constraint, "uq");
		CHECK(s.acts[2].kind == RG_LA_DROP_CONSTRAINT);
		CHECK_STR(s.acts[2].constraint, "fk");
		CHECK(s.acts[3].kind == RG_LA_ALGORITHM);
		CHECK_STR(s.acts[3].type, "INPLACE");
	}
	rg_lint_classify(a, "mysql", "DROP INDEX `ix` ON `t`", 1, &s);
	CHECK(s.kind == RG_LK_DROP_INDEX);
	CHECK_STR(s.object, "ix");
	CHECK_STR(s.table, "t");
	rg_lint_classify(a, "mysql", "RENAME TABLE a TO b", 1, &s);
	CHECK(s.kind == RG_LK_RENAME_TABLE);
	CHECK_STR(s.object, "b");

	rg_lint_classify(a, "sqlite", "INSERT INTO \"_rg_new_t\" (a, b)\n SELECT a, (SELECT 1 FROM x) FROM \"t\"",
			 1, &s);
	CHECK(s.kind == RG_LK_INSERT);
	CHECK_STR(s.table, "_rg_new_t");
	CHECK_STR(s.object, "t");
	rg_lint_classify(a, "sqlite", "ALTER TABLE t RENAME TO u", 1, &s);
	CHECK(s.nacts == 1 && s.acts[0].kind == RG_LA_RENAME_TABLE);
	CHECK_STR(s.acts[0].new_name, "u");
	/* a quoted identifier with a doubled quote, a string with a ';' */
	rg_lint_classify(a, "postgresql", "ALTER TABLE \"a\"\"b\" ADD c text DEFAULT 'x;y' NOT NULL", 1, &s);
	CHECK_STR(s.table, "a\"b");
	CHECK(s.nacts == 1 && s.acts[0].not_null);
	CHECK_STR(s.acts[0].default_expr, "'x;y'");
	/* a backslash ends nothing in a standard string; in MySQL's and in
	 * E'...' it escapes the quote */
	rg_lint_classify(a, "postgresql", "ALTER TABLE t ADD c text DEFAULT 'C:\\' NOT NULL", 1, &s);
	CHECK(s.nacts == 1 && s.acts[0].not_null);
	rg_lint_classify(a, "postgresql", "ALTER TABLE t ADD c text DEFAULT E'it\\'s' NOT NULL", 1, &s);
	CHECK(s.nacts == 1 && s.acts[0].not_null);
	rg_lint_classify(a, "mysql", "ALTER TABLE t ADD c text DEFAULT 'it\\'s', ADD d int NOT NULL", 1, &s);
	CHECK(s.nacts == 2 && !s.acts[0].not_null && s.acts[1].not_null);
	rg_lint_classify(a, "postgresql", "SET lock_timeout = '2s'", 1, &s);
	CHECK(s.kind == RG_LK_SET);
	CHECK_STR(s.object, "lock_timeout");
	rg_lint_classify(a, "postgresql", "SELECT 1", 1, &s);
	CHECK(s.kind == RG_LK_OTHER);
	rg_arena_free(a);
}

/* The findings of a revision as "line rule severity[ silenced]\n". */
static char *lint(const struct rg_dialect *d, const char *server, bool transactional,
		  const char *up, const char *down)
{
	struct rg_buf text = RG_BUF_INIT, out = RG_BUF_INIT;
	rg_buf_addf(&text, "-- test\n--\n-- Revision ID: abc\n-- Revises:\n%s\n-- upgrade()\n%s\n"
			   "-- downgrade()\n%s\n",
		    transactional ? "" : "-- Transaction: no", up, down);
	struct rg_revision *rev = NULL;
	struct rg_error err;
	if (rg_revision_parse(&rev, "t.sql", rg_buf_str(&text), &err) < 0) {
		fprintf(stderr, "parse: %s\n", err.msg);
		CHECK(0);
		rg_buf_free(&text);
		return rg_xstrdup("");
	}
	struct rg_lint l;
	rg_lint_init(&l, d);
	if (server)
		CHECK(rg_lint_server_parse(&l.server, d->name, server) == 0);
	CHECK(rg_lint_revision(&l, rev, false, &err) == 0);
	for (size_t i = 0; i < l.n; i++)
		rg_buf_addf(&out, "%u %s %s%s\n", l.f[i].line, l.f[i].rule,
			    rg_lint_severity_name(l.f[i].severity), l.f[i].silenced ? " silenced" : "");
	rg_lint_free(&l);
	rg_revision_free(rev);
	rg_buf_free(&text);
	return rg_buf_detach(&out);
}

#define EXPECT(d, server, tx, up, down, want)                               \
	do {                                                                \
		char *got_ = lint(d, server, tx, up, down);                 \
		CHECK_STR(got_, want);                                      \
		free(got_);                                                 \
	} while (0)

static void postgresql(void)
{
	const struct rg_dialect *d = &rg_dialect_postgresql;
	/* lines: the upgrade's first statement is on line 7 */
	EXPECT(d, NULL, true, "CREATE INDEX ix ON t (a);", "DROP INDEX ix;",
	       "7 pg-lock-timeout notice\n7 pg-create-index warning\n");
	EXPECT(d, NULL, true, "SET lock_timeout = '5s';\nCREATE INDEX ix ON t (a);", "DROP INDEX ix;",
	       "8 pg-create-index warning\n");
	/* a table of the same revision: nothing to lock, nothing to break */
	EXPECT(d, NULL, true, "CREATE TABLE t (a int);\nCREATE UNIQUE INDEX ix ON t (a);\n"
	       "ALTER TABLE t ADD COLUMN b int NOT NULL;\nALTER TABLE t DROP COLUMN a;",
	       "DROP TABLE t;", "");
	EXPECT(d, NULL, false, "CREATE INDEX CONCURRENTLY ix ON t (a);", "DROP INDEX CONCURRENTLY ix;", "");
	EXPECT(d, NULL, true, "CREATE INDEX CONCURRENTLY ix ON t (a);", "DROP INDEX CONCURRENTLY ix;",
	       "7 tx-concurrently error\n");
	EXPECT(d, NULL, true, "SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN a int DEFAULT 0;\n"
	       "ALTER TABLE t ADD COLUMN b uuid DEFAULT gen_random_uuid();\nALTER TABLE t ADD COLUMN c serial;",
	       "ALTER TABLE t DROP COLUMN c, DROP COLUMN b, DROP COLUMN a;",
	       "9 pg-add-column-rewrite warning\n10 pg-add-column-rewrite warning\n");
	/* before PostgreSQL 11 any default rewrites */
	EXPECT(d, "10.5", true, "SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN a int DEFAULT 0;",
	       "ALTER TABLE t DROP COLUMN a;", "8 pg-add-column-rewrite warning\n");
	EXPECT(d, NULL, true, "SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN a int NOT NULL;",
	       "ALTER TABLE t DROP COLUMN a;", "8 add-not-null warning\n");
	/* narrowing, from the type the downgrade sets back; widening a
	 * varchar locks without a rewrite */
	EXPECT(d, NULL, true, "SET lock_timeout = '1s';\nALTER TABLE t ALTER COLUMN a TYPE varchar(10);",
	       "ALTER TABLE t ALTER COLUMN a TYPE varchar(20);",
	       "8 pg-alter-type warning\n8 narrowing-type error\n");
	EXPECT(d, NULL, true, "SET lock_timeout = '1s';\nALTER TABLE t ALTER COLUMN a TYPE varchar(30);",
	       "ALTER TABLE t ALTER COLUMN a TYPE varchar(20);", "8 pg-alter-type notice\n");
	EXPECT(d, NULL, true, "SET lock_timeout = '1s';\nALTER TABLE t ALTER COLUMN a SET NOT NULL;",
	       "ALTER TABLE t ALTER COLUMN a DROP NOT NULL;",
	       "8 pg-set-not-null warning\n8 set-not-null warning\n");
	/* a validated check first: no scan under the lock (PostgreSQL 12+), and
	 * no NULL left to fail on */
	EXPECT(d, NULL, true, "SET lock_timeout = '1s';\n"
	       "ALTER TABLE t ADD CONSTRAINT c CHECK (a IS NOT NULL) NOT VALID;\n"
	       "ALTER TABLE t VALIDATE CONSTRAINT c;\nALTER TABLE t ALTER COLUMN a SET NOT NULL;",
	       "ALTER TABLE t ALTER COLUMN a DROP NOT NULL;\nALTER TABLE t DROP CONSTRAINT c;",
	       "");
	EXPECT(d, NULL, true, "SET lock_timeout = '1s';\n"
	       "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id);\n"
	       "ALTER TABLE t ADD CONSTRAINT fk2 FOREIGN KEY (b) REFERENCES u (id) NOT VALID;\n"
	       "ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0);\n"
	       "ALTER TABLE t ADD CONSTRAINT uq UNIQUE (a);\n"
	       "ALTER TABLE t ADD CONSTRAINT uq2 UNIQUE USING INDEX ix;",
	       "ALTER TABLE t DROP CONSTRAINT uq2;\nALTER TABLE t DROP CONSTRAINT uq;\n"
	       "ALTER TABLE t DROP CONSTRAINT ck;\nALTER TABLE t DROP CONSTRAINT fk2;\n"
	       "ALTER TABLE t DROP CONSTRAINT fk;",
	       "8 pg-add-fk warning\n10 pg-add-check warning\n11 pg-add-unique warning\n"
	       "11 new-unique warning\n");
	EXPECT(d, NULL, true, "DROP TABLE t;\nALTER TABLE u RENAME TO v;\nALTER TABLE v RENAME a TO b;",
	       "ALTER TABLE v RENAME b TO a;\nALTER TABLE v RENAME TO u;\nCREATE TABLE t (a int);",
	       "7 pg-lock-timeout notice\n7 drop-table error\n8 rename-table warning\n"
	       "9 rename-column warning\n");
	EXPECT(d, NULL, true, "SET lock_timeout = '1s';\nDROP INDEX ix;", "CREATE INDEX ix ON t (a);",
	       "8 pg-drop-index notice\n");
	/* the downgrade that forgets */
	EXPECT(d, NULL, true, "CREATE TABLE t (a int);", "", "9 downgrade-mismatch warning\n");
	EXPECT(d, NULL, true, "CREATE TABLE t (a int);\nCREATE TABLE u (a int);", "DROP TABLE u;",
	       "7 downgrade-mismatch warning\n");
	/* a check the upgrade adds and drops again (--online's way to SET
	 * NOT NULL) is nothing for the downgrade to undo */
	EXPECT(d, NULL, false, "SET lock_timeout = '1s';\n"
	       "ALTER TABLE t ADD CONSTRAINT ck_t CHECK (a IS NOT NULL) NOT VALID;\n"
	       "ALTER TABLE t VALIDATE CONSTRAINT ck_t;\nALTER TABLE t ALTER COLUMN a SET NOT NULL;\n"
	       "ALTER TABLE t DROP CONSTRAINT ck_t;",
	       "ALTER TABLE t ALTER COLUMN a DROP NOT NULL;", "");
	/* silencing: a reason silences; no reason silences nothing */
	EXPECT(d, NULL, true, "SET lock_timeout = '1s';\n-- lint-ignore drop-table: archived in 2.1\n"
	       "-- (and copied to cold storage)\nDROP TABLE t;\n"
	       "-- lint-ignore drop-table\nDROP TABLE u;",
	       "CREATE TABLE u (a int);\nCREATE TABLE t (a int);",
	       "10 drop-table error silenced\n12 drop-table error\n11 ignore-no-reason warning\n");
}

static void mysql(void)
{
	const struct rg_dialect *d = &rg_dialect_mysql;
	EXPECT(d, "8.0.35", true, "ALTER TABLE t ADD COLUMN a int NULL;", "ALTER TABLE t DROP COLUMN a;", "");
	EXPECT(d, "8.0.20", true, "ALTER TABLE t ADD COLUMN a int NULL AFTER b;",
	       "ALTER TABLE t DROP COLUMN a;", "7 mysql-rebuild notice\n");
	EXPECT(d, "10.2.40-MariaDB", true, "ALTER TABLE t ADD COLUMN a int NULL;",
	       "ALTER TABLE t DROP COLUMN a;", "7 mysql-rebuild notice\n");
	EXPECT(d, NULL, true, "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id);",
	       "ALTER TABLE t DROP FOREIGN KEY fk;", "7 mysql-copy warning\n");
	/* an ALGORITHM the server refuses rather than copy */
	EXPECT(d, NULL, true, "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id), ALGORITHM=INPLACE;",
	       "ALTER TABLE t DROP FOREIGN KEY fk;", "");
	EXPECT(d, NULL, true, "ALTER TABLE t MODIFY a VARCHAR(10) NOT NULL;",
	       "ALTER TABLE t MODIFY a VARCHAR(20) NOT NULL;",
	       "7 mysql-copy warning\n7 narrowing-type error\n");
	/* past 255 bytes the length takes 2 bytes: MySQL copies, MariaDB
	 * (or a server not known) extends in place from 127 bytes or less */
	EXPECT(d, "8.0.35", true, "ALTER TABLE t MODIFY a VARCHAR(100) NULL;",
	       "ALTER TABLE t MODIFY a VARCHAR(10) NULL;", "7 mysql-copy warning\n");
	EXPECT(d, "10.11.6-MariaDB", true, "ALTER TABLE t MODIFY a VARCHAR(100) NULL;",
	       "ALTER TABLE t MODIFY a VARCHAR(10) NULL;", "");
	/* latin1: 80 characters are 80 bytes, still a 1-byte length */
	EXPECT(d, "8.0.35", true, "ALTER TABLE t MODIFY a VARCHAR(80) NULL;",
	       "ALTER TABLE t MODIFY a varchar(40) CHARACTER SET latin1 COLLATE latin1_swedish_ci NULL;", "");
	/* a longer VARCHAR whose length takes as many bytes: in place */
	EXPECT(d, NULL, true, "ALTER TABLE t MODIFY a VARCHAR(30) NULL;",
	       "ALTER TABLE t MODIFY a VARCHAR(20) NULL;", "");
	EXPECT(d, NULL, true, "ALTER TABLE t MODIFY a VARCHAR(20) NOT NULL;",
	       "ALTER TABLE t MODIFY a VARCHAR(20) NULL;",
	       "7 mysql-rebuild notice\n7 set-not-null warning\n");
	EXPECT(d, NULL, true, "ALTER TABLE t CHANGE a b int NULL;", "ALTER TABLE t CHANGE b a int NULL;",
	       "7 rename-column warning\n");
	EXPECT(d, NULL, true, "CREATE UNIQUE INDEX uq ON t (a);", "DROP INDEX uq ON t;",
	       "7 new-unique warning\n");
}

static void sqlite(void)
{
	const struct rg_dialect *d = &rg_dialect_sqlite;
	/* a rebuild is one change of t: not a drop, not a rename */
	EXPECT(d, NULL, true,
	       "CREATE TABLE \"_rg_new_t\" (a int NOT NULL);\n"
	       "INSERT INTO \"_rg_new_t\" (a) SELECT a FROM t;\nDROP TABLE t;\n"
	       "ALTER TABLE \"_rg_new_t\" RENAME TO t;",
	       "CREATE TABLE \"_rg_new_t\" (a int);\n"
	       "INSERT INTO \"_rg_new_t\" (a) SELECT a FROM t;\nDROP TABLE t;\n"
	       "ALTER TABLE \"_rg_new_t\" RENAME TO t;",
	       "9 sqlite-rebuild warning\n");
	/* what a rebuild does to the columns: b is new, NOT NULL without a
	 * default; c is filled from old_c (a rename); d, which the old
	 * table had (the downgrade's copy says), is left out; g is computed */
	EXPECT(d, NULL, true,
	       "CREATE TABLE \"_rg_new_t\" (a int NOT NULL, b int NOT NULL, c text, e int NOT NULL DEFAULT 0);\n"
	       "INSERT INTO \"_rg_new_t\" (a, c) SELECT a, old_c FROM t;\nDROP TABLE t;\n"
	       "ALTER TABLE \"_rg_new_t\" RENAME TO t;",
	       "CREATE TABLE \"_rg_new_t\" (a int NOT NULL, old_c text, d int, g int AS (a + 1));\n"
	       "INSERT INTO \"_rg_new_t\" (a, old_c) SELECT a, c FROM t;\nDROP TABLE t;\n"
	       "ALTER TABLE \"_rg_new_t\" RENAME TO t;",
	       "9 sqlite-rebuild warning\n9 add-not-null warning\n9 rename-column warning\n"
	       "9 drop-column error\n");
	/* a rebuild that adds a column, undone by dropping it (what
	 * autogenerate writes): the downgrade changes t, so it undoes the
	 * rebuild; one that leaves t alone does not */
	EXPECT(d, NULL, true,
	       "CREATE TABLE \"_rg_new_t\" (a int NOT NULL, b int NOT NULL);\n"
	       "INSERT INTO \"_rg_new_t\" (a) SELECT a FROM t;\nDROP TABLE t;\n"
	       "ALTER TABLE \"_rg_new_t\" RENAME TO t;",
	       "ALTER TABLE t DROP COLUMN b;",
	       "9 sqlite-rebuild warning\n9 add-not-null warning\n");
	EXPECT(d, NULL, true,
	       "CREATE TABLE \"_rg_new_t\" (a int NOT NULL, b int NOT NULL);\n"
	       "INSERT INTO \"_rg_new_t\" (a) SELECT a FROM t;\nDROP TABLE t;\n"
	       "ALTER TABLE \"_rg_new_t\" RENAME TO t;",
	       "DROP INDEX ix_u;",
	       "9 sqlite-rebuild warning\n9 add-not-null warning\n9 downgrade-mismatch warning\n");
	EXPECT(d, NULL, true, "ALTER TABLE t ADD COLUMN a int NOT NULL;", "ALTER TABLE t DROP COLUMN a;",
	       "7 add-not-null error\n");
	EXPECT(d, NULL, true, "ALTER TABLE t DROP COLUMN a;", "ALTER TABLE t ADD COLUMN a int;",
	       "7 drop-column error\n7 sqlite-rebuild warning\n");
	EXPECT(d, NULL, true, "CREATE INDEX ix ON t (a);", "DROP INDEX ix;", "");
}

static void servers(void)
{
	struct rg_lint_server s;
	CHECK(rg_lint_server_parse(&s, "postgresql", "160002") == 0 && s.major == 16 && s.minor == 2);
	CHECK(rg_lint_server_parse(&s, "postgresql", "10") == 0 && s.major == 10);
	CHECK(rg_lint_server_parse(&s, "mysql", "10.11.6-MariaDB-log") == 0 && s.mariadb &&
	      s.major == 10 && s.minor == 11 && s.patch == 6);
	CHECK(rg_lint_server_parse(&s, "mysql", "8.0.35") == 0 && !s.mariadb && s.patch == 35);
	CHECK(rg_lint_server_parse(&s, "mysql", "x") < 0);
	CHECK(rg_lint_severity_parse("warning") == RG_LINT_WARNING);
	CHECK(rg_lint_severity_parse("never") < 0);
}

int main(void)
{
	classification();
	postgresql();
	mysql();
	sqlite();
	servers();
	TEST_DONE();
}
