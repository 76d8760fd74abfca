/*
 * fuzz-split.h: one fuzz input as what a tool run gave back: its exit
 * code, its stdout and its stderr.
 *
 * Layout: byte 0 is the exit code (255: killed by signal 9); the rest is
 * stdout, then, after the first "\n--stderr--\n", stderr.  An input
 * without the separator is all stdout.  The seeds in tests/fuzz/corpus
 * are written that way, and the dictionaries name the separator.
 */
#ifndef FWD_FUZZ_SPLIT_H
#define FWD_FUZZ_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_STDERR_SEPARATOR "\n--stderr--\n"

struct fuzz_run {
	int exit_code;    /* 0-254, or -1 with signal 9 */
	int signal;
	char *out, *err;  /* malloc'd, NUL-terminated; released by fuzz_run_release */
};

/* Returns 0, or -1 for an empty input (nothing to fuzz). */
int fuzz_run_split(const uint8_t *data, size_t size, struct fuzz_run *run);
void fuzz_run_release(struct fuzz_run *run);


struct fwd_mock;
/* Scripts run as the next answer of the mock host's run_tool for tool. */
void fuzz_run_script(struct fwd_mock *m, const char *tool, const struct fuzz_run *run);

#endif
