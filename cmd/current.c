/*
 * current.c - `revgen current`: the revision(s) the version table holds,
 * "(head)" marked.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "runner/runner.h"

int cmd_current(struct rg_ctx *ctx, int argc, char **argv)
{
	const char *format = "text";
	const struct rg_option opts[] = {
		{0, "format", RG_OPT_STRING, "FMT", "text (default) or json", &format},
		{0},
	};
	static const struct rg_command_help help = {
		"current [-v] [--format text|json]",
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
	bool json = strcmp(format, "json") == 0;
	if (!json && strcmp(format, "text") != 0) {
		rg_cmd_error("current: unknown --format '%s' (text or json)", format);
		return RG_EXIT_ERROR;
	}
	if ((rc = rg_cmd_setup(ctx)))
		return rc;

	struct rg_error err;
	const struct rg_graph *g = ctx->graph;
	char **cur = NULL;
	size_t ncur = 0, *heads = NULL, nheads = 0;
	if (rg_runner_current(ctx->conn, ctx->cfg->version_table, &cur, &ncur, &err) < 0)
		return rg_cmd_fail(&err);
	rg_graph_heads(g, &heads, &nheads);
	json_t *arr = json_array();
	if (ncur == 0 && ctx->verbose && !json)
		fprintf(stderr, "The database is at base (no revision applied).\n");
	for (size_t i = 0; i < ncur; i++) {
		long ix = rg_graph_index(g, cur[i]);
		bool is_head = false;
		for (size_t k = 0; k < nheads; k++)
			if ((long)heads[k] == ix)
				is_head = true;
		if (json) {
			json_t *o = json_object();
			json_object_set_new(o, "revision", json_string(cur[i]));
			json_object_set_new(o, "is_head", json_boolean(is_head));
			json_object_set_new(o, "message", ix >= 0 ? json_string(g->revs[ix]->message) : json_null());
			json_object_set_new(o, "path", ix >= 0 ? json_string(g->revs[ix]->path) : json_null());
			json_array_append_new(arr, o);
			continue;
		}
		printf("%s%s", cur[i], is_head ? " (head)" : "");
		if (ix < 0)
			printf(" (no file in versions/ has this revision)");
		else if (ctx->verbose)
			printf(", %s\n    %s", g->revs[ix]->message, g->revs[ix]->path);
		printf("\n");
	}
	if (json) {
		json_t *root = json_object();
		json_object_set_new(root, "current", arr);
		arr = NULL;
		char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(root);
	}
	json_decref(arr);
	free(heads);
	rg_free_rows(cur, ncur);
	return RG_EXIT_OK;
}
