/* placeholder: being written */
typedef int rg_placeholder_config_config_c;
