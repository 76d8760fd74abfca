/*
 * file-kind.c: naming what a non-regular file is.
 */
#include "util/file-kind.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

const char *fwd_file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISLNK(mode))
		return "a symbolic link";
	return "a special file";
}

int fwd_open_regular(const char *path, int flags, mode_t create_mode, mode_t *kind)
{
	struct stat st;
	int fd, err;

	*kind = 0;
	fd = open(path, flags | O_NONBLOCK | O_NOCTTY, create_mode);
	if (fd < 0) {
		err = errno;
		/* A FIFO opened for writing with no reader: ENXIO.  Say what it is. */
		if (err == ENXIO && lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			*kind = st.st_mode;
			return -EINVAL;
		}
		return -err;
	}
	if (fstat(fd, &st) < 0) {
		err = errno;
		close(fd);
		return -err;
	}
	if (!S_ISREG(st.st_mode)) {
		*kind = st.st_mode;
		close(fd);
		return -EINVAL;
	}
	if (!(flags & O_NONBLOCK))
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}
