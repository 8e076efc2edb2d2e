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

/* undo.c: the lint-ignore comments of the file, and the reason one gives
 * for rule at the statement starting at line (NULL: not silenced). */
void rg_lint_read_ignores(struct rg_lint_ctx *x);
char *rg_lint_silenced(struct rg_lint_ctx *x, unsigned line, const char *rule);
/* undo.c: downgrade-mismatch, ignore-no-reason */
void rg_lint_undo(struct rg_lint_ctx *x);

#endif
