/*
 * sum-query.c: reading sum's answers to the preflight's questions.  See
 * sum.h.  Pure functions of sum's cleaned output (no host, no I/O), so
 * tests/fuzz/fuzz_sum_query.c can feed them anything.
 *
 * The formats, from public material (SUM user's guide as mirrored in
 * github.com/jessebutryn/bmcdocs docs/supermicro/SUM/queryproductkey.md,
 * and a real SUM 2.4.0 answer quoted in github.com/zsrv/supermicro-product-key
 * README.md):
 *
 *   [1] SFT-DCMS-Single, version: ABC123, invoice: 0123456789, creation date:
 *   2020/12/30 12:00:00(Key is good.)
 *   Number of product keys: 1
 *
 * or, in the guide's example, one SKU per line ("SFT-OOB-LIC", "SFT-DCMS-SINGLE
 * , invoice: ..."), case as sum pleases.  What sum prints with no key at all
 * is not public: read as no key line and a count of 0 (or none).
 *
 * `UpdateBios --staged getinfo` (X13 root-of-trust boards: "check if there
 * was any pending staged update task", same guide, updatebios.md) has no
 * public sample answer: read by its words, a negative phrase first.
 */
#include "sum.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The SKUs that license out-of-band BIOS updates (SUM user's guide:
 * "the OOB usage of this function is available when the BMC node product
 * key is activated"; SFT-DCMS-SINGLE includes SFT-OOB-LIC). */
static const char *const oob_skus[] = { "SFT-OOB-LIC", "SFT-DCMS-SINGLE" };

static int sku_char(char c)
{
	return isalnum((unsigned char)c) || c == '-';
}

/* Appends sku to list ("A, B"), cut to fit, unless it is there already. */
static void list_add(char *list, size_t size, const char *sku, size_t len)
{
	size_t used = strlen(list);
	char item[64];

	if (len >= sizeof(item))
		len = sizeof(item) - 1;
	memcpy(item, sku, len);
	item[len] = '\0';
	for (char *p = item; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (strstr(list, item))
		return;
	snprintf(list + used, size - used, "%s%s", used ? ", " : "", item);
}

/* One line of QueryProductKey's answer. */
static void key_line(const char *s, const char *end, struct sm_keys *k)
{
	const char *p, *status;
	size_t len;
	int good = 1;

	for (p = s; p + 4 <= end; p++)
		if (strncasecmp(p, "SFT-", 4) == 0 && (p == s || !sku_char(p[-1])))
			break;
	if (p + 4 > end)
		return;
	for (len = 4; p + len < end && sku_char(p[len]); len++)
		;
	k->listed++;
	/* "(Key is good.)"; any other state is a key sum does not honour. */
	for (status = p + len; status + 6 <= end; status++)
		if (strncasecmp(status, "Key is", 6) == 0)
			break;
	if (status + 6 <= end) {
		const char *v = status + 6;

		while (v < end && *v == ' ')
			v++;
		good = end - v >= 4 && strncasecmp(v, "good", 4) == 0;
	}
	for (size_t i = 0; i < sizeof(oob_skus) / sizeof(oob_skus[0]); i++) {
		if (len != strlen(oob_skus[i]) || strncasecmp(p, oob_skus[i], len) != 0)
			continue;
		if (good) {
			k->licensed = 1;
			snprintf(k->licence, sizeof(k->licence), "%s", oob_skus[i]);
		} else if (!k->bad[0]) {
			snprintf(k->bad, sizeof(k->bad), "%s (%.*s)", oob_skus[i],
				 (int)(end - status > 40 ? 40 : end - status), status);
		}
		return;
	}
	list_add(k->others, sizeof(k->others), p, len);
}

int sm_keys_parse(const char *text, struct sm_keys *k)
{
	const char *p = text;
	int counted = 0;

	memset(k, 0, sizeof(*k));
	k->count = -1;
	while (p && *p) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p), *s = p;

		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (end - s > 22 && strncasecmp(s, "Number of product keys", 22) == 0) {
			const char *v = s + 22;
			char *stop;
			long n;

			while (v < end && (*v == ' ' || *v == ':' || *v == '.'))
				v++;
			n = strtol(v, &stop, 10);
			if (stop > v && stop <= end && n >= 0 && n < 1000) {
				k->count = (int)n;
				counted = 1;
			}
		} else {
			key_line(s, end, k);
		}
		p = nl ? nl + 1 : NULL;
	}
	/* A count of 0 wins over anything that looked like a key. */
	if (counted && k->count == 0)
		k->licensed = 0;
	return counted || k->listed ? 0 : -1;
}

enum sm_staged sm_staged_parse(const char *text)
{
	static const char *const none[] = {
		"no pending", "not pending", "no staged", "nothing pending", "no update task",
	};

	if (!text)
		return SM_STAGED_UNKNOWN;
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		if (strcasestr(text, none[i]))
			return SM_STAGED_NONE;
	if (strcasestr(text, "pending"))
		return SM_STAGED_PENDING;
	return SM_STAGED_UNKNOWN;
}

int sm_says_update_mode(const char *text)
{
	/* Supermicro's own words for a BMC stuck mid-update vary by tool
	 * ("update mode", lUpdate's "BMC did not in correct state"); sum's
	 * wording is not public, so both are taken. */
	return text && (strcasestr(text, "update mode") != NULL ||
			strcasestr(text, "not in correct state") != NULL);
}

int sm_sum_exit_busy(int exit_code)
{
	/* SUM user's guide: 106 "driver is busy, please try later", 107 "ROM
	 * chip is occupied, please try later". */
	return exit_code == 106 || exit_code == 107;
}
