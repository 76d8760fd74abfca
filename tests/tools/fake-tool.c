/*
 * fake-tool.c: a stand-in program for the run-tool tests
 * (tests/unit/test_run_tool.c).  `fake-tool MODE [ARGS]`; each mode shows
 * one thing run-command.c must get right:
 *
 *   exit N                 exits with status N
 *   sleep MS               sleeps, then exits 0
 *   ignore-term MS         ignores SIGTERM, sleeps, exits 0
 *   stop-self              stops itself (SIGSTOP), exits 0 if continued
 *   flood-out N            N bytes on stdout (fwd_test_flood_byte)
 *   flood-both N           N bytes on stdout and N on stderr, interleaved
 *   kill-self SIG          dies by signal SIG (a number), no core file
 *   print-env NAME         "NAME=value" or "NAME unset" (exit 1)
 *   env                    the whole environment, one entry a line
 *   print-args             each argument after the mode as "[arg]"
 *   secret-check NAME      "env:<value of NAME>" and "cmdline:<own cmdline>"
 *   read-stdin             "stdin=/dev/null read=eof" when that is so
 *   lines N                "line 1".."line N" on stdout, "warn 1".."warn N"
 *                          on stderr, then "dos\r\n" and "tail" (no newline)
 *   long-line N            one line of N 'x', then "end"
 *   close-and-linger MS    closes stdout and stderr, sleeps, exits 0
 *   print-pgid             "pid=P pgid=G"
 *   list-fds               its open fds, e.g. "0 1 2"
 *   print-signals          its SigBlk and SigIgn lines from /proc/self/status
 *   spawn-sleep MS         "child=PID", then it and a child both sleep
 *   orphan MS              "child=PID" for a child that sleeps holding
 *                          stdout, then exits 3 at once
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run-fake.h"

extern char **environ;

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			exit(120);
		}
		p += w;
		n -= (size_t)w;
	}
}

static void say(int fd, const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		write_all(fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static long num(int argc, char **argv)
{
	if (argc < 3) {
		say(2, "fake-tool: %s needs a number\n", argv[1]);
		exit(121);
	}
	return strtol(argv[2], NULL, 10);
}

static void flood(size_t n, int both)
{
	char buf[16384];
	size_t done = 0;

	while (done < n) {
		size_t k = n - done < sizeof(buf) ? n - done : sizeof(buf);

		for (size_t i = 0; i < k; i++)
			buf[i] = fwd_test_flood_byte(done + i);
		write_all(1, buf, k);
		if (both)
			write_all(2, buf, k);
		done += k;
	}
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void list_fds(void)
{
	int fds[1024], n = 0;
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (!d)
		exit(122);
	while ((e = readdir(d)) && n < 1024) {
		int fd;

		if (e->d_name[0] == '.')
			continue;
		fd = atoi(e->d_name);
		if (fd != dirfd(d))
			fds[n++] = fd;
	}
	closedir(d);
	qsort(fds, (size_t)n, sizeof(int), cmp_int);
	for (int i = 0; i < n; i++)
		say(1, "%s%d", i ? " " : "", fds[i]);
	say(1, "\n");
}

static void print_signals(void)
{
	char buf[8192], *line;
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n;

	if (fd < 0 || (n = read(fd, buf, sizeof(buf) - 1)) <= 0)
		exit(122);
	buf[n] = '\0';
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (!strncmp(line, "SigBlk:", 7) || !strncmp(line, "SigIgn:", 7))
			say(1, "%s\n", line);
}

static void secret_check(const char *name)
{
	const char *v = getenv(name);
	char buf[8192];
	int fd = open("/proc/self/cmdline", O_RDONLY);
	ssize_t n;

	if (fd < 0 || (n = read(fd, buf, sizeof(buf) - 1)) <= 0)
		exit(122);
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	say(1, "env:%s\ncmdline:%s\n", v ? v : "(unset)", buf);
}

static void read_stdin(void)
{
	struct stat in, null;
	char c;
	ssize_t r;

	if (fstat(0, &in) < 0 || stat("/dev/null", &null) < 0)
		exit(122);
	do
		r = read(0, &c, 1);
	while (r < 0 && errno == EINTR);
	say(1, "stdin=%s read=%s\n",
	    S_ISCHR(in.st_mode) && in.st_rdev == null.st_rdev ? "/dev/null" : "other",
	    r == 0 ? "eof" : "data");
}

static void die_by(int sig)
{
	struct rlimit no_core = { 0, 0 };
	sigset_t set;

	setrlimit(RLIMIT_CORE, &no_core);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	exit(123); /* not reached for a deadly signal */
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	pid_t pid;

	if (!strcmp(mode, "exit"))
		return (int)num(argc, argv);
	if (!strcmp(mode, "sleep")) {
		sleep_ms(num(argc, argv));
		return 0;
	}
	if (!strcmp(mode, "ignore-term")) {
		signal(SIGTERM, SIG_IGN);
		sleep_ms(num(argc, argv));
		return 0;
	}
	if (!strcmp(mode, "stop-self")) {
		raise(SIGSTOP);
		return 0;
	}
	if (!strcmp(mode, "flood-out") || !strcmp(mode, "flood-both")) {
		flood((size_t)num(argc, argv), !strcmp(mode, "flood-both"));
		return 0;
	}
	if (!strcmp(mode, "kill-self"))
		die_by((int)num(argc, argv));
	if (!strcmp(mode, "print-env")) {
		const char *v = argc > 2 ? getenv(argv[2]) : NULL;

		if (!v) {
			say(1, "%s unset\n", argc > 2 ? argv[2] : "");
			return 1;
		}
		say(1, "%s=%s\n", argv[2], v);
		return 0;
	}
	if (!strcmp(mode, "env")) {
		for (char **e = environ; *e; e++)
			say(1, "%s\n", *e);
		return 0;
	}
	if (!strcmp(mode, "print-args")) {
		for (int i = 2; i < argc; i++)
			say(1, "[%s]\n", argv[i]);
		return 0;
	}
	if (!strcmp(mode, "secret-check") && argc > 2) {
		secret_check(argv[2]);
		return 0;
	}
	if (!strcmp(mode, "read-stdin")) {
		read_stdin();
		return 0;
	}
	if (!strcmp(mode, "lines")) {
		long n = num(argc, argv);

		for (long i = 1; i <= n; i++) {
			say(1, "line %ld\n", i);
			say(2, "warn %ld\n", i);
		}
		say(1, "dos\r\ntail");
		return 0;
	}
	if (!strcmp(mode, "long-line")) {
		long n = num(argc, argv);

		for (long i = 0; i < n; i++)
			write_all(1, "x", 1);
		say(1, "\nend\n");
		return 0;
	}
	if (!strcmp(mode, "close-and-linger")) {
		long ms = num(argc, argv);

		close(1);
		close(2);
		sleep_ms(ms);
		return 0;
	}
	if (!strcmp(mode, "print-pgid")) {
		say(1, "pid=%ld pgid=%ld\n", (long)getpid(), (long)getpgrp());
		return 0;
	}
	if (!strcmp(mode, "list-fds")) {
		list_fds();
		return 0;
	}
	if (!strcmp(mode, "print-signals")) {
		print_signals();
		return 0;
	}
	if (!strcmp(mode, "spawn-sleep") || !strcmp(mode, "orphan")) {
		long ms = num(argc, argv);

		pid = fork();
		if (pid < 0)
			return 124;
		if (pid == 0) {
			sleep_ms(ms);
			_exit(0);
		}
		say(1, "child=%ld\n", (long)pid);
		if (!strcmp(mode, "orphan"))
			return 3;
		sleep_ms(ms);
		waitpid(pid, NULL, 0);
		return 0;
	}
	say(2, "fake-tool: unknown mode '%s'\n", mode);
	return 125;
}
