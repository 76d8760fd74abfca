/*
 * pin-store.c: trust on first use for Redfish certificates (pin-store.h).
 */
#include "redfish/pin-store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/atomic-file.h"
#include "util/buf.h"
#include "util/file-kind.h"
#include "util/state-dir.h"
#include "util/trusted-file.h"
#include "util/utc-time.h"

/* A store bigger than this is not ours (a fleet of 10,000 BMCs is 1 MB). */
#define STORE_MAX (4u << 20)

static int is_hex64(const char *s, size_t n)
{
	if (n != 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int fwd_pin_parse_line(const char *line, char *target, size_t target_size,
		       char hex[FWD_PIN_HEX_SIZE])
{
	const char *p = line, *t, *h;
	size_t tn, hn;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '\n' || *p == '#')
		return 0;
	t = p;
	tn = strcspn(t, " \t\n");
	p = t + tn;
	while (*p == ' ' || *p == '\t')
		p++;
	h = p;
	hn = strcspn(h, " \t\n");
	if (tn == 0 || tn >= target_size || !is_hex64(h, hn))
		return -1;
	for (size_t i = 0; i < tn; i++)
		if ((unsigned char)t[i] < 0x21 || (unsigned char)t[i] > 0x7e)
			return -1;
	memcpy(target, t, tn);
	target[tn] = '\0';
	memcpy(hex, h, 64);
	hex[64] = '\0';
	return 1;
}

/* The store's text, or NULL with *text_out NULL when there is none yet. */
static int read_store(struct fwd_ctx *ctx, const char *path, char **text_out)
{
	char why[256];
	struct stat st;
	mode_t kind;
	char *text;
	ssize_t n;
	size_t got = 0;
	int fd;

	*text_out = NULL;
	fd = fwd_open_regular(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0, &kind);
	if (fd == -ENOENT)
		return 0;
	if (fd == -EINVAL || fd == -ELOOP)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the pinned certificates '%s' are "
					 "%s, not a regular file: remove it", path,
					 fd == -ELOOP ? "a symbolic link" : fwd_file_kind(kind));
	if (fd < 0)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot open '%s': %s", path,
					 strerror(-fd));
	if (fstat(fd, &st) < 0 || fwd_trusted_stat(&st, path, why, sizeof(why)) != 0 ||
	    st.st_size > (off_t)STORE_MAX) {
		close(fd);
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "will not trust the pinned "
					 "certificates '%s': %s", path,
					 st.st_size > (off_t)STORE_MAX ? "it is too large" : why);
	}
	text = malloc((size_t)st.st_size + 1);
	if (!text) {
		close(fd);
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	}
	while (got < (size_t)st.st_size &&
	       (n = read(fd, text + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	text[got] = '\0';
	/* The lines are read as a C string: a NUL would hide every pin after
	 * it (looked up as never pinned, dropped by the next record). */
	if (memchr(text, '\0', got)) {
		free(text);
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "'%s' holds a NUL byte: not a "
					 "file of pinned certificates; mend or remove it", path);
	}
	*text_out = text;
	return 0;
}

static int store_path(struct fwd_ctx *ctx, const char *state_dir, struct fwd_buf *path)
{
	int ret = fwd_state_dir_ensure(ctx, state_dir, FWD_PIN_STORE_SUB, path);

	if (ret)
		return ret;
	if (fwd_buf_addf(path, "/%s", FWD_PIN_STORE_FILE) < 0)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	return 0;
}

/* The pin of target in text: 1 with hex filled, 0 none, or a negative code
 * with ctx's error set for a line that is no pin, blank or comment. */
static int find(struct fwd_ctx *ctx, const char *path, const char *text, const char *target,
		char hex[FWD_PIN_HEX_SIZE])
{
	char line[512], t[256], h[FWD_PIN_HEX_SIZE];
	unsigned lineno = 0;
	int found = 0;

	for (const char *p = text; p && *p;) {
		size_t n = strcspn(p, "\n");
		int kind;

		lineno++;
		if (n >= sizeof(line))
			return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "'%s' line %u is too long: "
						 "not a file of pinned certificates", path, lineno);
		memcpy(line, p, n);
		line[n] = '\0';
		p += n + (p[n] == '\n');
		kind = fwd_pin_parse_line(line, t, sizeof(t), h);
		if (kind < 0)
			return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "'%s' line %u is not "
						 "'TARGET SHA256 DATE': mend or remove it", path,
						 lineno);
		if (kind == 1 && strcmp(t, target) == 0) {
			memcpy(hex, h, sizeof(h));
			found = 1;
		}
	}
	return found;
}

int fwd_pin_lookup(struct fwd_ctx *ctx, const char *state_dir, const char *target,
		   char hex[FWD_PIN_HEX_SIZE])
{
	struct fwd_buf path;
	char *text = NULL;
	int ret;

	fwd_buf_init(&path);
	ret = store_path(ctx, state_dir, &path);
	if (!ret)
		ret = read_store(ctx, path.s, &text);
	if (!ret && text)
		ret = find(ctx, path.s, text, target, hex);
	free(text);
	fwd_buf_release(&path);
	return ret;
}

int fwd_pin_record(struct fwd_ctx *ctx, const char *state_dir, const char *target,
		   const char *hex)
{
	char stamp[FWD_UTC_SIZE], t[256], h[FWD_PIN_HEX_SIZE], line[512];
	struct fwd_buf path, out;
	char *text = NULL;
	int ret;

	fwd_buf_init(&path);
	fwd_buf_init(&out);
	ret = store_path(ctx, state_dir, &path);
	if (!ret)
		ret = read_store(ctx, path.s, &text);
	if (!ret && text && find(ctx, path.s, text, target, h) < 0)
		ret = -FWD_E_BAD_INPUT;
	/* Every line but the target's, then the target's new one. */
	for (const char *p = text; !ret && p && *p;) {
		size_t n = strcspn(p, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		p += n + (p[n] == '\n');
		if (fwd_pin_parse_line(line, t, sizeof(t), h) == 1 && strcmp(t, target) == 0)
			continue;
		if (fwd_buf_addf(&out, "%s\n", line) < 0)
			ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	}
	fwd_utc_iso(time(NULL), stamp);
	if (!ret && fwd_buf_addf(&out, "%s %s %s\n", target, hex, stamp) < 0)
		ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	if (!ret)
		ret = fwd_atomic_write(path.s, out.s, out.len, 0600, 0, &ctx->err);
	free(text);
	fwd_buf_release(&out);
	fwd_buf_release(&path);
	return ret;
}

const char *fwd_pin_show(const char *hex, char out[FWD_PIN_SHOW_SIZE])
{
	size_t o = 0;

	for (size_t i = 0; hex[i] && hex[i + 1] && o + 3 < FWD_PIN_SHOW_SIZE; i += 2) {
		if (o)
			out[o++] = ':';
		out[o++] = hex[i];
		out[o++] = hex[i + 1];
	}
	out[o] = '\0';
	return out;
}
