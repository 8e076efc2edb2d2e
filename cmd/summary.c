/*
 * summary.c - the Markdown summaries of `check --format markdown` and
 * `show REV --format markdown`: what a CI job posts on a pull request so
 * that a reviewer sees the operations, what `revgen lint` finds in them,
 * their SQL and a diagram of the tables they touch (Mermaid, which the
 * common forges draw) without reading the revision file first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "diff/differ.h"
#include "emit/diagram.h"
#include "lint/lint.h"
#include "runner/runner.h"

/* The longest run of backquotes in text: a fence or a code span must be
 * longer for the text to stay inside it (MySQL quotes names so). */
static size_t backquote_run(const char *text)
{
	size_t best = 0, run = 0;
	for (const char *p = text; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

static void code_span(struct rg_buf *out, const char *text)
{
	size_t n = backquote_run(text) + 1;
	for (size_t i = 0; i < n; i++)
		rg_buf_addc(out, '`');
	rg_buf_addf(out, n > 1 ? " %s " : "%s", text);
	for (size_t i = 0; i < n; i++)
		rg_buf_addc(out, '`');
}

/* text in a fenced block, without the blank lines around it */
static void fenced(struct rg_buf *out, const char *lang, const char *text)
{
	size_t n = backquote_run(text) + 1;
	if (n < 3)
		n = 3;
	while (*text == '\n' || *text == '\r')
		text++;
	size_t len = strlen(text);
	while (len && strchr(" \t\r\n", text[len - 1]))
		len--;
	for (size_t i = 0; i < n; i++)
		rg_buf_addc(out, '`');
	rg_buf_addf(out, "%s\n%.*s\n", lang, (int)len, text);
	for (size_t i = 0; i < n; i++)
		rg_buf_addc(out, '`');
	rg_buf_add(out, "\n\n");
}

/* Text as itself: the characters Markdown reads as markup escaped (a
 * table's name may hold '*' or '_', a message quotes SQL). */
static void md_text(struct rg_buf *out, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (strchr("\\`*_[]<>#|~!&", *p))
			rg_buf_addc(out, '\\');
		rg_buf_addc(out, *p == '\n' || *p == '\r' ? ' ' : *p);
	}
}

/* lint's findings, one a line, errors first; those silenced by a
 * lint-ignore comment counted only (the file says why). */
static void lint_section(struct rg_buf *out, const struct rg_summary *s)
{
	const struct rg_lint *l = s->lint;
	size_t shown = 0, silenced = 0;
	char *cwd = s->lint_lines ? getcwd(NULL, 0) : NULL;
	struct rg_buf at = RG_BUF_INIT;
	rg_buf_add(out, "#### Lint\n\n");
	for (int sev = RG_LINT_ERROR; sev >= RG_LINT_NOTICE; sev--)
		for (size_t i = 0; i < l->n; i++) {
			const struct rg_lint_finding *f = &l->f[i];
			if ((int)f->severity != sev)
				continue;
			if (f->silenced) {
				silenced++;
				continue;
			}
			shown++;
			rg_buf_addf(out, "- **%s** ", rg_lint_severity_name(f->severity));
			code_span(out, f->rule);
			if (s->lint_lines) {
				rg_buf_reset(&at);
				rg_buf_addf(&at, "%s:%u", rg_cmd_relative(f->rev->path, cwd), f->line);
				rg_buf_add(out, " at ");
				code_span(out, rg_buf_str(&at));
			}
			rg_buf_add(out, ": ");
			md_text(out, f->message);
			rg_buf_add(out, ". Fix: ");
			md_text(out, f->remedy);
			rg_buf_addc(out, '\n');
		}
	if (!shown)
		rg_buf_add(out, "No findings.\n");
	if (silenced)
		rg_buf_addf(out, "\n%zu finding(s) silenced by `lint-ignore` comments.\n", silenced);
	if (!l->conn)
		rg_buf_add(out, "\nNo database was asked about the data: a data-dependent finding "
			   "says what may fail.\n");
	rg_buf_addc(out, '\n');
	rg_buf_free(&at);
	free(cwd);
}

void rg_cmd_markdown(struct rg_buf *out, const struct rg_summary *s)
{
	const struct rg_oplist *ops = s->ops;
	rg_buf_addf(out, "### %s\n\n", s->title);
	if (s->intro)
		rg_buf_addf(out, "%s\n\n", s->intro);
	if (ops->n == 0) {
		/* a revision of data alone has findings still */
		rg_buf_add(out, "No changes detected.\n");
		if (s->lint && s->lint->n) {
			rg_buf_addc(out, '\n');
			lint_section(out, s);
		}
		return;
	}
	size_t ndestructive = 0;
	for (size_t i = 0; i < ops->n; i++)
		ndestructive += ops->ops[i].destructive;
	rg_buf_addf(out, "**%zu operation(s)**", ops->n);
	if (ndestructive)
		rg_buf_addf(out, ", %zu destructive", ndestructive);
	rg_buf_add(out, " (");
	rg_buf_add(out, s->d->name);
	rg_buf_add(out, "):\n\n");
	struct rg_buf line = RG_BUF_INIT;
	for (size_t i = 0; i < ops->n; i++) {
		const struct rg_op *op = &ops->ops[i];
		rg_buf_reset(&line);
		rg_cmd_plan_line(&line, op, s->d);
		rg_buf_add(out, "- ");
		code_span(out, rg_buf_str(&line));
		if (op->destructive)
			rg_buf_add(out, " **destructive**");
		if (op->warning)
			rg_buf_addf(out, ": %s", op->warning);
		rg_buf_addc(out, '\n');
	}
	rg_buf_free(&line);
	rg_buf_addc(out, '\n');
	if (s->lint)
		lint_section(out, s);
	rg_buf_add(out, "<details><summary>SQL</summary>\n\n");
	fenced(out, "sql", s->sql);
	rg_buf_add(out, "</details>\n\n");

	/* the tables the operations name that the schema after them has (a
	 * dropped table is in the list above only) */
	const struct rg_schema *after = s->after;
	bool *touched = rg_xcalloc(after->ntables + 1, sizeof(bool));
	size_t ntouched = 0;
	for (size_t i = 0; i < ops->n; i++) {
		const char *name = rg_op_table_name(&ops->ops[i]);
		for (size_t k = 0; name && k < after->ntables; k++)
			if (!touched[k] && strcmp(after->tables[k]->name, name) == 0) {
				touched[k] = true;
				ntouched++;
			}
	}
	if (ntouched) {
		struct rg_buf diagram = RG_BUF_INIT;
		rg_diagram_render(&diagram, RG_DIAGRAM_MERMAID, s->d->compare, after, touched);
		rg_buf_add(out, "#### Tables touched\n\n");
		fenced(out, "mermaid", rg_buf_str(&diagram));
		rg_buf_free(&diagram);
	}
	free(touched);
}

/* ---- show REV --format markdown ---- */

/* Upgrades the scratch database c to target from where it is. */
static int upgrade_to(struct rg_ctx *ctx, struct rg_conn *c, const struct rg_graph *g,
		      const char *target)
{
	struct rg_error err;
	if (rg_cmd_replay_move(ctx, c, g, true, target, &err) < 0) {
		rg_error_prefix(&err, "show: applying the revisions on a scratch database");
		return rg_cmd_fail(&err);
	}
	return RG_EXIT_OK;
}

int rg_cmd_show_markdown(struct rg_ctx *ctx, size_t ix, const char *dev_url, bool live)
{
	const struct rg_graph *g = ctx->graph;
	const struct rg_revision *r = g->revs[ix];
	struct rg_conn *c;
	int rc = rg_cmd_replay(ctx, g, NULL, dev_url, &c);
	if (rc)
		return rc;
	/* the operations are what the revision changes: the schema after it
	 * against the schema of everything it needs (its parents and what
	 * it depends on), which the scratch database gets first */
	struct rg_schema *before = NULL, *after = NULL;
	struct rg_oplist ops;
	struct rg_error err;
	rg_oplist_init(&ops);
	for (size_t k = 0; !rc && k < r->ndown; k++)
		rc = upgrade_to(ctx, c, g, r->down[k]);
	for (size_t k = 0; !rc && k < r->ndepends; k++)
		rc = upgrade_to(ctx, c, g, r->depends[k]);
	if (!rc)
		rc = rg_cmd_introspect_all(ctx, c, &before);
	if (!rc)
		rc = upgrade_to(ctx, c, g, r->id);
	if (!rc)
		rc = rg_cmd_introspect_all(ctx, c, &after);
	struct rg_diff_opts o = {
		.exclude = (const char *const *)ctx->cfg->exclude_tables,
		.nexclude = ctx->cfg->nexclude_tables,
		.every_view = true,
	};
	if (!rc && rg_diff(&ops, before, after, c->compare, &o, &err) < 0)
		rc = rg_cmd_fail(&err);
	/* lint as `revgen lint REV` gives it: the project's database answers
	 * the data rules while the revision is still to run on it; else the
	 * scratch server, which holds no rows, tells the lock rules only */
	struct rg_lint l;
	bool linted = false;
	if (!rc) {
		bool pending = false;
		if (live) {
			bool *p = rg_xcalloc(g->n + 1, sizeof(bool));
			rc = rg_cmd_lint_pending(ctx, ctx->conn, p);
			pending = p[ix];
			free(p);
		}
		if (!rc) {
			rc = rg_cmd_lint_summary(&l, r, live ? ctx->conn : c, pending);
			linted = true;
		}
	}
	if (!rc) {
		struct rg_buf title = RG_BUF_INIT, intro = RG_BUF_INIT, md = RG_BUF_INIT;
		rg_buf_add(&title, "Revision ");
		code_span(&title, r->id);
		if (r->message && *r->message)
			rg_buf_addf(&title, ": %s", r->message);
		code_span(&intro, r->path);
		for (size_t k = 0; k < r->ndown; k++) {
			rg_buf_add(&intro, k ? ", " : " revises ");
			code_span(&intro, r->down[k]);
		}
		if (!r->transactional)
			rg_buf_add(&intro, " (runs outside a transaction)");
		struct rg_summary s = {
			.title = rg_buf_str(&title),
			.intro = rg_buf_str(&intro),
			.ops = &ops,
			.sql = r->upgrade ? r->upgrade : "",
			.after = after,
			.d = c->dialect,
			.lint = &l,
			.lint_lines = true,
		};
		rg_cmd_markdown(&md, &s);
		fputs(rg_buf_str(&md), stdout);
		rg_buf_free(&title);
		rg_buf_free(&intro);
		rg_buf_free(&md);
	}
	if (linted)
		rg_lint_free(&l);
	rg_oplist_free(&ops);
	rg_schema_free(before);
	rg_schema_free(after);
	rg_cmd_replay_done(ctx, c, dev_url);
	c->dialect->disconnect(c);
	return rc;
}
