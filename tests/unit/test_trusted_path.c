/*
 * test_trusted_path.c: walking a path from "/" by descriptor
 * (core/util/trusted-path.c): a folder above that others can write to
 * without the sticky bit, or that a stranger owns, is refused by name with
 * the fix; a sticky one is fine; the folder itself is the caller's to judge
 * unless it is a parent to create in; a file on the way is no folder; a
 * link on the way is followed only as realpath() resolved it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test-util.h"
#include "util/trusted-path.h"

struct fixture {
	char *top, *mid, *dir;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->top = fwd_test_mkdtemp("tpath");
	assert_int_equal(chmod(f->top, 0755), 0);
	f->mid = fwd_test_path(f->top, "mid");
	f->dir = fwd_test_path(f->mid, "dir");
	assert_int_equal(mkdir(f->mid, 0755), 0);
	assert_int_equal(mkdir(f->dir, 0755), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	chmod(f->mid, 0755);
	fwd_test_rm_rf(f->top);
	free(f->dir);
	free(f->mid);
	free(f->top);
	free(f);
	return 0;
}

/* fd from a walk: a folder, closed here; -1 when the walk refused. */
static int opened(int fd)
{
	struct stat st;

	if (fd < 0)
		return -1;
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	close(fd);
	return 0;
}

static void test_safe_path_opens(void **state)
{
	struct fixture *f = *state;
	char why[512] = "";

	assert_int_equal(opened(fwd_open_trusted_dir(f->dir, why, sizeof(why))), 0);
	/* The folder itself is the caller's: open to all, still opened. */
	assert_int_equal(chmod(f->dir, 0777), 0);
	assert_int_equal(opened(fwd_open_trusted_dir(f->dir, why, sizeof(why))), 0);
	/* As a parent to create in, it is judged too. */
	assert_int_equal(fwd_open_trusted_parent(f->dir, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "is '"));
	assert_non_null(strstr(why, "writable by others (mode 0777)"));
}

static void test_open_parent_refused(void **state)
{
	struct fixture *f = *state;
	char why[512] = "", want[600];

	assert_int_equal(chmod(f->mid, 0777), 0);
	assert_int_equal(fwd_open_trusted_dir(f->dir, why, sizeof(why)), -EPERM);
	snprintf(want, sizeof(want), "is under '%s', which is writable by others (mode 0777) "
		 "and not sticky", f->mid);
	assert_non_null(strstr(why, want));
	snprintf(want, sizeof(want), "run 'chmod go-w %s'", f->mid);
	assert_non_null(strstr(why, want));

	assert_int_equal(chmod(f->mid, 0775), 0);
	assert_int_equal(fwd_open_trusted_dir(f->dir, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "writable by its group (mode 0775)"));

	/* Sticky, as /tmp: others may add names, not swap ours. */
	assert_int_equal(chmod(f->mid, 01777), 0);
	assert_int_equal(opened(fwd_open_trusted_dir(f->dir, why, sizeof(why))), 0);

	if (geteuid() == 0) {
		assert_int_equal(chmod(f->mid, 0755), 0);
		assert_int_equal(chown(f->mid, 4242, 4242), 0);
		assert_int_equal(fwd_open_trusted_dir(f->dir, why, sizeof(why)), -EPERM);
		assert_non_null(strstr(why, "owned by uid 4242"));
		assert_int_equal(chown(f->mid, 0, 0), 0);
	}
}

static void test_files_and_links_on_the_way(void **state)
{
	struct fixture *f = *state;
	char *file = fwd_test_path(f->mid, "file"), *under = fwd_test_path(file, "x");
	char *link = fwd_test_path(f->top, "link"), *via = fwd_test_path(link, "dir");
	char why[512] = "";

	fwd_test_write_file(file, "x", 1, 0644);
	assert_int_equal(fwd_open_trusted_dir(file, why, sizeof(why)), -ENOTDIR);
	assert_non_null(strstr(why, "is not a folder ('file' is a file)"));
	assert_int_equal(fwd_open_trusted_dir(under, why, sizeof(why)), -ENOTDIR);
	assert_int_equal(fwd_open_trusted_dir("/nonexistent/fwd-tpath", why, sizeof(why)),
			 -ENOENT);
	/* A link is resolved once, then the real folders are walked and judged. */
	assert_int_equal(symlink(f->mid, link), 0);
	assert_int_equal(opened(fwd_open_trusted_dir(via, why, sizeof(why))), 0);
	assert_int_equal(chmod(f->mid, 0777), 0);
	assert_int_equal(fwd_open_trusted_dir(via, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, f->mid));
	free(via);
	free(link);
	free(under);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_safe_path_opens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_parent_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files_and_links_on_the_way, setup, teardown),
	};

	umask(022);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
