/*
 * header.c - renders a schema as model headers (header.h).
 *
 * The output is read back by the model loader (introspect/reader.c), so
 * every form written here is one that reader parses to the same schema:
 * names that are not C identifiers go in C string literals, which the
 * reader unquotes, except where it splits the annotation at a byte the
 * name holds (a ':' in an RG_INDEX_ON or RG_CHECK name, a ',' in a
 * column of a list).  SQL fragments (types, defaults, checks) are macro arguments
 * that the preprocessor stringizes, which keeps their text as long as C
 * tokenises them where SQL does (see macro_safe).  Whatever cannot be
 * written so becomes a comment naming the object and why.  Over 800
 * lines: what may be written where (macro_safe, writable, the naming
 * convention's names) is decided once here for every kind of object, and
 * a split would have to export those helpers through a header of its own.
 */
#include "emit/header.h"
#include "diff/naming.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- names ---- */

static bool is_ident(const char *s)
{
	if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* Words that cannot be a struct tag or member: C11's keywords, and the
 * macros of the headers every model includes (stdbool.h, stdint.h). */
static bool is_reserved(const char *s)
{
	static const char *const words[] = {
		"auto", "break", "case", "char", "const", "continue", "default", "do",
		"double", "else", "enum", "extern", "float", "for", "goto", "if",
		"inline", "int", "long", "register", "restrict", "return", "short",
		"signed", "sizeof", "static", "struct", "switch", "typedef", "union",
		"unsigned", "void", "volatile", "while", "bool", "true", "false",
		"NULL", "asm", "typeof",
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(words); i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	/* _Bool, _Alignas...; and RG_ and INT64_C-style macro names */
	return (s[0] == '_' && isupper((unsigned char)s[1])) || strncmp(s, "RG_", 3) == 0 ||
	       strncmp(s, "INT", 3) == 0 || strncmp(s, "UINT", 4) == 0;
}

/* A C identifier for name: itself when it is one, else its letters and
 * digits with '_' for the rest. */
static char *c_ident(const char *name)
{
	struct rg_buf b = RG_BUF_INIT;
	if (!(isalpha((unsigned char)name[0]) || name[0] == '_'))
		rg_buf_add(&b, "t_");
	for (const char *p = name; *p; p++)
		rg_buf_addc(&b, isalnum((unsigned char)*p) ? *p : '_');
	if (is_reserved(rg_buf_str(&b)))
		rg_buf_add(&b, "_");
	return rg_buf_detach(&b);
}

char *rg_header_file_stem(const char *table)
{
	return c_ident(table);
}

/* A name where the reader unquotes: bare when it is an identifier, else a
 * C string literal (the reader undoes a backslash before any byte). */
static void add_name(struct rg_buf *out, const char *name)
{
	if (is_ident(name)) {
		rg_buf_add(out, name);
		return;
	}
	rg_buf_addc(out, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"' || *p == '\\')
			rg_buf_addc(out, '\\');
		rg_buf_addc(out, *p);
	}
	rg_buf_addc(out, '"');
}

static void add_named(struct rg_buf *out, const char *macro, const char *name)
{
	rg_buf_addf(out, " %s(", macro);
	add_name(out, name);
	rg_buf_addc(out, ')');
}

/* name, or with same others before it of that name, name_<same + 1>
 * (name is freed) */
static char *numbered(char *name, unsigned same)
{
	if (!same)
		return name;
	struct rg_buf b = RG_BUF_INIT;
	rg_buf_addf(&b, "%s_%u", name, same + 1);
	free(name);
	return rg_buf_detach(&b);
}

/* A C string literal of text (RG_COMMENT, which C itself unescapes). */
static void add_c_string(struct rg_buf *out, const char *text)
{
	rg_buf_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '"' || *p == '\\')
			rg_buf_addf(out, "\\%c", *p);
		else if (*p == '\n')
			rg_buf_add(out, "\\n");
		else if (*p == '\t')
			rg_buf_add(out, "\\t");
		else if (*p < 0x20 || *p == 0x7f || *p == '?')
			/* three digits, so a digit after it stays itself; '?' so
			 * that no trigraph forms */
			rg_buf_addf(out, "\\%03o", *p);
		else
			rg_buf_addc(out, (char)*p);
	}
	rg_buf_addc(out, '"');
}

/* Text inside a C comment must not end it. */
static void add_comment_text(struct rg_buf *out, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (*p == '*' && p[1] == '/')
			rg_buf_add(out, "* /");
		else if (*p == '\n')
			rg_buf_addc(out, ' ');
		else
			rg_buf_addc(out, *p);
		if (*p == '*' && p[1] == '/')
			p++;
	}
}

/* True when names hold no byte a C string literal cannot (newlines and
 * other control characters: the reader takes a name's bytes as written). */
static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* True when name can be written where the reader splits an annotation at
 * one of the bytes of sep (the ':' after an RG_INDEX_ON or RG_CHECK name,
 * the ',' between columns): a C string literal cannot hide it there. */
static bool writable(const char *name, const char *sep)
{
	return name && *name && printable(name) && !strpbrk(name, sep);
}

/*
 * True when SQL text survives as a macro argument, which the preprocessor
 * stringizes spelling for spelling: C must see its quoted parts end where
 * SQL does (C takes a backslash and the byte after it as one escape, so a
 * backslash before the closing quote or a newline would make the two
 * disagree), its parentheses must balance outside quotes, and no C
 * comment may start in it.
 */
static bool macro_safe(const char *sql)
{
	int depth = 0;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			for (p++; *p != q; p++) {
				if (!*p || *p == '\n')
					return false;
				if (*p == '\\' && (p[1] == q || p[1] == '\n' || !p[1]))
					return false;
				if (*p == '\\')
					p++;
			}
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			if (--depth < 0)
				return false;
		} else if (*p == '/' && (p[1] == '/' || p[1] == '*')) {
			return false;
		} else if (*p == '\\') {
			return false;
		}
	}
	return depth == 0 && *sql;
}

/* ---- the naming convention ---- */

/* The name the convention gives an unnamed object of kind k (malloc'd). */
static char *conv_name(const struct rg_compare *cmp, char *const *naming, enum rg_naming_kind k, const char *table,
		       const char *const *cols, size_t ncols, const char *ref_table)
{
	struct rg_schema *s = rg_schema_new();
	struct rg_table *t = rg_schema_add_table(s, table);
	const char **names = NULL;
	size_t n = 0;
	for (size_t i = 0; i < ncols; i++)
		rg_names_push(s, &names, &n, cols[i]);
	const char *const *got;
	switch (k) {
	case RG_NAMING_PK: {
		struct rg_pk *pk = rg_table_set_pk(s, t, NULL);
		pk->cols = names, pk->ncols = n;
		got = &pk->name;
		break;
	}
	case RG_NAMING_FK: {
		struct rg_fk *f = rg_table_add_fk(s, t, NULL);
		f->cols = names, f->ncols = n, f->ref_table = ref_table;
		got = &f->name;
		break;
	}
	case RG_NAMING_UQ: {
		struct rg_unique *u = rg_table_add_unique(s, t, NULL);
		u->cols = names, u->ncols = n;
		got = &u->name;
		break;
	}
	default: {
		struct rg_index *x = rg_table_add_index(s, t, NULL);
		x->cols = names, x->ncols = n;
		got = &x->name;
		break;
	}
	}
	/* the objects are the arena's: the pointers stay valid through the
	 * sort apply_naming ends with */
	/* the names are the database's, within its limit: nothing to refuse */
	struct rg_error err;
	rg_schema_apply_naming(s, naming, cmp, &err);
	char *out = rg_xstrdup(*got ? *got : "");
	rg_schema_free(s);
	return out;
}

/* The name to write for an object the database calls name: NULL when the
 * convention gives it that name anyway (or it has none), so that the
 * headers stay short and follow the project's convention where the
 * database did. */
static const char *explicit_name(const struct rg_compare *cmp, char *const *naming,
				 enum rg_naming_kind k,
				 const char *table, const char *const *cols, size_t ncols,
				 const char *ref_table, const char *name)
{
	if (!name)
		return NULL;
	char *conv = conv_name(cmp, naming, k, table, cols, ncols, ref_table);
	bool same = strcmp(conv, name) == 0;
	free(conv);
	return same ? NULL : name;
}

/* ---- what cannot be declared ---- */

static bool cols_writable(const char *const *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!writable(cols[i], ","))
			return false;
	return true;
}

/*
 * Why the models cannot declare index x of t, or NULL when they can.  The
 * one place that decides it: what the introspector found no macro for
 * (x->opaque: another access method, INCLUDE columns...), and text the
 * macros cannot carry (a name the reader would split, SQL that does not
 * survive the preprocessor).
 */
static const char *inexpressible_index(const struct rg_table *t, const struct rg_index *x)
{
	if (x->opaque)
		return x->opaque;
	if (x->ncols == 0)
		return "index without columns";
	bool plain = rg_index_plain(x) && !x->where;
	for (size_t i = 0; i < x->ncols; i++) {
		struct rg_key_part kp;
		rg_key_part(x->cols[i], &kp);
		if (kp.expr) {
			if (!macro_safe(x->cols[i]))
				return "its expression does not survive as a macro argument";
		} else if (plain ? !rg_table_find_column(t, x->cols[i]) : !printable(x->cols[i])) {
			return "a key part that is neither a column of the table nor an expression";
		}
	}
	if (x->where && !macro_safe(x->where))
		return "its predicate does not survive as a macro argument";
	if (x->ncols > 1 || x->kind || !plain) {
		if (!writable(x->name, ":"))
			return "its name holds a ':' or a control character, which RG_INDEX_ON cannot carry";
		for (size_t i = 0; i < x->ncols; i++) {
			struct rg_key_part kp;
			rg_key_part(x->cols[i], &kp);
			if (!kp.expr && memchr(kp.text, ',', kp.len))
				return "a column's name holds a ',' or a control character, which RG_INDEX_ON cannot carry";
		}
	}
	return NULL;
}

/* ---- columns ---- */

/* The C type of a column whose type one of the generic spellings renders
 * to in this dialect, else NULL (then RG_TYPE says the type). */
struct c_type {
	const char *c;     /* "int64_t", "char" */
	const char *array; /* "[256]" or "" */
	bool pointer;      /* written as a pointer (nullable) */
	bool rg_type;      /* RG_TYPE(<catalog type>) follows */
};

static bool renders_as(const struct rg_compare *cmp, const char *generic, const char *canon)
{
	struct rg_column g = {.type = generic, .generic = true};
	struct rg_buf r = RG_BUF_INIT, c = RG_BUF_INIT;
	cmp->render_type(&r, &g);
	cmp->canon_type(&c, rg_buf_str(&r));
	bool same = strcmp(rg_buf_str(&c), canon) == 0;
	rg_buf_free(&r);
	rg_buf_free(&c);
	return same;
}

/* RG_SCHEMA(billing) and a blank for what is named "billing.x", the
 * schema of a C name that cannot say it (an enum's tag, a typedef, a
 * variable); nothing for the default schema's */
static void schema_of(struct rg_buf *out, const char *name)
{
	size_t n = rg_qualified_prefix(name);
	if (n)
		rg_buf_addf(out, "RG_SCHEMA(%.*s) ", (int)n, name);
}

/* ---- enumerated types (PostgreSQL) ---- */

/* Whether e can be a C enum the loader reads back as e: its name a C tag
 * (the type's name is the tag), each label one RG_LABEL can spell. */
static bool enum_writable(const struct rg_enum *e)
{
	const char *tag = rg_unqualified(e->name);
	if (!is_ident(tag) || is_reserved(tag) || !e->nlabels)
		return false;
	for (size_t i = 0; i < e->nlabels; i++)
		if (!*e->labels[i] || !printable(e->labels[i]))
			return false;
	return true;
}

/* The writable enum of s that col's type is, or NULL. */
static const struct rg_enum *column_enum(const struct rg_compare *cmp, const struct rg_schema *s,
					 const struct rg_column *col)
{
	if (!(cmp->caps & RG_CAP_ENUM_TYPES) || !s->nenums)
		return NULL;
	struct rg_buf have = RG_BUF_INIT, want = RG_BUF_INIT;
	cmp->canon_type(&have, col->type);
	const struct rg_enum *found = NULL;
	for (size_t i = 0; i < s->nenums && !found; i++) {
		struct rg_column probe = {.type = "ENUM", .generic = true, .enum_name = s->enums[i]->name};
		rg_buf_reset(&want);
		struct rg_buf spelled = RG_BUF_INIT;
		cmp->render_type(&spelled, &probe);
		cmp->canon_type(&want, rg_buf_str(&spelled));
		rg_buf_free(&spelled);
		if (strcmp(rg_buf_str(&have), rg_buf_str(&want)) == 0 && enum_writable(s->enums[i]))
			found = s->enums[i];
	}
	rg_buf_free(&have);
	rg_buf_free(&want);
	return found;
}

/* True when label is the name of a constant of exactly one enum of s
 * that is written, once: then the label can be the constant's name. */
static bool label_is_constant(const struct rg_schema *s, const char *label)
{
	if (!is_ident(label) || is_reserved(label))
		return false;
	size_t n = 0;
	for (size_t i = 0; i < s->nenums; i++)
		if (enum_writable(s->enums[i]))
			for (size_t k = 0; k < s->enums[i]->nlabels; k++)
				n += strcmp(s->enums[i]->labels[k], label) == 0;
	return n == 1;
}

/* A C enum for e, its labels in the type's order; each constant the
 * label itself when it can be, else <enum>_<n> with RG_LABEL.  Guarded:
 * the headers of two tables of one type may both declare it. */
static void render_enum(struct rg_buf *out, const struct rg_schema *s, const struct rg_enum *e)
{
	const char *tag = rg_unqualified(e->name);
	rg_buf_addf(out, "#ifndef REVGEN_ENUM_%s\n#define REVGEN_ENUM_%s\nenum ", tag, tag);
	schema_of(out, e->name);
	rg_buf_addf(out, "%s {\n", tag);
	for (size_t i = 0; i < e->nlabels; i++) {
		if (label_is_constant(s, e->labels[i])) {
			rg_buf_addf(out, "\t%s,\n", e->labels[i]);
			continue;
		}
		rg_buf_addf(out, "\t%s_%zu RG_LABEL(", tag, i);
		add_c_string(out, e->labels[i]);
		rg_buf_add(out, "),\n");
	}
	rg_buf_add(out, "};\n#endif\n\n");
}

static void column_type(const struct rg_compare *cmp, const struct rg_column *col,
			struct rg_arena *a, struct c_type *out)
{
	static const struct {
		const char *generic, *c;
	} scalars[] = {
		{"BIGINT", "int64_t"}, {"INTEGER", "int32_t"}, {"SMALLINT", "int16_t"},
		{"BOOLEAN", "bool"}, {"DOUBLE PRECISION", "double"}, {"REAL", "float"},
		{"TIMESTAMP", "time_t"},
	};
	struct rg_buf canon = RG_BUF_INIT;
	cmp->canon_type(&canon, col->type);
	const char *cn = rg_buf_str(&canon);
	*out = (struct c_type){"char", "", true, true};
	for (size_t i = 0; i < RG_ARRAY_LEN(scalars); i++)
		if (renders_as(cmp, scalars[i].generic, cn)) {
			*out = (struct c_type){scalars[i].c, "", !col->not_null, false};
			goto done;
		}
	/* an unsigned integer is C's where the database has the type
	 * (elsewhere a signed one and a CHECK, which says less: a bigint
	 * with CHECK (x >= 0) is no uint32_t) */
	static const struct {
		const char *generic, *c;
	} unsigneds[] = {
		{"TINYINT UNSIGNED", "uint8_t"}, {"SMALLINT UNSIGNED", "uint16_t"},
		{"INTEGER UNSIGNED", "uint32_t"}, {"BIGINT UNSIGNED", "uint64_t"},
	};
	for (size_t i = 0; (cmp->caps & RG_CAP_UNSIGNED) && i < RG_ARRAY_LEN(unsigneds); i++)
		if (renders_as(cmp, unsigneds[i].generic, cn)) {
			*out = (struct c_type){unsigneds[i].c, "", !col->not_null, false};
			goto done;
		}
	if (renders_as(cmp, "TEXT", cn)) {
		*out = (struct c_type){"char", "", true, false};
		goto done;
	}
	/* VARCHAR(n): a char[n + 1] */
	const char *paren = strchr(col->type, '(');
	char *end;
	long n = paren ? strtol(paren + 1, &end, 10) : 0;
	if (n > 0 && n < 1000000 && *end == ')') {
		const char *v = rg_arena_printf(a, "VARCHAR(%ld)", n);
		if (renders_as(cmp, v, cn)) {
			*out = (struct c_type){"char", rg_arena_printf(a, "[%ld]", n + 1), false, false};
			goto done;
		}
	}
	/* another type: a C type of the same kind of values, for the
	 * application's sake; RG_TYPE is what the loader reads */
	if (cmp->type_range) {
		struct rg_type_range r;
		cmp->type_range(cn, &r);
		if (r.family == RG_TF_INTEGER)
			*out = (struct c_type){"int64_t", "", !col->not_null, true};
		else if (r.family == RG_TF_FLOAT || r.family == RG_TF_DECIMAL)
			*out = (struct c_type){"double", "", !col->not_null, true};
	}
	if (strncmp(cn, "TIMESTAMP", 9) == 0 || strncmp(cn, "DATETIME", 8) == 0)
		*out = (struct c_type){"time_t", "", !col->not_null, true};
done:
	rg_buf_free(&canon);
}


/* ---- domains (PostgreSQL) ---- */

/* The domain a column is of, when its typedef can be written. */
static bool domain_writable(const struct rg_domain *dm)
{
	bool ok = printable(dm->name) && macro_safe(dm->type) &&
		  (!dm->default_expr || macro_safe(dm->default_expr));
	/* a check's name C cannot spell is written as SQL quotes it */
	for (size_t k = 0; ok && k < dm->nchecks; k++)
		ok = printable(dm->check_names[k]) && !strpbrk(dm->check_names[k], "\"\\") &&
		     macro_safe(dm->checks[k]);
	return ok;
}

/* The typedef's name of domain dm of s: its name when C can spell it,
 * else one made of it (with RG_NAME), unique among the domains'. */
static char *domain_tag(const struct rg_schema *s, const struct rg_domain *dm)
{
	char *tag = c_ident(rg_unqualified(dm->name));
	unsigned same = 0;
	for (size_t i = 0; i < s->ndomains && s->domains[i] != dm; i++) {
		char *other = c_ident(rg_unqualified(s->domains[i]->name));
		same += strcmp(other, tag) == 0;
		free(other);
	}
	return numbered(tag, same);
}

static const struct rg_domain *column_domain(const struct rg_compare *cmp,
					     const struct rg_schema *s, const struct rg_column *c)
{
	char *name = (cmp->caps & RG_CAP_DOMAINS) && *c->type ? rg_type_object(c->type) : NULL;
	const struct rg_domain *dm = name ? rg_schema_find_domain(s, name) : NULL;
	free(name);
	return dm && domain_writable(dm) ? dm : NULL;
}

/* The C type of a domain's typedef: its base type's, never NULL (a
 * pointer only where the C type is one, a char *) */
static void domain_c_type(const struct rg_compare *cmp, const struct rg_domain *dm,
			  struct rg_arena *a, struct c_type *ct)
{
	struct rg_column probe = {.type = dm->type, .not_null = true};
	column_type(cmp, &probe, a, ct);
}

/* `typedef char *email_t RG_DOMAIN(text, CONSTRAINT email_t_check CHECK
 * (VALUE ~ '@'));`, every check under its name, so that the models name
 * them as the database does; one that cannot be written is a comment */
static void render_domains(struct rg_buf *out, const struct rg_compare *cmp,
			   const struct rg_schema *s)
{
	struct rg_arena *a = rg_arena_new();
	for (size_t i = 0; (cmp->caps & RG_CAP_DOMAINS) && i < s->ndomains; i++) {
		const struct rg_domain *dm = s->domains[i];
		if (!domain_writable(dm)) {
			rg_buf_add(out, "/* domain ");
			add_comment_text(out, dm->name);
			rg_buf_add(out, ": its name or SQL cannot be written in a macro; its columns "
				       "have RG_TYPE */\n");
			continue;
		}
		struct c_type ct;
		domain_c_type(cmp, dm, a, &ct);
		char *tag = domain_tag(s, dm);
		rg_buf_addf(out, "typedef %s %s%s%s", ct.c, ct.pointer ? "*" : "", tag, ct.array);
		if (strcmp(tag, rg_unqualified(dm->name)) != 0)
			add_named(out, "RG_NAME", rg_unqualified(dm->name));
		rg_buf_addc(out, ' ');
		free(tag);
		schema_of(out, dm->name);
		rg_buf_addf(out, "RG_DOMAIN(%s", dm->type);
		if (dm->not_null)
			rg_buf_add(out, ", NOT NULL");
		if (dm->default_expr)
			rg_buf_addf(out, ", DEFAULT %s", dm->default_expr);
		for (size_t k = 0; k < dm->nchecks; k++)
			rg_buf_addf(out, is_ident(dm->check_names[k]) ? ", CONSTRAINT %s CHECK (%s)"
				    : ", CONSTRAINT \"%s\" CHECK (%s)", dm->check_names[k], dm->checks[k]);
		rg_buf_add(out, ");\n");
	}
	if (s->ndomains && (cmp->caps & RG_CAP_DOMAINS))
		rg_buf_addc(out, '\n');
	rg_arena_free(a);
}

/* ---- one table ---- */

/* What a column's own attributes declare of the table's uniques and
 * indexes (one of each at most: the reader's RG_UNIQUE and RG_INDEX). */
struct slot {
	bool uq, ix;
	const char *uq_name, *ix_name; /* written with RG_..._NAME; NULL: none */
};

struct table_out {
	const struct rg_compare *cmp;
	char *const *naming;
	const struct rg_table *t;
	struct rg_buf notes;  /* the comment above the struct */
	struct rg_buf tattrs; /* the table's attributes, a line each */
	struct slot *slots;   /* per column */
};

static void note(struct table_out *o, const char *what, const char *name, const char *why)
{
	rg_buf_add(&o->notes, " * ");
	rg_buf_add(&o->notes, what);
	if (name) {
		rg_buf_addc(&o->notes, ' ');
		add_comment_text(&o->notes, name);
	}
	rg_buf_add(&o->notes, ": ");
	add_comment_text(&o->notes, why);
	rg_buf_addc(&o->notes, '\n');
}

static void add_cols(struct rg_buf *out, const char *const *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		rg_buf_add(out, ", ");
		add_name(out, cols[i]);
	}
}

/* A unique key (constraint or unique index) on the column when it is the
 * column's first, else RG_UNIQUE_ON. */
static void plan_unique(struct table_out *o, const char *name, const char *const *cols,
			size_t ncols)
{
	const struct rg_table *t = o->t;
	if (ncols == 1) {
		long ci = rg_table_column_index(t, cols[0]);
		if (ci >= 0 && !o->slots[ci].uq) {
			o->slots[ci].uq = true;
			o->slots[ci].uq_name = explicit_name(o->cmp, o->naming, RG_NAMING_UQ, t->name,
							     cols, 1, NULL, name);
			return;
		}
	}
	char *conv = name ? NULL : conv_name(o->cmp, o->naming, RG_NAMING_UQ, t->name, cols, ncols, NULL);
	const char *n = name ? name : conv;
	if (!writable(n, ":") || !cols_writable(cols, ncols))
		note(o, "unique key", n, "a name in it holds a ':' or ',' or a control character, which RG_UNIQUE_ON cannot carry");
	else {
		rg_buf_add(&o->tattrs, "\tRG_UNIQUE_ON(");
		add_name(&o->tattrs, n);
		add_cols(&o->tattrs, cols, ncols);
		rg_buf_add(&o->tattrs, ")\n");
	}
	free(conv);
}

/* A key part's collation or operator class, as add_name writes a name */
static void add_word(struct rg_buf *out, const char *prefix, const char *w, size_t n)
{
	char *s = rg_xstrndup(w, n);
	rg_buf_add(out, prefix);
	add_name(out, s);
	free(s);
}

/* Key parts as RG_INDEX_ON takes them: a column (quoted when it must be)
 * with its prefix length, or an expression in parentheses, then COLLATE,
 * the operator class, DESC and NULLS as the part has them; then the
 * INCLUDE columns. */
static void add_parts(struct rg_buf *out, const struct rg_index *x)
{
	const char *const *cols = x->cols;
	for (size_t i = 0; i < x->ncols; i++) {
		struct rg_key_part kp;
		rg_key_part(cols[i], &kp);
		rg_buf_add(out, ", ");
		if (kp.expr) {
			rg_buf_addc(out, '(');
			rg_buf_addn(out, kp.text, kp.len);
			rg_buf_addc(out, ')');
		} else {
			char *col = rg_xstrndup(kp.text, kp.len);
			add_name(out, col);
			free(col);
		}
		if (kp.prefix)
			rg_buf_addf(out, "(%lu)", kp.prefix);
		if (kp.collation)
			add_word(out, " COLLATE ", kp.collation, kp.collation_len);
		if (kp.opclass)
			add_word(out, " ", kp.opclass, kp.opclass_len);
		if (kp.desc)
			rg_buf_add(out, " DESC");
		if (kp.nulls)
			rg_buf_add(out, kp.nulls == RG_NULLS_FIRST ? " NULLS FIRST" : " NULLS LAST");
	}
	if (x->ninclude) {
		rg_buf_add(out, ", INCLUDE (");
		for (size_t i = 0; i < x->ninclude; i++) {
			if (i)
				rg_buf_add(out, ", ");
			add_name(out, x->include[i]);
		}
		rg_buf_addc(out, ')');
	}
}

static void plan_index(struct table_out *o, const struct rg_index *x)
{
	const struct rg_table *t = o->t;
	const char *why = inexpressible_index(t, x);
	if (why) {
		note(o, "index", x->name, why);
		return;
	}
	/* a partial index, or one with expressions, DESC or another of the
	 * forms rg_index_plain says no to: the macros that take key parts
	 * (RG_UNIQUE_ON of such parts is a unique index) */
	if (x->where || !rg_index_plain(x)) {
		const char *macro = x->where ? (x->unique ? "RG_UNIQUE_WHERE" : "RG_INDEX_WHERE")
					     : (x->unique ? "RG_UNIQUE_ON" : "RG_INDEX_ON");
		rg_buf_addf(&o->tattrs, "\t%s(", macro);
		add_name(&o->tattrs, x->name);
		if (x->method)
			add_word(&o->tattrs, " USING ", x->method, strlen(x->method));
		if (x->where)
			rg_buf_addf(&o->tattrs, ", %s", x->where);
		add_parts(&o->tattrs, x);
		rg_buf_add(&o->tattrs, ")\n");
		return;
	}
	if (x->unique) {
		plan_unique(o, x->name, x->cols, x->ncols);
		return;
	}
	if (x->ncols == 1 && !x->kind) {
		long ci = rg_table_column_index(t, x->cols[0]);
		if (!o->slots[ci].ix) {
			o->slots[ci].ix = true;
			o->slots[ci].ix_name = explicit_name(o->cmp, o->naming, RG_NAMING_IX, t->name,
							     x->cols, 1, NULL, x->name);
			return;
		}
		if (!writable(x->name, ":") || !writable(x->cols[0], ",")) {
			note(o, "index", x->name, "a second index on the column, and a name in it holds a ':' or ',' or a control character");
			return;
		}
	}
	const char *macro = !x->kind ? "RG_INDEX_ON" :
		strcmp(x->kind, "FULLTEXT") == 0 ? "RG_FULLTEXT_ON" : "RG_SPATIAL_ON";
	rg_buf_addf(&o->tattrs, "\t%s(", macro);
	add_name(&o->tattrs, x->name);
	add_cols(&o->tattrs, x->cols, x->ncols);
	rg_buf_add(&o->tattrs, ")\n");
}

static void plan_check(struct table_out *o, const struct rg_check *ck)
{
	/* a column's own check goes on its field (column_attrs) */
	if (ck->column && rg_table_find_column(o->t, ck->column) && macro_safe(ck->expr))
		return;
	if (!macro_safe(ck->expr)) {
		note(o, "check", ck->name, "its SQL does not survive as a macro argument (a backslash before a quote, or a newline, in a string)");
		return;
	}
	rg_buf_add(&o->tattrs, "\tRG_CHECK(");
	if (writable(ck->name, ":"))
		add_name(&o->tattrs, ck->name);
	else if (ck->name)
		note(o, "check", ck->name, "declared unnamed: its name holds a ':' or a control character, which RG_CHECK cannot carry");
	rg_buf_addf(&o->tattrs, ", %s)\n", ck->expr);
}

/* The foreign key a column's RG_REFERENCES declares: the first one on the
 * column alone. */
static const struct rg_fk *column_fk(const struct rg_table *t, const char *col)
{
	for (size_t i = 0; i < t->nfks; i++) {
		const struct rg_fk *f = t->fks[i];
		if (f->ncols == 1 && strcmp(f->cols[0], col) == 0)
			return writable(f->ref_table, ",") && writable(f->ref_cols[0], "") ? f : NULL;
	}
	return NULL;
}

/* A key's actions other than the default, each as fmt writes it.  InnoDB
 * reports the default as RESTRICT, which is NO ACTION there. */
static void add_actions(struct rg_buf *out, const struct rg_compare *cmp, const struct rg_fk *f,
			const char *del_fmt, const char *upd_fmt)
{
	enum rg_fk_action none = (cmp->caps & RG_CAP_RESTRICT_IS_NO_ACTION) ?
		RG_FK_RESTRICT : RG_FK_NO_ACTION;
	if (f->on_delete != RG_FK_NO_ACTION && f->on_delete != none)
		rg_buf_addf(out, del_fmt, rg_fk_action_sql(f->on_delete));
	if (f->on_update != RG_FK_NO_ACTION && f->on_update != none)
		rg_buf_addf(out, upd_fmt, rg_fk_action_sql(f->on_update));
}

static void add_name_list(struct rg_buf *out, const char *const *names, size_t n)
{
	rg_buf_addc(out, '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			rg_buf_add(out, ", ");
		add_name(out, names[i]);
	}
	rg_buf_addc(out, ')');
}

/* A key RG_REFERENCES cannot declare (on several columns, a second one on
 * its column, a referenced name with a ','): RG_FOREIGN_KEY, whose names
 * are C string literals where they must be. */
static void plan_fk(struct table_out *o, const struct rg_fk *f)
{
	if (f->ncols == 1 && column_fk(o->t, f->cols[0]) == f)
		return;
	bool ok = f->ncols > 0 && printable(f->ref_table) && (!f->name || printable(f->name));
	for (size_t i = 0; i < f->ncols && ok; i++)
		ok = printable(f->cols[i]) && printable(f->ref_cols[i]);
	if (!ok) {
		note(o, "foreign key", f->name ? f->name : f->ref_table, "a name in it holds a control character");
		return;
	}
	const char *n = explicit_name(o->cmp, o->naming, RG_NAMING_FK, o->t->name, f->cols, f->ncols,
				      f->ref_table, f->name);
	rg_buf_add(&o->tattrs, "\tRG_FOREIGN_KEY(");
	if (n)
		add_name(&o->tattrs, n);
	rg_buf_add(&o->tattrs, ", ");
	add_name_list(&o->tattrs, f->cols, f->ncols);
	rg_buf_add(&o->tattrs, ", ");
	add_name(&o->tattrs, f->ref_table);
	rg_buf_add(&o->tattrs, ", ");
	add_name_list(&o->tattrs, f->ref_cols, f->ncols);
	add_actions(&o->tattrs, o->cmp, f, ", ON DELETE %s", ", ON UPDATE %s");
	if (f->deferrable)
		rg_buf_add(&o->tattrs, f->initially_deferred ? ", DEFERRABLE INITIALLY DEFERRED" : ", DEFERRABLE");
	rg_buf_add(&o->tattrs, ")\n");
}

/* The primary key's columns in the order the columns are declared: the
 * reader builds the key in that order. */
static bool pk_in_column_order(const struct rg_table *t)
{
	size_t k = 0;
	for (size_t i = 0; i < t->ncolumns && k < t->pk->ncols; i++)
		if (strcmp(t->columns[i]->name, t->pk->cols[k]) == 0)
			k++;
	return k == t->pk->ncols;
}

static void column_attrs(struct table_out *o, struct rg_buf *out, size_t ci, bool pk)
{
	const struct rg_table *t = o->t;
	const struct rg_column *c = t->columns[ci];
	const struct rg_compare *cmp = o->cmp;
	if (pk) {
		rg_buf_add(out, " RG_PRIMARY_KEY");
		const char *n = (cmp->caps & RG_CAP_NAMED_PK) &&
			strcmp(t->pk->cols[0], c->name) == 0 ?
			explicit_name(o->cmp, o->naming, RG_NAMING_PK, t->name, t->pk->cols,
				      t->pk->ncols, NULL, t->pk->name) : NULL;
		if (n)
			add_named(out, "RG_PRIMARY_KEY_NAME", n);
		/* a serial column's RG_TYPE(serial) says it (render_table) */
		if (c->autoincrement && !c->serial)
			rg_buf_add(out, c->identity_always ? " RG_IDENTITY_ALWAYS" : " RG_AUTOINCREMENT");
	} else if (c->autoincrement && !c->serial) {
		note(o, "autoincrement of column", c->name, "revgen declares it on primary key columns only");
	}
	const struct rg_fk *f = column_fk(t, c->name);
	if (f) {
		rg_buf_add(out, " RG_REFERENCES(");
		add_name(out, f->ref_table);
		rg_buf_add(out, ", ");
		add_name(out, f->ref_cols[0]);
		rg_buf_addc(out, ')');
		add_actions(out, cmp, f, " RG_ON_DELETE(%s)", " RG_ON_UPDATE(%s)");
		if (f->deferrable)
			rg_buf_add(out, f->initially_deferred ? " RG_INITIALLY_DEFERRED" : " RG_DEFERRABLE");
		const char *n = explicit_name(o->cmp, o->naming, RG_NAMING_FK, t->name, f->cols, 1,
					      f->ref_table, f->name);
		if (n)
			add_named(out, "RG_REFERENCES_NAME", n);
	}
	if (c->invisible)
		rg_buf_add(out, " RG_INVISIBLE");
	/* MariaDB's column-level check: the field's first unnamed RG_CHECK */
	for (size_t i = 0; i < t->nchecks; i++)
		if (t->checks[i]->column && strcmp(t->checks[i]->column, c->name) == 0 &&
		    macro_safe(t->checks[i]->expr)) {
			rg_buf_addf(out, " RG_CHECK(, %s)", t->checks[i]->expr);
			break;
		}
	if (c->generated) {
		if (macro_safe(c->generated))
			rg_buf_addf(out, " %s(%s)", c->generated_virtual ? "RG_GENERATED_VIRTUAL"
					 : "RG_GENERATED", c->generated);
		else
			note(o, "generation expression of column", c->name, "its SQL does not survive as a macro argument (a backslash before a quote, or a newline, in a string)");
	}
	if (c->default_expr) {
		if (macro_safe(c->default_expr))
			rg_buf_addf(out, " RG_DEFAULT(%s)", c->default_expr);
		else
			note(o, "default of column", c->name, "its SQL does not survive as a macro argument (a backslash before a quote, or a newline, in a string)");
	}
	if (c->on_update) {
		if (f && f->on_update != RG_FK_NO_ACTION)
			note(o, "ON UPDATE of column", c->name, "its foreign key's ON UPDATE takes RG_ON_UPDATE");
		else if (!macro_safe(c->on_update))
			note(o, "ON UPDATE of column", c->name, "its SQL does not survive as a macro argument");
		else
			rg_buf_addf(out, " RG_ON_UPDATE(%s)", c->on_update);
	}
	/* MySQL: written where they differ from the table's own defaults */
	if ((cmp->caps & RG_CAP_CHARSETS) &&
	    (!rg_streq(c->charset, t->charset) || !rg_streq(c->collation, t->collation)) &&
	    (c->charset || c->collation)) {
		if (c->charset)
			add_named(out, "RG_CHARSET", c->charset);
		if (c->collation)
			add_named(out, "RG_COLLATE", c->collation);
	} else if (!(cmp->caps & RG_CAP_CHARSETS) && (cmp->caps & RG_CAP_COLUMN_COLLATIONS) &&
		   c->collation) {
		add_named(out, "RG_COLLATE", c->collation);
	}
	if (c->comment && (cmp->caps & RG_CAP_COMMENTS)) {
		rg_buf_add(out, " RG_COMMENT(");
		add_c_string(out, c->comment);
		rg_buf_addc(out, ')');
	}
	const struct slot *sl = &o->slots[ci];
	if (sl->uq)
		rg_buf_add(out, " RG_UNIQUE");
	if (sl->uq_name)
		add_named(out, "RG_UNIQUE_NAME", sl->uq_name);
	if (sl->ix)
		rg_buf_add(out, " RG_INDEX");
	if (sl->ix_name)
		add_named(out, "RG_INDEX_NAME", sl->ix_name);
}

/* A struct tag for t unique in s: its C identifier, numbered after the
 * first table of s that has the same one. */
static char *tag_of(const struct rg_schema *s, const struct rg_table *t)
{
	char *tag = c_ident(t->name);
	unsigned same = 0;
	for (size_t i = 0; i < s->ntables && s->tables[i] != t; i++) {
		char *other = c_ident(s->tables[i]->name);
		same += strcmp(other, tag) == 0;
		free(other);
	}
	return numbered(tag, same);
}

/* A member name for column ci unique among the struct's members. */
static char *member_of(const struct rg_table *t, size_t ci)
{
	char *m = c_ident(t->columns[ci]->name);
	unsigned same = 0;
	for (size_t i = 0; i < ci; i++) {
		char *other = c_ident(t->columns[i]->name);
		same += strcmp(other, m) == 0;
		free(other);
	}
	return numbered(m, same);
}

static void render_table(struct rg_buf *out, const struct rg_compare *cmp,
			 char *const *naming, const struct rg_schema *s,
			 const struct rg_table *t)
{
	bool ok = printable(t->name);
	for (size_t i = 0; i < t->ncolumns && ok; i++)
		ok = printable(t->columns[i]->name) && t->columns[i]->type &&
		     (*t->columns[i]->type ? macro_safe(t->columns[i]->type)
					   : (cmp->caps & RG_CAP_TYPELESS) != 0);
	if (!ok) {
		rg_buf_add(out, "/* table ");
		add_comment_text(out, t->name);
		rg_buf_add(out, ": not declared: a name holds a control character, or a column has no type "
			   "RG_TYPE can carry */\n\n");
		return;
	}
	struct table_out o = {cmp, naming, t, RG_BUF_INIT, RG_BUF_INIT,
			      rg_xcalloc(t->ncolumns ? t->ncolumns : 1, sizeof(struct slot))};
	/* a key in another order than the columns: RG_PRIMARY_KEY_ON */
	bool pk_ok = !t->pk || pk_in_column_order(t);
	if (!pk_ok && !cols_writable(t->pk->cols, t->pk->ncols)) {
		note(&o, "primary key", t->pk->name, "its columns are not in the order the columns "
		     "are, and a name in it holds a ',' or a control character, which "
		     "RG_PRIMARY_KEY_ON cannot carry");
	} else if (!pk_ok) {
		rg_buf_add(&o.tattrs, "\tRG_PRIMARY_KEY_ON(");
		for (size_t i = 0; i < t->pk->ncols; i++) {
			if (i)
				rg_buf_add(&o.tattrs, ", ");
			add_name(&o.tattrs, t->pk->cols[i]);
		}
		rg_buf_add(&o.tattrs, ")\n");
		const char *n = (cmp->caps & RG_CAP_NAMED_PK) ?
			explicit_name(cmp, naming, RG_NAMING_PK, t->name, t->pk->cols,
				      t->pk->ncols, NULL, t->pk->name) : NULL;
		if (n) {
			rg_buf_add(&o.tattrs, "\tRG_PRIMARY_KEY_NAME(");
			add_name(&o.tattrs, n);
			rg_buf_add(&o.tattrs, ")\n");
		}
	}
	if ((cmp->caps & RG_CAP_CHARSETS) && t->charset)
		rg_buf_addf(&o.tattrs, "\tRG_CHARSET(%s)\n", t->charset);
	if ((cmp->caps & RG_CAP_CHARSETS) && t->collation)
		rg_buf_addf(&o.tattrs, "\tRG_COLLATE(%s)\n", t->collation);
	/* MySQL: the usual engine and row format go unsaid (a table that
	 * says none keeps its own), the others are written */
	if ((cmp->caps & RG_CAP_ENGINE) && t->engine && strcasecmp(t->engine, "InnoDB") != 0)
		rg_buf_addf(&o.tattrs, "\tRG_ENGINE(%s)\n", t->engine);
	if ((cmp->caps & RG_CAP_ENGINE) && t->row_format &&
	    strcasecmp(t->row_format, "DYNAMIC") != 0)
		rg_buf_addf(&o.tattrs, "\tRG_ROW_FORMAT(%s)\n", t->row_format);
	if (t->unlogged)
		rg_buf_add(&o.tattrs, "\tRG_UNLOGGED\n");
	if (t->without_rowid)
		rg_buf_add(&o.tattrs, "\tRG_WITHOUT_ROWID\n");
	if (t->strict)
		rg_buf_add(&o.tattrs, "\tRG_STRICT\n");
	if (t->comment && (cmp->caps & RG_CAP_COMMENTS)) {
		rg_buf_add(&o.tattrs, "\tRG_COMMENT(");
		add_c_string(&o.tattrs, t->comment);
		rg_buf_add(&o.tattrs, ")\n");
	}
	for (size_t i = 0; i < t->nuniques; i++)
		plan_unique(&o, t->uniques[i]->name, t->uniques[i]->cols, t->uniques[i]->ncols);
	for (size_t i = 0; i < t->nindexes; i++)
		plan_index(&o, t->indexes[i]);
	/* MySQL: the index InnoDB made for a foreign key is named after the
	 * key's first column when the key was written by hand without a name;
	 * built from the model, it would be named after the key.  Declared
	 * under its own name, it is created first and the key leans on it. */
	for (size_t i = 0; i < t->nfks; i++) {
		const struct rg_fk *f = t->fks[i];
		if (!f->index || rg_streq(f->index, f->name))
			continue;
		struct rg_index x = {.name = f->index, .named = true, .ncols = f->ncols,
				     .cols = f->cols};
		plan_index(&o, &x);
	}
	for (size_t i = 0; i < t->nchecks; i++)
		plan_check(&o, t->checks[i]);
	for (size_t i = 0; i < t->nfks; i++)
		plan_fk(&o, t->fks[i]);

	struct rg_buf body = RG_BUF_INIT;
	struct rg_arena *a = rg_arena_new();
	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct rg_column *c = t->columns[i];
		struct c_type ct = {"char", "", true, true};
		/* SQLite's column with no declared type: RG_TYPE() on a char * */
		if (*c->type)
			column_type(cmp, c, a, &ct);
		const struct rg_enum *e = column_enum(cmp, s, c);
		if (e)
			ct = (struct c_type){rg_arena_printf(a, "enum %s", rg_unqualified(e->name)), "", !c->not_null,
					     false};
		/* a column of a domain: a field of its typedef, nullable as
		 * the typedef is (a pointer or not), never a pointer to it */
		const struct rg_domain *dm = column_domain(cmp, s, c);
		if (dm) {
			domain_c_type(cmp, dm, a, &ct);
			char *tag = domain_tag(s, dm);
			ct = (struct c_type){rg_arena_strdup(a, tag), "", ct.pointer, false};
			free(tag);
		}
		/* PostgreSQL: a serial column is its integer type and the
		 * sequence it owns, which RG_TYPE(serial) and the like say */
		const char *serial = !c->serial ? NULL :
			strcmp(c->type, "bigint") == 0 ? "bigserial" :
			strcmp(c->type, "smallint") == 0 ? "smallserial" : "serial";
		if (serial) {
			ct.rg_type = true;
			ct.array = "";
			ct.c = serial[0] == 'b' ? "int64_t" : serial[1] == 'm' ? "int16_t" : "int32_t";
			ct.pointer = !c->not_null;
		}
		char *m = member_of(t, i);
		rg_buf_addf(&body, "\t%s %s%s%s", ct.c, ct.pointer && !dm ? "*" : "", m, ct.array);
		if (strcmp(m, c->name) != 0)
			add_named(&body, "RG_NAME", c->name);
		free(m);
		if (ct.rg_type)
			rg_buf_addf(&body, " RG_TYPE(%s)", serial ? serial : c->type);
		bool pk = pk_ok && rg_table_column_in_pk(t, c->name);
		/* a pointer is nullable, anything else NOT NULL, unless said */
		if (ct.pointer && c->not_null && !pk)
			rg_buf_add(&body, " RG_NOT_NULL");
		else if (!ct.pointer && !c->not_null)
			rg_buf_add(&body, " RG_NULLABLE");
		column_attrs(&o, &body, i, pk);
		rg_buf_add(&body, ";\n");
	}
	rg_arena_free(a);
	/* (a view is declared with the views) */
	for (size_t i = 0; i < t->ndependents; i++)
		if (!rg_schema_find_view(s, t->dependents[i]->name))
			note(&o, t->dependents[i]->kind, t->dependents[i]->name,
			     "kept by revgen, not declared");
	for (size_t i = 0; i < t->nunsaid; i++)
		note(&o, t->unsaid[i], NULL, "left as it is by revgen; no macro declares it");

	if (o.notes.len) {
		rg_buf_add(out, "/*\n * ");
		add_comment_text(out, t->name);
		rg_buf_add(out, ": what this header does not declare, and why\n");
		rg_buf_add(out, rg_buf_str(&o.notes));
		rg_buf_add(out, " */\n");
	}
	rg_buf_add(out, "struct RG_TABLE(");
	add_name(out, t->name);
	rg_buf_add(out, ")");
	if (o.tattrs.len) {
		rg_buf_addc(out, '\n');
		rg_buf_add(out, rg_buf_str(&o.tattrs));
		rg_buf_addc(out, '\t');
	} else {
		rg_buf_addc(out, ' ');
	}
	char *tag = tag_of(s, t);
	rg_buf_addf(out, "%s {\n%s};\n\n", tag, rg_buf_str(&body));
	free(tag);
	rg_buf_free(&body);
	rg_buf_free(&o.notes);
	rg_buf_free(&o.tattrs);
	free(o.slots);
}

/* ---- views ---- */

/* A struct tag for view v, unique among s's tables' and views' tags. */
static char *view_tag(const struct rg_schema *s, const struct rg_table *v)
{
	char *tag = c_ident(v->name);
	unsigned same = 0;
	for (size_t i = 0; i < s->ntables; i++) {
		char *other = tag_of(s, s->tables[i]);
		same += strcmp(other, tag) == 0;
		free(other);
	}
	for (size_t i = 0; i < s->nviews && s->views[i] != v; i++) {
		char *other = c_ident(s->views[i]->name);
		same += strcmp(other, tag) == 0;
		free(other);
	}
	return numbered(tag, same);
}

/*
 * RG_VIEW (RG_MATERIALIZED_VIEW) with the query as the catalog prints it,
 * a C string literal a line, and a struct whose fields are the view's
 * columns, typed from the catalog's types as a table's are (the loader
 * compares no type of a view: they are for the program).
 */
static void render_view(struct rg_buf *out, const struct rg_compare *cmp,
			const struct rg_schema *s, const struct rg_table *v)
{
	bool ok = printable(v->name) && v->ncolumns > 0;
	for (size_t i = 0; i < v->ncolumns && ok; i++)
		ok = printable(v->columns[i]->name);
	if (!ok) {
		rg_buf_add(out, "/* view ");
		add_comment_text(out, v->name);
		rg_buf_add(out, ": not declared: a name holds a control character, or the database "
			   "reports no columns for it */\n\n");
		return;
	}
	/* (a view's unsaid: the database's own functions it calls) */
	if (v->nunsaid) {
		rg_buf_add(out, "/*\n * ");
		add_comment_text(out, v->name);
		rg_buf_add(out, " calls what no model declares:\n");
		for (size_t i = 0; i < v->nunsaid; i++) {
			rg_buf_add(out, " *   ");
			add_comment_text(out, v->unsaid[i]);
			rg_buf_addc(out, '\n');
		}
		rg_buf_add(out, " * A baseline made from the models needs it created first\n"
			   " * (README, \"Adopting an existing database\").\n */\n");
	}
	rg_buf_add(out, v->materialized ? "struct RG_MATERIALIZED_VIEW(" : "struct RG_VIEW(");
	add_name(out, v->name);
	rg_buf_add(out, ",");
	for (const char *p = v->view_query; *p;) {
		size_t n = strcspn(p, "\n");
		char *line = rg_xstrndup(p, n + (p[n] == '\n'));
		rg_buf_add(out, "\n\t");
		add_c_string(out, line);
		free(line);
		p += n + (p[n] == '\n');
	}
	char *tag = view_tag(s, v);
	rg_buf_addf(out, ") %s {\n", tag);
	free(tag);
	struct rg_arena *a = rg_arena_new();
	for (size_t i = 0; i < v->ncolumns; i++) {
		const struct rg_column *c = v->columns[i];
		struct c_type ct = {"char", "", true, false};
		if (c->type && *c->type)
			column_type(cmp, c, a, &ct);
		char *m = member_of(v, i);
		rg_buf_addf(out, "\t%s %s%s%s", ct.c, ct.pointer ? "*" : "", m, ct.array);
		if (strcmp(m, c->name) != 0)
			add_named(out, "RG_NAME", c->name);
		free(m);
		rg_buf_add(out, ";\n");
	}
	rg_arena_free(a);
	rg_buf_add(out, "};\n\n");
}

/*
 * `extern int64_t order_no RG_SEQUENCE(START 1000 INCREMENT 10);`: the
 * values other than the database's defaults (sequence_defaults, for a
 * sequence of this type and increment).  A name that is no C identifier
 * (or a C keyword) cannot be a variable's: a comment says so.
 */
static void render_sequences(struct rg_buf *out, const struct rg_compare *cmp,
			     const struct rg_schema *s)
{
	struct rg_arena *a = rg_arena_new();
	for (size_t i = 0; cmp->sequence_defaults && i < s->nsequences; i++) {
		const struct rg_sequence *q = s->sequences[i];
		const char *var = rg_unqualified(q->name);
		if (!is_ident(var) || is_reserved(var)) {
			rg_buf_add(out, "/* sequence ");
			add_comment_text(out, q->name);
			rg_buf_add(out, ": its name is no C identifier, so no variable declares it */\n");
			continue;
		}
		struct rg_sequence def = {.name = q->name, .type = q->type,
					  .increment = q->increment};
		cmp->sequence_defaults(a, &def);
		struct rg_buf opts = RG_BUF_INIT;
		if (strcmp(q->start, def.start) != 0)
			rg_buf_addf(&opts, " START %s", q->start);
		if (strcmp(q->increment, "1") != 0)
			rg_buf_addf(&opts, " INCREMENT %s", q->increment);
		if (strcmp(q->min, def.min) != 0)
			rg_buf_addf(&opts, " MINVALUE %s", q->min);
		if (strcmp(q->max, def.max) != 0)
			rg_buf_addf(&opts, " MAXVALUE %s", q->max);
		if (strcmp(q->cache, def.cache) != 0)
			rg_buf_addf(&opts, " CACHE %s", q->cache);
		if (q->cycle)
			rg_buf_add(&opts, " CYCLE");
		rg_buf_addf(out, "extern %s %s ",
			    strcmp(q->type, "smallint") == 0 ? "int16_t"
			    : strcmp(q->type, "integer") == 0 ? "int32_t" : "int64_t", var);
		schema_of(out, q->name);
		rg_buf_addf(out, "RG_SEQUENCE(%s);\n", opts.len ? rg_buf_str(&opts) + 1 : "");
		rg_buf_free(&opts);
	}
	if (s->nsequences)
		rg_buf_addc(out, '\n');
	rg_arena_free(a);
}

static void header_start(struct rg_buf *out, struct rg_buf *guard, const char *guard_stem)
{
	char *stem = c_ident(guard_stem);
	rg_buf_add(guard, "MODELS_");
	for (const char *p = stem; *p; p++)
		rg_buf_addc(guard, (char)toupper((unsigned char)*p));
	rg_buf_add(guard, "_H");
	free(stem);
	rg_buf_addf(out,
		    "/*\n * Written by `revgen inspect --format c` from the database's catalog.\n"
		    " */\n#ifndef %s\n#define %s\n\n"
		    "#include <stdbool.h>\n#include <stdint.h>\n#include <time.h>\n\n"
		    "#include <revgen.h>\n\n",
		    rg_buf_str(guard), rg_buf_str(guard));
}

void rg_header_render_sequences(struct rg_buf *out, const struct rg_compare *cmp,
				const struct rg_schema *s, const char *guard_stem)
{
	struct rg_buf guard = RG_BUF_INIT;
	header_start(out, &guard, guard_stem);
	render_sequences(out, cmp, s);
	rg_buf_addf(out, "#endif /* %s */\n", rg_buf_str(&guard));
	rg_buf_free(&guard);
}

void rg_header_render_domains(struct rg_buf *out, const struct rg_compare *cmp,
			      const struct rg_schema *s, const char *guard_stem)
{
	struct rg_buf guard = RG_BUF_INIT;
	header_start(out, &guard, guard_stem);
	render_domains(out, cmp, s);
	rg_buf_addf(out, "#endif /* %s */\n", rg_buf_str(&guard));
	rg_buf_free(&guard);
}

/* rg_header_render, or with tables false its views alone */
static void render(struct rg_buf *out, const struct rg_compare *cmp, char *const *naming,
		   const struct rg_schema *s, const struct rg_table *only, const char *guard_stem,
		   bool tables)
{
	struct rg_buf guard = RG_BUF_INIT;
	header_start(out, &guard, guard_stem);
	if (!only && tables) {
		render_sequences(out, cmp, s);
		render_domains(out, cmp, s);
	} else if (only) {
		/* its columns' domains, from domains.h beside it */
		bool uses = false;
		for (size_t k = 0; k < only->ncolumns && !uses; k++)
			uses = column_domain(cmp, s, only->columns[k]) != NULL;
		if (uses)
			rg_buf_add(out, "#include \"domains.h\"\n\n");
	}
	/* the enumerated types the tables use, before them */
	for (size_t k = 0; tables && k < s->nenums; k++) {
		bool used = false;
		for (size_t i = 0; i < s->ntables && !used; i++)
			for (size_t j = 0; (!only || s->tables[i] == only) && j < s->tables[i]->ncolumns; j++)
				used = used || column_enum(cmp, s, s->tables[i]->columns[j]) == s->enums[k];
		if (used)
			render_enum(out, s, s->enums[k]);
	}
	for (size_t i = 0; tables && i < s->ntables; i++)
		if (!only || s->tables[i] == only)
			render_table(out, cmp, naming, s, s->tables[i]);
	/* the views after every table: they read them */
	for (size_t i = 0; !only && i < s->nviews; i++)
		render_view(out, cmp, s, s->views[i]);
	rg_buf_addf(out, "#endif /* %s */\n", rg_buf_str(&guard));
	rg_buf_free(&guard);
}

void rg_header_render(struct rg_buf *out, const struct rg_compare *cmp,
		      char *const *naming, const struct rg_schema *s,
		      const struct rg_table *only, const char *guard_stem)
{
	render(out, cmp, naming, s, only, guard_stem, true);
}

void rg_header_render_views(struct rg_buf *out, const struct rg_compare *cmp,
			    const struct rg_schema *s, const char *guard_stem)
{
	render(out, cmp, NULL, s, NULL, guard_stem, false);
}
