/* A vtable that stops before recovery_hints. */
#define TP_NAME "short"
#define TP_SIZE offsetof(struct fwd_plugin, recovery_hints)
#include "test-plugin.h"
