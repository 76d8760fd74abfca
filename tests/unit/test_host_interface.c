/*
 * test_host_interface.c: the Redfish host interface from SMBIOS type 42
 * (core/identity/host-interface.c).
 *
 * The dmidecode dumps of real servers in tests/data/host-interface (see
 * its PROVENANCE.md), each checked against the values read off the file
 * by a person: the first network record with Redfish over IP wins, KCS
 * and OEM records before it are passed over, an anonymised UUID ("--")
 * is no UUID, unset fields stay empty.  Then raw records built here by
 * the layout of DSP0134 and DSP0270 (USB, USB v2 with a MAC, IPv6, a
 * host name cut by the record's end), records of another interface
 * type, and records whose lengths do not add up; and the raw entries
 * read from a sysfs tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "identity/host-interface.h"
#include "test-util.h"

static const char *top;

struct want {
	const char *file;
	int found;
	const char *device, *device_id, *mac, *uuid, *assignment, *host_address;
	const char *service_address;
	unsigned port;
	unsigned long vlan;
	const char *hostname;
};

static const struct want dumps[] = {
	{ "aic-sb202-ur.txt", 1, "USB", "046b:ffb0", "", "", "Static", "169.254.0.18",
	  "169.254.0.17", 443, 0, "" },
	{ "asrockrack-altrad8ud.txt", 1, "USB", "26ce:00a0", "", "", "Static", "169.254.0.18",
	  "169.254.0.17", 443, 0, "" },
	{ "dell-poweredge-r350.txt", 1, "USB", "413c:a102", "", "", "DHCP", "",
	  "169.254.1.1", 443, 4294967295ul, "idrac.local" },
	{ "dell-poweredge-r640-port-6443.txt", 1, "USB", "413c:a102", "", "", "DHCP", "",
	  "169.254.0.1", 6443, 4294967295ul, "idrac.local" },
	{ "fujitsu-primergy-rx2450-m2.txt", 1, "USB", "046b:ffb0", "", "", "Static",
	  "169.254.0.1", "169.254.0.2", 443, 0, "iRMCC46768" },
	{ "intel-m50cyp-unconfigured.txt", 1, "USB", "0b1f:03ee", "", "", "Static", "0.0.0.0",
	  "0.0.0.0", 0, 0, "" },
	{ "lenovo-thinksystem-sn550.txt", 1, "USB", "04b3:4010", "", "", "Static",
	  "169.254.95.120", "169.254.95.118", 443, 0, "XCC-7X16-1234567890" },
	{ "supermicro-super-server.txt", 1, "USB", "0b1f:03ee", "", "", "AutoConf",
	  "169.254.3.1", "169.254.3.254", 443, 0, "169.254.3.254" },
	{ "supermicro-as-4124gs-out-of-spec.txt", 1, "<OUT OF SPEC>", "", "", "", "AutoConf",
	  "169.254.3.1", "169.254.3.254", 443, 0, "169.254.3.254" },
	{ "usb-v2-ipv6-w9k.txt", 1, "USB v2", "1d6b:0104", "a0:c5:f2:15:b5:88", "", "Static",
	  "fe80::a2c5:f2ff:fe15:b588", "fe80::a2c5:f2ff:fe15:b589", 443, 0, "Redfish service" },
	{ "maas-lenovo-garamond.txt", 1, "USB", "04b3:4010", "",
	  "a4b13f22-d0f3-11ea-aca9-e5b8d327f39f", "Static", "169.254.95.120", "169.254.95.118",
	  443, 0, "garamond" },
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void expect(const struct fwd_host_interface *hi, const struct want *w)
{
	assert_string_equal(hi->device, w->device);
	assert_string_equal(hi->device_id, w->device_id);
	assert_string_equal(hi->mac, w->mac);
	assert_string_equal(hi->service_uuid, w->uuid);
	assert_string_equal(hi->host_assignment, w->assignment);
	assert_string_equal(hi->host_address, w->host_address);
	assert_string_equal(hi->service_address, w->service_address);
	assert_int_equal(hi->port, w->port);
	assert_int_equal(hi->vlan, w->vlan);
	assert_string_equal(hi->hostname, w->hostname);
}

static void test_real_dumps(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++) {
		char *rel, *path, *text;
		struct fwd_host_interface hi;
		size_t len;

		assert_true(asprintf(&rel, "tests/data/host-interface/%s", dumps[i].file) > 0);
		path = fwd_test_path(top, rel);
		text = slurp(path, &len);
		print_message("%s\n", dumps[i].file);
		assert_int_equal(fwd_host_interface_parse_dmidecode(text, len, &hi), dumps[i].found);
		expect(&hi, &dumps[i]);
		free(text);
		free(path);
		free(rel);
	}
}

static void test_dump_without_one(void **state)
{
	static const char kcs_only[] =
		"# dmidecode 3.4\n\nHandle 0x0016, DMI type 42, 17 bytes\n"
		"Management Controller Host Interface\n"
		"\tHost Interface Type: KCS: Keyboard Controller Style\n\n"
		"Handle 0x0017, DMI type 42, 129 bytes\nManagement Controller Host Interface\n"
		"\tHost Interface Type: Network\n\tDevice Type: USB\n"
		"\tProtocol ID: 02 (IPMI)\n\t\tIPv4 Redfish Service Address: 10.0.0.1\n";
	struct fwd_host_interface hi;

	(void)state;
	assert_int_equal(fwd_host_interface_parse_dmidecode(kcs_only, strlen(kcs_only), &hi), 0);
	assert_string_equal(hi.service_address, "");
	assert_int_equal(fwd_host_interface_parse_dmidecode("", 0, &hi), 0);
}

/* ---- raw records, built by the specification's layout ---- */

struct raw {
	uint8_t b[300];
	size_t n;
};

static void put(struct raw *r, const void *p, size_t n)
{
	memcpy(r->b + r->n, p, n);
	r->n += n;
}

static void put8(struct raw *r, unsigned v)
{
	r->b[r->n++] = (uint8_t)v;
}

static void put16(struct raw *r, unsigned v)
{
	put8(r, v & 0xff);
	put8(r, v >> 8);
}

/* A Redfish-over-IP protocol record: IPv4 host 169.254.0.18/16 static,
 * service 169.254.0.17 (or IPv6 fe80::1), port, VLAN 0, host name. */
static void put_rfip(struct raw *r, int v6, unsigned port, const char *hostname, size_t hn)
{
	static const uint8_t uuid[16] = { 0x78, 0x54, 0x3c, 0xd5, 0xd5, 0xbb, 0x40, 0x8d,
					  0x94, 0xdb, 0x08, 0x36, 0xe2, 0xc0, 0xf0, 0x1e };
	uint8_t addr[16] = { 0 };

	put8(r, 0x04);
	put8(r, 91 + hn);
	put(r, uuid, 16);
	put8(r, 1);                                  /* host: static */
	put8(r, 1);                                  /* IPv4 */
	memcpy(addr, (uint8_t[]){ 169, 254, 0, 18 }, 4);
	put(r, addr, 16);
	memcpy(addr, (uint8_t[]){ 255, 255, 0, 0 }, 4);
	put(r, addr, 16);
	put8(r, 1);                                  /* service: static */
	put8(r, v6 ? 2 : 1);
	memset(addr, 0, sizeof(addr));
	if (v6) {
		addr[0] = 0xfe;
		addr[1] = 0x80;
		addr[15] = 1;
	} else {
		memcpy(addr, (uint8_t[]){ 169, 254, 0, 17 }, 4);
	}
	put(r, addr, 16);
	memset(addr, 0, sizeof(addr));
	put(r, addr, 16);
	put16(r, port);
	put16(r, 0);
	put16(r, 0);                                 /* VLAN, 4 bytes */
	put8(r, (unsigned)strlen(hostname));
	put(r, hostname, hn);
}

/* Header, interface type 0x40 and a USB (v1) descriptor. */
static void put_usb_header(struct raw *r)
{
	r->n = 0;
	put8(r, 42);
	put8(r, 0);                                  /* length: set at the end */
	put16(r, 0x0042);
	put8(r, 0x40);
	put8(r, 5);
	put8(r, 0x02);
	put16(r, 0x046b);
	put16(r, 0xffb0);
}

static void finish(struct raw *r)
{
	r->b[1] = (uint8_t)r->n;
	put8(r, 0);                                  /* no strings: two NULs */
	put8(r, 0);
}

static void test_raw_usb(void **state)
{
	struct fwd_host_interface hi;
	struct fwd_err err = { 0 };
	struct raw r;

	(void)state;
	put_usb_header(&r);
	put8(&r, 1);
	put_rfip(&r, 0, 443, "bmc", 3);
	finish(&r);
	assert_int_equal(fwd_host_interface_parse_raw(r.b, r.n, &hi, &err), 1);
	assert_string_equal(hi.device, "USB");
	assert_string_equal(hi.device_id, "046b:ffb0");
	/* dmidecode's way: the first three fields little-endian. */
	assert_string_equal(hi.service_uuid, "d53c5478-bbd5-8d40-94db-0836e2c0f01e");
	assert_string_equal(hi.host_assignment, "Static");
	assert_string_equal(hi.host_address, "169.254.0.18");
	assert_string_equal(hi.host_mask, "255.255.0.0");
	assert_string_equal(hi.service_address, "169.254.0.17");
	assert_int_equal(hi.port, 443);
	assert_string_equal(hi.hostname, "bmc");
}

static void test_raw_usb_v2_ipv6(void **state)
{
	static const uint8_t mac[6] = { 0x72, 0x45, 0x77, 0xaa, 0xf7, 0x87 };
	struct fwd_host_interface hi;
	struct fwd_err err = { 0 };
	struct raw r = { .n = 0 };

	(void)state;
	put8(&r, 42);
	put8(&r, 0);
	put16(&r, 4);
	put8(&r, 0x40);
	put8(&r, 17);                                /* device type + 16-byte descriptor */
	put8(&r, 0x04);
	put8(&r, 16);                                /* the descriptor's length */
	put16(&r, 0x0d28);
	put16(&r, 0x0204);
	put8(&r, 0);                                 /* serial number string: none */
	put(&r, mac, 6);
	put16(&r, 0x0001);                           /* characteristics */
	put16(&r, 0xffff);                           /* credential bootstrapping handle */
	put8(&r, 1);
	put_rfip(&r, 1, 8443, "", 0);
	finish(&r);
	assert_int_equal(fwd_host_interface_parse_raw(r.b, r.n, &hi, &err), 1);
	assert_string_equal(hi.device, "USB v2");
	assert_string_equal(hi.device_id, "0d28:0204");
	assert_string_equal(hi.mac, "72:45:77:aa:f7:87");
	assert_string_equal(hi.service_address, "fe80::1");
	assert_int_equal(hi.port, 8443);
	assert_string_equal(hi.hostname, "");
}

static void test_raw_not_network_or_not_redfish(void **state)
{
	static const uint8_t kcs[] = { 42, 17, 0x16, 0, 0x02, 0x04, 0x00, 0xa2, 0x0c, 0x00,
				       0, 0, 0, 0, 0, 0, 0, 0, 0 };
	struct fwd_host_interface hi;
	struct fwd_err err = { 0 };
	struct raw r;

	(void)state;
	assert_int_equal(fwd_host_interface_parse_raw(kcs, sizeof(kcs), &hi, &err), 0);
	/* A network interface whose only protocol is not Redfish over IP. */
	put_usb_header(&r);
	put8(&r, 1);
	put8(&r, 0x02);
	put8(&r, 3);
	put8(&r, 1);
	put8(&r, 2);
	put8(&r, 3);
	finish(&r);
	assert_int_equal(fwd_host_interface_parse_raw(r.b, r.n, &hi, &err), 0);
}

static void test_raw_lengths_checked(void **state)
{
	struct fwd_host_interface hi;
	struct fwd_err err = { 0 };
	struct raw r;
	size_t whole;

	(void)state;
	/* The host name's length says 9, the record holds 3: cut, not overrun. */
	put_usb_header(&r);
	put8(&r, 1);
	put_rfip(&r, 0, 443, "bmc.local", 3);
	finish(&r);
	assert_int_equal(fwd_host_interface_parse_raw(r.b, r.n, &hi, &err), 1);
	assert_string_equal(hi.hostname, "bmc");

	/* Two protocol records announced, one there. */
	put_usb_header(&r);
	put8(&r, 2);
	put_rfip(&r, 0, 443, "", 0);
	finish(&r);
	assert_int_equal(fwd_host_interface_parse_raw(r.b, r.n, &hi, &err), -FWD_E_BAD_INPUT);
	assert_non_null(strstr(err.msg, "protocol records"));

	/* A protocol record running past the formatted area. */
	put_usb_header(&r);
	put8(&r, 1);
	put_rfip(&r, 0, 443, "", 0);
	whole = r.n;
	r.n = whole - 10;
	finish(&r);
	assert_int_equal(fwd_host_interface_parse_raw(r.b, r.n, &hi, &err), -FWD_E_BAD_INPUT);

	/* Interface data longer than the record; another type; nothing at all. */
	put_usb_header(&r);
	r.b[5] = 200;
	finish(&r);
	assert_int_equal(fwd_host_interface_parse_raw(r.b, r.n, &hi, &err), -FWD_E_BAD_INPUT);
	r.b[0] = 41;
	assert_int_equal(fwd_host_interface_parse_raw(r.b, r.n, &hi, &err), -FWD_E_BAD_INPUT);
	assert_int_equal(fwd_host_interface_parse_raw(r.b, 0, &hi, &err), -FWD_E_BAD_INPUT);
}

static void test_read_sysfs(void **state)
{
	char *root = fwd_test_mkdtemp("hi"), *dir, *path;
	struct fwd_host_interface hi;
	struct fwd_err err = { 0 };
	struct raw kcs = { .b = { 42, 6, 1, 0, 0x02, 0, 0, 0 }, .n = 8 }, r;

	(void)state;
	/* No entries at all: none, no error. */
	assert_int_equal(fwd_host_interface_read(NULL, root, &hi, &err), 0);
	/* 42-0 a KCS record, 42-1 the network one. */
	assert_true(asprintf(&dir, "%s/firmware/dmi/entries/42-0", root) > 0);
	for (char *p = dir + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
	mkdir(dir, 0755);
	path = fwd_test_path(dir, "raw");
	fwd_test_write_file(path, kcs.b, kcs.n, 0400);
	free(path);
	dir[strlen(dir) - 1] = '1';
	mkdir(dir, 0755);
	path = fwd_test_path(dir, "raw");
	put_usb_header(&r);
	put8(&r, 1);
	put_rfip(&r, 0, 443, "", 0);
	finish(&r);
	fwd_test_write_file(path, r.b, r.n, 0400);
	assert_int_equal(fwd_host_interface_read(NULL, root, &hi, &err), 1);
	assert_string_equal(hi.service_address, "169.254.0.17");
	free(path);
	free(dir);
	fwd_test_rm_rf(root);
	free(root);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_dumps),
		cmocka_unit_test(test_dump_without_one),
		cmocka_unit_test(test_raw_usb),
		cmocka_unit_test(test_raw_usb_v2_ipv6),
		cmocka_unit_test(test_raw_not_network_or_not_redfish),
		cmocka_unit_test(test_raw_lengths_checked),
		cmocka_unit_test(test_read_sysfs),
	};

	(void)argc;
	top = fwd_test_top_dir(fwd_test_build_dir(argv[0]));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
