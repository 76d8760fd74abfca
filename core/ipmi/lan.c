/*
 * lan.c: parsing ipmitool's LAN, channel and user output; comparing LAN
 * settings; the `lan set` sequence that restores them.
 *
 * Formats (ipmitool 1.8.19, lib/ipmi_lanp.c, ipmi_channel.c, ipmi_user.c):
 * `lan print` writes "%-24s: value" lines, and lines that continue a value
 * start with spaces and a colon; `channel info` writes "Channel 0xN
 * info:" then indented "Channel Medium Type   : 802.3 LAN"; `user list`
 * writes "%-4d%-17s%-8s%-11s%-11s%s" rows under an "ID  Name ..." header,
 * with "true "/"false" columns and privileges such as "NO ACCESS" or
 * "Unknown (0x00)".
 */
#include "ipmi/lan.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/clock.h"
#include "util/json-out.h"
#include "tool/tool.h"

/* Generous: a user list walks up to 63 users with two requests each. */
#define LAN_TOOL_TIMEOUT_MS 120000u
/* After a restore a BMC may need a moment before it reads back what it took. */
#define LAN_VERIFY_ATTEMPTS 3
#define LAN_VERIFY_PAUSE_MS 1000u

/* ---- Lines ---- */

/* The next line of text into buf (CR dropped, cut to fit); NULL at the end. */
static const char *next_line(const char *text, char *buf, size_t size)
{
	const char *end;
	size_t n;

	if (!text || !*text)
		return NULL;
	end = strchr(text, '\n');
	n = end ? (size_t)(end - text) : strlen(text);
	if (n && text[n - 1] == '\r')
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return end ? end + 1 : text + strlen(text);
}

static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static void trim_in_place(char *s)
{
	char *t = trim(s);

	memmove(s, t, strlen(t) + 1);
}

/*
 * Splits "Key   : value" into trimmed key and value.  A continuation line
 * (starting with a space or a tab) and a line without a colon give 0.
 */
static int split_kv(char *line, char **key, char **value)
{
	char *colon;

	if (line[0] == ' ' || line[0] == '\t' || line[0] == '\0')
		return 0;
	colon = strchr(line, ':');
	if (!colon)
		return 0;
	*colon = '\0';
	*key = trim(line);
	*value = trim(colon + 1);
	return 1;
}

/* ---- Values ---- */

int fwd_lan_parse_ipv4(const char *s, char out[16])
{
	unsigned v[4];

	if (!s)
		return -1;
	for (int i = 0; i < 4; i++) {
		unsigned n = 0, digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			n = n * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || n > 255)
			return -1;
		v[i] = n;
		if (i < 3 && *s++ != '.')
			return -1;
	}
	if (*s)
		return -1;
	snprintf(out, 16, "%u.%u.%u.%u", v[0], v[1], v[2], v[3]);
	return 0;
}

/* "0c:c4:7a:6b:2e:31", any case; exactly that shape. */
static int parse_mac(const char *s, char out[18])
{
	if (strlen(s) != 17)
		return -1;
	for (int i = 0; i < 17; i++) {
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return -1;
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	out[17] = '\0';
	return 0;
}

/* "Disabled", or 1-4094. */
static int parse_vlan(const char *s, int *out)
{
	char *end;
	long v;

	if (strcasecmp(s, "Disabled") == 0 || strcasecmp(s, "off") == 0) {
		*out = FWD_LAN_VLAN_OFF;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > 4094)
		return -1;
	*out = (int)v;
	return 0;
}

static const char *const ipsrc_names[] = {
	[FWD_LAN_IPSRC_UNKNOWN] = "unknown",
	[FWD_LAN_IPSRC_NONE] = "none",
	[FWD_LAN_IPSRC_STATIC] = "static",
	[FWD_LAN_IPSRC_DHCP] = "dhcp",
	[FWD_LAN_IPSRC_BIOS] = "bios",
	[FWD_LAN_IPSRC_OTHER] = "other",
};

const char *fwd_lan_ipsrc_name(enum fwd_lan_ipsrc src)
{
	if ((unsigned)src < sizeof(ipsrc_names) / sizeof(ipsrc_names[0]))
		return ipsrc_names[src];
	return "unknown";
}

enum fwd_lan_ipsrc fwd_lan_ipsrc_from_name(const char *name)
{
	for (size_t i = 1; name && i < sizeof(ipsrc_names) / sizeof(ipsrc_names[0]); i++)
		if (strcmp(name, ipsrc_names[i]) == 0)
			return (enum fwd_lan_ipsrc)i;
	return FWD_LAN_IPSRC_UNKNOWN;
}

/* What `lan print` says: "Static Address", "DHCP Address", "BIOS Assigned
 * Address", "Unspecified", "Other"; other wordings are kept as "other",
 * which a restore refuses rather than guesses. */
static enum fwd_lan_ipsrc ipsrc_from_text(const char *s)
{
	if (strncasecmp(s, "Static", 6) == 0)
		return FWD_LAN_IPSRC_STATIC;
	if (strncasecmp(s, "DHCP", 4) == 0)
		return FWD_LAN_IPSRC_DHCP;
	if (strncasecmp(s, "BIOS", 4) == 0)
		return FWD_LAN_IPSRC_BIOS;
	if (strcasecmp(s, "Unspecified") == 0 || strcasecmp(s, "None") == 0)
		return FWD_LAN_IPSRC_NONE;
	return FWD_LAN_IPSRC_OTHER;
}

const char *fwd_lan_field_name(unsigned flag)
{
	switch (flag) {
	case FWD_LAN_F_IP_SOURCE: return "ip_source";
	case FWD_LAN_F_IP: return "ip";
	case FWD_LAN_F_NETMASK: return "netmask";
	case FWD_LAN_F_GATEWAY: return "gateway";
	case FWD_LAN_F_VLAN: return "vlan";
	case FWD_LAN_F_MAC: return "mac";
	default: return "?";
	}
}

/* ---- Parsers ---- */

int fwd_lan_parse_channel_info(const char *text, unsigned expected_channel,
			       char *medium, size_t medium_size)
{
	char line[512], *key, *value;
	const char *p = text;
	int found = 0;

	if (medium_size)
		medium[0] = '\0';
	while ((p = next_line(p, line, sizeof(line)))) {
		char *l = trim(line);
		unsigned ch;

		/* "Channel 0x1 info:": the channel the BMC actually describes. */
		if (sscanf(l, "Channel 0x%x info", &ch) == 1 && ch != expected_channel)
			return -FWD_E_BAD_INPUT;
		if (!split_kv(l, &key, &value) || strcmp(key, "Channel Medium Type") != 0)
			continue;
		snprintf(medium, medium_size, "%s", value);
		found = 1;
		break;
	}
	if (!found)
		return -FWD_E_BAD_INPUT;
	return strcmp(medium, "802.3 LAN") == 0 ? 1 : 0;
}

int fwd_lan_parse_print(const char *text, struct fwd_lan *out)
{
	char line[512], *key, *value;
	const char *p = text;

	memset(out, 0, sizeof(*out));
	out->vlan = FWD_LAN_VLAN_OFF;
	while ((p = next_line(p, line, sizeof(line)))) {
		unsigned flag = 0;
		int ok = 0;

		if (!split_kv(line, &key, &value))
			continue;
		/* The first line of a key counts (IPv6 sections repeat none of these). */
		if (strcmp(key, "IP Address Source") == 0) {
			flag = FWD_LAN_F_IP_SOURCE;
			if (!(out->known & flag) && *value) {
				out->ip_source = ipsrc_from_text(value);
				ok = 1;
			}
		} else if (strcmp(key, "IP Address") == 0) {
			flag = FWD_LAN_F_IP;
			ok = !(out->known & flag) && fwd_lan_parse_ipv4(value, out->ip) == 0;
		} else if (strcmp(key, "Subnet Mask") == 0) {
			flag = FWD_LAN_F_NETMASK;
			ok = !(out->known & flag) && fwd_lan_parse_ipv4(value, out->netmask) == 0;
		} else if (strcmp(key, "Default Gateway IP") == 0) {
			flag = FWD_LAN_F_GATEWAY;
			ok = !(out->known & flag) && fwd_lan_parse_ipv4(value, out->gateway) == 0;
		} else if (strcmp(key, "802.1q VLAN ID") == 0) {
			flag = FWD_LAN_F_VLAN;
			ok = !(out->known & flag) && parse_vlan(value, &out->vlan) == 0;
		} else if (strcmp(key, "MAC Address") == 0) {
			flag = FWD_LAN_F_MAC;
			ok = !(out->known & flag) && parse_mac(value, out->mac) == 0;
		}
		/* A value that cannot be read stays unknown: a restore then refuses
		 * to guess it instead of the backup failing outright. */
		if (ok)
			out->known |= flag;
	}
	return out->known & FWD_LAN_F_ALL ? 0 : -FWD_E_BAD_INPUT;
}

static int is_bool(const char *s, size_t n, int *v)
{
	if (n == 4 && strncmp(s, "true", 4) == 0) {
		*v = 1;
		return 1;
	}
	if (n == 5 && strncmp(s, "false", 5) == 0) {
		*v = 0;
		return 1;
	}
	return 0;
}

#define MAX_TOKENS 64

/* One row: ID, then the name (anything), then three booleans, then the
 * privilege (anything without a lone true/false).  Returns 0 or -1. */
static int parse_user_row(const char *l, struct fwd_lan_user *u)
{
	size_t start[MAX_TOKENS], len[MAX_TOKENS], nt = 0;
	const char *p = l;
	int flags[3];
	size_t i, k, name_end, n;
	char *end;
	unsigned long id;

	while (*p && nt < MAX_TOKENS) {
		p += strspn(p, " \t");
		if (!*p)
			break;
		start[nt] = (size_t)(p - l);
		len[nt] = strcspn(p, " \t");
		p += len[nt++];
	}
	if (nt < 5)
		return -1;
	errno = 0;
	id = strtoul(l + start[0], &end, 10);
	if (errno || end != l + start[0] + len[0] || id == 0 || id > 255)
		return -1;
	/* The last run of three booleans before the privilege: a name may
	 * itself be "true". */
	for (i = nt - 3; i-- > 1;) {
		int ok = 1;

		for (k = 0; k < 3 && ok; k++)
			ok = is_bool(l + start[i + k], len[i + k], &flags[k]);
		if (ok)
			break;
	}
	if (i == 0 || i + 3 >= nt)
		return -1;   /* no booleans, or no privilege after them */
	memset(u, 0, sizeof(*u));
	u->id = (unsigned)id;
	u->callin = flags[0];
	u->link_auth = flags[1];
	u->ipmi_msg = flags[2];
	u->enabled = -1;
	name_end = start[i];
	n = name_end - (start[0] + len[0]);
	snprintf(u->name, sizeof(u->name), "%.*s", (int)n, l + start[0] + len[0]);
	trim_in_place(u->name);
	snprintf(u->privilege, sizeof(u->privilege), "%s", l + start[i + 3]);
	trim_in_place(u->privilege);
	return 0;
}

int fwd_lan_parse_users(const char *text, struct fwd_lan_user **out, size_t *n)
{
	struct fwd_lan_user *users = NULL, u;
	size_t count = 0, cap = 0;
	char line[512];
	const char *p = text;
	int header = 0;

	*out = NULL;
	*n = 0;
	while ((p = next_line(p, line, sizeof(line)))) {
		const char *l = line;

		if (!header) {
			l += strspn(l, " \t");
			header = strncmp(l, "ID", 2) == 0 && strstr(l, "Name") &&
				 strstr(l, "Priv");
			continue;
		}
		if (line[0] < '0' || line[0] > '9')
			continue;   /* blank, or a message between the rows */
		if (parse_user_row(line, &u)) {
			free(users);
			return -FWD_E_BAD_INPUT;
		}
		if (count == cap) {
			struct fwd_lan_user *more;

			cap = cap ? cap * 2 : 16;
			more = realloc(users, cap * sizeof(*users));
			if (!more) {
				free(users);
				return -ENOMEM;
			}
			users = more;
		}
		users[count++] = u;
	}
	if (!header) {
		free(users);
		return -FWD_E_BAD_INPUT;
	}
	*out = users;
	*n = count;
	return 0;
}

size_t fwd_lan_parse_access(const char *text, struct fwd_lan_user *users, size_t n)
{
	char line[512], *key, *value;
	const char *p = text;
	long current = -1;
	size_t matched = 0;

	while ((p = next_line(p, line, sizeof(line)))) {
		if (!split_kv(line, &key, &value))
			continue;
		if (strcmp(key, "User ID") == 0) {
			char *end;

			current = strtol(value, &end, 10);
			if (*end || end == value)
				current = -1;
		} else if (strcmp(key, "Enable Status") == 0 && current > 0) {
			for (size_t i = 0; i < n; i++) {
				if (users[i].id != (unsigned)current)
					continue;
				users[i].enabled = strcmp(value, "enabled") == 0 ? 1 :
						   strcmp(value, "disabled") == 0 ? 0 : -1;
				matched++;
				break;
			}
			current = -1;
		}
	}
	return matched;
}

/* ---- Comparing ---- */

static int address_is_setting(enum fwd_lan_ipsrc src)
{
	/* DHCP and the BIOS hand the address out: it is not ours to restore. */
	return src != FWD_LAN_IPSRC_DHCP && src != FWD_LAN_IPSRC_BIOS;
}

unsigned fwd_lan_compare(const struct fwd_lan *backup, const struct fwd_lan *now)
{
	unsigned differs = 0, k = backup->known;
	int addresses = !(k & FWD_LAN_F_IP_SOURCE) || address_is_setting(backup->ip_source);

	if ((k & FWD_LAN_F_IP_SOURCE) && (!(now->known & FWD_LAN_F_IP_SOURCE) ||
					  now->ip_source != backup->ip_source))
		differs |= FWD_LAN_F_IP_SOURCE;
	if (addresses) {
		if ((k & FWD_LAN_F_IP) && (!(now->known & FWD_LAN_F_IP) ||
					   strcmp(now->ip, backup->ip)))
			differs |= FWD_LAN_F_IP;
		if ((k & FWD_LAN_F_NETMASK) && (!(now->known & FWD_LAN_F_NETMASK) ||
						strcmp(now->netmask, backup->netmask)))
			differs |= FWD_LAN_F_NETMASK;
		if ((k & FWD_LAN_F_GATEWAY) && (!(now->known & FWD_LAN_F_GATEWAY) ||
						strcmp(now->gateway, backup->gateway)))
			differs |= FWD_LAN_F_GATEWAY;
	}
	if ((k & FWD_LAN_F_VLAN) && (!(now->known & FWD_LAN_F_VLAN) || now->vlan != backup->vlan))
		differs |= FWD_LAN_F_VLAN;
	return differs;
}

static json_t *differs_to_json(unsigned differs)
{
	json_t *arr = json_array();

	for (unsigned f = 1; arr && f <= FWD_LAN_F_VLAN; f <<= 1)
		if (differs & f)
			json_array_append_new(arr, json_string(fwd_lan_field_name(f)));
	return arr;
}

/* ---- JSON ---- */

json_t *fwd_lan_to_json(const struct fwd_lan *lan)
{
	unsigned k = lan->known;

	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}",
			 "ip_source", k & FWD_LAN_F_IP_SOURCE ?
				json_string(fwd_lan_ipsrc_name(lan->ip_source)) : json_null(),
			 "ip", k & FWD_LAN_F_IP ? json_string(lan->ip) : json_null(),
			 "netmask", k & FWD_LAN_F_NETMASK ? json_string(lan->netmask) : json_null(),
			 "gateway", k & FWD_LAN_F_GATEWAY ? json_string(lan->gateway) : json_null(),
			 "vlan", k & FWD_LAN_F_VLAN ? json_integer(lan->vlan) : json_null(),
			 "mac", k & FWD_LAN_F_MAC ? json_string(lan->mac) : json_null());
}

static int address_from_json(const json_t *obj, const char *key, unsigned flag, char out[16],
			     struct fwd_lan *lan, struct fwd_err *err)
{
	const json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || fwd_lan_parse_ipv4(json_string_value(v), out))
		return fwd_error_set(err, -FWD_E_BAD_INPUT, "'%s' is not an IPv4 address", key);
	lan->known |= flag;
	return 0;
}

int fwd_lan_from_json(const json_t *obj, struct fwd_lan *out, struct fwd_err *err)
{
	const json_t *v;
	int ret;

	memset(out, 0, sizeof(*out));
	out->vlan = FWD_LAN_VLAN_OFF;
	if (!json_is_object(obj))
		return fwd_error_set(err, -FWD_E_BAD_INPUT, "the settings are not an object");
	v = json_object_get(obj, "ip_source");
	if (v && !json_is_null(v)) {
		if (!json_is_string(v) || (out->ip_source = fwd_lan_ipsrc_from_name(
						   json_string_value(v))) == FWD_LAN_IPSRC_UNKNOWN)
			return fwd_error_set(err, -FWD_E_BAD_INPUT, "'ip_source' is not one of "
					     "static, dhcp, bios, none, other");
		out->known |= FWD_LAN_F_IP_SOURCE;
	}
	if ((ret = address_from_json(obj, "ip", FWD_LAN_F_IP, out->ip, out, err)) ||
	    (ret = address_from_json(obj, "netmask", FWD_LAN_F_NETMASK, out->netmask, out,
				     err)) ||
	    (ret = address_from_json(obj, "gateway", FWD_LAN_F_GATEWAY, out->gateway, out,
				     err)))
		return ret;
	v = json_object_get(obj, "vlan");
	if (v && !json_is_null(v)) {
		json_int_t id = json_is_integer(v) ? json_integer_value(v) : 0;

		if (!json_is_integer(v) || !(id == FWD_LAN_VLAN_OFF || (id >= 1 && id <= 4094)))
			return fwd_error_set(err, -FWD_E_BAD_INPUT,
					     "'vlan' is not -1 (off) or a VLAN ID 1-4094");
		out->vlan = (int)id;
		out->known |= FWD_LAN_F_VLAN;
	}
	v = json_object_get(obj, "mac");
	if (v && !json_is_null(v)) {
		if (!json_is_string(v) || parse_mac(json_string_value(v), out->mac))
			return fwd_error_set(err, -FWD_E_BAD_INPUT, "'mac' is not a MAC address");
		out->known |= FWD_LAN_F_MAC;
	}
	if (!(out->known & FWD_LAN_F_ALL))
		return fwd_error_set(err, -FWD_E_BAD_INPUT, "the settings hold none of ip_source, "
				     "ip, netmask, gateway, vlan");
	return 0;
}

static json_t *tristate(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

json_t *fwd_lan_users_to_json(const struct fwd_lan_user *users, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < n; i++) {
		const struct fwd_lan_user *u = &users[i];

		json_array_append_new(arr, json_pack("{s:i, s:o, s:b, s:b, s:b, s:o, s:o}",
			"id", (int)u->id, "name", fwd_json_text(u->name), "callin", u->callin,
			"link_auth", u->link_auth, "ipmi_msg", u->ipmi_msg,
			"privilege", fwd_json_text(u->privilege), "enabled", tristate(u->enabled)));
	}
	return arr;
}

/* ---- The restore sequence ---- */

static void cmd_set(struct fwd_lan_cmd *c, unsigned channel, const char *a, const char *b,
		    const char *value)
{
	size_t n = 0;

	memset(c, 0, sizeof(*c));
	snprintf(c->buf[0], sizeof(c->buf[0]), "%u", channel);
	c->argv[n++] = "lan";
	c->argv[n++] = "set";
	c->argv[n++] = c->buf[0];
	c->argv[n++] = a;
	if (b)
		c->argv[n++] = b;
	snprintf(c->buf[1], sizeof(c->buf[1]), "%s", value);
	c->argv[n++] = c->buf[1];
	c->argv[n] = NULL;
}

int fwd_lan_restore_plan(unsigned channel, const struct fwd_lan *backup, unsigned differs,
			 struct fwd_lan_cmd *cmds, struct fwd_err *err)
{
	const unsigned addr = FWD_LAN_F_IP | FWD_LAN_F_NETMASK | FWD_LAN_F_GATEWAY;
	unsigned k = backup->known;
	int n = 0, addresses;
	char vlan[16];

	differs &= k & FWD_LAN_F_ALL;
	if (!differs)
		return 0;
	if (!(k & FWD_LAN_F_IP_SOURCE) || backup->ip_source == FWD_LAN_IPSRC_OTHER ||
	    backup->ip_source == FWD_LAN_IPSRC_UNKNOWN)
		return fwd_error_set(err, -FWD_E_REFUSED, "channel %u: the backup's IP address "
				     "source is %s: ipmitool cannot set that, restore it by hand",
				     channel, k & FWD_LAN_F_IP_SOURCE ? "'other'" : "unknown");
	addresses = address_is_setting(backup->ip_source);
	if (addresses && (k & addr) != addr)
		return fwd_error_set(err, -FWD_E_REFUSED, "channel %u: the backup lacks the %s of "
				     "its static address: restore it by hand", channel,
				     !(k & FWD_LAN_F_IP) ? "IP address" : !(k & FWD_LAN_F_NETMASK) ?
				     "subnet mask" : "default gateway");
	/* A new source comes first (a BMC on DHCP may refuse an address), and
	 * brings every address field with it: the switch can reset them. */
	if (differs & FWD_LAN_F_IP_SOURCE) {
		cmd_set(&cmds[n++], channel, "ipsrc", NULL, fwd_lan_ipsrc_name(backup->ip_source));
		if (addresses)
			differs |= addr;
	}
	if (addresses) {
		if (differs & FWD_LAN_F_IP)
			cmd_set(&cmds[n++], channel, "ipaddr", NULL, backup->ip);
		if (differs & FWD_LAN_F_NETMASK)
			cmd_set(&cmds[n++], channel, "netmask", NULL, backup->netmask);
		if (differs & FWD_LAN_F_GATEWAY)
			cmd_set(&cmds[n++], channel, "defgw", "ipaddr", backup->gateway);
	}
	if (differs & FWD_LAN_F_VLAN) {
		if (backup->vlan == FWD_LAN_VLAN_OFF)
			snprintf(vlan, sizeof(vlan), "off");
		else
			snprintf(vlan, sizeof(vlan), "%d", backup->vlan);
		cmd_set(&cmds[n++], channel, "vlan", "id", vlan);
	}
	return n;
}

int fwd_lan_cmd_describe(const struct fwd_lan_cmd *cmd, struct fwd_buf *out)
{
	const char *argv[FWD_LAN_CMD_ARGS + 1];
	size_t n = 0;

	argv[n++] = "ipmitool";
	for (size_t i = 0; i < FWD_LAN_CMD_ARGS && cmd->argv[i]; i++)
		argv[n++] = cmd->argv[i];
	argv[n] = NULL;
	return fwd_tool_describe(argv, out);
}

/* ---- Talking to the BMC ---- */

/* The first non-blank line of s, trimmed, into buf. */
static const char *first_line(const char *s, char *buf, size_t size)
{
	const char *p = s;

	buf[0] = '\0';
	while (p && (p = next_line(p, buf, size)))
		if (*trim(buf))
			break;
	trim_in_place(buf);
	return buf;
}

int fwd_lan_ipmitool(struct fwd_ctx *ctx, const char *const *args, char **out_text,
		     int *bmc_answered)
{
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	const char *shown[32];
	struct fwd_buf what = FWD_BUF_INIT;
	char msg[512];
	size_t n = 0;
	int ret;

	*out_text = NULL;
	if (bmc_answered)
		*bmc_answered = 0;
	shown[n++] = "ipmitool";
	for (size_t i = 0; args[i] && n < 31; i++)
		shown[n++] = args[i];
	shown[n] = NULL;
	if (fwd_tool_describe(shown, &what) < 0) {
		fwd_buf_release(&what);
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	}

	cmd.tool = "ipmitool";
	cmd.args = args;
	cmd.flags = FWD_TOOL_TARGET;
	cmd.timeout_ms = LAN_TOOL_TIMEOUT_MS;
	ret = fwd_tool_run(ctx, &cmd, &res);
	if (ret == -FWD_E_TIMEOUT) {
		ret = fwd_ctx_set_error(ctx, -FWD_E_TIMEOUT, "'%s' got no answer within %u s", what.s,
					LAN_TOOL_TIMEOUT_MS / 1000);
	} else if (ret == 0 && res.exit_code != 0) {
		const char *err = res.err ? res.err : "";

		/* "... command failed: <completion code>" and "Invalid channel" mean
		 * the BMC answered and said no; anything else is no answer at all. */
		if (bmc_answered)
			*bmc_answered = strstr(err, "command failed") != NULL ||
					strstr(err, "Invalid channel") != NULL ||
					strstr(err, "not a LAN channel") != NULL;
		first_line(err, msg, sizeof(msg));
		if (!msg[0])
			first_line(res.out, msg, sizeof(msg));
		ret = fwd_ctx_set_error(ctx, -FWD_E_TOOL_FAILED, "'%s' failed (exit %d%s%s)", what.s,
					res.exit_code, msg[0] ? ": " : "", msg);
	} else if (ret == 0) {
		*out_text = strdup(res.out ? res.out : "");
		if (!*out_text)
			ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	}
	fwd_tool_result_release(&res);
	fwd_buf_release(&what);
	return ret;
}

int fwd_lan_read(struct fwd_ctx *ctx, unsigned channel, struct fwd_lan *out, char **raw)
{
	char ch[16];
	const char *args[] = { "lan", "print", ch, NULL };
	char *text;
	int ret;

	if (raw)
		*raw = NULL;
	snprintf(ch, sizeof(ch), "%u", channel);
	ret = fwd_lan_ipmitool(ctx, args, &text, NULL);
	if (ret)
		return ret;
	ret = fwd_lan_parse_print(text, out);
	if (ret)
		fwd_ctx_set_error(ctx, ret, "cannot read 'ipmitool lan print %u': none of IP Address "
				  "Source, IP Address, Subnet Mask, Default Gateway IP, 802.1q VLAN ID "
				  "in it", channel);
	if (raw && !ret)
		*raw = text;
	else
		free(text);
	return ret;
}

/* What one channel of the backup needs. */
struct lan_job {
	unsigned channel;
	struct fwd_lan backup, before, after;
	unsigned differs;
	struct fwd_lan_cmd cmds[FWD_LAN_MAX_CMDS];
	int ncmds;
	json_t *entry;           /* borrowed from the report */
};

static void describe_lan(const struct fwd_lan *l, char *buf, size_t size)
{
	char vlan[16];

	if (l->vlan == FWD_LAN_VLAN_OFF)
		snprintf(vlan, sizeof(vlan), "off");
	else
		snprintf(vlan, sizeof(vlan), "%d", l->vlan);
	snprintf(buf, size, "%s %s/%s gateway %s vlan %s", fwd_lan_ipsrc_name(l->ip_source),
		 l->known & FWD_LAN_F_IP ? l->ip : "?", l->known & FWD_LAN_F_NETMASK ?
		 l->netmask : "?", l->known & FWD_LAN_F_GATEWAY ? l->gateway : "?",
		 l->known & FWD_LAN_F_VLAN ? vlan : "?");
}

/* Reads, checks and plans every channel; sends nothing. */
static int prepare(struct fwd_ctx *ctx, const json_t *channels, struct lan_job *jobs,
		   size_t n, json_t *report)
{
	struct fwd_err err;

	for (size_t i = 0; i < n; i++) {
		const json_t *c = json_array_get(channels, i);
		const json_t *jch = json_object_get(c, "channel");
		struct lan_job *j = &jobs[i];
		json_int_t ch = json_is_integer(jch) ? json_integer_value(jch) : -1;
		int ret;

		if (ch < 1 || ch > 15)
			return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
				"the backup's lan_channels[%zu] has no channel number 1-15", i);
		j->channel = (unsigned)ch;
		ret = fwd_lan_from_json(json_object_get(c, "settings"), &j->backup, &err);
		if (ret)
			return fwd_ctx_set_error(ctx, ret, "the backup's settings of channel %u: %s",
						 j->channel, err.msg);
		j->entry = json_pack("{s:i, s:o}", "channel", (int)j->channel, "backup",
				     fwd_lan_to_json(&j->backup));
		if (!j->entry)
			return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
		json_array_append_new(report, j->entry);
		ret = fwd_lan_read(ctx, j->channel, &j->before, NULL);
		if (ret)
			return ret;
		json_object_set_new(j->entry, "before", fwd_lan_to_json(&j->before));
		if ((j->backup.known & j->before.known & FWD_LAN_F_MAC) &&
		    strcmp(j->backup.mac, j->before.mac) != 0)
			return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
				"channel %u has MAC address %s, the backup's has %s: the backup is of "
				"another BMC; nothing was changed", j->channel, j->before.mac,
				j->backup.mac);
		j->differs = fwd_lan_compare(&j->backup, &j->before);
		json_object_set_new(j->entry, "differs", differs_to_json(j->differs));
		j->ncmds = fwd_lan_restore_plan(j->channel, &j->backup, j->differs, j->cmds, &err);
		if (j->ncmds < 0)
			return fwd_ctx_set_error(ctx, j->ncmds, "%s; nothing was changed", err.msg);
		{
			json_t *cmds = json_array();
			struct fwd_buf line = FWD_BUF_INIT;

			for (int k = 0; cmds && k < j->ncmds; k++) {
				fwd_buf_reset(&line);
				if (fwd_lan_cmd_describe(&j->cmds[k], &line) == 0)
					json_array_append_new(cmds, json_string(line.s));
			}
			fwd_buf_release(&line);
			json_object_set_new(j->entry, "commands", cmds);
		}
		json_object_set_new(j->entry, "restored", json_false());
		json_object_set_new(j->entry, "verified", json_boolean(j->differs == 0));
		json_object_set_new(j->entry, "after", json_null());
		json_object_set_new(j->entry, "error", json_null());
	}
	return 0;
}

/* Sends one channel's commands, then reads it back until it matches. */
static int restore_one(struct fwd_ctx *ctx, struct lan_job *j)
{
	char want[160];
	unsigned still = 0;
	int ret = 0, addr_sent = 0;

	for (int k = 0; k < j->ncmds; k++) {
		struct fwd_buf line = FWD_BUF_INIT;
		char *out = NULL;

		fwd_lan_cmd_describe(&j->cmds[k], &line);
		fwd_log(ctx, FWD_LOG_INFO, "channel %u: %s", j->channel, line.s);
		fwd_buf_release(&line);
		ret = fwd_lan_ipmitool(ctx, j->cmds[k].argv, &out, NULL);
		free(out);
		if (ret && addr_sent) {
			char last[FWD_ERROR_MAX];

			/* Out-of-band, the session may have gone with the old address. */
			snprintf(last, sizeof(last), "%s", ctx->err.msg);
			return fwd_ctx_set_error(ctx, ret, "channel %u: %s; the address was already "
				"set to %s: out-of-band, reach the BMC there and run the restore again",
				j->channel, last, j->backup.ip);
		}
		if (ret)
			return ret;
		if (strcmp(j->cmds[k].argv[3], "ipaddr") == 0)
			addr_sent = 1;
	}
	json_object_set_new(j->entry, "restored", json_true());
	describe_lan(&j->backup, want, sizeof(want));
	for (int attempt = 1; attempt <= LAN_VERIFY_ATTEMPTS; attempt++) {
		ret = fwd_lan_read(ctx, j->channel, &j->after, NULL);
		if (ret == -FWD_E_TOOL_FAILED || ret == -FWD_E_TIMEOUT) {
			char last[FWD_ERROR_MAX];

			snprintf(last, sizeof(last), "%s", ctx->err.msg);
			return fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE,
				"channel %u: the settings were sent but cannot be read back (%s); "
				"out-of-band, the BMC may now answer only at its restored address: %s",
				j->channel, last, want);
		}
		if (ret)
			return ret;
		still = fwd_lan_compare(&j->backup, &j->after);
		if (!still)
			break;
		if (attempt < LAN_VERIFY_ATTEMPTS)
			fwd_sleep_ms(ctx, LAN_VERIFY_PAUSE_MS);
	}
	json_object_set_new(j->entry, "after", fwd_lan_to_json(&j->after));
	json_object_set_new(j->entry, "verified", json_boolean(still == 0));
	if (still) {
		char names[96] = "";

		for (unsigned f = 1; f <= FWD_LAN_F_VLAN; f <<= 1)
			if (still & f)
				snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
					 names[0] ? ", " : "", fwd_lan_field_name(f));
		return fwd_ctx_set_error(ctx, -FWD_E_VERIFY,
			"channel %u: after the restore 'lan print %u' still differs from the backup "
			"in %s (wanted: %s)", j->channel, j->channel, names, want);
	}
	return 0;
}

int fwd_lan_restore_from_backup(struct fwd_ctx *ctx, const json_t *backup, int dry_run,
				json_t *report)
{
	const json_t *channels = json_object_get(backup, "lan_channels");
	struct lan_job *jobs;
	size_t n = json_array_size(channels);
	int ret, first_err = 0;
	char first_msg[FWD_ERROR_MAX] = "";

	if (!json_is_array(channels) || n == 0)
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
					 "the backup holds no LAN channel to restore");
	if (!json_is_array(report))
		return fwd_ctx_set_error(ctx, -FWD_E_INTERNAL, "restore: report is not an array");
	jobs = calloc(n, sizeof(*jobs));
	if (!jobs)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");

	/* Everything is read and planned before the first command goes out. */
	ret = prepare(ctx, channels, jobs, n, report);
	if (ret || dry_run) {
		free(jobs);
		return ret;
	}
	for (size_t i = 0; i < n; i++) {
		if (!jobs[i].ncmds)
			continue;
		ret = restore_one(ctx, &jobs[i]);
		if (!ret)
			continue;
		json_object_set_new(jobs[i].entry, "error", fwd_json_text(ctx->err.msg));
		/* Other channels are independent: go on, and return the first
		 * failure (the later ones are logged here). */
		if (!first_err) {
			first_err = ret;
			snprintf(first_msg, sizeof(first_msg), "%s", ctx->err.msg);
		} else {
			fwd_log(ctx, FWD_LOG_ERROR, "%s", ctx->err.msg);
		}
	}
	free(jobs);
	if (first_err)
		return fwd_ctx_set_error(ctx, first_err, "%s", first_msg);
	fwd_ctx_clear_error(ctx);
	return 0;
}

const char *fwd_lan_json_describe(const json_t *settings, char *buf, size_t size)
{
	const json_t *vlan = json_object_get(settings, "vlan");
	const char *v[4] = { "ip_source", "ip", "netmask", "gateway" };
	char vlan_text[24];

	for (size_t i = 0; i < 4; i++) {
		const char *value = json_string_value(json_object_get(settings, v[i]));

		v[i] = value ? value : "?";
	}
	if (!json_is_integer(vlan))
		snprintf(vlan_text, sizeof(vlan_text), "?");
	else if (json_integer_value(vlan) < 0)
		snprintf(vlan_text, sizeof(vlan_text), "off");
	else
		snprintf(vlan_text, sizeof(vlan_text), "%lld", (long long)json_integer_value(vlan));
	snprintf(buf, size, "%s %s/%s gateway %s vlan %s%s%s", v[0], v[1], v[2], v[3], vlan_text,
		 json_is_string(json_object_get(settings, "mac")) ? ", mac " : "",
		 json_is_string(json_object_get(settings, "mac")) ?
		 json_string_value(json_object_get(settings, "mac")) : "");
	return buf;
}
