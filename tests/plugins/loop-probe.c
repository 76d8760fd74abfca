/* A probe that never returns: stopped after the bound, named; the others are asked. */
#define TP_NAME "loopprobe"
#define TP_VTABLE
#define TP_NO_ENTRY
#include "test-plugin.h"

#include <unistd.h>

static int looping_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score,
			 char *reason, size_t reason_size)
{
	(void)ctx;
	(void)id;
	(void)reason;
	(void)reason_size;
	*score = 100;
	for (;;)
		pause();
	return 0;
}

static const struct fwd_plugin tp_vtable = {
	FWD_PLUGIN_INIT,
	.name = TP_NAME,
	.version = "9.9",
	.probe = looping_probe,
};

FWD_PLUGIN_ENTRY(host)
{
	(void)host;
	return &tp_vtable;
}
