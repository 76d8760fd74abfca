/*
 * plugin-load.c: loading a built plugin into a unit test (plugin-load.h).
 */
#include "plugin-load.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "test-util.h"

void *fwd_test_load_plugin(const char *build, const char *name, fwd_plugin_entry_fn *entry)
{
	char rel[128], *path;
	void *h;

	snprintf(rel, sizeof(rel), "lib/fwdispatch/plugins/%s.so", name);
	path = fwd_test_path(build, rel);
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "cannot load %s: %s\n", path, dlerror());
		abort();
	}
	free(path);
	*(void **)entry = dlsym(h, FWD_PLUGIN_ENTRY_SYMBOL);
	if (!*entry)
		abort();
	return h;
}
