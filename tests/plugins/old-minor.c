/* Built against ABI 1.0 exactly: the smallest vtable a 1.x host accepts. */
#define TP_NAME "oldminor"
#define TP_MINOR 0
#define TP_SIZE FWD_PLUGIN_SIZE_1_0
#include "test-plugin.h"
