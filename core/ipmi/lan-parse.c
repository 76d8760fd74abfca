/*
 * lan-parse.c: reading ipmitool's LAN, channel and user output (text in,
 * values out; no BMC needed).
 *
 * Formats (ipmitool 1.8.19, lib/ipmi_lanp.c, ipmi_channel.c, ipmi_user.c):
 * `lan print` writes "%-24s: value" lines, and lines that continue a value
 * start with spaces and a colon; `channel info` writes "Channel 0xN
 * info:" then indented "Channel Medium Type   : 802.3 LAN" (or "Other
 * LAN", also a LAN channel for ipmitool); `user list`
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

#include "util/kv-text.h"

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

int fwd_lan_parse_mac(const char *s, char out[18])
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

/* ---- Parsers ---- */

/*
 * ipmitool runs `lan print` on a channel of medium 802.3 LAN or Other LAN
 * (is_lan_channel in lib/ipmi_lanp.c), and BMCs use both for the same
 * Ethernet port: OpenBMC said "Other LAN" before OP940 and "802.3 LAN"
 * after (tests/data/captures/ipmitool-channel-info-openbmc-*).
 */
static int is_lan_medium(const char *medium)
{
	return strcmp(medium, "802.3 LAN") == 0 || strcmp(medium, "Other LAN") == 0;
}

int fwd_lan_parse_channel_info(const char *text, unsigned expected_channel,
			       char *medium, size_t medium_size)
{
	struct fwd_kv_reader r;
	struct fwd_kv kv;
	int ret, lan = -1;

	if (medium_size)
		medium[0] = '\0';
	fwd_kv_start(&r, text);
	while ((ret = fwd_kv_next(&r, &kv)) > 0) {
		unsigned ch;

		/* "Channel 0x1 info:": the channel the BMC actually describes. */
		if (sscanf(kv.line, "Channel 0x%x info", &ch) == 1 && ch != expected_channel)
			break;
		if (kv.key && strcmp(kv.key, "Channel Medium Type") == 0) {
			snprintf(medium, medium_size, "%s", kv.value);
			lan = is_lan_medium(kv.value);
			break;
		}
	}
	fwd_kv_end(&r);
	if (ret < 0)
		return ret;
	return lan < 0 ? -FWD_E_BAD_INPUT : lan;
}

int fwd_lan_parse_print(const char *text, struct fwd_lan *out)
{
	struct fwd_kv_reader r;
	struct fwd_kv kv;
	int ret;

	memset(out, 0, sizeof(*out));
	out->vlan = FWD_LAN_VLAN_OFF;
	fwd_kv_start(&r, text);
	while ((ret = fwd_kv_next(&r, &kv)) > 0) {
		const char *key = kv.key, *value = kv.value;
		unsigned flag = 0;
		int ok = 0;

		/* Indented lines continue a value (" : ATTR ...") or belong to a
		 * section (IPv6 addresses); neither holds these settings. */
		if (!key || kv.indented)
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
			ok = !(out->known & flag) && fwd_lan_parse_mac(value, out->mac) == 0;
		}
		/* A value that cannot be read stays unknown: a restore then refuses
		 * to guess it instead of the backup failing outright. */
		if (ok)
			out->known |= flag;
	}
	fwd_kv_end(&r);
	if (ret < 0)
		return ret;
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

/* What some BMCs store as the name of a slot nobody uses (see parse_user_row). */
#define EMPTY_SLOT_NAME "(Empty User)"

/* s[0..len) without blanks at either end, into buf (cut to fit). */
static void copy_trimmed(char *buf, size_t size, const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	snprintf(buf, size, "%.*s", (int)len, s);
}

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
	copy_trimmed(u->name, sizeof(u->name), l + start[0] + len[0], n);
	/* Lenovo BMCs answer Get User Name of an unused slot with this text,
	 * which ipmitool prints as the name: it is no user. */
	if (strcmp(u->name, EMPTY_SLOT_NAME) == 0)
		u->name[0] = '\0';
	copy_trimmed(u->privilege, sizeof(u->privilege), l + start[i + 3],
		     strlen(l + start[i + 3]));
	return 0;
}

int fwd_lan_parse_users(const char *text, struct fwd_lan_user **out, size_t *n)
{
	struct fwd_lan_user *users = NULL, u;
	size_t count = 0, cap = 0;
	struct fwd_kv_reader r;
	struct fwd_kv kv;
	struct fwd_buf held = FWD_BUF_INIT;  /* a row cut by a newline in a user's name */
	int header = 0, ret;

	*out = NULL;
	*n = 0;
	fwd_kv_start(&r, text);
	while ((ret = fwd_kv_next(&r, &kv)) > 0) {
		const char *l = kv.line;

		if (!header) {
			header = strncmp(l, "ID", 2) == 0 && strstr(l, "Name") &&
				 strstr(l, "Priv");
			continue;
		}
		if (held.len) {
			/* A BMC may hold a user name with a newline in it: ipmitool
			 * prints it as is, and the row goes on on the next line.  A
			 * next line that is a row of its own leaves the held one
			 * unreadable. */
			if (!parse_user_row(l, &u)) {
				ret = -FWD_E_BAD_INPUT;
				break;
			}
			if (fwd_buf_addf(&held, "\n%s", l) < 0) {
				ret = -ENOMEM;
				break;
			}
			if (parse_user_row(held.s, &u)) {
				ret = -FWD_E_BAD_INPUT;
				break;
			}
			fwd_buf_release(&held);
		} else if (kv.indented || l[0] < '0' || l[0] > '9') {
			continue;   /* blank, or a message between the rows */
		} else if (parse_user_row(l, &u)) {
			if (fwd_buf_add(&held, l) < 0) {
				ret = -ENOMEM;
				break;
			}
			continue;
		}
		if (count == cap) {
			struct fwd_lan_user *more;

			cap = cap ? cap * 2 : 16;
			more = realloc(users, cap * sizeof(*users));
			if (!more) {
				ret = -ENOMEM;
				break;
			}
			users = more;
		}
		users[count++] = u;
	}
	fwd_kv_end(&r);
	if (ret == 0 && (!header || held.len))
		ret = -FWD_E_BAD_INPUT;
	fwd_buf_release(&held);
	if (ret < 0) {
		free(users);
		return ret;
	}
	*out = users;
	*n = count;
	return 0;
}

size_t fwd_lan_parse_access(const char *text, struct fwd_lan_user *users, size_t n)
{
	struct fwd_kv_reader r;
	struct fwd_kv kv;
	long current = -1;
	size_t matched = 0;
	/* Which users a block has named already: a BMC that lists one twice
	 * is counted once, and when its blocks disagree its status is not
	 * known. */
	unsigned char *seen = calloc(n ? n : 1, 1);

	if (!seen)
		return 0;
	/* (out of memory, it stops early: the users it did not reach stay unknown) */
	fwd_kv_start(&r, text);
	while (fwd_kv_next(&r, &kv) > 0) {
		const char *key = kv.key, *value = kv.value;

		if (!key || kv.indented)
			continue;
		if (strcmp(key, "User ID") == 0) {
			char *end;

			current = strtol(value, &end, 10);
			if (*end || end == value)
				current = -1;
		} else if (strcmp(key, "Enable Status") == 0 && current > 0) {
			for (size_t i = 0; i < n; i++) {
				int enabled = strcmp(value, "enabled") == 0 ? 1 :
					      strcmp(value, "disabled") == 0 ? 0 : -1;

				if (users[i].id != (unsigned)current)
					continue;
				if (!seen[i]) {
					users[i].enabled = enabled;
					seen[i] = 1;
					matched++;
				} else if (users[i].enabled != enabled) {
					users[i].enabled = -1;
				}
				break;
			}
			current = -1;
		}
	}
	fwd_kv_end(&r);
	free(seen);
	return matched;
}

