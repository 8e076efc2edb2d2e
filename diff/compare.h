/*
 * compare.h - what the differ needs to know of a dialect: which properties
 * the database keeps, and how to bring two spellings of the same thing to
 * one text.  Nothing else of a dialect (connections, rendering of whole
 * statements) reaches the differ.
 *
 * Each dialect's forms live in diff/<dialect>.c (rg_compare_sqlite,
 * rg_compare_postgresql, rg_compare_mysql); emit/dialect.c puts them into
 * the dialect with its catalog reader and renderer.
 */
#ifndef RG_COMPARE_H
#define RG_COMPARE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diff/schema.h"
#include "util/util.h"

/* Properties the database keeps (or merges), which decide what is compared. */
#define RG_CAP_COMMENTS 0x01u  /* table/column comments exist */
#define RG_CAP_NAMED_PK 0x02u  /* the catalog keeps primary key names */
#define RG_CAP_RESTRICT_IS_NO_ACTION 0x04u /* InnoDB: the two are one, and
					      the catalog says RESTRICT */
/* What can be renamed in place (without: dropped and added again). */
#define RG_CAP_RENAME_INDEX 0x08u      /* indexes, and the primary and
					  unique keys an index is */
#define RG_CAP_RENAME_CONSTRAINT 0x10u /* foreign keys and checks */
#define RG_CAP_FORWARD_REFERENCES 0x20u /* CREATE TABLE may name a table
					   that does not exist yet (SQLite):
					   a foreign-key cycle needs no ALTER */

/*
 * What the values of a type are, as far as a change of type goes: within a
 * family, a value of one type is a value of another when both bounds, a
 * and b, are no larger.  Counted so that each dialect can be exact:
 */
enum rg_type_family {
	RG_TF_UNKNOWN, /* anything else: a change is never known to be safe */
	RG_TF_STRING,  /* a: most characters, b: most bytes */
	RG_TF_PADDED,  /* the same, blank-padded (CHAR(n)): trailing spaces are
			  not kept, so only it widens to a STRING, not back */
	RG_TF_INTEGER, /* a: bits below zero (0: unsigned), b: bits above */
	RG_TF_FLOAT,   /* a: bytes of storage, b: 0 */
	RG_TF_DECIMAL, /* a: digits before the point, b: after it */
};
#define RG_TYPE_UNBOUNDED LLONG_MAX

struct rg_type_range {
	enum rg_type_family family;
	long long a, b;
};

/* MySQL's: character sets and collations per table and column, a
 * column's ON UPDATE, FULLTEXT and SPATIAL indexes.  A model that uses one
 * on a database without it is refused (rg_compare_check_models). */
#define RG_CAP_CHARSETS 0x40u
#define RG_CAP_ON_UPDATE 0x80u
#define RG_CAP_INDEX_KINDS 0x100u
/* A column's COLLATE without character sets (PostgreSQL) */
#define RG_CAP_COLUMN_COLLATIONS 0x200u
/* Index forms a model may use: a partial index (WHERE), an expression
 * key part, a DESC key part (PostgreSQL and SQLite have all three;
 * MariaDB 10.8 and MySQL 8 a DESC one) */
#define RG_CAP_PARTIAL_INDEX 0x400u
#define RG_CAP_EXPR_INDEX 0x800u
#define RG_CAP_DESC_INDEX 0x1000u
/* More index forms (PostgreSQL): USING another access method than btree,
 * INCLUDE columns, NULLS FIRST/LAST and an operator class on a key part */
#define RG_CAP_INDEX_METHODS 0x10000u
#define RG_CAP_INDEX_INCLUDE 0x20000u
#define RG_CAP_NULLS_ORDER 0x40000u
#define RG_CAP_OPCLASS 0x80000u
/* COLLATE on a key part (PostgreSQL, SQLite), and MySQL's prefix key
 * part, email(191) */
#define RG_CAP_KEY_COLLATE 0x20000000u
#define RG_CAP_PREFIX_PART 0x40000000u
/* A DECIMAL column's default is kept at the column's scale, rounded half
 * away from zero (MySQL: 1.005 in a DECIMAL(10,2) is 1.01) */
#define RG_CAP_DEFAULT_AT_SCALE 0x2000u
/* Which columns the database numbers (a model's RG_AUTOINCREMENT
 * elsewhere is refused): SQLite only the column that is the whole primary
 * key (INTEGER PRIMARY KEY); MySQL one column a table, which must begin
 * an index. */
#define RG_CAP_AUTOINC_WHOLE_PK 0x4000u
#define RG_CAP_AUTOINC_LEADS_KEY 0x8000u
/* Table options a model may declare (rg_table): MySQL's ENGINE and
 * ROW_FORMAT, PostgreSQL's UNLOGGED, SQLite's WITHOUT ROWID and STRICT;
 * one on a database without it is refused (rg_compare_check_models) */
#define RG_CAP_ENGINE 0x800000000ull
#define RG_CAP_UNLOGGED 0x1000000000ull
#define RG_CAP_ROWID_STRICT 0x2000000000ull
/* Domains (PostgreSQL's CREATE DOMAIN, struct rg_domain): a model's
 * RG_DOMAIN elsewhere is refused (rg_compare_check_models) */
#define RG_CAP_DOMAINS 0x4000000000ull

/* An identity column GENERATED ALWAYS (PostgreSQL; rg_column's
 * identity_always), and a foreign key DEFERRABLE [INITIALLY DEFERRED]
 * (PostgreSQL, SQLite; InnoDB checks every key at once): a model with one
 * on a database without it is refused (rg_compare_check_models) */
#define RG_CAP_IDENTITY_ALWAYS 0x100000u
#define RG_CAP_DEFERRABLE_FK 0x200000u

/* a column may have no declared type (SQLite: `CREATE TABLE t (a)`),
 * RG_TYPE() in a model */
#define RG_CAP_TYPELESS 0x400000u

/*
 * How the database tells two names of one kind apart.  The differ pairs
 * tables, columns, indexes and constraints by name under this rule: two
 * names it takes for one are one object, never an add and a drop (the
 * server would refuse the add, or drop the data).
 */
enum rg_name_rule {
	RG_NAMES_EXACT = 0, /* byte for byte: PostgreSQL's quoted names,
			       MySQL's tables with lower_case_table_names 0 */
	RG_NAMES_ANY_CASE,  /* ASCII letters without case, each name kept as
			       written: a difference of case alone is visible
			       (result-set column names, SHOW CREATE) and is a
			       rename */
	RG_NAMES_LOWER,     /* without case, and a difference of case is none:
			       the server keeps or compares the name in lower
			       case (MySQL's lower_case_table_names 1 and 2),
			       so no rename could change what it reports */
};

/* VIRTUAL generated columns (PostgreSQL has STORED ones only before 18) */
#define RG_CAP_VIRTUAL_GENERATED 0x800000u
/* A generated column takes no NULL or NOT NULL (MariaDB): its
 * nullability is not compared, nor rendered */
#define RG_CAP_GENERATED_NULLABLE 0x1000000u

/* Unsigned integer types (MySQL's UNSIGNED): an unsigned C integer needs
 * no CHECK (col >= 0) (rg_compare_lower_models) */
#define RG_CAP_UNSIGNED 0x2000000u
/* A C enum's column: of a named enumerated type (PostgreSQL's CREATE TYPE
 * ... AS ENUM, struct rg_enum), or of the ENUM(...) column type (MySQL);
 * with neither, TEXT and a CHECK (rg_compare_lower_models) */
#define RG_CAP_ENUM_TYPES 0x4000000u
#define RG_CAP_ENUM_COLUMNS 0x8000000u
/* Array columns (PostgreSQL's): a C array of a scalar is one, with a
 * CHECK of its length; elsewhere it is refused (rg_compare_lower_models) */
#define RG_CAP_ARRAYS 0x10000000u
/* INVISIBLE columns (MariaDB 10.3, MySQL 8.0.23) */
#define RG_CAP_INVISIBLE 0x100000000ull

/* Views (struct rg_table with view_query): MATERIALIZED VIEW
 * (PostgreSQL; a model's elsewhere is refused), and CREATE OR REPLACE VIEW
 * that takes any new query (MySQL; PostgreSQL's keeps the old columns, so
 * a changed view is dropped and created there, and on SQLite, which has
 * no such statement) */
#define RG_CAP_MATERIALIZED_VIEWS 0x200000000ull
#define RG_CAP_REPLACE_VIEW 0x400000000ull

struct rg_compare {
	uint64_t caps; /* RG_CAP_* */
	/* The rules of names per kind: indexes (and unique keys, which are
	 * indexes to the differ), and the other constraints (foreign keys,
	 * checks); zero: RG_NAMES_EXACT. */
	enum rg_name_rule table_names, column_names, index_names, constraint_names;
	/* The longest name (table, column, key, constraint, index) the
	 * database keeps: name_max bytes (PostgreSQL: 63, a longer one is cut
	 * without a word), or characters with name_max_chars (MySQL: 64, a
	 * longer one is refused); 0: no limit (SQLite).  The names revgen
	 * makes are shortened to fit (diff/naming.c), the models' own are
	 * refused when longer. */
	size_t name_max;
	bool name_max_chars;
	/* Appends the column's type in this dialect's spelling (generic types
	 * translated, RG_TYPE passed through): what a model column becomes,
	 * so also what the renderer writes. */
	void (*render_type)(struct rg_buf *out, const struct rg_column *c);
	/* Canonical forms for comparison: two spellings the database treats
	 * as the same must come out byte-identical.  Each depends on its
	 * input text alone: the differ computes a form once per distinct
	 * text. */
	void (*canon_type)(struct rg_buf *out, const char *type);
	void (*canon_default)(struct rg_buf *out, const char *expr);
	void (*canon_expr)(struct rg_buf *out, const char *expr); /* CHECK */
	/* True when a column of this type numbers itself, as if it were
	 * autoincrement (PostgreSQL's serial types); NULL: no such type. */
	bool (*type_autoincrements)(const char *type);
	/* What a type holds (the type as canon_type gives it), for warning
	 * of a change of type only when a value may be truncated or fail to
	 * convert; NULL: every change may. */
	void (*type_range)(const char *canon, struct rg_type_range *out);
	/* True when the column f of tf (the database's) and t of tt (the
	 * models') have the same character set and collation, or, with f
	 * and t NULL, the tables' defaults; NULL for a dialect that has
	 * neither.  Not a canonical form: what a column says nothing of is
	 * its table's. */
	bool (*same_charset)(const struct rg_table *tf, const struct rg_column *f,
			     const struct rg_table *tt, const struct rg_column *t);
	/* True when opclass is the operator class an index of access method
	 * `method` (NULL: the default) takes for a column of type canon (as
	 * canon_type gives it) when none is named, so naming it is naming
	 * none; NULL for a dialect without operator classes. */
	bool (*default_opclass)(const char *method, const char *canon, const char *opclass);
	/* Standalone sequences (struct rg_sequence): fills in, in a, the
	 * values a model's sequence leaves out as this database would
	 * (rg_sequence_fill), and returns NULL, or why the database cannot
	 * have the sequence.  NULL: the database has no sequences (SQLite). */
	const char *(*sequence_defaults)(struct rg_arena *a, struct rg_sequence *q);
};

extern const struct rg_compare rg_compare_sqlite;
extern const struct rg_compare rg_compare_postgresql;
extern const struct rg_compare rg_compare_mysql;
/* MySQL where lower_case_table_names is 1 or 2 (diff/mysql.c) */
extern const struct rg_compare rg_compare_mysql_lower_tables;
/* The same for MySQL's own server, which has no sequences (MariaDB has) */
extern const struct rg_compare rg_compare_oracle_mysql;
extern const struct rg_compare rg_compare_oracle_mysql_lower_tables;

/*
 * The canonical text of an SQL fragment (a type, a default, a CHECK
 * expression) for comparisons: outside quotes, letters upper-cased and
 * whitespace dropped except a single space between two word characters;
 * parentheses that wrap the whole fragment stripped.  Quoted text is kept
 * byte for byte.  Dialects build their canon_* on it.
 */
void rg_sql_canon(struct rg_buf *out, const char *sql);
/* Two columns' collations (NULL: none said) the same, where the name
 * `none` is the database's default and so no collation at all; names
 * compared without case when any_case.  For same_charset of the
 * dialects that have a column's collation only. */
bool rg_same_collation(const char *a, const char *b, const char *none, bool any_case);
/* True when the fragment is a literal: a number, a '...' string, NULL,
 * TRUE or FALSE. */
bool rg_sql_is_literal(const char *sql);
/*
 * When sql is a number (an optional sign, digits with at most one point,
 * an optional exponent; spaces around), appends its value exactly as a
 * decimal: no exponent, no '+', no zeros before the integer part or after
 * the fraction, no point without a fraction, "0" for any zero.  Numbers
 * compare by this text, never through a double: a DECIMAL(35,30) holds
 * digits a double cannot.  False (nothing appended) for anything else.
 */
bool rg_sql_number(struct rg_buf *out, const char *sql);
/* num, a number as rg_sql_number gives it, rounded half away from zero to
 * scale digits after the point, in the same form; false (nothing
 * appended) when num is not one. */
bool rg_sql_number_at_scale(struct rg_buf *out, const char *num, long long scale);
/*
 * A canonical type "name(x,y) rest" taken apart for type_range: returns
 * the length of the name (up to '(', trailing spaces left out), sets
 * args[0..*nargs) to its arguments (*nargs -1 when they are not one or two
 * whole numbers) and *rest to what follows ')' (or the end).
 */
size_t rg_type_split(const char *canon, long long args[2], int *nargs,
		     const char **rest);
/* True when every value of type `from` is a value of type `to`. */
bool rg_type_widens(const struct rg_type_range *from, const struct rg_type_range *to);
/* True when from and to are both MySQL ENUM(...) or both SET(...) types
 * (canonical, lower case) and every label of from is one of to: MySQL
 * converts the stored values by label, so none is lost. */
bool rg_labels_kept(const char *from, const char *to);

/* True when the database takes a and b for one name under rule r
 * (NULL only equals NULL).  In diff/naming.c, with the core: the model
 * loader resolves references by the same rule. */
bool rg_name_same(enum rg_name_rule r, const char *a, const char *b);
/* An order of names consistent with rg_name_same: 0 exactly when it is
 * true; under the rules without case, that of the names in lower case. */
int rg_name_cmp(enum rg_name_rule r, const char *a, const char *b);

/* -1 with err naming the model's file:line when s uses what d's database
 * does not have (a charset on PostgreSQL, a FULLTEXT index on SQLite). */
int rg_compare_check_models(const struct rg_compare *d, const struct rg_schema *s,
			    struct rg_error *err);

#endif
