/*
 * split.c - splits a section of a revision file into statements on ';',
 * except where the ';' is inside a quote, a comment, a dollar quote or a
 * trigger body.  One pass, no backtracking.
 *
 * Square brackets are not taken as quotes: they are SQLite/T-SQL identifier
 * quotes but PostgreSQL array subscripts, and a ';' inside an identifier is
 * rare enough to ask for "..." instead.  MySQL's client-side DELIMITER is
 * not supported either: it is not SQL.
 */
#include "emit/split.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void rg_stmts_free(struct rg_stmt *s, size_t n)
{
	if (!s)
		return;
	for (size_t i = 0; i < n; i++)
		free(s[i].sql);
	free(s);
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

/* Case-insensitive match of a whole word at p. */
static bool word_at(const char *start, const char *p, const char *word)
{
	size_t n = strlen(word);
	if (strncasecmp(p, word, n) != 0)
		return false;
	if (p > start && ident_char(p[-1]))
		return false;
	return !ident_char(p[n]);
}

static unsigned count_lines(const char *from, const char *to)
{
	unsigned n = 0;
	for (; from < to; from++)
		if (*from == '\n')
			n++;
	return n;
}

/* Appends the statement [s, e) trimmed, if it has any SQL in it. */
static void push(struct rg_stmt **out, size_t *n, size_t *cap, const char *s,
		 const char *e, unsigned line, bool has_sql)
{
	if (!has_sql)
		return;
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	rg_grow((void **)out, cap, *n + 1, sizeof(struct rg_stmt));
	(*out)[*n].sql = rg_xstrndup(s, (size_t)(e - s));
	(*out)[*n].line = line;
	(*n)++;
}

int rg_split_sql(struct rg_stmt **out, size_t *n, const char *sql,
		 unsigned first_line, struct rg_error *err)
{
	struct rg_stmt *v = NULL;
	size_t nv = 0, cap = 0;
	const char *stmt = sql;      /* start of the current statement */
	unsigned stmt_line = 0;      /* line of its first SQL token */
	bool has_sql = false;
	/* trigger bodies: after CREATE ... TRIGGER, BEGIN opens a block that
	 * only its END closes; CASE ... END nests inside */
	bool create = false, trigger = false;
	int depth = 0;
	const char *p = sql;

#define LINE_AT(ptr) (first_line + count_lines(sql, (ptr)))
#define MARK_SQL()                                        \
	do {                                              \
		if (!has_sql) {                           \
			has_sql = true;                   \
			stmt_line = LINE_AT(p);           \
		}                                         \
	} while (0)

	while (*p) {
		char c = *p;
		if (c == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (c == '/' && p[1] == '*') {
			const char *open = p;
			int nest = 1; /* PostgreSQL nests block comments */
			p += 2;
			while (*p && nest > 0) {
				if (p[0] == '/' && p[1] == '*') {
					nest++;
					p += 2;
				} else if (p[0] == '*' && p[1] == '/') {
					nest--;
					p += 2;
				} else {
					p++;
				}
			}
			if (nest > 0) {
				rg_error_set(err, "line %u: unterminated /* comment", LINE_AT(open));
				goto fail;
			}
			continue;
		}
		if (c == '\'' || c == '"' || c == '`') {
			MARK_SQL();
			const char *open = p;
			/* E'...' (PostgreSQL) takes backslash escapes */
			bool backslash = c == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e') &&
					 (p - 1 == sql || !ident_char(p[-2]));
			p++;
			for (;;) {
				if (!*p) {
					rg_error_set(err, "line %u: unterminated %c quote", LINE_AT(open), c);
					goto fail;
				}
				if (backslash && *p == '\\' && p[1]) {
					p += 2;
					continue;
				}
				if (*p == c) {
					if (p[1] == c) { /* doubled: an escaped quote */
						p += 2;
						continue;
					}
					p++;
					break;
				}
				p++;
			}
			continue;
		}
		if (c == '$' && (p == sql || !ident_char(p[-1]))) {
			/* $tag$ ... $tag$ ; $1 is a parameter, not a quote */
			const char *t = p + 1;
			while (*t && (isalnum((unsigned char)*t) || *t == '_'))
				t++;
			if (*t == '$' && !isdigit((unsigned char)p[1])) {
				MARK_SQL();
				size_t tlen = (size_t)(t - p + 1);
				const char *close = NULL;
				for (const char *q = t + 1; *q; q++)
					if (*q == '$' && strncmp(q, p, tlen) == 0) {
						close = q;
						break;
					}
				if (!close) {
					rg_error_set(err, "line %u: unterminated dollar quote %.*s",
						     LINE_AT(p), (int)tlen, p);
					goto fail;
				}
				p = close + tlen;
				continue;
			}
		}
		if (ident_char(c) && (p == sql || !ident_char(p[-1]))) {
			MARK_SQL();
			if (word_at(sql, p, "CREATE"))
				create = true;
			else if (create && word_at(sql, p, "TRIGGER"))
				trigger = true;
			else if (trigger && (word_at(sql, p, "BEGIN") || word_at(sql, p, "CASE")))
				depth++;
			else if (trigger && depth > 0 && word_at(sql, p, "END"))
				depth--;
			while (ident_char(*p))
				p++;
			continue;
		}
		if (c == ';' && depth == 0) {
			push(&v, &nv, &cap, stmt, p, stmt_line, has_sql);
			p++;
			stmt = p;
			has_sql = false;
			create = trigger = false;
			continue;
		}
		if (!isspace((unsigned char)c))
			MARK_SQL();
		p++;
	}
	if (depth > 0) {
		rg_error_set(err, "line %u: unterminated BEGIN ... END block", stmt_line);
		goto fail;
	}
	push(&v, &nv, &cap, stmt, p, stmt_line, has_sql);
	*out = v;
	*n = nv;
	return 0;
fail:
	rg_stmts_free(v, nv);
	return -1;
#undef LINE_AT
#undef MARK_SQL
}
