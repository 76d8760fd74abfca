/*
 * lan-settings.c: LAN settings as values: their names, how a BMC's differ
 * from a backup's, and their JSON (a backup file is input: checked).
 */
#include "ipmi/lan.h"

#include <stdio.h>
#include <string.h>

#include "util/json-out.h"

/* ---- Names ---- */

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

/* ---- Comparing ---- */

int fwd_lan_address_is_setting(enum fwd_lan_ipsrc src)
{
	return src != FWD_LAN_IPSRC_DHCP && src != FWD_LAN_IPSRC_BIOS;
}

unsigned fwd_lan_compare(const struct fwd_lan *backup, const struct fwd_lan *now)
{
	unsigned differs = 0, k = backup->known;
	int addresses = !(k & FWD_LAN_F_IP_SOURCE) || fwd_lan_address_is_setting(backup->ip_source);

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

json_t *fwd_lan_differs_to_json(unsigned differs)
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
		if (!json_is_string(v) || fwd_lan_parse_mac(json_string_value(v), out->mac))
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

int fwd_lan_user_json_in_use(const json_t *user)
{
	const char *name = json_string_value(json_object_get(user, "name"));
	const char *privilege = json_string_value(json_object_get(user, "privilege"));

	if ((name && *name) || json_is_true(json_object_get(user, "enabled")))
		return 1;
	return json_is_true(json_object_get(user, "ipmi_msg")) &&
	       !(privilege && strcmp(privilege, "NO ACCESS") == 0);
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
