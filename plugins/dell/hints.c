/*
 * hints.c: what a Dell administrator does when an update ends badly.
 *
 * Public, model-independent facts only; where the details vary between
 * PowerEdge generations the steps say "see the server's manual" rather
 * than guess.  Shape (fwd_plugin.h, built by common/hints-json.c):
 * {id, title, when, steps[], applies[]}.
 */
#include "dell.h"

#include <stddef.h>

#include "hints-json.h"

static const struct fwdp_hint hints[] = {
	{
		FWDP_HINT_BMC_UNREACHABLE,
		"The iDRAC does not answer after its update",
		"the iDRAC firmware update ran and the iDRAC did not come back, or not at its "
		"old address",
		{ "bmc", NULL },
		{
			"Wait several minutes: an iDRAC restarts by itself after a firmware update "
			"and can take a while; never remove power while its update job runs.",
			"From the server's own OS (in-band): 'racadm getversion' and "
			"'racadm jobqueue view' show whether it answers and how its job ended; "
			"'racadm racreset' restarts the iDRAC only (not the server).",
			"Read its address on the front LCD panel where the server has one, or in "
			"System Setup (F2 at boot) > iDRAC Settings > Network: check DHCP and the "
			"NIC selection (dedicated port or shared LOM).",
			"Use iDRAC Direct: a laptop on the front USB port marked with the iDRAC "
			"icon reaches the iDRAC's web interface at a fixed link-local address "
			"(169.254.0.3 on many generations; see the server's manual).",
			"If its network settings were reset, restore them (see 'lan-lost').",
			NULL,
		},
	},
	{
		FWDP_HINT_BIOS_NO_POST,
		"The server does not POST after the BIOS update",
		"the staged BIOS was applied at a reboot and the host does not start, or stops "
		"early",
		{ "bios", NULL },
		{
			"Give it time: the first boot after a BIOS update can take several minutes "
			"and restart more than once; watch it on the iDRAC's virtual console.",
			"See how the job ended: 'racadm jobqueue view -i JID' (or 'fwdispatch "
			"status'), and the Lifecycle log with 'racadm lclog view'.",
			"Clear a stuck or repeating job with 'racadm jobqueue delete -i JID', or the "
			"whole queue with 'racadm jobqueue delete --all'.",
			"Where the model offers it, roll back to the previous BIOS from the iDRAC "
			"(its firmware rollback) or start the BIOS recovery: the procedure differs "
			"between models, see the server's manual.",
			"If it still does not POST, clear the BIOS settings (see 'hard-lock').",
			NULL,
		},
	},
	{
		FWDP_HINT_HARD_LOCK,
		"Hard lock: no POST, no video, unusable BIOS settings",
		"the server neither starts nor reaches System Setup, and a settings problem is "
		"suspected",
		{ "bios", NULL },
		{
			"Shut the server down and unplug both power supplies; wait a minute.",
			"Open the cover: the NVRAM_CLR jumper clears the BIOS settings (NVRAM/CMOS) "
			"at the next boot, and the PWRD_EN jumper disables the BIOS password; their "
			"positions are on the label inside the cover and in the server's manual. "
			"Put them back afterwards.",
			"Removing the coin-cell battery for a few minutes also clears the settings "
			"on many models.",
			"Reconnect power, let the iDRAC start (a minute or two), power on and check "
			"the settings in System Setup (F2).",
			NULL,
		},
	},
	{
		FWDP_HINT_LAN_LOST,
		"The iDRAC's network settings were lost",
		"after the update the iDRAC has another address (often DHCP) or no network "
		"settings",
		{ "lan", NULL },
		{
			"From the server's own OS, re-apply the saved settings: 'fwdispatch restore "
			"BACKUP' (the backups are in STATE_DIR/backups/; add --dry-run to see the "
			"commands first).",
			"Or by hand in-band: 'ipmitool lan set N ipsrc static', 'ipmitool lan set N "
			"ipaddr A', 'ipmitool lan set N netmask M', 'ipmitool lan set N defgw ipaddr "
			"G', where N is the LAN channel the backup names (1 on most iDRACs, 8 on "
			"some).",
			"Or with racadm in-band: 'racadm setniccfg -s A M G' (static) or 'racadm "
			"setniccfg -d' (DHCP).",
			"Or in System Setup (F2 at boot) > iDRAC Settings > Network, or on the LCD "
			"panel where the server has one.",
			NULL,
		},
	},
};

int dell_recovery_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
			struct fwd_json *out)
{
	const struct fwd_host_api *host = dell_host();

	(void)id;
	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
		int ret = fwdp_hint_add(host, ctx, out, &hints[i]);

		if (ret)
			return ret;
	}
	return 0;
}
