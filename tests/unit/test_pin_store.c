/*
 * test_pin_store.c: the Redfish certificates trusted on first use
 * (core/redfish/pin-store.c).  fwd_pin_parse_line on one line: blank and
 * comment lines, pins, and what is neither (uppercase or short hex, a
 * target with a control character or too long).  fwd_pin_lookup and
 * fwd_pin_record on a private state folder: a pin recorded is found,
 * replacing one keeps every other line as it was, the file is 0600
 * whatever the umask, and a file that is not wholly readable pins, a
 * symbolic link, a folder or a file others may write is refused by both
 * and left as it was.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "redfish/pin-store.h"
#include "test-util.h"

/* SHA-256 of "" and of "a": two well-formed fingerprints. */
#define HEX_A "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define HEX_B "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
#define T1 "10.0.0.1_443"
#define T2 "bmc-2.example.net_8443"

struct fixture {
	char *dir;      /* the test's private folder: the state folder */
	char *sub;      /* dir/redfish */
	char *file;     /* dir/redfish/known-certs */
	struct fwd_ctx ctx;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->dir = fwd_test_mkdtemp("pin-store");
	f->sub = fwd_test_path(f->dir, FWD_PIN_STORE_SUB);
	f->file = fwd_test_path(f->sub, FWD_PIN_STORE_FILE);
	fwd_ctx_init(&f->ctx);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fwd_test_rm_rf(f->dir);
	free(f->dir);
	free(f->sub);
	free(f->file);
	free(f);
	return 0;
}

/* The store's bytes, NUL-terminated, malloc'd; how many in *len. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = malloc(1 << 16);
	size_t n;

	assert_non_null(fp);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 16) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* Makes dir/redfish (0700) and the store with text, mode 0600. */
static void write_store(struct fixture *f, const char *text, size_t len)
{
	mkdir(f->sub, 0700);
	fwd_test_write_file(f->file, text, len, 0600);
}

/* ---- one line ---- */

static int parse(const char *line, char *target, size_t size, char *hex)
{
	return fwd_pin_parse_line(line, target, size, hex);
}

static void test_line_blank_and_comment(void **state)
{
	char t[64], h[FWD_PIN_HEX_SIZE];
	static const char *const lines[] = { "", "\n", "   ", " \t \n", "# pinned by hand",
		"   # indented comment " HEX_A, "#" };

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		assert_int_equal(parse(lines[i], t, sizeof(t), h), 0);
}

static void test_line_pins(void **state)
{
	char t[64], h[FWD_PIN_HEX_SIZE];

	(void)state;
	assert_int_equal(parse(T1 " " HEX_A " 2026-12-01T10:00:00Z", t, sizeof(t), h), 1);
	assert_string_equal(t, T1);
	assert_string_equal(h, HEX_A);
	assert_int_equal(parse("\t" T2 "\t\t" HEX_B "\t2026-12-01T10:00:00Z\n", t, sizeof(t), h),
			 1);
	assert_string_equal(t, T2);
	assert_string_equal(h, HEX_B);
	/* The target is any printable word: fwd_target_file_name's or not. */
	assert_int_equal(parse("[fe80::1]:443 " HEX_A " x", t, sizeof(t), h), 1);
	assert_string_equal(t, "[fe80::1]:443");
}

static void test_line_bad_hex(void **state)
{
	char t[64], h[FWD_PIN_HEX_SIZE];

	(void)state;
	/* What --pin-cert lowers, the file does not: it was written lower. */
	assert_int_equal(parse(T1 " E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852"
			       "B855 2026-12-01T10:00:00Z", t, sizeof(t), h), -1);
	assert_int_equal(parse(T1 " e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852"
			       "b85 2026-12-01T10:00:00Z", t, sizeof(t), h), -1);   /* 63 */
	assert_int_equal(parse(T1 " " HEX_A "5 2026-12-01T10:00:00Z", t, sizeof(t), h), -1);
	assert_int_equal(parse(T1 " " HEX_A ":", t, sizeof(t), h), -1);
	assert_int_equal(parse(T1 " e3:b0:c4:42:98:fc:1c:14:9a:fb:f4:c8:99:6f:b9:24:27:ae:41:e4"
			       ":64:9b:93:4c:a4:95:99:1b:78:52:b8:55", t, sizeof(t), h), -1);
	assert_int_equal(parse(T1 " g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852"
			       "b855", t, sizeof(t), h), -1);
	assert_int_equal(parse(T1, t, sizeof(t), h), -1);
	assert_int_equal(parse(T1 "   \n", t, sizeof(t), h), -1);
	assert_int_equal(parse(HEX_A, t, sizeof(t), h), -1);
	/* A line ended by CR LF: the CR sticks to the field before it. */
	assert_int_equal(parse(T1 " " HEX_A "\r\n", t, sizeof(t), h), -1);
}

static void test_line_bad_target(void **state)
{
	char t[16], h[FWD_PIN_HEX_SIZE], line[256];
	static const char *const bad[] = { "bmc\x01_443", "bmc\x7f_443", "bmc\r_443",
		"bmc\x1b[31m_443", "b\xc3\xa9mc_443" };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(line, sizeof(line), "%s %s 2026-12-01T10:00:00Z", bad[i], HEX_A);
		assert_int_equal(parse(line, t, sizeof(t), h), -1);
	}
	/* The target and its NUL must fit: 15 characters in 16, not 16. */
	assert_int_equal(parse("123456789012345 " HEX_A, t, sizeof(t), h), 1);
	assert_string_equal(t, "123456789012345");
	assert_int_equal(parse("1234567890123456 " HEX_A, t, sizeof(t), h), -1);
}

/* ---- the file ---- */

static void test_record_and_lookup(void **state)
{
	struct fixture *f = *state;
	char h[FWD_PIN_HEX_SIZE], shown[FWD_PIN_SHOW_SIZE], *text;
	struct stat st;
	mode_t old = umask(0);

	assert_int_equal(fwd_pin_lookup(&f->ctx, f->dir, T1, h), 0);
	assert_int_equal(fwd_pin_record(&f->ctx, f->dir, T1, HEX_A), 0);
	umask(old);
	assert_int_equal(fwd_pin_lookup(&f->ctx, f->dir, T1, h), 1);
	assert_string_equal(h, HEX_A);
	assert_int_equal(fwd_pin_lookup(&f->ctx, f->dir, T2, h), 0);
	assert_int_equal(fwd_pin_lookup(&f->ctx, f->dir, "10.0.0.1", h), 0);

	assert_int_equal(lstat(f->file, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(lstat(f->sub, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	text = slurp(f->file, NULL);
	/* TARGET SHA256 DATE, one line. */
	assert_int_equal(strncmp(text, T1 " " HEX_A " 20", strlen(T1 " " HEX_A " 20")), 0);
	assert_int_equal(strlen(text), strlen(T1 " " HEX_A " 2026-12-01T10:00:00Z\n"));
	assert_string_equal(text + strlen(text) - 2, "Z\n");
	free(text);
	assert_string_equal(fwd_pin_show(HEX_A, shown), "e3:b0:c4:42:98:fc:1c:14:9a:fb:f4:c8:99:"
			    "6f:b9:24:27:ae:41:e4:64:9b:93:4c:a4:95:99:1b:78:52:b8:55");
}

/* Replacing a pin rewrites its line only: comments, blank lines and other
 * targets stay, in their order; the file stays 0600. */
static void test_replace_keeps_the_rest(void **state)
{
	struct fixture *f = *state;
	const char *before = "# known BMCs\n"
		"\n"
		T1 " " HEX_A " 2026-11-01T10:00:00Z\n"
		"  # the spare\n"
		T2 " " HEX_A " 2026-11-02T10:00:00Z";   /* no newline at the end */
	char h[FWD_PIN_HEX_SIZE], *text, *tail;
	struct stat st;

	write_store(f, before, (size_t)-1);
	assert_int_equal(fwd_pin_record(&f->ctx, f->dir, T1, HEX_B), 0);
	text = slurp(f->file, NULL);
	/* The new line last, the others before it as they were. */
	tail = strstr(text, T1 " " HEX_B " ");
	assert_non_null(tail);
	assert_non_null(strchr(tail, '\n'));
	assert_int_equal(strchr(tail, '\n')[1], '\0');
	*tail = '\0';
	assert_string_equal(text, "# known BMCs\n\n  # the spare\n" T2 " " HEX_A
			    " 2026-11-02T10:00:00Z\n");
	free(text);
	assert_int_equal(fwd_pin_lookup(&f->ctx, f->dir, T1, h), 1);
	assert_string_equal(h, HEX_B);
	assert_int_equal(fwd_pin_lookup(&f->ctx, f->dir, T2, h), 1);
	assert_string_equal(h, HEX_A);
	assert_int_equal(stat(f->file, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	/* Recording the same again leaves one line for it. */
	assert_int_equal(fwd_pin_record(&f->ctx, f->dir, T1, HEX_B), 0);
	text = slurp(f->file, NULL);
	tail = strstr(text, T1 " ");
	assert_non_null(tail);
	assert_null(strstr(tail + 1, T1 " "));
	free(text);
}

/* The store as it is on disk, and the same after a refused call. */
static void assert_refused_unchanged(struct fixture *f, const char *says)
{
	char h[FWD_PIN_HEX_SIZE], *before, *after;
	size_t n_before, n_after;

	before = slurp(f->file, &n_before);
	assert_true(fwd_pin_lookup(&f->ctx, f->dir, T2, h) < 0);
	assert_non_null(strstr(f->ctx.err.msg, says));
	fwd_ctx_clear_error(&f->ctx);
	assert_true(fwd_pin_record(&f->ctx, f->dir, T1, HEX_B) < 0);
	assert_non_null(strstr(f->ctx.err.msg, says));
	after = slurp(f->file, &n_after);
	assert_int_equal(n_before, n_after);
	assert_memory_equal(before, after, n_before);
	free(before);
	free(after);
}

/* A line that is no pin refuses the whole file: it could be the pin that
 * counts.  Its number is in the message. */
static void test_malformed_refused(void **state)
{
	struct fixture *f = *state;

	write_store(f, "# ok\n" T1 " " HEX_A " 2026-11-01T10:00:00Z\n"
		    T2 " " "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"
		    " 2026-11-01T10:00:00Z\n", (size_t)-1);
	assert_refused_unchanged(f, "line 3");
}

static void test_long_line_refused(void **state)
{
	struct fixture *f = *state;
	char text[1024];

	snprintf(text, sizeof(text), "# %0600d\n" T2 " " HEX_A " 2026-11-01T10:00:00Z\n", 0);
	write_store(f, text, (size_t)-1);
	assert_refused_unchanged(f, "line 1 is too long");
}

/* A symbolic link in its place is refused, even to a good store, and
 * stays a link. */
static void test_symlink_refused(void **state)
{
	struct fixture *f = *state;
	char *real = fwd_test_path(f->dir, "elsewhere"), *text;
	char h[FWD_PIN_HEX_SIZE];
	struct stat st;

	mkdir(f->sub, 0700);
	fwd_test_write_file(real, T2 " " HEX_A " 2026-11-01T10:00:00Z\n", (size_t)-1, 0600);
	assert_int_equal(symlink(real, f->file), 0);
	assert_true(fwd_pin_lookup(&f->ctx, f->dir, T2, h) < 0);
	assert_non_null(strstr(f->ctx.err.msg, "symbolic link"));
	assert_true(fwd_pin_record(&f->ctx, f->dir, T1, HEX_B) < 0);
	assert_int_equal(lstat(f->file, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	/* What it points to is untouched. */
	text = slurp(real, NULL);
	assert_string_equal(text, T2 " " HEX_A " 2026-11-01T10:00:00Z\n");
	free(text);
	free(real);
}

static void test_folder_refused(void **state)
{
	struct fixture *f = *state;
	char h[FWD_PIN_HEX_SIZE];

	mkdir(f->sub, 0700);
	assert_int_equal(mkdir(f->file, 0700), 0);
	assert_true(fwd_pin_lookup(&f->ctx, f->dir, T2, h) < 0);
	assert_non_null(strstr(f->ctx.err.msg, "not a regular file"));
	assert_true(fwd_pin_record(&f->ctx, f->dir, T1, HEX_B) < 0);
}

/* Others may write it: whatever it says may not be the operator's. */
static void test_group_writable_refused(void **state)
{
	struct fixture *f = *state;

	write_store(f, T2 " " HEX_A " 2026-11-01T10:00:00Z\n", (size_t)-1);
	assert_int_equal(chmod(f->file, 0620), 0);
	assert_refused_unchanged(f, "writable by its group");
	assert_int_equal(chmod(f->file, 0602), 0);
	assert_refused_unchanged(f, "writable by others");
}

/* A NUL byte ends the text the lines are read from: the pins after it
 * would go unseen (the target's looked up as never pinned, then pinned
 * anew to whatever certificate it shows) and a record would drop them.
 * Such a file is not one fwdispatch wrote: refused, and left as it was. */
static void test_nul_byte_refused(void **state)
{
	struct fixture *f = *state;
	static const char text[] = T1 " " HEX_A " 2026-11-01T10:00:00Z\n"
		"\0" T2 " " HEX_A " 2026-11-01T10:00:00Z\n";

	write_store(f, text, sizeof(text) - 1);
	assert_refused_unchanged(f, "NUL");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_blank_and_comment),
		cmocka_unit_test(test_line_pins),
		cmocka_unit_test(test_line_bad_hex),
		cmocka_unit_test(test_line_bad_target),
		cmocka_unit_test_setup_teardown(test_record_and_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_keeps_the_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_line_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_folder_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_writable_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_byte_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
