/*
 * buf.c: a growable string (buf.h).
 */
#include "util/buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char fwd_buf_empty[1];

void fwd_buf_init(struct fwd_buf *b)
{
	b->s = fwd_buf_empty;
	b->len = b->alloc = 0;
}

/* Room for extra more bytes and the NUL. */
static int grow(struct fwd_buf *b, size_t extra)
{
	size_t want = b->len + extra + 1, size = b->alloc ? b->alloc : 64;
	char *s;

	if (want < extra)
		return -ENOMEM;
	if (want <= b->alloc)
		return 0;
	while (size < want)
		size = size > ((size_t)-1) / 2 ? want : size * 2;
	s = realloc(b->alloc ? b->s : NULL, size);
	if (!s)
		return -ENOMEM;
	if (!b->alloc)
		s[0] = '\0';
	b->s = s;
	b->alloc = size;
	return 0;
}

int fwd_buf_add(struct fwd_buf *b, const char *s)
{
	size_t n = strlen(s);

	if (grow(b, n) < 0)
		return -ENOMEM;
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
	return 0;
}

int fwd_buf_vaddf(struct fwd_buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0 || grow(b, (size_t)n) < 0) {
		va_end(again);
		return -ENOMEM;
	}
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, again);
	va_end(again);
	b->len += (size_t)n;
	return 0;
}

int fwd_buf_addf(struct fwd_buf *b, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = fwd_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return ret;
}

int fwd_buf_setf(struct fwd_buf *b, const char *fmt, ...)
{
	va_list ap;
	int ret;

	fwd_buf_reset(b);
	va_start(ap, fmt);
	ret = fwd_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return ret;
}

void fwd_buf_reset(struct fwd_buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->s[0] = '\0';
}

void fwd_buf_release(struct fwd_buf *b)
{
	if (b->alloc)
		free(b->s);
	fwd_buf_init(b);
}

char *fwd_buf_detach(struct fwd_buf *b)
{
	char *s = b->alloc ? b->s : strdup("");

	fwd_buf_init(b);
	return s;
}

int fwd_buf_add_word(struct fwd_buf *b, const char *w)
{
	int ret = 0;

	if (w[0] && !strpbrk(w, " \t\n'\"\\$`;&|<>()*?[]{}~#!"))
		return fwd_buf_add(b, w);
	ret |= fwd_buf_add(b, "'");
	for (const char *q; !ret && (q = strchr(w, '\'')); w = q + 1)
		ret |= fwd_buf_addf(b, "%.*s'\\''", (int)(q - w), w);
	ret |= fwd_buf_add(b, w);
	ret |= fwd_buf_add(b, "'");
	return ret ? -ENOMEM : 0;
}
