/*
 * lan-plan.c: the `ipmitool lan set` commands that put a channel back as
 * a backup has it, and how they read for the operator.
 */
#include "ipmi/lan.h"

#include <stdio.h>
#include <string.h>

#include "tool/tool.h"

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
	addresses = fwd_lan_address_is_setting(backup->ip_source);
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

