/*
 * Built against the frozen ABI 1.2 header (tests/plugins/abi-1.2): a
 * plugin of the old major, as it was written then, which a 2.x host must
 * refuse naming both majors, without calling anything but its entry.
 */
#include <fwdispatch/fwd_plugin.h>
#include <stdio.h>

static int probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score,
		 char *reason, size_t reason_size)
{
	(void)ctx;
	(void)id;
	*score = 100;
	snprintf(reason, reason_size, "a 1.x plugin that says it fits everything");
	return 0;
}

static const struct fwd_plugin vtable = {
	FWD_PLUGIN_INIT,
	.name = "oldmajor",
	.version = "1.2",
	.description = "built against plugin ABI 1.2",
	.probe = probe,
};

/* It answers whatever the host: refusing it is the host's part. */
FWD_PLUGIN_ENTRY(host)
{
	(void)host;
	return &vtable;
}
