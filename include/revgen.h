/*
 * revgen.h - annotations that make C structs the models of a database
 * schema (see revgen's README and SPEC §3).
 *
 *   #include <revgen.h>
 *
 *   struct RG_TABLE(users) user {
 *       int64_t id            RG_PRIMARY_KEY RG_AUTOINCREMENT;
 *       char    username[256] RG_UNIQUE;               // VARCHAR(255) NOT NULL
 *       char   *bio           RG_TYPE(VARCHAR(500));   // nullable: a pointer
 *       time_t  created_at    RG_DEFAULT(CURRENT_TIMESTAMP);
 *   };
 *
 * Table attributes go between `struct` and the tag; column attributes after
 * the field's declarator.  When revgen's model loader parses a header it
 * defines REVGEN_SCAN and the macros become clang annotate attributes; in
 * every other build, gcc or clang, they expand to nothing, so the
 * application compiles the same header and pays nothing for it.
 *
 * SQL inside the macros is written as SQL: string literals in single
 * quotes, RG_DEFAULT('draft'); commas are fine, RG_TYPE(NUMERIC(10,2)).
 * RG_COMMENT takes a C string literal, and so does any name C cannot
 * spell: RG_NAME("First Name"), RG_INDEX_ON("my index", "First Name").
 */
#ifndef REVGEN_H
#define REVGEN_H

#if defined(REVGEN_SCAN) && defined(__clang__)
#define RG__ANNOTATE(s) __attribute__((annotate(s)))

/* tables (between `struct` and the tag) */
#define RG_TABLE(name) RG__ANNOTATE("revgen:table:" #name)
/*
 * Views, in place of RG_TABLE: the view's name and its query, a C string
 * literal (adjacent literals join, so a long query reads line by line).
 * The struct's fields are the view's columns, in the query's order, so
 * the program has a struct for reading its rows; their types say how the
 * program reads them (the query decides the database's).  Attributes on
 * the fields: RG_NAME, RG_SKIP.
 *   struct RG_VIEW(active_users,
 *                  "SELECT id, email FROM users"
 *                  " WHERE active") active_user {
 *       int64_t id;
 *       char   *email;
 *   };
 * RG_MATERIALIZED_VIEW is PostgreSQL's materialized view, created WITH
 * DATA (REFRESH MATERIALIZED VIEW stays the program's job); elsewhere it
 * is refused.
 */
#define RG_VIEW(name, query) RG__ANNOTATE("revgen:view:" #name "\x1f" query)
#define RG_MATERIALIZED_VIEW(name, query) \
	RG__ANNOTATE("revgen:materialized_view:" #name "\x1f" query)
/*
 * Indexes.  Each key part is a column, or an expression in parentheses,
 * then, each optional and in this order as SQL has them: COLLATE name,
 * an operator class, ASC or DESC, NULLS FIRST or NULLS LAST:
 *   RG_INDEX_ON(ix_orders_recent, customer_id, ordered_at DESC)
 *   RG_UNIQUE_ON(uq_users_email, (lower(email)))
 *   RG_INDEX_ON(ix_users_name, name COLLATE "C" text_pattern_ops DESC NULLS LAST)
 * USING after the name chooses the access method, and a last item
 * INCLUDE (...) the columns stored in the index beside its keys
 * (PostgreSQL, as are operator classes and NULLS; COLLATE there and on
 * SQLite):
 *   RG_INDEX_ON(ix_docs_body USING gin, body jsonb_path_ops)
 *   RG_INDEX_ON(ix_orders_cover, customer_id, INCLUDE (status, total))
 * MySQL's and MariaDB's prefix key part is the column and its length:
 *   RG_INDEX_ON(ix_users_email, email(191))
 * RG_UNIQUE_ON of plain columns is a unique constraint, with anything
 * else a unique index.  The _WHERE forms make a partial index
 * (PostgreSQL, SQLite), its predicate written as SQL:
 *   RG_INDEX_WHERE(ix_orders_open, status = 'open', customer_id)
 *   RG_UNIQUE_WHERE(uq_staff_username, active, (lower(username)))
 * A form the configured database lacks is refused at its file:line.  An
 * index the database has but no model can declare (an operator class with
 * options; on SQLite an expression's COLLATE) is left alone: `check` and
 * autogenerate note it and never touch it.
 */
#define RG_INDEX_ON(name, ...) RG__ANNOTATE("revgen:index_on:" #name ":" #__VA_ARGS__)
#define RG_UNIQUE_ON(name, ...) RG__ANNOTATE("revgen:unique_on:" #name ":" #__VA_ARGS__)
#define RG_INDEX_WHERE(name, predicate, ...) \
	RG__ANNOTATE("revgen:index_where:" #name ":" #__VA_ARGS__ "\x1f" #predicate)
#define RG_UNIQUE_WHERE(name, predicate, ...) \
	RG__ANNOTATE("revgen:unique_where:" #name ":" #__VA_ARGS__ "\x1f" #predicate)
/*
 * A primary key whose columns are in another order than the fields (a
 * partitioned table's often leads with the partition key), beside
 * RG_TABLE instead of RG_PRIMARY_KEY on fields; RG_PRIMARY_KEY_NAME
 * there names it:
 *   struct RG_TABLE(payment) RG_PRIMARY_KEY_ON(payment_date, payment_id)
 *          RG_PRIMARY_KEY_NAME(payment_pkey) payment { ... };
 */
#define RG_PRIMARY_KEY_ON(...) RG__ANNOTATE("revgen:primary_key_on:" #__VA_ARGS__)
/*
 * A foreign key on several columns (RG_REFERENCES declares one on its
 * column), or a second one on a column.  Columns in parentheses, then the
 * actions as SQL says them, each optional; an empty name leaves it to the
 * naming convention:
 *   RG_FOREIGN_KEY(fk_line_order, (order_id, order_rev), orders, (id, rev),
 *                  ON DELETE CASCADE, ON UPDATE RESTRICT)
 *   RG_FOREIGN_KEY(, (a, b), pair, (x, y))
 * DEFERRABLE or DEFERRABLE INITIALLY DEFERRED after the actions makes the
 * key checked at COMMIT (PostgreSQL and SQLite; MySQL checks at once):
 *   RG_FOREIGN_KEY(fk_line_order, (order_id, order_rev), orders, (id, rev),
 *                  ON DELETE CASCADE, DEFERRABLE INITIALLY DEFERRED)
 */
#define RG_FOREIGN_KEY(name, columns, ref_table, ...) \
	RG__ANNOTATE("revgen:foreign_key:" #name "\x1f" #columns "\x1f" #ref_table "\x1f" #__VA_ARGS__)
/*
 * Table options, between `struct` and the tag with RG_TABLE:
 *   struct RG_TABLE(hits) RG_ENGINE(MyISAM) RG_ROW_FORMAT(FIXED) hit {...};
 *   struct RG_TABLE(sessions) RG_UNLOGGED session {...};
 *   struct RG_TABLE(kv) RG_WITHOUT_ROWID RG_STRICT kv {...};
 * MySQL's ENGINE and ROW_FORMAT: a table that says none keeps the one it
 * has (new tables: the server's default).  PostgreSQL's UNLOGGED and
 * SQLite's WITHOUT ROWID and STRICT are what the table is: a table
 * without the macro is an ordinary one, and autogenerate makes it so
 * (SET LOGGED; SQLite rebuilds the table).  On another database each is
 * an error naming the header's line.
 */
/*
 * PostgreSQL's schemas: a project can manage several of one database,
 * listed in the URL, the default first (?schema=app,billing).  An object
 * of another one is named with its schema, in RG_TABLE and RG_VIEW and
 * wherever a table is referred to, as SQL writes it:
 *   struct RG_TABLE(billing.invoices) invoice {
 *       int64_t user_id RG_REFERENCES(users, id);     // the default schema's
 *   };
 *   struct RG_TABLE(payments) RG_SCHEMA(billing) payment {...};
 * RG_SCHEMA puts in a schema what has no such name: a C enum's type
 * (`enum RG_SCHEMA(billing) state {...}`), a domain's typedef or a
 * sequence's variable (after the declarator, beside RG_DOMAIN or
 * RG_SEQUENCE).  A schema the URL does not list, or a database other than
 * PostgreSQL, is an error naming the line.
 */
#define RG_SCHEMA(name) RG__ANNOTATE("revgen:schema:" #name)
#define RG_ENGINE(name) RG__ANNOTATE("revgen:engine:" #name)
#define RG_ROW_FORMAT(name) RG__ANNOTATE("revgen:row_format:" #name)
#define RG_UNLOGGED RG__ANNOTATE("revgen:unlogged")
#define RG_WITHOUT_ROWID RG__ANNOTATE("revgen:without_rowid")
#define RG_STRICT RG__ANNOTATE("revgen:strict")
/*
 * A standalone sequence (CREATE SEQUENCE; PostgreSQL, MariaDB 10.3+), on
 * a file-scope variable: its name is the sequence's, its C type the
 * sequence's (int64_t bigint; PostgreSQL also int32_t integer, int16_t
 * smallint).  The options as CREATE SEQUENCE says them; each left out is
 * the database's default:
 *   extern int64_t order_no RG_SEQUENCE(START 1000 INCREMENT 10);
 *   extern int64_t ticket RG_SEQUENCE();
 * A column takes its numbers with RG_DEFAULT(nextval('order_no'))
 * (MariaDB: RG_DEFAULT(NEXT VALUE FOR order_no)).
 */
#define RG_SEQUENCE(...) RG__ANNOTATE("revgen:sequence:" #__VA_ARGS__)
/*
 * A PostgreSQL domain, on a typedef: the base type, then what CREATE
 * DOMAIN says of it (NOT NULL, DEFAULT expr, [CONSTRAINT name] CHECK
 * (expr), VALUE naming the value).  A field of that type is a column of
 * the domain:
 *   typedef char *email_t RG_DOMAIN(text, CHECK (VALUE ~ '@'));
 *   struct RG_TABLE(users) user { int64_t id RG_PRIMARY_KEY; email_t email; };
 * Other databases have no domains: an error naming the line.
 */
#define RG_DOMAIN(...) RG__ANNOTATE("revgen:domain:" #__VA_ARGS__)
/* MySQL's other index kinds */
#define RG_FULLTEXT_ON(name, ...) RG__ANNOTATE("revgen:fulltext_on:" #name ":" #__VA_ARGS__)
#define RG_SPATIAL_ON(name, ...) RG__ANNOTATE("revgen:spatial_on:" #name ":" #__VA_ARGS__)

/* columns (after the field's declarator) */
/* RG_TYPE() with nothing in it: SQLite's column with no declared type */
#define RG_TYPE(...) RG__ANNOTATE("revgen:type:" #__VA_ARGS__)
#define RG_PRIMARY_KEY RG__ANNOTATE("revgen:primary_key")
/* on PostgreSQL an identity column; a serial one is RG_TYPE(serial),
 * RG_TYPE(bigserial) or RG_TYPE(smallserial) without RG_AUTOINCREMENT */
#define RG_AUTOINCREMENT RG__ANNOTATE("revgen:autoincrement")
/* PostgreSQL: RG_AUTOINCREMENT as GENERATED ALWAYS AS IDENTITY, which
 * refuses an id an INSERT gives (RG_AUTOINCREMENT is BY DEFAULT) */
#define RG_IDENTITY_ALWAYS RG__ANNOTATE("revgen:identity_always")
#define RG_NOT_NULL RG__ANNOTATE("revgen:not_null")
#define RG_NULLABLE RG__ANNOTATE("revgen:nullable")
#define RG_UNIQUE RG__ANNOTATE("revgen:unique")
#define RG_INDEX RG__ANNOTATE("revgen:index")
#define RG_DEFAULT(...) RG__ANNOTATE("revgen:default:" #__VA_ARGS__)
/*
 * A generated column: GENERATED ALWAYS AS (expr) STORED, its value
 * computed from the row's other columns and kept in the row; the
 * _VIRTUAL form computes it when read (MySQL, MariaDB, SQLite; not
 * PostgreSQL).  No RG_DEFAULT or RG_AUTOINCREMENT with either:
 *   int64_t total RG_GENERATED(price * qty);
 *   char *lname   RG_GENERATED_VIRTUAL(lower(name));
 */
#define RG_GENERATED(...) RG__ANNOTATE("revgen:generated:" #__VA_ARGS__)
/* An INVISIBLE column (MySQL, MariaDB): left out of SELECT * and of an
 * INSERT that names no columns, so one can be added under running code.
 * It needs a default or NULL, and a table at least one visible column:
 *   int64_t *legacy_id RG_INVISIBLE;  */
#define RG_INVISIBLE RG__ANNOTATE("revgen:invisible")
#define RG_GENERATED_VIRTUAL(...) RG__ANNOTATE("revgen:generated_virtual:" #__VA_ARGS__)
#define RG_REFERENCES(table, column) RG__ANNOTATE("revgen:references:" #table "," #column)
#define RG_ON_DELETE(...) RG__ANNOTATE("revgen:on_delete:" #__VA_ARGS__)
/* with RG_REFERENCES: the key is DEFERRABLE, and INITIALLY DEFERRED
 * (which implies RG_DEFERRABLE): checked at COMMIT (PostgreSQL, SQLite) */
#define RG_DEFERRABLE RG__ANNOTATE("revgen:deferrable")
#define RG_INITIALLY_DEFERRED RG__ANNOTATE("revgen:initially_deferred")
/* with RG_REFERENCES the key's action; without, MySQL's column
 * ON UPDATE CURRENT_TIMESTAMP */
#define RG_ON_UPDATE(...) RG__ANNOTATE("revgen:on_update:" #__VA_ARGS__)
#define RG_NAME(column_name) RG__ANNOTATE("revgen:name:" #column_name)
/* names for the key, index or foreign key the column's RG_PRIMARY_KEY,
 * RG_UNIQUE, RG_INDEX or RG_REFERENCES makes (else revgen.ini's naming
 * convention names it, and any name the database has is kept);
 * RG_PRIMARY_KEY_NAME beside RG_TABLE names the table's primary key */
#define RG_PRIMARY_KEY_NAME(name) RG__ANNOTATE("revgen:primary_key_name:" #name)
#define RG_UNIQUE_NAME(name) RG__ANNOTATE("revgen:unique_name:" #name)
#define RG_INDEX_NAME(name) RG__ANNOTATE("revgen:index_name:" #name)
#define RG_REFERENCES_NAME(name) RG__ANNOTATE("revgen:references_name:" #name)
#define RG_SKIP RG__ANNOTATE("revgen:skip")

/*
 * A field of a C enum type is a column of an enumerated type whose labels
 * are the enum's constants, in C order: on PostgreSQL the type CREATE
 * TYPE <enum's tag> AS ENUM makes, on MySQL ENUM(...), on SQLite TEXT
 * with a CHECK.  On a constant, RG_LABEL gives the label a C identifier
 * cannot spell (a C string literal), and RG_SKIP leaves out a constant
 * that is no value of the column (a count, an alias):
 *   enum rating { G, PG, PG_13 RG_LABEL("PG-13"), RATING_COUNT RG_SKIP };
 */
#define RG_LABEL(text) RG__ANNOTATE("revgen:label:" text)

/* tables and columns; RG_CHECK(, expr) is an unnamed CHECK, matched with
 * the database's by its expression whatever name the database gave it */
#define RG_CHECK(name, ...) RG__ANNOTATE("revgen:check:" #name ":" #__VA_ARGS__)
#define RG_COMMENT(text) RG__ANNOTATE("revgen:comment:" text)
#define RG_RENAMED_FROM(old_name) RG__ANNOTATE("revgen:renamed_from:" #old_name)
/* MySQL: CHARACTER SET and COLLATE of a table (its default) or a column */
#define RG_CHARSET(name) RG__ANNOTATE("revgen:charset:" #name)
#define RG_COLLATE(name) RG__ANNOTATE("revgen:collate:" #name)

#else /* an ordinary build: no trace in the program */

#define RG_TABLE(name)
#define RG_SCHEMA(name)
#define RG_VIEW(name, query)
#define RG_MATERIALIZED_VIEW(name, query)
#define RG_INDEX_ON(name, ...)
#define RG_UNIQUE_ON(name, ...)
#define RG_PRIMARY_KEY_ON(...)
#define RG_INDEX_WHERE(name, predicate, ...)
#define RG_UNIQUE_WHERE(name, predicate, ...)
#define RG_FOREIGN_KEY(name, columns, ref_table, ...)
#define RG_SEQUENCE(...)
#define RG_DOMAIN(...)
#define RG_ENGINE(name)
#define RG_ROW_FORMAT(name)
#define RG_UNLOGGED
#define RG_WITHOUT_ROWID
#define RG_STRICT
#define RG_FULLTEXT_ON(name, ...)
#define RG_SPATIAL_ON(name, ...)
#define RG_TYPE(...)
#define RG_PRIMARY_KEY
#define RG_AUTOINCREMENT
#define RG_IDENTITY_ALWAYS
#define RG_NOT_NULL
#define RG_NULLABLE
#define RG_UNIQUE
#define RG_INDEX
#define RG_DEFAULT(...)
#define RG_GENERATED(...)
#define RG_INVISIBLE
#define RG_GENERATED_VIRTUAL(...)
#define RG_REFERENCES(table, column)
#define RG_ON_DELETE(...)
#define RG_DEFERRABLE
#define RG_INITIALLY_DEFERRED
#define RG_ON_UPDATE(...)
#define RG_NAME(column_name)
#define RG_PRIMARY_KEY_NAME(name)
#define RG_UNIQUE_NAME(name)
#define RG_INDEX_NAME(name)
#define RG_REFERENCES_NAME(name)
#define RG_SKIP
#define RG_LABEL(text)
#define RG_CHECK(name, ...)
#define RG_COMMENT(text)
#define RG_RENAMED_FROM(old_name)
#define RG_CHARSET(name)
#define RG_COLLATE(name)

#endif
#endif
