/*
 * test_ipmitool_home.c: the short company registry ipmitool is given
 * (core/tool/ipmitool-home.c): the makers' entries are kept line for line,
 * every other entry and the registry's header are dropped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "tool/ipmitool-home.h"
#include "util/buf.h"

/* The registry's own layout (IANA's enterprise-numbers.txt). */
static const char registry[] =
	"PRIVATE ENTERPRISE NUMBERS\n"
	"\n"
	"(last updated 2024-05-16)\n"
	"Decimal\n"
	"| Organization\n"
	"0\n"
	"  Reserved\n"
	"    Internet Assigned Numbers Authority\n"
	"      iana&iana.org\n"
	"674\n"
	"  Dell Inc.\n"
	"    Contact\n"
	"      someone&example.com\n"
	"6740\n"
	"  Not Dell\n"
	"10876\n"
	"  Super Micro Computer Inc.\n"
	"    Roy Chen\n"
	"10877\n"
	"  System Services\n"
	"19046\n"
	"  Lenovo Enterprise Business Group";

static void test_only_the_makers_entries_are_kept(void **state)
{
	struct fwd_buf out = FWD_BUF_INIT;

	(void)state;
	assert_int_equal(fwd_ipmitool_registry_filter(registry, strlen(registry), &out), 0);
	assert_string_equal(out.s, "674\n  Dell Inc.\n"
				   "10876\n  Super Micro Computer Inc.\n"
				   "19046\n  Lenovo Enterprise Business Group\n");
	fwd_buf_release(&out);
}

static void test_no_maker_gives_nothing(void **state)
{
	static const char text[] = "0\n  Reserved\n67\n  Someone\n   674\n  indented\n";
	struct fwd_buf out = FWD_BUF_INIT;

	(void)state;
	assert_int_equal(fwd_ipmitool_registry_filter(text, strlen(text), &out), 0);
	assert_int_equal(out.len, 0);
	/* An empty registry, and one cut after a number line. */
	assert_int_equal(fwd_ipmitool_registry_filter("", 0, &out), 0);
	assert_int_equal(out.len, 0);
	assert_int_equal(fwd_ipmitool_registry_filter("674", 3, &out), 0);
	assert_string_equal(out.s, "674\n");
	fwd_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_only_the_makers_entries_are_kept),
		cmocka_unit_test(test_no_maker_gives_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
