/*
 * revision.c - `revgen revision` and `revgen merge`: write a new revision
 * file, empty, joining heads, or (--autogenerate) holding the operations
 * that bring the database to the models.  The file appears whole or not
 * at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>

#include "cmd/cmd.h"
#include "lint/lint.h"
#include "runner/revision.h"

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
static void warn_destructive(const struct rg_oplist *ops)
{
	for (size_t i = 0; ops && i < ops->n; i++)
		if (ops->ops[i].warning)
			fprintf(stderr, "revgen: warning: upgrade: %s\n", ops->ops[i].warning);
}

/* Repeats on stderr the notes a renderer wrote in the upgrade ("-- NOTE:"
 * lines: views PostgreSQL makes it drop and recreate), so that autogenerate
 * names them, not only the file. */
static void print_notes(const char *sql)
{
	for (const char *p = sql; (p = strstr(p, "-- NOTE: ")) != NULL;) {
		bool line_start = p == sql || p[-1] == '\n';
		p += strlen("-- NOTE: ");
		if (!line_start)
			continue;
		int len = (int)strcspn(p, "\n");
		fprintf(stderr, "revgen: note: %.*s\n", len, p);
		p += len;
	}
}

/* Puts the optional header lines the default template has no place for
 * after "-- Revises:", where the parser and a reader look for them. */
static void add_header_lines(struct rg_buf *file, const char *labels,
			     const char *depends, bool no_transaction)
{
	if (!*labels && !*depends && !no_transaction)
		return;
	const char *rev = strstr(rg_buf_str(file), "\n-- Revises:");
	if (!rev)
		return;
	const char *eol = strchr(rev + 1, '\n');
	size_t at = eol ? (size_t)(eol - file->data) + 1 : file->len;
	struct rg_buf b = RG_BUF_INIT;
	rg_buf_addn(&b, file->data, at);
	if (*labels)
		rg_buf_addf(&b, "-- Branch Labels: %s\n", labels);
	if (*depends)
		rg_buf_addf(&b, "-- Depends On: %s\n", depends);
	if (no_transaction)
		rg_buf_add(&b, "-- Transaction: no\n");
	rg_buf_add(&b, file->data + at);
	rg_buf_free(file);
	*file = b;
}

int rg_cmd_write_revision(struct rg_ctx *ctx, const struct rg_graph *g,
			  const struct rg_new_revision *nr)
{
	struct rg_error err;
	struct rg_buf file = RG_BUF_INIT, path = RG_BUF_INIT, slug = RG_BUF_INIT;
	char *tmpl = NULL, *msg = one_line(nr->message), *versions = NULL;
	char idbuf[13];
	const char *rev_id = nr->rev_id;
	int rc = RG_EXIT_ERROR;

	if (!rev_id) {
		if (rg_revision_new_id(idbuf, &err) < 0) {
			rg_cmd_fail(&err);
			goto out;
		}
		rev_id = idbuf;
	}
	if (rg_graph_index(g, rev_id) >= 0) {
		rg_cmd_error("a revision with id %s exists already", rev_id);
		goto out;
	}
	/* the template: the project's own, else the built-in one */
	rg_buf_addf(&path, "%s/script.sql.tmpl", ctx->cfg->script_location);
	struct stat st;
	const char *tmpl_text = rg_default_template;
	if (stat(path.data, &st) == 0) {
		if (!(tmpl = rg_read_file(path.data, NULL, &err))) {
			rg_cmd_fail(&err);
			goto out;
		}
		tmpl_text = tmpl;
	}
	char date[64];
	create_date(date);
	struct rg_template_vars v = {
		.message = msg,
		.revision = rev_id,
		.down_revision = nr->down,
		.create_date = date,
		.upgrades = nr->upgrade,
		.downgrades = nr->downgrade,
		.branch_labels = nr->labels ? nr->labels : "",
		.depends_on = nr->depends ? nr->depends : "",
	};
	if (rg_template_render(&file, tmpl_text, path.data, &v, &err) < 0) {
		rg_cmd_fail(&err);
		goto out;
	}
	if (!strstr(tmpl_text, "${branch_labels}") && !strstr(tmpl_text, "${depends_on}"))
		add_header_lines(&file, v.branch_labels, v.depends_on, nr->no_transaction);
	else if (nr->no_transaction)
		add_header_lines(&file, "", "", true);

	/* the file must parse back: a template that breaks the format is
	 * caught here rather than at the next upgrade */
	struct rg_revision *check;
	if (rg_revision_parse(&check, path.data, file.data, &err) < 0) {
		rg_error_prefix(&err, "the revision rendered from %s does not parse back", path.data);
		rg_cmd_fail(&err);
		goto out;
	}
	rg_revision_free(check);

	versions = rg_cmd_versions_dir(ctx);
	rg_revision_slug(&slug, msg);
	rg_buf_reset(&path);
	rg_buf_addf(&path, "%s/%s_%s.sql", versions, rev_id, slug.data);
	if (stat(path.data, &st) == 0) {
		rg_cmd_error("%s exists already", path.data);
		goto out;
	}
	if (nr->verify_models) {
		/* under the name it will have: the failures name it */
		int vrc = rg_cmd_verify_revision(ctx, g, path.data, file.data, nr->verify_models);
		if (vrc) {
			rc = vrc;
			goto out;
		}
	}
	if (rg_write_file_atomic(path.data, file.data, file.len, &err) < 0) {
		rg_cmd_fail(&err);
		goto out;
	}
	warn_destructive(nr->ops);
	printf("%s\n", path.data);
	rc = RG_EXIT_OK;
out:
	free(tmpl);
	free(msg);
	free(versions);
	rg_buf_free(&file);
	rg_buf_free(&path);
	rg_buf_free(&slug);
	return rc;
}

/* What the new revision revises: --head, else the one head. */
static int down_revision(const struct rg_graph *g, const char *head, const char **out)
{
	struct rg_error err;
	*out = "";
	if (head && strcmp(head, "head") != 0) {
		size_t ix;
		if (rg_graph_lookup(g, head, &ix, &err) < 0)
			return rg_cmd_fail(&err);
		*out = g->revs[ix]->id;
		return RG_EXIT_OK;
	}
	size_t *heads, nheads;
	rg_graph_heads(g, &heads, &nheads);
	int rc = RG_EXIT_OK;
	if (nheads > 1) {
		rg_cmd_error("revision: the revisions have %zu heads; pass --head REV or join them with `revgen merge -m MSG`",
			     nheads);
		rc = RG_EXIT_ERROR;
	} else if (nheads == 1) {
		*out = g->revs[heads[0]]->id;
	}
	free(heads);
	return rc;
}

/* The server ctx->conn is on, for the forms --online may use there. */
static int online_server(struct rg_ctx *ctx, struct rg_server *out)
{
	struct rg_lint_server ls;
	struct rg_error err;
	if (rg_lint_server_ask(ctx->conn, &ls, &err) < 0)
		return rg_cmd_fail(&err);
	*out = (struct rg_server){ls.known, ls.mariadb, ls.major, ls.minor, ls.patch, false};
	if (ctx->conn->dialect != &rg_dialect_mysql)
		return RG_EXIT_OK;
	/* the sql_mode the revision will run with: revgen sets none */
	char **rows;
	size_t n;
	if (ctx->conn->dialect->query_column(ctx->conn, "SELECT @@SESSION.sql_mode", &rows, &n,
					     &err) < 0)
		return rg_cmd_fail(&err);
	out->strict = n && rows[0] && strstr(rows[0], "STRICT_");
	rg_free_rows(rows, n);
	return RG_EXIT_OK;
}

/* The revision's SQL both ways, in the low-lock forms when online is
 * asked for and the dialect has them; *no_tx: they need the revision
 * outside a transaction (either way's). */
static int render_revision(struct rg_ctx *ctx, bool online, const struct rg_oplist *ops,
			   const struct rg_oplist *inv, struct rg_buf *up, struct rg_buf *down,
			   bool *no_tx)
{
	const struct rg_dialect *d = ctx->conn->dialect;
	struct rg_error err;
	*no_tx = false;
	if (!online || !d->render_online) {
		if (d->render_ops(d, ops, up, &err) < 0 || d->render_ops(d, inv, down, &err) < 0)
			return rg_cmd_fail(&err);
		return RG_EXIT_OK;
	}
	struct rg_server srv;
	bool up_no_tx, down_no_tx;
	int rc = online_server(ctx, &srv);
	if (rc)
		return rc;
	if (d->render_online(d, ops, &srv, up, &up_no_tx, &err) < 0 ||
	    d->render_online(d, inv, &srv, down, &down_no_tx, &err) < 0)
		return rg_cmd_fail(&err);
	*no_tx = up_no_tx || down_no_tx;
	return RG_EXIT_OK;
}

int cmd_revision(struct rg_ctx *ctx, int argc, char **argv)
{
	const char *message = NULL, *rev_id = NULL, *head = NULL, *label = NULL,
		   *depends = NULL, *dev_url = NULL;
	bool autogen = false, allow_empty = false, replay = false, verify = false, online = false,
	     no_tx = false;
	const struct rg_option opts[] = {
		{'m', "message", RG_OPT_STRING, "MSG", "what the revision does (required)", &message},
		{0, "autogenerate", RG_OPT_FLAG, NULL,
		 "fill the revision with the difference between models and database", &autogen},
		{0, "rev-id", RG_OPT_STRING, "ID", "use this revision id instead of a random one", &rev_id},
		{0, "head", RG_OPT_STRING, "REV", "the revision to build on (default: the one head)", &head},
		{0, "branch-label", RG_OPT_STRING, "NAME", "a label for the branch this revision starts", &label},
		{0, "depends-on", RG_OPT_STRING, "REV", "a revision that must be applied before this one", &depends},
		{0, "replay", RG_OPT_FLAG, NULL,
		 "autogenerate against the revisions replayed on a scratch database, not the real one", &replay},
		{0, "verify", RG_OPT_FLAG, NULL,
		 "try the revision on a scratch database (upgrade, check, downgrade, upgrade) before writing it",
		 &verify},
		{0, "online", RG_OPT_FLAG, NULL,
		 "write the forms that hold no long lock on a table in use (config: online_ddl)",
		 &online},
		{0, "dev-url", RG_OPT_STRING, "URL",
		 "the scratch database for --replay and --verify on PostgreSQL/MySQL (it is emptied!)", &dev_url},
		{0, "allow-empty-models", RG_OPT_FLAG, NULL,
		 "autogenerate even when the headers declare no table (drops every table)", &allow_empty},
		{0},
	};
	static const struct rg_command_help help = {
		"revision -m MSG [--autogenerate [--online] [--replay] [--verify] [--dev-url URL]] [--rev-id ID] [--head REV]",
		"Writes migrations/versions/<id>_<slug>.sql and prints its path. With\n"
		"--autogenerate the database must be at head; when nothing differs it says\n"
		"\"No changes detected\" and writes nothing. With --verify the revision is\n"
		"first tried on a scratch database; if any step fails, nothing is written.\n"
		"With --online (or online_ddl = true) PostgreSQL indexes are built\n"
		"CONCURRENTLY, constraints validated apart, in a revision marked\n"
		"\"-- Transaction: no\"; MySQL ALTERs get ALGORITHM=INPLACE, LOCK=NONE where\n"
		"the server can.",
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
	if ((replay || verify || online) && !autogen) {
		rg_cmd_error("revision: --%s goes with --autogenerate",
			     replay ? "replay" : verify ? "verify" : "online");
		return RG_EXIT_ERROR;
	}
	/* --autogenerate: the models load while the revisions are read and
	 * checked; the database is asked for once they pass */
	if (autogen)
		ctx->needs |= RG_NEED_MODELS;
	if ((rc = rg_cmd_setup(ctx)))
		return rc;

	struct rg_error err;
	const struct rg_graph *g = ctx->graph;
	struct rg_schema *models = NULL, *db = NULL;
	struct rg_oplist ops, inv;
	struct rg_buf up = RG_BUF_INIT, down = RG_BUF_INIT;
	rg_oplist_init(&ops);
	rg_oplist_init(&inv);
	const char *down_rev;
	if ((rc = down_revision(g, head, &down_rev)))
		goto out;
	if (depends) {
		size_t ix;
		if (rg_graph_lookup(g, depends, &ix, &err) < 0) {
			rc = rg_cmd_fail(&err);
			goto out;
		}
		depends = g->revs[ix]->id;
	}

	if (autogen) {
		ctx->replay = replay;
		ctx->dev_url = dev_url;
		/* a scratch database that is missing is said before the diff */
		const struct rg_dialect *vd = NULL;
		if (verify && !dev_url && (rc = rg_cmd_dialect(ctx, &vd)))
			goto out;
		if (verify && !dev_url && vd != &rg_dialect_sqlite) {
			rg_cmd_error("revision: --verify on %s needs --dev-url URL: a throwaway database "
				     "(or schema) that revgen may empty, on the same kind of server", vd->name);
			rc = RG_EXIT_ERROR;
			goto out;
		}
		if ((rc = rg_cmd_need(ctx, RG_NEED_DB)) ||
		    (!replay && (rc = rg_cmd_require_head(ctx, ctx->conn, g))))
			goto out;
		const struct rg_dialect *d = ctx->conn->dialect;
		rg_oplist_free(&ops);
		if ((rc = rg_cmd_autodiff(ctx, ctx->conn, allow_empty, &models, &db, &ops)))
			goto out;
		if (ops.n == 0) {
			fprintf(stderr, "No changes detected\n");
			rc = RG_EXIT_OK;
			goto out;
		}
		rg_oplist_invert(&inv, &ops, d->compare);
		if ((rc = render_revision(ctx, online || ctx->cfg->online_ddl, &ops, &inv, &up,
					  &down, &no_tx)))
			goto out;
		if (!ctx->quiet) {
			fprintf(stderr, "Detected %zu operation(s):\n", ops.n);
			rg_cmd_print_plan(stderr, &ops, d);
		}
		print_notes(rg_buf_str(&up));
	}
	struct rg_new_revision nr = {
		.message = message, .rev_id = rev_id, .down = down_rev,
		.labels = label, .depends = depends,
		.upgrade = rg_buf_str(&up), .downgrade = rg_buf_str(&down),
		.ops = &ops,
		.no_transaction = no_tx,
		.verify_models = verify ? models : NULL,
	};
	rc = rg_cmd_write_revision(ctx, g, &nr);
out:
	rg_buf_free(&up);
	rg_buf_free(&down);
	rg_oplist_free(&ops);
	rg_oplist_free(&inv);
	rg_schema_free(models);
	rg_schema_free(db);
	return rc;
}

int cmd_merge(struct rg_ctx *ctx, int argc, char **argv)
{
	const char *message = NULL, *rev_id = NULL;
	const struct rg_option opts[] = {
		{'m', "message", RG_OPT_STRING, "MSG", "what the merge joins (required)", &message},
		{0, "rev-id", RG_OPT_STRING, "ID", "use this revision id instead of a random one", &rev_id},
		{0},
	};
	static const struct rg_command_help help = {
		"merge -m MSG [REV REV...]",
		"Writes a revision that revises several heads (all of them when no REV is\n"
		"given), joining branches again. Its sections are empty; add SQL if the\n"
		"branches need reconciling.",
		"revgen merge -m \"merge feature branches\"",
	};
	const char *pos[64];
	size_t npos;
	bool shown;
	int rc = rg_parse_options(ctx, argc, argv, opts, &help, pos, RG_ARRAY_LEN(pos), &npos, &shown);
	if (rc || shown)
		return rc;
	if (!message || !*message) {
		rg_cmd_error("merge: a message is required: -m \"what this merge joins\"");
		return RG_EXIT_ERROR;
	}
	if (rev_id && !rg_revision_id_valid(rev_id)) {
		rg_cmd_error("merge: --rev-id '%s' is not a valid id (1-32 of a-z, 0-9, _)", rev_id);
		return RG_EXIT_ERROR;
	}
	if ((rc = rg_cmd_setup(ctx)))
		return rc;
	const struct rg_graph *g = ctx->graph;
	struct rg_error err;
	struct rg_buf down = RG_BUF_INIT;
	size_t *heads = NULL, n = 0;
	if (npos == 0 || (npos == 1 && strcmp(pos[0], "heads") == 0)) {
		rg_graph_heads(g, &heads, &n);
	} else {
		heads = rg_xcalloc(npos, sizeof(size_t));
		for (size_t i = 0; i < npos; i++) {
			if (rg_graph_lookup(g, pos[i], &heads[n], &err) < 0) {
				rc = rg_cmd_fail(&err);
				goto out;
			}
			n++;
		}
	}
	if (n < 2) {
		rg_cmd_error("merge: there is nothing to join: %s", npos ? "name two revisions or more"
									  : "the revisions have one head");
		rc = RG_EXIT_ERROR;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		rg_buf_addf(&down, "%s%s", i ? ", " : "", g->revs[heads[i]]->id);
	struct rg_new_revision nr = {
		.message = message, .rev_id = rev_id, .down = down.data,
		.upgrade = "", .downgrade = "",
	};
	rc = rg_cmd_write_revision(ctx, g, &nr);
out:
	free(heads);
	rg_buf_free(&down);
	return rc;
}
