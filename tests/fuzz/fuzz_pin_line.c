/*
 * fuzz_pin_line.c: one line of the Redfish pinned-certificate store
 * (core/redfish/pin-store.c, fwd_pin_parse_line), the input up to its
 * first NUL, read with room for a target of 255 characters (as the store
 * reads it) and of 15.  Checked: 1, 0 or -1; a pin's target non-empty,
 * printable ASCII with no space and fitting its room, its fingerprint 64
 * lowercase hex digits; both rooms agree where the target fits both; the
 * line up to its first newline reads the same (the store splits lines
 * before reading them); and a pin written back as the store writes it
 * reads back the same.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz-util.h"
#include "redfish/pin-store.h"

static void check_pin(const char *t, size_t room, const char *h)
{
	size_t n = strlen(t);

	FUZZ_CHECK(n > 0 && n < room);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(t[i] > 0x20 && t[i] < 0x7f);
	FUZZ_CHECK(strlen(h) == 64);
	for (size_t i = 0; i < 64; i++)
		FUZZ_CHECK((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_cstr(data, size);
	char t[256], t2[256], small[16], h[FWD_PIN_HEX_SIZE], h2[FWD_PIN_HEX_SIZE];
	char again[512];
	int r = fwd_pin_parse_line(line, t, sizeof(t), h);
	int rs;
	char *nl;

	FUZZ_CHECK(r == 1 || r == 0 || r == -1);
	if (r == 1)
		check_pin(t, sizeof(t), h);
	rs = fwd_pin_parse_line(line, small, sizeof(small), h2);
	if (r == 1 && strlen(t) < sizeof(small)) {
		FUZZ_CHECK(rs == 1);
		FUZZ_CHECK(strcmp(small, t) == 0 && strcmp(h2, h) == 0);
	} else {
		FUZZ_CHECK(rs == (r == 1 ? -1 : r));
	}
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		FUZZ_CHECK(fwd_pin_parse_line(line, small, sizeof(small), h2) == rs);
		FUZZ_CHECK(fwd_pin_parse_line(line, t2, sizeof(t2), h2) == r);
	}
	if (r == 1) {
		snprintf(again, sizeof(again), "%s %s 2026-12-01T10:00:00Z", t, h);
		FUZZ_CHECK(fwd_pin_parse_line(again, small, sizeof(small), h2) == rs);
		FUZZ_CHECK(fwd_pin_parse_line(again, t2, sizeof(t2), h2) == 1);
		FUZZ_CHECK(strcmp(t2, t) == 0 && strcmp(h2, h) == 0);
	}
	free(line);
	return 0;
}
