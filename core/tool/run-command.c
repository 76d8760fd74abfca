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

#include <ctype.h>
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

/* ---- fwd_run_command ------------------------------------------------ */

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

int fwd_run_command(const struct fwd_run *run, struct fwd_tool_result *res,
		    struct fwd_err *err)
{
	unsigned timeout = run && run->timeout_ms ? run->timeout_ms : FWD_RUN_DEFAULT_TIMEOUT_MS;
	unsigned grace = run && run->kill_grace_ms ? run->kill_grace_ms
						   : FWD_RUN_DEFAULT_KILL_GRACE_MS;
	int pipe_out[2] = { -1, -1 }, pipe_err[2] = { -1, -1 }, notify[2] = { -1, -1 };
	struct stream so, se;
	struct child_plan plan;
	struct child_error ce = { 0, 0 };
	struct rlimit rl;
	sigset_t all, old;
	char **envp = NULL;
	char *chunk = NULL;
	uint64_t start, deadline, kill_at = 0, drain_until = 0;
	int devnull = -1, pidfd = -1, status = 0, lost = 0, exited = 0;
	int sent = 0; /* the last signal we sent after the timeout */
	long bad;
	ssize_t got;
	pid_t pid;
	int ret;

	fwd_error_clear(err);
	if (!res)
		return fwd_error_set(err, -EINVAL, "run_command called without a result");
	if (!res->size)
		res->size = sizeof(*res);
	reset_result(res);
	if (!run || !run->path || !run->path[0] || !run->argv || !run->argv[0])
		return fwd_error_set(err, -EINVAL, "run_command called without a program");

	memset(&so, 0, sizeof(so));
	memset(&se, 0, sizeof(se));
	so.fd = se.fd = -1;
	if (stream_init(&so, 1, run->out_cap ? run->out_cap : FWD_RUN_DEFAULT_CAP,
			run->on_line != NULL) < 0 ||
	    stream_init(&se, 2, run->err_cap ? run->err_cap : FWD_RUN_DEFAULT_CAP,
			run->on_line != NULL) < 0 ||
	    !(chunk = malloc(READ_CHUNK))) {
		ret = fwd_error_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (!(envp = build_env(run->env_add, &bad))) {
		/* The entry may hold a secret: name its position, not its text. */
		ret = bad >= 0 ? fwd_error_set(err, -EINVAL,
				      "environment entry %ld for '%s' is not NAME=value",
				      bad + 1, run->path)
			       : fwd_error_set(err, -ENOMEM, "out of memory");
		goto out;
	}

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
	plan.envp = envp;
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
	start = fwd_clock_real_ms();
	pid = fork();
	if (pid == 0)
		child_exec(&plan);
	ret = pid < 0 ? -errno : 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0) {
		ret = fwd_error_set(err, ret, "cannot fork to run '%s': %s", run->path,
			   strerror(-ret));
		goto out;
	}

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
		reap(pid, &status, &lost, 1);
		res->duration_ms = fwd_clock_real_ms() - start;
		if (got != (ssize_t)sizeof(ce))
			ret = fwd_error_set(err, -FWD_E_INTERNAL,
				   "cannot run '%s': the child failed before exec", run->path);
		else if (ce.stage == STAGE_EXEC && ce.err != E2BIG && ce.err != ENOMEM)
			ret = fwd_error_set(err, -FWD_E_TOOL_MISSING, "cannot run '%s': %s",
				   run->path, exec_error_hint(run->path, ce.err));
		else
			ret = fwd_error_set(err, ce.err > 0 ? -ce.err : -EIO,
				   "cannot run '%s': %s", run->path, strerror(ce.err));
		goto out;
	}

	so.fd = pipe_out[0];
	se.fd = pipe_err[0];
	pipe_out[0] = pipe_err[0] = -1;
	fcntl(so.fd, F_SETFL, O_NONBLOCK);
	fcntl(se.fd, F_SETFL, O_NONBLOCK);
	pidfd = open_pidfd(pid);
	deadline = start + timeout;

	for (;;) {
		struct pollfd pfd[3];
		uint64_t now;
		int nfds = 0, sleep_ms, i_out = -1, i_err = -1, n;

		if (!exited)
			exited = reap(pid, &status, &lost, 0);
		now = fwd_clock_real_ms();
		if (exited) {
			if (so.fd < 0 && se.fd < 0)
				break;
			if (!drain_until)
				drain_until = now + DRAIN_AFTER_EXIT_MS;
			else if (now >= drain_until)
				break; /* something it left behind holds the pipes */
		} else if (!sent && now >= deadline) {
			res->timed_out = 1;
			signal_tool(pid, sent = SIGTERM);
			/* A stopped tool (SIGTTIN from opening the tty, say) acts on
			 * SIGTERM only once continued. */
			signal_tool(pid, SIGCONT);
			kill_at = now + grace;
		} else if (sent == SIGTERM && now >= kill_at) {
			signal_tool(pid, sent = SIGKILL);
		}

		if (exited)
			sleep_ms = poll_wait(now, drain_until);
		else if (!sent)
			sleep_ms = poll_wait(now, deadline);
		else if (sent == SIGTERM)
			sleep_ms = poll_wait(now, kill_at);
		else
			sleep_ms = -1;
		if (!exited && pidfd < 0) {
			int tick = so.fd < 0 && se.fd < 0 ? TICK_PIPES_CLOSED_MS : TICK_PIPES_OPEN_MS;

			if (sleep_ms < 0 || sleep_ms > tick)
				sleep_ms = tick;
		}

		if (so.fd >= 0) {
			i_out = nfds;
			pfd[nfds++] = (struct pollfd){ .fd = so.fd, .events = POLLIN };
		}
		if (se.fd >= 0) {
			i_err = nfds;
			pfd[nfds++] = (struct pollfd){ .fd = se.fd, .events = POLLIN };
		}
		if (!exited && pidfd >= 0)
			pfd[nfds++] = (struct pollfd){ .fd = pidfd, .events = POLLIN };

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
			pump(&so, run, chunk);
		if (i_err >= 0 && pfd[i_err].revents)
			pump(&se, run, chunk);
	}
	res->duration_ms = fwd_clock_real_ms() - start;
	stream_close(&so, run);
	stream_close(&se, run);

	if (lost) {
		ret = fwd_error_set(err, -ECHILD,
			   "lost track of '%s': its exit status was collected elsewhere",
			   run->path);
	} else if (WIFEXITED(status)) {
		res->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		res->signal = WTERMSIG(status);
	}
	if (res->timed_out)
		ret = fwd_error_set(err, -FWD_E_TIMEOUT,
			   "'%s' did not finish within %u ms and was stopped with %s%s",
			   run->path, timeout, sig_name(sent),
			   sent == SIGKILL ? " (it outlived SIGTERM)" : "");
	else if (!lost)
		ret = 0;

out:
	res->out = so.buf;
	res->out_len = so.len;
	res->out_truncated = so.truncated;
	res->err = se.buf;
	res->err_len = se.len;
	res->err_truncated = se.truncated;
	free(so.line);
	free(se.line);
	free(chunk);
	free(envp);
	if (pidfd >= 0)
		close(pidfd);
	close_keep_errno(devnull);
	close_keep_errno(pipe_out[0]);
	close_keep_errno(pipe_out[1]);
	close_keep_errno(pipe_err[0]);
	close_keep_errno(pipe_err[1]);
	close_keep_errno(notify[0]);
	close_keep_errno(notify[1]);
	return ret;
}

void fwd_tool_result_release(struct fwd_tool_result *res)
{
	if (!res)
		return;
	free(res->out);
	free(res->err);
	reset_result(res);
}

/* ---- fwd_tool_resolve ----------------------------------------------- */

/* What the operator should install or point the variable at. */
static const struct {
	const char *name;
	const char *install;     /* an apt-get line, or NULL */
	const char *what;        /* "the path of ..." */
} known_tools[] = {
	{ "ipmitool", "apt-get install ipmitool", "ipmitool" },
	{ "sum", NULL, "Supermicro's sum (Supermicro Update Manager)" },
	{ "racadm", NULL, "Dell's racadm (iDRAC Tools)" },
};

static void tool_hint(const char *name, const char *var, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(known_tools) / sizeof(known_tools[0]); i++) {
		if (strcmp(name, known_tools[i].name) != 0)
			continue;
		if (known_tools[i].install)
			snprintf(buf, size, "install it (%s) or set %s to its path",
				 known_tools[i].install, var);
		else
			snprintf(buf, size, "set %s to the path of %s", var, known_tools[i].what);
		return;
	}
	snprintf(buf, size, "set %s to the path of '%s'", var, name);
}

/* NULL when path is a regular file we may execute, else why not, with
 * *code the errno value that fits (ENOENT, EISDIR, EACCES, ...). */
static const char *unusable(const char *path, int *code)
{
	struct stat st;

	*code = 0;
	if (stat(path, &st) < 0) {
		*code = errno;
		return strerror(*code);
	}
	if (S_ISDIR(st.st_mode)) {
		*code = EISDIR;
		return "it is a directory";
	}
	if (!S_ISREG(st.st_mode)) {
		*code = EACCES;
		return "not a regular file";
	}
	if (faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) < 0) {
		*code = errno;
		return *code == EACCES ? "not executable" : strerror(*code);
	}
	return NULL;
}

/* Copies path to out, made absolute against the current directory. */
static int absolute(const char *path, char *out, size_t out_size, struct fwd_err *err)
{
	char cwd[PATH_MAX];
	int n;

	if (path[0] == '/') {
		n = snprintf(out, out_size, "%s", path);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return fwd_error_set(err, -errno,
				    "cannot find the current directory for '%s': %s", path,
				    strerror(errno));
		n = snprintf(out, out_size, "%s/%s", cwd, path);
	}
	if (n < 0 || (size_t)n >= out_size)
		return fwd_error_set(err, -ENAMETOOLONG, "path of '%s' is too long", path);
	return 0;
}

/*
 * Looks prog up in search (a PATH value).  0 with out set; 1 when not
 * found, with the first unusable candidate and why in why_path/why.
 */
static int search_path(const char *prog, const char *search, char *out, size_t out_size,
		       char *why_path, size_t why_size, const char **why)
{
	const char *p = search;

	*why = NULL;
	while (*p) {
		size_t len = strcspn(p, ":");
		char cand[PATH_MAX];
		const char *r;
		int n, code;

		/* Empty and relative entries mean the current directory: never. */
		if (len && p[0] == '/') {
			n = snprintf(cand, sizeof(cand), "%.*s/%s", (int)len, p, prog);
			if (n > 0 && (size_t)n < sizeof(cand)) {
				if (!(r = unusable(cand, &code))) {
					if ((size_t)n >= out_size)
						return -ENAMETOOLONG;
					memcpy(out, cand, (size_t)n + 1);
					return 0;
				}
				if (!*why && code != ENOENT && code != ENOTDIR) {
					snprintf(why_path, why_size, "%s", cand);
					*why = r;
				}
			}
		}
		p += len;
		if (*p == ':')
			p++;
	}
	return 1;
}

/*
 * Every Linux system has a `sum` of its own: coreutils' checksum program.
 * Run as Supermicro's tool it would fail at best, so it is never taken for
 * SUM, which is not installed into the system's bin folders.
 */
static int is_coreutils_sum(const char *path)
{
	char real[PATH_MAX];

	if (!realpath(path, real))
		return 0;
	return !strcmp(real, "/usr/bin/sum") || !strcmp(real, "/bin/sum");
}

int fwd_tool_resolve(const char *name, char *out, size_t out_size, struct fwd_err *err)
{
	char var[128], hint[256], why_path[PATH_MAX];
	const char *value, *search, *why, *prog;
	size_t i, k;
	int ret, code;

	fwd_error_clear(err);
	if (!name || !name[0] || !out || !out_size)
		return fwd_error_set(err, -EINVAL, "no tool name given");

	if (strchr(name, '/')) {
		if ((why = unusable(name, &code)))
			return fwd_error_set(err, -FWD_E_TOOL_MISSING, "cannot use '%s': %s",
				    name, why);
		return absolute(name, out, out_size, err);
	}

	k = (size_t)snprintf(var, sizeof(var), "FWDISPATCH_");
	for (i = 0; name[i] && k + 1 < sizeof(var); i++)
		var[k++] = isalnum((unsigned char)name[i]) ? (char)toupper((unsigned char)name[i])
							   : '_';
	var[k] = '\0';
	tool_hint(name, var, hint, sizeof(hint));

	search = getenv("PATH");
	if (!search || !search[0])
		search = FWD_RUN_PATH;

	value = getenv(var);
	if (value && value[0] && strchr(value, '/')) {
		if ((why = unusable(value, &code)))
			return fwd_error_set(err, -FWD_E_TOOL_MISSING,
				    "cannot use '%s' from %s: %s; %s", value, var, why, hint);
		return absolute(value, out, out_size, err);
	}
	prog = value && value[0] ? value : name;
	ret = search_path(prog, search, out, out_size, why_path, sizeof(why_path), &why);
	if (ret == -ENAMETOOLONG)
		return fwd_error_set(err, ret, "path of '%s' is too long", prog);
	if (ret == 0 && strcmp(prog, "sum") == 0 && is_coreutils_sum(out))
		return fwd_error_set(err, -FWD_E_TOOL_MISSING,
			    "the 'sum' in PATH is '%s', the checksum program of GNU coreutils, "
			    "not Supermicro's Update Manager; %s", out, hint);
	if (ret == 0)
		return 0;
	if (prog == value) {
		if (why)
			return fwd_error_set(err, -FWD_E_TOOL_MISSING,
				    "cannot use '%s' (%s=%s, found in PATH %s): %s; %s", why_path,
				    var, value, search, why, hint);
		return fwd_error_set(err, -FWD_E_TOOL_MISSING,
			    "'%s' (from %s) not found in PATH (%s); %s", value, var, search,
			    hint);
	}
	if (why)
		return fwd_error_set(err, -FWD_E_TOOL_MISSING,
			    "no usable '%s' in PATH (%s): '%s': %s; %s", name, search, why_path,
			    why, hint);
	return fwd_error_set(err, -FWD_E_TOOL_MISSING, "'%s' not found in PATH (%s); %s",
		    name, search, hint);
}
