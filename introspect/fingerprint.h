/*
 * fingerprint.h - one query per dialect whose rows describe the schema's
 * structure (tables, columns, indexes, constraints, views, triggers,
 * types, routines) and nothing that DML changes (row counts, AUTO_INCREMENT
 * values, sequence positions).
 *
 * The runner hashes the rows before each statement of a revision that runs
 * outside a transaction: after a crash, a DDL statement that was running
 * took effect exactly when the hash differs (runner/progress.c).  Each row
 * starts with the name of the table it belongs to (empty for types and
 * routines) and the byte 0x1f, so that the runner can leave out its own
 * tables; the order of rows is not fixed (the runner sorts them).
 *
 * Only the objects a statement names are read: the runner replaces each
 * @NAMES@ with a list of string literals, the statement's words as written
 * and lower-cased (SQLite's names are matched lower-cased), and each
 * @SCHEMAS@ with the same list after the managed PostgreSQL schemas
 * (diff/schema.h's rg_schemas).  Reading the
 * whole catalog before each statement would make a revision of N CREATE
 * TABLEs cost N times a catalog that grows with each.  What a statement
 * changes is an object it names: a table, view, sequence, type or routine;
 * an index or its table; a constraint or its table; a trigger or its table.
 */
#ifndef RG_FINGERPRINT_H
#define RG_FINGERPRINT_H

extern const char rg_sqlite_catalog_sql[];
extern const char rg_pg_catalog_sql[];
extern const char rg_mysql_catalog_sql[];

#endif
