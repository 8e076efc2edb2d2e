/*
 * diagram.c - a schema as an ER diagram in Mermaid or dot (diagram.h).
 *
 * Names are whatever the database allows, and both languages have words
 * of their own, so every name is quoted in the form each language takes:
 * Mermaid's quoted entity names and backquoted attribute words (its
 * grammar, erDiagram.jison, says which characters each may hold), dot's
 * quoted IDs and HTML-like labels with the entities of HTML.
 */
#include <stdlib.h>
#include <string.h>

#include "emit/diagram.h"

bool rg_diagram_format_parse(const char *name, enum rg_diagram_format *out)
{
	if (strcmp(name, "mermaid") == 0)
		*out = RG_DIAGRAM_MERMAID;
	else if (strcmp(name, "dot") == 0)
		*out = RG_DIAGRAM_DOT;
	else
		return false;
	return true;
}

/* ---- what a column is in the keys ---- */

static bool in_list(const char *const *cols, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(cols[i], name) == 0)
			return true;
	return false;
}

static bool is_fk(const struct rg_table *t, const char *name)
{
	for (size_t i = 0; i < t->nfks; i++)
		if (in_list(t->fks[i]->cols, t->fks[i]->ncols, name))
			return true;
	return false;
}

/* Unique alone: a one-column unique constraint or unique index on it. */
static bool is_uk(const struct rg_table *t, const char *name)
{
	for (size_t i = 0; i < t->nuniques; i++)
		if (t->uniques[i]->ncols == 1 && strcmp(t->uniques[i]->cols[0], name) == 0)
			return true;
	for (size_t i = 0; i < t->nindexes; i++) {
		const struct rg_index *x = t->indexes[i];
		if (x->unique && !x->where && x->ncols == 1 && rg_index_plain(x) &&
		    strcmp(x->cols[0], name) == 0)
			return true;
	}
	return false;
}

/* "PK", "PK, FK"...: the markers of the column, "" for none. */
static void key_markers(struct rg_buf *out, const struct rg_table *t, const char *name)
{
	const char *sep = "";
	if (t->pk && in_list(t->pk->cols, t->pk->ncols, name)) {
		rg_buf_add(out, "PK");
		sep = ", ";
	}
	if (is_fk(t, name)) {
		rg_buf_addf(out, "%sFK", sep);
		sep = ", ";
	}
	if (is_uk(t, name))
		rg_buf_addf(out, "%sUK", sep);
}

/* Whether any column of the key may be NULL: the row then references
 * nothing, zero or one. */
static bool fk_optional(const struct rg_table *t, const struct rg_fk *fk)
{
	for (size_t i = 0; i < fk->ncols; i++) {
		const struct rg_column *c = rg_table_find_column(t, fk->cols[i]);
		if (c && !c->not_null)
			return true;
	}
	return false;
}

/* Each column of t in order, with its type in this dialect and its key
 * markers: what both languages draw of a column, each in its own form. */
typedef void column_fn(struct rg_buf *out, const struct rg_table *t, size_t i,
		       const char *type, const char *keys);

static void each_column(struct rg_buf *out, const struct rg_compare *cmp,
			const struct rg_table *t, column_fn *draw)
{
	struct rg_buf type = RG_BUF_INIT, keys = RG_BUF_INIT;
	for (size_t i = 0; i < t->ncolumns; i++) {
		rg_buf_reset(&type);
		rg_buf_reset(&keys);
		cmp->render_type(&type, t->columns[i]);
		key_markers(&keys, t, t->columns[i]->name);
		draw(out, t, i, rg_buf_str(&type), rg_buf_str(&keys));
	}
	rg_buf_free(&type);
	rg_buf_free(&keys);
}

/* ---- Mermaid ---- */

/* A quoted entity name: the grammar's ENTITY_NAME takes any character but
 * '"', '%', '\\' and line breaks (those become '_'). */
static void mermaid_entity(struct rg_buf *out, const char *name)
{
	rg_buf_addc(out, '"');
	for (const char *p = name; *p; p++)
		rg_buf_addc(out, strchr("\"%\\\r\n\v\b", *p) ? '_' : *p);
	rg_buf_addc(out, '"');
}

/* An attribute word: bare when the grammar's ATTRIBUTE_WORD reads it
 * whole and it is not a key word (PK, FK, UK, in any case), else in
 * backquotes, which take anything but a backquote. */
static void mermaid_word(struct rg_buf *out, const char *w)
{
	bool bare = (*w >= 'A' && *w <= 'Z') || (*w >= 'a' && *w <= 'z') || *w == '_';
	for (const char *p = w; bare && *p; p++)
		bare = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		       (*p >= '0' && *p <= '9') || strchr("_-[]().,", *p);
	/* the lexer reads a key word wherever PK, FK or UK ends at a non-word
	 * character ("pk", "fk-x", "uk(1)") */
	char k[3] = {w[0] & ~0x20, w[0] ? w[1] & ~0x20 : 0, 0};
	bool word_after = w[0] && w[1] && ((w[2] >= 'A' && w[2] <= 'Z') ||
					   (w[2] >= 'a' && w[2] <= 'z') ||
					   (w[2] >= '0' && w[2] <= '9') || w[2] == '_');
	if (bare && !word_after && (!strcmp(k, "PK") || !strcmp(k, "FK") || !strcmp(k, "UK")))
		bare = false;
	if (bare) {
		rg_buf_add(out, w);
		return;
	}
	rg_buf_addc(out, '`');
	for (const char *p = w; *p; p++)
		rg_buf_addc(out, *p == '`' ? '\'' : (*p == '\n' || *p == '\r') ? ' ' : *p);
	rg_buf_addc(out, '`');
}

static void mermaid_column(struct rg_buf *out, const struct rg_table *t, size_t i,
			   const char *type, const char *keys)
{
	const struct rg_column *c = t->columns[i];
	rg_buf_add(out, "        ");
	mermaid_word(out, type);
	rg_buf_addc(out, ' ');
	mermaid_word(out, c->name);
	if (*keys)
		rg_buf_addf(out, " %s", keys);
	if (c->not_null && !(t->pk && in_list(t->pk->cols, t->pk->ncols, c->name)))
		rg_buf_add(out, " \"NOT NULL\"");
	rg_buf_addc(out, '\n');
}

static void mermaid_table(struct rg_buf *out, const struct rg_compare *cmp,
			  const struct rg_table *t)
{
	rg_buf_add(out, "    ");
	mermaid_entity(out, t->name);
	rg_buf_add(out, " {\n");
	each_column(out, cmp, t, mermaid_column);
	rg_buf_add(out, "    }\n");
}

/* child }o--|| parent : "user_id": many rows to one (zero or one when the
 * key may be NULL); the role is the key's columns, a WORD of the grammar
 * (no '"' inside). */
static void mermaid_fk(struct rg_buf *out, const struct rg_table *t, const struct rg_fk *fk)
{
	rg_buf_add(out, "    ");
	mermaid_entity(out, t->name);
	rg_buf_add(out, fk_optional(t, fk) ? " }o--o| " : " }o--|| ");
	mermaid_entity(out, fk->ref_table);
	rg_buf_add(out, " : \"");
	for (size_t i = 0; i < fk->ncols; i++)
		for (const char *p = fk->cols[i]; *p; p++)
			rg_buf_addc(out, strchr("\"\r\n", *p) ? '_' : *p);
	rg_buf_add(out, "\"\n");
}

/* ---- dot ---- */

/* A dot ID in double quotes: '"' and '\\' escaped. */
static void dot_id(struct rg_buf *out, const char *s)
{
	rg_buf_addc(out, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			rg_buf_addc(out, '\\');
		rg_buf_addc(out, *p);
	}
	rg_buf_addc(out, '"');
}

/* Text inside an HTML-like label. */
static void dot_html(struct rg_buf *out, const char *s)
{
	for (const char *p = s; *p; p++)
		switch (*p) {
		case '&': rg_buf_add(out, "&amp;"); break;
		case '<': rg_buf_add(out, "&lt;"); break;
		case '>': rg_buf_add(out, "&gt;"); break;
		case '"': rg_buf_add(out, "&quot;"); break;
		case '\n': case '\r': rg_buf_addc(out, ' '); break;
		default: rg_buf_addc(out, *p);
		}
}

static void dot_column(struct rg_buf *out, const struct rg_table *t, size_t i,
		       const char *type, const char *keys)
{
	/* ports by position: a column's name may hold any character */
	rg_buf_addf(out, "    <TR><TD PORT=\"c%zu\" ALIGN=\"LEFT\">", i);
	dot_html(out, t->columns[i]->name);
	rg_buf_add(out, "</TD><TD ALIGN=\"LEFT\">");
	dot_html(out, type);
	if (t->columns[i]->not_null)
		rg_buf_add(out, " NOT NULL");
	rg_buf_addf(out, "</TD><TD>%s</TD></TR>\n", keys);
}

static void dot_table(struct rg_buf *out, const struct rg_compare *cmp,
		      const struct rg_table *t)
{
	rg_buf_add(out, "  ");
	dot_id(out, t->name);
	rg_buf_add(out, " [label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" "
		   "CELLPADDING=\"4\">\n    <TR><TD COLSPAN=\"3\" BGCOLOR=\"lightgrey\"><B>");
	dot_html(out, t->name);
	rg_buf_add(out, "</B></TD></TR>\n");
	each_column(out, cmp, t, dot_column);
	rg_buf_add(out, "  </TABLE>>];\n");
}

/* The edge from the key's first column to the column it references, or
 * between the tables when that column is not drawn. */
static void dot_fk(struct rg_buf *out, const struct rg_table *t, const struct rg_fk *fk,
		   const struct rg_table *ref)
{
	long from = fk->ncols ? rg_table_column_index(t, fk->cols[0]) : -1;
	long to = ref && fk->ncols ? rg_table_column_index(ref, fk->ref_cols[0]) : -1;
	rg_buf_add(out, "  ");
	dot_id(out, t->name);
	if (from >= 0)
		rg_buf_addf(out, ":\"c%ld\"", from);
	rg_buf_add(out, " -> ");
	dot_id(out, fk->ref_table);
	if (to >= 0)
		rg_buf_addf(out, ":\"c%ld\"", to);
	rg_buf_add(out, " [label=");
	struct rg_buf cols = RG_BUF_INIT;
	for (size_t i = 0; i < fk->ncols; i++)
		rg_buf_addf(&cols, "%s%s", i ? ", " : "", fk->cols[i]);
	dot_id(out, rg_buf_str(&cols));
	rg_buf_free(&cols);
	rg_buf_add(out, fk_optional(t, fk) ? ", style=dashed];\n" : "];\n");
}

/* ---- both ---- */

/* Whether the table of that name is drawn in full. */
static const struct rg_table *drawn(const struct rg_schema *s, const bool *only,
				    const char *name)
{
	for (size_t i = 0; i < s->ntables; i++)
		if ((!only || only[i]) && strcmp(s->tables[i]->name, name) == 0)
			return s->tables[i];
	return NULL;
}

void rg_diagram_render(struct rg_buf *out, enum rg_diagram_format f,
		       const struct rg_compare *cmp, const struct rg_schema *s,
		       const bool *only)
{
	bool mermaid = f == RG_DIAGRAM_MERMAID;
	rg_buf_add(out, mermaid ? "erDiagram\n"
				: "digraph schema {\n  graph [rankdir=LR];\n"
				  "  node [shape=plaintext, fontname=\"Helvetica\"];\n"
				  "  edge [fontname=\"Helvetica\", fontsize=10];\n");
	for (size_t i = 0; i < s->ntables; i++)
		if (!only || only[i])
			(mermaid ? mermaid_table : dot_table)(out, cmp, s->tables[i]);
	/* the tables referenced from those drawn, not drawn themselves: by
	 * name, each once (Mermaid draws an entity it meets in an edge) */
	const char **refs = NULL;
	size_t nrefs = 0, cap = 0;
	for (size_t i = 0; !mermaid && i < s->ntables; i++)
		for (size_t k = 0; (!only || only[i]) && k < s->tables[i]->nfks; k++) {
			const char *ref = s->tables[i]->fks[k]->ref_table;
			bool seen = drawn(s, only, ref) != NULL;
			for (size_t j = 0; !seen && j < nrefs; j++)
				seen = strcmp(refs[j], ref) == 0;
			if (seen)
				continue;
			rg_grow((void **)&refs, &cap, nrefs + 1, sizeof(*refs));
			refs[nrefs++] = ref;
			rg_buf_add(out, "  ");
			dot_id(out, ref);
			rg_buf_add(out, " [shape=box, style=dashed];\n");
		}
	free(refs);
	for (size_t i = 0; i < s->ntables; i++) {
		const struct rg_table *t = s->tables[i];
		for (size_t k = 0; (!only || only[i]) && k < t->nfks; k++) {
			if (mermaid)
				mermaid_fk(out, t, t->fks[k]);
			else
				dot_fk(out, t, t->fks[k], drawn(s, only, t->fks[k]->ref_table));
		}
	}
	if (!mermaid)
		rg_buf_add(out, "}\n");
}
