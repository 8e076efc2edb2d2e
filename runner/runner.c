/* placeholder: being written */
typedef int rg_placeholder_runner_runner_c;
