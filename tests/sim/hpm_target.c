/*
 * hpm_target.c: entry points of hpm_target.so, an OpenIPMI ipmi_sim module
 * that plays the HPM.1 upgrade target of a simulated server.
 *
 * ipmi_sim (OpenIPMI 2.0.33) loads it from its config file:
 *   loadlib "/abs/build/tests/sim/hpm_target.so" "state=/abs/dir fw=1.71 ..."
 * and calls, in this order:
 *   ipmi_sim_module_init()       before the .emu command file: parse the
 *                                arguments, open the log, read bmc.state,
 *                                register the command handlers;
 *   ipmi_sim_module_post_init()  after it, when the BMC and its LAN channel
 *                                exist: put the running version into Get
 *                                Device ID, hook the LAN channel.
 * The argument keys are listed in sim_args.c and tests/sim/README.md.
 *
 * Built without sanitizers: the module runs inside the uninstrumented
 * /usr/bin/ipmi_sim, and its symbols (ipmi_emu_*, ipmi_mc_*) resolve from
 * that executable at load time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <OpenIPMI/ipmi_mc.h>
#include <OpenIPMI/ipmi_msgbits.h>

#include "sim.h"

#define SIM_EXPORT __attribute__((visibility("default")))

SIM_EXPORT int ipmi_sim_module_init(sys_data_t *sys, const char *initstr);
SIM_EXPORT int ipmi_sim_module_print_version(sys_data_t *sys, char *initstr);
SIM_EXPORT void ipmi_sim_module_post_init(sys_data_t *sys);

/* The one target of this process; see sim.h for ownership. */
static sim_target_t target = { .log_fd = -1, .up = { .fd = -1 } };

static int find_lan_channel(sim_target_t *t)
{
	channel_t **chans = t->sys->mc_get_channelset(t->bmc);

	for (unsigned i = 1; chans && i < IPMI_MAX_CHANNELS; i++) {
		channel_t *chan = chans[i];

		if (chan && chan->medium_type == IPMI_CHANNEL_MEDIUM_8023_LAN &&
		    chan->chan_info) {
			t->lan_chan = chan;
			t->lan_srv = chan->chan_info;
			return 0;
		}
	}
	return -1;
}

int ipmi_sim_module_init(sys_data_t *sys, const char *initstr)
{
	sim_target_t *t = &target;
	char fw[32], boot[32];
	int err;

	t->sys = sys;
	if (sim_args_parse(&t->cfg, initstr))
		return EINVAL;
	if (sim_state_open_log(t))
		return EINVAL;
	for (unsigned c = 0; c < SIM_COMPONENTS; c++) {
		/* First start: the backup copy holds the same image. */
		t->current[c] = t->cfg.fw[c];
		t->rollback[c] = t->cfg.fw[c];
	}
	t->lan = t->cfg.lan;
	t->lan_rollback = t->lan;
	t->nic_mode = t->cfg.nic_mode;
	t->selftest[0] = 0x55;
	t->selftest[1] = 0x00;
	if (sim_state_load(t))
		return EINVAL;

	ipmi_emu_register_group_extension_handler(0x00, sim_hpm_handle, t);
	err = ipmi_emu_register_cmd_handler(IPMI_APP_NETFN, IPMI_COLD_RESET_CMD,
					    sim_cold_reset_handle, t);
	if (err) {
		fprintf(stderr, "hpm_target: cannot register cold reset: %s\n",
			strerror(err));
		return err;
	}
	err = sim_health_register(t);
	if (err) {
		fprintf(stderr, "hpm_target: cannot register the health commands: %s\n",
			strerror(err));
		return err;
	}
	sim_log(t, "start version=%s fw=%s boot=%s args=\"%s\"", SIM_MODULE_VERSION,
		sim_version_str(&t->current[0], fw),
		sim_version_str(&t->current[1], boot), initstr ? initstr : "");
	return 0;
}

int ipmi_sim_module_print_version(sys_data_t *sys, char *initstr)
{
	(void)sys;
	(void)initstr;
	printf("fwdispatch hpm_target module %s\n", SIM_MODULE_VERSION);
	return 0;
}

void ipmi_sim_module_post_init(sys_data_t *sys)
{
	sim_target_t *t = &target;
	char fw[32];

	t->bmc = sys->ipmb_addrs[sys->bmc_ipmb];
	if (!t->bmc)
		t->bmc = sys->mc;
	/* A BMC without its LAN channel cannot be tested: stop at start-up
	 * with the reason rather than run a simulator that half works. */
	if (!t->bmc || find_lan_channel(t)) {
		fprintf(stderr, "hpm_target: no BMC with a LAN channel: the config "
			"needs 'startlan 1' and the .emu file 'mc_add'/'mc_enable'\n");
		exit(1);
	}
	if (sim_lan_attach(t) || sim_silence_attach(t) || sim_hpm_init_timers(t)) {
		fprintf(stderr, "hpm_target: cannot hook the LAN channel\n");
		exit(1);
	}
	sim_apply_bmc_version(t);
	if (sim_state_save(t)) {
		fprintf(stderr, "hpm_target: cannot write state in '%s'\n",
			t->cfg.state_dir);
		exit(1);
	}
	sim_log(t, "ready fw=%s lan_channel=%u", sim_version_str(&t->current[0], fw),
		t->lan_chan->channel_num);
}
