/*
 * test_kv_text.c: the one reader of ipmitool's "Key : value" lines
 * (core/util/kv-text.c) that lan print, channel info, user lists,
 * getaccess, mc info and fru print go through.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/kv-text.h"

static void next(struct fwd_kv_reader *r, struct fwd_kv *kv)
{
	assert_int_equal(fwd_kv_next(r, kv), 1);
}

static void test_keys_values_and_continuations(void **state)
{
	/* As `ipmitool lan print 1` writes them, with a CR as some BMCs' consoles add. */
	static const char text[] =
		"IP Address Source       : Static Address\r\n"
		"MAC Address             : 0c:c4:7a:6b:2e:31\n"
		"Cipher Suite Priv Max   : aaaaaaaaaaaaaaa\n"
		"                        :     X=Cipher Suite Unused\n"
		"no colon here\n"
		"\n"
		" Board Mfg             : Supermicro";
	struct fwd_kv_reader r;
	struct fwd_kv kv;

	(void)state;
	fwd_kv_start(&r, text);
	next(&r, &kv);
	assert_string_equal(kv.key, "IP Address Source");
	assert_string_equal(kv.value, "Static Address");
	assert_false(kv.indented);
	next(&r, &kv);
	/* Only the first colon splits: a MAC address keeps its own. */
	assert_string_equal(kv.key, "MAC Address");
	assert_string_equal(kv.value, "0c:c4:7a:6b:2e:31");
	next(&r, &kv);
	next(&r, &kv);
	assert_true(kv.indented);
	assert_string_equal(kv.key, "");
	assert_string_equal(kv.value, "X=Cipher Suite Unused");
	next(&r, &kv);
	assert_null(kv.key);
	assert_string_equal(kv.value, "");
	assert_string_equal(kv.line, "no colon here");
	next(&r, &kv);
	assert_string_equal(kv.line, "");
	assert_null(kv.key);
	next(&r, &kv);
	/* fru print indents its fields; the last line has no newline. */
	assert_true(kv.indented);
	assert_string_equal(kv.key, "Board Mfg");
	assert_string_equal(kv.value, "Supermicro");
	assert_int_equal(fwd_kv_next(&r, &kv), 0);
	assert_int_equal(fwd_kv_next(&r, &kv), 0);
	fwd_kv_end(&r);
}

static void test_empty_and_null_text_have_no_lines(void **state)
{
	struct fwd_kv_reader r;
	struct fwd_kv kv;

	(void)state;
	fwd_kv_start(&r, "");
	assert_int_equal(fwd_kv_next(&r, &kv), 0);
	fwd_kv_end(&r);
	fwd_kv_start(&r, NULL);
	assert_int_equal(fwd_kv_next(&r, &kv), 0);
	fwd_kv_end(&r);
}

/* The three readers this one replaced cut lines at 512 bytes. */
static void test_a_long_line_is_read_whole(void **state)
{
	size_t n = 100000;
	char *text = malloc(n + 16);
	struct fwd_kv_reader r;
	struct fwd_kv kv;

	(void)state;
	assert_non_null(text);
	memcpy(text, "Key : ", 6);
	memset(text + 6, 'v', n);
	memcpy(text + 6 + n, "\nNext : 1", 10);
	fwd_kv_start(&r, text);
	next(&r, &kv);
	assert_int_equal(strlen(kv.value), n);
	next(&r, &kv);
	assert_string_equal(kv.key, "Next");
	fwd_kv_end(&r);
	free(text);
}

static void test_find_takes_the_exact_key_at_the_start_of_a_line(void **state)
{
	static const char text[] =
		"Device ID                 : 32\n"
		"Device Revision           : 1\n"
		"Firmware Revision         : 1.73\n"
		"  Product ID              : 999 (indented: not an mc info field)\n"
		"Product ID                : 2390 (0x0956)\n"
		"Product ID                : 1 (a second one does not count)\n";
	char buf[64], small[4];

	(void)state;
	assert_string_equal(fwd_kv_find(text, "Device ID", buf, sizeof(buf)), "32");
	assert_string_equal(fwd_kv_find(text, "Device Revision", buf, sizeof(buf)), "1");
	assert_string_equal(fwd_kv_find(text, "Product ID", buf, sizeof(buf)), "2390 (0x0956)");
	assert_null(fwd_kv_find(text, "Device", buf, sizeof(buf)));
	assert_null(fwd_kv_find(text, "Manufacturer ID", buf, sizeof(buf)));
	/* A field copied into a fixed struct member is cut to fit, never overrun. */
	assert_string_equal(fwd_kv_find(text, "Firmware Revision", small, sizeof(small)), "1.7");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_values_and_continuations),
		cmocka_unit_test(test_empty_and_null_text_have_no_lines),
		cmocka_unit_test(test_a_long_line_is_read_whole),
		cmocka_unit_test(test_find_takes_the_exact_key_at_the_start_of_a_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
