/* placeholder: being written */
typedef int rg_placeholder_introspect_mysql_c;
