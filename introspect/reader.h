/*
 * reader.h - reads the RG_TABLE structs of a parsed translation unit into
 * a schema (the model loader's half that knows the RG_ annotations and the
 * C types; loader.c parses, deps.c records what the files depend on).
 *
 * Errors are collected, not stopped at: a user fixing a header wants all
 * of its problems at once.  Any error means no schema.
 */
#ifndef RG_READER_H
#define RG_READER_H

#include <stdbool.h>
#include <stddef.h>

#include <clang-c/Index.h>

#include "diff/compare.h"
#include "diff/schema.h"
#include "introspect/deps.h"
#include "util/util.h"

struct rg_reader {
	struct rg_schema *s;
	struct rg_deps *deps; /* NULL: no model cache */
	/* the errors, as they will be shown; n counts those not shown too */
	struct rg_buf errors;
	size_t nerrors, shown;
	/* structs already seen (a header included by several model files):
	 * an open-addressing set of (device, inode, offset), a power of two
	 * in size, never more than half full */
	struct seen {
		unsigned long long dev, ino;
		unsigned offset;
		bool used;
	} *seen;
	size_t nseen, capseen;
	/* the file of the last location asked for, and its name in the
	 * arena: nearly every cursor is in the file of the one before, so a
	 * name is copied once a file rather than once a location */
	CXFile last_file;
	const char *last_name;
	/* the file of the field being read (its typedefs' user) */
	CXFile field_file;
};

/* Adds an error at loc (NULL: none). */
void rg_reader_error(struct rg_reader *r, const struct rg_loc *loc, const char *fmt, ...)
	RG_PRINTF(3, 4);

/* reader.c's, for reader-objects.c: where a cursor is; an annotation's
 * key and value ("revgen:default:'x'" -> "default", "'x'") */
struct rg_loc rg_reader_loc(struct rg_reader *r, CXCursor c);
bool rg_reader_split_annotation(const char *a, char *key, size_t keylen, const char **value);
/* a name as an annotation writes it, an identifier or a C string
 * literal (RG_NAME("名前")), unquoted, in a */
char *rg_reader_name_value(struct rg_arena *a, const char *v);

/*
 * reader-objects.c: names in PostgreSQL's schemas (diff/schema.h).
 * rg_reader_qualify: an object RG_SCHEMA(schema) puts in a schema (NULL:
 * none said), as revgen names it; rg_reader_resolve: a name the models
 * wrote, "billing.invoices" or "invoices".  Either is an error at loc
 * when the schema is not managed, or not PostgreSQL's.
 */
const char *rg_reader_qualify(struct rg_reader *r, const struct rg_loc *loc,
			      const char *schema, const char *name);
const char *rg_reader_resolve(struct rg_reader *r, const struct rg_loc *loc, const char *name);
/* The RG_SCHEMA of a declaration (enum, typedef, variable), or NULL. */
const char *rg_reader_schema_of(struct rg_reader *r, CXCursor decl);

/* reader-objects.c: RG_SEQUENCE on a file-scope variable into the schema;
 * the RG_DOMAIN text of a typedef (NULL: none), and the domain it
 * declares into the schema */
void rg_reader_variable(struct rg_reader *r, CXCursor var);
const char *rg_reader_domain_text(struct rg_reader *r, CXCursor typedef_decl);
void rg_reader_add_domain(struct rg_reader *r, CXCursor c, const char *text);
/* The name of the domain a typedef declares: its RG_NAME, else its own,
 * in its RG_SCHEMA (errors at loc) */
const char *rg_reader_domain_name(struct rg_reader *r, const struct rg_loc *loc,
				  CXCursor typedef_decl);

/* Reads the tables of tu, which parsed without errors; its CXFiles die
 * with it (a pointer may come back for another file). */
void rg_reader_visit(struct rg_reader *r, CXTranslationUnit tu);

/* The checks across the whole schema (names, references), once every
 * table is in; sorts the tables.  Names are compared as d's database
 * compares them (NULL: byte for byte): RG_REFERENCES(Users, id) is the
 * table users where the database would take it so.  Nothing of the
 * schema changes with d, so the model cache holds what the headers say. */
void rg_reader_check(struct rg_reader *r, const struct rg_compare *d);

/* Frees what the reader holds besides s and deps, and zeroes it. */
void rg_reader_free(struct rg_reader *r);

#endif
