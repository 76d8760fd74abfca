/* A probe that fails, and one that answers out of range: both score 0. */
#define TP_NAME "probefails"
#define TP_VTABLE
#define TP_NO_ENTRY
#include "test-plugin.h"

static const struct fwd_host_api *tp_host;

static int failing_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score,
			 char *reason, size_t reason_size)
{
	(void)id;
	(void)reason;
	(void)reason_size;
	*score = 100;
	return tp_host->set_error(ctx, -FWD_E_BAD_INPUT, "probefails cannot read this");
}

static const struct fwd_plugin tp_vtable = {
	FWD_PLUGIN_INIT,
	.name = TP_NAME,
	.version = "9.9",
	.probe = failing_probe,
};

FWD_PLUGIN_ENTRY(host)
{
	tp_host = host;
	return &tp_vtable;
}
