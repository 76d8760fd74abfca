/*
 * version.c: comparing firmware versions (version.h).
 */
#include "util/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int all_digits(const char *s, size_t n)
{
	return n && strspn(s, "0123456789") >= n;
}

/*
 * Two runs of digits as numbers of any length: no strtoul, whose
 * saturation would make every part longer than an unsigned long equal.
 * Leading zeros do not count; "" is 0.  -1, 0 or 1.
 */
static int compare_digits(const char *a, size_t la, const char *b, size_t lb)
{
	int c;

	while (la && *a == '0')
		a++, la--;
	while (lb && *b == '0')
		b++, lb--;
	if (la != lb)
		return la < lb ? -1 : 1;
	c = strncmp(a, b, la);
	return c < 0 ? -1 : c > 0;
}

/* Lenovo XCC: two digits, a letter, '-', the version. */
static int lenovo(const char *v)
{
	return v[0] >= '0' && v[0] <= '9' && v[1] >= '0' && v[1] <= '9' &&
	       ((v[2] >= 'A' && v[2] <= 'Z') || (v[2] >= 'a' && v[2] <= 'z')) && v[3] == '-' &&
	       v[4] >= '0' && v[4] <= '9' && !strchr(v + 4, ' ') && !strchr(v + 4, '-');
}

void fwd_version_comparable(const char *v, char *out, size_t size)
{
	const char *dotted = NULL;

	if (lenovo(v)) {
		snprintf(out, size, "%s.%c%c.%c", v + 4, v[0], v[1], v[2]);
		return;
	}
	if (strchr(v, ' ')) {
		for (const char *w = v; *w; w += strcspn(w, " "), w += strspn(w, " ")) {
			size_t n = strcspn(w, " ");

			if ((w[0] == 'v' || w[0] == 'V') && n > 1 && w[1] >= '0' && w[1] <= '9') {
				snprintf(out, size, "%.*s", (int)(n - 1), w + 1);
				return;
			}
			if (!dotted && w[0] >= '0' && w[0] <= '9' && memchr(w, '.', n))
				dotted = w;
		}
		if (dotted) {
			snprintf(out, size, "%.*s", (int)strcspn(dotted, " "), dotted);
			return;
		}
	}
	snprintf(out, size, "%s", v);
}

int fwd_version_compare_dotted(const char *a_in, const char *b_in)
{
	char ab[128], bb[128];
	const char *a = ab, *b = bb;

	fwd_version_comparable(a_in, ab, sizeof(ab));
	fwd_version_comparable(b_in, bb, sizeof(bb));
	while (*a || *b) {
		size_t la = strcspn(a, "."), lb = strcspn(b, ".");
		/* An absent part ("1.72" against "1.72.0") is a 0. */
		int na = strspn(a, "0123456789") >= la;
		int nb = strspn(b, "0123456789") >= lb;

		if (na && nb) {
			int c = compare_digits(a, la, b, lb);

			if (c)
				return c;
		} else {
			int c = strncmp(a, b, la < lb ? la : lb);

			if (c || la != lb)
				return c ? c : (la < lb ? -1 : 1);
		}
		a += la + (a[la] == '.');
		b += lb + (b[lb] == '.');
	}
	return 0;
}

size_t fwd_version_parts(const char *v)
{
	size_t n;

	if (!v || !*v)
		return 0;
	for (n = 1; *v; v++)
		n += *v == '.';
	return n;
}

int fwd_version_same_upto(const char *a, const char *b, size_t n)
{
	if (!a || !b || !*a || !*b)
		return 0;
	for (size_t i = 0; i < n && (*a || *b); i++) {
		size_t la = strcspn(a, "."), lb = strcspn(b, ".");

		if (all_digits(a, la) && all_digits(b, lb)) {
			if (compare_digits(a, la, b, lb) != 0)
				return 0;
		} else if (la != lb || strncasecmp(a, b, la) != 0) {
			return 0;
		}
		a += la + (a[la] == '.');
		b += lb + (b[lb] == '.');
	}
	return 1;
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

enum fwd_version_verdict fwd_version_runs_new(const char *want, const char *before,
					      const char *now)
{
	char w[128], b[128], c[128];
	size_t n_now;

	/* As the BMC spells it ("iLO 5 v3.0.0") against the image's "3.0.0". */
	if (now && *now) {
		fwd_version_comparable(now, c, sizeof(c));
		now = c;
	}
	if (want && *want) {
		fwd_version_comparable(want, w, sizeof(w));
		want = w;
	}
	if (before && *before) {
		fwd_version_comparable(before, b, sizeof(b));
		before = b;
	}
	n_now = fwd_version_parts(now);

	if (!n_now)
		return FWD_VERSION_UNSURE;
	if (want && *want) {
		size_t n = min_size(n_now, fwd_version_parts(want));

		if (!fwd_version_same_upto(now, want, n))
			return FWD_VERSION_NOT_NEW;
		if (n_now >= fwd_version_parts(want))
			return FWD_VERSION_NEW;
		/* now is coarser than want and matches it: proof only if it moved. */
		if (before && *before &&
		    !fwd_version_same_upto(now, before, min_size(n_now, fwd_version_parts(before))))
			return FWD_VERSION_NEW;
		return FWD_VERSION_UNSURE;
	}
	if (!before || !*before)
		return FWD_VERSION_UNSURE;
	if (!fwd_version_same_upto(now, before, min_size(n_now, fwd_version_parts(before))))
		return FWD_VERSION_NEW;
	return FWD_VERSION_NOT_NEW;
}
