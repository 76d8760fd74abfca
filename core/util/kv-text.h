/*
 * kv-text.h: reading ipmitool's "Key   : value" output, line by line.
 *
 * `mc info`, `lan print`, `channel info`, `user summary` and `fru print`
 * print one "Key<padding>: value" per line (fru print indents them); a
 * value that takes more lines goes on in lines that start with blanks and
 * a colon, an empty key.  Lines are read whole, however long: nothing is
 * cut to a buffer's size before a parser sees it.
 *
 *   struct fwd_kv_reader r;
 *   struct fwd_kv kv;
 *
 *   fwd_kv_start(&r, text);
 *   while (fwd_kv_next(&r, &kv) > 0)
 *           if (kv.key && !strcmp(kv.key, "IP Address"))
 *                   use(kv.value);
 *   fwd_kv_end(&r);
 *
 * Ownership: the text stays the caller's and must outlive the reader; the
 * strings in a struct fwd_kv are the reader's, valid until the next call.
 */
#ifndef FWD_KV_TEXT_H
#define FWD_KV_TEXT_H

#include <stddef.h>

#include "util/buf.h"

struct fwd_kv {
	const char *line;       /* the whole line, blanks and a CR trimmed at both ends */
	const char *key;        /* trimmed, before the first ':'; "" on a line that
	                           continues a value; NULL when the line has no ':' */
	const char *value;      /* trimmed, after the first ':'; "" when key is NULL */
	int indented;           /* the line starts with a blank */
};

struct fwd_kv_reader {
	const char *next;       /* the rest of the text, NULL at the end */
	struct fwd_buf line, key, value;  /* hold kv.line, kv.key, kv.value */
};

void fwd_kv_start(struct fwd_kv_reader *r, const char *text);

/* The next line: 1, or 0 at the end of the text, or -ENOMEM. */
int fwd_kv_next(struct fwd_kv_reader *r, struct fwd_kv *kv);

void fwd_kv_end(struct fwd_kv_reader *r);

/*
 * The value of the first line of text that starts with key (not indented,
 * as `mc info` prints its fields) into buf, cut to fit; NULL when there
 * is none (or out of memory).
 */
const char *fwd_kv_find(const char *text, const char *key, char *buf, size_t size);

/* s[0..*len) without the blanks (space, tab, CR) at both ends: where it
 * starts now, *len shortened.  Also for the config file's lines. */
const char *fwd_kv_trim(const char *s, size_t *len);

#endif
