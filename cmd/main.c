/* placeholder: being written */
typedef int rg_placeholder_cmd_main_c;
