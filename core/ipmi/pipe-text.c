/*
 * pipe-text.c: ipmitool's '|' tables, a line and a column at a time
 * (pipe-text.h).
 */
#include "ipmi/pipe-text.h"

#include <string.h>
#include <strings.h>

void fwd_text_lines_start(struct fwd_text_lines *it, const char *text)
{
	it->next = text;
}

int fwd_text_lines_next(struct fwd_text_lines *it, struct fwd_text_field *line)
{
	const char *nl;

	if (!it->next || !*it->next)
		return 0;
	nl = strchr(it->next, '\n');
	line->s = it->next;
	line->len = nl ? (size_t)(nl - it->next) : strlen(it->next);
	it->next = nl ? nl + 1 : NULL;
	return 1;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static struct fwd_text_field trimmed(const char *s, size_t len)
{
	struct fwd_text_field f;

	while (len && blank(*s))
		s++, len--;
	while (len && blank(s[len - 1]))
		len--;
	f.s = s;
	f.len = len;
	return f;
}

size_t fwd_text_split(const struct fwd_text_field *line, struct fwd_text_field *f, size_t max)
{
	const char *s = line->s, *end = line->s + line->len;
	size_t n = 0;

	while (n + 1 < max) {
		const char *bar = memchr(s, '|', (size_t)(end - s));

		if (!bar)
			break;
		f[n++] = trimmed(s, (size_t)(bar - s));
		s = bar + 1;
	}
	f[n++] = trimmed(s, (size_t)(end - s));
	return n;
}

int fwd_text_has(const struct fwd_text_field *f, const char *word)
{
	size_t n = strlen(word);

	for (size_t at = 0; n && at + n <= f->len; at++)
		if (!strncasecmp(f->s + at, word, n))
			return 1;
	return 0;
}

int fwd_text_starts(const struct fwd_text_field *f, const char *word)
{
	size_t n = strlen(word);

	return f->len >= n && !strncasecmp(f->s, word, n);
}

int fwd_text_is(const struct fwd_text_field *f, const char *word)
{
	return f->len == strlen(word) && fwd_text_starts(f, word);
}

void fwd_text_copy(char *buf, size_t size, const struct fwd_text_field *f)
{
	size_t n = f->len < size - 1 ? f->len : size - 1;
	const char *nul = memchr(f->s, '\0', n);

	if (nul)
		n = (size_t)(nul - f->s);
	memcpy(buf, f->s, n);
	buf[n] = '\0';
}
