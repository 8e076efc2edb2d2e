/*
 * test-revision.c - revision files (parse, render, slug, ids) and the
 * revision graph (order, heads, lookups, and the errors that name a file).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emit/revision.h"
#include "runner/graph.h"
#include "test/test.h"

static char dir[256];

static void put(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void rm(const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	CHECK(unlink(path) == 0);
}

static char *rev(const char *id, const char *revises, const char *extra)
{
	struct rg_buf b = RG_BUF_INIT;
	rg_buf_addf(&b, "-- rev %s\n--\n-- Revision ID: %s\n-- Revises: %s\n"
		    "-- Create Date: 2026-01-01 00:00:00.000000\n%s\n-- upgrade()\n"
		    "SELECT 1;\n\n-- downgrade()\nSELECT 2;\n",
		    id, id, revises, extra);
	return rg_buf_detach(&b);
}

static void parse_tests(void)
{
	struct rg_revision *r;
	struct rg_error err;
	const char *text =
		"-- add bio column\n--\n-- Revision ID: 3f9c0e7b2a41\n-- Revises: 98765432abcd, aaaa00000001\n"
		"-- Create Date: 2026-11-23 12:00:00.000000\n-- Branch Labels: feature, x\n"
		"-- Transaction: no\n\n-- upgrade()\nALTER TABLE users ADD COLUMN bio VARCHAR(500);\n\n"
		"-- downgrade()   \nALTER TABLE users DROP COLUMN bio;\n";
	CHECK(rg_revision_parse(&r, "v/x.sql", text, &err) == 0);
	CHECK_STR(r->id, "3f9c0e7b2a41");
	CHECK_STR(r->message, "add bio column");
	CHECK(r->ndown == 2);
	CHECK_STR(r->down[1], "aaaa00000001");
	CHECK(r->nlabels == 2);
	CHECK_STR(r->labels[0], "feature");
	CHECK(!r->transactional);
	CHECK_STR(r->create_date, "2026-11-23 12:00:00.000000");
	CHECK_STR(r->upgrade, "ALTER TABLE users ADD COLUMN bio VARCHAR(500);\n\n");
	CHECK(r->upgrade_line == 10);
	CHECK_STR(r->downgrade, "ALTER TABLE users DROP COLUMN bio;\n");
	CHECK(r->downgrade_line == 13);
	rg_revision_free(r);

	/* CRLF files parse the same */
	const char *crlf = "-- m\r\n-- Revision ID: abcd1234\r\n-- Revises:\r\n\r\n-- upgrade()\r\nSELECT 1;\r\n-- downgrade()\r\n";
	CHECK(rg_revision_parse(&r, "c.sql", crlf, &err) == 0);
	CHECK_STR(r->id, "abcd1234");
	CHECK(r->ndown == 0);
	CHECK(r->transactional);
	CHECK_STR(r->downgrade, "");
	rg_revision_free(r);

	CHECK(rg_revision_parse(&r, "v/no-id.sql", "-- m\n-- upgrade()\n-- downgrade()\n", &err) < 0);
	CHECK_CONTAINS(err.msg, "v/no-id.sql:1: no \"-- Revision ID:\"");
	CHECK(rg_revision_parse(&r, "v/bad.sql", "-- m\n-- Revision ID: Not-Valid\n-- upgrade()\n-- downgrade()\n", &err) < 0);
	CHECK_CONTAINS(err.msg, "v/bad.sql:2: revision id 'Not-Valid'");
	CHECK(rg_revision_parse(&r, "v/nosec.sql", "-- m\n-- Revision ID: abcd\n-- upgrade()\nSELECT 1;\n", &err) < 0);
	CHECK_CONTAINS(err.msg, "downgrade()");
	CHECK(rg_revision_parse(&r, "v/two.sql", "-- Revision ID: abcd\n-- upgrade()\n-- downgrade()\n-- upgrade()\n", &err) < 0);
	CHECK_CONTAINS(err.msg, "v/two.sql:4: a second -- upgrade()");
	CHECK(rg_revision_parse(&r, "v/self.sql", "-- Revision ID: abcd\n-- Revises: abcd\n-- upgrade()\n-- downgrade()\n", &err) < 0);
	CHECK_CONTAINS(err.msg, "revises itself");
	CHECK(rg_revision_parse(&r, "v/tx.sql", "-- Revision ID: abcd\n-- Transaction: maybe\n-- upgrade()\n-- downgrade()\n", &err) < 0);
	CHECK_CONTAINS(err.msg, "v/tx.sql:2:");
}

static void template_tests(void)
{
	extern const char rg_default_template[];
	struct rg_buf b = RG_BUF_INIT;
	struct rg_error err;
	struct rg_template_vars v = {
		.message = "add bio", .revision = "3f9c0e7b2a41", .down_revision = "98765432abcd",
		.create_date = "2026-11-23 12:00:00.000000",
		.upgrades = "ALTER TABLE users ADD COLUMN bio TEXT;\n",
		.downgrades = "ALTER TABLE users DROP COLUMN bio;\n",
	};
	CHECK(rg_template_render(&b, rg_default_template, "t", &v, &err) == 0);
	CHECK_CONTAINS(b.data, "-- Revision ID: 3f9c0e7b2a41\n-- Revises: 98765432abcd\n");
	struct rg_revision *r;
	CHECK(rg_revision_parse(&r, "x.sql", b.data, &err) == 0);
	CHECK_STR(r->message, "add bio");
	CHECK_STR(r->down[0], "98765432abcd");
	CHECK_CONTAINS(r->upgrade, "ADD COLUMN bio TEXT;");
	CHECK_CONTAINS(r->downgrade, "DROP COLUMN bio;");
	rg_revision_free(r);

	/* a first revision with empty sections parses back too */
	rg_buf_reset(&b);
	v.down_revision = "";
	v.upgrades = v.downgrades = "";
	CHECK(rg_template_render(&b, rg_default_template, "t", &v, &err) == 0);
	CHECK(rg_revision_parse(&r, "x.sql", b.data, &err) == 0);
	CHECK(r->ndown == 0);
	rg_revision_free(r);

	rg_buf_reset(&b);
	CHECK(rg_template_render(&b, "-- ${message}\n-- ${nope}\n", "my.tmpl", &v, &err) < 0);
	CHECK_CONTAINS(err.msg, "my.tmpl:2: unknown placeholder ${nope}");
	CHECK(rg_template_render(&b, "-- ${message\n", "my.tmpl", &v, &err) < 0);
	CHECK_CONTAINS(err.msg, "my.tmpl:1: unterminated");
	rg_buf_free(&b);
}

static void slug_tests(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Add bio column", "add_bio_column"},
		{"  --add   bio!!  ", "add_bio"},
		{"ユーザーモデルにbioフィールドを追加", "ユーザーモデルにbioフィールドを追加"},
		{"!!!", "revision"},
		{"a very long message that goes on and on and on forever", "a_very_long_message_that_goes_on_and_on"},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(cases); i++) {
		struct rg_buf b = RG_BUF_INIT;
		rg_revision_slug(&b, cases[i].in);
		CHECK_STR(b.data, cases[i].out);
		rg_buf_free(&b);
	}
	char a[13], b[13];
	struct rg_error err;
	CHECK(rg_revision_new_id(a, &err) == 0);
	CHECK(rg_revision_new_id(b, &err) == 0);
	CHECK(strlen(a) == 12 && strspn(a, "0123456789abcdef") == 12);
	CHECK(strcmp(a, b) != 0);
	CHECK(rg_revision_id_valid(a));
	CHECK(!rg_revision_id_valid(""));
	CHECK(!rg_revision_id_valid("ABC"));
}

static void graph_tests(void)
{
	struct rg_graph *g;
	struct rg_error err;
	snprintf(dir, sizeof(dir), "%s/rg-graph-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	CHECK(mkdtemp(dir) != NULL);

	CHECK(rg_graph_load(&g, dir, &err) == 0);
	CHECK(g->n == 0);
	rg_graph_free(g);

	char *t;
	put("3_c.sql", t = rev("cccc00000003", "bbbb00000002", "")); free(t);
	put("1_a.sql", t = rev("aaaa00000001", "", "")); free(t);
	put("2_b.sql", t = rev("bbbb00000002", "aaaa00000001", "-- Branch Labels: main\n")); free(t);
	put("notes.txt", "not a revision");
	CHECK(rg_graph_load(&g, dir, &err) == 0);
	CHECK(g->n == 3);
	CHECK_STR(g->revs[0]->id, "aaaa00000001");
	CHECK_STR(g->revs[2]->id, "cccc00000003");
	size_t *heads, nheads, ix;
	rg_graph_heads(g, &heads, &nheads);
	CHECK(nheads == 1 && heads[0] == 2);
	free(heads);
	CHECK(rg_graph_lookup(g, "bbbb", &ix, &err) == 0 && ix == 1);
	CHECK(rg_graph_lookup(g, "main", &ix, &err) == 0 && ix == 1);
	CHECK(rg_graph_lookup(g, "bbb", &ix, &err) < 0);
	CHECK_CONTAINS(err.msg, "at least 4");
	CHECK(rg_graph_lookup(g, "dddd", &ix, &err) < 0);
	CHECK_CONTAINS(err.msg, "unknown revision 'dddd'");
	bool mark[3] = {false, false, false};
	rg_graph_ancestors(g, 1, mark);
	CHECK(mark[0] && mark[1] && !mark[2]);
	rg_graph_free(g);

	/* a branch: two heads; an ambiguous prefix */
	put("4_d.sql", t = rev("cccc00000004", "bbbb00000002", "")); free(t);
	CHECK(rg_graph_load(&g, dir, &err) == 0);
	rg_graph_heads(g, &heads, &nheads);
	CHECK(nheads == 2);
	free(heads);
	CHECK(rg_graph_lookup(g, "cccc", &ix, &err) < 0);
	CHECK_CONTAINS(err.msg, "ambiguous");
	CHECK_CONTAINS(err.msg, "cccc00000003, cccc00000004");
	rg_graph_free(g);
	rm("4_d.sql");

	put("5_dup.sql", t = rev("bbbb00000002", "aaaa00000001", "")); free(t);
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "2_b.sql and ");
	CHECK_CONTAINS(err.msg, "5_dup.sql both have revision id bbbb00000002");
	rm("5_dup.sql");

	put("6_orphan.sql", t = rev("eeee00000005", "ffff00000000", "")); free(t);
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "6_orphan.sql: Revises names ffff00000000");
	rm("6_orphan.sql");

	/* a cycle: a revises c */
	put("1_a.sql", t = rev("aaaa00000001", "cccc00000003", "")); free(t);
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "cycle");
	put("1_a.sql", "-- broken\n-- upgrade()\n-- downgrade()\n");
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "1_a.sql:1:");

	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	CHECK(rg_graph_load(&g, dir, &err) < 0);
	CHECK_CONTAINS(err.msg, "revgen init");
}

int main(void)
{
	parse_tests();
	template_tests();
	slug_tests();
	graph_tests();
	TEST_DONE();
}
