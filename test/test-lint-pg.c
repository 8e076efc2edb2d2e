/*
 * test-lint-pg.c - lint's tokenizer (lint/parse.c) against PostgreSQL's
 * own parser, libpg_query: every statement of the PostgreSQL lint fixtures
 * (test/fixtures/lint/postgresql, the squawk comparison's set) and of the
 * forms below must come out of both as the same kind, table, index,
 * actions, columns and flags (CONCURRENTLY, UNIQUE, NOT VALID, USING
 * INDEX).  revgen itself does not link libpg_query (a test-only
 * dependency, meson option pg_query); this keeps the tokenizer honest
 * where a real parser exists.
 */
#include <dirent.h>
#include <jansson.h>
#include <pg_query.h>
#include <stdlib.h>

#include "lint/lint.h"
#include "runner/split.h"
#include "test/test.h"

static const char *const extra[] = {
	"ALTER TABLE ONLY s.t ADD COLUMN IF NOT EXISTS x int NOT NULL DEFAULT 0, "
	"ADD CONSTRAINT fk FOREIGN KEY (x) REFERENCES u (id) NOT VALID, ALTER COLUMN y TYPE text",
	"ALTER TABLE \"T\" ALTER COLUMN \"A\" SET DATA TYPE varchar(10) USING \"A\"::varchar",
	"ALTER TABLE t ALTER a SET DEFAULT now(), ALTER COLUMN b DROP DEFAULT",
	"ALTER TABLE t ALTER COLUMN a DROP NOT NULL",
	"ALTER TABLE t RENAME a TO b",
	"ALTER TABLE IF EXISTS t RENAME TO u",
	"ALTER TABLE t DROP COLUMN IF EXISTS a CASCADE, DROP CONSTRAINT IF EXISTS c",
	"ALTER TABLE t ADD PRIMARY KEY (a, b)",
	"ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0 AND b <> 'x;y') NOT VALID",
	"CREATE INDEX ON t (a)",
	"CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON ONLY t USING gin (a)",
	"DROP INDEX IF EXISTS ix CASCADE",
	"DROP TABLE IF EXISTS s.t CASCADE",
	"CREATE TEMP TABLE tmp (a int)",
	"CREATE TABLE IF NOT EXISTS t (a int, b text DEFAULT 'x')",
	"SET LOCAL lock_timeout TO '1s'",
};

static void act_sig(struct rg_buf *b, const struct rg_lint_action *a)
{
	static const char *const names[] = {
		[RG_LA_OTHER] = "other", [RG_LA_ADD_COLUMN] = "add_column",
		[RG_LA_DROP_COLUMN] = "drop_column", [RG_LA_RENAME_COLUMN] = "rename_column",
		[RG_LA_RENAME_TABLE] = "rename_table", [RG_LA_ALTER_TYPE] = "alter_type",
		[RG_LA_MODIFY] = "modify", [RG_LA_SET_NOT_NULL] = "set_not_null",
		[RG_LA_DROP_NOT_NULL] = "drop_not_null", [RG_LA_SET_DEFAULT] = "set_default",
		[RG_LA_DROP_DEFAULT] = "drop_default", [RG_LA_ADD_FK] = "add_fk",
		[RG_LA_ADD_CHECK] = "add_check", [RG_LA_ADD_UNIQUE] = "add_unique",
		[RG_LA_ADD_PK] = "add_pk", [RG_LA_ADD_INDEX] = "add_index",
		[RG_LA_DROP_CONSTRAINT] = "drop_constraint", [RG_LA_DROP_PK] = "drop_pk",
		[RG_LA_DROP_INDEX] = "drop_index", [RG_LA_VALIDATE] = "validate",
		[RG_LA_ALGORITHM] = "algorithm", [RG_LA_CONVERT_CHARSET] = "convert",
	};
	rg_buf_addf(b, " %s", names[a->kind]);
	if (a->column)
		rg_buf_addf(b, ":%s", a->column);
	if (a->new_name)
		rg_buf_addf(b, ">%s", a->new_name);
	if (a->constraint && a->kind != RG_LA_ADD_FK && a->kind != RG_LA_ADD_CHECK &&
	    a->kind != RG_LA_ADD_UNIQUE && a->kind != RG_LA_ADD_PK)
		rg_buf_addf(b, "=%s", a->constraint);
	if (a->not_valid)
		rg_buf_add(b, "[nv]");
	if (a->using_index)
		rg_buf_add(b, "[ui]");
	if (a->kind == RG_LA_ADD_COLUMN && a->not_null)
		rg_buf_add(b, "[nn]");
	if (a->kind == RG_LA_ADD_COLUMN && a->default_expr)
		rg_buf_add(b, "[d]");
}

/* The tokenizer's view of a statement. */
static char *mine(struct rg_arena *ar, const char *sql)
{
	struct rg_lint_stmt s;
	rg_lint_classify(ar, "postgresql", sql, 1, &s);
	struct rg_buf b = RG_BUF_INIT;
	switch (s.kind) {
	case RG_LK_CREATE_TABLE:
		rg_buf_addf(&b, "create_table %s", s.table);
		break;
	case RG_LK_DROP_TABLE:
		rg_buf_addf(&b, "drop_table %s", s.table);
		break;
	case RG_LK_CREATE_INDEX:
		rg_buf_addf(&b, "create_index %s %s%s%s", s.table, s.object ? s.object : "-",
			    s.unique ? " unique" : "", s.concurrently ? " concurrently" : "");
		break;
	case RG_LK_DROP_INDEX:
		rg_buf_addf(&b, "drop_index %s%s", s.object, s.concurrently ? " concurrently" : "");
		break;
	case RG_LK_SET:
		rg_buf_addf(&b, "set %s", s.object);
		break;
	case RG_LK_ALTER_TABLE:
		rg_buf_addf(&b, "alter_table %s", s.table);
		for (size_t i = 0; i < s.nacts; i++)
			act_sig(&b, &s.acts[i]);
		break;
	default:
		rg_buf_add(&b, "other");
	}
	return rg_buf_detach(&b);
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : NULL;
}

static void constraint_sig(struct rg_buf *b, json_t *c)
{
	const char *t = str(c, "contype");
	struct rg_lint_action a;
	memset(&a, 0, sizeof(a));
	a.kind = rg_streq(t, "CONSTR_FOREIGN") ? RG_LA_ADD_FK : rg_streq(t, "CONSTR_CHECK") ?
		 RG_LA_ADD_CHECK : rg_streq(t, "CONSTR_UNIQUE") ? RG_LA_ADD_UNIQUE :
		 rg_streq(t, "CONSTR_PRIMARY") ? RG_LA_ADD_PK : RG_LA_OTHER;
	a.not_valid = json_is_true(json_object_get(c, "skip_validation"));
	a.using_index = str(c, "indexname") != NULL;
	act_sig(b, &a);
}

static void cmd_sig(struct rg_buf *b, json_t *cmd)
{
	const char *t = str(cmd, "subtype");
	json_t *def = json_object_get(cmd, "def");
	struct rg_lint_action a;
	memset(&a, 0, sizeof(a));
	a.column = (char *)str(cmd, "name");
	if (rg_streq(t, "AT_AddConstraint")) {
		constraint_sig(b, json_object_get(def, "Constraint"));
		return;
	}
	if (rg_streq(t, "AT_AddColumn")) {
		json_t *cd = json_object_get(def, "ColumnDef");
		a.kind = RG_LA_ADD_COLUMN;
		a.column = (char *)str(cd, "colname");
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(cd, "constraints"), i, c) {
			const char *ct = str(json_object_get(c, "Constraint"), "contype");
			if (rg_streq(ct, "CONSTR_NOTNULL") || rg_streq(ct, "CONSTR_PRIMARY"))
				a.not_null = true;
			/* a generated column has its values: never "without a default" */
			if (rg_streq(ct, "CONSTR_DEFAULT") || rg_streq(ct, "CONSTR_GENERATED"))
				a.default_expr = (char *)"";
		}
	} else if (rg_streq(t, "AT_DropColumn")) {
		a.kind = RG_LA_DROP_COLUMN;
	} else if (rg_streq(t, "AT_AlterColumnType")) {
		a.kind = RG_LA_ALTER_TYPE;
	} else if (rg_streq(t, "AT_SetNotNull")) {
		a.kind = RG_LA_SET_NOT_NULL;
	} else if (rg_streq(t, "AT_DropNotNull")) {
		a.kind = RG_LA_DROP_NOT_NULL;
	} else if (rg_streq(t, "AT_ColumnDefault")) {
		a.kind = def ? RG_LA_SET_DEFAULT : RG_LA_DROP_DEFAULT;
	} else if (rg_streq(t, "AT_DropConstraint") || rg_streq(t, "AT_ValidateConstraint")) {
		a.kind = rg_streq(t, "AT_DropConstraint") ? RG_LA_DROP_CONSTRAINT : RG_LA_VALIDATE;
		a.constraint = a.column;
		a.column = NULL;
	}
	act_sig(b, &a);
}

/* libpg_query's view of the same statement. */
static char *theirs(const char *sql)
{
	PgQueryParseResult r = pg_query_parse(sql);
	if (r.error) {
		fprintf(stderr, "libpg_query: %s\n  %s\n", r.error->message, sql);
		pg_query_free_parse_result(r);
		return NULL;
	}
	json_error_t je;
	json_t *root = json_loads(r.parse_tree, 0, &je);
	pg_query_free_parse_result(r);
	if (!root)
		return NULL;
	json_t *stmt = json_object_get(json_array_get(json_object_get(root, "stmts"), 0), "stmt");
	struct rg_buf b = RG_BUF_INIT;
	json_t *n;
	if ((n = json_object_get(stmt, "CreateStmt"))) {
		rg_buf_addf(&b, "create_table %s", str(json_object_get(n, "relation"), "relname"));
	} else if ((n = json_object_get(stmt, "IndexStmt"))) {
		const char *name = str(n, "idxname");
		rg_buf_addf(&b, "create_index %s %s%s%s", str(json_object_get(n, "relation"), "relname"),
			    name ? name : "-", json_is_true(json_object_get(n, "unique")) ? " unique" : "",
			    json_is_true(json_object_get(n, "concurrent")) ? " concurrently" : "");
	} else if ((n = json_object_get(stmt, "DropStmt"))) {
		/* objects: [[{"String":{"sval":schema}}, ..., {"String":{"sval":name}}]] */
		json_t *names = json_object_get(json_array_get(json_object_get(n, "objects"), 0), "List");
		names = names ? json_object_get(names, "items") : json_array_get(json_object_get(n, "objects"), 0);
		json_t *last = json_array_get(names, json_array_size(names) - 1);
		const char *name = str(json_object_get(last, "String"), "sval");
		if (rg_streq(str(n, "removeType"), "OBJECT_TABLE"))
			rg_buf_addf(&b, "drop_table %s", name);
		else if (rg_streq(str(n, "removeType"), "OBJECT_INDEX"))
			rg_buf_addf(&b, "drop_index %s%s", name,
				    json_is_true(json_object_get(n, "concurrent")) ? " concurrently" : "");
		else
			rg_buf_add(&b, "other");
	} else if ((n = json_object_get(stmt, "VariableSetStmt"))) {
		rg_buf_addf(&b, "set %s", str(n, "name"));
	} else if ((n = json_object_get(stmt, "AlterTableStmt"))) {
		rg_buf_addf(&b, "alter_table %s", str(json_object_get(n, "relation"), "relname"));
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(n, "cmds"), i, c)
			cmd_sig(&b, json_object_get(c, "AlterTableCmd"));
	} else if ((n = json_object_get(stmt, "RenameStmt"))) {
		rg_buf_addf(&b, "alter_table %s", str(json_object_get(n, "relation"), "relname"));
		if (rg_streq(str(n, "renameType"), "OBJECT_COLUMN"))
			rg_buf_addf(&b, " rename_column:%s>%s", str(n, "subname"), str(n, "newname"));
		else
			rg_buf_addf(&b, " rename_table>%s", str(n, "newname"));
	} else {
		rg_buf_add(&b, "other");
	}
	json_decref(root);
	return rg_buf_detach(&b);
}

static size_t compare(struct rg_arena *ar, const char *sql)
{
	char *a = mine(ar, sql), *b = theirs(sql);
	CHECK(b != NULL);
	if (b && strcmp(a, b) != 0)
		fprintf(stderr, "statement: %s\n", sql);
	if (b)
		CHECK_STR(a, b);
	free(a);
	free(b);
	return 1;
}

int main(void)
{
	struct rg_arena *ar = rg_arena_new();
	size_t n = 0;
	for (size_t i = 0; i < RG_ARRAY_LEN(extra); i++)
		n += compare(ar, extra[i]);
	const char *fx = getenv("RG_FIXTURES");
	struct rg_buf dir = RG_BUF_INIT;
	rg_buf_addf(&dir, "%s/lint/postgresql", fx ? fx : "test/fixtures");
	DIR *d = opendir(rg_buf_str(&dir));
	CHECK(d != NULL);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strstr(e->d_name, ".sql"))
			continue;
		struct rg_buf path = RG_BUF_INIT;
		rg_buf_addf(&path, "%s/%s", rg_buf_str(&dir), e->d_name);
		struct rg_revision *rev = NULL;
		struct rg_error err;
		if (rg_revision_load(&rev, rg_buf_str(&path), &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			CHECK(0);
		}
		const char *bodies[2] = {rev ? rev->upgrade : NULL, rev ? rev->downgrade : NULL};
		for (int k = 0; k < 2; k++) {
			struct rg_stmt *st = NULL;
			size_t ns = 0;
			CHECK(rg_split_sql(&st, &ns, bodies[k] ? bodies[k] : "", 1, &err) == 0);
			for (size_t i = 0; i < ns; i++)
				n += compare(ar, st[i].sql);
			rg_stmts_free(st, ns);
		}
		rg_revision_free(rev);
		rg_buf_free(&path);
	}
	if (d)
		closedir(d);
	rg_buf_free(&dir);
	rg_arena_free(ar);
	/* the fixtures hold more than a hundred statements in both sections */
	CHECK(n > 100);
	TEST_DONE();
}
