/* The entry point refuses to load. */
#define TP_NAME "refuses"
#define TP_ENTRY_NULL
#include "test-plugin.h"
