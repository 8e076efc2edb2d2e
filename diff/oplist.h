/*
 * oplist.h - the operations a diff lists (diff/differ.c makes them, the
 * renderers of emit/ write them as SQL): each carries both sides of its
 * change, so that one list renders the upgrade and its inverse the
 * downgrade.
 */
#ifndef RG_OPLIST_H
#define RG_OPLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "diff/schema.h"

enum rg_op_kind {
	RG_OP_CREATE_TABLE,  /* to = table_to */
	RG_OP_DROP_TABLE,    /* from = table_from */
	RG_OP_RENAME_TABLE,  /* table_from (old name) -> table_to (new name) */
	RG_OP_ADD_COLUMN,    /* to: struct rg_column */
	RG_OP_DROP_COLUMN,   /* from: struct rg_column */
	RG_OP_RENAME_COLUMN, /* from, to: struct rg_column (names differ) */
	RG_OP_ALTER_COLUMN,  /* from, to: struct rg_column; alter says what */
	RG_OP_ADD_PK,        /* to: struct rg_pk */
	RG_OP_DROP_PK,       /* from: struct rg_pk */
	RG_OP_ADD_UNIQUE,    /* to: struct rg_unique */
	RG_OP_DROP_UNIQUE,   /* from: struct rg_unique */
	RG_OP_CREATE_INDEX,  /* to: struct rg_index */
	RG_OP_DROP_INDEX,    /* from: struct rg_index */
	RG_OP_ADD_FK,        /* to: struct rg_fk */
	RG_OP_DROP_FK,       /* from: struct rg_fk */
	RG_OP_ADD_CHECK,     /* to: struct rg_check */
	RG_OP_DROP_CHECK,    /* from: struct rg_check */
	RG_OP_TABLE_COMMENT, /* table_from->comment -> table_to->comment */
	/* from, to: const char *, the old and the new name */
	RG_OP_RENAME_INDEX,      /* an index, or a key that is one: primary,
				  * unique (ALTER INDEX, RENAME INDEX) */
	RG_OP_RENAME_CONSTRAINT, /* a foreign key or a check */
	RG_OP_TABLE_CHARSET, /* table_from's default charset -> table_to's */
	/* table_from's options (ENGINE, ROW_FORMAT, UNLOGGED, WITHOUT ROWID,
	 * STRICT) -> table_to's; an ENGINE or ROW_FORMAT of table_to that is
	 * NULL is not changed */
	RG_OP_TABLE_OPTIONS,
	/* from, to: struct rg_fk, the same key under the same name (the
	 * database's), DEFERRABLE or INITIALLY DEFERRED changed */
	RG_OP_ALTER_FK,
	/* enumerated types (diff/enums.h), no table: from, to: struct
	 * rg_enum; the op's table is the type's name */
	RG_OP_CREATE_TYPE, /* to */
	RG_OP_DROP_TYPE,   /* from */
	RG_OP_ALTER_TYPE,  /* from -> to: other labels, or in another order */
	/* views (diff/views.h), no table: from, to: struct rg_table with
	 * view_query; the op's table is the view's name */
	RG_OP_CREATE_VIEW,  /* to */
	RG_OP_DROP_VIEW,    /* from */
	RG_OP_REPLACE_VIEW, /* from -> to: CREATE OR REPLACE (MySQL) */
	/* standalone sequences (diff/sequences.h), no table: from, to:
	 * struct rg_sequence; the op's table is the sequence's name */
	RG_OP_CREATE_SEQUENCE, /* to */
	RG_OP_DROP_SEQUENCE,   /* from */
	RG_OP_ALTER_SEQUENCE,  /* from -> to: other values */
	/* PostgreSQL's domains (diff/domains.h), no table: from, to: struct
	 * rg_domain; the op's table is the domain's name */
	RG_OP_CREATE_DOMAIN, /* to */
	RG_OP_DROP_DOMAIN,   /* from */
	RG_OP_ALTER_DOMAIN,  /* from -> to: NOT NULL, DEFAULT or checks */
	RG_OP__COUNT
};

/* "create_table", "add_column", ... (stable: used in JSON output) */
const char *rg_op_kind_name(enum rg_op_kind k);

/* What an RG_OP_ALTER_COLUMN changes. */
#define RG_ALTER_TYPE 0x01u
#define RG_ALTER_NULL 0x02u
#define RG_ALTER_DEFAULT 0x04u
#define RG_ALTER_COMMENT 0x08u
#define RG_ALTER_AUTOINC 0x10u
#define RG_ALTER_CHARSET 0x20u   /* character set or collation */
#define RG_ALTER_ON_UPDATE 0x40u
#define RG_ALTER_INVISIBLE 0x100u
#define RG_ALTER_GENERATED 0x80u /* made generated or plain, or another
				    expression or kind (STORED, VIRTUAL) */

struct rg_op {
	enum rg_op_kind kind;
	/*
	 * The whole table before the change (in the "from" schema; NULL for
	 * CREATE_TABLE) and after it (in the "to" schema; NULL for DROP_TABLE).
	 * These are the end states of the whole diff, not step by step: an
	 * emitter that must rebuild a table (SQLite) builds table_to and copies
	 * the rows of table_from.  One exception: in a foreign-key cycle the
	 * table of a CREATE_TABLE (DROP_TABLE) is a copy without the keys
	 * that ADD_FK ops after it add (DROP_FK ops before it drop), i.e.
	 * the table as that statement creates it; the copy is in the list's
	 * arena.
	 */
	const struct rg_table *table_from, *table_to;
	/* The object changed, before and after; see enum rg_op_kind. */
	const void *from, *to;
	unsigned alter; /* RG_ALTER_* bits, for RG_OP_ALTER_COLUMN */
	/*
	 * Names at the moment the operation runs, which renames earlier in the
	 * list may have changed: the table's (for RENAME_TABLE, its old name)
	 * and, for ALTER_COLUMN, the column's.  Emitters use these, not the
	 * names inside table_from/table_to.
	 */
	const char *table;
	const char *column;
	/*
	 * Set by the differ (and by rg_oplist_invert).  destructive: the
	 * operation can lose data (drop table/column, a narrowing type change).
	 * warning: the text of a "-- WARNING:" line the emitter writes above
	 * the operation whenever it is not NULL (owned by the list's arena).
	 * Set for every destructive operation ("drops table users and all its
	 * rows", "drops column users.bio and its data", "changes type of
	 * users.bio from VARCHAR(500) to VARCHAR(100): values may be truncated
	 * or fail to convert"), and also, with destructive false, for the
	 * ones that lose nothing but can fail on existing rows: setting NOT
	 * NULL ("fails if users.bio holds NULL") and adding a NOT NULL column
	 * without a default ("... may fail if users holds rows").
	 */
	bool destructive;
	const char *warning;
	/*
	 * A DROP_* and its ADD_* that only rename an object this database
	 * cannot rename (a MySQL foreign key, anything of SQLite's): the
	 * drop's warning says so.
	 */
	bool readd;
};

struct rg_oplist {
	/* owns warning strings and the tables of a cycle (see table_from);
	 * a list inverted from this one points into it, so it must outlive
	 * its inverse */
	struct rg_arena *arena;
	size_t n, cap;
	struct rg_op *ops;
};

void rg_oplist_init(struct rg_oplist *l);
void rg_oplist_free(struct rg_oplist *l);

/* The name of the table an operation applies to (the new name for a rename;
 * table_to's name when present, else table_from's; a type's operation:
 * the type's name; a view's: the view's). */
const char *rg_op_table_name(const struct rg_op *op);
/* The name of the object (column, index, constraint) or NULL for table-level
 * operations. */
const char *rg_op_object_name(const struct rg_op *op);
/* Appends an op of this kind, from -> to, every other member zero, to
 * ops (n of them, room for *cap); returns it. */
struct rg_op *rg_op_push(struct rg_op **ops, size_t *n, size_t *cap, enum rg_op_kind kind,
			 const void *from, const void *to);

#endif
