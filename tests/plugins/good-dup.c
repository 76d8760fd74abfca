/* Same name as good.so: the second one found is refused. */
#define TP_NAME "good"
#include "test-plugin.h"
