/*
 * split.c - splits a section of a revision file into statements on ';',
 * except where the ';' is inside a quote, a comment, a dollar quote,
 * parentheses or the BEGIN ... END body of a trigger or routine.  One pass
 * over the text, no backtracking, line numbers counted as it goes (a
 * section can hold thousands of statements).
 *
 * What is recognised, and why some things are not:
 * - '...' with '' inside; E'...' (PostgreSQL) also takes backslash escapes.
 *   Other strings do not: backslash escapes in plain '...' are a MySQL
 *   default the splitter cannot know about, so MySQL revisions must double
 *   their quotes ('it''s'), which every dialect accepts.
 * - "..." and `...` identifiers with doubled quotes.
 * - Square brackets are not quotes: they are SQLite/T-SQL identifier quotes
 *   but PostgreSQL array subscripts, and a ';' inside an identifier is rare
 *   enough to ask for "..." instead.
 * - -- comments to the end of the line, and / * * / comments, which nest as
 *   in PostgreSQL.  MySQL's # comments are not comments here (# is an
 *   operator in PostgreSQL): write -- instead.
 * - $$...$$ and $tag$...$tag$; $1 is a parameter, a$b$ an identifier.
 * - A ';' inside parentheses does not end a statement (as in psql: rule
 *   actions are lists in parentheses).
 * - In CREATE TRIGGER / PROCEDURE / FUNCTION / EVENT, a BEGIN ... END body
 *   keeps its ';'s; CASE ... END nests inside it, and END IF / END LOOP /
 *   END WHILE / END REPEAT close blocks that never opened one.
 * - MySQL's client-side DELIMITER command is not supported: it is not SQL,
 *   and the body rule above makes it unnecessary.
 *
 * A statement's text runs from its first token to its last: comments before
 * it (and after it, up to the ';') are left out, comments inside it stay.
 */
#include "runner/split.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void rg_stmts_free(struct rg_stmt *s, size_t n)
{
	if (!s)
		return;
	for (size_t i = 0; i < n; i++)
		free(s[i].sql);
	free(s);
}

/* Identifier characters; bytes >= 0x80 are parts of UTF-8 letters, which
 * PostgreSQL and MySQL accept in unquoted names. */
static bool ident_char(char c)
{
	unsigned char u = (unsigned char)c;
	return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
	       (u >= '0' && u <= '9') || u == '_' || u >= 0x80;
}

static bool space_char(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static bool word_is(const char *w, size_t n, const char *kw)
{
	return strlen(kw) == n && strncasecmp(w, kw, n) == 0;
}

static bool word_in(const char *w, size_t n, const char *const *set)
{
	for (; *set; set++)
		if (word_is(w, n, *set))
			return true;
	return false;
}

/* After CREATE, the first of these words says what is created. */
static const char *const routine_kinds[] = {
	"TRIGGER", "PROCEDURE", "FUNCTION", "EVENT", NULL,
};
static const char *const other_kinds[] = {
	"TABLE", "VIEW", "INDEX", "SEQUENCE", "SCHEMA", "TYPE", "DOMAIN",
	"EXTENSION", "DATABASE", "ROLE", "USER", "POLICY", "RULE", "AS", "ON",
	NULL,
};
/* END followed by one of these closes a block that did not count as one. */
static const char *const end_uncounted[] = {
	"IF", "LOOP", "WHILE", "REPEAT", NULL,
};

struct lexer {
	const char *p;
	unsigned line; /* the line *p is on */
	struct rg_error *err;
};

/* Skips a -- comment up to (not over) its newline. */
static void skip_line_comment(struct lexer *lx)
{
	while (*lx->p && *lx->p != '\n')
		lx->p++;
}

/* Skips a (nested) block comment starting at lx->p. */
static int skip_block_comment(struct lexer *lx)
{
	unsigned open_line = lx->line;
	int nest = 0;
	do {
		if (!*lx->p)
			return rg_error_set(lx->err, "line %u: unterminated /* comment",
					    open_line);
		if (lx->p[0] == '/' && lx->p[1] == '*') {
			nest++;
			lx->p += 2;
		} else if (lx->p[0] == '*' && lx->p[1] == '/') {
			nest--;
			lx->p += 2;
		} else {
			if (*lx->p == '\n')
				lx->line++;
			lx->p++;
		}
	} while (nest > 0);
	return 0;
}

/* Skips a quoted string or identifier opened by q at lx->p. */
static int skip_quoted(struct lexer *lx, bool backslash)
{
	char q = *lx->p;
	unsigned open_line = lx->line;
	lx->p++;
	for (;;) {
		char c = *lx->p;
		if (!c)
			return rg_error_set(lx->err, "line %u: unterminated %c quote",
					    open_line, q);
		if (backslash && c == '\\' && lx->p[1]) {
			if (lx->p[1] == '\n')
				lx->line++;
			lx->p += 2;
			continue;
		}
		if (c == '\n')
			lx->line++;
		lx->p++;
		if (c == q) {
			if (*lx->p != q) /* a doubled quote is an escaped one */
				return 0;
			lx->p++;
		}
	}
}

/* Length of the dollar-quote opener ($$ or $tag$) at p, or 0 when the $ at
 * p is something else ($1, or part of an operator). */
static size_t dollar_tag_len(const char *p)
{
	const char *t = p + 1;
	if (*t >= '0' && *t <= '9')
		return 0;
	while (ident_char(*t))
		t++;
	return *t == '$' ? (size_t)(t - p + 1) : 0;
}

static int skip_dollar_quoted(struct lexer *lx, size_t tlen)
{
	const char *tag = lx->p;
	unsigned open_line = lx->line;
	for (lx->p += tlen; *lx->p; lx->p++) {
		if (*lx->p == '\n')
			lx->line++;
		else if (*lx->p == '$' && strncmp(lx->p, tag, tlen) == 0) {
			lx->p += tlen;
			return 0;
		}
	}
	return rg_error_set(lx->err, "line %u: unterminated dollar quote %.*s",
			    open_line, (int)tlen, tag);
}

/* The next word after p, past spaces and comments (without reporting an
 * unterminated comment: the main loop gets to it). */
static const char *peek_word(const char *p, size_t *len)
{
	for (;;) {
		while (space_char(*p))
			p++;
		if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *close = strstr(p + 2, "*/");
			if (!close)
				break;
			p = close + 2;
		} else {
			break;
		}
	}
	const char *w = p;
	while (ident_char(*p))
		p++;
	*len = (size_t)(p - w);
	return w;
}

/* The statement being collected. */
struct stmt_state {
	const char *start, *end; /* first token, and just past the last one */
	unsigned line;           /* line of the first token */
	int parens;
	bool create;   /* first word is CREATE */
	bool decided;  /* the kind of object created is known */
	bool routine;  /* ... and it can have a BEGIN ... END body */
	int depth;     /* BEGIN/CASE nesting inside the body */
	bool end_case; /* the next word is the CASE of END CASE */
	unsigned body_line;
};

static void push(struct rg_stmt **out, size_t *n, size_t *cap,
		 const struct stmt_state *st)
{
	if (!st->start)
		return; /* only whitespace and comments */
	rg_grow((void **)out, cap, *n + 1, sizeof(struct rg_stmt));
	(*out)[*n].sql = rg_xstrndup(st->start, (size_t)(st->end - st->start));
	(*out)[*n].line = st->line;
	(*n)++;
}

/* Follows CREATE ... TRIGGER and the BEGIN ... END nesting of its body. */
static void note_word(struct stmt_state *st, const char *w, size_t n,
		      unsigned line)
{
	bool first = st->start == w;
	if (first) {
		st->create = word_is(w, n, "CREATE");
		return;
	}
	if (st->create && !st->decided && st->parens == 0) {
		if (word_in(w, n, routine_kinds))
			st->decided = st->routine = true;
		else if (word_in(w, n, other_kinds))
			st->decided = true;
		return;
	}
	if (!st->routine)
		return;
	if (st->end_case) {
		st->end_case = false;
		return;
	}
	if (word_is(w, n, "BEGIN") && (st->depth > 0 || st->parens == 0)) {
		if (st->depth++ == 0)
			st->body_line = line;
	} else if (st->depth > 0 && word_is(w, n, "CASE")) {
		st->depth++;
	} else if (st->depth > 0 && word_is(w, n, "END")) {
		size_t nlen;
		const char *next = peek_word(w + n, &nlen);
		if (!word_in(next, nlen, end_uncounted))
			st->depth--;
		st->end_case = word_is(next, nlen, "CASE");
	}
}

int rg_split_sql(struct rg_stmt **out, size_t *n, const char *sql,
		 unsigned first_line, struct rg_error *err)
{
	struct rg_stmt *v = NULL;
	size_t nv = 0, cap = 0;
	struct lexer lx = {sql, first_line, err};
	struct stmt_state st = {0};

	while (*lx.p) {
		const char *tok = lx.p;
		unsigned tok_line = lx.line;
		char c = *tok;
		if (space_char(c)) {
			if (c == '\n')
				lx.line++;
			lx.p++;
			continue;
		}
		if (c == '-' && tok[1] == '-') {
			skip_line_comment(&lx);
			continue;
		}
		if (c == '/' && tok[1] == '*') {
			if (skip_block_comment(&lx) < 0)
				goto fail;
			continue;
		}
		if (c == ';' && st.depth == 0 && st.parens == 0) {
			push(&v, &nv, &cap, &st);
			memset(&st, 0, sizeof(st));
			lx.p++;
			continue;
		}
		/* a token of the statement */
		if (!st.start) {
			st.start = tok;
			st.line = tok_line;
		}
		size_t tlen;
		if (c == '\'') {
			/* E'...': the E was the previous token, a word of its own */
			bool e = tok > sql && (tok[-1] == 'E' || tok[-1] == 'e') &&
				 (tok - 1 == sql || !ident_char(tok[-2]));
			if (skip_quoted(&lx, e) < 0)
				goto fail;
		} else if (c == '"' || c == '`') {
			if (skip_quoted(&lx, false) < 0)
				goto fail;
		} else if (c == '$' && (tok == sql || !ident_char(tok[-1])) &&
			   (tlen = dollar_tag_len(tok)) > 0) {
			if (skip_dollar_quoted(&lx, tlen) < 0)
				goto fail;
		} else if (ident_char(c)) {
			while (ident_char(*lx.p))
				lx.p++;
			note_word(&st, tok, (size_t)(lx.p - tok), tok_line);
		} else {
			if (c == '(')
				st.parens++;
			else if (c == ')' && st.parens > 0)
				st.parens--;
			lx.p++;
		}
		st.end = lx.p;
	}
	if (st.depth > 0) {
		rg_error_set(err, "line %u: unterminated BEGIN ... END body (of the "
			     "statement on line %u)", st.body_line, st.line);
		goto fail;
	}
	push(&v, &nv, &cap, &st);
	*out = v;
	*n = nv;
	return 0;
fail:
	rg_stmts_free(v, nv);
	return -1;
}
