/* Built for a future plugin ABI major. */
#define TP_NAME "major2"
#define TP_MAJOR 2
#include "test-plugin.h"
