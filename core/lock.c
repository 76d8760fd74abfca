/*
 * lock.c: the per-target run lock.
 */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "state-dir.h"
#include "utc-time.h"

/* Who holds it, from the file's one line; "" when it says nothing. */
static void read_holder(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

int fwd_lock_take(struct fwd_ctx *ctx, const struct fwd_target_opts *t, const char *command,
		  struct fwd_lock *lock)
{
	char dir[4096], name[300], line[256], target[300];
	int ret;

	lock->fd = -1;
	ret = fwd_state_dir_ensure(ctx, t->state_dir, "locks", dir, sizeof(dir));
	if (ret)
		return ret;
	fwd_target_file_name(t, name, sizeof(name));
	snprintf(lock->path, sizeof(lock->path), "%s/%s.lock", dir, name);
	lock->fd = open(lock->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (lock->fd < 0)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot open lock file '%s': %s",
					 lock->path, strerror(errno));
	while (flock(lock->fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EINTR)
			continue;
		ret = errno;
		read_holder(lock->fd, line, sizeof(line));
		close(lock->fd);
		lock->fd = -1;
		if (ret == EWOULDBLOCK)
			return fwd_ctx_set_error(ctx, -FWD_E_BUSY,
				"another fwdispatch run holds %s (%s): wait until it ends; "
				"'fwdispatch status' shows where it is",
				fwd_target_describe(t, target, sizeof(target)),
				line[0] ? line : "holder unknown");
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot lock '%s': %s", lock->path,
					 strerror(ret));
	}
	fwd_lock_stamp(lock, command);
	return 0;
}

void fwd_lock_stamp(struct fwd_lock *lock, const char *command)
{
	char line[256], when[FWD_UTC_SIZE];

	fwd_utc_iso(time(NULL), when);
	snprintf(line, sizeof(line), "PID %ld, started %s, fwdispatch %s\n", (long)getpid(), when,
		 command);
	/* Best effort: the flock is the lock, the text only names its holder. */
	if (ftruncate(lock->fd, 0) == 0 && pwrite(lock->fd, line, strlen(line), 0) > 0)
		fsync(lock->fd);
}

void fwd_lock_forget(struct fwd_lock *lock)
{
	if (lock->fd >= 0)
		close(lock->fd);
	lock->fd = -1;
}

void fwd_lock_release(struct fwd_lock *lock)
{
	/* The text stays: it is only read while someone holds the lock, and
	 * every holder writes its own first. */
	if (lock->fd >= 0) {
		flock(lock->fd, LOCK_UN);
		close(lock->fd);
	}
	lock->fd = -1;
}
