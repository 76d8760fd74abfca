/*
 * sim_health.c: what a careful operator asks a BMC before flashing it
 * (issue 13), for the preflight's tests:
 *
 * - its own self-test, Get Self Test Results (App netfn, cmd 0x04; IPMI
 *   2.0 section 20.4), answered as module argument mc_selftest says: pass
 *   (55h), notimpl (56h), fail (57h, with 01h: "controller operational
 *   firmware corrupted") or fatal (58h);
 * - on a Supermicro board, the LAN interface mode behind the OEM command
 *   that Supermicro documents for X9 to X11 boards, `ipmitool raw 0x30 0x70
 *   0x0c 0` (get) and `... 0x0c 1 MODE` (set), MODE 0 dedicated, 1 shared
 *   (onboard LAN1), 2 failover.  Only answered when nic_mode= is given
 *   (the Supermicro profile does); otherwise ipmi_sim's "invalid command".
 *   flash_resets_nic_mode=1 makes an activation put it back to failover,
 *   the board's default, as the seed's emergency had it.
 *
 * The mode is kept in bmc.state with the LAN settings.
 */
#include <string.h>

#include <OpenIPMI/ipmi_msgbits.h>

#include "sim.h"

#define SELFTEST_CMD 0x04
#define SMC_OEM_NETFN 0x30
#define SMC_OEM_CMD 0x70
#define SMC_NIC_MODE_SUB 0x0c

static const char *const nic_names[] = { "dedicated", "shared", "failover" };

const char *sim_nic_mode_name(unsigned char mode)
{
	return mode < 3 ? nic_names[mode] : "?";
}

int sim_nic_mode_parse(const char *text, unsigned char *mode)
{
	for (unsigned char i = 0; i < 3; i++)
		if (!strcmp(text, nic_names[i])) {
			*mode = i;
			return 0;
		}
	return -1;
}

static void selftest_handle(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
			    unsigned int *rdata_len, void *cb_data)
{
	static const unsigned char answers[][2] = {
		[SIM_MC_SELFTEST_PASS] = { 0x55, 0x00 },
		[SIM_MC_SELFTEST_NOTIMPL] = { 0x56, 0x00 },
		[SIM_MC_SELFTEST_FAIL] = { 0x57, 0x01 },
		[SIM_MC_SELFTEST_FATAL] = { 0x58, 0x00 },
	};
	sim_target_t *t = cb_data;
	const unsigned char *a = answers[t->cfg.mc_selftest];

	(void)mc;
	(void)msg;
	rdata[0] = 0x00;
	rdata[1] = a[0];
	rdata[2] = a[1];
	*rdata_len = 3;
	sim_log(t, "mc-selftest result=0x%02x,0x%02x", a[0], a[1]);
}

static void nic_mode_handle(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
			    unsigned int *rdata_len, void *cb_data)
{
	sim_target_t *t = cb_data;
	const unsigned char *d = msg->data;

	(void)mc;
	*rdata_len = 1;
	if (!t->cfg.nic_mode_known || msg->len < 2 || d[0] != SMC_NIC_MODE_SUB) {
		rdata[0] = 0xc1;  /* invalid command, as a board without it answers */
		return;
	}
	if (d[1] == 0 && msg->len == 2) {
		rdata[0] = 0x00;
		rdata[1] = t->nic_mode;
		*rdata_len = 2;
		sim_log(t, "nic-mode get mode=%s", sim_nic_mode_name(t->nic_mode));
		return;
	}
	if (d[1] == 1 && msg->len == 3 && d[2] < 3) {
		t->nic_mode = d[2];
		sim_state_save(t);
		rdata[0] = 0x00;
		sim_log(t, "nic-mode set mode=%s", sim_nic_mode_name(t->nic_mode));
		return;
	}
	rdata[0] = 0xcc;  /* invalid data field */
	sim_log(t, "nic-mode refused len=%u", msg->len);
}

void sim_health_flashed(sim_target_t *t)
{
	if (!t->cfg.nic_mode_known || !t->cfg.flash_resets_nic_mode)
		return;
	t->nic_mode = 2;
	sim_log(t, "nic-mode reset-to-failover reason=flash_resets_nic_mode");
}

int sim_health_register(sim_target_t *t)
{
	int err = ipmi_emu_register_cmd_handler(IPMI_APP_NETFN, SELFTEST_CMD,
						selftest_handle, t);

	if (!err)
		err = ipmi_emu_register_cmd_handler(SMC_OEM_NETFN, SMC_OEM_CMD,
						    nic_mode_handle, t);
	return err;
}
