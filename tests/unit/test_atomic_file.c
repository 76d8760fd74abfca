/*
 * test_atomic_file.c: fwd_atomic_write() leaves the whole new file or
 * nothing: contents and mode, replacing or not, and failures (a write
 * cut by RLIMIT_FSIZE as a full disk would, a folder it may not write,
 * a missing folder) that leave neither a partial file nor a temporary
 * one behind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/atomic-file.h"
#include "test-util.h"

struct fixture {
	char *dir;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->dir = fwd_test_mkdtemp("atomic");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	chmod(f->dir, 0700);
	fwd_test_rm_rf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* The file's bytes, malloc'd and NUL-terminated; NULL when absent. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	if (len)
		*len = (size_t)n;
	return buf;
}

/* How many entries the folder holds (temporary files included). */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static void test_write_new(void **state)
{
	struct fixture *f = *state;
	char *path = fwd_test_path(f->dir, "a.json"), *got;
	struct fwd_err err = { 0 };
	mode_t old = umask(0077);
	size_t len;

	assert_int_equal(fwd_atomic_write(path, "{\"x\": 1}\n", 9, 0600, 0, &err), 0);
	got = slurp(path, &len);
	assert_non_null(got);
	assert_int_equal(len, 9);
	assert_string_equal(got, "{\"x\": 1}\n");
	assert_int_equal(mode_of(path), 0600);
	free(got);
	/* The mode asked for, whatever the umask. */
	assert_int_equal(fwd_atomic_write(path, "", 0, 0644, 0, &err), 0);
	assert_int_equal(mode_of(path), 0644);
	got = slurp(path, &len);
	assert_int_equal(len, 0);
	free(got);
	assert_int_equal(count_entries(f->dir), 1);
	umask(old);
	free(path);
}

static void test_replace_and_no_replace(void **state)
{
	struct fixture *f = *state;
	char *path = fwd_test_path(f->dir, "b"), *got;
	struct fwd_err err = { 0 };

	fwd_test_write_file(path, "old", (size_t)-1, 0600);
	assert_int_equal(fwd_atomic_write(path, "new", 3, 0600, 0, &err), 0);
	got = slurp(path, NULL);
	assert_string_equal(got, "new");
	free(got);

	assert_int_equal(fwd_atomic_write(path, "newer", 5, 0600, FWD_ATOMIC_NO_REPLACE, &err),
			 -EEXIST);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "not replaced"));
	got = slurp(path, NULL);
	assert_string_equal(got, "new");
	free(got);
	assert_int_equal(count_entries(f->dir), 1);
	free(path);
}

static void test_missing_folder(void **state)
{
	struct fixture *f = *state;
	char *sub = fwd_test_path(f->dir, "nope"), *path = fwd_test_path(sub, "c");
	struct fwd_err err = { 0 };

	assert_int_equal(fwd_atomic_write(path, "x", 1, 0600, 0, &err), -ENOENT);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "No such file"));
	assert_int_equal(count_entries(f->dir), 0);
	free(sub);
	free(path);
}

static void test_relative_path(void **state)
{
	struct fixture *f = *state;
	char cwd[4096], *path = fwd_test_path(f->dir, "rel"), *got;
	struct fwd_err err = { 0 };

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);
	assert_int_equal(fwd_atomic_write("rel", "r", 1, 0600, 0, &err), 0);
	assert_int_equal(chdir(cwd), 0);
	got = slurp(path, NULL);
	assert_string_equal(got, "r");
	free(got);
	free(path);
	assert_int_equal(fwd_atomic_write("", "r", 1, 0600, 0, &err), -EINVAL);
	assert_int_equal(fwd_atomic_write("dir/", "r", 1, 0600, 0, &err), -EINVAL);
}

/*
 * Runs fwd_atomic_write in a child (limits and identities stay there) and
 * returns what it returned; the child writes its message to msg.
 */
enum child_setup { CHILD_FSIZE, CHILD_NOBODY };

static int write_in_child(enum child_setup how, const char *path, size_t len, char *msg,
			  size_t msg_size)
{
	int pipefd[2], status;
	pid_t pid;
	ssize_t n;

	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct fwd_err err = { 0 };
		char *data = malloc(len);
		int ret;

		close(pipefd[0]);
		memset(data, 'x', len);
		if (how == CHILD_FSIZE) {
			/* What a full disk does to write(): it stops short. */
			struct rlimit rl = { 4096, 4096 };

			signal(SIGXFSZ, SIG_IGN);
			if (setrlimit(RLIMIT_FSIZE, &rl))
				_exit(200);
		} else if (setgid(65534) || setuid(65534)) {
			_exit(201);
		}
		ret = fwd_atomic_write(path, data, len, 0600, 0, &err);
		free(data);
		if (write(pipefd[1], err.msg, strlen(err.msg)) < 0)
			_exit(202);
		_exit(ret == 0 ? 0 : -ret < 200 ? -ret : 199);
	}
	close(pipefd[1]);
	n = read(pipefd[0], msg, msg_size - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_true(WEXITSTATUS(status) < 200);
	return -WEXITSTATUS(status);
}

static void test_write_cut_short(void **state)
{
	struct fixture *f = *state;
	char *path = fwd_test_path(f->dir, "big.json"), msg[512], *got;

	/* A new file: nothing is left under its name, nor a temporary file. */
	assert_int_equal(write_in_child(CHILD_FSIZE, path, 65536, msg, sizeof(msg)), -EFBIG);
	assert_non_null(strstr(msg, "cannot write"));
	assert_non_null(strstr(msg, path));
	assert_int_equal(count_entries(f->dir), 0);

	/* Replacing: the old file stays as it was. */
	fwd_test_write_file(path, "old backup", (size_t)-1, 0600);
	assert_int_equal(write_in_child(CHILD_FSIZE, path, 65536, msg, sizeof(msg)), -EFBIG);
	got = slurp(path, NULL);
	assert_string_equal(got, "old backup");
	free(got);
	assert_int_equal(count_entries(f->dir), 1);

	/* Under the limit the same child succeeds: the limit is what failed. */
	assert_int_equal(write_in_child(CHILD_FSIZE, path, 1000, msg, sizeof(msg)), 0);
	assert_int_equal(mode_of(path), 0600);
	free(path);
}

static void test_unwritable_folder(void **state)
{
	struct fixture *f = *state;
	char *path = fwd_test_path(f->dir, "d.json"), msg[512] = "";
	struct fwd_err err = { 0 };
	int ret;

	if (geteuid() == 0) {
		/* Root writes anywhere: a child that became nobody does not. */
		assert_int_equal(chmod(f->dir, 0755), 0);
		ret = write_in_child(CHILD_NOBODY, path, 100, msg, sizeof(msg));
	} else {
		assert_int_equal(chmod(f->dir, 0500), 0);
		ret = fwd_atomic_write(path, "x", 1, 0600, 0, &err);
		snprintf(msg, sizeof(msg), "%.*s", (int)sizeof(msg) - 1, err.msg);
	}
	assert_int_equal(ret, -EACCES);
	assert_non_null(strstr(msg, "cannot create a temporary file"));
	assert_non_null(strstr(msg, "Permission denied"));
	assert_int_equal(chmod(f->dir, 0700), 0);
	assert_int_equal(count_entries(f->dir), 0);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_and_no_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_cut_short, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable_folder, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
