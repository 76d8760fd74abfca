/*
 * lock.c: the per-target run lock.
 */
#include "update/lock.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tool/ipmitool-home.h"
#include "util/state-dir.h"
#include "util/utc-time.h"

/* Who holds it, from the file's one line; "" when it says nothing. */
static void read_holder(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

/* Whether the PID the holder's line names is gone (not merely not ours). */
static int holder_gone(const char *line)
{
	long pid;

	return sscanf(line, "PID %ld", &pid) == 1 && pid > 0 && kill((pid_t)pid, 0) < 0 &&
	       errno == ESRCH;
}

/*
 * The processes that have the lock file open, as "name (PID n), ...":
 * when the run that took the lock is gone, these are the tools it
 * started, left to finish their work (run-command.h, lock_fd).  Linux /proc;
 * processes of other users are not visible without root.
 */
static void find_openers(const char *path, char *buf, size_t size)
{
	struct stat lock_st;
	struct dirent *p;
	size_t used = 0;
	DIR *proc;

	buf[0] = '\0';
	if (stat(path, &lock_st) < 0 || !(proc = opendir("/proc")))
		return;
	while ((p = readdir(proc)) && used + 1 < size) {
		char dir[300], fd_path[600], comm[64] = "?";
		struct dirent *f;
		DIR *fds;
		FILE *cf;
		int holds = 0;

		if (p->d_name[0] < '1' || p->d_name[0] > '9' || atol(p->d_name) == (long)getpid())
			continue;
		snprintf(dir, sizeof(dir), "/proc/%s/fd", p->d_name);
		if (!(fds = opendir(dir)))
			continue;
		while (!holds && (f = readdir(fds))) {
			struct stat st;

			snprintf(fd_path, sizeof(fd_path), "%s/%s", dir, f->d_name);
			holds = f->d_name[0] != '.' && stat(fd_path, &st) == 0 &&
				st.st_dev == lock_st.st_dev && st.st_ino == lock_st.st_ino;
		}
		closedir(fds);
		if (!holds)
			continue;
		snprintf(fd_path, sizeof(fd_path), "/proc/%s/comm", p->d_name);
		if ((cf = fopen(fd_path, "r"))) {
			if (fgets(comm, sizeof(comm), cf))
				comm[strcspn(comm, "\n")] = '\0';
			fclose(cf);
		}
		used += (size_t)snprintf(buf + used, size - used, "%s%s (PID %s)", used ? ", " : "",
					 comm, p->d_name);
	}
	closedir(proc);
	if (used >= size)
		buf[size - 1] = '\0';
}

void fwd_lock_openers(const char *state_dir, const char *name, char *buf, size_t size)
{
	struct fwd_buf path = FWD_BUF_INIT;

	buf[0] = '\0';
	if (fwd_buf_setf(&path, "%s/locks/%s.lock", state_dir, name) == 0)
		find_openers(path.s, buf, size);
	fwd_buf_release(&path);
}

/* The rest of fwd_lock_take, on the lock file at path; what names the
 * target in a message, else t's own description. */
static int take(struct fwd_ctx *ctx, const struct fwd_target_opts *t, const char *what,
		const char *path, struct fwd_lock *lock)
{
	char line[256], target[300], openers[256];
	int ret;

	if (what)
		snprintf(target, sizeof(target), "%s", what);
	else
		fwd_target_describe(t, target, sizeof(target));

	lock->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	/* Above 2, so that the tools can inherit it (run-command.h) even when
	 * fwdispatch was started with stdin, stdout or stderr closed. */
	if (lock->fd >= 0 && lock->fd <= 2) {
		int high = fcntl(lock->fd, F_DUPFD_CLOEXEC, 3);

		close(lock->fd);
		lock->fd = high;
	}
	if (lock->fd < 0)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot open lock file '%s': %s",
					 path, strerror(errno));
	while (flock(lock->fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EINTR)
			continue;
		ret = errno;
		read_holder(lock->fd, line, sizeof(line));
		close(lock->fd);
		lock->fd = -1;
		if (ret == EWOULDBLOCK && holder_gone(line)) {
			find_openers(path, openers, sizeof(openers));
			return fwd_ctx_set_error(ctx, -FWD_E_BUSY,
				"the run that held %s (%s) has ended, but a tool it started still "
				"runs and holds the target: %s.  It is left to finish what it was "
				"doing to the BMC; wait until it ends, then run this again",
				target, line,
				openers[0] ? openers : "not visible to this user");
		}
		if (ret == EWOULDBLOCK) {
			struct fwd_buf status = FWD_BUF_INIT;

			fwd_buf_add(&status, "fwdispatch status");
			fwd_target_args(t, &status);
			fwd_ctx_set_error(ctx, -FWD_E_BUSY,
				"another fwdispatch run holds %s (%s): wait until it ends; "
				"'%s' shows where it is",
				target, line[0] ? line : "holder unknown", status.s);
			fwd_buf_release(&status);
			return -FWD_E_BUSY;
		}
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot lock '%s': %s", path,
					 strerror(ret));
	}
	return 0;
}

int fwd_lock_take(struct fwd_ctx *ctx, const struct fwd_target_opts *t, const char *command,
		  struct fwd_lock *lock)
{
	struct fwd_buf dir = FWD_BUF_INIT, path = FWD_BUF_INIT;
	char name[300];
	int ret;

	lock->fd = -1;
	ret = fwd_state_dir_ensure(ctx, t->state_dir, "locks", &dir);
	fwd_target_file_name(t, name, sizeof(name));
	if (!ret && fwd_buf_setf(&path, "%s/%s.lock", dir.s, name) < 0)
		ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	if (!ret)
		ret = take(ctx, t, NULL, path.s, lock);
	fwd_buf_release(&dir);
	fwd_buf_release(&path);
	if (ret)
		return ret;
	fwd_lock_stamp(lock, command);
	ctx->lock_fd = lock->fd;
	/* The run that holds the lock owns the state folder, where ipmitool's
	 * short registry lives: its commands start faster. */
	fwd_ipmitool_home_prepare(ctx, t->state_dir);
	return 0;
}

int fwd_lock_take_bmc(struct fwd_ctx *ctx, const struct fwd_target_opts *t, const char *mac,
		      const char *command, struct fwd_lock *lock)
{
	struct fwd_buf dir = FWD_BUF_INIT, path = FWD_BUF_INIT;
	char name[64], what[160];
	size_t n = 0;
	int ret;

	lock->fd = -1;
	/* bmc-mac-0cc47aaabbcc: one spelling of the MAC, whatever the case. */
	for (const char *p = mac; *p && n < sizeof(name) - 1; p++)
		if (isxdigit((unsigned char)*p))
			name[n++] = (char)tolower((unsigned char)*p);
	name[n] = '\0';
	if (n != 12)
		return 0;  /* no MAC to go by: the address lock alone */
	snprintf(what, sizeof(what), "this BMC (MAC %s), under another name or address", mac);
	ret = fwd_state_dir_ensure(ctx, t->state_dir, "locks", &dir);
	if (!ret && fwd_buf_setf(&path, "%s/bmc-mac-%s.lock", dir.s, name) < 0)
		ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	if (!ret)
		ret = take(ctx, t, what, path.s, lock);
	fwd_buf_release(&dir);
	fwd_buf_release(&path);
	if (!ret)
		fwd_lock_stamp(lock, command);
	return ret;
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

void fwd_lock_forget(struct fwd_ctx *ctx, struct fwd_lock *lock)
{
	if (ctx->lock_fd == lock->fd)
		ctx->lock_fd = 0;
	if (lock->fd >= 0)
		close(lock->fd);
	lock->fd = -1;
}

void fwd_lock_release(struct fwd_ctx *ctx, struct fwd_lock *lock)
{
	if (ctx->lock_fd == lock->fd)
		ctx->lock_fd = 0;
	/* The text stays: it is only read while someone holds the lock, and
	 * every holder writes its own first. */
	if (lock->fd >= 0) {
		flock(lock->fd, LOCK_UN);
		close(lock->fd);
	}
	lock->fd = -1;
}
