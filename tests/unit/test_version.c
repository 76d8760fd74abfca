/*
 * test_version.c: versions as BMCs spell them (core/util/version.c,
 * fwd_version_comparable and fwd_version_compare_dotted): HPE iLO's
 * "iLO 5 v2.72", words around a dotted number, Lenovo XCC's
 * milestone-build-version "11A-1.02" (ordered by version, then milestone,
 * then build), and strings that only look like one of those, which stay
 * as they are; and fwd_version_runs_new reading a BMC's spelling against
 * the image's plain version ("iLO 5 v3.0.0" runs 3.0.0).  The spellings are those fwupd's Redfish plugin reads
 * (plugins/redfish, fu-redfish-common.c and its tests).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util/version.h"

static void test_comparable(void **state)
{
	static const char *const cases[][2] = {
		{ "1.2.3", "1.2.3" },
		{ "iLO 5 v2.72", "2.72" },
		{ "P50 v1.2.3 PROD", "1.2.3" },
		{ "P50 1.2.3 DEV", "1.2.3" },
		{ "11A-1.02", "1.02.11.A" },
		{ "99Z-9.99", "9.99.99.Z" },
		{ "9-9-9.99", "9-9-9.99" },
		{ "999-9.99", "999-9.99" },
		{ "ACB-9.99", "ACB-9.99" },
		{ "11A-1.02-x", "11A-1.02-x" },
		{ "6.10.30.00", "6.10.30.00" },
		{ "no version here", "no version here" },
		{ "", "" },
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fwd_version_comparable(cases[i][0], out, sizeof(out));
		assert_string_equal(out, cases[i][1]);
	}
	/* Cut to fit, never overrun. */
	fwd_version_comparable("iLO 5 v2.7212345", out, 4);
	assert_string_equal(out, "2.7");
}

static void test_order(void **state)
{
	(void)state;
	assert_true(fwd_version_compare_dotted("2.0.0", "iLO 5 v2.72") < 0);
	assert_true(fwd_version_compare_dotted("iLO 5 v2.80", "iLO 5 v2.72") > 0);
	assert_int_equal(fwd_version_compare_dotted("iLO 6 v1.55", "1.55"), 0);
	assert_true(fwd_version_compare_dotted("11A-1.02", "11A-1.10") < 0);
	assert_true(fwd_version_compare_dotted("11A-1.02", "13A-1.02") < 0);
	assert_true(fwd_version_compare_dotted("11A-1.02", "11B-1.02") < 0);
	assert_true(fwd_version_compare_dotted("13A-1.02", "11A-1.10") < 0);
	assert_true(fwd_version_compare_dotted("1.10", "11A-1.02") > 0);
	assert_int_equal(fwd_version_compare_dotted("11B-1.10", "11B-1.10"), 0);
	assert_true(fwd_version_compare_dotted("6.10.30.00", "7.00.00.00") < 0);
	assert_true(fwd_version_compare_dotted("2.0e", "2.17") < 0);
}

static void test_runs_new(void **state)
{
	(void)state;
	assert_int_equal(fwd_version_runs_new("3.0.0", "iLO 5 v2.72", "iLO 5 v3.0.0"),
			 FWD_VERSION_NEW);
	assert_int_equal(fwd_version_runs_new("3.0.0", "iLO 5 v2.72", "iLO 5 v2.72"),
			 FWD_VERSION_NOT_NEW);
	assert_int_equal(fwd_version_runs_new("iLO 6 v1.60", "iLO 6 v1.55", "iLO 6 v1.60"),
			 FWD_VERSION_NEW);
	assert_int_equal(fwd_version_runs_new("11B-1.10", "11A-1.02", "11B-1.10"),
			 FWD_VERSION_NEW);
	assert_int_equal(fwd_version_runs_new("11B-1.10", "11A-1.02", "11A-1.02"),
			 FWD_VERSION_NOT_NEW);
	assert_int_equal(fwd_version_runs_new(NULL, "iLO 5 v2.72", "iLO 5 v3.0.0"),
			 FWD_VERSION_NEW);
	assert_int_equal(fwd_version_runs_new(NULL, "iLO 5 v2.72", "iLO 5 v2.72"),
			 FWD_VERSION_NOT_NEW);
	/* IPMI's coarse major.minor, as before. */
	assert_int_equal(fwd_version_runs_new("1.72.13", "1.71", "1.72"), FWD_VERSION_NEW);
	assert_int_equal(fwd_version_runs_new("1.72.13", "1.72", "1.72"), FWD_VERSION_UNSURE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comparable),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_runs_new),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
