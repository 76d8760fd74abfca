/*
 * test_selftest.c: `ipmitool mc selftest` read (core/ipmi/selftest.c), in
 * the shapes ipmitool 1.8.19 prints (lib/ipmi_mc.c) and the simulator
 * plays (tests/sim/sim_health.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ipmi/selftest.h"

static void test_passed_and_not_implemented(void **state)
{
	char detail[64];

	(void)state;
	assert_int_equal(fwd_selftest_parse("Selftest: passed\n", detail, sizeof(detail)),
			 FWD_SELFTEST_PASSED);
	assert_int_equal(fwd_selftest_parse("Selftest: not implemented\n", detail,
					    sizeof(detail)), FWD_SELFTEST_NOT_IMPLEMENTED);
}

/* A failure names what failed, from the lines after it. */
static void test_failures_say_what(void **state)
{
	char detail[128];

	(void)state;
	assert_int_equal(fwd_selftest_parse("Selftest: device corrupted\n"
					    " -> SEL device not accessible\n"
					    " -> controller operational firmware corrupted\n",
					    detail, sizeof(detail)), FWD_SELFTEST_FAILED);
	assert_string_equal(detail, "device corrupted; SEL device not accessible; "
			    "controller operational firmware corrupted");
	assert_int_equal(fwd_selftest_parse("Selftest     : fatal error\nFailure code : 01\n",
					    detail, sizeof(detail)), FWD_SELFTEST_FAILED);
	assert_string_equal(detail, "fatal error; Failure code : 01");
}

/* No "Selftest" line: unknown, not a pass; the detail fits. */
static void test_unknown_and_bounded(void **state)
{
	char detail[16];

	(void)state;
	assert_int_equal(fwd_selftest_parse("Get Self Test Results command failed: Invalid "
					    "command\n", detail, sizeof(detail)),
			 FWD_SELFTEST_UNKNOWN);
	assert_string_equal(detail, "");
	assert_int_equal(fwd_selftest_parse("", detail, sizeof(detail)), FWD_SELFTEST_UNKNOWN);
	assert_int_equal(fwd_selftest_parse("Selftest: device corrupted\n -> a very long line "
					    "that does not fit\n", detail, sizeof(detail)),
			 FWD_SELFTEST_FAILED);
	assert_true(strlen(detail) < sizeof(detail));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_passed_and_not_implemented),
		cmocka_unit_test(test_failures_say_what),
		cmocka_unit_test(test_unknown_and_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
