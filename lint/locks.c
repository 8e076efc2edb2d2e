/*
 * locks.c - the lock and rewrite rules of `revgen lint` per dialect and
 * server version: PostgreSQL's lock levels and table rewrites, and the
 * cheapest algorithm a MySQL/MariaDB ALTER can have (INSTANT, INPLACE,
 * INPLACE with a rebuild, or COPY).  SQLite's rebuilds are in rules.c,
 * with the other rules that read a rebuild.
 */
#include <string.h>
#include <strings.h>

#include "diff/compare.h"
#include "lint/lint-internal.h"

bool rg_lint_pg_older(const struct rg_lint_ctx *x, int major)
{
	return x->l->server.known && x->l->server.major < major;
}

/* PostgreSQL changes a type without a rewrite when the old values are
 * already valid (binary coercible): varchar(n) to a longer varchar or to
 * text, numeric(p,s) to a larger p with the same s. */
static bool pg_no_rewrite(const struct rg_lint_ctx *x, const char *from, const char *to)
{
	if (!from)
		return false;
	struct rg_buf a = RG_BUF_INIT, b = RG_BUF_INIT;
	rg_lint_canon(x, &a, from);
	rg_lint_canon(x, &b, to);
	long long aa[2], ba[2];
	int an, bn;
	const char *ar, *br;
	size_t al = rg_type_split(rg_buf_str(&a), aa, &an, &ar);
	size_t bl = rg_type_split(rg_buf_str(&b), ba, &bn, &br);
	bool ok = false;
	const char *as = rg_buf_str(&a), *bs = rg_buf_str(&b);
	bool avc = al == 17 && strncmp(as, "character varying", 17) == 0;
	if (avc && ((bl == 4 && strncmp(bs, "text", 4) == 0 && bn == 0) ||
		    (bl == 17 && strncmp(bs, "character varying", 17) == 0 &&
		     (bn == 0 || (an == 1 && bn == 1 && ba[0] >= aa[0])))))
		ok = true;
	if (al == 7 && bl == 7 && strncmp(as, "numeric", 7) == 0 && strncmp(bs, "numeric", 7) == 0 &&
	    an == 2 && bn == 2 && ba[1] == aa[1] && ba[0] >= aa[0])
		ok = true;
	rg_buf_free(&a);
	rg_buf_free(&b);
	return ok;
}

bool rg_lint_valid_not_null_check(const struct rg_lint_ctx *x, size_t upto,
				 const char *table, const char *col)
{
	for (size_t i = 0; i < upto; i++) {
		const struct rg_lint_stmt *s = &x->up[i];
		if (s->kind != RG_LK_ALTER_TABLE || !rg_lint_same(s->table, table))
			continue;
		for (size_t k = 0; k < s->nacts; k++) {
			const struct rg_lint_action *a = &s->acts[k];
			if (a->kind != RG_LA_ADD_CHECK || !a->check)
				continue;
			struct rg_buf want = RG_BUF_INIT;
			rg_buf_addf(&want, "%s IS NOT NULL", col);
			bool match = strcasecmp(a->check, rg_buf_str(&want)) == 0;
			rg_buf_reset(&want);
			rg_buf_addf(&want, "\"%s\" IS NOT NULL", col);
			match = match || strcasecmp(a->check, rg_buf_str(&want)) == 0;
			rg_buf_free(&want);
			if (!match)
				continue;
			if (!a->not_valid)
				return true;
			for (size_t j = i + 1; j < upto; j++)
				for (size_t m = 0; m < x->up[j].nacts; m++)
					if (x->up[j].kind == RG_LK_ALTER_TABLE &&
					    x->up[j].acts[m].kind == RG_LA_VALIDATE &&
					    rg_lint_same(x->up[j].acts[m].constraint, a->constraint))
						return true;
		}
	}
	return false;
}

/* Waits for a lock on an existing table that blocks its writes (for
 * pg-lock-timeout): ACCESS EXCLUSIVE for most ALTERs, DROP and DROP INDEX;
 * SHARE ROW EXCLUSIVE for a foreign key; SHARE for CREATE INDEX. */
bool rg_lint_pg_blocking(const struct rg_lint_stmt *s)
{
	if (s->kind == RG_LK_DROP_TABLE || ((s->kind == RG_LK_DROP_INDEX ||
					       s->kind == RG_LK_CREATE_INDEX) && !s->concurrently))
		return true;
	if (s->kind != RG_LK_ALTER_TABLE)
		return false;
	for (size_t k = 0; k < s->nacts; k++)
		if (s->acts[k].kind != RG_LA_VALIDATE)
			return true;
	return false;
}

void rg_lint_pg_alter(struct rg_lint_ctx *x, size_t i)
{
	const struct rg_lint_stmt *s = &x->up[i];
	for (size_t k = 0; k < s->nacts; k++) {
		const struct rg_lint_action *a = &s->acts[k];
		switch (a->kind) {
		case RG_LA_ADD_COLUMN:
			if (a->fills || a->volatile_default)
				rg_lint_add(x, s->line, "pg-add-column-rewrite", -1,
					    "adds %s.%s with a value computed per row: rewrites %s under an ACCESS EXCLUSIVE lock",
					    s->table, a->column, s->table);
			else if (a->default_expr && rg_lint_pg_older(x, 11))
				rg_lint_add(x, s->line, "pg-add-column-rewrite", -1,
					    "adds %s.%s with a default: before PostgreSQL 11 that rewrites %s under an ACCESS EXCLUSIVE lock",
					    s->table, a->column, s->table);
			break;
		case RG_LA_ALTER_TYPE: {
			const struct rg_lint_action *old = rg_lint_old_column(x, s->table, a->column);
			if (pg_no_rewrite(x, old ? old->type : NULL, a->type))
				rg_lint_add(x, s->line, "pg-alter-type", RG_LINT_NOTICE,
					    "changes the type of %s.%s: an ACCESS EXCLUSIVE lock, no rewrite (the old values are valid)",
					    s->table, a->column);
			else if (!old)
				/* the downgrade does not say what it was */
				rg_lint_add(x, s->line, "pg-alter-type", -1,
					    "changes the type of %s.%s: rewrites %s and its indexes under an ACCESS EXCLUSIVE lock, "
					    "unless the old values are valid as they are (a longer varchar, text)",
					    s->table, a->column, s->table);
			else
				rg_lint_add(x, s->line, "pg-alter-type", -1,
					    "changes the type of %s.%s: rewrites %s and its indexes under an ACCESS EXCLUSIVE lock",
					    s->table, a->column, s->table);
			break;
		}
		case RG_LA_SET_NOT_NULL:
			if (rg_lint_pg_older(x, 12) || !rg_lint_valid_not_null_check(x, i, s->table, a->column))
				rg_lint_add(x, s->line, "pg-set-not-null", -1,
					    "makes %s.%s NOT NULL: scans every row under an ACCESS EXCLUSIVE lock",
					    s->table, a->column);
			break;
		case RG_LA_ADD_FK:
			if (!a->not_valid)
				rg_lint_add(x, s->line, "pg-add-fk", -1,
					    "adds a foreign key on %s: checks every row while writes to %s%s%s wait",
					    s->table, s->table, a->ref_table ? " and " : "",
					    a->ref_table ? a->ref_table : "");
			break;
		case RG_LA_ADD_CHECK:
			if (!a->not_valid)
				rg_lint_add(x, s->line, "pg-add-check", -1,
					    "adds a check on %s: scans every row under an ACCESS EXCLUSIVE lock",
					    s->table);
			break;
		case RG_LA_ADD_UNIQUE:
		case RG_LA_ADD_PK:
			if (!a->using_index)
				rg_lint_add(x, s->line, "pg-add-unique", -1,
					    "adds a %s on %s: builds its index under an ACCESS EXCLUSIVE lock",
					    a->kind == RG_LA_ADD_PK ? "primary key" : "unique constraint", s->table);
			break;
		default:
			break;
		}
	}
}

/* The most bytes a character of a MySQL character set takes; 4 (utf8mb4)
 * when it is not named. */
static long long char_bytes(const char *charset)
{
	static const struct { const char *name; int bytes; } sets[] = {
		{"latin1", 1}, {"ascii", 1}, {"binary", 1}, {"latin2", 1}, {"cp1250", 1},
		{"cp1251", 1}, {"cp1252", 1}, {"utf8", 3}, {"utf8mb3", 3}, {"ucs2", 2},
		{"utf16", 4}, {"utf32", 4}, {"utf8mb4", 4},
	};
	for (size_t i = 0; charset && i < RG_ARRAY_LEN(sets); i++)
		if (strcasecmp(charset, sets[i].name) == 0)
			return sets[i].bytes;
	return 4;
}

/* MySQL/MariaDB: the cheapest algorithm the ALTER can have. */
void rg_lint_mysql_alter(struct rg_lint_ctx *x, const struct rg_lint_stmt *s)
{
	const struct rg_lint_server *v = &x->l->server;
	bool add_pk = false;
	for (size_t k = 0; k < s->nacts; k++) {
		if (s->acts[k].kind == RG_LA_ALGORITHM && !rg_lint_same(s->acts[k].type, "COPY"))
			return; /* the server refuses it rather than copy */
		add_pk = add_pk || s->acts[k].kind == RG_LA_ADD_PK;
	}
	/* no INSTANT column before MySQL 8.0.12 / MariaDB 10.3; any position
	 * and DROP COLUMN from MySQL 8.0.29 / MariaDB 10.4 */
	bool inst_add = !v->known || (v->mariadb ? v->major > 10 || (v->major == 10 && v->minor >= 3) :
				      v->major > 8 || (v->major == 8 && (v->minor > 0 || v->patch >= 12)));
	bool inst_any = !v->known || (v->mariadb ? v->major > 10 || (v->major == 10 && v->minor >= 4) :
				      v->major > 8 || (v->major == 8 && (v->minor > 0 || v->patch >= 29)));
	const char *copy = NULL, *rebuild = NULL;
	for (size_t k = 0; k < s->nacts && !copy; k++) {
		const struct rg_lint_action *a = &s->acts[k];
		switch (a->kind) {
		case RG_LA_ADD_FK:
			copy = "adding a foreign key (with foreign_key_checks on)";
			break;
		case RG_LA_ADD_CHECK:
			copy = "adding a check";
			break;
		case RG_LA_CONVERT_CHARSET:
			copy = "converting the character set";
			break;
		case RG_LA_DROP_PK:
			if (!add_pk)
				copy = "dropping the primary key";
			break;
		case RG_LA_ADD_PK:
			rebuild = "a new primary key";
			break;
		case RG_LA_ADD_COLUMN:
			if (a->fills)
				rebuild = "a column filled per row (AUTO_INCREMENT or STORED)";
			else if (!inst_add || (a->positioned && !inst_any))
				rebuild = "adding a column";
			break;
		case RG_LA_DROP_COLUMN:
			if (!inst_any)
				rebuild = "dropping a column";
			break;
		case RG_LA_MODIFY: {
			const struct rg_lint_action *old = rg_lint_old_column(x, s->table, a->column);
			if (!old || !a->type)
				break;
			struct rg_buf ca = RG_BUF_INIT, cb = RG_BUF_INIT;
			rg_lint_canon(x, &ca, old->type);
			rg_lint_canon(x, &cb, a->type);
			long long aa[2], ba[2];
			int an, bn;
			const char *ar, *br;
			size_t al = rg_type_split(rg_buf_str(&ca), aa, &an, &ar);
			size_t bl = rg_type_split(rg_buf_str(&cb), ba, &bn, &br);
			bool vc = al == 7 && bl == 7 && strncmp(rg_buf_str(&ca), "varchar", 7) == 0 &&
				  strncmp(rg_buf_str(&cb), "varchar", 7) == 0 && an == 1 && bn == 1;
			/* a longer VARCHAR in place: on MySQL when its length still
			 * takes as many bytes (1 up to 255 bytes; 4 per character of
			 * utf8mb4, 1 of latin1); MariaDB 10.4.3+ also from at most 127 bytes
			 * (MDEV-15563).  Unknown server: MariaDB's, so as to report
			 * no copy that does not happen. */
			/* (a MODIFY that names no character set keeps the column's,
			 * when it has the table's) */
			bool maria = !v->known || v->mariadb;
			long long ob = aa[0] * char_bytes(old->charset);
			long long nb = ba[0] * char_bytes(a->charset ? a->charset : old->charset);
			bool wider = vc && ba[0] >= aa[0] &&
				     ((ob <= 255) == (nb <= 255) || (maria && ob <= 127));
			if (strcmp(rg_buf_str(&ca), rg_buf_str(&cb)) == 0 || wider) {
				if (old->not_null != a->not_null)
					rebuild = "a change of NULL / NOT NULL";
			} else if (!(rg_labels_kept(rg_buf_str(&ca), rg_buf_str(&cb)) &&
				     strncmp(rg_buf_str(&cb), rg_buf_str(&ca), ca.len - 1) == 0)) {
				copy = "changing a column's type";
			}
			rg_buf_free(&ca);
			rg_buf_free(&cb);
			break;
		}
		default:
			break;
		}
	}
	if (copy)
		rg_lint_add(x, s->line, "mysql-copy", -1,
			    "ALTER of %s cannot run INSTANT or INPLACE (%s): the table is copied while writes wait",
			    s->table, copy);
	else if (rebuild)
		rg_lint_add(x, s->line, "mysql-rebuild", -1,
			    "ALTER of %s runs INPLACE but rebuilds the table (%s)", s->table, rebuild);
}
