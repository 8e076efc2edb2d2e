/*
 * common.c - what the subcommands share besides their set-up (setup.c):
 * reporting, option parsing and help, reading the database's schema, and
 * rendering a schema as SQL or JSON.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "introspect/mysql.h"
#include "runner/progress.h"
#include "runner/runner.h"

/* ---- reporting ---- */

void rg_cmd_error(const char *fmt, ...)
{
	va_list ap;
	fputs("revgen: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int rg_cmd_fail(const struct rg_error *err)
{
	rg_cmd_error("%s", err->msg);
	return RG_EXIT_ERROR;
}

void rg_cmd_info(const struct rg_ctx *ctx, const char *fmt, ...)
{
	if (ctx->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- options ---- */

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = rg_xcalloc(lb + 1, sizeof(size_t));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

static void print_help(const char *cmd, const struct rg_option *opts,
		       const struct rg_command_help *help)
{
	printf("usage: revgen %s\n\n%s\n", help->usage, help->summary);
	if (opts[0].long_name) {
		printf("\nOptions:\n");
		for (const struct rg_option *o = opts; o->long_name; o++) {
			char left[64];
			snprintf(left, sizeof(left), "%s%c%s--%s%s%s",
				 o->short_name ? "-" : "",
				 o->short_name ? o->short_name : ' ',
				 o->short_name ? ", " : "  ", o->long_name,
				 o->kind == RG_OPT_STRING ? " " : "",
				 o->kind == RG_OPT_STRING ? o->argname : "");
			printf("  %-26s %s\n", o->short_name ? left : left + 2,
			       o->help);
		}
	}
	printf("\nGlobal options: -c FILE, -n NAME, --url URL, -q, -v (see `revgen --help`).\n");
	if (help->example)
		printf("\nExample:\n  %s\n", help->example);
	(void)cmd;
}

/* A positional that looks like an option: -1, +2 (relative targets). */
static bool is_relative_target(const char *a)
{
	return (a[0] == '-' || a[0] == '+') && a[1] >= '0' && a[1] <= '9';
}

static int unknown_option(const char *cmd, const char *arg,
			  const struct rg_option *opts)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	const char *name = arg;
	while (*name == '-')
		name++;
	for (const struct rg_option *o = opts; o->long_name; o++) {
		size_t d = edit_distance(name, o->long_name);
		if (d < bestd) {
			bestd = d;
			best = o->long_name;
		}
	}
	if (best && bestd <= 3)
		rg_cmd_error("%s: unknown option '%s'; did you mean '--%s'?", cmd,
			     arg, best);
	else
		rg_cmd_error("%s: unknown option '%s'; see `revgen %s --help`",
			     cmd, arg, cmd);
	return RG_EXIT_ERROR;
}

int rg_parse_options(struct rg_ctx *ctx, int argc, char **argv,
		     const struct rg_option *opts,
		     const struct rg_command_help *help, const char **pos,
		     size_t maxpos, size_t *npos, bool *help_shown)
{
	const char *cmd = argv[0];
	bool only_pos = false;
	*npos = 0;
	*help_shown = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_pos || a[0] != '-' || a[1] == '\0' || is_relative_target(a)) {
			if (*npos >= maxpos) {
				rg_cmd_error("%s: unexpected argument '%s'; see `revgen %s --help`",
					     cmd, a, cmd);
				return RG_EXIT_ERROR;
			}
			pos[(*npos)++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_help(cmd, opts, help);
			*help_shown = true;
			return RG_EXIT_OK;
		}
		/* global options are welcome after the command too */
		const char **gslot = NULL;
		if (strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0)
			gslot = &ctx->copts.path;
		else if (strcmp(a, "-n") == 0 || strcmp(a, "--name") == 0)
			gslot = &ctx->copts.section;
		else if (strcmp(a, "--url") == 0)
			gslot = &ctx->copts.url;
		else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			ctx->quiet = true;
			continue;
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			ctx->verbose++;
			continue;
		} else if (rg_startswith(a, "--url=")) {
			ctx->copts.url = a + 6;
			continue;
		}
		if (gslot) {
			if (i + 1 >= argc) {
				rg_cmd_error("%s: option %s needs a value", cmd, a);
				return RG_EXIT_ERROR;
			}
			*gslot = argv[++i];
			continue;
		}

		const struct rg_option *o = NULL;
		const char *inline_val = NULL;
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			for (const struct rg_option *p = opts; p->long_name; p++)
				if (strlen(p->long_name) == len &&
				    strncmp(p->long_name, name, len) == 0)
					o = p;
			if (eq)
				inline_val = eq + 1;
		} else {
			for (const struct rg_option *p = opts; p->long_name; p++)
				if (p->short_name == a[1])
					o = p;
			if (o && a[2])
				inline_val = a + 2;
		}
		if (!o)
			return unknown_option(cmd, a, opts);
		if (o->kind == RG_OPT_FLAG) {
			if (inline_val) {
				rg_cmd_error("%s: option '%s' takes no value", cmd, a);
				return RG_EXIT_ERROR;
			}
			*(bool *)o->value = true;
			continue;
		}
		if (!inline_val) {
			if (i + 1 >= argc) {
				rg_cmd_error("%s: option --%s needs a value (%s)", cmd,
					     o->long_name, o->argname);
				return RG_EXIT_ERROR;
			}
			inline_val = argv[++i];
		}
		*(const char **)o->value = inline_val;
	}
	return RG_EXIT_OK;
}

/* ---- reading the database ---- */

int rg_cmd_introspect(struct rg_ctx *ctx, struct rg_conn *c,
		      struct rg_schema **out)
{
	struct rg_error err;
	size_t n = ctx->cfg->nexclude_tables;
	const char **ex = rg_xcalloc(n + 4, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		ex[i] = ctx->cfg->exclude_tables[i];
	struct rg_buf log = RG_BUF_INIT, progress = RG_BUF_INIT;
	rg_runner_log_table(&log, ctx->cfg->version_table);
	rg_progress_table(&progress, ctx->cfg->version_table);
	ex[n] = ctx->cfg->version_table;
	ex[n + 1] = log.data;
	ex[n + 2] = progress.data;
	size_t nex = n + 3;
	/* the deploy lock's table on a Galera cluster */
	if (c->dialect == &rg_dialect_mysql)
		ex[nex++] = RG_MYSQL_LOCK_TABLE;
	struct rg_introspect_opts o = {.exclude = ex, .nexclude = nex};
	double t0 = rg_now_ms();
	unsigned long q0 = c->dialect->statement_count ? c->dialect->statement_count(c) : 0;
	int rc = c->dialect->introspect(c, &o, out, &err);
	free(ex);
	rg_buf_free(&log);
	rg_buf_free(&progress);
	if (rc < 0)
		return rg_cmd_fail(&err);
	if (ctx->verbose && c->dialect->statement_count)
		fprintf(stderr, "Read %zu table(s) from the database in %.1f ms, %lu catalog queries%s\n",
			(*out)->ntables, rg_now_ms() - t0, c->dialect->statement_count(c) - q0,
			c->dialect == &rg_dialect_sqlite ? " (SQLite's pragmas are read in-process)" : "");
	return RG_EXIT_OK;
}

/* ---- rendering a whole schema ---- */

int rg_cmd_schema_sql(struct rg_buf *out, const struct rg_dialect *d,
		      const struct rg_schema *s, struct rg_error *err)
{
	struct rg_schema *empty = rg_schema_new();
	struct rg_oplist ops;
	rg_oplist_init(&ops);
	int rc = rg_diff(&ops, empty, s, d->compare, NULL, err);
	if (rc == 0)
		rc = d->render_ops(d, &ops, out, err);
	rg_oplist_free(&ops);
	rg_schema_free(empty);
	return rc;
}

/* The struct of type d at o as a JSON object: its members that have a
 * JSON key, in the order of its field table (diff/schema.h). */
static json_t *object_json(const struct rg_struct_desc *d, const void *o)
{
	json_t *jo = json_object();
	for (size_t i = 0; i < d->nfields; i++) {
		const struct rg_field *f = &d->fields[i];
		const char *m = (const char *)o + f->off;
		json_t *v = NULL;
		if (!f->json)
			continue;
		switch (f->kind) {
		case RG_FIELD_STR: {
			const char *str = *(const char *const *)m;
			if (str)
				v = json_string(str);
			else
				v = f->flags & RG_FIELD_JSON_STRING ? json_string("") : json_null();
			break;
		}
		case RG_FIELD_BOOL:
			v = json_boolean(*(const bool *)m != !!(f->flags & RG_FIELD_JSON_NOT));
			break;
		case RG_FIELD_ENUM: {
			unsigned e = *(const unsigned *)m;
			v = json_string(f->enum_names[e < f->nenum ? e : 0]);
			break;
		}
		case RG_FIELD_LOC:
			/* never printed: locations are the model loader's, for its
			 * messages (the field tables give them no key) */
			break;
		case RG_FIELD_NAMES: {
			const char *const *names = *(const char *const *const *)m;
			v = json_array();
			for (size_t k = 0, n = *RG_FIELD_COUNT(o, f); k < n; k++)
				json_array_append_new(v, json_string(names[k]));
			break;
		}
		case RG_FIELD_OBJ: {
			const void *obj = *(const void *const *)m;
			v = obj ? object_json(f->type, obj) : json_null();
			break;
		}
		case RG_FIELD_OBJS: {
			const void *const *items = *(const void *const *const *)m;
			v = json_array();
			for (size_t k = 0, n = *RG_FIELD_COUNT(o, f); k < n; k++)
				json_array_append_new(v, object_json(f->type, items[k]));
			break;
		}
		}
		json_object_set_new(jo, f->json, v);
	}
	return jo;
}

char *rg_cmd_schema_json(const struct rg_schema *s)
{
	json_t *root = json_object();
	json_t *tables = json_array();
	for (size_t i = 0; i < s->ntables; i++)
		json_array_append_new(tables, object_json(&rg_table_desc, s->tables[i]));
	json_object_set_new(root, "tables", tables);
	/* a view: its name, kind and query, and its columns as a table's */
	json_t *views = json_array();
	for (size_t i = 0; i < s->nviews; i++) {
		const struct rg_table *v = s->views[i];
		json_t *o = json_object(), *cols = json_array();
		json_object_set_new(o, "name", json_string(v->name));
		json_object_set_new(o, "materialized", json_boolean(v->materialized));
		json_object_set_new(o, "query", json_string(v->view_query));
		for (size_t k = 0; k < v->ncolumns; k++)
			json_array_append_new(cols, object_json(&rg_column_desc, v->columns[k]));
		json_object_set_new(o, "columns", cols);
		json_array_append_new(views, o);
	}
	json_object_set_new(root, "views", views);
	/* the schema's other objects, each as its field table says */
	const struct {
		const char *key;
		const struct rg_struct_desc *desc;
		void *const *items;
		size_t n;
	} lists[] = {
		{"enums", &rg_enum_desc, (void *const *)s->enums, s->nenums},
		{"sequences", &rg_sequence_desc, (void *const *)s->sequences, s->nsequences},
		{"domains", &rg_domain_desc, (void *const *)s->domains, s->ndomains},
	};
	for (size_t l = 0; l < RG_ARRAY_LEN(lists); l++) {
		json_t *arr = json_array();
		for (size_t i = 0; i < lists[l].n; i++)
			json_array_append_new(arr, object_json(lists[l].desc, lists[l].items[i]));
		json_object_set_new(root, lists[l].key, arr);
	}
	char *out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!out) {
		fputs("revgen: error: out of memory\n", stderr);
		abort();
	}
	return out;
}
