/*
 * test-revision.c - revision files (parse, render, slug, ids) and the
 * revision graph (order, heads, lookups, and the errors that name a file).
 * Revision fixtures are in test/fixtures/revision/{good,bad}; graph cases
 * are written into a fresh temporary directory.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner/revision.h"
#include "runner/split.h"
#include "runner/graph.h"
#include "test/test.h"

static char dir[256];

static const char *fixtures(void)
{
	const char *f = getenv("RG_FIXTURES");
	return f ? f : "test/fixtures";
}

static struct rg_revision *load_fixture(const char *name, struct rg_error *err)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/revision/%s", fixtures(), name);
	struct rg_revision *r = NULL;
	if (rg_revision_load(&r, path, err) < 0)
		return NULL;
	return r;
}

/* ---- parsing ---- */

static void parse_good(void)
{
	struct rg_error err;
	struct rg_revision *r = load_fixture("good/first.sql", &err);
	CHECK(r != NULL);
	if (r) {
		CHECK_STR(r->message, "create users table");
		CHECK_STR(r->id, "98765432abcd");
		CHECK(r->ndown == 0 && r->nlabels == 0 && r->ndepends == 0);
		CHECK(r->transactional);
		CHECK_STR(r->create_date, "2026-11-20 09:30:00.000000");
		CHECK_STR(r->upgrade, "CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n"
			  "    username VARCHAR(255) NOT NULL\n);\n\n");
		CHECK(r->upgrade_line == 8);
		CHECK_STR(r->downgrade, "DROP TABLE users;\n");
		CHECK(r->downgrade_line == 14);
		CHECK_CONTAINS(r->path, "good/first.sql");
		CHECK_CONTAINS(r->text, "-- Revision ID: 98765432abcd\n");
		/* the body's lines are the file's lines */
		struct rg_stmt *s;
		size_t n;
		CHECK(rg_split_sql(&s, &n, r->upgrade, r->upgrade_line, &err) == 0);
		CHECK(n == 1 && s[0].line == 8);
		rg_stmts_free(s, n);
	}
	rg_revision_free(r);

	r = load_fixture("good/merge.sql", &err);
	CHECK(r != NULL);
	if (r) {
		CHECK(r->ndown == 2);
		CHECK_STR(r->down[0], "3f9c0e7b2a41");
		CHECK_STR(r->down[1], "1234abcd5678");
		CHECK_STR(r->upgrade, "\n");
		CHECK_STR(r->downgrade, "");
	}
	rg_revision_free(r);

	r = load_fixture("good/labels.sql", &err);
	CHECK(r != NULL);
	if (r) {
		/* a colon in the message does not make it a key */
		CHECK_STR(r->message, "add index concurrently: users(email)");
		CHECK(r->nlabels == 2);
		CHECK_STR(r->labels[0], "search");
		CHECK_STR(r->labels[1], "reporting");
		CHECK(r->ndepends == 1);
		CHECK_STR(r->depends[0], "1234abcd5678");
		CHECK(!r->transactional);
		/* downgrade() first is fine; a key-like comment in a body
		 * stays SQL */
		CHECK_STR(r->downgrade, "DROP INDEX ix_users_email;\n\n");
		CHECK(r->downgrade_line == 12);
		CHECK_CONTAINS(r->upgrade, "-- Revision ID: comments in a body");
		CHECK(r->upgrade_line == 15);
		CHECK_STR(r->id, "0a1b2c3d4e5f");
	}
	rg_revision_free(r);

	r = load_fixture("good/crlf.sql", &err);
	CHECK(r != NULL);
	if (r) {
		CHECK_STR(r->message, "windows line ends");
		CHECK_STR(r->id, "c0ffee000001");
		CHECK(r->ndown == 1);
		CHECK_STR(r->down[0], "98765432abcd");
		CHECK_STR(r->create_date, "2026-11-22 11:00:00.000000");
		CHECK_STR(r->upgrade, "ALTER TABLE users ADD COLUMN bio TEXT;\r\n\r\n");
		CHECK(r->upgrade_line == 8);
		CHECK(r->downgrade_line == 11);
	}
	rg_revision_free(r);

	/* in memory, with no final newline and a first comment that is a key */
	const char *text = "-- Revision ID: abcd\n-- Revises: , \n-- upgrade()\n-- downgrade()\nSELECT 1;";
	CHECK(rg_revision_parse(&r, "mem.sql", text, &err) == 0);
	if (r) {
		CHECK_STR(r->message, "");
		CHECK(r->ndown == 0);
		CHECK_STR(r->downgrade, "SELECT 1;");
		CHECK(r->downgrade_line == 5);
		CHECK(r->create_date == NULL);
	}
	rg_revision_free(r);
}

static void parse_bad(void)
{
	static const struct {
		const char *file, *want;
	} cases[] = {
		{"no-id.sql", "no-id.sql:1: no \"-- Revision ID:\" in the header"},
		{"bad-id.sql", "bad-id.sql:3: revision id 'Not-Valid' is not valid"},
		{"no-downgrade.sql", "no-downgrade.sql:7: no \"-- downgrade()\" line"},
		{"no-upgrade.sql", "no-upgrade.sql:7: no \"-- upgrade()\" line"},
		{"two-upgrades.sql", "two-upgrades.sql:12: a second -- upgrade() section "
				     "(the first is on line 6)"},
		{"self.sql", "self.sql:4: revision abcd00000004 revises itself"},
		{"sql-before.sql", "sql-before.sql:5: SQL before the \"-- upgrade()\" line"},
		{"misspelled.sql", "misspelled.sql:7: SQL before the \"-- upgrade()\" line"},
		{"two-ids.sql", "two-ids.sql:5: a second \"Revision ID:\" line (the first "
				"is on line 3)"},
		{"transaction.sql", "transaction.sql:5: Transaction must be yes or no, not "
				    "'sometimes'"},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(cases); i++) {
		char name[128];
		struct rg_error err;
		err.msg[0] = '\0';
		snprintf(name, sizeof(name), "bad/%s", cases[i].file);
		struct rg_revision *r = load_fixture(name, &err);
		CHECK(r == NULL);
		rg_revision_free(r);
		CHECK_CONTAINS(err.msg, cases[i].want);
		/* the message names the file as it was given */
		CHECK_CONTAINS(err.msg, "/revision/bad/");
	}

	struct rg_revision *r = NULL;
	struct rg_error err;
	CHECK(rg_revision_load(&r, "/nonexistent/x.sql", &err) < 0);
	CHECK_CONTAINS(err.msg, "/nonexistent/x.sql");
	CHECK(rg_revision_parse(&r, "d.sql", "-- Revision ID: abcd\n-- Depends On: abcd\n"
				"-- upgrade()\n-- downgrade()\n", &err) < 0);
	CHECK_CONTAINS(err.msg, "d.sql:2: revision abcd depends on itself");
	CHECK(rg_revision_parse(&r, "d.sql", "-- Revision ID: abcd\n-- Revises: x-y\n"
				"-- upgrade()\n-- downgrade()\n", &err) < 0);
	CHECK_CONTAINS(err.msg, "d.sql:2: Revises names 'x-y', which is not a revision id");
	CHECK(rg_revision_parse(&r, "d.sql", "-- Revision ID: abcd\n-- Revises: eeee, eeee\n"
				"-- upgrade()\n-- downgrade()\n", &err) < 0);
	CHECK_CONTAINS(err.msg, "d.sql:2: Revises names eeee twice");
	CHECK(rg_revision_parse(&r, "e.sql", "-- Revision ID:\n-- upgrade()\n-- downgrade()\n",
				&err) < 0);
	CHECK_CONTAINS(err.msg, "e.sql:1: revision id '' is not valid");
	CHECK(rg_revision_parse(&r, "e.sql", "", &err) < 0);
	CHECK_CONTAINS(err.msg, "e.sql:1: no \"-- Revision ID:\"");
}

/* ---- the template ---- */

static void template_tests(void)
{
	struct rg_buf b = RG_BUF_INIT;
	struct rg_error err;
	struct rg_template_vars v = {
		.message = "add bio", .revision = "3f9c0e7b2a41", .down_revision = "98765432abcd",
		.create_date = "2026-11-23 12:00:00.000000",
		.upgrades = "ALTER TABLE users ADD COLUMN bio VARCHAR(500);\n",
		.downgrades = "ALTER TABLE users DROP COLUMN bio;\n",
		.branch_labels = "", .depends_on = "",
	};
	CHECK(rg_template_render(&b, rg_default_template, "t", &v, &err) == 0);
	/* SPEC §4's example, byte for byte */
	CHECK_STR(b.data, "-- add bio\n--\n-- Revision ID: 3f9c0e7b2a41\n-- Revises: 98765432abcd\n"
		  "-- Create Date: 2026-11-23 12:00:00.000000\n\n-- upgrade()\n"
		  "ALTER TABLE users ADD COLUMN bio VARCHAR(500);\n\n-- downgrade()\n"
		  "ALTER TABLE users DROP COLUMN bio;\n");
	struct rg_revision *r = NULL;
	CHECK(rg_revision_parse(&r, "x.sql", b.data, &err) == 0);
	if (r) {
		CHECK_STR(r->message, "add bio");
		CHECK_STR(r->id, "3f9c0e7b2a41");
		CHECK(r->ndown == 1);
		CHECK_STR(r->down[0], "98765432abcd");
		CHECK_STR(r->create_date, "2026-11-23 12:00:00.000000");
		CHECK(r->transactional);
		CHECK_STR(r->upgrade, "ALTER TABLE users ADD COLUMN bio VARCHAR(500);\n\n");
		CHECK_STR(r->downgrade, "ALTER TABLE users DROP COLUMN bio;\n");
	}
	rg_revision_free(r);

	/* a first revision with empty sections parses back too */
	rg_buf_reset(&b);
	v.down_revision = "";
	v.upgrades = v.downgrades = "";
	CHECK(rg_template_render(&b, rg_default_template, "t", &v, &err) == 0);
	r = NULL;
	CHECK(rg_revision_parse(&r, "x.sql", b.data, &err) == 0);
	if (r) {
		CHECK(r->ndown == 0);
		CHECK_STR(r->upgrade, "\n\n");
		CHECK_STR(r->downgrade, "\n");
		struct rg_stmt *s;
		size_t n = 99;
		CHECK(rg_split_sql(&s, &n, r->upgrade, r->upgrade_line, &err) == 0);
		CHECK(n == 0);
		rg_stmts_free(s, n);
	}
	rg_revision_free(r);

	/* every placeholder, a merge, and a multi-line message kept on its
	 * comment line */
	rg_buf_reset(&b);
	v.message = "line one\nline two";
	v.down_revision = "aaaa00000001, bbbb00000002";
	v.branch_labels = "feature";
	v.depends_on = "cccc00000003";
	const char *tmpl = "-- ${message}\n-- Revision ID: ${revision}\n-- Revises: ${down_revision}\n"
			   "-- Branch Labels: ${branch_labels}\n-- Depends On: ${depends_on}\n"
			   "-- Create Date: ${create_date}\n-- upgrade()\n${upgrades}\n"
			   "-- downgrade()\n${downgrades}\n";
	CHECK(rg_template_render(&b, tmpl, "full.tmpl", &v, &err) == 0);
	CHECK_CONTAINS(b.data, "-- line one line two\n");
	r = NULL;
	CHECK(rg_revision_parse(&r, "x.sql", b.data, &err) == 0);
	if (r) {
		CHECK_STR(r->message, "line one line two");
		CHECK(r->ndown == 2);
		CHECK_STR(r->down[1], "bbbb00000002");
		CHECK(r->nlabels == 1 && r->ndepends == 1);
		CHECK_STR(r->labels[0], "feature");
		CHECK_STR(r->depends[0], "cccc00000003");
	}
	rg_revision_free(r);

	/* a '$' that opens no placeholder is kept */
	rg_buf_reset(&b);
	CHECK(rg_template_render(&b, "-- $5 and $$x$$ for ${revision}\n", "t", &v, &err) == 0);
	CHECK_STR(b.data, "-- $5 and $$x$$ for 3f9c0e7b2a41\n");

	/* errors name the template and its line, and leave out unchanged */
	rg_buf_reset(&b);
	rg_buf_add(&b, "kept");
	CHECK(rg_template_render(&b, "-- ${message}\n-- ${nope}\n", "my.tmpl", &v, &err) < 0);
	CHECK_CONTAINS(err.msg, "my.tmpl:2: unknown placeholder ${nope}");
	CHECK_STR(rg_buf_str(&b), "kept");
	CHECK(rg_template_render(&b, "--\n\n-- ${message\n}", "my.tmpl", &v, &err) < 0);
	CHECK_CONTAINS(err.msg, "my.tmpl:3: unterminated ${");
	CHECK(rg_template_render(&b, "${", "my.tmpl", &v, &err) < 0);
	CHECK_CONTAINS(err.msg, "my.tmpl:1: unterminated ${");
	CHECK_STR(rg_buf_str(&b), "kept");
	rg_buf_free(&b);
}

/* ---- slugs and ids ---- */

static void slug_tests(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Add bio column", "add_bio_column"},
		{"  --add   bio!!  ", "add_bio"},
		{"ユーザーモデルにbioフィールドを追加", "ユーザーモデルにbioフィールドを追加"},
		/* CJK punctuation separates like ASCII punctuation */
		{"ユーザー、追加。", "ユーザー_追加"},
		{"Ajout de la colonne «bio» — été", "ajout_de_la_colonne_bio_été"},
		{"!!!", "revision"},
		{"", "revision"},
		{"。、", "revision"},
		{"add users.email (unique)", "add_users_email_unique"},
		/* 40 characters at most; a word cut in two is dropped */
		{"a very long message that goes on and on and on forever",
		 "a_very_long_message_that_goes_on_and_on"},
		{"add a column to the users table for storing biography",
		 "add_a_column_to_the_users_table_for"},
		{"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
		 "abcdefghijklmnopqrstuvwxyzabcdefghijklmn"},
		/* invalid UTF-8 is a separator, never copied into a file name */
		{"bad\xff\xfe" "bytes\xc3", "bad_bytes"},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(cases); i++) {
		struct rg_buf b = RG_BUF_INIT;
		rg_revision_slug(&b, cases[i].in);
		CHECK_STR(b.data, cases[i].out);
		rg_buf_free(&b);
	}
	/* 40 characters of a long Japanese message, cut on a character */
	struct rg_buf b = RG_BUF_INIT;
	struct rg_buf in = RG_BUF_INIT;
	for (int i = 0; i < 30; i++)
		rg_buf_add(&in, "追加");
	rg_revision_slug(&b, in.data);
	CHECK(b.len == 40 * 3);
	CHECK(strncmp(b.data, in.data, b.len) == 0);
	rg_buf_free(&b);
	rg_buf_free(&in);
	/* appends to what the buffer holds */
	rg_buf_add(&b, "abc_");
	rg_revision_slug(&b, "X y");
	CHECK_STR(b.data, "abc_x_y");
	rg_buf_free(&b);

	char a[13], c[13];
	struct rg_error err;
	CHECK(rg_revision_new_id(a, &err) == 0);
	CHECK(rg_revision_new_id(c, &err) == 0);
	CHECK(strlen(a) == 12 && strspn(a, "0123456789abcdef") == 12);
	CHECK(strlen(c) == 12 && strspn(c, "0123456789abcdef") == 12);
	CHECK(strcmp(a, c) != 0);
	CHECK(rg_revision_id_valid(a));
	CHECK(rg_revision_id_valid("base_2"));
	CHECK(rg_revision_id_valid("abcdefghijklmnopqrstuvwxyz012345"));
	CHECK(!rg_revision_id_valid("abcdefghijklmnopqrstuvwxyz0123456"));
	CHECK(!rg_revision_id_valid(""));
	CHECK(!rg_revision_id_valid(NULL));
	CHECK(!rg_revision_id_valid("ABC"));
	CHECK(!rg_revision_id_valid("ab-c"));
	CHECK(!rg_revision_id_valid("ab c"));
}

/* ---- the graph ---- */

static void put(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		CHECK(fclose(f) == 0);
	}
}

static void rm(const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	CHECK(unlink(path) == 0);
}

/* A revision file: date orders revisions that are ready together. */
static void put_rev(const char *name, const char *id, const char *revises,
		    const char *date, const char *extra)
{
	struct rg_buf b = RG_BUF_INIT;
	rg_buf_addf(&b, "-- rev %s\n--\n-- Revision ID: %s\n-- Revises: %s\n"
		    "-- Create Date: %s\n%s\n-- upgrade()\nSELECT 1;\n\n-- downgrade()\n"
		    "SELECT 2;\n",
		    id, id, revises, date, extra);
	put(name, b.data);
	rg_buf_free(&b);
}

#define D0 "2025-12-31 00:00:00.000000"
#define D1 "2026-01-01 00:00:00.000000"
#define D2 "2026-01-02 00:00:00.000000"
#define D3 "2026-01-03 00:00:00.000000"

/* The ids of g in order, comma-separated. */
static char *order_of(const struct rg_graph *g)
{
	struct rg_buf b = RG_BUF_INIT;
	for (size_t i = 0; i < g->n; i++)
		rg_buf_addf(&b, "%s%s", i ? "," : "", g->revs[i]->id);
	return rg_buf_detach(&b);
}

static void graph_linear(void)
{
	struct rg_graph *g = NULL;
	struct rg_error err;

	CHECK(rg_graph_load(&g, dir, &err) == 0);
	CHECK(g && g->n == 0);
	size_t *heads, nheads, ix;
	if (g) {
		rg_graph_heads(g, &heads, &nheads);
		CHECK(nheads == 0);
		free(heads);
		CHECK(rg_graph_lookup(g, "abcd", &ix, &err) < 0);
		CHECK_CONTAINS(err.msg, "unknown revision 'abcd'");
	}
	rg_graph_free(g);

	/* file names do not decide the order: the links do */
	put_rev("3_c.sql", "cccc00000003", "bbbb00000002", D1, "");
	put_rev("1_a.sql", "aaaa00000001", "", D3, "");
	put_rev("2_b.sql", "bbbb00000002", "aaaa00000001", D2, "-- Branch Labels: main\n");
	/* not revisions: other extensions, hidden files, directories */
	put("notes.txt", "not a revision");
	put(".#1_a.sql", "an editor's lock file");
	char sub[512];
	snprintf(sub, sizeof(sub), "%s/old.sql", dir);
	CHECK(mkdir(sub, 0755) == 0);
	CHECK(rg_graph_load(&g, dir, &err) == 0);
	CHECK(g->n == 3);
	char *o = order_of(g);
	CHECK_STR(o, "aaaa00000001,bbbb00000002,cccc00000003");
	free(o);
	CHECK(g->parents[1][0] == 0 && g->parents[2][0] == 1);
	CHECK(rg_graph_index(g, "bbbb00000002") == 1);
	CHECK(rg_graph_index(g, "bbbb") == -1);
	CHECK(rg_graph_index(g, "zzzz00000000") == -1);
	rg_graph_heads(g, &heads, &nheads);
	CHECK(nheads == 1 && heads[0] == 2);
	free(heads);
	CHECK(rg_graph_lookup(g, "bbbb", &ix, &err) == 0 && ix == 1);
	CHECK(rg_graph_lookup(g, "cccc00000003", &ix, &err) == 0 && ix == 2);
	CHECK(rg_graph_lookup(g, "main", &ix, &err) == 0 && ix == 1);
	CHECK(rg_graph_lookup(g, "bbb", &ix, &err) < 0);
	CHECK_CONTAINS(err.msg, "at least 4");
	CHECK(rg_graph_lookup(g, "dddd", &ix, &err) < 0);
	CHECK_CONTAINS(err.msg, "unknown revision 'dddd'");
	CHECK(rg_graph_lookup(g, "aaaa00000001x", &ix, &err) < 0);
	bool mark[3] = {false, false, false};
	rg_graph_ancestors(g, 1, mark);
	CHECK(mark[0] && mark[1] && !mark[2]);
	rg_graph_free(g);
	CHECK(rmdir(sub) == 0);
	rm(".#1_a.sql");
	rm("notes.txt");
}

static void graph_branches(void)
{
	struct rg_graph *g = NULL;
	struct rg_error err;
	size_t *heads, nheads, ix;

	/* a branch: two heads, ordered by date among the ready ones; an
	 * ambiguous prefix lists its candidates */
	put_rev("4_d.sql", "cccc00000004", "bbbb00000002", D0, "");
	CHECK(rg_graph_load(&g, dir, &err) == 0);
	char *o = order_of(g);
	/* both children of b are ready together; 4 is older */
	CHECK_STR(o, "aaaa00000001,bbbb00000002,cccc00000004,cccc00000003");
	free(o);
	rg_graph_heads(g, &heads, &nheads);
	CHECK(nheads == 2 && heads[0] == 2 && heads[1] == 3);
	free(heads);
	CHECK(rg_graph_lookup(g, "cccc", &ix, &err) < 0);
	CHECK_CONTAINS(err.msg, "ambiguous");
	CHECK_CONTAINS(err.msg, "cccc00000003, cccc00000004");
	CHECK(rg_graph_lookup(g, "cccc00000004", &ix, &err) == 0 && ix == 2);
	rg_graph_free(g);

	/* a merge joins them; Depends On orders too, and ancestors follow it */
	put_rev("5_m.sql", "eeee00000005", "cccc00000003, cccc00000004", D1, "");
	put_rev("6_x.sql", "ffff00000006", "", D1,
		"-- Depends On: cccc00000003\n-- Branch Labels: extra");
	CHECK(rg_graph_load(&g, dir, &err) == 0);
	o = order_of(g);
	CHECK_STR(o, "aaaa00000001,bbbb00000002,cccc00000004,cccc00000003,"
		  "eeee00000005,ffff00000006");
	free(o);
	long m = rg_graph_index(g, "eeee00000005");
	CHECK(m == 4);
	CHECK(g->parents[4][0] == 3 && g->parents[4][1] == 2);
	rg_graph_heads(g, &heads, &nheads);
	/* ffff depends on cccc3 but does not revise it: two heads */
	CHECK(nheads == 2 && heads[0] == 4 && heads[1] == 5);
	free(heads);
	bool mark[6] = {false};
	rg_graph_ancestors(g, 5, mark);
	CHECK(mark[5] && mark[3] && mark[1] && mark[0] && !mark[2] && !mark[4]);
	CHECK(rg_graph_lookup(g, "extra", &ix, &err) == 0 && ix == 5);
	rg_graph_free(g);
	rm("5_m.sql");
	rm("6_x.sql");
	rm("4_d.sql");
}

static void graph_errors(void)
{
	struct rg_graph *g = NULL;
	struct rg_error err;

	put_rev("5_dup.sql", "bbbb00000002", "aaaa00000001", D1, "");
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "2_b.sql and ");
	CHECK_CONTAINS(err.msg, "5_dup.sql both have revision id bbbb00000002");
	rm("5_dup.sql");

	put_rev("6_orphan.sql", "eeee00000005", "ffff00000000", D1, "");
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "6_orphan.sql: Revises names ffff00000000");
	rm("6_orphan.sql");

	put_rev("7_dep.sql", "eeee00000007", "cccc00000003", D1, "-- Depends On: 999900000000");
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "7_dep.sql: Depends On names 999900000000");
	rm("7_dep.sql");

	put_rev("8_lab.sql", "eeee00000008", "cccc00000003", D1, "-- Branch Labels: main");
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "2_b.sql and ");
	CHECK_CONTAINS(err.msg, "8_lab.sql both have branch label 'main'");
	put_rev("8_lab.sql", "eeee00000008", "cccc00000003", D1,
		"-- Branch Labels: aaaa00000001");
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "8_lab.sql: branch label 'aaaa00000001' is also the id of");
	rm("8_lab.sql");

	/* a cycle: a revises c; the message gives the cycle and a file in it */
	put_rev("1_a.sql", "aaaa00000001", "cccc00000003", D1, "");
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "form a cycle");
	CHECK_CONTAINS(err.msg, "aaaa00000001 -> cccc00000003 -> bbbb00000002 -> aaaa00000001");
	CHECK_CONTAINS(err.msg, "1_a.sql: ");
	/* a revision outside the cycle that leads into it is not in the path */
	put_rev("9_z.sql", "dddd00000009", "", D1, "");
	put_rev("1_a.sql", "aaaa00000001", "cccc00000003, dddd00000009", D1, "");
	put_rev("0_y.sql", "0000aaaa0000", "aaaa00000001", D1, "");
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "(aaaa00000001 -> cccc00000003 -> bbbb00000002 -> aaaa00000001,");
	rm("0_y.sql");
	rm("9_z.sql");

	/* a file that does not parse: its own path:line */
	put("1_a.sql", "-- broken\n-- upgrade()\n-- downgrade()\n");
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "1_a.sql:1: no \"-- Revision ID:\"");
	put_rev("1_a.sql", "aaaa00000001", "", D3, "");
	CHECK(rg_graph_load(&g, dir, &err) == 0);
	rg_graph_free(g);
}

/* 500 revisions, one chain, file names in no useful order: loads fast and
 * in chain order. */
static void graph_many(void)
{
	char big[300];
	snprintf(big, sizeof(big), "%s/many", dir);
	CHECK(mkdir(big, 0755) == 0);
	enum { N = 500 };
	for (int i = 0; i < N; i++) {
		char path[400], id[16], down[16];
		/* ids descend along the chain, dates all equal: only the
		 * links can give the order */
		snprintf(id, sizeof(id), "%012x", (unsigned)(N - i) * 7919u);
		snprintf(down, sizeof(down), "%012x", (unsigned)(N - i + 1) * 7919u);
		snprintf(path, sizeof(path), "%s/%03d_%s.sql", big, (i * 37) % N, id);
		FILE *f = fopen(path, "w");
		CHECK(f != NULL);
		if (!f)
			return;
		fprintf(f, "-- step %d\n--\n-- Revision ID: %s\n-- Revises: %s\n"
			"-- Create Date: " D1 "\n\n-- upgrade()\nSELECT %d;\n\n-- downgrade()\n",
			i, id, i ? down : "", i);
		CHECK(fclose(f) == 0);
	}
	struct rg_graph *g = NULL;
	struct rg_error err;
	double t0 = rg_now_ms();
	CHECK(rg_graph_load(&g, big, &err) == 0);
	CHECK(rg_now_ms() - t0 < 2000);
	if (!g)
		return;
	CHECK(g->n == N);
	bool chain = true;
	for (size_t i = 0; i < g->n; i++) {
		char want[32];
		snprintf(want, sizeof(want), "step %zu", i);
		if (strcmp(g->revs[i]->message, want) != 0 ||
		    (i > 0 && g->parents[i][0] != i - 1))
			chain = false;
	}
	CHECK(chain);
	size_t *heads, nheads, ix;
	rg_graph_heads(g, &heads, &nheads);
	CHECK(nheads == 1 && heads[0] == N - 1);
	free(heads);
	CHECK(rg_graph_lookup(g, g->revs[N - 1]->id, &ix, &err) == 0 && ix == N - 1);
	bool *mark = calloc(N, sizeof(bool));
	rg_graph_ancestors(g, N - 1, mark);
	size_t nm = 0;
	for (size_t i = 0; i < N; i++)
		nm += mark[i];
	CHECK(nm == N);
	free(mark);
	rg_graph_free(g);
}

static void graph_tests(void)
{
	struct rg_graph *g = NULL;
	struct rg_error err;
	snprintf(dir, sizeof(dir), "%s/rg-graph-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	CHECK(mkdtemp(dir) != NULL);

	graph_linear();
	graph_branches();
	graph_errors();
	graph_many();

	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "revgen init");
	rg_graph_free(NULL);
}

int main(void)
{
	parse_good();
	parse_bad();
	template_tests();
	slug_tests();
	graph_tests();
	TEST_DONE();
}
