/* fuzz-split.c - the statement splitter on arbitrary SQL. */
#include "runner/split.h"
#include "test/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *sql = fuzz_string(data, size);
	struct rg_stmt *st = NULL;
	size_t n = 0;
	struct rg_error err;
	if (rg_split_sql(&st, &n, sql, 1, &err) == 0) {
		unsigned last = 0;
		for (size_t i = 0; i < n; i++) {
			/* statements come in order, each with text */
			if (!st[i].sql || st[i].line < last || st[i].line < 1)
				abort();
			last = st[i].line;
		}
		rg_stmts_free(st, n);
	}
	free(sql);
	return 0;
}
