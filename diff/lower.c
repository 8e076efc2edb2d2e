/*
 * lower.c - see lower.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/lower.h"

/* "name", its quotes doubled: a column in a CHECK, always quoted (the
 * name may be a keyword or need its case); PostgreSQL and SQLite, the
 * databases that get these checks, both quote so. */
static void quoted(struct rg_buf *b, const char *name)
{
	rg_buf_addc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			rg_buf_addc(b, '"');
		rg_buf_addc(b, *p);
	}
	rg_buf_addc(b, '"');
}

static void add_check(struct rg_schema *s, struct rg_table *t, const struct rg_column *c,
		      const struct rg_buf *expr)
{
	struct rg_check *ck = rg_table_add_check(s, t, NULL);
	ck->expr = rg_arena_strdup(s->arena, rg_buf_str(expr));
	ck->loc = c->loc;
}

/* "file:line:col: " of a model's object, for an error message */
static const char *at(char *buf, size_t n, const struct rg_loc *loc)
{
	snprintf(buf, n, "%s:%u:%u: ", loc->file ? loc->file : "?", loc->line, loc->col);
	return buf;
}

/* An unsigned C integer where the database has no unsigned types. */
static int lower_unsigned(const struct rg_compare *d, struct rg_schema *s, struct rg_table *t,
			  const struct rg_column *c, struct rg_error *err)
{
	size_t len = strlen(c->type);
	struct rg_buf b = RG_BUF_INIT;
	d->render_type(&b, c);
	bool held = strcmp(rg_buf_str(&b), c->type) != 0;
	rg_buf_free(&b);
	if (!held) {
		char where[512];
		at(where, sizeof(where), &c->loc);
		return rg_error_set(err, "%s%s.%s is a %.*s: the configured database has no integer "
				    "type that holds every value of it; use a signed type or RG_TYPE(...)",
				    where, t->name, c->name, (int)(len - 9), c->type);
	}
	quoted(&b, c->name);
	rg_buf_add(&b, " >= 0");
	add_check(s, t, c, &b);
	rg_buf_free(&b);
	return 0;
}

/* A C array of a scalar ("DOUBLE PRECISION[4]"): an array column of that
 * length where the database has them, else an error at the field. */
static int lower_array(const struct rg_compare *d, struct rg_schema *s, struct rg_table *t,
		       const struct rg_column *c, const char *bracket, struct rg_error *err)
{
	long long n = strtoll(bracket + 1, NULL, 10);
	if (!(d->caps & RG_CAP_ARRAYS)) {
		char where[512];
		at(where, sizeof(where), &c->loc);
		return rg_error_set(err, "%s%s.%s is a C array (%.*s, %lld of them): only PostgreSQL "
				    "has array columns; write RG_TYPE(...) (a JSON or TEXT column the "
				    "program encodes) or RG_SKIP",
				    where, t->name, c->name, (int)(bracket - c->type), c->type, n);
	}
	struct rg_buf b = RG_BUF_INIT;
	rg_buf_add(&b, "cardinality(");
	quoted(&b, c->name);
	rg_buf_addf(&b, ") = %lld", n);
	add_check(s, t, c, &b);
	rg_buf_free(&b);
	return 0;
}

/* A C enum on a database with neither enumerated types nor an ENUM
 * column type: TEXT that takes the labels only. */
static void lower_enum_check(struct rg_schema *s, struct rg_table *t, const struct rg_column *c)
{
	struct rg_buf b = RG_BUF_INIT;
	quoted(&b, c->name);
	rg_buf_add(&b, " IN (");
	for (size_t i = 0; i < c->nlabels; i++) {
		rg_buf_add(&b, i ? ", '" : "'");
		for (const char *p = c->labels[i]; *p; p++) {
			if (*p == '\'')
				rg_buf_addc(&b, '\'');
			rg_buf_addc(&b, *p);
		}
		rg_buf_addc(&b, '\'');
	}
	rg_buf_addc(&b, ')');
	add_check(s, t, c, &b);
	rg_buf_free(&b);
}

/* A C enum on a database of named enumerated types: the type, once for
 * every column of that enum. */
static int lower_enum_type(struct rg_schema *s, const struct rg_table *t,
			   const struct rg_column *c, struct rg_error *err)
{
	struct rg_enum *e = rg_schema_find_enum(s, c->enum_name);
	if (!e) {
		e = rg_schema_add_enum(s, c->enum_name);
		e->labels = c->labels;
		e->nlabels = c->nlabels;
		e->loc = c->loc;
		return 0;
	}
	if (rg_names_equal(e->labels, e->nlabels, c->labels, c->nlabels))
		return 0;
	char where[512];
	at(where, sizeof(where), &c->loc);
	return rg_error_set(err, "%s%s.%s: enum %s has other labels than the enum %s of %s:%u: "
			    "the database has one type of that name; rename one of them",
			    where, t->name, c->name, c->enum_name, e->name,
			    e->loc.file ? e->loc.file : "?", e->loc.line);
}

/*
 * SQLite's STRICT table (RG_STRICT) takes INTEGER, REAL, TEXT, BLOB and ANY
 * alone: a C type's column there is the one of these its values are kept
 * as (SQLite's affinity of the generic spelling; BOOLEAN an INTEGER, and
 * TIMESTAMP TEXT, which CURRENT_TIMESTAMP gives).  An RG_TYPE is left as
 * written (rg_compare_check_models refuses another).
 */
static void lower_strict(const struct rg_compare *d, struct rg_schema *s, struct rg_column *c)
{
	struct rg_buf b = RG_BUF_INIT;
	d->render_type(&b, c);
	for (size_t i = 0; i < b.len; i++)
		b.data[i] = (char)toupper((unsigned char)b.data[i]);
	const char *ty = rg_buf_str(&b);
	const char *strict = strstr(ty, "INT") ? "INTEGER"
		: strstr(ty, "CHAR") || strstr(ty, "CLOB") || strstr(ty, "TEXT") ||
		  strcmp(ty, "TIMESTAMP") == 0 ? "TEXT"
		: strstr(ty, "BLOB") ? "BLOB"
		: strstr(ty, "REAL") || strstr(ty, "FLOA") || strstr(ty, "DOUB") ? "REAL"
		: strcmp(ty, "BOOLEAN") == 0 ? "INTEGER"
		: "ANY";
	c->type = rg_arena_strdup(s->arena, strict);
	c->generic = false;
	rg_buf_free(&b);
}

int rg_compare_lower_models(const struct rg_compare *d, struct rg_schema *s,
			    struct rg_error *err)
{
	for (size_t i = 0; i < s->ntables; i++) {
		struct rg_table *t = s->tables[i];
		size_t ncolumns = t->ncolumns;
		for (size_t k = 0; k < ncolumns; k++) {
			const struct rg_column *c = t->columns[k];
			if (!c->generic)
				continue;
			size_t len = strlen(c->type);
			const char *bracket = strchr(c->type, '[');
			int rc = 0;
			if (bracket)
				rc = lower_array(d, s, t, c, bracket, err);
			else if (c->enum_name && (d->caps & RG_CAP_ENUM_TYPES))
				rc = lower_enum_type(s, t, c, err);
			else if (c->enum_name && !(d->caps & RG_CAP_ENUM_COLUMNS))
				lower_enum_check(s, t, c);
			else if (!(d->caps & RG_CAP_UNSIGNED) && len > 9 &&
				 strcmp(c->type + len - 9, " UNSIGNED") == 0)
				rc = lower_unsigned(d, s, t, c, err);
			if (rc < 0)
				return -1;
		}
		for (size_t k = 0; t->strict && (d->caps & RG_CAP_ROWID_STRICT) && k < ncolumns; k++)
			if (t->columns[k]->generic)
				lower_strict(d, s, t->columns[k]);
	}
	/* a sequence's values it leaves out, as the database fills them in */
	for (size_t i = 0; d->sequence_defaults && i < s->nsequences; i++) {
		struct rg_sequence *q = s->sequences[i];
		const char *why = d->sequence_defaults(s->arena, q);
		if (why) {
			char where[512];
			at(where, sizeof(where), &q->loc);
			return rg_error_set(err, "%sRG_SEQUENCE %s: %s", where, q->name, why);
		}
	}
	/* a table is a type of its name too (its row type) */
	for (size_t i = 0; i < s->nenums; i++)
		if (rg_schema_find_table(s, s->enums[i]->name)) {
			const struct rg_enum *e = s->enums[i];
			char where[512];
			at(where, sizeof(where), &e->loc);
			return rg_error_set(err, "%senum %s has the name of a table, which PostgreSQL "
					    "gives its row type: rename one of them", where, e->name);
		}
	return 0;
}
