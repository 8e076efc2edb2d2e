/*
 * check.c - `revgen check`, and the comparison of models with the database
 * that autogenerate shares with it.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "diff/differ.h"
#include "lint/lint.h"
#include "runner/runner.h"

int rg_cmd_require_head(struct rg_ctx *ctx, struct rg_conn *c,
			const struct rg_graph *g)
{
	struct rg_error err;
	char **cur = NULL;
	size_t ncur = 0;
	size_t *heads = NULL, nheads = 0;
	if (rg_runner_current(c, ctx->cfg->version_table, &cur, &ncur, &err) < 0)
		return rg_cmd_fail(&err);
	for (size_t k = 0; k < ncur; k++)
		if (rg_graph_index(g, cur[k]) < 0) {
			rg_cmd_error("the version table (%s) names revision '%s', which no file in versions/ has; "
				     "restore the file, or set the table with `revgen stamp`",
				     ctx->cfg->version_table, cur[k]);
			rg_free_rows(cur, ncur);
			return RG_EXIT_ERROR;
		}
	rg_fleet_report("from", cur, ncur);
	rg_graph_heads(g, &heads, &nheads);
	bool at_head = ncur == nheads;
	for (size_t i = 0; at_head && i < nheads; i++) {
		bool found = false;
		for (size_t k = 0; k < ncur; k++)
			if (strcmp(cur[k], g->revs[heads[i]]->id) == 0)
				found = true;
		at_head = found;
	}
	int rc = RG_EXIT_OK;
	if (!at_head) {
		struct rg_buf a = RG_BUF_INIT, b = RG_BUF_INIT;
		for (size_t k = 0; k < ncur; k++)
			rg_buf_addf(&a, "%s%s", k ? ", " : "", cur[k]);
		for (size_t i = 0; i < nheads; i++)
			rg_buf_addf(&b, "%s%s", i ? ", " : "", g->revs[heads[i]]->id);
		rg_cmd_error("Target database is not up to date: it is at %s, the revisions' head is %s; "
			     "run `revgen upgrade head` first",
			     ncur ? rg_buf_str(&a) : "base",
			     nheads ? rg_buf_str(&b) : "base");
		rg_buf_free(&a);
		rg_buf_free(&b);
		rc = RG_EXIT_ERROR;
	}
	rg_free_rows(cur, ncur);
	free(heads);
	return rc;
}

/* One line per index of a table the models keep that no model can
 * declare: the differ leaves it alone, and the user should know why it
 * is not in the diff (nor in the models). */
static void note_opaque(const struct rg_schema *db, const struct rg_schema *models)
{
	for (size_t i = 0; i < db->ntables; i++) {
		const struct rg_table *t = db->tables[i];
		/* the models searched only for a table that has such an index:
		 * for every table, that search made check quadratic */
		bool any = false;
		for (size_t k = 0; !any && k < t->nindexes; k++)
			any = t->indexes[k]->opaque != NULL;
		if (!any)
			continue;
		bool kept = rg_schema_find_table(models, t->name) != NULL;
		for (size_t k = 0; !kept && k < models->ntables; k++)
			kept = rg_streq(models->tables[k]->renamed_from, t->name);
		for (size_t k = 0; kept && k < t->nindexes; k++)
			if (t->indexes[k]->opaque)
				fprintf(stderr, "revgen: note: leaving index %s.%s alone: %s cannot be "
					"declared in a model\n", t->name, t->indexes[k]->name,
					t->indexes[k]->opaque);
	}
}

/* The key parts the catalog's fast read leaves plain (MySQL: prefix and
 * DESC parts), read again for the tables whose models have one: asked for
 * those alone, they cost no time on a large schema. */
static int reread_key_parts(struct rg_conn *c, const struct rg_schema *models,
			    struct rg_schema *db)
{
	if (!c->dialect->reread_key_parts)
		return RG_EXIT_OK;
	const char **names = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < models->ntables; i++) {
		const struct rg_table *t = models->tables[i];
		bool want = false;
		for (size_t k = 0; k < t->nindexes && !want; k++)
			for (size_t j = 0; j < t->indexes[k]->ncols && !want; j++) {
				struct rg_key_part kp;
				rg_key_part(t->indexes[k]->cols[j], &kp);
				want = kp.prefix || kp.desc;
			}
		if (!want)
			continue;
		/* the database's name of it: its own, or the one it had */
		const struct rg_table *d = rg_schema_find_table(db, t->name);
		if (!d && t->renamed_from)
			d = rg_schema_find_table(db, t->renamed_from);
		if (!d)
			continue;
		rg_grow((void **)&names, &cap, n + 1, sizeof(*names));
		names[n++] = d->name;
	}
	struct rg_error err;
	int rc = n ? c->dialect->reread_key_parts(c, db, names, n, &err) : 0;
	free(names);
	return rc < 0 ? rg_cmd_fail(&err) : RG_EXIT_OK;
}

int rg_cmd_autodiff(struct rg_ctx *ctx, struct rg_conn *c, bool allow_empty,
		    struct rg_schema **models, struct rg_schema **db,
		    struct rg_oplist *ops)
{
	int rc;
	*models = *db = NULL;
	rg_oplist_init(ops);
	/* the catalog first: the models may be loading on their own thread
	 * meanwhile (RG_NEED_MODELS); their errors still come first */
	int irc = rg_cmd_introspect(ctx, c, db);
	if ((rc = rg_cmd_load_models(ctx, models)) || (rc = irc))
		return rc;
	if ((*models)->ntables == 0 && (*db)->ntables > 0 && !allow_empty) {
		rg_cmd_error("the model headers declare no table, but the database has %zu: "
			     "refusing to drop them all. Check `models` in %s (and that the structs "
			     "carry RG_TABLE; `revgen models` shows what is loaded), or pass "
			     "--allow-empty-models if dropping every table is really meant",
			     (*db)->ntables, ctx->cfg->path ? ctx->cfg->path : "revgen.ini");
		return RG_EXIT_ERROR;
	}
	if ((rc = rg_cmd_diff_db(ctx, c, *models, *db, ops)))
		return rc;
	note_opaque(*db, *models);
	return RG_EXIT_OK;
}

int rg_cmd_diff_db(struct rg_ctx *ctx, struct rg_conn *c, struct rg_schema *models,
		   struct rg_schema *db, struct rg_oplist *ops)
{
	struct rg_error err;
	int rc;
	if ((rc = reread_key_parts(c, models, db)))
		return rc;
	if (c->dialect->view_texts && c->dialect->view_texts(c, db, models, &err) < 0)
		return rg_cmd_fail(&err);
	struct rg_diff_opts o = {
		.exclude = (const char *const *)ctx->cfg->exclude_tables,
		.nexclude = ctx->cfg->nexclude_tables,
	};
	if (rg_diff(ops, db, models, c->compare, &o, &err) < 0)
		return rg_cmd_fail(&err);
	return RG_EXIT_OK;
}

static const char *op_symbol(const struct rg_op *op)
{
	switch (op->kind) {
	case RG_OP_CREATE_TABLE:
	case RG_OP_ADD_COLUMN:
	case RG_OP_ADD_PK:
	case RG_OP_ADD_UNIQUE:
	case RG_OP_CREATE_INDEX:
	case RG_OP_ADD_FK:
	case RG_OP_ADD_CHECK:
	case RG_OP_CREATE_TYPE:
	case RG_OP_CREATE_VIEW:
	case RG_OP_CREATE_SEQUENCE:
	case RG_OP_CREATE_DOMAIN:
		return "+";
	case RG_OP_DROP_TABLE:
	case RG_OP_DROP_COLUMN:
	case RG_OP_DROP_PK:
	case RG_OP_DROP_UNIQUE:
	case RG_OP_DROP_INDEX:
	case RG_OP_DROP_FK:
	case RG_OP_DROP_CHECK:
	case RG_OP_DROP_TYPE:
	case RG_OP_DROP_VIEW:
	case RG_OP_DROP_SEQUENCE:
	case RG_OP_DROP_DOMAIN:
		return "-";
	default:
		return "~";
	}
}

void rg_cmd_plan_line(struct rg_buf *out, const struct rg_op *op, const struct rg_dialect *d)
{
	const char *kind = rg_op_kind_name(op->kind);
	rg_buf_addf(out, "%s ", op_symbol(op));
	for (const char *k = kind; *k; k++)
		rg_buf_addc(out, *k == '_' ? ' ' : *k);
	rg_buf_addf(out, " %s", rg_op_table_name(op));
	const char *obj = rg_op_object_name(op);
	if (op->kind == RG_OP_RENAME_TABLE) {
		rg_buf_addf(out, " (was %s)", op->table_from->name);
	} else if (obj) {
		rg_buf_addf(out, ".%s", obj);
		if (op->kind == RG_OP_ADD_COLUMN) {
			rg_buf_addc(out, ' ');
			d->compare->render_type(out, op->to);
		} else if (op->kind == RG_OP_RENAME_COLUMN) {
			rg_buf_addf(out, " (was %s)",
				    ((const struct rg_column *)op->from)->name);
		} else if (op->kind == RG_OP_RENAME_INDEX ||
			   op->kind == RG_OP_RENAME_CONSTRAINT) {
			rg_buf_addf(out, " (was %s)", (const char *)op->from);
		} else if (op->kind == RG_OP_ALTER_COLUMN) {
			static const struct {
				unsigned bit;
				const char *what;
			} bits[] = {
				{RG_ALTER_TYPE, "type"}, {RG_ALTER_NULL, "nullability"},
				{RG_ALTER_DEFAULT, "default"}, {RG_ALTER_COMMENT, "comment"},
				{RG_ALTER_AUTOINC, "autoincrement"}, {RG_ALTER_CHARSET, "charset"},
				{RG_ALTER_ON_UPDATE, "on update"}, {RG_ALTER_GENERATED, "generated"},
				{RG_ALTER_INVISIBLE, "invisible"},
			};
			const char *sep = " (";
			for (size_t k = 0; k < RG_ARRAY_LEN(bits); k++)
				if (op->alter & bits[k].bit) {
					rg_buf_addf(out, "%s%s", sep, bits[k].what);
					sep = ", ";
				}
			rg_buf_addc(out, ')');
		}
	}
}

void rg_cmd_print_plan(FILE *f, const struct rg_oplist *ops,
		       const struct rg_dialect *d)
{
	struct rg_buf b = RG_BUF_INIT;
	for (size_t i = 0; i < ops->n; i++) {
		rg_buf_reset(&b);
		rg_cmd_plan_line(&b, &ops->ops[i], d);
		fprintf(f, "  %s%s\n", rg_buf_str(&b), ops->ops[i].destructive ? "  [destructive]" : "");
	}
	rg_buf_free(&b);
}

/* The operations as JSON (docs/json.md): each with its kind, table, object,
 * SQL in this dialect and whether it is destructive. */
static int ops_json(char **out, const struct rg_oplist *ops,
		    const struct rg_dialect *d, struct rg_error *err)
{
	json_t *root = json_object();
	json_t *arr = json_array();
	struct rg_buf sql = RG_BUF_INIT;
	for (size_t i = 0; i < ops->n; i++) {
		struct rg_oplist one = *ops;
		one.n = 1;
		one.ops = &ops->ops[i];
		rg_buf_reset(&sql);
		if (d->render_ops(d, &one, &sql, err) < 0) {
			rg_buf_free(&sql);
			json_decref(root);
			json_decref(arr);
			return -1;
		}
		const struct rg_op *op = &ops->ops[i];
		const char *obj = rg_op_object_name(op);
		json_t *jo = json_object();
		json_object_set_new(jo, "kind", json_string(rg_op_kind_name(op->kind)));
		json_object_set_new(jo, "table", json_string(rg_op_table_name(op)));
		json_object_set_new(jo, "object", obj ? json_string(obj) : json_null());
		json_object_set_new(jo, "sql", json_string(rg_buf_str(&sql)));
		json_object_set_new(jo, "destructive", json_boolean(op->destructive));
		json_object_set_new(jo, "warning", op->warning ? json_string(op->warning) : json_null());
		json_array_append_new(arr, jo);
	}
	rg_buf_free(&sql);
	json_object_set_new(root, "differences", json_integer((json_int_t)ops->n));
	json_object_set_new(root, "operations", arr);
	*out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!*out)
		return rg_error_set(err, "out of memory");
	return 0;
}

/* The markdown summary: the operations, and lint's findings on the
 * revision autogenerate would write for them (its upgrade and downgrade,
 * in memory).  Without --replay the database is the one that revision
 * runs on next (check requires it at head), so its data answers the data
 * rules as `revgen lint` does; the scratch database of --replay holds no
 * rows, so there they say what may fail. */
static int print_markdown(struct rg_ctx *ctx, struct rg_conn *c, const struct rg_oplist *ops,
			  const struct rg_schema *models)
{
	const struct rg_dialect *d = c->dialect;
	struct rg_error err;
	struct rg_buf sql = RG_BUF_INIT, down = RG_BUF_INIT, text = RG_BUF_INIT, md = RG_BUF_INIT;
	struct rg_oplist inv;
	struct rg_revision *draft = NULL;
	struct rg_lint l;
	bool linted = false;
	int rc = RG_EXIT_OK;
	rg_oplist_init(&inv);
	rg_oplist_invert(&inv, ops, d->compare);
	if (d->render_ops(d, ops, &sql, &err) < 0 || d->render_ops(d, &inv, &down, &err) < 0) {
		rc = rg_cmd_fail(&err);
		goto out;
	}
	rg_buf_addf(&text, "-- the revision autogenerate would write\n-- Revision ID: draft\n"
		    "-- Revises:\n\n-- upgrade()\n%s\n-- downgrade()\n%s\n", rg_buf_str(&sql),
		    rg_buf_str(&down));
	if (ops->n) {
		if (rg_revision_parse(&draft, "(new revision)", rg_buf_str(&text), &err) < 0) {
			rc = rg_cmd_fail(&err);
			goto out;
		}
		if ((rc = rg_cmd_lint_summary(&l, draft, c, !ctx->replay)))
			goto out;
		linted = true;
	}
	struct rg_summary s = {
		.title = "revgen check",
		.intro = !ops->n ? NULL
			 : ctx->replay ? "The models differ from the schema the revisions build: a "
					 "revision is missing (`revgen revision --autogenerate -m \"...\"` "
					 "writes it)."
				       : "The models differ from the database: a revision is missing "
					 "(`revgen revision --autogenerate -m \"...\"` writes it).",
		.ops = ops,
		.sql = rg_buf_str(&sql),
		.after = models,
		.d = d,
		.lint = linted ? &l : NULL,
	};
	rg_cmd_markdown(&md, &s);
	fputs(rg_buf_str(&md), stdout);
out:
	if (linted)
		rg_lint_free(&l);
	rg_revision_free(draft);
	rg_oplist_free(&inv);
	rg_buf_free(&sql);
	rg_buf_free(&down);
	rg_buf_free(&text);
	rg_buf_free(&md);
	return rc;
}

int cmd_check(struct rg_ctx *ctx, int argc, char **argv)
{
	const char *format = "text", *dev_url = NULL;
	bool allow_empty = false, replay = false;
	const struct rg_option opts[] = {
		{0, "format", RG_OPT_STRING, "FMT",
		 "text (default), json, or markdown (a summary for a pull request)", &format},
		{0, "replay", RG_OPT_FLAG, NULL,
		 "compare with the revisions replayed on a scratch database, not the real one", &replay},
		{0, "dev-url", RG_OPT_STRING, "URL",
		 "the scratch database for --replay on PostgreSQL/MySQL (it is emptied!)", &dev_url},
		{0, "allow-empty-models", RG_OPT_FLAG, NULL,
		 "compare even when the headers declare no table", &allow_empty},
		{0},
	};
	static const struct rg_command_help help = {
		"check [--format text|json|markdown] [--replay [--dev-url URL]]",
		"Compares the models with the database (which must be at head) and lists\n"
		"what differs. With --replay, compares them with what the revisions build on\n"
		"a scratch database instead: CI needs no shared database. Exit status: 0 no\n"
		"difference, 1 differences, 2 error. Over a fleet (README \"Fleets\"): -j N,\n"
		"--fail-fast, --format text|json.",
		"revgen check || echo \"run revgen --autogenerate -m ...\"",
	};
	const char *pos[1];
	size_t npos;
	bool shown;
	int rc = rg_parse_options(ctx, argc, argv, opts, &help, pos, 0, &npos, &shown);
	if (rc || shown)
		return rc;
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "markdown") != 0) {
		rg_cmd_error("check: unknown --format '%s' (text, json or markdown)", format);
		return RG_EXIT_ERROR;
	}
	ctx->replay = replay;
	ctx->dev_url = dev_url;
	if ((rc = rg_cmd_setup(ctx)))
		return rc;
	struct rg_conn *c = ctx->conn;
	if (!replay && (rc = rg_cmd_require_head(ctx, c, ctx->graph)))
		return rc;
	/* an applied revision whose file changed is drift too: the database
	 * was built by SQL that the repository no longer says */
	struct rg_error cerr;
	if (!replay && rg_runner_verify_checksums(c, ctx->graph, ctx->cfg->version_table, &cerr) < 0) {
		printf("%s\n", cerr.msg);
		return RG_EXIT_DIFF;
	}
	struct rg_schema *models = NULL, *db = NULL;
	struct rg_oplist ops;
	if ((rc = rg_cmd_autodiff(ctx, c, allow_empty, &models, &db, &ops)))
		goto out;

	if (strcmp(format, "json") == 0) {
		struct rg_error err;
		char *js = NULL;
		if (ops_json(&js, &ops, c->dialect, &err) < 0) {
			rc = rg_cmd_fail(&err);
			goto out;
		}
		printf("%s\n", js);
		free(js);
	} else if (strcmp(format, "markdown") == 0) {
		if ((rc = print_markdown(ctx, c, &ops, models)))
			goto out;
	} else if (ops.n == 0) {
		printf("No changes detected\n");
	} else {
		printf("%zu difference(s) between the models and the database:\n", ops.n);
		rg_cmd_print_plan(stdout, &ops, c->dialect);
		printf("Run `revgen --autogenerate -m \"...\"` to write a revision for them.\n");
	}
	rc = ops.n ? RG_EXIT_DIFF : RG_EXIT_OK;
out:
	rg_oplist_free(&ops);
	rg_schema_free(models);
	rg_schema_free(db);
	return rc;
}
