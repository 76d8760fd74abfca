/*
 * memcheck-target: makes one memory error on purpose, so that
 * tests/cli/test-valgrind-pass.sh can show that the valgrind pass of
 * `make check VALGRIND=1` (tests/valgrind) fails on each kind it must
 * catch.  Never run by anything else.
 *
 *   memcheck-target clean [EXIT]   no error; exits EXIT (default 0)
 *   memcheck-target leak           a block definitely lost
 *   memcheck-target still-held     a block still reachable at exit (no error)
 *   memcheck-target uninit         a branch on an uninitialised value
 *   memcheck-target overflow       a write one byte past a heap block
 *   memcheck-target use-after-free a read of a freed block
 *   memcheck-target child-leak     a forked child leaks and ends; the parent
 *                                  exits 0 whatever the child's status
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Kept out of the optimiser's sight, so each error happens as written. */
static void *volatile keep;
static volatile size_t sixteen = 16;

static int leak(void)
{
	char *p = malloc(sixteen);

	if (!p)
		return 1;
	memset(p, 'x', sixteen);
	keep = p;
	keep = NULL;  /* the only pointer to it is gone */
	return 0;
}

static int uninit(void)
{
	char *p = malloc(sixteen);

	if (!p)
		return 1;
	keep = p;
	/* A call on one side only: the compiler must branch. */
	if (((volatile char *)p)[3] == 'y')
		puts("y");
	free(p);
	return 0;
}

static int overflow(void)
{
	char *p = malloc(sixteen);

	if (!p)
		return 1;
	keep = p;
	((volatile char *)p)[sixteen] = 'x';
	free(p);
	return 0;
}

static int use_after_free(void)
{
	char *p = malloc(sixteen);
	char c;

	if (!p)
		return 1;
	memset(p, 'x', sixteen);
	keep = p;
	free(p);
	c = ((volatile char *)keep)[0];
	return c == 'z' ? 3 : 0;
}

static int child_leak(void)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(leak());
	waitpid(pid, &status, 0);
	return 0;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";

	if (strcmp(what, "clean") == 0)
		return argc > 2 ? atoi(argv[2]) : 0;
	if (strcmp(what, "leak") == 0)
		return leak();
	if (strcmp(what, "still-held") == 0)
		return (keep = malloc(sixteen)) ? 0 : 1;
	if (strcmp(what, "uninit") == 0)
		return uninit();
	if (strcmp(what, "overflow") == 0)
		return overflow();
	if (strcmp(what, "use-after-free") == 0)
		return use_after_free();
	if (strcmp(what, "child-leak") == 0)
		return child_leak();
	fprintf(stderr, "usage: memcheck-target clean [EXIT]|leak|still-held|uninit|overflow|"
		"use-after-free|child-leak\n");
	return 2;
}
