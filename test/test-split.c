/*
 * test-split.c - the statement splitter: quotes, comments, dollar quotes,
 * trigger bodies, line numbers, and errors for what never ends.
 */
#include <stdlib.h>

#include "emit/split.h"
#include "test/test.h"

struct want {
	const char *sql;
	unsigned line;
};

static void check_split(const char *input, unsigned first, const struct want *w,
			size_t nw)
{
	struct rg_stmt *s;
	size_t n;
	struct rg_error err;
	if (rg_split_sql(&s, &n, input, first, &err) < 0) {
		fprintf(stderr, "split failed: %s\n  input: %s\n", err.msg, input);
		CHECK(0);
		return;
	}
	if (n != nw)
		fprintf(stderr, "input: %s\n got %zu statements, want %zu\n", input, n, nw);
	CHECK(n == nw);
	for (size_t i = 0; i < n && i < nw; i++) {
		CHECK_STR(s[i].sql, w[i].sql);
		if (s[i].line != w[i].line)
			fprintf(stderr, "  statement %zu: line %u, want %u\n", i, s[i].line, w[i].line);
		CHECK(s[i].line == w[i].line);
	}
	rg_stmts_free(s, n);
}

#define SPLIT(input, first, ...)                                            \
	do {                                                                \
		const struct want w_[] = {__VA_ARGS__};                     \
		check_split(input, first, w_, RG_ARRAY_LEN(w_));            \
	} while (0)

static void check_error(const char *input, const char *want)
{
	struct rg_stmt *s;
	size_t n;
	struct rg_error err;
	CHECK(rg_split_sql(&s, &n, input, 1, &err) < 0);
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

int main(void)
{
	SPLIT("SELECT 1; SELECT 2;", 1, {"SELECT 1", 1}, {"SELECT 2", 1});
	SPLIT("CREATE TABLE t (a int);\n\nINSERT INTO t VALUES (1)\n", 10,
	      {"CREATE TABLE t (a int)", 10}, {"INSERT INTO t VALUES (1)", 12});
	SPLIT("INSERT INTO t VALUES ('a;b', 'it''s; fine');", 1,
	      {"INSERT INTO t VALUES ('a;b', 'it''s; fine')", 1});
	SPLIT("SELECT \"a;b\", `c;d` FROM t;", 1, {"SELECT \"a;b\", `c;d` FROM t", 1});
	SPLIT("-- a comment; with a semicolon\nSELECT 1; /* block ; */ SELECT 2;", 1,
	      {"-- a comment; with a semicolon\nSELECT 1", 2}, {"/* block ; */ SELECT 2", 2});
	SPLIT("/* outer /* inner ; */ still ; comment */ SELECT 3;", 5,
	      {"/* outer /* inner ; */ still ; comment */ SELECT 3", 5});
	SPLIT("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT 2;", 1,
	      {"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", 1},
	      {"SELECT 2", 2});
	SPLIT("DO $body$ BEGIN PERFORM 1; END $body$; SELECT $1, $2;", 1,
	      {"DO $body$ BEGIN PERFORM 1; END $body$", 1}, {"SELECT $1, $2", 1});
	SPLIT("SELECT E'a\\'; b';", 1, {"SELECT E'a\\'; b'", 1});
	SPLIT("CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
	      "  UPDATE t SET x = CASE WHEN new.a > 0 THEN 1 ELSE 0 END;\n"
	      "  DELETE FROM u;\nEND;\nSELECT 1;",
	      1,
	      {"CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
	       "  UPDATE t SET x = CASE WHEN new.a > 0 THEN 1 ELSE 0 END;\n"
	       "  DELETE FROM u;\nEND",
	       1},
	      {"SELECT 1", 5});
	SPLIT("BEGIN;\nCOMMIT;", 1, {"BEGIN", 1}, {"COMMIT", 2});
	SPLIT("SELECT 1\r\n;\r\nSELECT 2;\r\n", 1, {"SELECT 1", 1}, {"SELECT 2", 3});
	SPLIT("SELECT 1 -- trailing ; comment", 1, {"SELECT 1 -- trailing ; comment", 1});
	check_empty("");
	check_empty("  \n\n -- only a comment;\n /* and ; another */ ;;\n");
	check_error("SELECT 'open", "line 1: unterminated ' quote");
	check_error("SELECT 1;\n\nSELECT \"x", "line 3: unterminated \" quote");
	check_error("SELECT 1; /* never closed", "line 1: unterminated /* comment");
	check_error("\nSELECT $q$ body", "line 2: unterminated dollar quote $q$");
	check_error("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;", "unterminated BEGIN");
	TEST_DONE();
}
