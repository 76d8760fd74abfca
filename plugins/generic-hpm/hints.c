/*
 * hints.c: the generic-hpm plugin's recovery hints.
 *
 * For servers of any vendor: only what holds across vendors (IPMI and
 * ipmitool are standard; jumpers, menus and recovery procedures are not,
 * so those steps send the operator to the server's manual).
 */
#include "generic-hpm.h"

#include <stdio.h>

#include "hints-json.h"

int ghpm_recovery_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
			struct fwd_json *hints)
{
	const struct fwd_host_api *host = ghpm_host();
	const struct fwd_target *t = host->target(ctx);
	char port[16] = "", check[512];
	int ret;

	(void)id;
	if (!hints)
		return host->set_error(ctx, -FWD_E_INTERNAL, "recovery_hints needs an array");
	if (t && t->out_of_band && t->port && t->port != 623)
		snprintf(port, sizeof(port), " -p %u", t->port);
	if (t && t->out_of_band && t->host)
		snprintf(check, sizeof(check), "Wait a few more minutes: a BMC can take several "
			 "minutes to start after a firmware update.  Then ask it again: "
			 "ipmitool -I lanplus -H %s%s -U %s -E mc info (password in IPMI_PASSWORD)",
			 t->host, port, t->user ? t->user : "USER");
	else
		snprintf(check, sizeof(check), "Wait a few more minutes: a BMC can take several "
			 "minutes to start after a firmware update.  Then ask it again: "
			 "ipmitool mc info");

	const struct fwdp_hint list[] = {
		{
			.id = FWDP_HINT_BMC_UNREACHABLE,
			.title = "The BMC does not answer after its flash",
			.when = "a BMC flash ended, but the BMC answers neither on the network "
				"nor through the host's IPMI driver",
			.applies = { "bmc", NULL },
			.steps = {
				check,
				"From the server's own OS, ask the BMC through the IPMI driver "
				"(modprobe ipmi_si; modprobe ipmi_devintf): ipmitool mc info.  Find "
				"its LAN channel (ipmitool channel info N for N = 1 to 11: the one "
				"whose medium is 802.3 LAN or Other LAN) and read it with ipmitool "
				"lan print N.  "
				"A flash can leave the BMC on DHCP with another address.",
				"If its address changed, restore the settings saved before the "
				"flash: fwdispatch restore BACKUP (backups are in "
				"STATE_DIR/backups), or by hand: ipmitool lan set N ipsrc static; "
				"ipmitool lan set N ipaddr A.B.C.D; ipmitool lan set N netmask M; "
				"ipmitool lan set N defgw ipaddr G.",
				"Check which port the BMC uses: many servers can put the BMC on a "
				"dedicated management port or share a host port with it; see the "
				"server's manual for the setting and its default.",
				"If it answers through the driver but not on the network, restart "
				"it from the server's OS: ipmitool mc reset cold.",
				"If it answers neither way after 15 minutes, remove all power (every "
				"supply's cord) for a minute so the BMC starts afresh; if it still "
				"does not answer, its firmware needs the vendor's recovery procedure.",
				NULL,
			},
		},
		{
			.id = FWDP_HINT_BIOS_NO_POST,
			.title = "The host does not start after a firmware update",
			.when = "a BIOS update failed, or the host shows no POST after the reboot "
				"that applies new firmware",
			.applies = { "bios", NULL },
			.steps = {
				"Do not cut the power while new firmware may still be applying: "
				"after the reboot a server can take several minutes, and restart "
				"more than once, before it shows the POST screen.",
				"Watch the console through the BMC's remote console and read the "
				"BMC's event log: ipmitool sel elist.",
				"Use the vendor's BIOS recovery: many boards can flash the BIOS "
				"through the BMC or from an image on a USB stick, and some have a "
				"second (backup) BIOS chip; the procedure is in the server's manual.",
				NULL,
			},
		},
		{
			.id = FWDP_HINT_HARD_LOCK,
			.title = "The host hangs (hard lock)",
			.when = "the host hangs at power-on or in the BIOS after new firmware or "
				"changed settings",
			.applies = { "bios", NULL },
			.steps = {
				"Power-cycle it through the BMC: ipmitool chassis power cycle (or "
				"power off, wait 30 seconds, power on).",
				"Clear the CMOS, which returns the BIOS settings to their defaults: "
				"shut the host down, unplug every power supply, remove the CMOS "
				"battery, short the clear-CMOS jumper for a few seconds, put the "
				"battery back, plug the power in and start the host.  The jumper's "
				"name and place vary by board: see the board's manual.",
				"After a CMOS clear, set the BIOS settings you rely on again (boot "
				"order, storage mode, virtualisation, ...).",
				NULL,
			},
		},
		{
			.id = FWDP_HINT_LAN_LOST,
			.title = "The BMC's LAN settings were lost",
			.when = "after a BMC flash the BMC has other network settings, often DHCP",
			.applies = { "lan", NULL },
			.steps = {
				"Restore the settings saved before the flash: fwdispatch restore "
				"BACKUP (backups are in STATE_DIR/backups; --dry-run shows the "
				"commands first).",
				"Or by hand from the server's OS, on the BMC's LAN channel N "
				"(ipmitool channel info N tells which is LAN): ipmitool lan set N "
				"ipsrc static; ipmitool lan set N ipaddr A.B.C.D; ipmitool lan set N "
				"netmask M; ipmitool lan set N defgw ipaddr G; ipmitool lan set N "
				"vlan id V (or off); then check with ipmitool lan print N.",
				"Users: the backup lists them but holds no passwords (IPMI cannot "
				"read them); if the flash reset them, set the passwords again with "
				"ipmitool user set password ID.",
				NULL,
			},
		},
	};

	for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++) {
		ret = fwdp_hint_add(host, ctx, hints, &list[i]);
		if (ret)
			return ret;
	}
	return 0;
}
