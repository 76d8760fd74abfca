#define TP_NAME "good"
#include "test-plugin.h"
