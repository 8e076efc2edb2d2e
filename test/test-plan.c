/*
 * test-plan.c - planning upgrades and downgrades over real revision files,
 * and the version-table SQL the runner writes for them (through the
 * offline path, which shares version_step with the online one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner/runner.h"
#include "test/test.h"

static char dir[256];

static void write_rev(const char *id, const char *revises, const char *date)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s_rev.sql", dir, id);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fprintf(f,
		"-- revision %s\n--\n-- Revision ID: %s\n-- Revises: %s\n"
		"-- Create Date: %s\n\n-- upgrade()\nCREATE TABLE t_%s (id INTEGER);\n\n"
		"-- downgrade()\nDROP TABLE t_%s;\n",
		id, id, revises, date, id, id);
	fclose(f);
}

/* The plan's steps as "id id id". */
static char *steps(const struct rg_graph *g, const struct rg_plan *p)
{
	struct rg_buf b = RG_BUF_INIT;
	for (size_t i = 0; i < p->n; i++)
		rg_buf_addf(&b, "%s%s", i ? " " : "", g->revs[p->steps[i]]->id);
	return rg_buf_detach(&b);
}

static void check_up(const struct rg_graph *g, char **cur, size_t ncur,
		     const char *target, const char *want)
{
	struct rg_plan p;
	struct rg_error err;
	if (rg_plan_upgrade(&p, g, cur, ncur, target, &err) < 0) {
		fprintf(stderr, "upgrade %s: %s\n", target, err.msg);
		CHECK(want == NULL);
		return;
	}
	char *s = steps(g, &p);
	CHECK_STR(s, want);
	free(s);
	rg_plan_free(&p);
}

static void check_down(const struct rg_graph *g, char **cur, size_t ncur,
		       const char *target, const char *want)
{
	struct rg_plan p;
	struct rg_error err;
	if (rg_plan_downgrade(&p, g, cur, ncur, target, &err) < 0) {
		CHECK(want == NULL);
		return;
	}
	char *s = steps(g, &p);
	CHECK_STR(s, want);
	free(s);
	rg_plan_free(&p);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "%s/rg-plan-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	CHECK(mkdtemp(dir) != NULL);

	/* a -> b -> c, and a branch b -> d, merged by e */
	write_rev("aaaa00000001", "", "2026-01-01 00:00:00.000000");
	write_rev("bbbb00000002", "aaaa00000001", "2026-01-02 00:00:00.000000");
	write_rev("cccc00000003", "bbbb00000002", "2026-01-03 00:00:00.000000");

	struct rg_graph *g;
	struct rg_error err;
	CHECK(rg_graph_load(&g, dir, &err) == 0);
	char *none[1] = {NULL};
	char *at_a[] = {"aaaa00000001"};
	char *at_c[] = {"cccc00000003"};
	char *bogus[] = {"ffff00000000"};

	check_up(g, none, 0, "head", "aaaa00000001 bbbb00000002 cccc00000003");
	check_up(g, none, 0, "+1", "aaaa00000001");
	check_up(g, at_a, 1, "+2", "bbbb00000002 cccc00000003");
	check_up(g, at_a, 1, "+3", NULL);
	check_up(g, at_a, 1, "bbbb", "bbbb00000002");
	check_up(g, at_c, 1, "head", "");
	check_up(g, bogus, 1, "head", NULL);
	check_down(g, at_c, 1, "-1", "cccc00000003");
	check_down(g, at_c, 1, "base", "cccc00000003 bbbb00000002 aaaa00000001");
	check_down(g, at_c, 1, "aaaa00000001", "cccc00000003 bbbb00000002");
	check_down(g, at_a, 1, "cccc00000003", NULL);
	check_down(g, at_a, 1, "-2", NULL);

	/* the version-table SQL of a full upgrade and a full downgrade */
	struct rg_plan p;
	struct rg_buf sql = RG_BUF_INIT;
	CHECK(rg_plan_upgrade(&p, g, none, 0, "head", &err) == 0);
	CHECK(rg_runner_sql(&sql, &rg_dialect_sqlite, g, &p, "revgen_version", &err) == 0);
	CHECK_CONTAINS(sql.data, "CREATE TABLE IF NOT EXISTS revgen_version");
	CHECK_CONTAINS(sql.data, "INSERT INTO revgen_version (version_num) VALUES ('aaaa00000001');");
	CHECK_CONTAINS(sql.data, "UPDATE revgen_version SET version_num = 'cccc00000003' WHERE version_num = 'bbbb00000002';");
	CHECK_CONTAINS(sql.data, "CREATE TABLE t_bbbb00000002 (id INTEGER);");
	rg_plan_free(&p);
	rg_buf_reset(&sql);
	CHECK(rg_plan_downgrade(&p, g, at_c, 1, "base", &err) == 0);
	CHECK(rg_runner_sql(&sql, &rg_dialect_sqlite, g, &p, "revgen_version", &err) == 0);
	CHECK_CONTAINS(sql.data, "UPDATE revgen_version SET version_num = 'bbbb00000002' WHERE version_num = 'cccc00000003';");
	CHECK_CONTAINS(sql.data, "DELETE FROM revgen_version WHERE version_num = 'aaaa00000001';");
	rg_plan_free(&p);
	rg_graph_free(g);

	/* two heads: "head" refuses and names both, "heads" applies both, a
	 * merge joins them (one UPDATE, one DELETE) */
	write_rev("dddd00000004", "bbbb00000002", "2026-01-04 00:00:00.000000");
	CHECK(rg_graph_load(&g, dir, &err) == 0);
	CHECK(rg_plan_upgrade(&p, g, at_a, 1, "head", &err) < 0);
	CHECK_CONTAINS(err.msg, "cccc00000003");
	CHECK_CONTAINS(err.msg, "dddd00000004");
	check_up(g, at_a, 1, "heads", "bbbb00000002 cccc00000003 dddd00000004");
	rg_graph_free(g);
	write_rev("eeee00000005", "cccc00000003, dddd00000004", "2026-01-05 00:00:00.000000");
	CHECK(rg_graph_load(&g, dir, &err) == 0);
	char *two[] = {"cccc00000003", "dddd00000004"};
	CHECK(rg_plan_upgrade(&p, g, two, 2, "head", &err) == 0);
	rg_buf_reset(&sql);
	CHECK(rg_runner_sql(&sql, &rg_dialect_sqlite, g, &p, "revgen_version", &err) == 0);
	CHECK_CONTAINS(sql.data, "UPDATE revgen_version SET version_num = 'eeee00000005' WHERE version_num = 'cccc00000003';");
	CHECK_CONTAINS(sql.data, "DELETE FROM revgen_version WHERE version_num = 'dddd00000004';");
	rg_plan_free(&p);
	/* and the merge's downgrade puts both heads back */
	char *at_e[] = {"eeee00000005"};
	CHECK(rg_plan_downgrade(&p, g, at_e, 1, "-1", &err) == 0);
	rg_buf_reset(&sql);
	CHECK(rg_runner_sql(&sql, &rg_dialect_sqlite, g, &p, "revgen_version", &err) == 0);
	CHECK_CONTAINS(sql.data, "UPDATE revgen_version SET version_num = 'cccc00000003' WHERE version_num = 'eeee00000005';");
	CHECK_CONTAINS(sql.data, "INSERT INTO revgen_version (version_num) VALUES ('dddd00000004');");
	rg_plan_free(&p);

	/* a revision not written yet, appended (revision --verify): planned
	 * like the others, and refused with an id taken or an unknown parent */
	struct rg_revision *r = NULL;
	const char *text = "-- new\n--\n-- Revision ID: ffff00000006\n-- Revises: eeee00000005\n"
			   "\n-- upgrade()\nSELECT 1;\n\n-- downgrade()\nSELECT 2;\n";
	CHECK(rg_revision_parse(&r, "new.sql", text, &err) == 0);
	CHECK(rg_graph_append(g, r, &err) == 0);
	check_up(g, at_e, 1, "ffff00000006", "ffff00000006");
	check_up(g, at_a, 1, "ffff", "bbbb00000002 cccc00000003 dddd00000004 eeee00000005 ffff00000006");
	char *at_f[] = {"ffff00000006"};
	check_down(g, at_f, 1, "-1", "ffff00000006");
	CHECK(rg_revision_parse(&r, "dup.sql", text, &err) == 0);
	CHECK(rg_graph_append(g, r, &err) < 0);
	CHECK_CONTAINS(err.msg, "exists already");
	rg_revision_free(r);
	const char *orphan = "-- x\n--\n-- Revision ID: abab00000007\n-- Revises: 0000deadbeef\n"
			     "\n-- upgrade()\n\n-- downgrade()\n";
	CHECK(rg_revision_parse(&r, "orphan.sql", orphan, &err) == 0);
	CHECK(rg_graph_append(g, r, &err) < 0);
	CHECK_CONTAINS(err.msg, "revises unknown revision 0000deadbeef");
	rg_revision_free(r);
	CHECK(g->n == 6);
	rg_graph_free(g);
	rg_buf_free(&sql);

	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	TEST_DONE();
}
