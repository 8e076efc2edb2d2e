/*
 * naming.c - the naming convention (naming.h), and the database's limit
 * on the length of a name, and how a database compares names.
 */
#include "diff/naming.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *const defaults[RG_NAMING__COUNT] = {
	[RG_NAMING_PK] = "pk_{table}",
	[RG_NAMING_FK] = "fk_{table}_{columns}_{ref_table}",
	[RG_NAMING_UQ] = "uq_{table}_{columns}",
	[RG_NAMING_IX] = "ix_{table}_{columns}",
	[RG_NAMING_CK] = "ck_{table}_{columns}",
};

/* The length of the field at s ("{table}" ...), 0 when s starts none. */
static size_t field_len(const char *s, const char *field)
{
	size_t n = strlen(field);
	return strncmp(s, field, n) == 0 ? n : 0;
}

/* True for a byte that continues a UTF-8 character. */
static bool continuation(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* s's length as d's limit counts it: bytes, or characters. */
static size_t name_len(const struct rg_compare *d, const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += !d->name_max_chars || !continuation(*s);
	return n;
}

/*
 * A name longer than d allows, made to fit as SQLAlchemy's naming
 * convention does: its start, cut between two characters, then '_' and 8
 * hex digits of a hash of the whole name (FNV-1a, 64 bits folded to 32:
 * fixed here, since the name must come out the same in every version), so
 * that two long names with one start stay two names and the same models
 * always give the same one.
 */
static const char *fit(struct rg_schema *s, const struct rg_compare *d, const char *name)
{
	if (!d || !d->name_max || name_len(d, name) <= d->name_max)
		return name;
	uint64_t h = rg_hash_str(RG_HASH_SEED, name);
	size_t keep = d->name_max - 9, cut = 0, n = 0;
	for (size_t i = 0; name[i]; i++) {
		if (continuation(name[i]))
			continue;
		/* the character at i starts here and ends before the next
		 * one starts */
		size_t end = i + 1;
		while (name[end] && continuation(name[end]))
			end++;
		n += d->name_max_chars ? 1 : end - i;
		if (n > keep)
			break;
		cut = end;
	}
	return rg_arena_printf(s->arena, "%.*s_%08x", (int)cut, name,
			       (unsigned)(uint32_t)(h ^ (h >> 32)));
}

static const char *make_name(struct rg_schema *s, char *const *conv_of,
			     enum rg_naming_kind k, const char *table,
			     const char *const *cols, size_t ncols,
			     const char *ref_table, const struct rg_compare *d)
{
	const char *conv = conv_of && conv_of[k] ? conv_of[k] : defaults[k];
	struct rg_buf b = RG_BUF_INIT;
	for (const char *p = conv; *p;) {
		size_t len;
		if ((len = field_len(p, "{table}"))) {
			rg_buf_add(&b, rg_unqualified(table));
		} else if ((len = field_len(p, "{columns}"))) {
			for (size_t i = 0; i < ncols; i++) {
				if (i)
					rg_buf_addc(&b, '_');
				rg_buf_add(&b, cols[i]);
			}
		} else if ((len = field_len(p, "{ref_table}"))) {
			rg_buf_add(&b, ref_table ? rg_unqualified(ref_table) : "");
		} else {
			/* config.c let no other field through: text */
			rg_buf_addc(&b, *p);
			len = 1;
		}
		p += len;
	}
	const char *out = fit(s, d, rg_buf_str(&b));
	if (out == b.data)
		out = rg_arena_strdup(s->arena, out);
	rg_buf_free(&b);
	return out;
}

/*
 * A name the models wrote (a table's, a column's, one given with
 * RG_*_NAME or RG_CHECK) longer than d allows: an error at loc.
 * PostgreSQL would keep its first 63 bytes and `check` would never find
 * the name the models say; MySQL refuses it.
 */
static int too_long(const struct rg_compare *d, const char *what, const char *name,
		    const struct rg_loc *loc, struct rg_error *err)
{
	if (!d || !d->name_max || !name || name_len(d, name) <= d->name_max)
		return 0;
	return rg_error_set(err, "%s:%u:%u: the name of %s, %s, is %zu %s long; the "
			    "database keeps at most %zu: shorten it",
			    loc->file ? loc->file : "?", loc->line, loc->col, what, name,
			    name_len(d, name), d->name_max_chars ? "characters" : "bytes",
			    d->name_max);
}

static int check_written(const struct rg_compare *d, const struct rg_table *t,
			 struct rg_error *err)
{
	if (too_long(d, "a table", rg_unqualified(t->name), &t->loc, err) < 0)
		return -1;
	for (size_t k = 0; k < t->ncolumns; k++)
		if (too_long(d, "a column", t->columns[k]->name, &t->columns[k]->loc, err) < 0)
			return -1;
	/* a primary key's name is kept only where the catalog keeps it */
	if (t->pk && t->pk->named && (d->caps & RG_CAP_NAMED_PK) &&
	    too_long(d, "a primary key", t->pk->name, &t->loc, err) < 0)
		return -1;
	for (size_t k = 0; k < t->nfks; k++)
		if (t->fks[k]->named &&
		    too_long(d, "a foreign key", t->fks[k]->name, &t->fks[k]->loc, err) < 0)
			return -1;
	for (size_t k = 0; k < t->nuniques; k++)
		if (t->uniques[k]->named &&
		    too_long(d, "a unique key", t->uniques[k]->name, &t->uniques[k]->loc, err) < 0)
			return -1;
	for (size_t k = 0; k < t->nindexes; k++)
		if (t->indexes[k]->named &&
		    too_long(d, "an index", t->indexes[k]->name, &t->indexes[k]->loc, err) < 0)
			return -1;
	for (size_t k = 0; k < t->nchecks; k++)
		if (t->checks[k]->named &&
		    too_long(d, "a check", t->checks[k]->name, &t->checks[k]->loc, err) < 0)
			return -1;
	return 0;
}

int rg_schema_apply_naming(struct rg_schema *s, char *const *n,
			   const struct rg_compare *d, struct rg_error *err)
{
	for (size_t i = 0; i < s->ntables; i++) {
		struct rg_table *t = s->tables[i];
		if (d && check_written(d, t, err) < 0)
			return -1;
		if (t->pk && !t->pk->name && !t->pk->named)
			t->pk->name = make_name(s, n, RG_NAMING_PK, t->name, t->pk->cols,
						t->pk->ncols, NULL, d);
		for (size_t k = 0; k < t->nfks; k++) {
			struct rg_fk *f = t->fks[k];
			if (!f->name && !f->named)
				f->name = make_name(s, n, RG_NAMING_FK, t->name, f->cols,
						    f->ncols, f->ref_table, d);
		}
		for (size_t k = 0; k < t->nuniques; k++) {
			struct rg_unique *u = t->uniques[k];
			if (!u->name && !u->named)
				u->name = make_name(s, n, RG_NAMING_UQ, t->name, u->cols,
						    u->ncols, NULL, d);
		}
		for (size_t k = 0; k < t->nindexes; k++) {
			struct rg_index *x = t->indexes[k];
			if (!x->name && !x->named)
				x->name = make_name(s, n, RG_NAMING_IX, t->name, x->cols,
						    x->ncols, NULL, d);
		}
		/* a check has no column list: its {columns} is its number
		 * among the table's unnamed checks (in rg_schema_sort's
		 * order, by expression, so the same models give the same
		 * names) */
		unsigned nth = 0;
		for (size_t k = 0; k < t->nchecks; k++) {
			struct rg_check *ck = t->checks[k];
			if (ck->name || ck->named)
				continue;
			char num[24];
			snprintf(num, sizeof(num), "%u", ++nth);
			const char *col = num;
			ck->name = make_name(s, n, RG_NAMING_CK, t->name, &col, 1, NULL, d);
		}
	}
	rg_schema_sort(s);
	return 0;
}

/* ---- names as a database compares them (diff/compare.h) ---- */

/* ASCII only: SQLite folds no other letter, and MySQL's folding of the
 * others depends on the character set of its data dictionary. */
static int fold(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : (unsigned char)c;
}

int rg_name_cmp(enum rg_name_rule r, const char *a, const char *b)
{
	if (r == RG_NAMES_EXACT)
		return strcmp(a, b);
	for (;; a++, b++) {
		if (*a == *b) {
			if (!*a)
				return 0;
			continue;
		}
		int x = fold(*a), y = fold(*b);
		if (x != y)
			return x - y;
	}
}

bool rg_name_same(enum rg_name_rule r, const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return rg_name_cmp(r, a, b) == 0;
}
