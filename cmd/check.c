/* placeholder: being written */
typedef int rg_placeholder_cmd_check_c;
