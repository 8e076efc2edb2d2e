/* placeholder: being written */
typedef int rg_placeholder_introspect_sqlite_c;
