/*
 * test_staging.c: fwd_staging_create() and fwd_staging_remove_leftovers():
 * a copy's name (its target, its component, the image's extension kept
 * for the vendor tools), its mode, and leftovers removed for one target
 * only, never another's whose name merely starts the same.
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

#include "update/staging.h"
#include "test-util.h"

struct fixture {
	char *dir;
	struct fwd_target_opts t;
	struct fwd_ctx ctx;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->dir = fwd_test_mkdtemp("staging");
	fwd_target_init(&f->t);
	free(f->t.state_dir);
	f->t.state_dir = fwd_test_path(f->dir, "state");
	f->t.host = strdup("10.0.0.7");
	f->t.pub.port = 623;
	fwd_ctx_init(&f->ctx);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fwd_test_rm_rf(f->dir);
	free(f->dir);
	fwd_target_release(&f->t);
	free(f);
	return 0;
}

/* Creates a copy of image for component; returns its path (static). */
static const char *create(struct fixture *f, const char *component, const char *image)
{
	static char path[4096];
	struct fwd_buf made = FWD_BUF_INIT;
	int fd = fwd_staging_create(&f->ctx, &f->t, component, image, &made);

	assert_true(fd >= 0);
	close(fd);
	assert_true(made.len < sizeof(path));
	memcpy(path, made.s, made.len + 1);
	fwd_buf_release(&made);
	return path;
}

static const char *base(const char *path)
{
	return strrchr(path, '/') + 1;
}

static void test_name_says_target_component_and_keeps_the_extension(void **state)
{
	struct fixture *f = *state;
	const char *p;
	struct stat st;

	p = create(f, "bios", "/images/BIOS_R640_2.9.4.EXE");
	assert_int_equal(strncmp(base(p), "10.0.0.7_623@bios-", 18), 0);
	assert_int_equal(strlen(base(p)), strlen("10.0.0.7_623@bios-XXXXXX.EXE"));
	assert_string_equal(p + strlen(p) - 4, ".EXE");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	p = create(f, "bmc", "X11SSH_1.72.bin");
	assert_string_equal(p + strlen(p) - 4, ".bin");
	assert_int_equal(strncmp(base(p), "10.0.0.7_623@bmc-", 17), 0);
}

static void test_odd_extensions_are_dropped(void **state)
{
	struct fixture *f = *state;
	static const char *const images[] = { "/images/firmware", "/images/.hidden",
					      "/im.ages/firmware", "a.tar-gz", "a.",
					      "a.verylongext" };

	for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
		const char *p = create(f, "bmc", images[i]);

		assert_int_equal(strlen(base(p)), strlen("10.0.0.7_623@bmc-XXXXXX"));
	}
}

static void test_leftovers_of_this_target_only(void **state)
{
	struct fixture *f = *state;
	struct fwd_target_opts other;
	char mine1[4096], mine2[4096];
	struct fwd_buf theirs = FWD_BUF_INIT;
	char *staging = fwd_test_path(f->t.state_dir, "staging");
	char *stray = fwd_test_path(staging, "10.0.0.7_623-not-a-copy");

	snprintf(mine1, sizeof(mine1), "%s", create(f, "bmc", "a.hpm"));
	snprintf(mine2, sizeof(mine2), "%s", create(f, "bios", "b.bin"));
	/* 10.0.0.7 port 6230: its name starts like ours ("10.0.0.7_623"). */
	fwd_target_init(&other);
	free(other.state_dir);
	other.state_dir = strdup(f->t.state_dir);
	other.host = strdup("10.0.0.7");
	other.pub.port = 6230;
	{
		int fd = fwd_staging_create(&f->ctx, &other, "bmc", "c.hpm", &theirs);

		assert_true(fd >= 0);
		close(fd);
	}
	fwd_test_write_file(stray, "x", 1, 0600);

	assert_int_equal(fwd_staging_remove_leftovers(&f->ctx, &f->t), 2);
	assert_int_not_equal(access(mine1, F_OK), 0);
	assert_int_not_equal(access(mine2, F_OK), 0);
	assert_int_equal(access(theirs.s, F_OK), 0);
	assert_int_equal(access(stray, F_OK), 0);
	assert_int_equal(fwd_staging_remove_leftovers(&f->ctx, &f->t), 0);
	assert_int_equal(fwd_staging_remove_leftovers(&f->ctx, &other), 1);
	assert_int_not_equal(access(theirs.s, F_OK), 0);
	fwd_target_release(&other);
	fwd_buf_release(&theirs);
	free(stray);
	free(staging);
}

static void test_no_staging_folder_is_nothing_to_remove(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fwd_staging_remove_leftovers(&f->ctx, &f->t), 0);
	assert_string_equal(f->ctx.err.msg, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_name_says_target_component_and_keeps_the_extension,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_odd_extensions_are_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leftovers_of_this_target_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_staging_folder_is_nothing_to_remove, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
