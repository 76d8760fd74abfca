/*
 * test_config_file.c: the config file (core/cli/config-file.c): its
 * "key = value" lines, comments and blanks; every wrong line named with
 * its number (an unknown key with the nearest known one, a password,
 * a key set twice), never with its value; the files refused before a
 * byte is read (a symbolic link, not a regular file, writable by group
 * or others, another user's); which file is read (--no-config,
 * --config, $FWDISPATCH_CONFIG, /dev/null) and which may be missing.
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

#include "cli/config-file.h"
#include "test-util.h"

static const char *const keys[] = {
	"user", "password-file", "cipher", "state-dir", "bmc-timeout", NULL
};

struct fixture {
	char *dir;
	struct fwd_config cfg;
	struct fwd_err err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->dir = fwd_test_mkdtemp("config");
	unsetenv(FWD_CONFIG_ENV);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fwd_config_release(&f->cfg);
	fwd_test_rm_rf(f->dir);
	free(f->dir);
	free(f);
	unsetenv(FWD_CONFIG_ENV);
	return 0;
}

/* A file in the fixture's folder; malloc'd path. */
static char *put(struct fixture *f, const char *name, const char *text, mode_t mode)
{
	char *path = fwd_test_path(f->dir, name);

	fwd_test_write_file(path, text, (size_t)-1, mode);
	/* The umask must not decide what the test checks. */
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static int parse(struct fixture *f, const char *text)
{
	return fwd_config_parse(&f->cfg, "test.conf", text, keys, &f->err);
}

static void assert_entry(const struct fixture *f, size_t i, const char *key, const char *value,
			 unsigned line)
{
	assert_true(i < f->cfg.n);
	assert_string_equal(f->cfg.entries[i].key, key);
	assert_string_equal(f->cfg.entries[i].value, value);
	assert_int_equal(f->cfg.entries[i].line, line);
}

static void assert_msg(const struct fixture *f, const char *part)
{
	if (!strstr(f->err.msg, part))
		fail_msg("'%s' not in '%s'", part, f->err.msg);
}

static void test_lines(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "# defaults\n\n  user = ADMIN\n\tcipher=17  \r\n"
				  "   # indented comment\nstate-dir = /var/lib/fw d\n"
				  "password-file = /root/pw=1"), 0);
	assert_int_equal(f->cfg.n, 4);
	assert_entry(f, 0, "user", "ADMIN", 3);
	assert_entry(f, 1, "cipher", "17", 4);
	assert_entry(f, 2, "state-dir", "/var/lib/fw d", 6);
	/* Only the first '=' separates: a value may hold one. */
	assert_entry(f, 3, "password-file", "/root/pw=1", 7);
	/* The key points into the caller's list: compare by pointer. */
	assert_ptr_equal(f->cfg.entries[0].key, keys[0]);
}

static void test_empty_file(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, ""), 0);
	assert_int_equal(parse(f, "# only comments\n\n"), 0);
	assert_int_equal(f->cfg.n, 0);
}

static void test_unknown_key(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "user = a\n\ncipehr = 3\n"), -FWD_E_USAGE);
	assert_msg(f, "config file 'test.conf' line 3: unknown key 'cipehr'");
	assert_msg(f, "did you mean 'cipher'?");
	fwd_config_release(&f->cfg);

	assert_int_equal(parse(f, "frobnicate = on\n"), -FWD_E_USAGE);
	assert_msg(f, "line 1: unknown key 'frobnicate'");
	assert_null(strstr(f->err.msg, "did you mean"));
	fwd_config_release(&f->cfg);

	/* An option's spelling is near enough to name the key. */
	assert_int_equal(parse(f, "--user = a\n"), -FWD_E_USAGE);
	assert_msg(f, "did you mean 'user'?");
}

static void test_password_refused(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "user = a\npassword = s3cr3t-value\n"), -FWD_E_USAGE);
	assert_msg(f, "line 2: a password is never kept in the config file");
	assert_msg(f, "password-file = FILE");
	assert_null(strstr(f->err.msg, "s3cr3t"));
	fwd_config_release(&f->cfg);

	/* A near miss is not told its value either. */
	assert_int_equal(parse(f, "passwd = s3cr3t-value\n"), -FWD_E_USAGE);
	assert_msg(f, "unknown key 'passwd'");
	assert_null(strstr(f->err.msg, "s3cr3t"));
}

static void test_wrong_lines(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "user = a\nuser = b\n"), -FWD_E_USAGE);
	assert_msg(f, "line 2: 'user' is set again (first on line 1)");
	fwd_config_release(&f->cfg);

	assert_int_equal(parse(f, "\nuser ADMIN\n"), -FWD_E_USAGE);
	assert_msg(f, "line 2: not 'key = value'");
	assert_null(strstr(f->err.msg, "ADMIN"));
	fwd_config_release(&f->cfg);

	assert_int_equal(parse(f, " = x\n"), -FWD_E_USAGE);
	assert_msg(f, "line 1: no key before '='");
	fwd_config_release(&f->cfg);

	assert_int_equal(parse(f, "cipher =   \n"), -FWD_E_USAGE);
	assert_msg(f, "line 1: 'cipher' has no value");
	fwd_config_release(&f->cfg);

	assert_int_equal(parse(f, "user = \"ADMIN\"\n"), -FWD_E_USAGE);
	assert_msg(f, "line 1: the value of 'user' is quoted");
}

static void test_read_file(void **state)
{
	struct fixture *f = *state;
	char *path = put(f, "ok.conf", "user = ADMIN\nbmc-timeout = 900\n", 0644);

	assert_int_equal(fwd_config_read(&f->cfg, path, 1, keys, &f->err), 0);
	assert_string_equal(f->cfg.path, path);
	assert_int_equal(f->cfg.n, 2);
	assert_entry(f, 1, "bmc-timeout", "900", 2);
	free(path);
}

/* Refused before a line is parsed: the garbage inside is never seen. */
static void assert_refused(struct fixture *f, const char *path, const char *part)
{
	fwd_config_release(&f->cfg);
	fwd_error_clear(&f->err);
	assert_int_equal(fwd_config_read(&f->cfg, path, 0, keys, &f->err), -FWD_E_REFUSED);
	assert_msg(f, part);
	assert_int_equal(f->cfg.n, 0);
}

static void test_untrusted_files(void **state)
{
	struct fixture *f = *state;
	char *group = put(f, "group.conf", "garbage\n", 0664);
	char *others = put(f, "others.conf", "garbage\n", 0646);
	char *target = put(f, "target.conf", "garbage\n", 0644);
	char *link = fwd_test_path(f->dir, "link.conf");
	char *fifo = fwd_test_path(f->dir, "fifo.conf");

	assert_refused(f, group, "is writable by its group (mode 0664): run 'chmod go-w");
	assert_refused(f, others, "is writable by others (mode 0646)");
	assert_int_equal(symlink(target, link), 0);
	assert_refused(f, link, "is a symbolic link");
	/* Not a regular file, and opening it must not wait for a writer. */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_refused(f, fifo, "is not a regular file");
	assert_refused(f, f->dir, "is not a regular file");
	if (geteuid() == 0) {
		assert_int_equal(chown(target, 12345, 12345), 0);
		assert_refused(f, target,
			       "is owned by uid 12345, neither root nor the invoking user");
	}
	free(group);
	free(others);
	free(target);
	free(link);
	free(fifo);
}

static void test_not_text(void **state)
{
	struct fixture *f = *state;
	char *path = fwd_test_path(f->dir, "big.conf");
	char *big = malloc(FWD_CONFIG_MAX_BYTES + 2);

	memset(big, '#', FWD_CONFIG_MAX_BYTES + 1);
	fwd_test_write_file(path, big, FWD_CONFIG_MAX_BYTES + 1, 0600);
	assert_int_equal(fwd_config_read(&f->cfg, path, 1, keys, &f->err), -FWD_E_USAGE);
	assert_msg(f, "more than 64 KiB");
	fwd_config_release(&f->cfg);
	/* Exactly the limit is still a config file. */
	fwd_test_write_file(path, big, FWD_CONFIG_MAX_BYTES, 0600);
	assert_int_equal(fwd_config_read(&f->cfg, path, 1, keys, &f->err), 0);
	fwd_config_release(&f->cfg);
	fwd_test_write_file(path, "user = a\0b\n", 11, 0600);
	assert_int_equal(fwd_config_read(&f->cfg, path, 1, keys, &f->err), -FWD_E_USAGE);
	assert_msg(f, "holds NUL bytes");
	free(big);
	free(path);
}

static void test_which_file(void **state)
{
	struct fixture *f = *state;
	char *a = put(f, "a.conf", "user = from-a\n", 0600);
	char *b = put(f, "b.conf", "user = from-b\n", 0600);
	char *missing = fwd_test_path(f->dir, "missing.conf");

	/* $FWDISPATCH_CONFIG, when no --config. */
	setenv(FWD_CONFIG_ENV, a, 1);
	assert_int_equal(fwd_config_load(&f->cfg, NULL, 0, keys, &f->err), 0);
	assert_entry(f, 0, "user", "from-a", 1);
	fwd_config_release(&f->cfg);
	/* --config wins over it. */
	assert_int_equal(fwd_config_load(&f->cfg, b, 0, keys, &f->err), 0);
	assert_entry(f, 0, "user", "from-b", 1);
	fwd_config_release(&f->cfg);
	/* --no-config reads nothing, not even a broken file. */
	setenv(FWD_CONFIG_ENV, missing, 1);
	assert_int_equal(fwd_config_load(&f->cfg, NULL, 1, keys, &f->err), 0);
	assert_null(f->cfg.path);
	/* A file named by the operator must be there. */
	assert_int_equal(fwd_config_load(&f->cfg, NULL, 0, keys, &f->err), -FWD_E_USAGE);
	assert_msg(f, "cannot open config file");
	assert_msg(f, "missing.conf");
	assert_int_equal(fwd_config_load(&f->cfg, missing, 0, keys, &f->err), -FWD_E_USAGE);
	/* None, spelt as a file name. */
	setenv(FWD_CONFIG_ENV, "/dev/null", 1);
	assert_int_equal(fwd_config_load(&f->cfg, NULL, 0, keys, &f->err), 0);
	assert_null(f->cfg.path);
	setenv(FWD_CONFIG_ENV, "", 1);
	assert_int_equal(fwd_config_load(&f->cfg, NULL, 0, keys, &f->err), 0);
	assert_int_equal(fwd_config_load(&f->cfg, "/dev/null", 0, keys, &f->err), 0);
	assert_int_equal(f->cfg.n, 0);
	/* The default alone may be missing (read with must_exist 0). */
	assert_int_equal(fwd_config_read(&f->cfg, missing, 0, keys, &f->err), 0);
	assert_null(f->cfg.path);
	free(a);
	free(b);
	free(missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_untrusted_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_which_file, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
