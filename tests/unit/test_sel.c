/*
 * test_sel.c: did the host boot after a given event log entry
 * (core/ipmi/sel.c)?  The lines are `ipmitool sel list` as ipmitool 1.8.19
 * prints them (lib/ipmi_sel.c: the record ID in hex, then '|' columns).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>

#include "ipmi/sel.h"

static const char log_text[] =
	"   1 | 11/30/2026 | 08:01:12 | Power Supply #0xc8 | Failure detected | Asserted\n"
	"   2 | 11/30/2026 | 08:03:40 | Temperature #0x01 | Upper Critical going high | Asserted\n"
	"   a | 12/01/2026 | 02:00:05 | System Boot Initiated #0x01 | Initiated by hard reset () "
	"| Asserted\n"
	"   b | 12/01/2026 | 02:01:30 | OS Boot #0x0f | C: boot completed | Asserted\n"
	"  1f | 12/02/2026 | 09:00:00 | Watchdog2 #0x02 | Timer expired | Asserted\n";

static void test_the_last_id(void **state)
{
	unsigned id = 99;

	(void)state;
	assert_int_equal(fwd_sel_last_id(log_text, &id), 0);
	assert_int_equal(id, 0x1f);
	assert_int_equal(fwd_sel_last_id("SEL has no entries\n", &id), 0);
	assert_int_equal(id, 0);
	assert_int_equal(fwd_sel_last_id("Get SEL Info command failed\n", &id), -EINVAL);
}

static void test_a_boot_after_the_mark(void **state)
{
	char event[160];

	(void)state;
	assert_int_equal(fwd_sel_boot_after(log_text, 2, event, sizeof(event)), 1);
	assert_string_equal(event, "a | 12/01/2026 | 02:00:05 | System Boot Initiated #0x01 | "
			    "Initiated by hard reset () | Asserted");
	assert_int_equal(fwd_sel_boot_after(log_text, 0, event, sizeof(event)), 1);
}

static void test_no_boot_after_the_mark(void **state)
{
	char event[160];

	(void)state;
	assert_int_equal(fwd_sel_boot_after(log_text, 0xb, event, sizeof(event)), 0);
	assert_int_equal(fwd_sel_boot_after(log_text, 0x1f, event, sizeof(event)), 0);
	assert_int_equal(fwd_sel_boot_after("SEL has no entries\n", 0, event, sizeof(event)), 0);
}

static void test_a_cleared_log_cannot_tell(void **state)
{
	char event[160];

	(void)state;
	/* The mark was record 0x40; the log now ends at 0x1f. */
	assert_int_equal(fwd_sel_boot_after(log_text, 0x40, event, sizeof(event)), -ENOENT);
	assert_int_equal(fwd_sel_boot_after("SEL has no entries\n", 5, event, sizeof(event)),
			 -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_last_id),
		cmocka_unit_test(test_a_boot_after_the_mark),
		cmocka_unit_test(test_no_boot_after_the_mark),
		cmocka_unit_test(test_a_cleared_log_cannot_tell),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
