/*
 * hints.c: the supermicro plugin's recovery hints.
 *
 * What a careful administrator does when a Supermicro update ends badly,
 * from Supermicro's public manuals and guides.  Where a detail varies by
 * board (jumper places, menu names, the USB recovery) the hint says
 * "see the board's manual" rather than guess.  Commands are given only
 * where they are standard (ipmitool, sum, fwdispatch): no vendor raw
 * IPMI bytes.
 */
#include "supermicro.h"

#include <stdio.h>

#include "hints-json.h"

int sm_recovery_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
		      struct fwd_json *hints)
{
	const struct fwd_host_api *host = sm_host();
	const struct fwd_target *t = host->target(ctx);
	const char *board = sm_board_name(id);
	char port[16] = "", check[512], manual[160], usb[512], cmos[640], reflash[512];
	int ret;

	if (!hints)
		return host->set_error(ctx, -FWD_E_INTERNAL, "recovery_hints needs an array");
	/* Fill in what is known of the target, so the lines can be pasted. */
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
	if (board)
		snprintf(manual, sizeof(manual), "see the manual of the %s", board);
	else
		snprintf(manual, sizeof(manual), "see the board's manual");

	snprintf(reflash, sizeof(reflash), "Flash the BIOS again through the BMC, which works "
		 "while the host is down: in the BMC web interface under Maintenance > BIOS "
		 "Update (the menu's name varies by BMC generation), or with sum -i %s -u USER "
		 "-p PASSWORD -c UpdateBios --file IMAGE.  Out-of-band BIOS updates need an "
		 "SFT-OOB-LIC or SFT-DCMS-SINGLE key on the BMC.",
		 t && t->out_of_band && t->host ? t->host : "BMC");
	snprintf(usb, sizeof(usb), "BIOS recovery from a USB stick: on many X10 to X12 boards, "
		 "copy the BIOS image as SUPER.ROM to a FAT32 USB stick, plug it into the "
		 "server, and hold Ctrl+Home while powering on until the recovery starts; the "
		 "exact procedure differs by board: %s.", manual);
	snprintf(cmos, sizeof(cmos), "Clear the CMOS, which returns the BIOS settings to their "
		 "defaults: shut the host down, unplug both power supplies, remove the CMOS "
		 "battery, short the clear-CMOS jumper JBT1 (two contact pads on most "
		 "Supermicro boards) for a few seconds, put the battery back, plug the power "
		 "in and start the host.  Where JBT1 is: %s.", manual);

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
				"(modprobe ipmi_si; modprobe ipmi_devintf): ipmitool mc info, then "
				"ipmitool lan print 1 (LAN channel 1 on most Supermicro boards).  A "
				"flash can leave the BMC on DHCP with another address.",
				"If its address changed, restore the settings saved before the "
				"flash: fwdispatch restore BACKUP (backups are in "
				"STATE_DIR/backups), or by hand: ipmitool lan set 1 ipsrc static; "
				"ipmitool lan set 1 ipaddr A.B.C.D; ipmitool lan set 1 netmask M; "
				"ipmitool lan set 1 defgw ipaddr G.",
				"Check which port the BMC uses: Supermicro BMCs run in dedicated, "
				"shared or failover LAN mode.  In failover mode (the default on many "
				"boards) the BMC takes the dedicated IPMI port when that port has a "
				"link as the BMC starts, and the shared LAN1 port otherwise: look "
				"for it on the other port, or check the mode in the BIOS setup or "
				"the BMC web interface.",
				"If it answers through the driver but not on the network, restart "
				"it from the server's OS: ipmitool mc reset cold.",
				"If it answers neither way after 15 minutes, remove all power (every "
				"supply's cord) for a minute so the BMC starts afresh; if it still "
				"does not answer, its firmware needs recovery: contact Supermicro "
				"support.",
				NULL,
			},
		},
		{
			.id = FWDP_HINT_BIOS_NO_POST,
			.title = "The host does not start after the BIOS update",
			.when = "the BIOS flash failed, or the host shows no POST after the "
				"reboot that applies the new BIOS",
			.applies = { "bios", NULL },
			.steps = {
				"Do not cut the power while the new BIOS may still be applying: "
				"after the reboot a board can take several minutes, and restart "
				"more than once, before it shows the POST screen.",
				"Watch the console through the BMC (the web interface's remote "
				"console) and read the BMC's event log: ipmitool sel elist.",
				reflash,
				usb,
				"Boards with a hardware root of trust (some X12/H12 and later "
				"boards) can restore a known-good BIOS copy by themselves: see the "
				"board's manual.",
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
				cmos,
				"After a CMOS clear, set the BIOS settings you rely on again (boot "
				"order, storage mode, virtualisation, ...).",
				NULL,
			},
		},
		{
			.id = FWDP_HINT_LAN_LOST,
			.title = "The BMC's LAN settings were lost",
			.when = "after a BMC flash (or a reset of its configuration) the BMC has "
				"other network settings, often DHCP",
			.applies = { "lan", NULL },
			.steps = {
				"Restore the settings saved before the flash: fwdispatch restore "
				"BACKUP (backups are in STATE_DIR/backups; --dry-run shows the "
				"commands first).",
				"Or by hand from the server's OS (LAN channel 1 on most Supermicro "
				"boards): ipmitool lan set 1 ipsrc static; ipmitool lan set 1 ipaddr "
				"A.B.C.D; ipmitool lan set 1 netmask M; ipmitool lan set 1 defgw "
				"ipaddr G; ipmitool lan set 1 vlan id V (or off); then check with "
				"ipmitool lan print 1.",
				"Users: the backup lists them but holds no passwords (IPMI cannot "
				"read them).  After a factory reset (sum --overwrite_cfg) set the "
				"passwords again with ipmitool user set password ID; the ADMIN "
				"user's factory password is ADMIN on older boards and the unique one "
				"on the board's label on newer ones.",
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
