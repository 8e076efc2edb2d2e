/*
 * enums.c - see enums.h.
 */
#include <stdlib.h>
#include <string.h>

#include "diff/enums.h"

/* A column's type as d compares it: the canonical text of its spelling. */
static void canon_column(const struct rg_compare *d, const struct rg_column *c, struct rg_buf *out)
{
	struct rg_buf spelled = RG_BUF_INIT;
	if (c->generic)
		d->render_type(&spelled, c);
	else
		rg_buf_add(&spelled, c->type ? c->type : "");
	d->canon_type(out, rg_buf_str(&spelled));
	rg_buf_free(&spelled);
}

/* The columns of s whose type is the type named e, by what d compares:
 * a C enum's column, an RG_TYPE naming it, a catalog's column. */
struct users {
	size_t n, cap;
	struct user {
		const struct rg_table *t;
		const struct rg_column *c;
	} *v;
};

static void find_users(const struct rg_compare *d, const struct rg_schema *s, const char *e,
		       struct users *u)
{
	struct rg_buf want = RG_BUF_INIT, have = RG_BUF_INIT;
	struct rg_column probe = {.type = "ENUM", .generic = true, .enum_name = e};
	canon_column(d, &probe, &want);
	for (size_t i = 0; i < s->ntables; i++)
		for (size_t k = 0; k < s->tables[i]->ncolumns; k++) {
			const struct rg_column *c = s->tables[i]->columns[k];
			rg_buf_reset(&have);
			canon_column(d, c, &have);
			if (strcmp(rg_buf_str(&have), rg_buf_str(&want)) != 0)
				continue;
			rg_grow((void **)&u->v, &u->cap, u->n + 1, sizeof(*u->v));
			u->v[u->n++] = (struct user){s->tables[i], c};
		}
	rg_buf_free(&want);
	rg_buf_free(&have);
}

static long label_at(const struct rg_enum *e, const char *label)
{
	for (size_t i = 0; i < e->nlabels; i++)
		if (strcmp(e->labels[i], label) == 0)
			return (long)i;
	return -1;
}

/* True when text has label as an SQL string literal: 'it''s'. */
static bool names_label(const char *text, const char *label)
{
	if (!text)
		return false;
	struct rg_buf lit = RG_BUF_INIT;
	rg_buf_addc(&lit, '\'');
	for (const char *p = label; *p; p++) {
		if (*p == '\'')
			rg_buf_addc(&lit, '\'');
		rg_buf_addc(&lit, *p);
	}
	rg_buf_addc(&lit, '\'');
	bool found = strstr(text, rg_buf_str(&lit)) != NULL;
	rg_buf_free(&lit);
	return found;
}

/* Whether what t's side adds to f's labels can be added in place (see
 * struct rg_enum's add_values): f's labels in t's order, and no default
 * or check of s (t's side) names a label f lacks. */
static bool adds_in_place(const struct rg_enum *f, const struct rg_enum *t,
			  const struct rg_schema *s)
{
	long last = -1;
	for (size_t i = 0; i < f->nlabels; i++) {
		long at = label_at(t, f->labels[i]);
		if (at <= last)
			return false;
		last = at;
	}
	for (size_t i = 0; i < t->nlabels; i++) {
		if (label_at(f, t->labels[i]) >= 0)
			continue;
		for (size_t k = 0; k < s->ntables; k++) {
			const struct rg_table *tb = s->tables[k];
			for (size_t j = 0; j < tb->ncolumns; j++)
				if (names_label(tb->columns[j]->default_expr, t->labels[i]))
					return false;
			for (size_t j = 0; j < tb->nchecks; j++)
				if (names_label(tb->checks[j]->expr, t->labels[i]))
					return false;
		}
	}
	return true;
}

/* The column of `other` that the database's column c of table t is: the
 * same names, or the ones the models renamed them to. */
static const struct rg_column *counterpart(const struct rg_schema *other, const struct rg_table *t,
					   const struct rg_column *c)
{
	for (size_t i = 0; i < other->ntables; i++) {
		const struct rg_table *o = other->tables[i];
		if (strcmp(o->name, t->name) != 0 && !(o->renamed_from && strcmp(o->renamed_from, t->name) == 0))
			continue;
		for (size_t k = 0; k < o->ncolumns; k++) {
			const struct rg_column *oc = o->columns[k];
			if (strcmp(oc->name, c->name) == 0 ||
			    (oc->renamed_from && strcmp(oc->renamed_from, c->name) == 0))
				return oc;
		}
	}
	return NULL;
}

/* A copy of e in arena that renders as the target of an ALTER_TYPE: the
 * database's columns that use the type (db_users), each with the default
 * of side s (the database's own when s is the database's side). */
static struct rg_enum *target_copy(struct rg_arena *arena, const struct rg_enum *e,
				   const struct rg_enum *other, const struct users *db_users,
				   const struct rg_schema *s, bool db_side)
{
	struct rg_enum *cp = rg_arena_alloc(arena, sizeof(*cp));
	*cp = *e;
	cp->nusers = db_users->n;
	cp->nuser_tables = cp->cap_user_tables = db_users->n;
	cp->user_tables = rg_arena_alloc(arena, (db_users->n + 1) * sizeof(*cp->user_tables));
	cp->user_columns = rg_arena_alloc(arena, (db_users->n + 1) * sizeof(char *));
	cp->user_defaults = rg_arena_alloc(arena, (db_users->n + 1) * sizeof(char *));
	for (size_t i = 0; i < db_users->n; i++) {
		const struct rg_column *c = db_users->v[i].c;
		/* (nothing changes a table through the differ's copy) */
		cp->user_tables[i] = (struct rg_table *)db_users->v[i].t;
		cp->user_columns[i] = c->name;
		if (!db_side)
			c = counterpart(s, db_users->v[i].t, c);
		cp->user_defaults[i] = c ? c->default_expr : NULL;
	}
	cp->add_values = adds_in_place(other, e, s);
	return cp;
}

void rg_diff_enums(const struct rg_schema *from, const struct rg_schema *to,
		   const struct rg_compare *d, struct rg_arena *arena,
		   struct rg_op **pre, size_t *npre, struct rg_op **post, size_t *npost)
{
	size_t cap_pre = 0, cap_post = 0;
	*pre = *post = NULL;
	*npre = *npost = 0;
	if (!(d->caps & RG_CAP_ENUM_TYPES))
		return;
	for (size_t i = 0; i < to->nenums; i++) {
		const struct rg_enum *t = to->enums[i];
		const struct rg_enum *f = rg_schema_find_enum(from, t->name);
		if (!f) {
			rg_op_push(pre, npre, &cap_pre, RG_OP_CREATE_TYPE, NULL, t);
			continue;
		}
		if (rg_names_equal(f->labels, f->nlabels, t->labels, t->nlabels))
			continue;
		struct users u = {0, 0, NULL};
		find_users(d, from, t->name, &u);
		rg_op_push(pre, npre, &cap_pre, RG_OP_ALTER_TYPE,
		     target_copy(arena, f, t, &u, from, true),
		     target_copy(arena, t, f, &u, to, false));
		free(u.v);
	}
	for (size_t i = 0; i < from->nenums; i++) {
		const struct rg_enum *f = from->enums[i];
		if (rg_schema_find_enum(to, f->name))
			continue;
		struct users db = {0, 0, NULL}, models = {0, 0, NULL};
		find_users(d, from, f->name, &db);
		if (db.n)
			find_users(d, to, f->name, &models);
		if (db.n && !models.n)
			rg_op_push(post, npost, &cap_post, RG_OP_DROP_TYPE, f, NULL);
		free(db.v);
		free(models.v);
	}
}

void rg_enum_classify(struct rg_op *op, struct rg_arena *arena)
{
	if (op->kind != RG_OP_ALTER_TYPE)
		return;
	const struct rg_enum *f = op->from, *t = op->to;
	struct rg_buf gone = RG_BUF_INIT;
	for (size_t i = 0; i < f->nlabels; i++)
		if (label_at(t, f->labels[i]) < 0)
			rg_buf_addf(&gone, "%s'%s'", gone.len ? ", " : "", f->labels[i]);
	if (gone.len) {
		op->destructive = true;
		op->warning = rg_arena_printf(arena, "remakes type %s without %s: fails if a row holds it",
					      t->name, rg_buf_str(&gone));
	}
	rg_buf_free(&gone);
}
