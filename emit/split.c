/* placeholder: being written */
typedef int rg_placeholder_emit_split_c;
