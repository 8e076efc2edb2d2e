/* placeholder: being written */
typedef int rg_placeholder_diff_differ_c;
