/* Built against a newer minor: its vtable has a member this host does not
 * know yet, which the host must ignore. */
#define TP_NAME "newminor"
#define TP_VTABLE
#define TP_NO_ENTRY
#include "test-plugin.h"

struct future_plugin {
	struct fwd_plugin v1;
	int (*from_the_future)(void);
};

static int future_fn(void)
{
	return 42;
}

static const struct future_plugin tp_future = {
	.v1 = {
		.abi_major = FWD_ABI_MAJOR,
		.abi_minor = FWD_ABI_MINOR + 1,
		.size = sizeof(struct future_plugin),
		.name = TP_NAME,
		.version = "9.9",
		.description = "a plugin from a newer minor",
		.probe = tp_probe,
	},
	.from_the_future = future_fn,
};

FWD_PLUGIN_ENTRY(host)
{
	(void)host;
	return &tp_future.v1;
}
