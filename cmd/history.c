/*
 * history.c - `revgen history`: the revisions, newest first, read from the
 * files alone (no database needed); with -i (Alembic's --indicate-current)
 * the database too, to mark the revisions it is at and one a run left
 * partly applied.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "runner/progress.h"
#include "runner/runner.h"

static void join(struct rg_buf *b, char *const *ids, size_t n,
		 const char *none)
{
	if (n == 0)
		rg_buf_add(b, none);
	for (size_t i = 0; i < n; i++)
		rg_buf_addf(b, "%s%s", i ? ", " : "", ids[i]);
}

static json_t *strv_json(char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

/* Keeps in keep[] only the revisions of "A:B". */
static int apply_range(const struct rg_graph *g, const char *range, bool *keep)
{
	struct rg_error err;
	const char *colon = strchr(range, ':');
	if (!colon) {
		rg_cmd_error("history: -r wants A:B (base:head, abcd:, :abcd...), not '%s'", range);
		return RG_EXIT_ERROR;
	}
	char *a = rg_xstrndup(range, (size_t)(colon - range));
	const char *b = colon + 1;
	size_t ix;
	bool base;
	int rc = RG_EXIT_OK;
	if (*b && strcmp(b, "heads") != 0) {
		if (rg_plan_resolve(g, b, &ix, &base, &err) < 0) {
			rc = rg_cmd_fail(&err);
			goto out;
		}
		bool *anc = rg_xcalloc(g->n + 1, sizeof(bool));
		if (!base)
			rg_graph_ancestors(g, ix, anc);
		for (size_t i = 0; i < g->n; i++)
			keep[i] = keep[i] && anc[i];
		free(anc);
	}
	if (*a) {
		if (rg_plan_resolve(g, a, &ix, &base, &err) < 0) {
			rc = rg_cmd_fail(&err);
			goto out;
		}
		if (!base) {
			/* descendants of A: those with A among their ancestors */
			bool *anc = rg_xcalloc(g->n + 1, sizeof(bool));
			for (size_t i = 0; i < g->n; i++) {
				memset(anc, 0, (g->n + 1) * sizeof(bool));
				if (keep[i]) {
					rg_graph_ancestors(g, i, anc);
					keep[i] = anc[ix];
				}
			}
			free(anc);
		}
	}
out:
	free(a);
	return rc;
}

/* -i: current[i] for the revisions the version table holds, marks[i] the
 * description of revision i when a run left it partly applied (as
 * `current` says it). */
static int read_marks(struct rg_ctx *ctx, bool **current, char ***marks)
{
	const struct rg_graph *g = ctx->graph;
	char **cur;
	size_t ncur, npart;
	struct rg_progress *part;
	int rc = rg_cmd_read_state(ctx, &cur, &ncur, &part, &npart);
	if (rc)
		return rc;
	*current = rg_xcalloc(g->n + 1, sizeof(bool));
	*marks = rg_xcalloc(g->n + 1, sizeof(char *));
	for (size_t k = 0; k < ncur; k++) {
		long ix = rg_graph_index(g, cur[k]);
		if (ix >= 0)
			(*current)[ix] = true;
	}
	for (size_t k = 0; k < npart; k++) {
		long ix = rg_graph_index(g, part[k].id);
		if (ix < 0 || (*marks)[ix])
			continue;
		struct rg_buf b = RG_BUF_INIT;
		rg_progress_describe(&b, g, &part[k]);
		(*marks)[ix] = rg_buf_detach(&b);
	}
	rg_progress_free(part, npart);
	rg_free_rows(cur, ncur);
	return RG_EXIT_OK;
}

int cmd_history(struct rg_ctx *ctx, int argc, char **argv)
{
	const char *format = "text", *range = NULL;
	bool indicate = false;
	const struct rg_option opts[] = {
		{'i', "indicate-current", RG_OPT_FLAG, NULL,
		 "read the database too: mark the revisions it is at and one partly applied", &indicate},
		{0, "format", RG_OPT_STRING, "FMT", "text (default) or json", &format},
		{'r', "rev-range", RG_OPT_STRING, "A:B",
		 "only the revisions from A up to B (either may be left out)", &range},
		{0},
	};
	static const struct rg_command_help help = {
		"history [-v] [-i] [-r A:B] [--format text|json]",
		"Lists the revisions, newest first: \"PARENT -> REV (head), message\".\n"
		"-v prints each revision's header and file. -i connects to the database and\n"
		"marks the revisions it is at \"(current)\" and one an interrupted or failed\n"
		"run left partly applied \"(partly applied: N of M statements; next: ...)\".",
		"revgen history -r base:head -v",
	};
	const char *pos[1];
	size_t npos;
	bool shown;
	int rc = rg_parse_options(ctx, argc, argv, opts, &help, pos, 0, &npos, &shown);
	if (rc || shown)
		return rc;
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
		rg_cmd_error("history: unknown --format '%s' (text or json)", format);
		return RG_EXIT_ERROR;
	}
	if ((rc = rg_cmd_setup(ctx)) || (indicate && (rc = rg_cmd_need(ctx, RG_NEED_DB))))
		return rc;
	const struct rg_graph *g = ctx->graph;
	/* -i: what the database says of each revision; NULL when not asked */
	char **marks = NULL;
	bool *current = NULL;
	if (indicate && (rc = read_marks(ctx, &current, &marks)))
		return rc;
	/* -r A:B: descendants of A (inclusive) that are ancestors of B */
	bool *shown_rev = rg_xcalloc(g->n + 1, sizeof(bool));
	for (size_t i = 0; i < g->n; i++)
		shown_rev[i] = true;
	if (range && (rc = apply_range(g, range, shown_rev))) {
		free(shown_rev);
		return rc;
	}
	size_t *heads, nheads;
	rg_graph_heads(g, &heads, &nheads);
	bool *is_head = rg_xcalloc(g->n + 1, sizeof(bool));
	for (size_t k = 0; k < nheads; k++)
		is_head[heads[k]] = true;

	json_t *arr = json_array();
	for (size_t i = g->n; i-- > 0;) {
		const struct rg_revision *r = g->revs[i];
		if (!shown_rev[i])
			continue;
		if (strcmp(format, "json") == 0) {
			json_t *o = json_object();
			json_object_set_new(o, "revision", json_string(r->id));
			json_object_set_new(o, "down_revisions", strv_json(r->down, r->ndown));
			json_object_set_new(o, "message", json_string(r->message ? r->message : ""));
			json_object_set_new(o, "create_date", r->create_date ? json_string(r->create_date) : json_null());
			json_object_set_new(o, "branch_labels", strv_json(r->labels, r->nlabels));
			json_object_set_new(o, "depends_on", strv_json(r->depends, r->ndepends));
			json_object_set_new(o, "is_head", json_boolean(is_head[i]));
			json_object_set_new(o, "path", json_string(r->path));
			if (indicate) {
				json_object_set_new(o, "is_current", json_boolean(current[i]));
				json_object_set_new(o, "partly_applied",
						    marks[i] ? json_string(marks[i]) : json_null());
			}
			json_array_append_new(arr, o);
			continue;
		}
		struct rg_buf tags = RG_BUF_INIT;
		rg_buf_add(&tags, is_head[i] ? " (head)" : "");
		if (indicate && current[i])
			rg_buf_add(&tags, " (current)");
		if (indicate && marks[i])
			rg_buf_addf(&tags, " (%s)", marks[i]);
		struct rg_buf parents = RG_BUF_INIT;
		join(&parents, r->down, r->ndown, "<base>");
		if (ctx->verbose) {
			printf("Rev: %s%s\nParent: %s\n", r->id, rg_buf_str(&tags),
			       rg_buf_str(&parents));
			if (r->nlabels) {
				struct rg_buf l = RG_BUF_INIT;
				join(&l, r->labels, r->nlabels, "");
				printf("Branch labels: %s\n", rg_buf_str(&l));
				rg_buf_free(&l);
			}
			printf("Path: %s\n\n    %s\n\n    Revision ID: %s\n    Revises: %s\n    Create Date: %s\n\n",
			       r->path, r->message ? r->message : "", r->id,
			       r->ndown ? rg_buf_str(&parents) : "",
			       r->create_date ? r->create_date : "");
		} else {
			printf("%s -> %s%s, %s\n", rg_buf_str(&parents), r->id,
			       rg_buf_str(&tags), r->message ? r->message : "");
		}
		rg_buf_free(&tags);
		rg_buf_free(&parents);
	}
	if (strcmp(format, "json") == 0) {
		json_t *root = json_object();
		json_object_set_new(root, "revisions", arr);
		char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(root);
	} else {
		json_decref(arr);
	}
	if (indicate)
		rg_free_strv(marks, g->n);
	free(current);
	free(is_head);
	free(shown_rev);
	free(heads);
	return RG_EXIT_OK;
}
