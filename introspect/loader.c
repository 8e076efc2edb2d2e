/* placeholder: being written */
typedef int rg_placeholder_introspect_loader_c;
