/*
 * fuzz_pin_store.c: the Redfish pinned-certificate store read and
 * rewritten whole (core/redfish/pin-store.c, fwd_pin_lookup and
 * fwd_pin_record): the input is STATE/redfish/known-certs, exactly its
 * bytes, in the target's temp state folder.  A store is refused (with a
 * message, by both, and left as it was) unless every byte of it is in a
 * line that is a pin, a comment or blank: a pin the reader cannot see
 * could be the one that counts.  A store taken answers each of its pins
 * (the last line of a target wins), and recording one target's pin
 * leaves every other pin, comment and blank line as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz-state.h"
#include "fuzz-util.h"
#include "redfish/pin-store.h"

#define TARGET "10.0.0.1_443"
#define HEX "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/* Pins looked up again, at most: each lookup reads the file. */
#define CHECKED 8

struct pin {
	char target[256], hex[FWD_PIN_HEX_SIZE];
};

/* The file's bytes, malloc'd, NUL-terminated; how many in *len. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = 4096, n = 0, got;
	char *buf = malloc(cap + 1);

	FUZZ_CHECK(fp != NULL && buf != NULL);
	while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			buf = realloc(buf, (cap *= 2) + 1);
			FUZZ_CHECK(buf != NULL);
		}
	}
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Splits text (no NUL inside) into lines as the store does; every line
 * must read as a pin, comment or blank.  Fills pins (the last line of a
 * target replacing its earlier one), counts the others. */
static size_t read_lines(const char *text, struct pin *pins, size_t *n_pins, size_t max)
{
	char line[512], t[256], h[FWD_PIN_HEX_SIZE];
	size_t others = 0;

	*n_pins = 0;
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n"), i;
		int kind;

		FUZZ_CHECK(n < sizeof(line));
		memcpy(line, p, n);
		line[n] = '\0';
		p += n + (p[n] == '\n');
		kind = fwd_pin_parse_line(line, t, sizeof(t), h);
		FUZZ_CHECK(kind >= 0);
		if (kind == 0) {
			others++;
			continue;
		}
		for (i = 0; i < *n_pins && strcmp(pins[i].target, t) != 0; i++)
			;
		if (i == *n_pins && *n_pins == max)
			continue;
		if (i == *n_pins)
			(*n_pins)++;
		snprintf(pins[i].target, sizeof(pins[i].target), "%s", t);
		memcpy(pins[i].hex, h, sizeof(h));
	}
	return others;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pin pins[CHECKED], after[CHECKED];
	char h[FWD_PIN_HEX_SIZE], sub[4300], *text;
	size_t n_pins, n_after, others, len;
	const char *path;
	struct fwd_ctx ctx;
	int found;

	snprintf(sub, sizeof(sub), "%s/%s", fuzz_state_dir(), FWD_PIN_STORE_SUB);
	FUZZ_CHECK(mkdir(sub, 0700) == 0 || errno == EEXIST);
	path = fuzz_state_put(FWD_PIN_STORE_SUB "/" FWD_PIN_STORE_FILE, data, size);
	fuzz_ctx_init(&ctx);
	found = fwd_pin_lookup(&ctx, fuzz_state_dir(), TARGET, h);
	if (found < 0) {
		FUZZ_CHECK(ctx.err.msg[0] != '\0');
		fwd_ctx_clear_error(&ctx);
		FUZZ_CHECK(fwd_pin_record(&ctx, fuzz_state_dir(), TARGET, HEX) < 0);
		FUZZ_CHECK(ctx.err.msg[0] != '\0');
		text = slurp(path, &len);
		FUZZ_CHECK(len == size && (size == 0 || memcmp(text, data, size) == 0));
		free(text);
		return 0;
	}
	/* Taken: every byte is in a line the store read. */
	FUZZ_CHECK(found == 0 || found == 1);
	FUZZ_CHECK(memchr(data, '\0', size) == NULL);
	text = fuzz_cstr(data, size);
	others = read_lines(text, pins, &n_pins, CHECKED);
	free(text);
	for (size_t i = 0; i < n_pins; i++) {
		FUZZ_CHECK(fwd_pin_lookup(&ctx, fuzz_state_dir(), pins[i].target, h) == 1);
		FUZZ_CHECK(strcmp(h, pins[i].hex) == 0);
	}

	/* Recording TARGET keeps the rest. */
	FUZZ_CHECK(fwd_pin_record(&ctx, fuzz_state_dir(), TARGET, HEX) == 0);
	FUZZ_CHECK(fwd_pin_lookup(&ctx, fuzz_state_dir(), TARGET, h) == 1);
	FUZZ_CHECK(strcmp(h, HEX) == 0);
	text = slurp(path, &len);
	FUZZ_CHECK(read_lines(text, after, &n_after, CHECKED) == others);
	free(text);
	for (size_t i = 0; i < n_pins; i++) {
		if (strcmp(pins[i].target, TARGET) == 0)
			continue;
		FUZZ_CHECK(fwd_pin_lookup(&ctx, fuzz_state_dir(), pins[i].target, h) == 1);
		FUZZ_CHECK(strcmp(h, pins[i].hex) == 0);
	}
	return 0;
}
