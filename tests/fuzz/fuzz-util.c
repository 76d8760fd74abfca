/*
 * fuzz-util.c: the helpers every fuzz target shares (fuzz-util.h).
 */
#include "fuzz-util.h"

#include <fcntl.h>
#include <ftw.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[4096];

/* The sanitizers' own report stream (what libFuzzer shows with
 * -close_fd_mask): there under libFuzzer and SAN=1; the replay build
 * without a sanitizer (replay-main.c) goes on without it. */
extern void __sanitizer_report_error_summary(const char *summary) __attribute__((weak));

_Noreturn void fuzz_fail(const char *file, int line, const char *cond)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "FUZZ_CHECK failed: %s:%d: %s", file, line, cond);
	if (__sanitizer_report_error_summary)
		__sanitizer_report_error_summary(msg);
	fprintf(stderr, "%s\n", msg);
	abort();
}

char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	FUZZ_CHECK(s != NULL);
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* atexit: libFuzzer ends a timed run with exit(), so the folder goes then. */
static void remove_tmpdir(void)
{
	if (tmpdir[0])
		nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (tmpdir[0])
		return tmpdir;
	if (!base || !*base)
		base = "/tmp";
	snprintf(tmpdir, sizeof(tmpdir), "%s/fwd-fuzz-XXXXXX", base);
	FUZZ_CHECK(mkdtemp(tmpdir) != NULL);
	atexit(remove_tmpdir);
	return tmpdir;
}

int fuzz_write_file(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	const char *p = data;

	if (fd < 0)
		return -1;
	while (size) {
		ssize_t n = write(fd, p, size);

		if (n <= 0) {
			close(fd);
			return -1;
		}
		p += n;
		size -= (size_t)n;
	}
	return close(fd);
}

void fuzz_ctx_init(struct fwd_ctx *ctx)
{
	fwd_ctx_init(ctx);
	ctx->log_level = FWD_LOG_ERROR;
	ctx->quiet = 1;
}
