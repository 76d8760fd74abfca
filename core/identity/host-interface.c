/*
 * host-interface.c: the Redfish Host Interface from SMBIOS type 42
 * (host-interface.h).
 *
 * The raw record (DSP0134 7.43, DSP0270 8): after the 4-byte header, the
 * interface type (0x40: network), the length n of its data and the data
 * (a device type, then its descriptor), then a count of protocol records,
 * each a type (0x04: Redfish over IP), a length and its data: the
 * service's UUID, how the host and the service get their addresses, the
 * addresses and masks (16 bytes each, IPv4 in the first 4), the port,
 * the VLAN and a host name.  Every length is checked against the
 * record's: firmware writes these tables, and some write them wrong.
 */
#include "identity/host-interface.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define IFACE_NETWORK 0x40
#define PROTO_REDFISH_OVER_IP 0x04
/* The Redfish-over-IP data up to the host name's length byte. */
#define RFIP_FIXED 91
/* A type 42 record is at most 255 bytes of formatted area plus strings. */
#define RAW_MAX 4096
#define DUMP_MAX (4u << 20)

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static const char *assignment_name(uint8_t v)
{
	static const char *const names[] = { "Unknown", "Static", "DHCP", "AutoConf",
					     "HostSelected" };

	return v < sizeof(names) / sizeof(names[0]) ? names[v] : "Unknown";
}

/* An address field: format 1 IPv4 (first 4 bytes), 2 IPv6; "" otherwise. */
static void address(uint8_t format, const uint8_t *p, char *out, size_t size)
{
	out[0] = '\0';
	if (format == 1)
		inet_ntop(AF_INET, p, out, (socklen_t)size);
	else if (format == 2)
		inet_ntop(AF_INET6, p, out, (socklen_t)size);
}

/* As dmidecode prints an SMBIOS UUID: the first three fields little-endian. */
static void uuid(const uint8_t *u, char *out, size_t size)
{
	snprintf(out, size, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", u[3], u[2], u[1], u[0], u[5], u[4], u[7], u[6],
		 u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

/* The device descriptor: its type, and the IDs and MAC it carries. */
static void device(const uint8_t *d, size_t n, struct fwd_host_interface *out)
{
	uint8_t type = n ? d[0] : 0;

	switch (type) {
	case 0x02: /* USB: idVendor, idProduct, serial number */
		snprintf(out->device, sizeof(out->device), "USB");
		if (n >= 5)
			snprintf(out->device_id, sizeof(out->device_id), "%04x:%04x",
				 le16(d + 1), le16(d + 3));
		break;
	case 0x03: /* PCI/PCIe: vendor, device, subsystem vendor, subsystem */
		snprintf(out->device, sizeof(out->device), "PCI/PCIe");
		if (n >= 5)
			snprintf(out->device_id, sizeof(out->device_id), "%04x:%04x",
				 le16(d + 1), le16(d + 3));
		break;
	case 0x04: /* USB v2: length, idVendor, idProduct, serial index, MAC, ... */
	case 0x05: /* PCI/PCIe v2: length, vendor, device, subsystem x2, MAC, ... */
		snprintf(out->device, sizeof(out->device), type == 0x04 ? "USB v2" :
			 "PCI/PCIe v2");
		if (n >= 6)
			snprintf(out->device_id, sizeof(out->device_id), "%04x:%04x",
				 le16(d + 2), le16(d + 4));
		{
			size_t mac_at = type == 0x04 ? 7 : 10;
			const uint8_t *m = d + mac_at;

			if (n >= mac_at + 6)
				snprintf(out->mac, sizeof(out->mac),
					 "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
					 m[3], m[4], m[5]);
		}
		break;
	default:
		snprintf(out->device, sizeof(out->device), type >= 0x80 ? "OEM" : "unknown");
		break;
	}
}

static void redfish_over_ip(const uint8_t *d, size_t n, struct fwd_host_interface *out)
{
	size_t host_len = d[90];

	uuid(d, out->service_uuid, sizeof(out->service_uuid));
	snprintf(out->host_assignment, sizeof(out->host_assignment), "%s",
		 assignment_name(d[16]));
	address(d[17], d + 18, out->host_address, sizeof(out->host_address));
	address(d[17], d + 34, out->host_mask, sizeof(out->host_mask));
	snprintf(out->service_discovery, sizeof(out->service_discovery), "%s",
		 assignment_name(d[50]));
	address(d[51], d + 52, out->service_address, sizeof(out->service_address));
	out->port = le16(d + 84);
	out->vlan = (unsigned long)d[86] | (unsigned long)d[87] << 8 |
		    (unsigned long)d[88] << 16 | (unsigned long)d[89] << 24;
	/* Printable ASCII only, cut at the record's end. */
	if (host_len > n - RFIP_FIXED)
		host_len = n - RFIP_FIXED;
	for (size_t i = 0; i < host_len && i < sizeof(out->hostname) - 1; i++) {
		char c = (char)d[RFIP_FIXED + i];

		if (c == '\0')
			break;
		out->hostname[i] = c > 0x20 && c < 0x7f ? c : '?';
		out->hostname[i + 1] = '\0';
	}
}

int fwd_host_interface_parse_raw(const uint8_t *rec, size_t len, struct fwd_host_interface *out,
				 struct fwd_err *err)
{
	size_t formatted, n, p, count;
	int found = 0;

	memset(out, 0, sizeof(*out));
	if (len < 6 || rec[0] != 42 || rec[1] < 6 || rec[1] > len)
		return fwd_error_set(err, -FWD_E_BAD_INPUT, "not an SMBIOS type 42 record (%zu "
				     "bytes, type %u, length %u)", len, len ? rec[0] : 0,
				     len > 1 ? rec[1] : 0);
	formatted = rec[1];
	if (rec[4] != IFACE_NETWORK)
		return 0; /* KCS, SSIF, OEM...: not a network interface */
	n = rec[5];
	if (7 + n > formatted)
		return fwd_error_set(err, -FWD_E_BAD_INPUT, "the type 42 record's interface "
				     "data (%zu bytes) runs past its length (%zu)", n, formatted);
	device(rec + 6, n, out);
	count = rec[6 + n];
	p = 7 + n;
	for (size_t i = 0; i < count; i++) {
		size_t plen;

		if (p + 2 > formatted)
			return fwd_error_set(err, -FWD_E_BAD_INPUT, "the type 42 record names %zu "
					     "protocol records and holds %zu", count, i);
		plen = rec[p + 1];
		if (p + 2 + plen > formatted)
			return fwd_error_set(err, -FWD_E_BAD_INPUT, "protocol record %zu of the "
					     "type 42 record runs past its length", i + 1);
		if (!found && rec[p] == PROTO_REDFISH_OVER_IP && plen >= RFIP_FIXED) {
			redfish_over_ip(rec + p + 2, plen, out);
			found = 1;
		}
		p += 2 + plen;
	}
	return found;
}

/* ---- dmidecode's text ---- */

/* s without the blanks around it, as [*b, *e). */
static void trim(const char **b, const char **e)
{
	while (*b < *e && (**b == ' ' || **b == '\t'))
		(*b)++;
	while (*e > *b && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
		(*e)--;
}

/* Copies [b, e) into out as printable ASCII, cut to fit. */
static void copy_value(const char *b, const char *e, char *out, size_t size)
{
	size_t n = 0;

	for (; b < e && n + 1 < size; b++)
		out[n++] = *b >= 0x20 && *b < 0x7f ? *b : '?';
	out[n] = '\0';
}

/* An address value: kept only when it is one. */
static void copy_address(const char *b, const char *e, char *out, size_t size)
{
	unsigned char bin[16];

	copy_value(b, e, out, size);
	if (inet_pton(AF_INET, out, bin) != 1 && inet_pton(AF_INET6, out, bin) != 1)
		out[0] = '\0';
}

/* "0x046b" -> "046b"; "" when not 1 to 4 hex digits. */
static void hex_id(const char *b, const char *e, char *out)
{
	char tmp[8];

	copy_value(b, e, tmp, sizeof(tmp));
	out[0] = '\0';
	if (strncasecmp(tmp, "0x", 2) || strlen(tmp) < 3 || strlen(tmp) > 6 ||
	    strspn(tmp + 2, "0123456789abcdefABCDEF") != strlen(tmp + 2))
		return;
	snprintf(out, 5, "%04lx", strtoul(tmp + 2, NULL, 16));
}

/* 8-4-4-4-12 hex digits. */
static int uuid_text_ok(const char *u)
{
	for (size_t i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? u[i] != '-' : !strchr("0123456789abcdefABCDEF", u[i]) || !u[i])
			return 0;
	}
	return u[36] == '\0';
}

struct text_record {
	int network;           /* "Host Interface Type: Network" */
	int in_redfish;        /* within a "Protocol ID: 04" block */
	int redfish;           /* such a block was seen */
	char vendor[5], product[5];
};

static void text_key(struct text_record *t, const char *k, size_t kn, const char *v,
		     const char *ve, struct fwd_host_interface *out)
{
#define KEY(s) (kn == strlen(s) && !strncasecmp(k, s, kn))
	if (KEY("Host Interface Type")) {
		t->network = ve - v >= 7 && !strncasecmp(v, "Network", 7);
	} else if (KEY("Protocol ID")) {
		t->in_redfish = ve - v >= 2 && !strncmp(v, "04", 2);
		t->redfish |= t->in_redfish;
	} else if (!t->in_redfish) {
		if (KEY("Device Type"))
			copy_value(v, ve, out->device, sizeof(out->device));
		else if (KEY("idVendor") || KEY("VendorID") || KEY("Vendor ID"))
			hex_id(v, ve, t->vendor);
		else if (KEY("idProduct") || KEY("DeviceID") || KEY("Device ID"))
			hex_id(v, ve, t->product);
		else if (KEY("MAC Address"))
			copy_value(v, ve, out->mac, sizeof(out->mac));
	} else if (KEY("Service UUID")) {
		/* "--" where the dump was anonymised: no UUID. */
		copy_value(v, ve, out->service_uuid, sizeof(out->service_uuid));
		if (!uuid_text_ok(out->service_uuid))
			out->service_uuid[0] = '\0';
	} else if (KEY("Host IP Assignment Type")) {
		copy_value(v, ve, out->host_assignment, sizeof(out->host_assignment));
	} else if (KEY("IPv4 Address") || KEY("IPv6 Address")) {
		copy_address(v, ve, out->host_address, sizeof(out->host_address));
	} else if (KEY("IPv4 Mask") || KEY("IPv6 Mask")) {
		copy_address(v, ve, out->host_mask, sizeof(out->host_mask));
	} else if (KEY("Redfish Service IP Discovery Type")) {
		copy_value(v, ve, out->service_discovery, sizeof(out->service_discovery));
	} else if (KEY("IPv4 Redfish Service Address") || KEY("IPv6 Redfish Service Address")) {
		copy_address(v, ve, out->service_address, sizeof(out->service_address));
	} else if (KEY("Redfish Service Port")) {
		char num[8];
		unsigned long port;
		char *end;

		copy_value(v, ve, num, sizeof(num));
		port = strtoul(num, &end, 10);
		out->port = num[0] && !*end && port <= 65535 ? (unsigned)port : 0;
	} else if (KEY("Redfish Service Vlan")) {
		char num[16];

		copy_value(v, ve, num, sizeof(num));
		out->vlan = strtoul(num, NULL, 10);
	} else if (KEY("Redfish Service Hostname")) {
		copy_value(v, ve, out->hostname, sizeof(out->hostname));
	}
#undef KEY
}

/* One "Management Controller Host Interface" record, from its title's
 * next line to its end (a blank line or the next Handle). 1 when it is
 * a Redfish host interface. */
static int text_record(const char **at, const char *end, struct fwd_host_interface *out)
{
	struct text_record t = { 0 };
	const char *p = *at;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;
		const char *b = p, *e = le, *colon;

		trim(&b, &e);
		if (b == e || (e - b >= 7 && !memcmp(b, "Handle ", 7)))
			break;
		colon = memchr(b, ':', (size_t)(e - b));
		if (colon) {
			const char *kb = b, *ke = colon, *vb = colon + 1, *ve = e;

			trim(&kb, &ke);
			trim(&vb, &ve);
			text_key(&t, kb, (size_t)(ke - kb), vb, ve, out);
		}
		p = nl ? nl + 1 : end;
	}
	*at = p;
	if (t.vendor[0] && t.product[0])
		snprintf(out->device_id, sizeof(out->device_id), "%s:%s", t.vendor, t.product);
	return t.network && t.redfish;
}

int fwd_host_interface_parse_dmidecode(const char *text, size_t len,
				       struct fwd_host_interface *out)
{
	static const char title[] = "Management Controller Host Interface";
	const char *p = text, *end = text + len;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;
		const char *b = p, *e = le;

		trim(&b, &e);
		p = nl ? nl + 1 : end;
		if ((size_t)(e - b) == sizeof(title) - 1 && !memcmp(b, title, sizeof(title) - 1) &&
		    text_record(&p, end, out))
			return 1;
	}
	memset(out, 0, sizeof(*out));
	return 0;
}

/* ---- where it is read from ---- */

/* At most max bytes of path into a new buffer; -errno. */
static int read_all(const char *path, size_t max, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	size_t n = 0;
	char *buf;

	if (fd < 0)
		return -errno;
	buf = malloc(max + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (n <= max) {
		ssize_t r = read(fd, buf + n, max + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > max) {
		free(buf);
		return -EFBIG;
	}
	*data = buf;
	*len = n;
	return 0;
}

static int read_dump(const char *dmi_file, struct fwd_host_interface *out, struct fwd_err *err)
{
	char *text;
	size_t len;
	int ret = read_all(dmi_file, DUMP_MAX, &text, &len);

	if (ret)
		return fwd_error_set(err, -FWD_E_BAD_INPUT, "cannot read '%s': %s", dmi_file,
				     strerror(-ret));
	ret = fwd_host_interface_parse_dmidecode(text, len, out);
	free(text);
	return ret;
}

int fwd_host_interface_read(const char *dmi_file, const char *sysfs_root,
			    struct fwd_host_interface *out, struct fwd_err *err)
{
	char path[PATH_MAX];

	memset(out, 0, sizeof(*out));
	if (dmi_file)
		return read_dump(dmi_file, out, err);
	/* The kernel numbers the records of one type 42-0, 42-1, ... */
	for (unsigned i = 0; i < 32; i++) {
		uint8_t *raw;
		size_t len;
		int ret;

		if ((size_t)snprintf(path, sizeof(path), "%s/firmware/dmi/entries/42-%u/raw",
				     sysfs_root ? sysfs_root : "/sys", i) >= sizeof(path))
			return fwd_error_set(err, -FWD_E_BAD_INPUT, "'%s' is too long a path",
					     sysfs_root);
		ret = read_all(path, RAW_MAX, (char **)&raw, &len);
		if (ret == -ENOENT)
			return 0;
		if (ret == -EACCES || ret == -EPERM)
			return fwd_error_set(err, -EACCES, "'%s' is readable by root only", path);
		if (ret)
			return fwd_error_set(err, -FWD_E_BAD_INPUT, "cannot read '%s': %s", path,
					     strerror(-ret));
		ret = fwd_host_interface_parse_raw(raw, len, out, err);
		free(raw);
		if (ret)
			return ret;
	}
	return 0;
}

int fwd_host_interface_usable(const struct fwd_host_interface *hi, char *why, size_t size)
{
	const char *a = hi->service_address;

	if (!a[0] || !strcmp(a, "0.0.0.0") || !strcmp(a, "::")) {
		snprintf(why, size, "it names no Redfish service address (%s): it is not set up "
			 "in the BIOS", a[0] ? a : "none");
		return 0;
	}
	if (!strncasecmp(a, "fe8", 3) || !strncasecmp(a, "fe9", 3) || !strncasecmp(a, "fea", 3) ||
	    !strncasecmp(a, "feb", 3)) {
		snprintf(why, size, "its service address %s is IPv6 link-local, which needs the "
			 "host's interface named: fwdispatch cannot do that yet; reach the BMC "
			 "on its management network (--host)", a);
		return 0;
	}
	why[0] = '\0';
	return 1;
}

static json_t *text_or_null(const char *s)
{
	return s[0] ? json_string(s) : json_null();
}

json_t *fwd_host_interface_to_json(const struct fwd_host_interface *hi)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o}",
			 "device", text_or_null(hi->device),
			 "device_id", text_or_null(hi->device_id),
			 "mac", text_or_null(hi->mac),
			 "service_uuid", text_or_null(hi->service_uuid),
			 "host_assignment", text_or_null(hi->host_assignment),
			 "host_address", text_or_null(hi->host_address),
			 "host_mask", text_or_null(hi->host_mask),
			 "service_discovery", text_or_null(hi->service_discovery),
			 "service_address", text_or_null(hi->service_address),
			 "port", hi->port ? json_integer(hi->port) : json_null(),
			 "vlan", (json_int_t)hi->vlan,
			 "hostname", text_or_null(hi->hostname));
}
