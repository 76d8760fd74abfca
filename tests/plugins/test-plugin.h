/*
 * test-plugin.h: a configurable plugin for the loader tests.  Each
 * tests/plugins/<name>.c defines the TP_* knobs it changes and includes
 * this file, which defines the vtable and the entry point.
 */
#include <fwdispatch/fwd_plugin.h>
#include <stdio.h>

#ifndef TP_NAME
#define TP_NAME "testplugin"
#endif
#ifndef TP_SCORE
#define TP_SCORE 50
#endif
#ifndef TP_MAJOR
#define TP_MAJOR FWD_ABI_MAJOR
#endif
#ifndef TP_MINOR
#define TP_MINOR FWD_ABI_MINOR
#endif
#ifndef TP_SIZE
#define TP_SIZE sizeof(struct fwd_plugin)
#endif

__attribute__((unused)) static int tp_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score,
		    char *reason, size_t reason_size)
{
	(void)ctx;
	(void)id;
	*score = TP_SCORE;
	snprintf(reason, reason_size, "%s always says %d", TP_NAME, TP_SCORE);
	return 0;
}

#ifndef TP_VTABLE
static const struct fwd_plugin tp_vtable = {
	.abi_major = TP_MAJOR,
	.abi_minor = TP_MINOR,
	.size = TP_SIZE,
	.name = TP_NAME,
	.version = "9.9",
	.description = "loader test plugin",
	.probe = tp_probe,
};
#endif

#ifndef TP_NO_ENTRY
FWD_PLUGIN_ENTRY(host)
{
	(void)host;
#ifdef TP_ENTRY_NULL
	return NULL;
#else
	return &tp_vtable;
#endif
}
#endif
