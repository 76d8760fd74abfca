/*
 * kv-text.c: ipmitool's "Key : value" lines; the contract is in kv-text.h.
 */
#include "util/kv-text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

const char *fwd_kv_trim(const char *s, size_t *len)
{
	while (*len && is_blank(*s)) {
		s++;
		(*len)--;
	}
	while (*len && is_blank(s[*len - 1]))
		(*len)--;
	return s;
}

void fwd_kv_start(struct fwd_kv_reader *r, const char *text)
{
	r->next = text && *text ? text : NULL;
	fwd_buf_init(&r->line);
	fwd_buf_init(&r->key);
	fwd_buf_init(&r->value);
}

int fwd_kv_next(struct fwd_kv_reader *r, struct fwd_kv *kv)
{
	const char *p = r->next, *nl, *colon, *s;
	size_t len, n;

	if (!p)
		return 0;
	nl = strchr(p, '\n');
	len = nl ? (size_t)(nl - p) : strlen(p);
	r->next = nl && nl[1] ? nl + 1 : NULL;

	kv->indented = len && (p[0] == ' ' || p[0] == '\t');
	n = len;
	s = fwd_kv_trim(p, &n);
	fwd_buf_reset(&r->line);
	if (fwd_buf_addf(&r->line, "%.*s", (int)n, s) < 0)
		return -ENOMEM;
	kv->line = r->line.s;

	colon = memchr(r->line.s, ':', r->line.len);
	if (!colon) {
		kv->key = NULL;
		kv->value = "";
		return 1;
	}
	{
		size_t klen = (size_t)(colon - r->line.s), vlen = r->line.len - klen - 1;
		const char *k = fwd_kv_trim(r->line.s, &klen), *v = fwd_kv_trim(colon + 1, &vlen);

		fwd_buf_reset(&r->key);
		fwd_buf_reset(&r->value);
		if (fwd_buf_addf(&r->key, "%.*s", (int)klen, k) < 0 ||
		    fwd_buf_addf(&r->value, "%.*s", (int)vlen, v) < 0)
			return -ENOMEM;
	}
	kv->key = r->key.s;
	kv->value = r->value.s;
	return 1;
}

void fwd_kv_end(struct fwd_kv_reader *r)
{
	fwd_buf_release(&r->line);
	fwd_buf_release(&r->key);
	fwd_buf_release(&r->value);
}

const char *fwd_kv_find(const char *text, const char *key, char *buf, size_t size)
{
	struct fwd_kv_reader r;
	struct fwd_kv kv;
	const char *found = NULL;

	fwd_kv_start(&r, text);
	while (!found && fwd_kv_next(&r, &kv) > 0) {
		if (kv.indented || !kv.key || strcmp(kv.key, key) != 0)
			continue;
		snprintf(buf, size, "%s", kv.value);
		found = buf;
	}
	fwd_kv_end(&r);
	return found;
}
