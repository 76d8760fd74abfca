/*
 * test_no_core_dump.c: after fwd_no_core_dump() the process is not
 * dumpable and its core size limit is 0, which a child keeps across
 * execve (core/util/no-core-dump.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/no-core-dump.h"

static void test_no_dump_and_no_core(void **state)
{
	struct rlimit rl;

	(void)state;
	assert_int_equal(fwd_no_core_dump(), 0);
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
	assert_int_equal(rl.rlim_cur, 0);
	assert_int_equal(rl.rlim_max, 0);
}

/* A tool started afterwards (sh here) has no core size either. */
static void test_a_child_inherits_the_limit(void **state)
{
	char line[64] = "";
	int fds[2], status;
	FILE *f;
	pid_t pid;

	(void)state;
	assert_int_equal(fwd_no_core_dump(), 0);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		execl("/bin/sh", "sh", "-c", "ulimit -c", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_string_equal(line, "0\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_dump_and_no_core),
		cmocka_unit_test(test_a_child_inherits_the_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
