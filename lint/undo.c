/*
 * undo.c - revision hygiene that reads the file as a whole: whether the
 * downgrade undoes each change of the upgrade, and the comments that
 * silence a rule for one statement:
 *
 *     -- lint-ignore drop-column, rename-table: the column was unused since 2.3
 *     ALTER TABLE ...
 *
 * A comment silences the statement right below it (only comment lines in
 * between).  One without a reason after ':' silences nothing and is a
 * finding of its own: the reason is what a reviewer reads.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/lint-internal.h"

/* The text of line n (1-based) of the file, and its length. */
static const char *line_at(const char *text, unsigned n, size_t *len)
{
	const char *s = text;
	for (unsigned k = 1; k < n && s; k++) {
		s = strchr(s, '\n');
		if (s)
			s++;
	}
	if (!s)
		return NULL;
	const char *e = strchr(s, '\n');
	*len = e ? (size_t)(e - s) : strlen(s);
	return s;
}

static bool comment_line(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	return i + 1 < n && s[i] == '-' && s[i + 1] == '-';
}

void rg_lint_read_ignores(struct rg_lint_ctx *x)
{
	struct rg_arena *a = x->l->arena;
	size_t cap = 0;
	unsigned n = 1;
	for (const char *s = x->rev->text; s && *s; n++) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *ln = rg_arena_strndup(a, s, len);
		s = e ? e + 1 : NULL;
		char *p = ln;
		while (isspace((unsigned char)*p))
			p++;
		if (strncmp(p, "--", 2) != 0)
			continue;
		p += 2;
		while (isspace((unsigned char)*p))
			p++;
		if (strncmp(p, "lint-ignore", 11) != 0 || !(isspace((unsigned char)p[11]) || !p[11]))
			continue;
		p += 11;
		rg_grow((void **)&x->ign, &cap, x->nign + 1, sizeof(*x->ign));
		struct rg_lint_ignore *ig = &x->ign[x->nign++];
		memset(ig, 0, sizeof(*ig));
		ig->line = n;
		char *colon = strchr(p, ':');
		if (colon) {
			*colon = '\0';
			char *r = colon + 1;
			while (isspace((unsigned char)*r))
				r++;
			size_t rl = strlen(r);
			while (rl && isspace((unsigned char)r[rl - 1]))
				r[--rl] = '\0';
			ig->reason = rl ? r : NULL;
		}
		size_t rcap = 0;
		for (char *tok = strtok(p, ", \t"); tok; tok = strtok(NULL, ", \t"))
			rg_arena_push(a, (void ***)&ig->rules, &ig->nrules, &rcap, tok);
	}
	/* the list lives in the arena like the rest */
	struct rg_lint_ignore *copy = rg_arena_alloc(a, x->nign * sizeof(*copy) + 1);
	if (x->nign)
		memcpy(copy, x->ign, x->nign * sizeof(*copy));
	free(x->ign);
	x->ign = copy;
}

/* The comment at ig is right above the statement at line. */
static bool above(const struct rg_lint_ctx *x, const struct rg_lint_ignore *ig, unsigned line)
{
	if (ig->line >= line)
		return false;
	for (unsigned k = ig->line + 1; k < line; k++) {
		size_t len;
		const char *s = line_at(x->rev->text, k, &len);
		if (!s || !comment_line(s, len))
			return false;
	}
	return true;
}

char *rg_lint_silenced(struct rg_lint_ctx *x, unsigned line, const char *rule)
{
	for (size_t i = 0; i < x->nign; i++) {
		const struct rg_lint_ignore *ig = &x->ign[i];
		if (!ig->reason || !above(x, ig, line))
			continue;
		for (size_t k = 0; k < ig->nrules; k++)
			if (strcmp(ig->rules[k], rule) == 0)
				return ig->reason;
	}
	return NULL;
}

/* ---- does the downgrade undo the upgrade? ---- */

static bool same(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

/* The downgrade has an ALTER TABLE action of kind on column (or, with
 * column NULL, of name constraint). */
static bool down_act(const struct rg_lint_ctx *x, enum rg_lint_act kind, const char *column,
		     const char *constraint)
{
	for (size_t i = 0; i < x->ndown; i++) {
		const struct rg_lint_stmt *s = &x->down[i];
		for (size_t k = 0; s->kind == RG_LK_ALTER_TABLE && k < s->nacts; k++) {
			const struct rg_lint_action *a = &s->acts[k];
			if (a->kind != kind)
				continue;
			if (column ? same(a->column, column) || same(a->new_name, column) :
				     same(a->constraint, constraint))
				return true;
		}
	}
	return false;
}

static bool down_stmt(const struct rg_lint_ctx *x, enum rg_lint_kind kind, const char *table,
		      const char *object)
{
	for (size_t i = 0; i < x->ndown; i++) {
		const struct rg_lint_stmt *s = &x->down[i];
		if (s->kind == kind && (!table || same(s->table, table)) &&
		    (!object || same(s->object, object)))
			return true;
	}
	return false;
}

/* The downgrade drops or rebuilds table t: every change of it is undone. */
static bool down_replaces(const struct rg_lint_ctx *x, const char *t)
{
	return down_stmt(x, RG_LK_DROP_TABLE, t, NULL);
}

static bool down_renames(const struct rg_lint_ctx *x, const char *from, const char *to)
{
	for (size_t i = 0; i < x->ndown; i++) {
		const struct rg_lint_stmt *s = &x->down[i];
		/* from NULL: any table (a rebuild's copy) */
		bool f = !from || same(s->table, from);
		if (s->kind == RG_LK_RENAME_TABLE && f && same(s->object, to))
			return true;
		for (size_t k = 0; s->kind == RG_LK_ALTER_TABLE && k < s->nacts; k++)
			if (s->acts[k].kind == RG_LA_RENAME_TABLE && f &&
			    same(s->acts[k].new_name, to))
				return true;
	}
	return false;
}

static bool down_renames_column(const struct rg_lint_ctx *x, const char *from, const char *to)
{
	for (size_t i = 0; i < x->ndown; i++) {
		const struct rg_lint_stmt *s = &x->down[i];
		for (size_t k = 0; s->kind == RG_LK_ALTER_TABLE && k < s->nacts; k++) {
			const struct rg_lint_action *a = &s->acts[k];
			if ((a->kind == RG_LA_RENAME_COLUMN || a->kind == RG_LA_MODIFY) &&
			    same(a->column, from) && same(a->new_name, to))
				return true;
		}
	}
	return false;
}

/* Some statement of the downgrade changes table t's columns (ALTER
 * TABLE), or replaces it (a drop, a rebuild's copy renamed to it). */
static bool down_touches(const struct rg_lint_ctx *x, const char *t)
{
	for (size_t i = 0; i < x->ndown; i++) {
		enum rg_lint_kind k = x->down[i].kind;
		if ((k == RG_LK_ALTER_TABLE || k == RG_LK_DROP_TABLE) && same(x->down[i].table, t))
			return true;
	}
	return down_renames(x, NULL, t);
}

/* The upgrade drops constraint after its statement at: a helper it
 * adds for a while (--online's CHECK (col IS NOT NULL) before SET NOT
 * NULL), which leaves nothing for the downgrade to undo. */
static bool up_drops_later(const struct rg_lint_ctx *x, size_t at, const char *constraint)
{
	for (size_t i = at + 1; i < x->nup; i++) {
		const struct rg_lint_stmt *s = &x->up[i];
		for (size_t k = 0; s->kind == RG_LK_ALTER_TABLE && k < s->nacts; k++)
			if ((s->acts[k].kind == RG_LA_DROP_CONSTRAINT ||
			     s->acts[k].kind == RG_LA_DROP_INDEX) && same(s->acts[k].constraint, constraint))
				return true;
		if (s->kind == RG_LK_DROP_INDEX && same(s->object, constraint))
			return true;
	}
	return false;
}

static void missing(struct rg_lint_ctx *x, const struct rg_lint_stmt *s, const char *what)
{
	rg_lint_add(x, s->line, "downgrade-mismatch", -1, "downgrade() does not undo this: %s", what);
}

static void action_undone(struct rg_lint_ctx *x, size_t at, const struct rg_lint_action *a)
{
	const struct rg_lint_stmt *s = &x->up[at];
	struct rg_arena *ar = x->l->arena;
	if (down_replaces(x, s->table))
		return;
	switch (a->kind) {
	case RG_LA_ADD_COLUMN:
		if (!down_act(x, RG_LA_DROP_COLUMN, a->column, NULL))
			missing(x, s, rg_arena_printf(ar, "column %s.%s is not dropped", s->table, a->column));
		break;
	case RG_LA_DROP_COLUMN:
		if (!down_act(x, RG_LA_ADD_COLUMN, a->column, NULL))
			missing(x, s, rg_arena_printf(ar, "column %s.%s is not added back", s->table, a->column));
		break;
	case RG_LA_RENAME_COLUMN:
		if (!down_renames_column(x, a->new_name, a->column))
			missing(x, s, rg_arena_printf(ar, "column %s.%s is not renamed back to %s",
						      s->table, a->new_name, a->column));
		break;
	case RG_LA_RENAME_TABLE:
		if (!down_renames(x, a->new_name, s->table) && !down_replaces(x, a->new_name))
			missing(x, s, rg_arena_printf(ar, "table %s is not renamed back to %s",
						      a->new_name, s->table));
		break;
	case RG_LA_ALTER_TYPE:
	case RG_LA_MODIFY:
	case RG_LA_SET_NOT_NULL:
	case RG_LA_DROP_NOT_NULL:
		if (!down_act(x, RG_LA_ALTER_TYPE, a->column, NULL) &&
		    !down_act(x, RG_LA_MODIFY, a->column, NULL) &&
		    !down_act(x, a->kind == RG_LA_SET_NOT_NULL ? RG_LA_DROP_NOT_NULL :
			      RG_LA_SET_NOT_NULL, a->column, NULL) &&
		    !(a->new_name && down_renames_column(x, a->new_name, a->column)))
			missing(x, s, rg_arena_printf(ar, "column %s.%s is not changed back",
						      s->table, a->column));
		break;
	case RG_LA_ADD_FK:
	case RG_LA_ADD_CHECK:
	case RG_LA_ADD_UNIQUE:
	case RG_LA_ADD_INDEX:
		if (a->constraint && !up_drops_later(x, at, a->constraint) &&
		    !down_act(x, RG_LA_DROP_CONSTRAINT, NULL, a->constraint) &&
		    !down_act(x, RG_LA_DROP_INDEX, NULL, a->constraint) &&
		    !down_stmt(x, RG_LK_DROP_INDEX, NULL, a->constraint))
			missing(x, s, rg_arena_printf(ar, "%s is not dropped", a->constraint));
		break;
	case RG_LA_ADD_PK:
		if (!down_act(x, RG_LA_DROP_PK, NULL, NULL) &&
		    !(a->constraint && down_act(x, RG_LA_DROP_CONSTRAINT, NULL, a->constraint)))
			missing(x, s, rg_arena_printf(ar, "the primary key of %s is not dropped", s->table));
		break;
	default:
		break;
	}
}

void rg_lint_undo(struct rg_lint_ctx *x)
{
	if (x->nup && !x->ndown) {
		const char *saved = x->section;
		x->section = "downgrade";
		rg_lint_add(x, x->rev->downgrade_line ? x->rev->downgrade_line : x->up[0].line,
			    "downgrade-mismatch", -1,
			    "downgrade() is empty: nothing undoes the upgrade");
		x->section = saved;
	} else {
		for (size_t i = 0; i < x->nup; i++) {
			const struct rg_lint_stmt *s = &x->up[i];
			struct rg_arena *ar = x->l->arena;
			if (x->role[i] == ROLE_PART)
				continue;
			switch (s->kind) {
			case RG_LK_CREATE_TABLE:
				if (!down_replaces(x, s->table) && !s->temporary)
					missing(x, s, rg_arena_printf(ar, "table %s is not dropped", s->table));
				break;
			case RG_LK_DROP_TABLE:
				/* a rebuild is one change of the table (rules.c)
				 * whose columns the file does not list as changes:
				 * a downgrade that changes the table at all (drops
				 * the column a rebuild added, rebuilds it back)
				 * undoes it */
				if (x->role[i] == ROLE_REBUILD) {
					if (!down_touches(x, s->table))
						missing(x, s, rg_arena_printf(ar, "table %s is not changed back",
									      s->table));
					break;
				}
				if (!down_stmt(x, RG_LK_CREATE_TABLE, s->table, NULL) &&
				    !down_renames(x, NULL, s->table))
					missing(x, s, rg_arena_printf(ar, "table %s is not created again", s->table));
				break;
			case RG_LK_RENAME_TABLE:
				if (!down_renames(x, s->object, s->table))
					missing(x, s, rg_arena_printf(ar, "table %s is not renamed back to %s",
								      s->object, s->table));
				break;
			case RG_LK_CREATE_INDEX:
				/* (a constraint made USING INDEX takes the index with it) */
				if (s->object && !down_stmt(x, RG_LK_DROP_INDEX, NULL, s->object) &&
				    !down_act(x, RG_LA_DROP_INDEX, NULL, s->object) &&
				    !down_act(x, RG_LA_DROP_CONSTRAINT, NULL, s->object) &&
				    !down_replaces(x, s->table))
					missing(x, s, rg_arena_printf(ar, "index %s is not dropped", s->object));
				break;
			case RG_LK_DROP_INDEX:
				if (!down_stmt(x, RG_LK_CREATE_INDEX, NULL, s->object) &&
				    !down_act(x, RG_LA_ADD_INDEX, NULL, s->object) &&
				    !down_act(x, RG_LA_ADD_UNIQUE, NULL, s->object))
					missing(x, s, rg_arena_printf(ar, "index %s is not created again", s->object));
				break;
			case RG_LK_ALTER_TABLE:
				for (size_t k = 0; k < s->nacts; k++)
					action_undone(x, i, &s->acts[k]);
				break;
			default:
				break;
			}
		}
	}
	for (size_t i = 0; i < x->nign; i++)
		if (!x->ign[i].reason)
			rg_lint_add(x, x->ign[i].line, "ignore-no-reason", -1,
				    "this lint-ignore comment gives no reason, so it silences nothing");
}
