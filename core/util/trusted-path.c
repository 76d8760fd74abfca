/*
 * trusted-path.c: see trusted-path.h.
 */
#include "util/trusted-path.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int owner_trusted(uid_t uid)
{
	return uid == 0 || uid == getuid() || uid == geteuid();
}

/*
 * The rule for one folder above path; 0, or -EPERM with why filled.  Of
 * path itself only that it is a folder: its own rule is the caller's.
 */
static int check_step(int fd, const char *walked, const char *path, int self_too, char *why,
		      size_t size)
{
	int last = !self_too && strcmp(walked, path) == 0;
	const char *at = strcmp(walked, path) == 0 ? "is" : "is under";
	struct stat st;

	if (fstat(fd, &st) < 0) {
		int err = errno;

		snprintf(why, size, "cannot be checked: %s", strerror(err));
		return -err;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, size, "%s '%s', which is not a folder", at, walked);
		return -ENOTDIR;
	}
	if (last)
		return 0;
	if (!owner_trusted(st.st_uid)) {
		snprintf(why, size, "%s '%s', which is owned by uid %u, neither root nor the "
			 "invoking user: whoever owns it can swap what is in it", at, walked,
			 (unsigned)st.st_uid);
		return -EPERM;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX)) {
		snprintf(why, size, "%s '%s', which is writable by %s (mode %04o) and not "
			 "sticky: whoever can write there can swap what is in it; run "
			 "'chmod go-w %s'", at, walked,
			 (st.st_mode & S_IWOTH) ? "others" : "its group",
			 (unsigned)(st.st_mode & 07777), walked);
		return -EPERM;
	}
	return 0;
}

/* Why name could not be opened as a folder in fd: a link that appeared
 * since realpath() is a change; a file is no folder. */
static int walk_failed(int fd, const char *name, int err, char *why, size_t size)
{
	struct stat st;

	if (err == ENOTDIR && fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISLNK(st.st_mode)) {
		snprintf(why, size, "is not a folder ('%s' is %s)", name,
			 S_ISREG(st.st_mode) ? "a file" : "no folder");
		return -ENOTDIR;
	}
	if (err == ENOTDIR || err == ELOOP) {
		snprintf(why, size, "changed while it was being checked: try again");
		return -ELOOP;
	}
	snprintf(why, size, "%s", strerror(err));
	return -err;
}

static int open_walked(const char *path, int self_too, char *why, size_t size)
{
	char full[PATH_MAX], real[PATH_MAX], walked[PATH_MAX];
	size_t walked_len = 1;
	int fd, next, ret;
	char *name, *save = NULL;

	if (!realpath(path, real)) {
		ret = -errno;
		snprintf(why, size, "cannot be used: %s", strerror(errno));
		return ret;
	}
	memcpy(full, real, sizeof(full));  /* strtok_r cuts real up */
	fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(why, size, "cannot be used: '/': %s", strerror(errno));
		return ret;
	}
	strcpy(walked, "/");
	ret = check_step(fd, walked, full, self_too, why, size);
	for (name = strtok_r(real + 1, "/", &save); !ret && name;
	     name = strtok_r(NULL, "/", &save)) {
		/* O_NOFOLLOW: a name that became a link since realpath() is a change. */
		next = openat(fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			ret = walk_failed(fd, name, errno, why, size);
			break;
		}
		close(fd);
		fd = next;
		snprintf(walked + walked_len, sizeof(walked) - walked_len, "%s%s",
			 walked_len > 1 ? "/" : "", name);
		walked_len = strlen(walked);
		ret = check_step(fd, walked, full, self_too, why, size);
	}
	if (ret) {
		close(fd);
		return ret;
	}
	/* The checked folder, opened for reading through its checked descriptor. */
	next = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ret = next < 0 ? -errno : next;
	if (next < 0)
		snprintf(why, size, "cannot be opened: %s", strerror(errno));
	close(fd);
	return ret;
}

int fwd_open_trusted_dir(const char *path, char *why, size_t size)
{
	return open_walked(path, 0, why, size);
}

int fwd_open_trusted_parent(const char *parent, char *why, size_t size)
{
	return open_walked(parent, 1, why, size);
}
