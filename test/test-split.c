/*
 * test-split.c - the statement splitter: quotes, comments, dollar quotes,
 * trigger and routine bodies, parentheses, line numbers, and errors for
 * what never ends.
 */
#include <stdlib.h>

#include "runner/split.h"
#include "test/test.h"

struct want {
	const char *sql;
	unsigned line;
};

static void check_split(int at, const char *input, unsigned first,
			const struct want *w, size_t nw)
{
	struct rg_stmt *s = NULL;
	size_t n = 0;
	struct rg_error err;
	if (rg_split_sql(&s, &n, input, first, &err) < 0) {
		fprintf(stderr, "test-split.c:%d: split failed: %s\n", at, err.msg);
		CHECK(0);
		return;
	}
	if (n != nw)
		fprintf(stderr, "test-split.c:%d: got %zu statements, want %zu\n", at, n, nw);
	CHECK(n == nw);
	for (size_t i = 0; i < n && i < nw; i++) {
		if (strcmp(s[i].sql, w[i].sql) != 0 || s[i].line != w[i].line)
			fprintf(stderr, "test-split.c:%d: statement %zu\n", at, i);
		CHECK_STR(s[i].sql, w[i].sql);
		if (s[i].line != w[i].line)
			fprintf(stderr, "  line %u, want %u\n", s[i].line, w[i].line);
		CHECK(s[i].line == w[i].line);
	}
	rg_stmts_free(s, n);
}

#define SPLIT(input, first, ...)                                            \
	do {                                                                \
		const struct want w_[] = {__VA_ARGS__};                     \
		check_split(__LINE__, input, first, w_, RG_ARRAY_LEN(w_));  \
	} while (0)

static void check_error(const char *input, unsigned first, const char *want)
{
	struct rg_stmt *s = NULL;
	size_t n = 0;
	struct rg_error err;
	err.msg[0] = '\0';
	CHECK(rg_split_sql(&s, &n, input, first, &err) < 0);
	CHECK_CONTAINS(err.msg, want);
}

static void check_empty(const char *input)
{
	struct rg_stmt *s = NULL;
	size_t n = 99;
	struct rg_error err;
	CHECK(rg_split_sql(&s, &n, input, 1, &err) == 0);
	CHECK(n == 0);
	rg_stmts_free(s, n);
}

static void basics(void)
{
	SPLIT("SELECT 1; SELECT 2;", 1, {"SELECT 1", 1}, {"SELECT 2", 1});
	SPLIT("CREATE TABLE t (a int);\n\nINSERT INTO t VALUES (1)\n", 10,
	      {"CREATE TABLE t (a int)", 10}, {"INSERT INTO t VALUES (1)", 12});
	/* no final ';', and text trimmed of surrounding blanks */
	SPLIT("  \n\t SELECT 1\n  \n", 1, {"SELECT 1", 2});
	SPLIT("SELECT 1;;\n;SELECT 2", 3, {"SELECT 1", 3}, {"SELECT 2", 4});
	/* a statement spanning lines keeps its inner newlines */
	SPLIT("\nALTER TABLE t\n  ADD COLUMN b int;\n", 7,
	      {"ALTER TABLE t\n  ADD COLUMN b int", 8});
	/* plain BEGIN/COMMIT are statements, not bodies */
	SPLIT("BEGIN;\nCOMMIT;", 1, {"BEGIN", 1}, {"COMMIT", 2});
	SPLIT("BEGIN; CASE; END; SELECT 1;", 1, {"BEGIN", 1}, {"CASE", 1}, {"END", 1},
	      {"SELECT 1", 1});
}

static void quotes(void)
{
	SPLIT("INSERT INTO t VALUES ('a;b', 'it''s; fine');", 1,
	      {"INSERT INTO t VALUES ('a;b', 'it''s; fine')", 1});
	SPLIT("SELECT ''';'''; SELECT '';", 1, {"SELECT ''';'''", 1}, {"SELECT ''", 1});
	SPLIT("SELECT \"a;b\", `c;d` FROM t;", 1, {"SELECT \"a;b\", `c;d` FROM t", 1});
	SPLIT("SELECT \"a\"\";b\"; SELECT `x``;`;", 1, {"SELECT \"a\"\";b\"", 1},
	      {"SELECT `x``;`", 1});
	/* quotes hide comment starts, and comments hide quotes */
	SPLIT("SELECT '-- no comment; here', '/* nor; here';", 1,
	      {"SELECT '-- no comment; here', '/* nor; here'", 1});
	SPLIT("SELECT 1 /* don't */;\nSELECT 2 -- it's\n;", 1, {"SELECT 1", 1},
	      {"SELECT 2", 2});
	/* a string spanning lines moves the next statement's line */
	SPLIT("INSERT INTO t VALUES ('a\nb\nc'); SELECT 1;", 4,
	      {"INSERT INTO t VALUES ('a\nb\nc')", 4}, {"SELECT 1", 6});
	/* E'...' takes backslash escapes; a plain string does not */
	SPLIT("SELECT E'a\\'; b';", 1, {"SELECT E'a\\'; b'", 1});
	SPLIT("SELECT e'\\\\'; SELECT 2;", 1, {"SELECT e'\\\\'", 1}, {"SELECT 2", 1});
	SPLIT("SELECT 'a\\'; SELECT 2;", 1, {"SELECT 'a\\'", 1}, {"SELECT 2", 1});
	/* TYPE'x' is no E-string: only a lone E prefixes one */
	SPLIT("SELECT TYPE'a\\'; SELECT 2;", 1, {"SELECT TYPE'a\\'", 1}, {"SELECT 2", 1});
	/* [ is not a quote: PostgreSQL array subscripts */
	SPLIT("SELECT a[1] FROM t; SELECT 2;", 1, {"SELECT a[1] FROM t", 1}, {"SELECT 2", 1});
}

static void comments(void)
{
	/* comments before a statement, or after it, are not part of it */
	SPLIT("-- a comment; with a semicolon\nSELECT 1; /* block ; */ SELECT 2;", 1,
	      {"SELECT 1", 2}, {"SELECT 2", 2});
	SPLIT("/* outer /* inner ; */ still ; comment */ SELECT 3;", 5, {"SELECT 3", 5});
	SPLIT("SELECT 1 -- trailing ; comment", 1, {"SELECT 1", 1});
	SPLIT("-- WARNING: drops data\nDROP TABLE t;\n", 20, {"DROP TABLE t", 21});
	/* ... but comments inside it stay */
	SPLIT("SELECT a, -- first; column\n  b /* ; */ FROM t;", 1,
	      {"SELECT a, -- first; column\n  b /* ; */ FROM t", 1});
	/* a comment's line count moves the statement's line */
	SPLIT("/*\n\n*/\n-- x\nSELECT 1;", 1, {"SELECT 1", 5});
	SPLIT("SELECT 1 /**/;", 1, {"SELECT 1", 1});
	SPLIT("SELECT 2-1;SELECT 4/2;", 1, {"SELECT 2-1", 1}, {"SELECT 4/2", 1});
	check_empty("");
	check_empty("  \n\n -- only a comment;\n /* and ; another */ ;;\n");
	check_empty("-- no newline at the end");
	check_empty(";");
}

static void dollar_quotes(void)
{
	SPLIT("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT 2;", 1,
	      {"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", 1},
	      {"SELECT 2", 2});
	SPLIT("DO $body$ BEGIN PERFORM 1; END $body$; SELECT $1, $2;", 1,
	      {"DO $body$ BEGIN PERFORM 1; END $body$", 1}, {"SELECT $1, $2", 1});
	/* another tag, or $$, inside a tagged quote does not close it */
	SPLIT("SELECT $a$ x $$ ; $b$ ; $a$; SELECT 2;", 1, {"SELECT $a$ x $$ ; $b$ ; $a$", 1},
	      {"SELECT 2", 1});
	/* quotes and comments inside a dollar quote mean nothing */
	SPLIT("SELECT $$ it's -- ; /* $$;\nSELECT 2;", 1,
	      {"SELECT $$ it's -- ; /* $$", 1}, {"SELECT 2", 2});
	/* $1 parameters and identifiers with $ are no quotes */
	SPLIT("PREPARE p AS SELECT $1; SELECT a$b$ FROM t;", 1, {"PREPARE p AS SELECT $1", 1},
	      {"SELECT a$b$ FROM t", 1});
	/* a function body over lines: the next statement's line follows */
	SPLIT("CREATE FUNCTION g() RETURNS trigger LANGUAGE plpgsql AS $fn$\nBEGIN\n"
	      "  NEW.x := 1;\n  RETURN NEW;\nEND;\n$fn$;\nCREATE TRIGGER tg BEFORE INSERT ON t\n"
	      "  FOR EACH ROW EXECUTE FUNCTION g();\nSELECT 3;",
	      1,
	      {"CREATE FUNCTION g() RETURNS trigger LANGUAGE plpgsql AS $fn$\nBEGIN\n"
	       "  NEW.x := 1;\n  RETURN NEW;\nEND;\n$fn$",
	       1},
	      {"CREATE TRIGGER tg BEFORE INSERT ON t\n  FOR EACH ROW EXECUTE FUNCTION g()", 7},
	      {"SELECT 3", 9});
}

static void bodies(void)
{
	/* SQLite trigger with CASE ... END inside the body */
	SPLIT("CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
	      "  UPDATE t SET x = CASE WHEN new.a > 0 THEN 1 ELSE 0 END;\n"
	      "  DELETE FROM u;\nEND;\nSELECT 1;",
	      1,
	      {"CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
	       "  UPDATE t SET x = CASE WHEN new.a > 0 THEN 1 ELSE 0 END;\n"
	       "  DELETE FROM u;\nEND",
	       1},
	      {"SELECT 1", 5});
	/* CREATE TEMP TRIGGER, lower case, CASE in a WHEN clause before BEGIN */
	SPLIT("create temp trigger tr after update on t when case when 1 then 1 end "
	      "begin select 1; select case 2 when 2 then 3 end; end; select 9",
	      1,
	      {"create temp trigger tr after update on t when case when 1 then 1 end "
	       "begin select 1; select case 2 when 2 then 3 end; end",
	       1},
	      {"select 9", 1});
	/* MySQL: DEFINER clause, nested BEGIN, END IF / END LOOP / END CASE */
	SPLIT("CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW\n"
	      "BEGIN\n  IF NEW.a < 0 THEN SET NEW.a = 0; END IF;\n"
	      "  l: LOOP LEAVE l; END LOOP l;\n"
	      "  CASE NEW.b WHEN 1 THEN SET NEW.c = 1; ELSE BEGIN END; END CASE;\nEND;\n"
	      "SELECT 2;",
	      3,
	      {"CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW\n"
	       "BEGIN\n  IF NEW.a < 0 THEN SET NEW.a = 0; END IF;\n"
	       "  l: LOOP LEAVE l; END LOOP l;\n"
	       "  CASE NEW.b WHEN 1 THEN SET NEW.c = 1; ELSE BEGIN END; END CASE;\nEND",
	       3},
	      {"SELECT 2", 9});
	/* a procedure, and PostgreSQL's BEGIN ATOMIC function bodies */
	SPLIT("CREATE PROCEDURE p() BEGIN WHILE 1 DO SELECT 1; END WHILE; END; CALL p();", 1,
	      {"CREATE PROCEDURE p() BEGIN WHILE 1 DO SELECT 1; END WHILE; END", 1},
	      {"CALL p()", 1});
	SPLIT("CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
	      "  SELECT 1;\n  SELECT 2;\nEND;\nSELECT f();",
	      1,
	      {"CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
	       "  SELECT 1;\n  SELECT 2;\nEND",
	       1},
	      {"SELECT f()", 6});
	/* END inside a quote or a comment does not close the body */
	SPLIT("CREATE TRIGGER t2 AFTER INSERT ON t BEGIN SELECT 'END'; -- END;\n"
	      "SELECT \"end\"; END; SELECT 1;",
	      1,
	      {"CREATE TRIGGER t2 AFTER INSERT ON t BEGIN SELECT 'END'; -- END;\n"
	       "SELECT \"end\"; END",
	       1},
	      {"SELECT 1", 2});
	/* a column named trigger, or words in other statements, open nothing */
	SPLIT("CREATE TABLE log (trigger TEXT, begin INT); INSERT INTO log VALUES ('x', 1);", 1,
	      {"CREATE TABLE log (trigger TEXT, begin INT)", 1},
	      {"INSERT INTO log VALUES ('x', 1)", 1});
	SPLIT("CREATE INDEX ix ON t (a); SELECT 1;", 1, {"CREATE INDEX ix ON t (a)", 1},
	      {"SELECT 1", 1});
	/* ';' inside parentheses (PostgreSQL rule actions) */
	SPLIT("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); "
	      "INSERT INTO b VALUES (2));\nSELECT 1;",
	      1,
	      {"CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); "
	       "INSERT INTO b VALUES (2))",
	       1},
	      {"SELECT 1", 2});
	/* a stray ')' does not make the rest one statement */
	SPLIT("SELECT 1); SELECT 2;", 1, {"SELECT 1)", 1}, {"SELECT 2", 1});
}

static void line_ends(void)
{
	SPLIT("SELECT 1\r\n;\r\nSELECT 2;\r\n", 1, {"SELECT 1", 1}, {"SELECT 2", 3});
	SPLIT("-- c\r\nSELECT 'a\r\nb';\r\n\r\nSELECT 3\r\n", 2,
	      {"SELECT 'a\r\nb'", 3}, {"SELECT 3", 6});
}

static void errors(void)
{
	check_error("SELECT 'open", 1, "line 1: unterminated ' quote");
	check_error("SELECT 1;\n\nSELECT \"x", 1, "line 3: unterminated \" quote");
	check_error("SELECT `x;\n", 5, "line 5: unterminated ` quote");
	check_error("SELECT 'it''s", 1, "line 1: unterminated ' quote");
	check_error("SELECT E'x\\'", 1, "line 1: unterminated ' quote");
	check_error("SELECT 1; /* never closed", 1, "line 1: unterminated /* comment");
	check_error("\n\n/* a /* b */ c", 1, "line 3: unterminated /* comment");
	check_error("\nSELECT $q$ body", 1, "line 2: unterminated dollar quote $q$");
	check_error("SELECT $$ a; $q$", 10, "line 10: unterminated dollar quote $$");
	check_error("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;", 1,
		    "line 1: unterminated BEGIN ... END body");
	check_error("SELECT 1;\nCREATE TRIGGER t AFTER INSERT ON x\nBEGIN\n"
		    "SELECT CASE WHEN 1 THEN 2 END;\nEND IF;", 4,
		    "line 6: unterminated BEGIN ... END body (of the statement on line 5)");
}

/* Thousands of statements split in linear time with exact lines. */
static void many(void)
{
	struct rg_buf b = RG_BUF_INIT;
	for (int i = 0; i < 20000; i++)
		rg_buf_addf(&b, "-- %d\nINSERT INTO t VALUES (%d, 'a;b');\n", i, i);
	struct rg_stmt *s;
	size_t n;
	struct rg_error err;
	double t0 = rg_now_ms();
	CHECK(rg_split_sql(&s, &n, b.data, 100, &err) == 0);
	CHECK(rg_now_ms() - t0 < 2000);
	CHECK(n == 20000);
	if (n == 20000) {
		CHECK(s[19999].line == 100 + 2 * 19999 + 1);
		CHECK_STR(s[19999].sql, "INSERT INTO t VALUES (19999, 'a;b')");
	}
	rg_stmts_free(s, n);
	rg_buf_free(&b);
}

int main(void)
{
	basics();
	quotes();
	comments();
	dollar_quotes();
	bodies();
	line_ends();
	errors();
	many();
	TEST_DONE();
}
