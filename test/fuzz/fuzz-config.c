/* fuzz-config.c - the config reader (inih and revgen's own checks) on an
 * arbitrary file. */
#include <stdio.h>
#include <unistd.h>

#include "config/config.h"
#include "test/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/rg-fuzz-config-%ld.ini", (long)getpid());
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	struct rg_config_opts o = {path, NULL, NULL, true};
	struct rg_config *c = NULL;
	struct rg_error err;
	if (rg_config_load(&c, &o, &err) == 0) {
		if (!c->script_location || !c->version_table)
			abort();
		rg_config_free(c);
	}
	o.section = "production";
	if (rg_config_load(&c, &o, &err) == 0)
		rg_config_free(c);
	return 0;
}
