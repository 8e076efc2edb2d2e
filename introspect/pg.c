/* placeholder: being written */
typedef int rg_placeholder_introspect_pg_c;
