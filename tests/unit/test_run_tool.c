/*
 * test_run_tool.c: core/tool/run-command.c and core/tool/tool-locate.c
 * against build/tests/tools/fake-tool (tests/tools/fake-tool.c) and a few
 * files made on the spot: how a tool is started, what it inherits, how its
 * output, exit, death and timeout come back, and how fwd_tool_locate finds
 * it (the two share the fake tool and the folders made for it).
 *
 * fake-tool is found through FWD_BUILD, else from argv[0].
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "run-fake.h"
#include "tool/run-command.h"
#include "tool/tool-locate.h"

#define FAKE(...) ((const char *const[]){ "fake-tool", __VA_ARGS__, NULL })

static const char *argv0;
static char fake_tool[PATH_MAX];
static char tmpdir[PATH_MAX / 2]; /* short enough for any path built from it */
static char *saved_path;

/* ---- helpers ---------------------------------------------------------- */

static int run_with(const struct fwd_run *tmpl, const char *const *argv,
		    struct fwd_tool_result *res, struct fwd_err *err)
{
	struct fwd_run run = { 0 };

	if (tmpl)
		run = *tmpl;
	if (!run.path)
		run.path = fake_tool;
	run.argv = argv;
	*res = (struct fwd_tool_result)FWD_TOOL_RESULT_INIT;
	return fwd_run_command(&run, res, err);
}

static int run_fake(const char *const *argv, struct fwd_tool_result *res, struct fwd_err *err)
{
	return run_with(NULL, argv, res, err);
}

/* A file in the test's temporary directory; returns its path (static). */
static const char *make_file(const char *name, const void *data, size_t len, mode_t mode)
{
	static char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
	return path;
}

static const char *make_dir(const char *name)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	mkdir(path, 0700);
	return path;
}

/* A copy of fake-tool at tmpdir/dir/name (mode as given). */
static void install_fake(const char *dir, const char *name, mode_t mode)
{
	char path[PATH_MAX], buf[65536];
	int in, out;
	ssize_t n;

	make_dir(dir);
	snprintf(path, sizeof(path), "%s/%s/%s", tmpdir, dir, name);
	unlink(path);
	in = open(fake_tool, O_RDONLY | O_CLOEXEC);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0700);
	assert_true(in >= 0 && out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(out, buf, (size_t)n), n);
	assert_int_equal(fchmod(out, mode), 0);
	close(in);
	close(out);
}

static void set_path(const char *fmt, ...)
{
	char buf[4 * PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	setenv("PATH", buf, 1);
}

static long field_after(const char *s, const char *key)
{
	const char *p = strstr(s, key);

	assert_non_null(p);
	return strtol(p + strlen(key), NULL, 10);
}

/* Gone or a zombie waiting for init: either way not running any more. */
static int process_gone(long pid)
{
	char path[64], buf[512], *paren;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 1;
	buf[n] = '\0';
	paren = strrchr(buf, ')');
	return paren && (paren[2] == 'Z' || paren[2] == 'X');
}

static int wait_gone(long pid, int ms)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	for (int i = 0; i < ms / 10; i++) {
		if (process_gone(pid))
			return 1;
		nanosleep(&ts, NULL);
	}
	return process_gone(pid);
}

static void check_flood(const struct fwd_tool_result *res, const char *buf, size_t len)
{
	(void)res;
	for (size_t i = 0; i < len; i++)
		if (buf[i] != fwd_test_flood_byte(i))
			fail_msg("byte %zu is %d, expected %d", i, buf[i], fwd_test_flood_byte(i));
	assert_int_equal(buf[len], '\0');
}

/* ---- output ------------------------------------------------------------- */

/* Runs first: ru_maxrss is a peak, so nothing big may come before it. */
static void test_huge_output_both_streams_capped_without_deadlock(void **state)
{
	struct fwd_run run = { .out_cap = 1 << 20, .err_cap = 1 << 20, .timeout_ms = 30000 };
	struct fwd_tool_result res;
	struct rusage before, after;
	struct fwd_err err = { 0 };

	(void)state;
	getrusage(RUSAGE_SELF, &before);
	/* 64 MiB on each stream: far beyond any pipe buffer and the cap. */
	assert_int_equal(run_with(&run, FAKE("flood-both", "67108864"), &res, &err), 0);
	getrusage(RUSAGE_SELF, &after);
	assert_int_equal(res.exit_code, 0);
	assert_int_equal(res.signal, 0);
	assert_int_equal(res.timed_out, 0);
	assert_int_equal(res.out_len, 1 << 20);
	assert_int_equal(res.err_len, 1 << 20);
	assert_true(res.out_truncated);
	assert_true(res.err_truncated);
	check_flood(&res, res.out, res.out_len);
	check_flood(&res, res.err, res.err_len);
	/* Memory follows the caps (2 x 1 MiB), not the 128 MiB written. */
	assert_in_range(after.ru_maxrss - before.ru_maxrss, 0, 32 * 1024);
	fwd_run_result_release(&res);
}

static void test_default_cap_is_4_mib(void **state)
{
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(run_fake(FAKE("flood-out", "5242880"), &res, &err), 0);
	assert_int_equal(res.exit_code, 0);
	assert_int_equal(res.out_len, FWD_RUN_DEFAULT_CAP);
	assert_true(res.out_truncated);
	check_flood(&res, res.out, res.out_len);
	assert_int_equal(res.err_len, 0);
	assert_false(res.err_truncated);
	assert_string_equal(res.err, "");
	fwd_run_result_release(&res);
}

static void test_output_below_cap_is_complete(void **state)
{
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(run_fake(FAKE("flood-both", "300001"), &res, &err), 0);
	assert_int_equal(res.out_len, 300001);
	assert_int_equal(res.err_len, 300001);
	assert_false(res.out_truncated);
	assert_false(res.err_truncated);
	check_flood(&res, res.out, res.out_len);
	check_flood(&res, res.err, res.err_len);
	fwd_run_result_release(&res);
}

struct lines {
	char text[64][128];
	int stream[64];
	int n;
	size_t long_total;  /* bytes of 'x' seen in long-line mode */
	size_t long_max;    /* the longest piece */
	int long_pieces;
	int bad;
};

static void record_line(void *payload, int stream, const char *line)
{
	struct lines *l = payload;

	if (line[0] == 'x') {
		size_t len = strlen(line);

		l->long_total += len;
		l->long_max = len > l->long_max ? len : l->long_max;
		l->long_pieces++;
		if (strspn(line, "x") != len)
			l->bad = 1;
		return;
	}
	if (l->n < 64) {
		snprintf(l->text[l->n], sizeof(l->text[0]), "%s", line);
		l->stream[l->n++] = stream;
	}
}

static void test_on_line_gets_every_line_in_order(void **state)
{
	struct lines l = { .n = 0 };
	/* Caps far below the output: on_line still sees all of it. */
	struct fwd_run run = { .on_line = record_line, .payload = &l, .out_cap = 8, .err_cap = 8 };
	const char *want_out[] = { "line 1", "line 2", "line 3", "line 4", "line 5", "dos", "tail" };
	const char *want_err[] = { "warn 1", "warn 2", "warn 3", "warn 4", "warn 5" };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };
	size_t o = 0, e = 0;

	(void)state;
	assert_int_equal(run_with(&run, FAKE("lines", "5"), &res, &err), 0);
	for (int i = 0; i < l.n; i++) {
		if (l.stream[i] == 1) {
			assert_true(o < 7);
			assert_string_equal(l.text[i], want_out[o++]);
		} else {
			assert_int_equal(l.stream[i], 2);
			assert_true(e < 5);
			assert_string_equal(l.text[i], want_err[e++]);
		}
	}
	assert_int_equal(o, 7);
	assert_int_equal(e, 5);
	assert_string_equal(res.out, "line 1\nl");
	assert_true(res.out_truncated);
	fwd_run_result_release(&res);
}

static void test_on_line_cuts_a_long_line_into_pieces(void **state)
{
	struct lines l = { .n = 0 };
	struct fwd_run run = { .on_line = record_line, .payload = &l };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(run_with(&run, FAKE("long-line", "200000"), &res, &err), 0);
	assert_false(l.bad);
	assert_int_equal(l.long_total, 200000);
	assert_int_equal(l.long_max, FWD_RUN_LINE_MAX);
	assert_int_equal(l.long_pieces, 4); /* 65536 * 3 + 3392 */
	assert_int_equal(l.n, 1);
	assert_string_equal(l.text[0], "end");
	fwd_run_result_release(&res);
}

/* ipmitool redraws its upload percentage with backspaces on one line. */
static void test_soft_breaks_deliver_redrawn_progress(void **state)
{
	struct lines l = { .n = 0 };
	struct fwd_run run = { .path = "/usr/bin/printf", .on_line = record_line, .payload = &l,
			       .line_flags = FWD_RUN_SOFT_BREAKS };
	const char *want[] = { "|  0%|", "  1%|", "100%|", "done", "", "crlf" };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(run_with(&run, (const char *const[]){ "printf",
			 "|  0%%|\\b\\b\\b\\b\\b  1%%|\\b\\b\\b\\b\\b100%%|\\ndone\\n\\ncrlf\\r\\n", NULL },
			 &res, &err), 0);
	assert_int_equal(l.n, 6);
	for (int i = 0; i < 6; i++)
		assert_string_equal(l.text[i], want[i]);
	/* The captured output is untouched. */
	assert_non_null(strstr(res.out, "\b\b\b\b\b  1%|"));
	fwd_run_result_release(&res);

	/* Without the flag the same output is three lines and one empty. */
	memset(&l, 0, sizeof(l));
	run.line_flags = 0;
	assert_int_equal(run_with(&run, (const char *const[]){ "printf",
			 "|  0%%|\\b 1%%|\\ndone\\n", NULL }, &res, &err), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.text[0], "|  0%|\b 1%|");
	fwd_run_result_release(&res);
}

/* ---- exit and death ------------------------------------------------------- */

static void test_every_exit_code(void **state)
{
	static const char *codes[] = { "0", "1", "3", "255" };

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		struct fwd_tool_result res;
		struct fwd_err err = { 0 };

		assert_int_equal(run_fake(FAKE("exit", codes[i]), &res, &err), 0);
		assert_int_equal(res.exit_code, atoi(codes[i]));
		assert_int_equal(res.signal, 0);
		assert_int_equal(res.timed_out, 0);
		fwd_run_result_release(&res);
	}
}

static void test_death_by_signal(void **state)
{
	static const int sigs[] = { SIGKILL, SIGSEGV, SIGABRT };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct fwd_tool_result res;
		char num[16];
		struct fwd_err err = { 0 };

		snprintf(num, sizeof(num), "%d", sigs[i]);
		assert_int_equal(run_fake(FAKE("kill-self", num), &res, &err), 0);
		assert_int_equal(res.exit_code, -1);
		assert_int_equal(res.signal, sigs[i]);
		assert_int_equal(res.timed_out, 0);
		fwd_run_result_release(&res);
	}
}

/* ---- cannot run ------------------------------------------------------------ */

static void expect_cannot_run(const char *path, const char *why)
{
	struct fwd_run run = { .path = path };
	struct fwd_tool_result res;
	char want[PATH_MAX + 32];
	struct fwd_err err = { 0 };

	assert_int_equal(run_with(&run, FAKE("exit", "0"), &res, &err), -FWD_E_TOOL_MISSING);
	snprintf(want, sizeof(want), "cannot run '%s': ", path);
	if (strncmp(err.msg, want, strlen(want)) != 0 || !strstr(err.msg, why))
		fail_msg("message '%s' should start with \"%s\" and say \"%s\"", err.msg, want,
			 why);
	/* Not the shell's "127": no exit at all, and no result to misread. */
	assert_int_equal(res.exit_code, -1);
	assert_int_equal(res.signal, 0);
	assert_non_null(res.out);
	assert_string_equal(res.out, "");
	fwd_run_result_release(&res);
}

static void test_missing_binary(void **state)
{
	char path[PATH_MAX];

	(void)state;
	snprintf(path, sizeof(path), "%s/no-such-tool", tmpdir);
	expect_cannot_run(path, "No such file or directory");
}

static void test_not_executable(void **state)
{
	static const char script[] = "#!/bin/sh\necho ran\n";

	(void)state;
	expect_cannot_run(make_file("not-exec", script, sizeof(script) - 1, 0644),
			  "Permission denied");
}

static void test_directory(void **state)
{
	(void)state;
	expect_cannot_run(make_dir("a-directory"), "it is a directory");
}

static void test_garbage_is_exec_format_error(void **state)
{
	static const char junk[] = "\x01\x02\x03\xff garbage \x00\x7f";

	(void)state;
	expect_cannot_run(make_file("garbage", junk, sizeof(junk) - 1, 0755),
			  "Exec format error");
}

/* A script without #! is what git would hand to sh: we must not. */
static void test_script_without_shebang_is_never_run_by_a_shell(void **state)
{
	char script[2 * PATH_MAX], marker[PATH_MAX];
	struct stat st;

	(void)state;
	snprintf(marker, sizeof(marker), "%s/shell-was-here", tmpdir);
	unlink(marker);
	snprintf(script, sizeof(script), "touch '%s'\necho ran\n", marker);
	expect_cannot_run(make_file("no-shebang", script, strlen(script), 0755),
			  "Exec format error");
	assert_int_equal(stat(marker, &st), -1);
	assert_int_equal(errno, ENOENT);
}

static void test_script_with_shebang_runs(void **state)
{
	static const char script[] = "#!/bin/sh\necho \"from-script $1\"\n";
	struct fwd_run run = { 0 };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	run.path = make_file("with-shebang", script, sizeof(script) - 1, 0755);
	assert_int_equal(run_with(&run, FAKE("an arg"), &res, &err), 0);
	assert_int_equal(res.exit_code, 0);
	assert_string_equal(res.out, "from-script an arg\n");
	fwd_run_result_release(&res);
}

/* ---- timeouts ----------------------------------------------------------- */

static void test_timeout_stops_with_sigterm(void **state)
{
	struct fwd_run run = { .timeout_ms = 300 };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(run_with(&run, FAKE("sleep", "10000"), &res, &err), -FWD_E_TIMEOUT);
	assert_true(res.timed_out);
	assert_int_equal(res.exit_code, -1);
	assert_int_equal(res.signal, SIGTERM);
	assert_in_range(res.duration_ms, 300, 2000);
	assert_non_null(strstr(err.msg, "did not finish within 300 ms"));
	assert_non_null(strstr(err.msg, "SIGTERM"));
	fwd_run_result_release(&res);
}

static void test_timeout_kills_what_ignores_sigterm(void **state)
{
	struct fwd_run run = { .timeout_ms = 300, .kill_grace_ms = 200 };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(run_with(&run, FAKE("ignore-term", "10000"), &res, &err),
			 -FWD_E_TIMEOUT);
	assert_true(res.timed_out);
	assert_int_equal(res.signal, SIGKILL);
	assert_in_range(res.duration_ms, 500, 2500);
	assert_non_null(strstr(err.msg, "SIGKILL"));
	fwd_run_result_release(&res);
}

/* SIGTERM alone would wait in a stopped process until the SIGKILL. */
static void test_timeout_stops_a_stopped_tool_with_sigterm(void **state)
{
	struct fwd_run run = { .timeout_ms = 300, .kill_grace_ms = 3000 };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(run_with(&run, FAKE("stop-self"), &res, &err), -FWD_E_TIMEOUT);
	assert_true(res.timed_out);
	assert_int_equal(res.signal, SIGTERM);
	assert_in_range(res.duration_ms, 300, 2000);
	fwd_run_result_release(&res);
}

static void test_timeout_kills_the_whole_process_group(void **state)
{
	struct fwd_run run = { .timeout_ms = 300 };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };
	long child;

	(void)state;
	assert_int_equal(run_with(&run, FAKE("spawn-sleep", "10000"), &res, &err),
			 -FWD_E_TIMEOUT);
	child = field_after(res.out, "child=");
	assert_true(child > 1);
	/* The grandchild held our pipes too: we did not wait 10 s for it. */
	assert_in_range(res.duration_ms, 300, 2500);
	if (!wait_gone(child, 1000)) {
		kill((pid_t)child, SIGKILL);
		fail_msg("the tool's child %ld survived the timeout", child);
	}
	fwd_run_result_release(&res);
}

static void test_closed_output_still_times_out(void **state)
{
	struct fwd_run run = { .timeout_ms = 300 };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(run_with(&run, FAKE("close-and-linger", "10000"), &res, &err),
			 -FWD_E_TIMEOUT);
	assert_true(res.timed_out);
	assert_int_equal(res.signal, SIGTERM);
	assert_in_range(res.duration_ms, 300, 2000);
	fwd_run_result_release(&res);
}

static void test_closed_output_still_waits_for_exit(void **state)
{
	struct fwd_run run = { .timeout_ms = 5000 };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(run_with(&run, FAKE("close-and-linger", "250"), &res, &err), 0);
	assert_int_equal(res.exit_code, 0);
	assert_false(res.timed_out);
	assert_in_range(res.duration_ms, 250, 4000);
	fwd_run_result_release(&res);
}

static void test_leftover_holding_pipes_does_not_hold_us(void **state)
{
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };
	long child;

	(void)state;
	assert_int_equal(run_fake(FAKE("orphan", "5000"), &res, &err), 0);
	assert_int_equal(res.exit_code, 3);
	child = field_after(res.out, "child=");
	assert_in_range(res.duration_ms, 0, 2000);
	kill((pid_t)child, SIGKILL);
	fwd_run_result_release(&res);
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* fwdispatch's SIGINT/SIGTERM flag handlers interrupt syscalls: the tool
 * must still run to its end. */
static void test_signals_in_the_parent_do_not_abort_the_tool(void **state)
{
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	struct itimerval every_2ms = { { 0, 2000 }, { 0, 2000 } }, off = { { 0, 0 }, { 0, 0 } };
	struct fwd_tool_result res, res2;
	struct fwd_err err = { 0 };
	struct timespec no_wait = { 0, 0 };
	sigset_t alrm, mask;
	int ret, ret2;

	(void)state;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: every slow call sees EINTR */
	assert_int_equal(sigaction(SIGALRM, &sa, &old), 0);
	alarms = 0;
	setitimer(ITIMER_REAL, &every_2ms, NULL);
	ret = run_fake(FAKE("sleep", "300"), &res, &err);
	ret2 = run_fake(FAKE("flood-both", "2000000"), &res2, &err);
	setitimer(ITIMER_REAL, &off, NULL);
	/* An alarm still pending must not reach the default action (death):
	 * under valgrind it often arrives this late.  Take it first. */
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alrm, &mask);
	while (sigtimedwait(&alrm, NULL, &no_wait) == SIGALRM)
		;
	sigaction(SIGALRM, &old, NULL);
	sigprocmask(SIG_SETMASK, &mask, NULL);

	assert_int_equal(ret, 0);
	assert_int_equal(res.exit_code, 0);
	assert_in_range(res.duration_ms, 300, 5000);
	assert_int_equal(ret2, 0);
	assert_int_equal(res2.exit_code, 0);
	assert_int_equal(res2.out_len, 2000000);
	assert_int_equal(res2.err_len, 2000000);
	assert_true(alarms > 20);
	fwd_run_result_release(&res);
	fwd_run_result_release(&res2);
}

/* ---- what the child inherits ---------------------------------------------- */

static void test_stdin_is_dev_null(void **state)
{
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };
	int saved = fcntl(0, F_DUPFD_CLOEXEC, 3), p[2];
	int ret;

	(void)state;
	/* Our own stdin has data waiting: the tool must not see it. */
	assert_true(saved >= 0);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "data\n", 5), 5);
	dup2(p[0], 0);
	ret = run_fake(FAKE("read-stdin"), &res, &err);
	dup2(saved, 0);
	close(saved);
	close(p[0]);
	close(p[1]);
	assert_int_equal(ret, 0);
	assert_string_equal(res.out, "stdin=/dev/null read=eof\n");
	fwd_run_result_release(&res);
}

/* With fd 0 closed in fwdispatch, the pipes land on low fds: still right. */
static void test_parent_without_stdin(void **state)
{
	struct fwd_tool_result res, res2;
	struct fwd_err err = { 0 };
	int saved = fcntl(0, F_DUPFD_CLOEXEC, 3);
	int ret, ret2;

	(void)state;
	assert_true(saved >= 0);
	close(0);
	ret = run_fake(FAKE("read-stdin"), &res, &err);
	ret2 = run_fake(FAKE("flood-both", "1000"), &res2, &err);
	dup2(saved, 0);
	close(saved);
	assert_int_equal(ret, 0);
	assert_string_equal(res.out, "stdin=/dev/null read=eof\n");
	assert_int_equal(ret2, 0);
	assert_int_equal(res2.out_len, 1000);
	assert_int_equal(res2.err_len, 1000);
	fwd_run_result_release(&res);
	fwd_run_result_release(&res2);
}

static void test_environment_is_minimal(void **state)
{
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	setenv("FWD_TEST_LEAK", "leaked", 1);
	setenv("IPMI_PASSWORD", "from-the-parent", 1);
	assert_int_equal(run_fake(FAKE("env"), &res, &err), 0);
	unsetenv("FWD_TEST_LEAK");
	unsetenv("IPMI_PASSWORD");
	assert_string_equal(res.out, "PATH=" FWD_RUN_PATH "\nLC_ALL=C\nLANG=C\n");
	fwd_run_result_release(&res);
}

static void test_env_add_passes_a_secret_outside_argv(void **state)
{
	const char *const env[] = { "IPMI_PASSWORD=s3cr3t-pw", NULL };
	struct fwd_run run = { .env_add = env };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };
	const char *cmdline;

	(void)state;
	assert_int_equal(run_with(&run, FAKE("secret-check", "IPMI_PASSWORD"), &res, &err), 0);
	assert_int_equal(res.exit_code, 0);
	assert_non_null(strstr(res.out, "env:s3cr3t-pw\n"));
	cmdline = strstr(res.out, "cmdline:");
	assert_non_null(cmdline);
	/* The command line was really read, and the secret is not in it. */
	assert_non_null(strstr(cmdline, "fake-tool secret-check IPMI_PASSWORD"));
	assert_null(strstr(cmdline, "s3cr3t"));
	fwd_run_result_release(&res);
}

static void test_env_add_replaces_defaults_and_later_wins(void **state)
{
	const char *const env[] = { "LANG=en_US.UTF-8", "FOO=1", "FOO=2", NULL };
	struct fwd_run run = { .env_add = env };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(run_with(&run, FAKE("env"), &res, &err), 0);
	assert_string_equal(res.out,
			    "PATH=" FWD_RUN_PATH "\nLC_ALL=C\nLANG=en_US.UTF-8\nFOO=2\n");
	fwd_run_result_release(&res);
}

static void test_env_add_malformed_is_refused_without_showing_it(void **state)
{
	const char *const env[] = { "A=1", "hunter2", NULL };
	struct fwd_run run = { .env_add = env };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(run_with(&run, FAKE("exit", "0"), &res, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "environment entry 2"));
	assert_null(strstr(err.msg, "hunter2"));
	fwd_run_result_release(&res);
}

static void test_args_reach_the_tool_verbatim(void **state)
{
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(run_fake(FAKE("print-args", "a b", "$HOME", "; echo hi", "", "*"),
				  &res, &err), 0);
	assert_string_equal(res.out, "[a b]\n[$HOME]\n[; echo hi]\n[]\n[*]\n");
	fwd_run_result_release(&res);
}

static void test_fds_above_2_are_closed(void **state)
{
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };
	int leak = open("/dev/null", O_RDONLY); /* deliberately without O_CLOEXEC */
	int high = dup2(leak, 200);

	(void)state;
	assert_true(leak > 2);
	assert_int_equal(high, 200);
	assert_int_equal(run_fake(FAKE("list-fds"), &res, &err), 0);
	close(leak);
	close(high);
	assert_string_equal(res.out, "0 1 2\n");
	fwd_run_result_release(&res);
}

static void test_child_has_its_own_process_group(void **state)
{
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };
	long pid, pgid;

	(void)state;
	assert_int_equal(run_fake(FAKE("print-pgid"), &res, &err), 0);
	pid = field_after(res.out, "pid=");
	pgid = field_after(res.out, "pgid=");
	assert_int_equal(pgid, pid);
	assert_int_not_equal(pgid, (long)getpgrp());
	fwd_run_result_release(&res);
}

/* Signals 32 and 33 belong to glibc (thread cancellation, setxid): its
 * sigaction() refuses to touch them, and the program a tool runs manages
 * them itself.  Everything else must reach the tool at its default. */
static unsigned long long ignored_outside_glibc(const char *status)
{
	const char *p = strstr(status, "SigIgn:");

	assert_non_null(p);
	return strtoull(p + strlen("SigIgn:"), NULL, 16) & ~((1ULL << 31) | (1ULL << 32));
}

static void test_signal_mask_and_dispositions_are_reset(void **state)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_usr2, old_pipe;
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };
	sigset_t block, old_mask;
	int ret;

	(void)state;
	sigemptyset(&ign.sa_mask);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old_mask);
	sigaction(SIGUSR2, &ign, &old_usr2);
	sigaction(SIGPIPE, &ign, &old_pipe);
	ret = run_fake(FAKE("print-signals"), &res, &err);
	sigaction(SIGUSR2, &old_usr2, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	assert_int_equal(ret, 0);
	assert_non_null(strstr(res.out, "SigBlk:\t0000000000000000\n"));
	assert_true(ignored_outside_glibc(res.out) == 0);
	fwd_run_result_release(&res);
}


/* The target's lock stays open in the tool, whatever number it has, and
 * only that fd: everything else above 2 is still closed. */
static void test_lock_fd_is_inherited_and_nothing_else(void **state)
{
	struct fwd_run tmpl = { 0 };
	struct fwd_tool_result res;
	char want[32];
	struct fwd_err err = { 0 };
	int leak = open("/dev/null", O_RDONLY);
	int lock = open("/dev/null", O_RDONLY | O_CLOEXEC); /* as lock.c opens it */
	int lock_high = fcntl(lock, F_DUPFD_CLOEXEC, 300);

	(void)state;
	assert_true(leak > 2 && lock > 2 && lock_high >= 300);
	tmpl.lock_fd = lock;
	assert_int_equal(run_with(&tmpl, FAKE("list-fds"), &res, &err), 0);
	snprintf(want, sizeof(want), "0 1 2 %d\n", lock);
	assert_string_equal(res.out, want);
	fwd_run_result_release(&res);

	tmpl.lock_fd = lock_high;
	assert_int_equal(run_with(&tmpl, FAKE("list-fds"), &res, &err), 0);
	snprintf(want, sizeof(want), "0 1 2 %d\n", lock_high);
	assert_string_equal(res.out, want);
	fwd_run_result_release(&res);

	/* 0 means none, and a value of 0..2 is never taken for the lock. */
	tmpl.lock_fd = 2;
	assert_int_equal(run_with(&tmpl, FAKE("list-fds"), &res, &err), 0);
	assert_string_equal(res.out, "0 1 2\n");
	fwd_run_result_release(&res);
	close(leak);
	close(lock);
	close(lock_high);
}

/* A tool that holds the lock may outlive fwdispatch: losing its reader
 * must not kill it mid-flash, so it runs with SIGPIPE ignored (only). */
static void test_lock_holder_ignores_sigpipe_only(void **state)
{
	struct fwd_run tmpl = { 0 };
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };
	int lock = open("/dev/null", O_RDONLY | O_CLOEXEC);

	(void)state;
	assert_true(lock > 2);
	tmpl.lock_fd = lock;
	assert_int_equal(run_with(&tmpl, FAKE("print-signals"), &res, &err), 0);
	assert_true(ignored_outside_glibc(res.out) == 1ULL << (SIGPIPE - 1));
	fwd_run_result_release(&res);
	close(lock);
}

/* Inherited SIG_IGN for SIGCHLD would make children vanish unreaped. */
static void test_ignored_sigchld_still_gives_the_exit_code(void **state)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old, now;
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };
	int ret;

	(void)state;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGCHLD, &ign, &old);
	ret = run_fake(FAKE("exit", "3"), &res, &err);
	sigaction(SIGCHLD, NULL, &now);
	sigaction(SIGCHLD, &old, NULL);
	assert_int_equal(ret, 0);
	assert_int_equal(res.exit_code, 3);
	assert_true(now.sa_handler == SIG_DFL);
	fwd_run_result_release(&res);
}

/* ---- the API itself ------------------------------------------------------- */

static void test_release_is_idempotent(void **state)
{
	struct fwd_tool_result zero;
	struct fwd_tool_result res;
	struct fwd_err err = { 0 };

	(void)state;
	memset(&zero, 0, sizeof(zero));
	fwd_run_result_release(&zero);
	fwd_run_result_release(&zero);
	assert_null(zero.out);
	assert_int_equal(zero.exit_code, -1);

	assert_int_equal(run_fake(FAKE("lines", "2"), &res, &err), 0);
	assert_non_null(res.out);
	assert_true(res.out_len > 0);
	fwd_run_result_release(&res);
	assert_null(res.out);
	assert_null(res.err);
	assert_int_equal(res.out_len, 0);
	assert_int_equal(res.err_len, 0);
	assert_int_equal(res.exit_code, -1);
	assert_int_equal(res.duration_ms, 0);
	assert_int_equal(res.size, sizeof(res));
	fwd_run_result_release(&res);
}

static void test_bad_calls(void **state)
{
	struct fwd_run run = { .path = NULL };
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(fwd_run_command(&run, &res, &err), -EINVAL);
	assert_true(err.msg[0] != '\0');
	assert_int_equal(fwd_run_command(NULL, &res, &err), -EINVAL);
	run.path = fake_tool;
	assert_int_equal(fwd_run_command(&run, &res, &err), -EINVAL); /* no argv */
	fwd_run_result_release(&res);
}

/* ---- fwd_tool_locate ---------------------------------------------------- */

static void test_resolve_from_variable(void **state)
{
	char out[PATH_MAX];
	struct fwd_err err = { 0 };

	(void)state;
	/* '-' becomes '_', letters go upper-case. */
	setenv("FWDISPATCH_FWD_TEST_TOOL", fake_tool, 1);
	set_path("%s/empty", tmpdir);
	make_dir("empty");
	assert_int_equal(fwd_tool_locate("fwd-test-tool", out, sizeof(out), &err),
			 0);
	assert_string_equal(out, fake_tool);
	unsetenv("FWDISPATCH_FWD_TEST_TOOL");
}

static void test_resolve_variable_pointing_nowhere(void **state)
{
	char out[PATH_MAX], missing[PATH_MAX];
	struct fwd_err err = { 0 };

	(void)state;
	snprintf(missing, sizeof(missing), "%s/no/sum", tmpdir);
	setenv("FWDISPATCH_SUM", missing, 1);
	install_fake("bin-b", "sum", 0755); /* in PATH, but the variable wins */
	set_path("%s/bin-b", tmpdir);
	assert_int_equal(fwd_tool_locate("sum", out, sizeof(out), &err),
			 -FWD_E_TOOL_MISSING);
	unsetenv("FWDISPATCH_SUM");
	assert_non_null(strstr(err.msg, missing));
	assert_non_null(strstr(err.msg, "FWDISPATCH_SUM"));
	assert_non_null(strstr(err.msg, "No such file or directory"));
	assert_non_null(strstr(err.msg, "Supermicro's sum"));
}

static void test_resolve_in_path_skips_unusable_entries(void **state)
{
	char out[PATH_MAX], want[PATH_MAX];
	struct fwd_err err = { 0 };

	(void)state;
	unsetenv("FWDISPATCH_FWD_TEST_TOOL");
	install_fake("bin-a", "fwd-test-tool", 0644);  /* not executable */
	install_fake("bin-b", "fwd-test-tool", 0755);
	make_dir("bin-c");
	make_dir("bin-c/fwd-test-tool");                 /* a directory */
	install_fake(".", "fwd-test-tool", 0755);        /* only a relative entry finds it */
	assert_int_equal(chdir(tmpdir), 0);
	set_path(".::bin-b:%s/bin-c:%s/bin-a:%s/bin-b", tmpdir, tmpdir, tmpdir);
	assert_int_equal(fwd_tool_locate("fwd-test-tool", out, sizeof(out), &err),
			 0);
	snprintf(want, sizeof(want), "%s/bin-b/fwd-test-tool", tmpdir);
	assert_string_equal(out, want);
}

/* coreutils' checksum `sum` is on every system: never taken for Supermicro's. */
static void test_resolve_refuses_coreutils_sum(void **state)
{
	char out[PATH_MAX];
	struct fwd_err err = { 0 };

	(void)state;
	if (access("/usr/bin/sum", X_OK) != 0)
		skip();
	unsetenv("FWDISPATCH_SUM");
	set_path("/usr/bin");
	assert_int_equal(fwd_tool_locate("sum", out, sizeof(out), &err),
			 -FWD_E_TOOL_MISSING);
	assert_non_null(strstr(err.msg, "GNU coreutils"));
	assert_non_null(strstr(err.msg, "FWDISPATCH_SUM"));
	/* Named explicitly, any program is the operator's choice. */
	setenv("FWDISPATCH_SUM", "/usr/bin/sum", 1);
	assert_int_equal(fwd_tool_locate("sum", out, sizeof(out), &err), 0);
	unsetenv("FWDISPATCH_SUM");
}

static void test_resolve_not_found_says_what_to_do(void **state)
{
	static const struct {
		const char *name, *var, *hint;
	} cases[] = {
		{ "ipmitool", "FWDISPATCH_IPMITOOL", "apt-get install ipmitool" },
		{ "sum", "FWDISPATCH_SUM", "Supermicro's sum" },
		{ "racadm", "FWDISPATCH_RACADM", "Dell's racadm" },
		{ "frob-nicator", "FWDISPATCH_FROB_NICATOR", "to the path of 'frob-nicator'" },
	};
	char out[PATH_MAX], empty[PATH_MAX];
	struct fwd_err err = { 0 };

	(void)state;
	snprintf(empty, sizeof(empty), "%s", make_dir("empty"));
	set_path("%s", empty);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsetenv(cases[i].var);
		assert_int_equal(fwd_tool_locate(cases[i].name, out, sizeof(out), &err),
				 -FWD_E_TOOL_MISSING);
		assert_non_null(strstr(err.msg, cases[i].var));
		assert_non_null(strstr(err.msg, cases[i].hint));
		assert_non_null(strstr(err.msg, empty)); /* where it looked */
		assert_non_null(strstr(err.msg, "not found in PATH"));
	}
}

static void test_resolve_reports_a_non_executable_candidate(void **state)
{
	char out[PATH_MAX];
	struct fwd_err err = { 0 };

	(void)state;
	unsetenv("FWDISPATCH_FWD_TEST_TOOL");
	install_fake("bin-a", "fwd-test-tool", 0644);
	set_path("%s/bin-a", tmpdir);
	assert_int_equal(fwd_tool_locate("fwd-test-tool", out, sizeof(out), &err),
			 -FWD_E_TOOL_MISSING);
	assert_non_null(strstr(err.msg, "bin-a/fwd-test-tool"));
	assert_non_null(strstr(err.msg, "not executable"));
}

static void test_resolve_name_with_slash_and_variable_without(void **state)
{
	char out[PATH_MAX], want[PATH_MAX];
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(fwd_tool_locate(fake_tool, out, sizeof(out), &err), 0);
	assert_string_equal(out, fake_tool);
	assert_int_equal(chdir(tmpdir), 0);
	install_fake("bin-b", "other-name", 0755);
	assert_int_equal(fwd_tool_locate("./bin-b/other-name", out, sizeof(out), &err), 0);
	snprintf(want, sizeof(want), "%s/./bin-b/other-name", tmpdir);
	assert_string_equal(out, want);
	assert_int_equal(fwd_tool_locate("./bin-b/nothing", out, sizeof(out), &err),
			 -FWD_E_TOOL_MISSING);
	/* A bare name in the variable is looked up in PATH. */
	set_path("%s/bin-b", tmpdir);
	setenv("FWDISPATCH_FWD_TEST_TOOL", "other-name", 1);
	assert_int_equal(fwd_tool_locate("fwd-test-tool", out, sizeof(out), &err),
			 0);
	unsetenv("FWDISPATCH_FWD_TEST_TOOL");
	snprintf(want, sizeof(want), "%s/bin-b/other-name", tmpdir);
	assert_string_equal(out, want);
	/* Too small a buffer is an error, not a cut path. */
	assert_int_equal(fwd_tool_locate(fake_tool, out, 8, &err), -ENAMETOOLONG);
}

/* ---- setup ----------------------------------------------------------------- */

static int restore_path(void **state)
{
	(void)state;
	if (saved_path)
		setenv("PATH", saved_path, 1);
	else
		unsetenv("PATH");
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int group_setup(void **state)
{
	const char *build;
	struct stat st;

	(void)state;
	build = fwd_test_build_dir(argv0);
	if (!build || fwd_test_tool_path(argv0, "fake-tool", fake_tool, sizeof(fake_tool)) < 0)
		return -1;
	if (stat(fake_tool, &st) < 0 || !(st.st_mode & S_IXUSR)) {
		fprintf(stderr, "'%s' is missing: make %s/tests/tools/fake-tool\n", fake_tool,
			build);
		return -1;
	}
	/* In the build tree rather than /tmp, which may be mounted noexec. */
	snprintf(tmpdir, sizeof(tmpdir), "%s/tests/run-tool.XXXXXX", build);
	if (!mkdtemp(tmpdir)) {
		perror(tmpdir);
		return -1;
	}
	if (getenv("PATH"))
		saved_path = strdup(getenv("PATH"));
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	restore_path(NULL);
	if (chdir("/") == 0 && tmpdir[0])
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(saved_path);
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_huge_output_both_streams_capped_without_deadlock),
		cmocka_unit_test(test_default_cap_is_4_mib),
		cmocka_unit_test(test_output_below_cap_is_complete),
		cmocka_unit_test(test_on_line_gets_every_line_in_order),
		cmocka_unit_test(test_on_line_cuts_a_long_line_into_pieces),
		cmocka_unit_test(test_soft_breaks_deliver_redrawn_progress),
		cmocka_unit_test(test_every_exit_code),
		cmocka_unit_test(test_death_by_signal),
		cmocka_unit_test(test_missing_binary),
		cmocka_unit_test(test_not_executable),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_garbage_is_exec_format_error),
		cmocka_unit_test(test_script_without_shebang_is_never_run_by_a_shell),
		cmocka_unit_test(test_script_with_shebang_runs),
		cmocka_unit_test(test_timeout_stops_with_sigterm),
		cmocka_unit_test(test_timeout_kills_what_ignores_sigterm),
		cmocka_unit_test(test_timeout_stops_a_stopped_tool_with_sigterm),
		cmocka_unit_test(test_timeout_kills_the_whole_process_group),
		cmocka_unit_test(test_closed_output_still_times_out),
		cmocka_unit_test(test_closed_output_still_waits_for_exit),
		cmocka_unit_test(test_leftover_holding_pipes_does_not_hold_us),
		cmocka_unit_test(test_signals_in_the_parent_do_not_abort_the_tool),
		cmocka_unit_test(test_stdin_is_dev_null),
		cmocka_unit_test(test_parent_without_stdin),
		cmocka_unit_test(test_environment_is_minimal),
		cmocka_unit_test(test_env_add_passes_a_secret_outside_argv),
		cmocka_unit_test(test_env_add_replaces_defaults_and_later_wins),
		cmocka_unit_test(test_env_add_malformed_is_refused_without_showing_it),
		cmocka_unit_test(test_args_reach_the_tool_verbatim),
		cmocka_unit_test(test_fds_above_2_are_closed),
		cmocka_unit_test(test_child_has_its_own_process_group),
		cmocka_unit_test(test_lock_fd_is_inherited_and_nothing_else),
		cmocka_unit_test(test_lock_holder_ignores_sigpipe_only),
		cmocka_unit_test(test_signal_mask_and_dispositions_are_reset),
		cmocka_unit_test(test_ignored_sigchld_still_gives_the_exit_code),
		cmocka_unit_test(test_release_is_idempotent),
		cmocka_unit_test(test_bad_calls),
		cmocka_unit_test_teardown(test_resolve_from_variable, restore_path),
		cmocka_unit_test_teardown(test_resolve_variable_pointing_nowhere, restore_path),
		cmocka_unit_test_teardown(test_resolve_in_path_skips_unusable_entries, restore_path),
		cmocka_unit_test_teardown(test_resolve_not_found_says_what_to_do, restore_path),
		cmocka_unit_test_teardown(test_resolve_refuses_coreutils_sum, restore_path),
		cmocka_unit_test_teardown(test_resolve_reports_a_non_executable_candidate,
					  restore_path),
		cmocka_unit_test_teardown(test_resolve_name_with_slash_and_variable_without,
					  restore_path),
	};

	(void)argc;
	argv0 = argv[0]; /* for the build directory when FWD_BUILD is not set */
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
