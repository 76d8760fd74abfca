/* A plugin without the fwd_plugin_entry symbol. */
#define TP_NO_ENTRY
#include "test-plugin.h"
int not_an_entry(void);
int not_an_entry(void) { return tp_vtable.size > 0; }
