/*
 * vendor-text.c: see vendor-text.h.
 */
#include "vendor-text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ESC '\x1b'

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Skips the escape sequence starting at s[0] == ESC; returns what follows it. */
static const char *skip_escape(const char *s)
{
	s++;
	if (*s == '[') {
		/* CSI: parameter and intermediate bytes, then one final byte. */
		for (s++; *s && !(*s >= 0x40 && *s <= 0x7e); s++)
			;
		return *s ? s + 1 : s;
	}
	if (*s == ']') {
		/* OSC: up to BEL or ST (ESC \). */
		for (s++; *s; s++) {
			if (*s == '\a')
				return s + 1;
			if (s[0] == ESC && s[1] == '\\')
				return s + 2;
		}
		return s;
	}
	return *s ? s + 1 : s;
}

char *fwdp_text_clean(const char *text)
{
	size_t len = text ? strlen(text) : 0, out = 0, line_start = 0;
	char *buf = malloc(len + 1);
	const char *s = text ? text : "";

	if (!buf)
		return NULL;
	while (*s) {
		unsigned char c = (unsigned char)*s;

		if (c == ESC) {
			s = skip_escape(s);
			continue;
		}
		s++;
		if (c == '\r') {
			/* "\r\n" ends the line; a lone "\r" redraws it from the start. */
			if (*s != '\n')
				out = line_start;
			continue;
		}
		if (c == '\b') {
			if (out > line_start)
				out--;
			continue;
		}
		if (c == '\n') {
			buf[out++] = '\n';
			line_start = out;
			continue;
		}
		if (c < 0x20 && c != '\t')
			continue;
		if (c == 0x7f)
			continue;
		buf[out++] = (char)c;
	}
	buf[out] = '\0';
	return buf;
}

/* The line [start, end) is blank? */
static int blank_line(const char *start, const char *end)
{
	for (; start < end; start++)
		if (!is_blank((unsigned char)*start))
			return 0;
	return 1;
}

/* Trailing blanks of the line [start, *end) removed. */
static void trim_end(const char *start, const char **end)
{
	while (*end > start && is_blank((unsigned char)(*end)[-1]))
		(*end)--;
}

/* Appends [start, end) and a separator "\n" when out already holds text. */
static void append_line(char *out, size_t *used, const char *start, const char *end)
{
	if (*used)
		out[(*used)++] = '\n';
	memcpy(out + *used, start, (size_t)(end - start));
	*used += (size_t)(end - start);
	out[*used] = '\0';
}

char *fwdp_text_tail(const char *text, size_t max_lines)
{
	const char *s = text ? text : "", *end = s + strlen(s), *p = end, *first = end;
	size_t found = 0, used = 0;
	char *out;

	/* Walk back to the start of the max_lines-th non-blank line from the end. */
	while (p > s && found < max_lines) {
		const char *line_end = p, *line_start = p;

		while (line_start > s && line_start[-1] != '\n')
			line_start--;
		if (!blank_line(line_start, line_end)) {
			found++;
			first = line_start;
		}
		p = line_start > s ? line_start - 1 : s;
		if (line_start == s)
			break;
	}
	out = malloc((size_t)(end - first) + 1);
	if (!out)
		return NULL;
	out[0] = '\0';
	for (p = first; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;

		trim_end(p, &line_end);
		if (!blank_line(p, line_end))
			append_line(out, &used, p, line_end);
		p = nl ? nl + 1 : end;
	}
	return out;
}

/* Does [start, end) contain needle, ignoring case? */
static int line_contains(const char *start, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return 1;
	for (const char *p = start; p + n <= end; p++) {
		size_t i = 0;

		while (i < n && lower((unsigned char)p[i]) == lower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

char *fwdp_text_from_marker(const char *text, const char *marker, size_t max_lines)
{
	const char *s = text ? text : "", *end = s + strlen(s), *p = s, *from = NULL;
	size_t used = 0, lines = 0;
	char *out;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;

		if (line_contains(p, line_end, marker)) {
			from = p;
			break;
		}
		p = nl ? nl + 1 : end;
	}
	if (!from)
		return NULL;
	out = malloc((size_t)(end - from) + 1);
	if (!out)
		return NULL;
	out[0] = '\0';
	for (p = from; p < end && lines < max_lines;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;

		trim_end(p, &line_end);
		if (!blank_line(p, line_end)) {
			append_line(out, &used, p, line_end);
			lines++;
		}
		p = nl ? nl + 1 : end;
	}
	return out;
}

static int is_separator(int c)
{
	return c == ' ' || c == '\t' || c == '.' || c == '=' || c == ':';
}

int fwdp_text_field(const char *text, const char *key, char *out, size_t out_size)
{
	const char *p = text ? text : "";
	size_t klen = strlen(key);

	if (out_size)
		out[0] = '\0';
	while (*p) {
		const char *line = p, *nl = strchr(p, '\n');
		const char *line_end = nl ? nl : p + strlen(p), *v;
		size_t i = 0;

		while (line < line_end && is_blank((unsigned char)*line))
			line++;
		while (i < klen && line + i < line_end &&
		       lower((unsigned char)line[i]) == lower((unsigned char)key[i]))
			i++;
		if (i == klen && line + klen < line_end && is_separator((unsigned char)line[klen])) {
			v = line + klen;
			while (v < line_end && (is_blank((unsigned char)*v) || *v == '.'))
				v++;
			if (v < line_end && (*v == '=' || *v == ':'))
				v++;
			while (v < line_end && is_blank((unsigned char)*v))
				v++;
			trim_end(v, &line_end);
			if (out_size)
				snprintf(out, out_size, "%.*s", (int)(line_end - v), v);
			return 1;
		}
		p = nl ? nl + 1 : line_end;
	}
	return 0;
}
