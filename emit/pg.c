/* placeholder: being written */
typedef int rg_placeholder_emit_pg_c;
