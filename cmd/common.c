/* placeholder: being written */
typedef int rg_placeholder_cmd_common_c;
