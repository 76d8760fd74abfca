/*
 * match.c: case-insensitive string tests for the probes (ASCII only:
 * vendor strings are ASCII, and locale must not change a verdict).
 */
#include "match.h"

#include <string.h>

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int prefix_at(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (!*s || lower((unsigned char)*s) != lower((unsigned char)*prefix))
			return 0;
	return 1;
}

int fwdp_ieq(const char *s, const char *word)
{
	return s && word && prefix_at(s, word) && s[strlen(word)] == '\0';
}

int fwdp_istarts(const char *s, const char *prefix)
{
	return s && prefix && prefix_at(s, prefix);
}

int fwdp_icontains(const char *s, const char *needle)
{
	if (!s || !needle)
		return 0;
	for (; *s; s++)
		if (prefix_at(s, needle))
			return 1;
	return *needle == '\0';
}

int fwdp_istarts_word(const char *s, const char *word)
{
	return fwdp_istarts(s, word) && !is_alnum((unsigned char)s[strlen(word)]);
}

int fwdp_icontains_word(const char *s, const char *word)
{
	size_t n;

	if (!s || !word || !*word)
		return 0;
	n = strlen(word);
	for (const char *p = s; *p; p++) {
		if (p > s && is_alnum((unsigned char)p[-1]))
			continue;
		if (prefix_at(p, word) && !is_alnum((unsigned char)p[n]))
			return 1;
	}
	return 0;
}

int fwdp_shape(const char *s, const char *pattern)
{
	if (!s || !pattern)
		return 0;
	for (; *pattern; pattern++, s++) {
		int c = (unsigned char)*s;

		switch (*pattern) {
		case '*':
			return 1;
		case '9':
			if (!(c >= '0' && c <= '9'))
				return 0;
			break;
		case 'A':
			if (!is_alpha(c))
				return 0;
			break;
		case '@':
			if (!is_alnum(c))
				return 0;
			break;
		default:
			if (!c || lower(c) != lower((unsigned char)*pattern))
				return 0;
		}
	}
	return *s == '\0';
}

const char *fwdp_first_match(const char *const *strings, size_t n,
			     int (*test)(const char *s, const char *arg), const char *arg)
{
	for (size_t i = 0; i < n; i++)
		if (strings[i] && test(strings[i], arg))
			return strings[i];
	return NULL;
}
