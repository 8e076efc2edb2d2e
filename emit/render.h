/*
 * render.h - what the three renderers (emit/sqlite.c, pg.c, mysql.c) share
 * and hand to emit/dialect.c, which makes the dialects of them.
 */
#ifndef RG_RENDER_H
#define RG_RENDER_H

#include "emit/dialect.h"

/* Each renderer's part of its dialect. */
void rg_sqlite_quote_ident(struct rg_buf *out, const char *ident);
int rg_sqlite_render_ops(const struct rg_dialect *d, const struct rg_oplist *ops,
			 struct rg_buf *out, struct rg_error *err);
void rg_pg_quote_ident(struct rg_buf *out, const char *ident);
/* A table's (view's, type's...) name, "schema"."name" when it is one of
 * another managed schema (diff/schema.h). */
void rg_pg_quote_rel(struct rg_buf *out, const char *name);
/* An index or a constraint's index of table, which lives in the table's
 * schema and is named in it. */
void rg_pg_quote_in_schema_of(struct rg_buf *out, const char *table, const char *name);
int rg_pg_render_ops(const struct rg_dialect *d, const struct rg_oplist *ops,
		     struct rg_buf *out, struct rg_error *err);
int rg_pg_render_online(const struct rg_dialect *d, const struct rg_oplist *ops,
			const struct rg_server *srv, struct rg_buf *out, bool *no_tx,
			struct rg_error *err);
/* An enumerated type's operation (emit/pg-enum.c). */
void rg_pg_render_type_op(struct rg_buf *b, const struct rg_op *op);
/* PostgreSQL's CREATE_DOMAIN, DROP_DOMAIN, ALTER_DOMAIN (emit/pg-domain.c) */
void rg_pg_render_domain_op(struct rg_buf *b, const struct rg_op *op);
void rg_mysql_quote_ident(struct rg_buf *out, const char *ident);
int rg_mysql_render_ops(const struct rg_dialect *d, const struct rg_oplist *ops,
			struct rg_buf *out, struct rg_error *err);
int rg_mysql_render_online(const struct rg_dialect *d, const struct rg_oplist *ops,
			   const struct rg_server *srv, struct rg_buf *out, bool *no_tx,
			   struct rg_error *err);

/* Builders every dialect's renderer shares, quoting through d. */
/* "(a, b)"; a name that starts with '(' is an index expression, kept as
 * the catalog gave it. */
void rg_sql_names(struct rg_buf *out, const struct rg_dialect *d,
		  const char *const *names, size_t n);
/* An index's key parts (struct rg_index): "(a, (lower(b)) DESC)", the
 * columns, collations and operator classes quoted, the expressions as
 * written. */
void rg_sql_key_parts(struct rg_buf *out, const struct rg_dialect *d,
		      const struct rg_index *x);
/* "[CONSTRAINT name ]FOREIGN KEY (a) REFERENCES t (b)[ ON DELETE x]..." */
void rg_sql_fk_clause(struct rg_buf *out, const struct rg_dialect *d,
		      const struct rg_fk *f);
/* " DEFERRABLE[ INITIALLY DEFERRED]", or nothing for a key checked at
 * once */
void rg_sql_fk_deferral(struct rg_buf *out, const struct rg_fk *f);
/*
 * A sequence op's statement (CREATE_SEQUENCE, ALTER_SEQUENCE,
 * DROP_SEQUENCE), every value stated; PostgreSQL's with " AS type" and
 * NO CYCLE, MariaDB's (BIGINT only) with NOCYCLE.  ALTER leaves the number
 * the sequence is at as it is (a START WITH is what RESTART goes back to).
 */
void rg_sql_sequence_op(struct rg_buf *out, const struct rg_dialect *d, const struct rg_op *op,
			bool postgresql);
/* "[CONSTRAINT name ]" */
void rg_sql_constraint_name(struct rg_buf *out, const struct rg_dialect *d,
			    const char *name);
/*
 * The name an ALTER TABLE gives a CHECK: its own, or for one the models
 * leave unnamed "ck_<table>_<hash of the expression>", so that the
 * downgrade can drop by name what the upgrade added (the database's own
 * default name cannot be known beforehand).  table is the one in the
 * models.
 */
const char *rg_sql_check_name(struct rg_buf *scratch, const char *table,
			      const struct rg_check *ck);
/* A CREATE TABLE's named UNIQUE and CHECK constraints, each after sep. */
void rg_sql_uniques_checks(struct rg_buf *out, const struct rg_dialect *d,
			   const struct rg_table *t, const char *sep);
/* A CREATE TABLE's FOREIGN KEY constraints, each after sep. */
void rg_sql_foreign_keys(struct rg_buf *out, const struct rg_dialect *d,
			 const struct rg_table *t, const char *sep);
/* Does the word col appear in expr (a CHECK, WHERE or generation
 * expression)?  Conservative: quoted text is not told apart. */
bool rg_sql_mentions(const char *expr, const char *col);
/*
 * For a column the renderer can only change by dropping and adding it
 * again (op an RG_OP_ALTER_COLUMN): the first key, index, check or
 * generated column of its table before the change that names it and that
 * ops do not drop beforehand, which the DROP COLUMN would take with it or
 * be refused for ("index ix_t_b"), in scratch; NULL when there is none.
 */
const char *rg_sql_remade_column_use(struct rg_buf *scratch, const struct rg_oplist *ops,
				     const struct rg_op *op);
/* -1 with err naming the column and what uses it when an op of ops that
 * remade() says is made by dropping and adding its column would take
 * something along (rg_sql_remade_column_use): refused before any SQL is
 * written, so that nothing is half done.  why: the dialect's reason. */
int rg_sql_refuse_remade(const struct rg_oplist *ops, bool (*remade)(const struct rg_op *op),
			 const char *why, struct rg_error *err);
/* A view's operation (CREATE_VIEW, DROP_VIEW, REPLACE_VIEW) as SQL;
 * nothing for any other. */
void rg_sql_view_op(struct rg_buf *out, const struct rg_dialect *d, const struct rg_op *op);
/* True when ops drop, create or replace the view named name: the
 * revision makes it as the models say, so what a table change does to
 * keep the database's views (struct rg_dependent) leaves it out. */
bool rg_sql_view_in_ops(const struct rg_oplist *ops, const char *name);

#endif
