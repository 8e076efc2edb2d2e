/*
 * schema.h - the one in-memory schema model.
 *
 * The model loader (annotated C headers) and every introspector (SQLite,
 * PostgreSQL, MySQL) fill a struct rg_schema; the differ compares two of
 * them; the emitters render the differences.  Everything hanging off a
 * schema lives in its arena and is freed by rg_schema_free().
 *
 * Names: a NULL constraint or index name means "unnamed" (the database did
 * not keep one).  The differ matches keys, constraints and indexes by their
 * definition, whatever their names, except where `named` is set: the model
 * wrote that name (RG_INDEX_ON, RG_..._NAME), so a database object of the
 * same definition under another name is renamed.  Names the model did not
 * write are NULL when read and come from the naming convention
 * (diff/naming.h) once the models are loaded.
 */
#ifndef RG_SCHEMA_H
#define RG_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

/* Where an object was declared (model headers) - for error messages. */
struct rg_loc {
	const char *file; /* NULL when the object came from a database */
	unsigned line, col;
};

enum rg_fk_action {
	RG_FK_NO_ACTION = 0, /* the default when none is given */
	RG_FK_RESTRICT,
	RG_FK_CASCADE,
	RG_FK_SET_NULL,
	RG_FK_SET_DEFAULT,
};

/* "NO ACTION", "CASCADE", ... */
const char *rg_fk_action_sql(enum rg_fk_action a);
/* Parses "cascade", "SET NULL", "set_null", ... ; -1 when unknown. */
int rg_fk_action_parse(const char *s, enum rg_fk_action *out);

struct rg_column {
	const char *name;
	/*
	 * The SQL type.  From the model loader: when `generic` is true it is one
	 * of the generic spellings of SPEC §3 (BOOLEAN, SMALLINT, INTEGER,
	 * BIGINT, REAL, DOUBLE PRECISION, VARCHAR(n), TEXT, TIMESTAMP), or of
	 * C's own types (TINYINT, SMALLINT, INTEGER or BIGINT UNSIGNED; ENUM,
	 * with enum_name and labels; a scalar's spelling and "[n]" for an
	 * array), that each dialect renders in its own spelling (and
	 * diff/lower.h completes); otherwise RG_TYPE's text, passed
	 * through.  From an introspector: the type as the catalog reports it.
	 */
	const char *type;
	bool generic;
	bool not_null;
	bool autoincrement;
	/* PostgreSQL: numbered by a sequence the column owns through its
	 * nextval() default (a serial type), not as an identity column.
	 * From the catalog: set with autoincrement.  From a model: never;
	 * RG_TYPE(serial) says it (rg_compare.type_autoincrements). */
	bool serial;
	const char *default_expr; /* SQL expression; NULL = no default */
	const char *comment;      /* NULL = none */
	/* MySQL: CHARACTER SET and COLLATE.  From a model: as declared, NULL
	 * = the table's.  From the catalog: the column's, for every column
	 * that has one (strings), NULL for the others. */
	const char *charset, *collation;
	const char *on_update;    /* MySQL: ON UPDATE expression; NULL = none */
	const char *renamed_from; /* model only: RG_RENAMED_FROM */
	/* Model only: a C enum field, whose type is the generic "ENUM": the
	 * enum's name (its tag, else its typedef's) and its labels in C
	 * order.  Each dialect renders it (diff/lower.h): PostgreSQL the type
	 * of that name (struct rg_enum), MySQL ENUM(labels), SQLite TEXT and
	 * a CHECK.  NULL, 0: not one. */
	const char *enum_name;
	size_t nlabels;
	const char **labels;
	struct rg_loc loc;
};

struct rg_pk {
	const char *name; /* NULL: unnamed / dialect does not keep it */
	bool named;       /* model only: the name was written (see above) */
	size_t ncols;
	const char **cols;
};

struct rg_unique {
	const char *name;
	bool named;
	size_t ncols;
	const char **cols;
	struct rg_loc loc;
};

/*
 * An index's key parts, in cols: a column name ("title") or an expression
 * in parentheses ("(lower(title))"), followed by " DESC" for a descending
 * part (rg_key_part takes one apart).  From a catalog the expression is as
 * the server prints it; the differ compares it through canon_expr.  (A
 * column whose name ends in " DESC" or is wrapped in parentheses would
 * read as such a part: the loader then reports a column the table lacks.)
 */
struct rg_index {
	const char *name;
	bool named;
	bool unique;
	size_t ncols;
	const char **cols; /* key parts, as above */
	const char *where; /* partial index predicate; NULL = none */
	const char *kind;  /* MySQL: "FULLTEXT" or "SPATIAL"; NULL = plain */
	/* database only: why no model can declare this index ("access method
	 * gin", "INCLUDE columns", ...); the differ leaves such an index
	 * alone.  NULL: a model can declare it. */
	const char *opaque;
	struct rg_loc loc;
};

/* One key part of an index (see struct rg_index): text[0..len) is the
 * column name or the expression without its parentheses. */
struct rg_key_part {
	const char *text;
	size_t len;
	bool expr, desc;
};
void rg_key_part(const char *part, struct rg_key_part *out);
/* True when every key part of x is a column in ascending order: what a
 * unique constraint can be. */
bool rg_index_plain(const struct rg_index *x);

struct rg_fk {
	const char *name;
	bool named;
	size_t ncols;
	const char **cols;
	const char *ref_table;
	const char **ref_cols; /* ncols of them */
	enum rg_fk_action on_delete, on_update;
	/* MySQL, from the database: the index InnoDB made for the key when
	 * the table had none to lean on (named after the key, or after its
	 * first column), which goes when the key goes; NULL: none */
	const char *index;
	struct rg_loc loc;
};

struct rg_check {
	const char *name;
	bool named;
	const char *expr; /* without the surrounding CHECK ( ) */
	/* A column-level check, in that column's definition; NULL: a table
	 * constraint.  From MariaDB's catalog: LEVEL 'Column' (named after
	 * the column; only MODIFY COLUMN drops it).  From a model: the first
	 * unnamed RG_CHECK of a field.  Other catalogs keep no level. */
	const char *column;
	struct rg_loc loc;
};

/*
 * A view or trigger that names a table, or (SQLite) an index of it no
 * model can declare (struct rg_index's opaque): read from the database
 * (the models never declare one), so that what revgen does to the table
 * can keep it.
 * The differ never compares, creates or drops these; SQLite's renderer
 * drops and recreates them, from this SQL, around a rebuild of the table,
 * which would otherwise lose them (triggers go with DROP TABLE) or fail on
 * them (the final RENAME re-reads every view and trigger).
 */
struct rg_dependent {
	const char *kind; /* "VIEW", "MATERIALIZED VIEW", "TRIGGER" or
			   * "INDEX" (SQLite: one no model can declare), as
			   * DROP spells it */
	const char *name;
	const char *sql;  /* the CREATE statement, as the database keeps it
			   * (PostgreSQL: with what else recreating takes) */
	/* PostgreSQL: the table's columns it uses, itself or through a view
	 * before it in the list, whose type change or drop the database
	 * refuses while it exists; SQLite: none (a rebuild takes them all) */
	size_t ncols;
	const char **cols;
};

struct rg_table {
	const char *name;
	const char *comment;
	/* MySQL's default CHARACTER SET and COLLATE.  From a model: as
	 * declared, NULL = the database's.  From the catalog: both always. */
	const char *charset, *collation;
	const char *renamed_from; /* model only */
	struct rg_loc loc;

	size_t ncolumns, cap_columns;
	struct rg_column **columns; /* declaration order */

	struct rg_pk *pk; /* NULL: no primary key */

	size_t nuniques, cap_uniques;
	struct rg_unique **uniques;
	size_t nindexes, cap_indexes;
	struct rg_index **indexes;
	size_t nfks, cap_fks;
	struct rg_fk **fks;
	size_t nchecks, cap_checks;
	struct rg_check **checks;
	/* database only: every view and trigger that must be dropped and
	 * recreated with the table (those naming it, and those naming one of
	 * them), in the order the database created them */
	size_t ndependents, cap_dependents;
	struct rg_dependent **dependents;
};

/*
 * An enumerated type (PostgreSQL's CREATE TYPE ... AS ENUM): from the
 * catalog, every one of the schema; from the models, the C enums their
 * columns use (made from the columns once loaded, diff/lower.h), so not
 * in the model cache nor in the field tables, which describe tables.
 */
struct rg_enum {
	const char *name;
	size_t nlabels;
	const char **labels; /* in the type's order */
	struct rg_loc loc;   /* model: the first column using it */
	/*
	 * The differ's copies only, in its list's arena, for the renderer of
	 * an ALTER_TYPE that makes this side's type (diff/enums.h).  The
	 * columns that use the type when it is remade: the database's, both
	 * ways (the upgrade alters types first, the downgrade last), each
	 * with the default it has once the type is made (this side's; NULL:
	 * none).  add_values: the labels this side adds can each be added in
	 * place (ALTER TYPE ... ADD VALUE ... BEFORE/AFTER): no label goes or
	 * moves, and nothing of this side names a new one (a transaction may
	 * not use a value it added); else the type is remade.
	 */
	size_t nusers;
	const char **user_tables, **user_columns, **user_defaults;
	bool add_values;
};

struct rg_schema {
	struct rg_arena *arena;
	size_t ntables, cap_tables;
	struct rg_table **tables; /* in the order added */
	size_t nenums, cap_enums;
	struct rg_enum **enums; /* in the order added; sorted by name by
				 * rg_schema_sort */
};

/*
 * The field tables: each struct above described once, member by member, so
 * that copying (rg_table_copy), the model cache (introspect/cache.c) and
 * the JSON output (rg_cmd_schema_json) are walkers over these tables
 * instead of three hand copies of every member, where a member one of
 * them missed was silently lost.  Adding a member is one entry here (the
 * JSON key, or RG_FIELD_NO_JSON); test/test-schema.c fails when a struct
 * has bytes no entry covers, and round-trips a table with every member set
 * through all three walkers.
 *
 * A table's entries are in the order of the JSON object's keys, which is
 * also the order the cache writes them in.
 */
enum rg_field_kind {
	RG_FIELD_STR,   /* const char *, NULL allowed unless RG_FIELD_REQUIRED */
	RG_FIELD_BOOL,  /* bool */
	RG_FIELD_ENUM,  /* an enum of values 0 .. nenum - 1, named enum_names[] */
	RG_FIELD_LOC,   /* struct rg_loc */
	RG_FIELD_NAMES, /* const char **, with a size_t count at count_off */
	RG_FIELD_OBJ,   /* pointer to one struct of type, NULL allowed */
	RG_FIELD_OBJS,  /* pointer to count_off pointers to structs of type,
			 * with the array's capacity (size_t) at cap_off */
};

enum {
	/* never NULL in a loaded schema: the cache refuses a file without it */
	RG_FIELD_REQUIRED = 1 << 0,
	/* not in the JSON output (json is NULL) */
	RG_FIELD_NO_JSON = 1 << 1,
	/* a string in JSON even when NULL: "" */
	RG_FIELD_JSON_STRING = 1 << 2,
	/* a bool printed negated (not_null is "nullable") */
	RG_FIELD_JSON_NOT = 1 << 3,
	/* NAMES whose count belongs to an earlier NAMES entry (an fk's
	 * ref_cols has ncols entries, as its cols): the count is that one's */
	RG_FIELD_SHARED_COUNT = 1 << 4,
};

struct rg_struct_desc;

struct rg_field {
	const char *json; /* the JSON key; NULL with RG_FIELD_NO_JSON */
	enum rg_field_kind kind;
	unsigned flags;
	size_t off;       /* offsetof the member */
	size_t count_off; /* NAMES, OBJS: offsetof the size_t count */
	size_t cap_off;   /* OBJS: offsetof the size_t capacity */
	const struct rg_struct_desc *type; /* OBJ, OBJS */
	const char *const *enum_names;     /* ENUM */
	unsigned nenum;                    /* ENUM */
};

struct rg_struct_desc {
	const char *name; /* the struct's, for the tests' messages */
	size_t size;
	const struct rg_field *fields;
	size_t nfields;
};

/* rg_table_desc reaches the others through its OBJ and OBJS entries. */
extern const struct rg_struct_desc rg_table_desc, rg_column_desc, rg_pk_desc,
	rg_unique_desc, rg_index_desc, rg_fk_desc, rg_check_desc,
	rg_dependent_desc;

/* ENUM members are read and written as an unsigned int. */
_Static_assert(sizeof(enum rg_fk_action) == sizeof(unsigned),
	       "RG_FIELD_ENUM members are accessed as unsigned");

/* The count of a NAMES or OBJS field, in the object at o. */
#define RG_FIELD_COUNT(o, f) ((size_t *)((char *)(o) + (f)->count_off))

struct rg_schema *rg_schema_new(void);
void rg_schema_free(struct rg_schema *s); /* accepts NULL */

/* Constructors: each returns a zeroed object already attached to its parent,
 * with name copied into the schema's arena. */
struct rg_table *rg_schema_add_table(struct rg_schema *s, const char *name);
struct rg_column *rg_table_add_column(struct rg_schema *s, struct rg_table *t,
				      const char *name);
struct rg_pk *rg_table_set_pk(struct rg_schema *s, struct rg_table *t,
			      const char *name);
struct rg_unique *rg_table_add_unique(struct rg_schema *s, struct rg_table *t,
				      const char *name);
struct rg_index *rg_table_add_index(struct rg_schema *s, struct rg_table *t,
				    const char *name);
struct rg_fk *rg_table_add_fk(struct rg_schema *s, struct rg_table *t,
			      const char *name);
struct rg_check *rg_table_add_check(struct rg_schema *s, struct rg_table *t,
				    const char *name);
struct rg_dependent *rg_table_add_dependent(struct rg_schema *s,
					    struct rg_table *t, const char *kind,
					    const char *name, const char *sql);
struct rg_enum *rg_schema_add_enum(struct rg_schema *s, const char *name);
/* Appends a copy of col to *cols (an arena array of *n names). */
void rg_names_push(struct rg_schema *s, const char ***cols, size_t *n,
		   const char *col);

/* Deep copy of a table into schema s (used by the differ and emitters to
 * build intermediate states). */
struct rg_table *rg_table_copy(struct rg_schema *s, const struct rg_table *t);

/* Lookups: exact, case-sensitive names; NULL when absent. */
struct rg_table *rg_schema_find_table(const struct rg_schema *s,
				      const char *name);
struct rg_column *rg_table_find_column(const struct rg_table *t,
				       const char *name);
struct rg_enum *rg_schema_find_enum(const struct rg_schema *s, const char *name);
/* Index of the column in t->columns, or -1. */
long rg_table_column_index(const struct rg_table *t, const char *name);
/* True when the column is (part of) the primary key. */
bool rg_table_column_in_pk(const struct rg_table *t, const char *name);

/* True when two name lists are equal element by element. */
bool rg_names_equal(const char *const *a, size_t na, const char *const *b,
		    size_t nb);

/* Sorts tables by name (byte order) and, inside each table, uniques,
 * indexes, fks and checks by name (unnamed last, by columns), leaving
 * columns in declaration order.  Used so output is deterministic. */
void rg_schema_sort(struct rg_schema *s);

#endif
