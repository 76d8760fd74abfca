/*
 * run-fake.h: helpers shared by tests that run build/tests/tools/fake-tool
 * (tests/tools/fake-tool.c) through run-command.c.
 */
#ifndef FWD_TEST_RUN_FAKE_H
#define FWD_TEST_RUN_FAKE_H

#include <stddef.h>

#include "test-util.h"

/* fwd_test_build_dir() comes from test-util.h. */

/* Writes "<build>/tests/tools/<tool>" to out; 0 or -1. */
int fwd_test_tool_path(const char *argv0, const char *tool, char *out, size_t size);

/*
 * Byte i of what `fake-tool flood-out/flood-both N` writes on each
 * stream: 79 printable characters then "\n", so a test can check that
 * the captured bytes are the first ones, in order.
 */
char fwd_test_flood_byte(size_t i);

#endif
