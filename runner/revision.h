/*
 * revision.h - revision files (SPEC §4): render from the template, parse,
 * name.  A revision file is plain SQL with a comment header and two
 * sections, "-- upgrade()" and "-- downgrade()".
 */
#ifndef RG_REVISION_H
#define RG_REVISION_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

struct rg_revision {
	char *path;        /* as loaded */
	char *id;          /* "Revision ID:" */
	char *message;     /* first header line */
	char **down;       /* "Revises:" ids; ndown == 0 for a root */
	size_t ndown;
	char **labels;     /* "Branch Labels:" */
	size_t nlabels;
	char **depends;    /* "Depends On:" */
	size_t ndepends;
	bool transactional; /* false when "-- Transaction: no" */
	char *create_date;
	char *upgrade;      /* body of the upgrade() section */
	unsigned upgrade_line; /* line in the file where that body starts */
	char *downgrade;
	unsigned downgrade_line;
	char *text;         /* the whole file */
};

/* Parses text (the content of path; path is used in messages).  Errors
 * name path:line: a missing "Revision ID", a malformed id, missing
 * sections, a section given twice. */
int rg_revision_parse(struct rg_revision **out, const char *path,
		      const char *text, struct rg_error *err);
int rg_revision_load(struct rg_revision **out, const char *path,
		     struct rg_error *err);
void rg_revision_free(struct rg_revision *r); /* accepts NULL */

/* True for 12 lowercase hex digits... and, more generally, for an id that
 * revgen accepts: [0-9a-z_]{1,32}. */
bool rg_revision_id_valid(const char *id);
/* Writes a new random id (12 lowercase hex digits + NUL) into out[13]. */
int rg_revision_new_id(char out[13], struct rg_error *err);
/* The file-name slug of a message: lowercase ASCII letters and digits and
 * UTF-8 letters kept, everything else collapsed to '_', 40
 * characters at most (Alembic's default), never empty. */
void rg_revision_slug(struct rg_buf *out, const char *message);

struct rg_template_vars {
	const char *message;
	const char *revision;
	const char *down_revision; /* "" for the first revision */
	const char *create_date;
	const char *upgrades;     /* SQL, may be "" */
	const char *downgrades;
	const char *branch_labels; /* "" when none */
	const char *depends_on;    /* "" when none */
};

/* Replaces ${name} placeholders; an unknown placeholder or an unterminated
 * "${" is an error naming the template file (tmpl_name) and line. */
int rg_template_render(struct rg_buf *out, const char *tmpl,
		       const char *tmpl_name, const struct rg_template_vars *v,
		       struct rg_error *err);

/* The default template, also installed as templates/revision.sql.tmpl. */
extern const char rg_default_template[];

#endif
