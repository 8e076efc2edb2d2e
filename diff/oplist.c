/*
 * oplist.c - the operation list: its names for `-v` and tests, its
 * memory, and the names of what an operation touches.
 */
#include "diff/oplist.h"

#include <stdlib.h>
#include <string.h>

static const char *const op_names[] = {
	[RG_OP_CREATE_TABLE] = "create_table",
	[RG_OP_DROP_TABLE] = "drop_table",
	[RG_OP_RENAME_TABLE] = "rename_table",
	[RG_OP_ADD_COLUMN] = "add_column",
	[RG_OP_DROP_COLUMN] = "drop_column",
	[RG_OP_RENAME_COLUMN] = "rename_column",
	[RG_OP_ALTER_COLUMN] = "alter_column",
	[RG_OP_ADD_PK] = "add_primary_key",
	[RG_OP_DROP_PK] = "drop_primary_key",
	[RG_OP_ADD_UNIQUE] = "add_unique",
	[RG_OP_DROP_UNIQUE] = "drop_unique",
	[RG_OP_CREATE_INDEX] = "create_index",
	[RG_OP_DROP_INDEX] = "drop_index",
	[RG_OP_ADD_FK] = "add_foreign_key",
	[RG_OP_DROP_FK] = "drop_foreign_key",
	[RG_OP_ADD_CHECK] = "add_check",
	[RG_OP_DROP_CHECK] = "drop_check",
	[RG_OP_TABLE_COMMENT] = "table_comment",
	[RG_OP_RENAME_INDEX] = "rename_index",
	[RG_OP_RENAME_CONSTRAINT] = "rename_constraint",
	[RG_OP_TABLE_CHARSET] = "table_charset",
	[RG_OP_TABLE_OPTIONS] = "table_options",
	[RG_OP_ALTER_FK] = "alter_foreign_key",
	[RG_OP_CREATE_TYPE] = "create_type",
	[RG_OP_DROP_TYPE] = "drop_type",
	[RG_OP_ALTER_TYPE] = "alter_type",
	[RG_OP_CREATE_VIEW] = "create_view",
	[RG_OP_DROP_VIEW] = "drop_view",
	[RG_OP_REPLACE_VIEW] = "replace_view",
	[RG_OP_CREATE_SEQUENCE] = "create_sequence",
	[RG_OP_DROP_SEQUENCE] = "drop_sequence",
	[RG_OP_ALTER_SEQUENCE] = "alter_sequence",
	[RG_OP_CREATE_DOMAIN] = "create_domain",
	[RG_OP_DROP_DOMAIN] = "drop_domain",
	[RG_OP_ALTER_DOMAIN] = "alter_domain",
};
_Static_assert(RG_ARRAY_LEN(op_names) == RG_OP__COUNT,
	       "op_names out of step with enum rg_op_kind");

const char *rg_op_kind_name(enum rg_op_kind k)
{
	return (size_t)k < RG_OP__COUNT ? op_names[k] : "unknown";
}

void rg_oplist_init(struct rg_oplist *l)
{
	memset(l, 0, sizeof(*l));
	l->arena = rg_arena_new();
}

void rg_oplist_free(struct rg_oplist *l)
{
	if (!l)
		return;
	free(l->ops);
	rg_arena_free(l->arena);
	memset(l, 0, sizeof(*l));
}

const char *rg_op_table_name(const struct rg_op *op)
{
	const void *o = op->to ? op->to : op->from;
	if (op->kind == RG_OP_CREATE_VIEW || op->kind == RG_OP_DROP_VIEW ||
	    op->kind == RG_OP_REPLACE_VIEW)
		return ((const struct rg_table *)o)->name;
	if (op->kind == RG_OP_CREATE_SEQUENCE || op->kind == RG_OP_DROP_SEQUENCE ||
	    op->kind == RG_OP_ALTER_SEQUENCE)
		return ((const struct rg_sequence *)o)->name;
	if (op->kind == RG_OP_CREATE_DOMAIN || op->kind == RG_OP_DROP_DOMAIN ||
	    op->kind == RG_OP_ALTER_DOMAIN)
		return ((const struct rg_domain *)o)->name;
	if (!op->table_to && !op->table_from) /* a type's */
		return ((const struct rg_enum *)o)->name;
	return op->table_to ? op->table_to->name : op->table_from->name;
}

const char *rg_op_object_name(const struct rg_op *op)
{
	const void *o = op->to ? op->to : op->from;
	switch (op->kind) {
	case RG_OP_ADD_COLUMN:
	case RG_OP_DROP_COLUMN:
	case RG_OP_RENAME_COLUMN:
	case RG_OP_ALTER_COLUMN:
		return ((const struct rg_column *)o)->name;
	case RG_OP_ADD_PK:
	case RG_OP_DROP_PK:
		return ((const struct rg_pk *)o)->name;
	case RG_OP_ADD_UNIQUE:
	case RG_OP_DROP_UNIQUE:
		return ((const struct rg_unique *)o)->name;
	case RG_OP_CREATE_INDEX:
	case RG_OP_DROP_INDEX:
		return ((const struct rg_index *)o)->name;
	case RG_OP_ADD_FK:
	case RG_OP_DROP_FK:
	case RG_OP_ALTER_FK:
		return ((const struct rg_fk *)o)->name;
	case RG_OP_ADD_CHECK:
	case RG_OP_DROP_CHECK:
		return ((const struct rg_check *)o)->name;
	case RG_OP_RENAME_INDEX:
	case RG_OP_RENAME_CONSTRAINT:
		return o; /* the new name */
	default:
		return NULL;
	}
}

struct rg_op *rg_op_push(struct rg_op **ops, size_t *n, size_t *cap, enum rg_op_kind kind,
			 const void *from, const void *to)
{
	rg_grow((void **)ops, cap, *n + 1, sizeof(**ops));
	struct rg_op *op = &(*ops)[(*n)++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->from = from;
	op->to = to;
	return op;
}
