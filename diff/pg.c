/*
 * pg.c (diff) - PostgreSQL's canonical forms: the catalog re-prints what
 * it was given (types in its own names, defaults with casts, expressions
 * deparsed with its own parentheses), and these make that text equal to
 * what the models say.  Expressions go through a small parser of
 * PostgreSQL's expression grammar and are printed back in one form.
 *
 * Over 800 lines for one reason: the parser is one recursive descent,
 * a function per precedence level, read top to bottom; split, it would
 * read worse.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diff/compare.h"
#include "diff/sequences.h"

static void render_type(struct rg_buf *out, const struct rg_column *c)
{
	static const struct {
		const char *generic, *pg;
	} map[] = {
		{"BOOLEAN", "boolean"}, {"SMALLINT", "smallint"}, {"INTEGER", "integer"},
		{"BIGINT", "bigint"}, {"REAL", "real"}, {"DOUBLE PRECISION", "double precision"},
		{"TEXT", "text"}, {"TIMESTAMP", "timestamp"},
		/* an unsigned C integer: the smallest type that holds its
		 * range (the CHECK (col >= 0) is rg_compare_lower_models') */
		{"TINYINT UNSIGNED", "smallint"}, {"SMALLINT UNSIGNED", "integer"},
		{"INTEGER UNSIGNED", "bigint"}, {"BIGINT UNSIGNED", "numeric(20,0)"},
	};
	if (c->generic && c->enum_name) {
		/* the enum's type, always quoted, its schema too when it has
		 * one (canon_type drops the quotes of a name that needs none,
		 * as format_type leaves them out) */
		size_t ns = rg_qualified_prefix(c->enum_name);
		rg_buf_addc(out, '"');
		for (const char *p = c->enum_name; *p; p++) {
			if (*p == '"')
				rg_buf_addc(out, '"');
			if (ns && p == c->enum_name + ns)
				rg_buf_add(out, "\"");
			rg_buf_addc(out, *p);
			if (ns && p == c->enum_name + ns)
				rg_buf_addc(out, '"');
		}
		rg_buf_addc(out, '"');
		return;
	}
	const char *bracket = c->generic ? strchr(c->type, '[') : NULL;
	if (bracket) {
		/* a C array: an array of its element's type, of any length
		 * (its CHECK holds it to the C length, diff/lower.h) */
		struct rg_column elem = {.type = rg_xstrndup(c->type, (size_t)(bracket - c->type)),
					 .generic = true};
		render_type(out, &elem);
		rg_buf_add(out, "[]");
		free((char *)elem.type);
		return;
	}
	if (c->generic) {
		for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
			if (strcmp(c->type, map[i].generic) == 0) {
				rg_buf_add(out, map[i].pg);
				return;
			}
		if (strncmp(c->type, "VARCHAR", 7) == 0) {
			rg_buf_addf(out, "varchar%s", c->type + 7);
			return;
		}
	}
	rg_buf_add(out, c->type ? c->type : "");
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/*
 * Types: every spelling PostgreSQL accepts for one type comes out as the
 * name format_type() prints, so "INTEGER", "int4" and "integer" compare
 * equal, "VARCHAR(255)" equals "character varying(255)".
 */
static void canon_type(struct rg_buf *out, const char *type)
{
	/* a quoted name that would read the same unquoted (an enum's, as
	 * render_type writes it): format_type's spelling, without quotes
	 * unless the name is a keyword ("order"), so compared without them */
	size_t len = strlen(type);
	bool plain = len > 2 && type[0] == '"' && type[len - 1] == '"' &&
		     (islower((unsigned char)type[1]) || type[1] == '_');
	bool qualified = false; /* "schema"."name", each part plain */
	for (size_t i = 1; plain && i + 1 < len; i++) {
		if (!qualified && strncmp(type + i, "\".\"", 3) == 0 && i > 1 &&
		    (islower((unsigned char)type[i + 3]) || type[i + 3] == '_')) {
			qualified = true;
			i += 2;
			continue;
		}
		plain = islower((unsigned char)type[i]) || isdigit((unsigned char)type[i]) ||
			type[i] == '_' || type[i] == '$';
	}
	if (plain) {
		for (size_t i = 1; i + 1 < len; i++)
			if (type[i] != '"')
				rg_buf_addc(out, type[i]);
		return;
	}
	struct rg_buf low = RG_BUF_INIT, name = RG_BUF_INIT, args = RG_BUF_INIT;
	rg_sql_canon(&low, type);
	for (char *p = low.data; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	/* split "name(args) rest" into the name words and "(args)" */
	const char *s = rg_buf_str(&low);
	const char *open = strchr(s, '('), *close = open ? strchr(open, ')') : NULL;
	if (open && close) {
		rg_buf_addn(&name, s, (size_t)(open - s));
		rg_buf_addn(&args, open, (size_t)(close - open + 1));
		/* rg_sql_canon dropped the space of "timestamp(3) with" */
		if (word_char(close[1]))
			rg_buf_addc(&name, ' ');
		rg_buf_add(&name, close + 1);
	} else {
		rg_buf_add(&name, s);
	}
	const char *n = rg_buf_str(&name);
	bool array = false;
	if (name.len >= 2 && strcmp(n + name.len - 2, "[]") == 0) {
		array = true;
		name.data[name.len - 2] = '\0';
	}
	static const struct {
		const char *alias, *canon;
	} map[] = {
		{"int", "integer"}, {"int4", "integer"}, {"integer", "integer"},
		{"int2", "smallint"}, {"smallint", "smallint"}, {"int8", "bigint"},
		{"bigint", "bigint"}, {"bool", "boolean"}, {"boolean", "boolean"},
		{"float4", "real"}, {"real", "real"}, {"float8", "double precision"},
		{"float", "double precision"}, {"double precision", "double precision"},
		{"varchar", "character varying"}, {"character varying", "character varying"},
		{"char", "character"}, {"character", "character"}, {"bpchar", "character"},
		{"decimal", "numeric"}, {"numeric", "numeric"},
		{"timestamp", "timestamp without time zone"},
		{"timestamp without time zone", "timestamp without time zone"},
		{"timestamptz", "timestamp with time zone"},
		{"timestamp with time zone", "timestamp with time zone"},
		{"time", "time without time zone"}, {"time without time zone", "time without time zone"},
		{"timetz", "time with time zone"}, {"time with time zone", "time with time zone"},
		/* a serial column is the integer type and a sequence (the
		 * catalog shows the integer; type_autoincrements the rest) */
		{"serial", "integer"}, {"serial4", "integer"}, {"bigserial", "bigint"},
		{"serial8", "bigint"}, {"smallserial", "smallint"}, {"serial2", "smallint"},
	};
	const char *canon = rg_buf_str(&name);
	for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
		if (strcmp(canon, map[i].alias) == 0)
			canon = map[i].canon;
	/* float(p) is real up to 24 bits of precision, double precision
	 * above; a bare char is char(1) */
	if (strcmp(canon, "double precision") == 0 && args.len &&
	    strcmp(rg_buf_str(&name), "float") == 0) {
		if (strtol(args.data + 1, NULL, 10) <= 24)
			canon = "real";
		rg_buf_reset(&args);
	}
	if (strcmp(canon, "character") == 0 && !args.len)
		rg_buf_add(&args, "(1)");
	/* format_type puts a precision between "timestamp" and "with(out)" */
	const char *tz = strstr(canon, " with");
	if (tz && args.len && (strncmp(canon, "timestamp", 9) == 0 || strncmp(canon, "time", 4) == 0)) {
		rg_buf_addn(out, canon, (size_t)(tz - canon));
		rg_buf_add(out, rg_buf_str(&args));
		rg_buf_add(out, tz);
	} else {
		rg_buf_add(out, canon);
		rg_buf_add(out, rg_buf_str(&args));
	}
	if (array)
		rg_buf_add(out, "[]");
	rg_buf_free(&low);
	rg_buf_free(&name);
	rg_buf_free(&args);
}

/* Removes "::type" casts (outside quotes), which the catalog adds to
 * defaults and expressions: 'draft'::character varying, (x)::text. */
static void strip_casts(struct rg_buf *out, const char *s)
{
	static const char *const more[] = {"varying", "precision", "without", "with", "time", "zone"};
	char q = 0;
	for (const char *p = s; *p;) {
		if (q) {
			if (*p == q)
				q = 0;
			rg_buf_addc(out, *p++);
			continue;
		}
		if (*p == '\'' || *p == '"') {
			q = *p;
			rg_buf_addc(out, *p++);
			continue;
		}
		if (p[0] == ':' && p[1] == ':') {
			p += 2;
			while (*p == ' ')
				p++;
			if (*p == '"') { /* a quoted type name */
				p++;
				while (*p && *p != '"')
					p++;
				if (*p)
					p++;
			}
			while (word_char(*p) || *p == '.')
				p++;
			/* multi-word type names, and only those words */
			for (;;) {
				const char *w = p;
				while (*w == ' ')
					w++;
				size_t len = 0;
				while (word_char(w[len]))
					len++;
				bool known = false;
				for (size_t i = 0; i < RG_ARRAY_LEN(more); i++)
					if (len == strlen(more[i]) && strncasecmp(w, more[i], len) == 0)
						known = true;
				if (!known)
					break;
				p = w + len;
			}
			if (*p == '(') {
				const char *close = strchr(p, ')');
				if (close)
					p = close + 1;
			}
			if (p[0] == '[' && p[1] == ']')
				p += 2;
			continue;
		}
		rg_buf_addc(out, *p++);
	}
}

/* Drops parentheses that only group (not those of a function call), each
 * replaced by a space, so that PostgreSQL's generous re-printing,
 * ((a >= 0) AND (a <= 9)), meets the user's a >= 0 AND a <= 9. */
static void drop_grouping(struct rg_buf *out, const char *s)
{
	size_t n = strlen(s);
	bool *call = rg_xcalloc(n + 1, sizeof(bool)); /* per '(': a call? */
	int *stack = rg_xcalloc(n + 1, sizeof(int));
	int top = 0;
	char q = 0;
	struct rg_buf b = RG_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (q) {
			if (c == q)
				q = 0;
			rg_buf_addc(&b, c);
			continue;
		}
		if (c == '\'' || c == '"') {
			q = c;
			rg_buf_addc(&b, c);
			continue;
		}
		if (c == '(') {
			size_t k = i;
			while (k > 0 && s[k - 1] == ' ')
				k--;
			bool is_call = k > 0 && (word_char(s[k - 1]) || s[k - 1] == '"');
			/* a keyword before '(' (AND (, IN (...) is grouping or a
			 * list; only IN lists must keep their parentheses */
			if (is_call && k >= 3) {
				size_t w = k;
				while (w > 0 && word_char(s[w - 1]))
					w--;
				if ((k - w == 3 && strncasecmp(s + w, "AND", 3) == 0) ||
				    (k - w == 2 && strncasecmp(s + w, "OR", 2) == 0) ||
				    (k - w == 3 && strncasecmp(s + w, "NOT", 3) == 0))
					is_call = false;
			}
			stack[top++] = (int)i;
			call[i] = is_call;
			rg_buf_addc(&b, is_call ? '(' : ' ');
			continue;
		}
		if (c == ')' && top > 0) {
			int open = stack[--top];
			rg_buf_addc(&b, call[open] ? ')' : ' ');
			continue;
		}
		rg_buf_addc(&b, c);
	}
	rg_sql_canon(out, rg_buf_str(&b));
	rg_buf_free(&b);
	free(call);
	free(stack);
}

/* x BETWEEN a AND b -> x >= a AND x <= b, as PostgreSQL stores it; on
 * canonical text, single-term operands. */
static void rewrite_between(struct rg_buf *out, const char *s)
{
	const char *p = strstr(s, " BETWEEN ");
	if (!p) {
		rg_buf_add(out, s);
		return;
	}
	const char *xs = p;
	while (xs > s && (word_char(xs[-1]) || xs[-1] == '.' || xs[-1] == '"'))
		xs--;
	const char *a = p + 9;
	const char *and = strstr(a, " AND ");
	if (!and || xs == p) {
		rg_buf_add(out, s);
		return;
	}
	const char *b = and + 5;
	const char *be = b;
	if (*be == '-' || *be == '+')
		be++;
	while (word_char(*be) || *be == '.' || *be == '\'')
		be++;
	rg_buf_addn(out, s, (size_t)(xs - s));
	rg_buf_addf(out, "%.*s>=%.*s AND %.*s<=%.*s", (int)(p - xs), xs, (int)(and - a), a,
		    (int)(p - xs), xs, (int)(be - b), b);
	rewrite_between(out, be);
}

/*
 * The exact path for expressions: a small parser of PostgreSQL's expression
 * grammar (its operator precedence, gram.y) into a tree, printed back with
 * one pair of parentheses per operator.  Grouping written by the user and
 * PostgreSQL's generous re-printing both vanish, while parentheses that
 * change the meaning stay: (a AND b) OR c and a AND (b OR c) differ.  The
 * rewrites PostgreSQL makes when it stores an expression are made on both
 * sides: casts dropped ('x'::text, (s)::integer, CAST(s AS integer)); a
 * quoted number cast to a numeric type is the number ('-1'::integer);
 * x BETWEEN a AND b is x >= a AND x <= b, NOT BETWEEN x < a OR x > b;
 * x IN (a, b) is x = ANY (ARRAY[a, b]), NOT IN <> ALL, IN of one item =;
 * LIKE/ILIKE are ~~ and ~~*; != is <>; ISNULL is IS NULL; now() is
 * CURRENT_TIMESTAMP; AND and OR chains are flattened; unquoted words fold
 * to lower case.  What the parser does not know (subqueries, SIMILAR TO,
 * EXTRACT, COLLATE, AT TIME ZONE, E'' strings, subscripts) makes it give
 * up, and the caller falls back to a textual comparison.
 */
enum tok_kind { T_END, T_WORD, T_QIDENT, T_STRING, T_NUMBER, T_OP, T_LPAREN,
		T_RPAREN, T_LBRACK, T_RBRACK, T_COMMA, T_CAST, T_DOT, T_BAD };

struct tok {
	enum tok_kind kind;
	const char *start;
	size_t len;
};

struct node {
	const char *text; /* operator, name or literal */
	enum { N_ATOM, N_UNARY, N_BINARY, N_NARY, N_CALL, N_ANY, N_ARRAY, N_IS,
	       N_CASE } kind;
	size_t n, cap;
	struct node **kids;
};

struct parser {
	const char *p; /* after the current token */
	struct tok t;  /* the current token */
	struct rg_arena *arena;
	int depth;
	bool failed;
};

static bool op_char(char c)
{
	return c && strchr("+-*/<>=~!@#%^&|`?", c) != NULL;
}

static struct tok lex(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	struct tok t = {T_BAD, p, 1};
	char c = *p;
	if (!c) {
		t.kind = T_END;
		t.len = 0;
	} else if (c == '\'' || c == '"') {
		size_t i = 1;
		for (;; i++) {
			if (!p[i])
				return t; /* unterminated: T_BAD */
			if (p[i] == c) {
				if (p[i + 1] != c)
					break;
				i++;
			}
		}
		t.kind = c == '"' ? T_QIDENT : T_STRING;
		t.len = i + 1;
	} else if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)p[1]))) {
		size_t i = 0;
		while (isdigit((unsigned char)p[i]) || p[i] == '.')
			i++;
		if ((p[i] == 'e' || p[i] == 'E') &&
		    (isdigit((unsigned char)p[i + 1]) ||
		     ((p[i + 1] == '-' || p[i + 1] == '+') && isdigit((unsigned char)p[i + 2])))) {
			i += 2;
			while (isdigit((unsigned char)p[i]))
				i++;
		}
		t.kind = T_NUMBER;
		t.len = i;
	} else if (isalpha((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80) {
		size_t i = 0;
		while (isalnum((unsigned char)p[i]) || p[i] == '_' || p[i] == '$' ||
		       (unsigned char)p[i] >= 0x80)
			i++;
		t.kind = T_WORD;
		t.len = i;
	} else if (c == ':' && p[1] == ':') {
		t.kind = T_CAST;
		t.len = 2;
	} else if (op_char(c)) {
		if ((c == '-' && p[1] == '-') || (c == '/' && p[1] == '*'))
			return t; /* comments: T_BAD */
		size_t i = 0;
		while (op_char(p[i]))
			i++;
		/* PostgreSQL's rule: a multi-character operator ends in + or -
		 * only if it holds one of ~ ! @ # % ^ & | ` ? (so a>-1 is a > -1) */
		bool special = false;
		for (size_t k = 0; k < i; k++)
			if (strchr("~!@#%^&|`?", p[k]))
				special = true;
		while (i > 1 && !special && (p[i - 1] == '+' || p[i - 1] == '-'))
			i--;
		t.kind = T_OP;
		t.len = i;
	} else {
		static const char punct[] = "()[],.";
		static const enum tok_kind kinds[] = {T_LPAREN, T_RPAREN, T_LBRACK,
						      T_RBRACK, T_COMMA, T_DOT};
		const char *k = strchr(punct, c);
		if (k)
			t.kind = kinds[k - punct];
	}
	return t;
}

static void advance(struct parser *P)
{
	P->t = lex(P->p);
	P->p = P->t.start + P->t.len;
	if (P->t.kind == T_BAD)
		P->failed = true;
}

static bool is_word(const struct tok *t, const char *w)
{
	return t->kind == T_WORD && t->len == strlen(w) && strncasecmp(t->start, w, t->len) == 0;
}

static bool is_op(const struct tok *t, const char *op)
{
	return t->kind == T_OP && t->len == strlen(op) && strncmp(t->start, op, t->len) == 0;
}

/* Consumes the word w if it is the current token. */
static bool accept_word(struct parser *P, const char *w)
{
	if (!is_word(&P->t, w))
		return false;
	advance(P);
	return true;
}

static bool expect(struct parser *P, enum tok_kind k)
{
	if (P->t.kind != k) {
		P->failed = true;
		return false;
	}
	advance(P);
	return true;
}

static struct node *mk(struct parser *P, int kind, const char *text)
{
	struct node *n = rg_arena_alloc(P->arena, sizeof(*n));
	n->kind = kind;
	n->text = text;
	return n;
}

static void add_kid(struct parser *P, struct node *n, struct node *kid)
{
	rg_arena_push(P->arena, (void ***)&n->kids, &n->n, &n->cap, kid);
}

static struct node *mk2(struct parser *P, int kind, const char *text, struct node *a,
			struct node *b)
{
	struct node *n = mk(P, kind, text);
	add_kid(P, n, a);
	if (b)
		add_kid(P, n, b);
	return n;
}

/* AND/OR: one node for a whole chain, whichever way it was grouped. */
static struct node *mk_bool(struct parser *P, const char *op, struct node *a, struct node *b)
{
	struct node *n = mk(P, N_NARY, op);
	struct node *both[2] = {a, b};
	for (int i = 0; i < 2; i++) {
		if (both[i]->kind == N_NARY && strcmp(both[i]->text, op) == 0)
			for (size_t k = 0; k < both[i]->n; k++)
				add_kid(P, n, both[i]->kids[k]);
		else
			add_kid(P, n, both[i]);
	}
	return n;
}

static struct node *expr(struct parser *P);

/* An identifier as PostgreSQL prints it: unquoted words fold to lower
 * case, and quotes around a plain lower-case name are dropped. */
static const char *ident_text(struct parser *P, const struct tok *t)
{
	if (t->kind == T_WORD) {
		char *s = rg_arena_strndup(P->arena, t->start, t->len);
		for (char *q = s; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		return s;
	}
	const char *in = t->start + 1;
	size_t len = t->len - 2;
	bool plain = len > 0 && ((in[0] >= 'a' && in[0] <= 'z') || in[0] == '_');
	for (size_t i = 0; i < len && plain; i++)
		plain = (in[i] >= 'a' && in[i] <= 'z') || isdigit((unsigned char)in[i]) ||
			in[i] == '_' || in[i] == '$';
	return plain ? rg_arena_strndup(P->arena, in, len)
		     : rg_arena_strndup(P->arena, t->start, t->len);
}

static bool numeric_type(const char *name)
{
	static const char *const names[] = {"smallint", "integer", "int", "bigint", "int2",
					    "int4", "int8", "numeric", "decimal", "real",
					    "double", "float", "float4", "float8"};
	for (size_t i = 0; i < RG_ARRAY_LEN(names); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* Skips a type name after :: or AS; says whether it is a numeric type. */
static bool skip_type(struct parser *P)
{
	static const char *const more[] = {"varying", "precision", "without", "with", "time",
					   "zone"};
	if (P->t.kind != T_WORD && P->t.kind != T_QIDENT) {
		P->failed = true;
		return false;
	}
	const char *name = ident_text(P, &P->t);
	advance(P);
	while (P->t.kind == T_DOT) { /* pg_catalog.int4 */
		advance(P);
		if (P->t.kind != T_WORD && P->t.kind != T_QIDENT) {
			P->failed = true;
			return false;
		}
		name = ident_text(P, &P->t);
		advance(P);
	}
	for (;;) {
		bool known = false;
		for (size_t i = 0; i < RG_ARRAY_LEN(more); i++)
			known = known || is_word(&P->t, more[i]);
		if (known) {
			advance(P);
		} else if (P->t.kind == T_LPAREN) {
			while (P->t.kind != T_RPAREN && P->t.kind != T_END && !P->failed)
				advance(P);
			expect(P, T_RPAREN);
		} else if (P->t.kind == T_LBRACK) {
			advance(P);
			if (P->t.kind == T_NUMBER)
				advance(P);
			expect(P, T_RBRACK);
		} else {
			break;
		}
		if (P->failed)
			return false;
	}
	return numeric_type(name);
}

/* A cast is dropped, except that a quoted number becomes the number. */
static struct node *drop_cast(struct parser *P, struct node *x, bool numeric)
{
	if (numeric && x->kind == N_ATOM && x->text[0] == '\'') {
		size_t len = strlen(x->text);
		char *inner = rg_arena_strndup(P->arena, x->text + 1, len - 2);
		if (rg_sql_is_literal(inner) && inner[0] != '\'' && isdigit((unsigned char)inner[inner[0] == '-' || inner[0] == '+']))
			return mk(P, N_ATOM, inner[0] == '+' ? inner + 1 : inner);
	}
	return x;
}

static struct node *list_until(struct parser *P, struct node *n, enum tok_kind close)
{
	if (P->t.kind != close) {
		do {
			add_kid(P, n, expr(P));
			if (P->failed)
				return n;
		} while (P->t.kind == T_COMMA && (advance(P), true));
	}
	expect(P, close);
	return n;
}

static bool stop_word(const struct tok *t)
{
	static const char *const words[] = {"and", "or", "not", "is", "in", "between", "like",
					    "ilike", "similar", "then", "else", "end", "when",
					    "as", "from", "any", "all", "some", "select",
					    "exists", "distinct", "collate", "at", "isnull",
					    "notnull", "escape"};
	for (size_t i = 0; i < RG_ARRAY_LEN(words); i++)
		if (is_word(t, words[i]))
			return true;
	return false;
}

/* A number as PostgreSQL's numeric type prints it: 1e3 is 1000, 2.50e1
 * is 25.0 (an exponent moves the point, the digits written stay). */
static const char *number_text(struct parser *P, const struct tok *t)
{
	const char *e = memchr(t->start, 'e', t->len);
	if (!e)
		e = memchr(t->start, 'E', t->len);
	if (!e)
		return rg_arena_strndup(P->arena, t->start, t->len);
	struct rg_buf digits = RG_BUF_INIT, out = RG_BUF_INIT;
	long point = -1;
	for (const char *p = t->start; p < e; p++) {
		if (*p == '.')
			point = (long)digits.len;
		else
			rg_buf_addc(&digits, *p);
	}
	if (point < 0)
		point = (long)digits.len;
	long exp = strtol(e + 1, NULL, 10);
	if (exp > 1000 || exp < -1000) { /* leave absurd ones as written */
		rg_buf_free(&digits);
		return rg_arena_strndup(P->arena, t->start, t->len);
	}
	long pos = point + exp, len = (long)digits.len;
	if (pos <= 0) {
		rg_buf_add(&out, "0.");
		for (long i = 0; i < -pos; i++)
			rg_buf_addc(&out, '0');
		rg_buf_add(&out, rg_buf_str(&digits));
	} else {
		for (long i = 0; i < pos; i++)
			rg_buf_addc(&out, i < len ? digits.data[i] : '0');
		if (pos < len) {
			rg_buf_addc(&out, '.');
			rg_buf_add(&out, digits.data + pos);
		}
	}
	/* leading zeros of the integer part go, one stays */
	const char *s = rg_buf_str(&out);
	while (s[0] == '0' && s[1] && s[1] != '.')
		s++;
	const char *r = rg_arena_strdup(P->arena, s);
	rg_buf_free(&digits);
	rg_buf_free(&out);
	return r;
}

static struct node *primary(struct parser *P)
{
	struct tok t = P->t;
	if (t.kind == T_LPAREN) {
		advance(P);
		struct node *x = expr(P);
		expect(P, T_RPAREN);
		return x;
	}
	if (t.kind == T_NUMBER || t.kind == T_STRING) {
		advance(P);
		return mk(P, N_ATOM, t.kind == T_NUMBER ? number_text(P, &t)
							: rg_arena_strndup(P->arena, t.start, t.len));
	}
	if (is_word(&t, "case")) {
		/* kids: the operand (or NULL), WHEN/THEN pairs, the ELSE (or
		 * NULL: ELSE NULL is what a missing ELSE means) */
		advance(P);
		struct node *n = mk(P, N_CASE, "CASE");
		add_kid(P, n, is_word(&P->t, "when") ? NULL : expr(P));
		while (!P->failed && accept_word(P, "when")) {
			add_kid(P, n, expr(P));
			if (!accept_word(P, "then"))
				P->failed = true;
			add_kid(P, n, P->failed ? NULL : expr(P));
		}
		struct node *dflt = !P->failed && accept_word(P, "else") ? expr(P) : NULL;
		if (dflt && dflt->kind == N_ATOM && strcmp(dflt->text, "null") == 0)
			dflt = NULL;
		add_kid(P, n, dflt);
		if (!accept_word(P, "end") || n->n < 4)
			P->failed = true;
		return n;
	}
	if (is_word(&t, "cast")) {
		advance(P);
		expect(P, T_LPAREN);
		struct node *x = expr(P);
		if (!accept_word(P, "as"))
			P->failed = true;
		bool numeric = !P->failed && skip_type(P);
		expect(P, T_RPAREN);
		return drop_cast(P, x, numeric);
	}
	if (is_word(&t, "array")) {
		advance(P);
		expect(P, T_LBRACK);
		return list_until(P, mk(P, N_ARRAY, "ARRAY"), T_RBRACK);
	}
	if ((t.kind == T_WORD && !stop_word(&t)) || t.kind == T_QIDENT) {
		struct rg_buf name = RG_BUF_INIT;
		rg_buf_add(&name, ident_text(P, &t));
		advance(P);
		while (P->t.kind == T_DOT) {
			advance(P);
			if (P->t.kind != T_WORD && P->t.kind != T_QIDENT) {
				P->failed = true;
				break;
			}
			rg_buf_addc(&name, '.');
			rg_buf_add(&name, ident_text(P, &P->t));
			advance(P);
		}
		const char *s = rg_arena_strdup(P->arena, rg_buf_str(&name));
		rg_buf_free(&name);
		if (P->t.kind != T_LPAREN)
			return mk(P, N_ATOM, s);
		advance(P);
		if (is_op(&P->t, "*") || stop_word(&P->t)) { /* count(*), DISTINCT */
			P->failed = true;
			return NULL;
		}
		struct node *call = list_until(P, mk(P, N_CALL, s), T_RPAREN);
		/* CURRENT_TIMESTAMP is now() under another name */
		if (call->n == 0 && (strcmp(s, "now") == 0 || strcmp(s, "transaction_timestamp") == 0))
			return mk(P, N_ATOM, "current_timestamp");
		return call;
	}
	P->failed = true;
	return NULL;
}

static struct node *postfix(struct parser *P)
{
	struct node *x = primary(P);
	while (!P->failed && P->t.kind == T_CAST) {
		advance(P);
		x = drop_cast(P, x, skip_type(P));
	}
	if (P->t.kind == T_LBRACK)
		P->failed = true; /* subscripts */
	return x;
}

static struct node *unary(struct parser *P)
{
	if (is_op(&P->t, "-") || is_op(&P->t, "+")) {
		bool minus = is_op(&P->t, "-");
		advance(P);
		if (P->t.kind == T_NUMBER) {
			struct tok t = P->t;
			advance(P);
			/* a signed number is one constant, as PostgreSQL folds it */
			struct node *x = mk(P, N_ATOM, rg_arena_printf(P->arena, "%s%s", minus ? "-" : "",
								    number_text(P, &t)));
			while (!P->failed && P->t.kind == T_CAST) {
				advance(P);
				x = drop_cast(P, x, skip_type(P));
			}
			return x;
		}
		struct node *x = unary(P);
		return minus ? mk2(P, N_UNARY, "-", x, NULL) : x;
	}
	return postfix(P);
}

/* Binary levels, loosest last: ^; * / %; + -; any other operator. */
static const char *const level_ops[][4] = {
	{"^", NULL}, {"*", "/", "%", NULL}, {"+", "-", NULL}, {NULL},
};

static bool at_level_op(const struct tok *t, int level)
{
	if (t->kind != T_OP)
		return false;
	if (level == 3) { /* the generic level: everything not at another */
		static const char *const others[] = {"^", "*", "/", "%", "+", "-", "<", ">",
						     "=", "<=", ">=", "<>", "!="};
		for (size_t i = 0; i < RG_ARRAY_LEN(others); i++)
			if (is_op(t, others[i]))
				return false;
		return true;
	}
	for (int i = 0; level_ops[level][i]; i++)
		if (is_op(t, level_ops[level][i]))
			return true;
	return false;
}

static struct node *binary_level(struct parser *P, int level)
{
	struct node *x = level == 0 ? unary(P) : binary_level(P, level - 1);
	while (!P->failed && at_level_op(&P->t, level)) {
		const char *op = rg_arena_strndup(P->arena, P->t.start, P->t.len);
		advance(P);
		x = mk2(P, N_BINARY, op, x, level == 0 ? unary(P) : binary_level(P, level - 1));
	}
	return x;
}

static struct node *like_level(struct parser *P)
{
	struct node *x = binary_level(P, 3);
	while (!P->failed) {
		bool negated = false;
		if (is_word(&P->t, "not")) {
			struct tok next = lex(P->p);
			if (!is_word(&next, "between") && !is_word(&next, "in") &&
			    !is_word(&next, "like") && !is_word(&next, "ilike"))
				break;
			advance(P);
			negated = true;
		}
		if (accept_word(P, "between")) {
			if (is_word(&P->t, "symmetric")) {
				P->failed = true;
				break;
			}
			struct node *lo = binary_level(P, 3);
			if (!accept_word(P, "and")) {
				P->failed = true;
				break;
			}
			struct node *hi = binary_level(P, 3);
			x = negated ? mk_bool(P, "OR", mk2(P, N_BINARY, "<", x, lo),
					      mk2(P, N_BINARY, ">", x, hi))
				    : mk_bool(P, "AND", mk2(P, N_BINARY, ">=", x, lo),
					      mk2(P, N_BINARY, "<=", x, hi));
		} else if (accept_word(P, "in")) {
			expect(P, T_LPAREN);
			if (is_word(&P->t, "select")) {
				P->failed = true;
				break;
			}
			struct node *items = list_until(P, mk(P, N_ARRAY, "ARRAY"), T_RPAREN);
			const char *op = negated ? "<>" : "=";
			x = items->n == 1 ? mk2(P, N_BINARY, op, x, items->kids[0])
					  : mk2(P, N_ANY, negated ? "<> ALL" : "= ANY", x, items);
		} else if (is_word(&P->t, "like") || is_word(&P->t, "ilike")) {
			const char *op = is_word(&P->t, "like") ? (negated ? "!~~" : "~~")
								: (negated ? "!~~*" : "~~*");
			advance(P);
			x = mk2(P, N_BINARY, op, x, binary_level(P, 3));
			if (is_word(&P->t, "escape"))
				P->failed = true;
		} else {
			break;
		}
	}
	return x;
}

static bool comparison(const struct tok *t)
{
	static const char *const ops[] = {"<", ">", "=", "<=", ">=", "<>", "!="};
	for (size_t i = 0; i < RG_ARRAY_LEN(ops); i++)
		if (is_op(t, ops[i]))
			return true;
	return false;
}

static struct node *compare_level(struct parser *P)
{
	struct node *x = like_level(P);
	while (!P->failed && comparison(&P->t)) {
		const char *op = is_op(&P->t, "!=") ? "<>"
						    : rg_arena_strndup(P->arena, P->t.start, P->t.len);
		advance(P);
		if (is_word(&P->t, "any") || is_word(&P->t, "some") || is_word(&P->t, "all")) {
			const char *q = is_word(&P->t, "all") ? "ALL" : "ANY";
			advance(P);
			expect(P, T_LPAREN);
			struct node *arr = expr(P);
			expect(P, T_RPAREN);
			x = mk2(P, N_ANY, rg_arena_printf(P->arena, "%s %s", op, q), x, arr);
		} else {
			x = mk2(P, N_BINARY, op, x, like_level(P));
		}
	}
	return x;
}

static struct node *is_level(struct parser *P)
{
	struct node *x = compare_level(P);
	while (!P->failed) {
		if (accept_word(P, "isnull")) {
			x = mk2(P, N_IS, "IS NULL", x, NULL);
			continue;
		}
		if (accept_word(P, "notnull")) {
			x = mk2(P, N_IS, "IS NOT NULL", x, NULL);
			continue;
		}
		if (!accept_word(P, "is"))
			break;
		bool negated = accept_word(P, "not");
		static const char *const what[] = {"NULL", "TRUE", "FALSE", "UNKNOWN"};
		const char *w = NULL;
		for (size_t i = 0; i < RG_ARRAY_LEN(what); i++)
			if (is_word(&P->t, what[i]))
				w = what[i];
		if (w) {
			advance(P);
			x = mk2(P, N_IS, rg_arena_printf(P->arena, "IS %s%s", negated ? "NOT " : "", w),
				x, NULL);
		} else if (accept_word(P, "distinct") && accept_word(P, "from")) {
			x = mk2(P, N_BINARY, negated ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM", x,
				compare_level(P));
		} else {
			P->failed = true;
		}
	}
	return x;
}

static struct node *not_level(struct parser *P)
{
	if (accept_word(P, "not"))
		return mk2(P, N_UNARY, "NOT", not_level(P), NULL);
	return is_level(P);
}

static struct node *and_level(struct parser *P)
{
	struct node *x = not_level(P);
	while (!P->failed && accept_word(P, "and"))
		x = mk_bool(P, "AND", x, not_level(P));
	return x;
}

static struct node *expr(struct parser *P)
{
	if (++P->depth > 200) { /* deep nesting: leave it to the fallback */
		P->failed = true;
		return NULL;
	}
	struct node *x = and_level(P);
	while (!P->failed && accept_word(P, "or"))
		x = mk_bool(P, "OR", x, and_level(P));
	P->depth--;
	return P->failed ? NULL : x;
}

static void print_node(struct rg_buf *out, const struct node *n)
{
	switch (n->kind) {
	case N_ATOM:
		rg_buf_add(out, n->text);
		break;
	case N_UNARY:
		rg_buf_addf(out, "(%s ", n->text);
		print_node(out, n->kids[0]);
		rg_buf_addc(out, ')');
		break;
	case N_IS:
		rg_buf_addc(out, '(');
		print_node(out, n->kids[0]);
		rg_buf_addf(out, " %s)", n->text);
		break;
	case N_BINARY:
	case N_ANY:
	case N_NARY:
		rg_buf_addc(out, '(');
		for (size_t i = 0; i < n->n; i++) {
			if (i)
				rg_buf_addf(out, " %s ", n->text);
			print_node(out, n->kids[i]);
		}
		rg_buf_addc(out, ')');
		break;
	case N_CALL:
	case N_ARRAY:
		rg_buf_addf(out, "%s%c", n->text, n->kind == N_ARRAY ? '[' : '(');
		for (size_t i = 0; i < n->n; i++) {
			if (i)
				rg_buf_addc(out, ',');
			print_node(out, n->kids[i]);
		}
		rg_buf_addc(out, n->kind == N_ARRAY ? ']' : ')');
		break;
	case N_CASE:
		rg_buf_add(out, "CASE");
		if (n->kids[0]) {
			rg_buf_addc(out, ' ');
			print_node(out, n->kids[0]);
		}
		for (size_t i = 1; i + 1 < n->n; i += 2) {
			rg_buf_add(out, " WHEN ");
			print_node(out, n->kids[i]);
			rg_buf_add(out, " THEN ");
			print_node(out, n->kids[i + 1]);
		}
		if (n->kids[n->n - 1]) {
			rg_buf_add(out, " ELSE ");
			print_node(out, n->kids[n->n - 1]);
		}
		rg_buf_add(out, " END");
		break;
	}
}

/* The canonical text of expr through the parser; false when it does not
 * parse (out is then untouched). */
static bool canon_parsed(struct rg_buf *out, const char *expr_text)
{
	struct parser P = {.p = expr_text, .arena = rg_arena_new()};
	advance(&P);
	struct node *n = P.failed ? NULL : expr(&P);
	bool ok = n && !P.failed && P.t.kind == T_END;
	if (ok)
		print_node(out, n);
	rg_arena_free(P.arena);
	return ok;
}

static void canon_expr(struct rg_buf *out, const char *expr)
{
	if (canon_parsed(out, expr))
		return;
	/* the textual fallback: casts, BETWEEN and grouping parentheses go */
	struct rg_buf a = RG_BUF_INIT, b = RG_BUF_INIT, c = RG_BUF_INIT;
	strip_casts(&a, expr);
	rg_sql_canon(&b, rg_buf_str(&a));
	rewrite_between(&c, rg_buf_str(&b));
	drop_grouping(out, rg_buf_str(&c));
	rg_buf_free(&a);
	rg_buf_free(&b);
	rg_buf_free(&c);
}

/*
 * Defaults: the catalog gives 'draft'::character varying, '-1'::integer,
 * now() where now() was written (CURRENT_TIMESTAMP stays), ((1 + 2) * 3).
 * canon_expr drops the casts and maps now() to CURRENT_TIMESTAMP; here a
 * quoted number is the number too ('5' for an integer column is stored 5).
 * A number is its exact value (rg_sql_number): numeric keeps the digits
 * written, so 1.50 and 1.5 are one default, 1.5000000000000000001 and 1.5
 * two.
 */
static void canon_default(struct rg_buf *out, const char *expr)
{
	struct rg_buf a = RG_BUF_INIT;
	canon_expr(&a, expr);
	const char *s = rg_buf_str(&a);
	size_t n = a.len;
	if (rg_sql_number(out, s)) {
		rg_buf_free(&a);
		return;
	}
	if (n >= 2 && s[0] == '\'' && s[n - 1] == '\'') {
		struct rg_buf inner = RG_BUF_INIT;
		rg_buf_addn(&inner, s + 1, n - 2);
		if (rg_sql_is_literal(inner.data) && inner.data[0] != '\'' &&
		    strcasecmp(inner.data, "NULL") != 0) {
			if (!rg_sql_number(out, inner.data))
				rg_buf_add(out, inner.data);
			rg_buf_free(&inner);
			rg_buf_free(&a);
			return;
		}
		rg_buf_free(&inner);
	}
	rg_buf_add(out, s);
	rg_buf_free(&a);
}

static bool type_autoincrements(const char *type)
{
	static const char *const serial[] = {"serial", "serial4", "bigserial", "serial8",
					     "smallserial", "serial2"};
	/* asked of every column of both sides, several times each: most
	 * types are told apart by how they end */
	size_t n = type ? strlen(type) : 0;
	if (n && type[n - 1] >= '0' && type[n - 1] <= '9')
		n--;
	if (n < 6 || strncasecmp(type + n - 6, "serial", 6) != 0)
		return false;
	for (size_t i = 0; i < RG_ARRAY_LEN(serial); i++)
		if (strcasecmp(type, serial[i]) == 0)
			return true;
	return false;
}

/*
 * Types as format_type() names them (canon_type's output).  Lengths count
 * characters, and no string type limits bytes; char(n) is blank-padded.
 * float(p) and the serial types are already real/double precision and
 * integers here.
 */
static void type_range(const char *canon, struct rg_type_range *out)
{
	static const struct {
		const char *name;
		enum rg_type_family family;
		long long a, b;
	} known[] = {
		{"smallint", RG_TF_INTEGER, 15, 15}, {"integer", RG_TF_INTEGER, 31, 31},
		{"bigint", RG_TF_INTEGER, 63, 63}, {"real", RG_TF_FLOAT, 4, 0},
		{"double precision", RG_TF_FLOAT, 8, 0},
		{"text", RG_TF_STRING, RG_TYPE_UNBOUNDED, RG_TYPE_UNBOUNDED},
		{"character varying", RG_TF_STRING, RG_TYPE_UNBOUNDED, RG_TYPE_UNBOUNDED},
		{"character", RG_TF_PADDED, RG_TYPE_UNBOUNDED, RG_TYPE_UNBOUNDED},
		/* unconstrained: any precision the implementation allows */
		{"numeric", RG_TF_DECIMAL, RG_TYPE_UNBOUNDED, RG_TYPE_UNBOUNDED},
	};
	long long args[2];
	int nargs;
	const char *rest;
	size_t len = rg_type_split(canon, args, &nargs, &rest);
	out->family = RG_TF_UNKNOWN;
	if (*rest || nargs < 0)
		return; /* arrays, "with time zone", ... */
	for (size_t i = 0; i < RG_ARRAY_LEN(known); i++) {
		if (strlen(known[i].name) != len || strncmp(canon, known[i].name, len) != 0)
			continue;
		*out = (struct rg_type_range){known[i].family, known[i].a, known[i].b};
		if (nargs && (known[i].family == RG_TF_STRING || known[i].family == RG_TF_PADDED)) {
			if (nargs != 1)
				out->family = RG_TF_UNKNOWN;
			out->a = args[0];
		} else if (nargs && known[i].family == RG_TF_DECIMAL) {
			/* numeric(p) is numeric(p,0); a negative scale is not a
			 * whole number here, so unknown */
			long long scale = nargs == 2 ? args[1] : 0;
			out->a = args[0] - scale;
			out->b = scale;
		} else if (nargs) {
			out->family = RG_TF_UNKNOWN;
		}
		return;
	}
}

/* A column's COLLATE: "default" is none, as the catalog reads a column of
 * its type's own collation; names are case-sensitive ("C"). */
static bool same_collation(const struct rg_table *tf, const struct rg_column *f,
			   const struct rg_table *tt, const struct rg_column *t)
{
	(void)tf;
	(void)tt;
	return !f || !t || rg_same_collation(f->collation, t->collation, "default", false);
}

/*
 * PostgreSQL's default operator classes are named after the type's
 * internal name: int4_ops for an integer under btree, hash, gist, ...;
 * int4_minmax_ops or inet_inclusion_ops under brin; array_ops for any
 * array, enum_ops for any enum, and text_ops for varchar, which has none
 * of its own.  Other classes of a type (text_pattern_ops, jsonb_path_ops,
 * int4_minmax_multi_ops) are not named so.
 */
static bool default_opclass(const char *method, const char *canon, const char *opclass)
{
	static const struct {
		const char *canon, *internal;
	} names[] = {
		{"integer", "int4"}, {"smallint", "int2"}, {"bigint", "int8"},
		{"boolean", "bool"}, {"real", "float4"}, {"double precision", "float8"},
		{"character varying", "text"}, {"character", "bpchar"},
		{"timestamp without time zone", "timestamp"},
		{"timestamp with time zone", "timestamptz"},
		{"time without time zone", "time"}, {"time with time zone", "timetz"},
	};
	/* the type without its arguments: "character varying(20)",
	 * "timestamp(3) with time zone" */
	struct rg_buf t = RG_BUF_INIT;
	for (const char *p = canon; *p; p++)
		if (*p == '(')
			p = strchr(p, ')') ? strchr(p, ')') : p + strlen(p) - 1;
		else
			rg_buf_addc(&t, *p);
	const char *type = rg_buf_str(&t);
	size_t n = strlen(type);
	if (n > 2 && strcmp(type + n - 2, "[]") == 0)
		type = "array";
	for (size_t i = 0; i < RG_ARRAY_LEN(names); i++)
		if (strcmp(type, names[i].canon) == 0)
			type = names[i].internal;
	bool brin = method && strcmp(method, "brin") == 0;
	struct rg_buf want = RG_BUF_INIT;
	rg_buf_addf(&want, brin ? "%s_minmax_ops" : "%s_ops", type);
	bool same = strcmp(opclass, rg_buf_str(&want)) == 0 ||
		    (!brin && strcmp(opclass, "enum_ops") == 0);
	if (brin && !same) {
		rg_buf_reset(&want);
		rg_buf_addf(&want, "%s_inclusion_ops", type);
		same = strcmp(opclass, rg_buf_str(&want)) == 0;
	}
	rg_buf_free(&want);
	rg_buf_free(&t);
	return same;
}

/* PostgreSQL's: the type's range, cache 1 */
static const char *sequence_defaults(struct rg_arena *a, struct rg_sequence *q)
{
	long long hi = strcmp(q->type, "smallint") == 0 ? 32767
		: strcmp(q->type, "integer") == 0 ? 2147483647 : LLONG_MAX;
	rg_sequence_fill(a, q, -hi - 1, hi, 1);
	return NULL;
}

const struct rg_compare rg_compare_postgresql = {
	.caps = RG_CAP_COMMENTS | RG_CAP_NAMED_PK | RG_CAP_RENAME_INDEX |
		RG_CAP_RENAME_CONSTRAINT | RG_CAP_COLUMN_COLLATIONS | RG_CAP_PARTIAL_INDEX |
		RG_CAP_EXPR_INDEX | RG_CAP_DESC_INDEX | RG_CAP_IDENTITY_ALWAYS |
		RG_CAP_DEFERRABLE_FK | RG_CAP_ENUM_TYPES | RG_CAP_ARRAYS | RG_CAP_INDEX_METHODS |
		RG_CAP_INDEX_INCLUDE | RG_CAP_NULLS_ORDER | RG_CAP_OPCLASS | RG_CAP_KEY_COLLATE |
		RG_CAP_MATERIALIZED_VIEWS | RG_CAP_UNLOGGED | RG_CAP_DOMAINS,
	.name_max = 63, /* NAMEDATALEN - 1 */
	.render_type = render_type,
	.canon_type = canon_type,
	.canon_default = canon_default,
	.canon_expr = canon_expr,
	.type_autoincrements = type_autoincrements,
	.type_range = type_range,
	.same_charset = same_collation,
	.default_opclass = default_opclass,
	.sequence_defaults = sequence_defaults,
};
