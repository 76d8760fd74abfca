/*
 * isolate.c: see isolate.h.
 */
#include "plugin-host/isolate.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/clock.h"

/* The child: the answer, then straight out. */
static void child(int wfd, fwd_isolated_fn fn, void *arg, void *out, size_t size)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGINT,
				     SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
	const char *p;
	size_t left;
	ssize_t n;

	/* A crash ends the child, as the parent reads it; no handler of the
	 * parent's (a test framework's, the run's) runs in its place. */
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], SIG_DFL);
	fn(arg, out, size);
	for (p = out, left = size; left; p += n, left -= (size_t)n) {
		n = write(wfd, p, left);
		if (n <= 0 && errno != EINTR)
			_exit(3);
		if (n < 0)
			n = 0;
	}
	/* _exit: no atexit handlers, no stdio flush of the parent's buffers. */
	_exit(0);
}

/* Reads up to size bytes before the deadline; how many were read. */
static size_t read_until(int fd, void *buf, size_t size, uint64_t deadline, int *timed_out)
{
	size_t got = 0;

	while (got < size) {
		uint64_t now = fwd_clock_real_ms();
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;
		int r;

		if (now >= deadline) {
			*timed_out = 1;
			break;
		}
		r = poll(&p, 1, (int)(deadline - now));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			*timed_out = r == 0;
			break;
		}
		n = read(fd, (char *)buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return got;
}

int fwd_isolated_call(fwd_isolated_fn fn, void *arg, void *out, size_t size, int timeout_ms,
		      char *why, size_t why_size)
{
	uint64_t deadline = fwd_clock_real_ms() + (uint64_t)timeout_ms;
	int fds[2], timed_out = 0, status = 0;
	size_t got;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		snprintf(why, why_size, "could not be started: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(why, why_size, "could not be started: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], fn, arg, out, size);
	}
	close(fds[1]);
	got = read_until(fds[0], out, size, deadline, &timed_out);
	if (got == size && !timed_out) {
		char extra;

		/* Up to the end: a child that answered may still hang or crash. */
		if (read_until(fds[0], &extra, 1, deadline, &timed_out) != 0)
			got = size + 1;
	}
	close(fds[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out) {
		snprintf(why, why_size, "did not return within %d s and was stopped",
			 (timeout_ms + 999) / 1000);
		return -1;
	}
	if (WIFSIGNALED(status)) {
		const char *abbrev = sigabbrev_np(WTERMSIG(status));

		snprintf(why, why_size, "crashed (SIG%s)", abbrev ? abbrev : "?");
		return -1;
	}
	if (got != size || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(why, why_size, "ended without an answer (exit status %d)",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}
