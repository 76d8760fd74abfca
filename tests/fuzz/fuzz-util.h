/*
 * fuzz-util.h: what the libFuzzer targets in tests/fuzz share: the input
 * as a C string, a private temp folder for the targets that read files,
 * and a quiet context.
 *
 * Rules every target keeps (tests/fuzz/README.md): nothing is written
 * outside the folder fuzz_tmpdir() made; everything an iteration
 * allocates is released before it returns (ASan's leak check is on); no
 * exit() and no abort() outside a finding (FUZZ_CHECK).
 */
#ifndef FWD_FUZZ_UTIL_H
#define FWD_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/ctx.h"

/* libFuzzer's entry points, defined by each target. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A finding: an invariant of the code under test did not hold.  Says
 * where (also with libFuzzer's -close_fd_mask, through the sanitizers'
 * own report stream), then aborts: libFuzzer keeps the input. */
#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) \
			fuzz_fail(__FILE__, __LINE__, #cond); \
	} while (0)
_Noreturn void fuzz_fail(const char *file, int line, const char *cond);

/* The input as a NUL-terminated string, malloc'd (the caller frees): the
 * text a tool printed, read as the core reads it, up to its first NUL. */
char *fuzz_cstr(const uint8_t *data, size_t size);

/* A folder of this process's own under $TMPDIR (else /tmp), made at the
 * first call and removed with everything in it at exit.  Never NULL: a
 * target that cannot have one has nothing to fuzz, and aborts. */
const char *fuzz_tmpdir(void);

/* Writes data to path (made 0600, replacing a file there).  0 or -1. */
int fuzz_write_file(const char *path, const void *data, size_t size);

/* A context that logs nothing (messages would only slow the fuzzer). */
void fuzz_ctx_init(struct fwd_ctx *ctx);

#endif
