/*
 * test-util.h: small helpers shared by the unit tests and test tools.
 * Every function aborts the test program on failure: a broken fixture
 * must never look like a passing test.
 */
#ifndef FWD_TEST_UTIL_H
#define FWD_TEST_UTIL_H

#include <stddef.h>
#include <sys/types.h>

/* $FWD_BUILD, else the build folder derived from argv0
 * (BUILD/tests/unit/test_x -> BUILD).  Static storage. */
const char *fwd_test_build_dir(const char *argv0);

/* $FWD_TOP, else the source tree above build (BUILD is TOP/build or
 * TOP/build-san).  Static storage. */
const char *fwd_test_top_dir(const char *build);

/* Runs under valgrind's memcheck (make check VALGRIND=1 sets FWD_VALGRIND=1):
 * for tests of time and memory use, which valgrind changes. */
int fwd_test_under_valgrind(void);

/* A new private folder under $TMPDIR (or /tmp); malloc'd path. */
char *fwd_test_mkdtemp(const char *tag);

/* Writes len bytes (strlen when len is (size_t)-1) to path with mode. */
void fwd_test_write_file(const char *path, const void *data, size_t len, mode_t mode);

/* Copies src to dst with mode. */
void fwd_test_copy_file(const char *src, const char *dst, mode_t mode);

/* Removes a folder tree made by the test (no symlinks followed). */
void fwd_test_rm_rf(const char *path);

/* malloc'd "a/b". */
char *fwd_test_path(const char *a, const char *b);

#endif
