/*
 * plugin-load.h: a built plugin loaded into a unit test, as the host's
 * loader would (dlopen, then its entry symbol), without the host's checks.
 * For the plugin tests that drive a plugin through the mock host.
 */
#ifndef FWD_TEST_PLUGIN_LOAD_H
#define FWD_TEST_PLUGIN_LOAD_H

#include "fwdispatch/fwd_plugin.h"

/* BUILD/lib/fwdispatch/plugins/NAME.so, its entry in *entry; the handle
 * (dlclose it).  Aborts when either is missing. */
void *fwd_test_load_plugin(const char *build, const char *name, fwd_plugin_entry_fn *entry);

#endif
