/* Built for the next plugin ABI major, which this host cannot speak. */
#define TP_NAME "majornext"
#define TP_MAJOR (FWD_ABI_MAJOR + 1)
#include "test-plugin.h"
