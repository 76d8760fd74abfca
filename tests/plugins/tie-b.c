#define TP_NAME "tie-b"
#include "test-plugin.h"
