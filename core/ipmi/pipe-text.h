/*
 * pipe-text.h: ipmitool's tables, one record a line with '|' between the
 * columns (`sdr type`, `sel list`, `sel elist`), read without copying.
 *
 * Ownership: a field points into the caller's text, which must outlive it.
 */
#ifndef FWD_PIPE_TEXT_H
#define FWD_PIPE_TEXT_H

#include <stddef.h>

/* A piece of a text: s[0..len), not terminated. */
struct fwd_text_field {
	const char *s;
	size_t len;
};

struct fwd_text_lines {
	const char *next;       /* the rest of the text, NULL at its end */
};

void fwd_text_lines_start(struct fwd_text_lines *it, const char *text);

/* The next line (without its '\n'): 1, or 0 at the end. */
int fwd_text_lines_next(struct fwd_text_lines *it, struct fwd_text_field *line);

/*
 * Splits line at '|' into at most max fields, each without the blanks
 * around it; the last field holds the rest of the line, '|' and all.
 * Returns the number of fields (1 for a line without '|').
 */
size_t fwd_text_split(const struct fwd_text_field *line, struct fwd_text_field *f, size_t max);

/* Does f hold word, in any case? */
int fwd_text_has(const struct fwd_text_field *f, const char *word);

/* Does f start with word, in any case? */
int fwd_text_starts(const struct fwd_text_field *f, const char *word);

/* Is f word, in any case? */
int fwd_text_is(const struct fwd_text_field *f, const char *word);

/* f into buf (size > 0), cut to fit, always terminated; a NUL in f ends it. */
void fwd_text_copy(char *buf, size_t size, const struct fwd_text_field *f);

#endif
