/*
 * fuzz_host_interface.c: the Redfish host interface's two readers
 * (core/identity/host-interface.c): the input as a raw SMBIOS type 42
 * record and as a dmidecode dump.  Checked: the raw reader answers 1, 0
 * or -FWD_E_BAD_INPUT, and only a record that is type 42 with a
 * formatted length within the input is read at all; whatever either
 * reader fills is NUL-terminated printable ASCII within its field, an
 * address is one inet_pton reads back, a port fits 16 bits; and a dump
 * with nothing found leaves every field empty.
 */
#include <arpa/inet.h>
#include <string.h>

#include "fuzz-util.h"
#include "identity/host-interface.h"

static void check_text(const char *s, size_t size)
{
	size_t n = strnlen(s, size);

	FUZZ_CHECK(n < size);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(s[i] >= 0x20 && s[i] < 0x7f);
}

static void check_address(const char *s)
{
	unsigned char bin[16];

	FUZZ_CHECK(!s[0] || inet_pton(AF_INET, s, bin) == 1 || inet_pton(AF_INET6, s, bin) == 1);
}

static void check(const struct fwd_host_interface *hi)
{
	check_text(hi->device, sizeof(hi->device));
	check_text(hi->device_id, sizeof(hi->device_id));
	check_text(hi->mac, sizeof(hi->mac));
	check_text(hi->service_uuid, sizeof(hi->service_uuid));
	check_text(hi->host_assignment, sizeof(hi->host_assignment));
	check_text(hi->service_discovery, sizeof(hi->service_discovery));
	check_text(hi->hostname, sizeof(hi->hostname));
	check_address(hi->host_address);
	check_address(hi->host_mask);
	check_address(hi->service_address);
	FUZZ_CHECK(hi->port <= 65535);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_host_interface hi;
	struct fwd_err err = { 0 };
	int r = fwd_host_interface_parse_raw(data, size, &hi, &err);

	FUZZ_CHECK(r == 1 || r == 0 || r == -FWD_E_BAD_INPUT);
	if (r >= 0)
		FUZZ_CHECK(size >= 6 && data[0] == 42 && data[1] <= size);
	check(&hi);
	r = fwd_host_interface_parse_dmidecode((const char *)data, size, &hi);
	FUZZ_CHECK(r == 1 || r == 0);
	check(&hi);
	if (r == 0)
		FUZZ_CHECK(!hi.device[0] && !hi.service_address[0] && !hi.port && !hi.hostname[0]);
	return 0;
}
