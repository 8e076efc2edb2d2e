/*
 * lint-internal.h - what the parts of lint/ share while one revision is
 * analysed (rules.c, undo.c, live.c).
 */
#ifndef RG_LINT_INTERNAL_H
#define RG_LINT_INTERNAL_H

#include <stdarg.h>

#include "lint/lint.h"

struct rg_lint_rule {
	const char *id;
	const char *category;
	enum rg_lint_severity severity; /* without a database's answer */
	const char *remedy;
};

/* The rule table (docs/lint.md lists it). */
const struct rg_lint_rule *rg_lint_rules(size_t *n);

/* What a statement of the upgrade is within the section. */
enum { ROLE_NONE, ROLE_REBUILD /* the DROP of a rebuild */, ROLE_PART /* its copy */ };

struct rg_lint_ignore {
	unsigned line;    /* of the comment */
	char **rules;
	size_t nrules;
	char *reason;     /* NULL: none given, the comment silences nothing */
};

struct rg_lint_ctx {
	struct rg_lint *l;
	const struct rg_revision *rev;
	bool live;
	struct rg_error *err;
	const char *section;
	struct rg_lint_stmt *up, *down;
	size_t nup, ndown;
	unsigned char *role; /* per statement of up */
	size_t *copy, *fill; /* per rebuild's DROP: its copy's CREATE and INSERT (nup: none) */
	bool lock_timeout;   /* a SET lock_timeout ran before */
	bool lock_noted;     /* pg-lock-timeout reported once */
	struct rg_lint_ignore *ign;
	size_t nign;
};

/* Appends a finding of rule id at line; sev -1: the rule's own.  It is
 * silenced when a lint-ignore comment above its statement names it. */
void rg_lint_add(struct rg_lint_ctx *x, unsigned line, const char *id, int sev,
		 const char *fmt, ...) RG_PRINTF(5, 6);

/* rules.c: names equal (ASCII case-insensitively; NULL equals nothing);
 * the type the downgrade sets a column back to (what it had before);
 * a type's canonical form in this dialect */
bool rg_lint_same(const char *a, const char *b);
const struct rg_lint_action *rg_lint_old_column(const struct rg_lint_ctx *x, const char *table,
						 const char *column);
void rg_lint_canon(const struct rg_lint_ctx *x, struct rg_buf *b, const char *type);

/* locks.c */
bool rg_lint_pg_older(const struct rg_lint_ctx *x, int major);
/* up[0..upto) adds a CHECK (col IS NOT NULL) on table and validates it */
bool rg_lint_valid_not_null_check(const struct rg_lint_ctx *x, size_t upto,
				  const char *table, const char *col);
bool rg_lint_pg_blocking(const struct rg_lint_stmt *s);
void rg_lint_pg_alter(struct rg_lint_ctx *x, size_t i);
void rg_lint_mysql_alter(struct rg_lint_ctx *x, const struct rg_lint_stmt *s);

/* undo.c: the lint-ignore comments of the file, and the reason one gives
 * for rule at the statement starting at line (NULL: not silenced). */
void rg_lint_read_ignores(struct rg_lint_ctx *x);
char *rg_lint_silenced(struct rg_lint_ctx *x, unsigned line, const char *rule);
/* undo.c: downgrade-mismatch, ignore-no-reason */
void rg_lint_undo(struct rg_lint_ctx *x);

#endif
