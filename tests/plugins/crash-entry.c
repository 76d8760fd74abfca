/* An entry point that crashes: refused by name, the others still load. */
#define TP_NAME "crashentry"
#define TP_NO_ENTRY
#include "test-plugin.h"

#include <signal.h>

FWD_PLUGIN_ENTRY(host)
{
	(void)host;
	raise(SIGSEGV);
	return &tp_vtable;
}
