/*
 * trusted-text.c: a short text file fwdispatch takes orders from, read
 * whole once it is known to be trusted (trusted-text.h).
 */
#include "util/trusted-text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/trusted-file.h"

/* Open without following a link, then judge what was opened; O_NONBLOCK:
 * a FIFO must not hang.  *fd_out -1 for a missing file that may be. */
static int open_trusted(const char *path, const char *what, int must_exist, int *fd_out,
			struct fwd_err *err)
{
	char why[FWD_ERROR_MAX];
	struct stat st;
	int fd;

	*fd_out = -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT && !must_exist)
		return 0;
	if (fd < 0 && errno == ELOOP)
		return fwd_error_set(err, -FWD_E_REFUSED, "%s '%s' is a symbolic link: name the "
				     "file itself", what, path);
	if (fd < 0)
		return fwd_error_set(err, -FWD_E_USAGE, "cannot open %s '%s': %s", what, path,
				     strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fwd_error_set(err, -FWD_E_REFUSED, "%s '%s' is not a regular file", what,
				     path);
	}
	if (fwd_trusted_stat(&st, path, why, sizeof(why))) {
		close(fd);
		return fwd_error_set(err, -FWD_E_REFUSED, "%s '%s' %s; it is not read", what, path,
				     why);
	}
	*fd_out = fd;
	return 0;
}

/* The whole file from fd, NUL-terminated; no more than max bytes. */
static int read_text(int fd, const char *path, const char *what, size_t max, char **out,
		     struct fwd_err *err)
{
	char *buf = malloc(max + 1);
	size_t got = 0;
	ssize_t n;

	if (!buf)
		return fwd_error_set(err, -ENOMEM, "out of memory");
	while (got <= max && (n = read(fd, buf + got, max + 1 - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;

			free(buf);
			return fwd_error_set(err, -FWD_E_USAGE, "cannot read %s '%s': %s", what, path,
					     strerror(saved));
		}
		got += (size_t)n;
	}
	if (got > max || memchr(buf, '\0', got)) {
		free(buf);
		if (got > max)
			return fwd_error_set(err, -FWD_E_USAGE, "%s '%s' is not a %s: more than %zu "
					     "KiB", what, path, what, max / 1024);
		return fwd_error_set(err, -FWD_E_USAGE, "%s '%s' is not a %s: it holds NUL bytes",
				     what, path, what);
	}
	buf[got] = '\0';
	*out = buf;
	return 0;
}

int fwd_trusted_text_read(const char *path, const char *what, size_t max, int must_exist,
			  char **out, struct fwd_err *err)
{
	int fd, ret;

	*out = NULL;
	ret = open_trusted(path, what, must_exist, &fd, err);
	if (ret || fd < 0)
		return ret;
	ret = read_text(fd, path, what, max, out, err);
	close(fd);
	return ret;
}
