/*
 * test-util.c: fixtures for the unit tests.
 */
#include "test-util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static _Noreturn void die(const char *what, const char *path)
{
	fprintf(stderr, "test fixture: %s '%s': %s\n", what, path, strerror(errno));
	abort();
}

const char *fwd_test_top_dir(const char *build)
{
	static char buf[PATH_MAX];
	const char *env = getenv("FWD_TOP");

	if (env && *env)
		return env;
	snprintf(buf, sizeof(buf), "%s/..", build);
	return buf;
}

int fwd_test_under_valgrind(void)
{
	const char *env = getenv("FWD_VALGRIND");

	return env && strcmp(env, "1") == 0;
}

const char *fwd_test_build_dir(const char *argv0)
{
	static char buf[PATH_MAX];
	const char *env = getenv("FWD_BUILD");
	char *p;

	if (env && *env)
		return env;
	if (!realpath(argv0, buf))
		die("cannot resolve", argv0);
	/* BUILD/tests/unit/test_x: strip three components */
	for (int i = 0; i < 3; i++) {
		p = strrchr(buf, '/');
		if (!p)
			die("cannot derive the build folder from", argv0);
		*p = '\0';
	}
	return buf;
}

char *fwd_test_mkdtemp(const char *tag)
{
	const char *tmp = getenv("TMPDIR");
	char *path;

	if (asprintf(&path, "%s/fwd-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", tag) < 0)
		abort();
	if (!mkdtemp(path))
		die("cannot create", path);
	return path;
}

void fwd_test_write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	const char *p = data;

	if (len == (size_t)-1)
		len = strlen(data);
	if (fd < 0)
		die("cannot create", path);
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0)
			die("cannot write", path);
		p += n;
		len -= (size_t)n;
	}
	if (fchmod(fd, mode) < 0 || close(fd) < 0)
		die("cannot finish", path);
}

void fwd_test_copy_file(const char *src, const char *dst, mode_t mode)
{
	char *buf;
	FILE *f = fopen(src, "rb");
	long size;

	if (!f)
		die("cannot open", src);
	if (fseek(f, 0, SEEK_END) < 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0)
		die("cannot size", src);
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size)
		die("cannot read", src);
	fclose(f);
	fwd_test_write_file(dst, buf, (size_t)size, mode);
	free(buf);
}

void fwd_test_rm_rf(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;

	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		chmod(path, 0700);
		d = opendir(path);
		while (d && (de = readdir(d))) {
			char *child;

			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			child = fwd_test_path(path, de->d_name);
			fwd_test_rm_rf(child);
			free(child);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

char *fwd_test_path(const char *a, const char *b)
{
	char *p;

	if (asprintf(&p, "%s/%s", a, b) < 0)
		abort();
	return p;
}
