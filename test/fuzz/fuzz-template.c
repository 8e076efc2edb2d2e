/* fuzz-template.c - the revision template renderer on an arbitrary
 * template; what renders from a template that parses must parse back. */
#include "runner/revision.h"
#include "test/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *tmpl = fuzz_string(data, size);
	struct rg_buf out = RG_BUF_INIT;
	struct rg_error err;
	struct rg_template_vars v = {
		.message = "fuzz", .revision = "abcdef012345", .down_revision = "",
		.create_date = "2026-01-01 00:00:00.000000",
		.upgrades = "CREATE TABLE t (id INTEGER);\n", .downgrades = "DROP TABLE t;\n",
		.branch_labels = "", .depends_on = "",
	};
	if (rg_template_render(&out, tmpl, "fuzz.tmpl", &v, &err) == 0) {
		struct rg_revision *r;
		if (rg_revision_parse(&r, "fuzz.sql", rg_buf_str(&out), &err) == 0)
			rg_revision_free(r);
	}
	rg_buf_free(&out);
	free(tmpl);
	return 0;
}
