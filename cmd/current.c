/*
 * current.c - `revgen current`: the revision(s) the version table holds,
 * "(head)" marked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "runner/runner.h"

int cmd_current(struct rg_ctx *ctx, int argc, char **argv)
{
	static const struct rg_option opts[] = {{0}};
	static const struct rg_command_help help = {
		"current [-v]",
		"Prints the revision(s) the database is at, \"(head)\" marked; nothing at base.\n"
		"-v adds each revision's message and file.",
		"revgen current",
	};
	const char *pos[1];
	size_t npos;
	bool shown;
	int rc = rg_parse_options(ctx, argc, argv, opts, &help, pos, 0, &npos, &shown);
	if (rc || shown)
		return rc;
	if ((rc = rg_cmd_load_config(ctx, true)))
		return rc;

	struct rg_error err;
	struct rg_graph *g = NULL;
	struct rg_conn *c = NULL;
	char **cur = NULL;
	size_t ncur = 0, *heads = NULL, nheads = 0;
	if ((rc = rg_cmd_load_graph(ctx, &g)))
		goto out;
	if ((rc = rg_cmd_connect(ctx, &c)))
		goto out;
	if (rg_runner_current(c, ctx->cfg->version_table, &cur, &ncur, &err) < 0) {
		rc = rg_cmd_fail(&err);
		goto out;
	}
	rg_graph_heads(g, &heads, &nheads);
	if (ncur == 0 && ctx->verbose)
		fprintf(stderr, "The database is at base (no revision applied).\n");
	for (size_t i = 0; i < ncur; i++) {
		long ix = rg_graph_index(g, cur[i]);
		bool is_head = false;
		for (size_t k = 0; k < nheads; k++)
			if ((long)heads[k] == ix)
				is_head = true;
		printf("%s%s", cur[i], is_head ? " (head)" : "");
		if (ix < 0)
			printf(" (no file in versions/ has this revision)");
		else if (ctx->verbose)
			printf(", %s\n    %s", g->revs[ix]->message, g->revs[ix]->path);
		printf("\n");
	}
	rc = RG_EXIT_OK;
out:
	free(heads);
	rg_free_rows(cur, ncur);
	if (c)
		c->dialect->disconnect(c);
	rg_graph_free(g);
	return rc;
}
