/*
 * buf.h: a growable string, for paths and messages with no bound of
 * their own (git's strbuf, curl's dynbuf).  A path built into a fixed
 * array can be cut short, and a path cut short names another file.
 *
 *   struct fwd_buf path = FWD_BUF_INIT;
 *   if (fwd_buf_addf(&path, "%s/%s", dir, name) < 0)
 *           return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
 *   open(path.s, ...);
 *   fwd_buf_release(&path);
 *
 * Ownership: the struct is the caller's, its string is the buffer's until
 * fwd_buf_release() (or fwd_buf_detach(), which hands it over).  b->s is
 * never NULL: "" until something is added.
 */
#ifndef FWD_BUF_H
#define FWD_BUF_H

#include <fwdispatch/fwd_plugin.h>
#include <stdarg.h>
#include <stddef.h>

struct fwd_buf {
	char *s;                /* NUL-terminated; fwd_buf_empty until it grows */
	size_t len;             /* strlen(s) */
	size_t alloc;           /* bytes allocated at s, 0 while it is fwd_buf_empty */
};

extern char fwd_buf_empty[1];
#define FWD_BUF_INIT { .s = fwd_buf_empty }

void fwd_buf_init(struct fwd_buf *b);

/* Appends; returns 0, or -ENOMEM with b as it was. */
int fwd_buf_add(struct fwd_buf *b, const char *s);
int fwd_buf_addf(struct fwd_buf *b, const char *fmt, ...) FWD_PRINTF(2, 3);
int fwd_buf_vaddf(struct fwd_buf *b, const char *fmt, va_list ap);

/* Appends w as one word a POSIX shell reads back the same: quoted when it
 * has to be, a quote inside as '\''.  For command lines shown to the
 * operator to copy. */
int fwd_buf_add_word(struct fwd_buf *b, const char *w);

/* fwd_buf_reset() and then fwd_buf_addf(): b holds that text alone. */
int fwd_buf_setf(struct fwd_buf *b, const char *fmt, ...) FWD_PRINTF(2, 3);

/* Empties b, keeping its memory. */
void fwd_buf_reset(struct fwd_buf *b);

/* Frees b's memory; b is empty again. */
void fwd_buf_release(struct fwd_buf *b);

/* Hands over b's string (malloc'd, the caller frees it; NULL when out of
 * memory); b is empty again. */
char *fwd_buf_detach(struct fwd_buf *b);

#endif
