/* Two plugins that always tie. */
#define TP_NAME "tie-a"
#include "test-plugin.h"
