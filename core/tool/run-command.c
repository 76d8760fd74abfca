/*
 * run-command.c: start a tool without a shell, capture its output, stop it
 * when it runs out of time.  The contract is in run-command.h.
 *
 * Shape: everything the child needs (argv, envp, fds, signal sets) is
 * built before fork(); the child only makes async-signal-safe calls and
 * reports a failed exec over a close-on-exec pipe; the parent then runs
 * one poll() loop that reads both pipes, watches the child (pidfd, else
 * a short tick) and the clock, and reaps it.
 */
#include "tool/run-command.h"

#include "util/clock.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1u << 2)
#endif

/* After the child exits, how long output from processes it left behind
 * (holding our pipes) is still read before we stop listening. */
#define DRAIN_AFTER_EXIT_MS 500u
/* Without a pidfd, how often we look whether the child has exited. */
#define TICK_PIPES_CLOSED_MS 10
#define TICK_PIPES_OPEN_MS 100
#define READ_CHUNK (64u * 1024u)

static const char *const default_env[] = {
	("PATH=" FWD_RUN_PATH),
	"LC_ALL=C",
	"LANG=C",
};
#define N_DEFAULT_ENV (sizeof(default_env) / sizeof(default_env[0]))

static int close_keep_errno(int fd)
{
	int saved = errno;

	if (fd >= 0)
		close(fd);
	errno = saved;
	return -1;
}

/* ---- the environment ---------------------------------------------- */

/* Do "A=x" and "A=y" (or "A") name the same variable? */
static int same_name(const char *a, const char *b)
{
	size_t la = strcspn(a, "="), lb = strcspn(b, "=");

	return la == lb && memcmp(a, b, la) == 0;
}

/*
 * The child's envp: the defaults not overridden by env_add, then env_add
 * (a later duplicate wins).  The strings stay borrowed; only the array
 * is allocated.  Returns NULL with *bad set to the index of a malformed
 * entry, or with *bad = -1 when out of memory.
 */
static char **build_env(const char *const *add, long *bad)
{
	size_t n_add = 0, n = 0;
	char **envp;

	*bad = -1;
	for (; add && add[n_add]; n_add++) {
		const char *eq = strchr(add[n_add], '=');

		if (!eq || eq == add[n_add]) {
			*bad = (long)n_add;
			return NULL;
		}
	}
	envp = calloc(N_DEFAULT_ENV + n_add + 1, sizeof(*envp));
	if (!envp)
		return NULL;
	for (size_t i = 0; i < N_DEFAULT_ENV; i++) {
		size_t j = 0;

		while (j < n_add && !same_name(default_env[i], add[j]))
			j++;
		if (j == n_add)
			envp[n++] = (char *)default_env[i];
	}
	for (size_t i = 0; i < n_add; i++) {
		size_t j = i + 1;

		while (j < n_add && !same_name(add[i], add[j]))
			j++;
		if (j == n_add)
			envp[n++] = (char *)add[i];
	}
	envp[n] = NULL;
	return envp;
}

/* ---- the child ----------------------------------------------------- */

/* Everything the child needs, prepared before fork(). */
struct child_plan {
	const char *path;
	char *const *argv;
	char *const *envp;
	int devnull;             /* becomes fd 0 */
	int out_w, err_w;        /* become fds 1 and 2 */
	int notify_w;            /* close-on-exec; carries a struct child_error */
	int lock_fd;             /* stays open in the tool, or -1 (see fwd_run.lock_fd) */
	int max_fd;              /* for the close loop when close_range is missing */
	struct sigaction dfl;    /* SIG_DFL */
	struct sigaction ign;    /* SIG_IGN */
	sigset_t empty;
};

enum child_stage { STAGE_SETUP = 1, STAGE_EXEC = 2 };

struct child_error {
	int stage;
	int err;
};

__attribute__((noreturn))
static void child_fail(const struct child_plan *p, int stage, int err)
{
	struct child_error ce = { stage, err };

	while (write(p->notify_w, &ce, sizeof(ce)) < 0 && errno == EINTR)
		;
	_exit(127);
}

#ifdef SYS_close_range
static int close_between(unsigned first, unsigned last)
{
	return first > last ? 0 : (int)syscall(SYS_close_range, first, last, 0u);
}
#endif

/*
 * Closes every fd above 2 except the notify pipe, which is close-on-exec
 * and goes away at execve, and the lock, which the tool keeps.
 * Async-signal-safe.
 */
static void close_fds_above_2(const struct child_plan *p)
{
#ifdef SYS_close_range
	int keep = p->lock_fd >= 0 ? p->lock_fd : p->notify_w;
	unsigned lo = (unsigned)(keep < p->notify_w ? keep : p->notify_w);
	unsigned hi = (unsigned)(keep < p->notify_w ? p->notify_w : keep);

	/* Linux >= 5.11: mark them all close-on-exec in one call. */
	if (syscall(SYS_close_range, 3u, ~0u, CLOSE_RANGE_CLOEXEC) == 0)
		goto keep_lock;
	/* Linux 5.9, 5.10: no flag, so the ranges around the two kept fds. */
	if (close_between(3u, lo - 1u) == 0 && close_between(lo + 1u, hi - 1u) == 0 &&
	    close_between(hi + 1u, ~0u) == 0)
		goto keep_lock;
#endif
	for (int fd = 3; fd < p->max_fd; fd++)
		if (fd != p->notify_w && fd != p->lock_fd)
			close(fd);
#ifdef SYS_close_range
keep_lock:
#endif
	if (p->lock_fd >= 0 && fcntl(p->lock_fd, F_SETFD, 0) < 0)
		child_fail(p, STAGE_SETUP, errno);
}

__attribute__((noreturn))
static void child_exec(const struct child_plan *p)
{
	int in, out, err;

	/* Its own process group: the terminal's Ctrl-C goes to fwdispatch only,
	 * and a timeout can stop the tool and everything it started. */
	if (setpgid(0, 0) < 0)
		child_fail(p, STAGE_SETUP, errno);

	/* Handlers would vanish at exec anyway, but SIG_IGN would survive. */
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &p->dfl, NULL); /* fails harmlessly for KILL, STOP */
	/* A tool that may outlive us must not die when its reader does. */
	if (p->lock_fd >= 0)
		sigaction(SIGPIPE, &p->ign, NULL);

	/* Lift the three ends above 2 first, so no dup2 below can overwrite
	 * another (the parent may have run with fd 0, 1 or 2 closed). */
	in = fcntl(p->devnull, F_DUPFD_CLOEXEC, 3);
	out = fcntl(p->out_w, F_DUPFD_CLOEXEC, 3);
	err = fcntl(p->err_w, F_DUPFD_CLOEXEC, 3);
	if (in < 0 || out < 0 || err < 0)
		child_fail(p, STAGE_SETUP, errno);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		child_fail(p, STAGE_SETUP, errno);

	close_fds_above_2(p);

	/* The parent blocked everything around fork(); the tool gets none blocked. */
	sigprocmask(SIG_SETMASK, &p->empty, NULL);

	execve(p->path, p->argv, p->envp);
	child_fail(p, STAGE_EXEC, errno);
}

/* ---- the parent: capture --------------------------------------------- */

struct stream {
	int fd;                  /* our read end; -1 once at EOF or dropped */
	int id;                  /* 1 stdout, 2 stderr */
	char *buf;               /* captured bytes + NUL; owned until handed to res */
	size_t len, alloc, cap;
	int truncated;
	char *line;              /* FWD_RUN_LINE_MAX + 1 bytes, only with on_line */
	size_t line_len;
	int line_split;          /* the last piece was cut at FWD_RUN_LINE_MAX */
};

static void capture(struct stream *s, const char *data, size_t n)
{
	size_t take = s->cap - s->len < n ? s->cap - s->len : n;

	if (take < n)
		s->truncated = 1;
	if (!take)
		return;
	if (s->len + take + 1 > s->alloc) {
		size_t want = s->alloc ? s->alloc : 4096;
		char *nb;

		while (want < s->len + take + 1)
			want *= 2;
		if (want > s->cap + 1)
			want = s->cap + 1;
		nb = realloc(s->buf, want);
		if (!nb) {
			/* Out of memory: keep what we have, never stop the tool for it. */
			s->cap = s->len;
			s->truncated = 1;
			return;
		}
		s->buf = nb;
		s->alloc = want;
	}
	memcpy(s->buf + s->len, data, take);
	s->len += take;
	s->buf[s->len] = '\0';
}

static void emit_line(struct stream *s, const struct fwd_run *run, int ended)
{
	if (ended && s->line_len && s->line[s->line_len - 1] == '\r')
		s->line_len--;
	s->line[s->line_len] = '\0';
	run->on_line(run->payload, s->id, s->line);
	s->line_len = 0;
}

/* The first byte that ends a line: "\n", or also "\r" and "\b" with soft breaks. */
static const char *find_break(const char *data, size_t n, unsigned flags)
{
	if (!(flags & FWD_RUN_SOFT_BREAKS))
		return memchr(data, '\n', n);
	for (size_t i = 0; i < n; i++)
		if (data[i] == '\n' || data[i] == '\r' || data[i] == '\b')
			return data + i;
	return NULL;
}

static void split_lines(struct stream *s, const struct fwd_run *run,
			const char *data, size_t n)
{
	while (n) {
		const char *nl = find_break(data, n, run->line_flags);
		size_t seg = nl ? (size_t)(nl - data) : n;
		size_t room = FWD_RUN_LINE_MAX - s->line_len;

		if (seg > room) {
			/* Too long: deliver what fits, keep the rest for the next piece. */
			memcpy(s->line + s->line_len, data, room);
			s->line_len += room;
			emit_line(s, run, 0);
			s->line_split = 1;
			data += room;
			n -= room;
			continue;
		}
		memcpy(s->line + s->line_len, data, seg);
		s->line_len += seg;
		data += seg;
		n -= seg;
		if (!nl)
			break;
		if (*nl != '\n') {
			/* A soft break: deliver what is there; the "\n" that may follow
			 * ends this piece, not an empty line. */
			data++;
			n--;
			if (s->line_len) {
				emit_line(s, run, 0);
				s->line_split = 1;
			}
			continue;
		}
		/* A "\n" right after a cut piece ends that line, not an empty one. */
		if (s->line_len || !s->line_split)
			emit_line(s, run, 1);
		s->line_split = 0;
		data++;
		n--;
	}
	if (s->line_len)
		s->line_split = 0;
}

static void stream_close(struct stream *s, const struct fwd_run *run)
{
	if (s->fd < 0)
		return;
	close(s->fd);
	s->fd = -1;
	if (s->line && s->line_len)
		emit_line(s, run, 0);
}

/* One read per wake-up, so that neither stream can starve the other. */
static void pump(struct stream *s, const struct fwd_run *run, char *chunk)
{
	ssize_t r;

	do
		r = read(s->fd, chunk, READ_CHUNK);
	while (r < 0 && errno == EINTR);
	if (r > 0) {
		capture(s, chunk, (size_t)r);
		if (s->line)
			split_lines(s, run, chunk, (size_t)r);
	} else if (r == 0 || errno != EAGAIN) {
		stream_close(s, run);
	}
}

static int stream_init(struct stream *s, int id, size_t cap, int want_lines)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->id = id;
	s->cap = cap < SIZE_MAX / 2 ? cap : SIZE_MAX / 2;
	s->alloc = 256 < s->cap + 1 ? 256 : s->cap + 1;
	if (!(s->buf = malloc(s->alloc)))
		return -1;
	s->buf[0] = '\0';
	if (want_lines && !(s->line = malloc(FWD_RUN_LINE_MAX + 1)))
		return -1;
	return 0;
}

/* ---- the parent: waiting ---------------------------------------------- */

/* Returns 1 once pid is reaped (*status set, or *lost when someone else
 * reaped it), 0 while it runs. */
static int reap(pid_t pid, int *status, int *lost, int block)
{
	for (;;) {
		pid_t r = waitpid(pid, status, block ? 0 : WNOHANG);

		if (r == pid)
			return 1;
		if (r == 0)
			return 0;
		if (errno != EINTR) {
			*lost = 1;
			return 1;
		}
	}
}

static int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (fd >= 0)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
#else
	(void)pid;
	return -1;
#endif
}

/* waitpid() cannot work while SIGCHLD is ignored: children reap themselves. */
static void make_children_waitable(void)
{
	struct sigaction sa;

	if (sigaction(SIGCHLD, NULL, &sa) < 0)
		return;
	if (!(sa.sa_flags & SA_SIGINFO) && sa.sa_handler == SIG_IGN) {
		sa.sa_handler = SIG_DFL;
		sigaction(SIGCHLD, &sa, NULL);
	} else if (sa.sa_flags & SA_NOCLDWAIT) {
		sa.sa_flags &= ~SA_NOCLDWAIT;
		sigaction(SIGCHLD, &sa, NULL);
	}
}

static int poll_wait(uint64_t now, uint64_t until)
{
	uint64_t left = until > now ? until - now : 0;

	return left > INT_MAX ? INT_MAX : (int)left;
}

static const char *exec_error_hint(const char *path, int err)
{
	struct stat st;

	switch (err) {
	case EACCES:
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return "it is a directory";
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
			return "not a regular file";
		return "Permission denied (not executable, or on a noexec mount)";
	case ENOEXEC:
		return "Exec format error (neither a program for this machine nor a "
		       "script starting with #!)";
	case ENOENT:
		if (stat(path, &st) == 0)
			return "No such file or directory (its #! interpreter or its "
			       "dynamic loader is missing)";
		return strerror(err);
	default:
		return strerror(err);
	}
}

/* The whole group; the child alone should the group be gone already. */
static void signal_tool(pid_t pid, int sig)
{
	if (kill(-pid, sig) < 0)
		kill(pid, sig);
}

static const char *sig_name(int sig)
{
	return sig == SIGTERM ? "SIGTERM" : sig == SIGKILL ? "SIGKILL" : "a signal";
}

/* ---- fwd_run_command: start, wait, finish --------------------------- */

/* One run of one program, from child_init() to child_release(). */
struct child {
	const struct fwd_run *run;
	unsigned timeout_ms, grace_ms;
	pid_t pid;               /* 0 until forked */
	int pidfd;               /* -1 without one (before Linux 5.3): we tick instead */
	struct stream so, se;
	char *chunk;             /* READ_CHUNK bytes for pump() */
	char **envp;
	uint64_t start, end;     /* fork and reaping, monotonic ms; end 0 until reaped */
	int status, lost;        /* from waitpid(); lost: someone else reaped it */
	int timed_out;
	int sent;                /* the last signal sent after the timeout, 0 none */
};

/*
 * Field by field, not memset(sizeof): a plugin built against an older
 * 1.x header may hand in a smaller struct, and every 1.x has these.
 */
static void reset_result(struct fwd_tool_result *res)
{
	res->exit_code = -1;
	res->signal = 0;
	res->timed_out = 0;
	res->out = NULL;
	res->out_len = 0;
	res->out_truncated = 0;
	res->err = NULL;
	res->err_len = 0;
	res->err_truncated = 0;
	res->duration_ms = 0;
}

static int child_init(struct child *c, const struct fwd_run *run, struct fwd_err *err)
{
	memset(c, 0, sizeof(*c));
	c->run = run;
	c->timeout_ms = run->timeout_ms ? run->timeout_ms : FWD_RUN_DEFAULT_TIMEOUT_MS;
	c->grace_ms = run->kill_grace_ms ? run->kill_grace_ms : FWD_RUN_DEFAULT_KILL_GRACE_MS;
	c->pidfd = c->so.fd = c->se.fd = -1;
	if (stream_init(&c->so, 1, run->out_cap ? run->out_cap : FWD_RUN_DEFAULT_CAP,
			run->on_line != NULL) < 0 ||
	    stream_init(&c->se, 2, run->err_cap ? run->err_cap : FWD_RUN_DEFAULT_CAP,
			run->on_line != NULL) < 0 ||
	    !(c->chunk = malloc(READ_CHUNK)))
		return fwd_error_set(err, -ENOMEM, "out of memory");
	return 0;
}

/*
 * Forks and execs.  0 once the program runs, with c->so.fd and c->se.fd
 * its output; else an error, with the child (if one was forked) reaped.
 */
static int start_child(struct child *c, struct fwd_err *err)
{
	const struct fwd_run *run = c->run;
	int pipe_out[2] = { -1, -1 }, pipe_err[2] = { -1, -1 }, notify[2] = { -1, -1 };
	struct child_error ce = { 0, 0 };
	struct child_plan plan;
	struct rlimit rl;
	sigset_t all, old;
	int devnull = -1, ret;
	ssize_t got;
	long bad;

	if (!(c->envp = build_env(run->env_add, &bad)))
		/* The entry may hold a secret: name its position, not its text. */
		return bad >= 0 ? fwd_error_set(err, -EINVAL,
					"environment entry %ld for '%s' is not NAME=value",
					bad + 1, run->path)
				: fwd_error_set(err, -ENOMEM, "out of memory");

	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (devnull < 0) {
		ret = fwd_error_set(err, -errno, "cannot open '/dev/null': %s", strerror(errno));
		goto out;
	}
	if (pipe2(pipe_out, O_CLOEXEC) < 0 || pipe2(pipe_err, O_CLOEXEC) < 0 ||
	    pipe2(notify, O_CLOEXEC) < 0) {
		ret = fwd_error_set(err, -errno, "cannot create a pipe for '%s': %s",
				    run->path, strerror(errno));
		goto out;
	}

	memset(&plan, 0, sizeof(plan));
	plan.path = run->path;
	plan.argv = (char *const *)run->argv;
	plan.envp = c->envp;
	plan.devnull = devnull;
	plan.out_w = pipe_out[1];
	plan.err_w = pipe_err[1];
	plan.notify_w = notify[1];
	plan.lock_fd = run->lock_fd > 2 ? run->lock_fd : -1;
	plan.max_fd = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
				      rl.rlim_cur < (1u << 20)
			      ? (int)rl.rlim_cur
			      : (1 << 20);
	plan.dfl.sa_handler = SIG_DFL;
	sigemptyset(&plan.dfl.sa_mask);
	plan.ign.sa_handler = SIG_IGN;
	sigemptyset(&plan.ign.sa_mask);
	sigemptyset(&plan.empty);

	make_children_waitable();

	/* No handler of ours may run in the child between fork and exec. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	c->start = fwd_clock_real_ms();
	c->pid = fork();
	if (c->pid == 0)
		child_exec(&plan);
	ret = c->pid < 0 ? -errno : 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (c->pid < 0) {
		c->pid = 0;
		ret = fwd_error_set(err, ret, "cannot fork to run '%s': %s", run->path,
				    strerror(-ret));
		goto out;
	}

	/* Our copies of the child's ends: with them closed, EOF means it closed its own. */
	close(devnull);
	close(pipe_out[1]);
	close(pipe_err[1]);
	close(notify[1]);
	devnull = pipe_out[1] = pipe_err[1] = notify[1] = -1;

	/* EOF: exec worked.  A struct child_error: it did not, and the child is gone. */
	do
		got = read(notify[0], &ce, sizeof(ce));
	while (got < 0 && errno == EINTR);
	if (got > 0) {
		reap(c->pid, &c->status, &c->lost, 1);
		c->end = fwd_clock_real_ms();
		if (got != (ssize_t)sizeof(ce))
			ret = fwd_error_set(err, -FWD_E_INTERNAL,
					    "cannot run '%s': the child failed before exec",
					    run->path);
		else if (ce.stage == STAGE_EXEC && ce.err != E2BIG && ce.err != ENOMEM)
			ret = fwd_error_set(err, -FWD_E_TOOL_MISSING, "cannot run '%s': %s",
					    run->path, exec_error_hint(run->path, ce.err));
		else
			ret = fwd_error_set(err, ce.err > 0 ? -ce.err : -EIO,
					    "cannot run '%s': %s", run->path, strerror(ce.err));
		goto out;
	}

	c->so.fd = pipe_out[0];
	c->se.fd = pipe_err[0];
	pipe_out[0] = pipe_err[0] = -1;
	fcntl(c->so.fd, F_SETFL, O_NONBLOCK);
	fcntl(c->se.fd, F_SETFL, O_NONBLOCK);
	c->pidfd = open_pidfd(c->pid);
	ret = 0;
out:
	close_keep_errno(devnull);
	close_keep_errno(pipe_out[0]);
	close_keep_errno(pipe_out[1]);
	close_keep_errno(pipe_err[0]);
	close_keep_errno(pipe_err[1]);
	close_keep_errno(notify[0]);
	close_keep_errno(notify[1]);
	return ret;
}

/*
 * Reads both pipes until the child is reaped and they are closed, or
 * drained for DRAIN_AFTER_EXIT_MS after it (something it left behind may
 * hold them); SIGTERM, then SIGKILL, when it runs out of time.
 */
static void wait_child(struct child *c)
{
	uint64_t deadline = c->start + c->timeout_ms, kill_at = 0, drain_until = 0;
	int exited = 0;

	for (;;) {
		struct pollfd pfd[3];
		uint64_t now;
		int nfds = 0, sleep_ms, i_out = -1, i_err = -1, n;

		if (!exited)
			exited = reap(c->pid, &c->status, &c->lost, 0);
		now = fwd_clock_real_ms();
		if (exited) {
			if (!c->end)
				c->end = now;
			if (c->so.fd < 0 && c->se.fd < 0)
				break;
			if (!drain_until)
				drain_until = now + DRAIN_AFTER_EXIT_MS;
			else if (now >= drain_until)
				break;
		} else if (!c->sent && now >= deadline) {
			c->timed_out = 1;
			signal_tool(c->pid, c->sent = SIGTERM);
			/* A stopped tool (SIGTTIN from opening the tty, say) acts on
			 * SIGTERM only once continued. */
			signal_tool(c->pid, SIGCONT);
			kill_at = now + c->grace_ms;
		} else if (c->sent == SIGTERM && now >= kill_at) {
			signal_tool(c->pid, c->sent = SIGKILL);
		}

		if (exited)
			sleep_ms = poll_wait(now, drain_until);
		else if (!c->sent)
			sleep_ms = poll_wait(now, deadline);
		else if (c->sent == SIGTERM)
			sleep_ms = poll_wait(now, kill_at);
		else
			sleep_ms = -1;
		if (!exited && c->pidfd < 0) {
			int tick = c->so.fd < 0 && c->se.fd < 0 ? TICK_PIPES_CLOSED_MS
								: TICK_PIPES_OPEN_MS;

			if (sleep_ms < 0 || sleep_ms > tick)
				sleep_ms = tick;
		}

		if (c->so.fd >= 0) {
			i_out = nfds;
			pfd[nfds++] = (struct pollfd){ .fd = c->so.fd, .events = POLLIN };
		}
		if (c->se.fd >= 0) {
			i_err = nfds;
			pfd[nfds++] = (struct pollfd){ .fd = c->se.fd, .events = POLLIN };
		}
		if (!exited && c->pidfd >= 0)
			pfd[nfds++] = (struct pollfd){ .fd = c->pidfd, .events = POLLIN };

		n = poll(pfd, (nfds_t)nfds, sleep_ms);
		if (n < 0) {
			if (errno != EINTR) {
				/* Should not happen; never abandon a running tool for it. */
				struct timespec ts = { 0, 10 * 1000 * 1000 };

				nanosleep(&ts, NULL);
			}
			continue;
		}
		if (i_out >= 0 && pfd[i_out].revents)
			pump(&c->so, c->run, c->chunk);
		if (i_err >= 0 && pfd[i_err].revents)
			pump(&c->se, c->run, c->chunk);
	}
	stream_close(&c->so, c->run);
	stream_close(&c->se, c->run);
}

/* How the reaped child ended, into res; 0, or why it counts as a failure. */
static int finish_child(const struct child *c, struct fwd_tool_result *res,
			struct fwd_err *err)
{
	int ret = 0;

	if (c->lost)
		ret = fwd_error_set(err, -ECHILD,
				    "lost track of '%s': its exit status was collected elsewhere",
				    c->run->path);
	else if (WIFEXITED(c->status))
		res->exit_code = WEXITSTATUS(c->status);
	else if (WIFSIGNALED(c->status))
		res->signal = WTERMSIG(c->status);
	if (c->timed_out) {
		res->timed_out = 1;
		ret = fwd_error_set(err, -FWD_E_TIMEOUT,
				    "'%s' did not finish within %u ms and was stopped with %s%s",
				    c->run->path, c->timeout_ms, sig_name(c->sent),
				    c->sent == SIGKILL ? " (it outlived SIGTERM)" : "");
	}
	return ret;
}

/* Hands the captured output to res and frees the rest. */
static void child_release(struct child *c, struct fwd_tool_result *res)
{
	res->out = c->so.buf;
	res->out_len = c->so.len;
	res->out_truncated = c->so.truncated;
	res->err = c->se.buf;
	res->err_len = c->se.len;
	res->err_truncated = c->se.truncated;
	if (c->end)
		res->duration_ms = c->end - c->start;
	free(c->so.line);
	free(c->se.line);
	free(c->chunk);
	free(c->envp);
	close_keep_errno(c->pidfd);
	close_keep_errno(c->so.fd);
	close_keep_errno(c->se.fd);
}

int fwd_run_command(const struct fwd_run *run, struct fwd_tool_result *res,
		    struct fwd_err *err)
{
	struct child c;
	int ret;

	fwd_error_clear(err);
	if (!res)
		return fwd_error_set(err, -EINVAL, "run_command called without a result");
	if (!res->size)
		res->size = sizeof(*res);
	reset_result(res);
	if (!run || !run->path || !run->path[0] || !run->argv || !run->argv[0])
		return fwd_error_set(err, -EINVAL, "run_command called without a program");

	ret = child_init(&c, run, err);
	if (!ret)
		ret = start_child(&c, err);
	if (!ret) {
		wait_child(&c);
		ret = finish_child(&c, res, err);
	}
	child_release(&c, res);
	return ret;
}

void fwd_run_result_release(struct fwd_tool_result *res)
{
	if (!res)
		return;
	free(res->out);
	free(res->err);
	reset_result(res);
}
