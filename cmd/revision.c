/*
 * revision.c - `revgen revision`: writes a new revision file, empty or
 * (--autogenerate) holding the operations that bring the database to the
 * models.  The file appears whole or not at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>

#include "cmd/cmd.h"
#include "emit/revision.h"

static void create_date(char out[64])
{
	struct timeval tv;
	struct tm tm;
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	char base[40];
	strftime(base, sizeof(base), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(out, 64, "%s.%06ld", base, (long)tv.tv_usec);
}

/* The message on one line: the header comment must stay one line. */
static char *one_line(const char *msg)
{
	char *s = rg_xstrdup(msg);
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return s;
}

/* Lists the upgrade's destructive operations on stderr, as SPEC §5 asks
 * (the downgrade's are marked in the file: dropping what the upgrade
 * created is what a downgrade is for). */
static void warn_destructive(const struct rg_oplist *ops, const char *section)
{
	for (size_t i = 0; i < ops->n; i++)
		if (ops->ops[i].warning)
			fprintf(stderr, "revgen: warning: %s: %s\n", section,
				ops->ops[i].warning);
}

int cmd_revision(struct rg_ctx *ctx, int argc, char **argv)
{
	const char *message = NULL, *rev_id = NULL, *head = NULL;
	bool autogen = false, allow_empty = false;
	const struct rg_option opts[] = {
		{'m', "message", RG_OPT_STRING, "MSG", "what the revision does (required)", &message},
		{0, "autogenerate", RG_OPT_FLAG, NULL,
		 "fill the revision with the difference between models and database", &autogen},
		{0, "rev-id", RG_OPT_STRING, "ID", "use this revision id instead of a random one", &rev_id},
		{0, "head", RG_OPT_STRING, "REV", "the revision to build on (default: the one head)", &head},
		{0, "allow-empty-models", RG_OPT_FLAG, NULL,
		 "autogenerate even when the headers declare no table (drops every table)", &allow_empty},
		{0},
	};
	static const struct rg_command_help help = {
		"revision -m MSG [--autogenerate] [--rev-id ID] [--head REV]",
		"Writes migrations/versions/<id>_<slug>.sql and prints its path. With\n"
		"--autogenerate the database must be at head; when nothing differs it says\n"
		"\"No changes detected\" and writes nothing.",
		"revgen revision --autogenerate -m \"add bio column\"",
	};
	const char *pos[1];
	size_t npos;
	bool shown;
	int rc = rg_parse_options(ctx, argc, argv, opts, &help, pos, 0, &npos, &shown);
	if (rc || shown)
		return rc;
	if (!message || !*message) {
		rg_cmd_error("revision: a message is required: -m \"what this revision does\"");
		return RG_EXIT_ERROR;
	}
	if (rev_id && !rg_revision_id_valid(rev_id)) {
		rg_cmd_error("revision: --rev-id '%s' is not a valid id (1-32 of a-z, 0-9, _)", rev_id);
		return RG_EXIT_ERROR;
	}
	if ((rc = rg_cmd_load_config(ctx, true)))
		return rc;

	struct rg_error err;
	struct rg_graph *g = NULL;
	struct rg_conn *c = NULL;
	struct rg_schema *models = NULL, *db = NULL;
	struct rg_oplist ops, inv;
	struct rg_buf up = RG_BUF_INIT, down = RG_BUF_INIT, file = RG_BUF_INIT,
		      path = RG_BUF_INIT, slug = RG_BUF_INIT;
	char *tmpl = NULL, *msg = NULL, *versions = NULL;
	rg_oplist_init(&ops);
	rg_oplist_init(&inv);

	if ((rc = rg_cmd_load_graph(ctx, &g)))
		goto out;

	/* what the new revision revises */
	const char *down_rev = "";
	if (head) {
		size_t ix;
		if (strcmp(head, "head") == 0) {
			head = NULL;
		} else {
			if (rg_graph_lookup(g, head, &ix, &err) < 0) {
				rc = rg_cmd_fail(&err);
				goto out;
			}
			down_rev = g->revs[ix]->id;
		}
	}
	if (!head) {
		size_t *heads, nheads;
		rg_graph_heads(g, &heads, &nheads);
		if (nheads > 1) {
			rg_cmd_error("revision: the revisions have %zu heads; pass --head REV or join them with `revgen merge`",
				     nheads);
			free(heads);
			rc = RG_EXIT_ERROR;
			goto out;
		}
		if (nheads == 1)
			down_rev = g->revs[heads[0]]->id;
		free(heads);
	}
	char idbuf[13];
	if (!rev_id) {
		if (rg_revision_new_id(idbuf, &err) < 0) {
			rc = rg_cmd_fail(&err);
			goto out;
		}
		rev_id = idbuf;
	} else if (rg_graph_index(g, rev_id) >= 0) {
		rg_cmd_error("revision: a revision with id %s exists already", rev_id);
		rc = RG_EXIT_ERROR;
		goto out;
	}

	if (autogen) {
		if ((rc = rg_cmd_connect(ctx, &c)))
			goto out;
		if ((rc = rg_cmd_require_head(ctx, c, g)))
			goto out;
		rg_oplist_free(&ops);
		if ((rc = rg_cmd_autodiff(ctx, c, allow_empty, &models, &db, &ops)))
			goto out;
		if (ops.n == 0) {
			fprintf(stderr, "No changes detected\n");
			rc = RG_EXIT_OK;
			goto out;
		}
		rg_oplist_invert(&inv, &ops, c->dialect);
		if (c->dialect->render_ops(c->dialect, &ops, &up, &err) < 0 ||
		    c->dialect->render_ops(c->dialect, &inv, &down, &err) < 0) {
			rc = rg_cmd_fail(&err);
			goto out;
		}
		if (!ctx->quiet) {
			fprintf(stderr, "Detected %zu operation(s):\n", ops.n);
			rg_cmd_print_plan(stderr, &ops, c->dialect);
		}
	}

	/* the template: the project's own, else the built-in one */
	rg_buf_addf(&path, "%s/script.sql.tmpl", ctx->cfg->script_location);
	struct stat st;
	const char *tmpl_text = rg_default_template;
	if (stat(path.data, &st) == 0) {
		if (!(tmpl = rg_read_file(path.data, NULL, &err))) {
			rc = rg_cmd_fail(&err);
			goto out;
		}
		tmpl_text = tmpl;
	}
	char date[64];
	create_date(date);
	msg = one_line(message);
	struct rg_template_vars v = {
		.message = msg,
		.revision = rev_id,
		.down_revision = down_rev,
		.create_date = date,
		.upgrades = rg_buf_str(&up),
		.downgrades = rg_buf_str(&down),
		.branch_labels = "",
		.depends_on = "",
	};
	if (rg_template_render(&file, tmpl_text, path.data, &v, &err) < 0) {
		rc = rg_cmd_fail(&err);
		goto out;
	}

	/* the file must parse back: a template that breaks the format is
	 * caught here rather than at the next upgrade */
	struct rg_revision *check;
	if (rg_revision_parse(&check, path.data, file.data, &err) < 0) {
		rg_error_prefix(&err, "the revision rendered from %s does not parse back", path.data);
		rc = rg_cmd_fail(&err);
		goto out;
	}
	rg_revision_free(check);

	versions = rg_cmd_versions_dir(ctx);
	rg_revision_slug(&slug, msg);
	rg_buf_reset(&path);
	rg_buf_addf(&path, "%s/%s_%s.sql", versions, rev_id, slug.data);
	if (stat(path.data, &st) == 0) {
		rg_cmd_error("%s exists already", path.data);
		rc = RG_EXIT_ERROR;
		goto out;
	}
	if (rg_write_file_atomic(path.data, file.data, file.len, &err) < 0) {
		rc = rg_cmd_fail(&err);
		goto out;
	}
	warn_destructive(&ops, "upgrade");
	printf("%s\n", path.data);
	rc = RG_EXIT_OK;
out:
	free(tmpl);
	free(msg);
	free(versions);
	rg_buf_free(&up);
	rg_buf_free(&down);
	rg_buf_free(&file);
	rg_buf_free(&path);
	rg_buf_free(&slug);
	rg_oplist_free(&ops);
	rg_oplist_free(&inv);
	rg_schema_free(models);
	rg_schema_free(db);
	if (c)
		c->dialect->disconnect(c);
	rg_graph_free(g);
	return rc;
}
