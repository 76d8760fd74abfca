/*
 * match.h: the string tests the probes are written with.  All ignore
 * ASCII case and accept NULL (which matches nothing).
 */
#ifndef FWDP_MATCH_H
#define FWDP_MATCH_H

#include <stddef.h>

/* Equal, ignoring case. */
int fwdp_ieq(const char *s, const char *word);
/* s starts with prefix. */
int fwdp_istarts(const char *s, const char *prefix);
/* needle occurs anywhere in s. */
int fwdp_icontains(const char *s, const char *needle);
/* word occurs in s with no letter or digit just before or after it. */
int fwdp_icontains_word(const char *s, const char *word);
/* s starts with word, followed by the end or by neither letter nor digit. */
int fwdp_istarts_word(const char *s, const char *word);

/*
 * s has the shape of pattern: '9' a digit, 'A' a letter, '@' a letter or
 * digit, '*' (last) anything or nothing, any other character itself
 * (ignoring case).  "S9999*" matches Intel's "S2600WFT".
 */
int fwdp_shape(const char *s, const char *pattern);

/* The first of n strings (NULLs skipped) for which test(s, arg) holds, or NULL. */
const char *fwdp_first_match(const char *const *strings, size_t n,
			     int (*test)(const char *s, const char *arg), const char *arg);

#endif
