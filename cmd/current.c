/*
 * current.c - `revgen current`: the revision(s) the version table holds,
 * "(head)" marked, and a revision a run left partly applied with how far
 * it got (runner/progress.h).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "runner/progress.h"
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
		"A revision an interrupted or failed run left partly applied follows, with\n"
		"the number of its statements applied and the next one.\n"
		"-v adds each revision's message and file. Over a fleet (README \"Fleets\"):\n"
		"-j N, --fail-fast, --format text|json.",
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

	const struct rg_graph *g = ctx->graph;
	char **cur;
	size_t ncur, npart, *heads = NULL, nheads = 0;
	struct rg_progress *part;
	if ((rc = rg_cmd_read_state(ctx, &cur, &ncur, &part, &npart)))
		return rc;
	rg_fleet_report("from", cur, ncur);
	if (npart) {
		char **ids = rg_xcalloc(npart, sizeof(char *));
		for (size_t i = 0; i < npart; i++)
			ids[i] = part[i].id;
		rg_fleet_report("partly", ids, npart);
		free(ids);
	}
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
	json_t *parts = json_array();
	for (size_t i = 0; i < npart; i++) {
		struct rg_buf b = RG_BUF_INIT;
		rg_progress_describe(&b, g, &part[i]);
		if (json) {
			json_t *o = json_object();
			json_object_set_new(o, "revision", json_string(part[i].id));
			json_object_set_new(o, "direction", json_string(part[i].up ? "upgrade" : "downgrade"));
			json_object_set_new(o, "statements_applied", json_integer((json_int_t)part[i].applied));
			json_object_set_new(o, "statements_total", json_integer((json_int_t)part[i].total));
			json_object_set_new(o, "pending_statement",
					    part[i].pending ? json_integer((json_int_t)part[i].pending) : json_null());
			json_object_set_new(o, "error", part[i].error ? json_string(part[i].error) : json_null());
			json_object_set_new(o, "description", json_string(rg_buf_str(&b)));
			json_array_append_new(parts, o);
		} else {
			printf("%s (%s)\n", part[i].id, rg_buf_str(&b));
		}
		rg_buf_free(&b);
	}
	if (json) {
		json_t *root = json_object();
		json_object_set_new(root, "current", arr);
		json_object_set_new(root, "partly_applied", parts);
		arr = NULL;
		parts = NULL;
		char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(root);
	}
	json_decref(arr);
	json_decref(parts);
	rg_progress_free(part, npart);
	free(heads);
	rg_free_rows(cur, ncur);
	return RG_EXIT_OK;
}
