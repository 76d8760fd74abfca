/*
 * test_safe_text.c: text from a BMC or a tool printed safely
 * (core/util/safe-text.c): escapes, C1 controls and bidi overrides made
 * visible, ordinary text and UTF-8 left alone, long text cut with "...".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util/safe-text.h"

static void test_controls_become_visible(void **state)
{
	char buf[256];

	(void)state;
	/* A job message that clears the screen and fakes a green line. */
	assert_string_equal(fwd_safe_text("RED001\x1b[2J\x1b[32mBIOS is updated\r", buf,
					  sizeof(buf)),
			    "RED001\\x1b[2J\\x1b[32mBIOS is updated\\x0d");
	assert_string_equal(fwd_safe_text("a\nb\tc\x7f", buf, sizeof(buf)), "a\\nb c\\x7f");
	/* C1: U+009B (CSI) in UTF-8. */
	assert_string_equal(fwd_safe_text("x\xc2\x9b" "2J", buf, sizeof(buf)), "x\\u009b2J");
	/* Bidi: U+202E (RLO) and U+2066 (LRI). */
	assert_string_equal(fwd_safe_text("ok\xe2\x80\xae" "cba\xe2\x81\xa6", buf, sizeof(buf)),
			    "ok\\u202ecba\\u2066");
}

static void test_plain_text_and_utf8_stay(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(fwd_safe_text("Supermicro X11SSH-F 1.72", buf, sizeof(buf)),
			    "Supermicro X11SSH-F 1.72");
	assert_string_equal(fwd_safe_text("Ger\xc3\xa4t \xe2\x80\x94 ok", buf, sizeof(buf)),
			    "Ger\xc3\xa4t \xe2\x80\x94 ok");
	assert_string_equal(fwd_safe_text(NULL, buf, sizeof(buf)), "");
}

static void test_long_text_is_cut(void **state)
{
	char buf[10];

	(void)state;
	assert_string_equal(fwd_safe_text("abcdefghijklmnop", buf, sizeof(buf)), "abcdef...");
	assert_string_equal(fwd_safe_text("abcdefghi", buf, sizeof(buf)), "abcdefghi");
	assert_string_equal(fwd_safe_text("abcde\x1b\x1b", buf, sizeof(buf)), "abcde...");
	assert_true(strlen(fwd_safe_text("\x1b\x1b\x1b\x1b\x1b", buf, sizeof(buf))) < sizeof(buf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls_become_visible),
		cmocka_unit_test(test_plain_text_and_utf8_stay),
		cmocka_unit_test(test_long_text_is_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
