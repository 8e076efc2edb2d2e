/* fuzz-revision.c - the revision-file parser on arbitrary text. */
#include "runner/revision.h"
#include "test/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct rg_revision *r = NULL;
	struct rg_error err;
	if (rg_revision_parse(&r, "fuzz.sql", text, &err) == 0) {
		/* what parsed must be consistent */
		if (!r->id || !rg_revision_id_valid(r->id) || !r->upgrade || !r->downgrade)
			abort();
		rg_revision_free(r);
	}
	free(text);
	return 0;
}
