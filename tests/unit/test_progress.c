/*
 * test_progress.c: percent, bytes, rate and time left of a long step
 * (core/update/progress.c), from reports at times the test chooses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "update/progress.h"

#define UPLOAD 0x104
#define MIB (1024u * 1024u)

static void test_percent_of_an_image_becomes_bytes_rate_and_time_left(void **state)
{
	struct fwd_progress p = { 0 };
	char line[160];

	(void)state;
	/* 4 MiB image, reported in percent: 25% after 10 s. */
	fwd_progress_update(&p, UPLOAD, 50000, 0, 100, 4 * MIB);
	fwd_progress_update(&p, UPLOAD, 60000, 25, 100, 4 * MIB);
	assert_int_equal(fwd_progress_percent(&p), 25);
	assert_int_equal(fwd_progress_bytes_done(&p), MIB);
	assert_int_equal(fwd_progress_rate(&p), MIB / 10);
	assert_int_equal(fwd_progress_eta_s(&p), 30);
	fwd_progress_format(&p, line, sizeof(line));
	assert_string_equal(line, "25% (1.0 MiB of 4.0 MiB, 102.4 KiB/s, 0:30 left)");
}

static void test_no_size_no_bytes_but_time_left(void **state)
{
	struct fwd_progress p = { 0 };
	char line[160];

	(void)state;
	fwd_progress_update(&p, UPLOAD, 0, 0, 100, 0);
	fwd_progress_update(&p, UPLOAD, 90000, 60, 100, 0);
	assert_int_equal(fwd_progress_bytes_done(&p), -1);
	assert_int_equal(fwd_progress_rate(&p), -1);
	fwd_progress_format(&p, line, sizeof(line));
	assert_string_equal(line, "60% (1:00 left)");
}

static void test_too_early_to_say(void **state)
{
	struct fwd_progress p = { 0 };
	char line[160];

	(void)state;
	fwd_progress_update(&p, UPLOAD, 1000, 1, 100, 2048);
	fwd_progress_update(&p, UPLOAD, 1200, 2, 100, 2048);
	assert_int_equal(fwd_progress_rate(&p), -1);
	assert_int_equal(fwd_progress_eta_s(&p), -1);
	fwd_progress_format(&p, line, sizeof(line));
	assert_string_equal(line, "2% (40 B of 2.0 KiB)");
}

static void test_a_new_step_starts_the_clock_again(void **state)
{
	struct fwd_progress p = { 0 };

	(void)state;
	fwd_progress_update(&p, UPLOAD, 0, 0, 100, MIB);
	fwd_progress_update(&p, UPLOAD, 100000, 100, 100, MIB);
	assert_int_equal(fwd_progress_eta_s(&p), 0);
	fwd_progress_update(&p, 0x205, 200000, 10, 100, MIB);
	assert_int_equal(p.start_ms, 200000);
	assert_int_equal(fwd_progress_rate(&p), -1);
}

static void test_json_says_null_for_what_is_not_known(void **state)
{
	struct fwd_progress p = { 0 };
	json_t *j;

	(void)state;
	fwd_progress_update(&p, UPLOAD, 0, 5, 100, 0);
	j = fwd_progress_to_json(&p);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "percent")), 5);
	assert_true(json_is_null(json_object_get(j, "bytes_total")));
	assert_true(json_is_null(json_object_get(j, "rate_bps")));
	assert_true(json_is_null(json_object_get(j, "eta_s")));
	json_decref(j);
}

static void test_a_wait_says_how_long_not_how_much(void **state)
{
	struct fwd_progress p = { 0 };
	char line[160];

	(void)state;
	fwd_progress_update(&p, 0x105, 0, 0, 600, 0);
	fwd_progress_update(&p, 0x105, 45000, 45, 600, 0);
	p.waiting = 1;
	assert_int_equal(fwd_progress_eta_s(&p), -1);
	assert_int_equal(fwd_progress_rate(&p), -1);
	fwd_progress_format(&p, line, sizeof(line));
	assert_string_equal(line, "waited 45 s of at most 600 s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percent_of_an_image_becomes_bytes_rate_and_time_left),
		cmocka_unit_test(test_no_size_no_bytes_but_time_left),
		cmocka_unit_test(test_too_early_to_say),
		cmocka_unit_test(test_a_new_step_starts_the_clock_again),
		cmocka_unit_test(test_json_says_null_for_what_is_not_known),
		cmocka_unit_test(test_a_wait_says_how_long_not_how_much),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
