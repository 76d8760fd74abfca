/* Built against the frozen ABI 2.0 header (tests/plugins/abi-2.0): the
 * smallest vtable a 2.x host accepts, ending before 2.1's preflight. */
#define TP_NAME "oldminor"
#include "test-plugin.h"
