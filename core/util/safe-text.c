/*
 * safe-text.c: controls and bidi overrides made visible (safe-text.h).
 */
#include "util/safe-text.h"

#include <stdio.h>
#include <string.h>

/* The UTF-8 of U+202A..U+202E (embeddings, overrides) and U+2066..U+2069
 * (isolates): E2 80 AA..AE, E2 81 A6..A9.  Returns the code point or 0. */
static unsigned bidi_control(const unsigned char *p)
{
	if (p[0] != 0xe2)
		return 0;
	if (p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae)
		return 0x2000u + (p[2] - 0x80u);
	if (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
		return 0x2040u + (p[2] - 0x80u);
	return 0;
}

/* The safe form of the character at p into piece; returns how many bytes
 * of p it stands for. */
static size_t piece_of(const unsigned char *p, char piece[12])
{
	unsigned cp;

	if (*p == '\t') {
		snprintf(piece, 12, " ");
	} else if (*p == '\n') {
		snprintf(piece, 12, "\\n");
	} else if (*p < 0x20 || *p == 0x7f) {
		snprintf(piece, 12, "\\x%02x", *p);
	} else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
		/* C1 controls (CSI is U+009B): as dangerous as ESC. */
		snprintf(piece, 12, "\\u%04x", p[1]);
		return 2;
	} else if ((cp = bidi_control(p)) != 0) {
		snprintf(piece, 12, "\\u%04x", cp);
		return 3;
	} else {
		piece[0] = (char)*p;
		piece[1] = '\0';
	}
	return 1;
}

const char *fwd_safe_text(const char *in, char *buf, size_t size)
{
	const unsigned char *start = (const unsigned char *)(in ? in : ""), *p;
	size_t used = 0, need = 0, room, step;
	char piece[12];

	if (size < 4) {
		if (size)
			buf[0] = '\0';
		return buf;
	}
	for (p = start; *p; p += step) {
		step = piece_of(p, piece);
		need += strlen(piece);
	}
	/* All of it when it fits, else as much as leaves room for "...". */
	room = need < size ? size - 1 : size - 4;
	for (p = start; *p;) {
		size_t n;

		step = piece_of(p, piece);
		n = strlen(piece);
		if (used + n > room)
			break;
		memcpy(buf + used, piece, n);
		used += n;
		p += step;
	}
	memcpy(buf + used, *p ? "..." : "", *p ? 4 : 1);
	return buf;
}
