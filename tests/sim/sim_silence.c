/*
 * sim_silence.c: a BMC that stops answering, in one ipmi_sim process.
 *
 * Every packet the LAN channel sends goes through lanserv's send_out hook
 * (replies, RMCP+ session set-up, ASF pong).  The module wraps that hook:
 * while the target is silent nothing leaves, so to ipmitool the BMC is gone
 * (no reply, no ICMP error, the UDP port stays taken) exactly as when a real
 * BMC reboots.  Two things make it silent:
 *   - Cold Reset (App netfn 0x06, cmd 0x02): acknowledged, then silent for
 *     reset_silence seconds, then back "after a reboot": the upgrade state
 *     is dropped and the firmware state is read back from bmc.state;
 *   - the stop_after_blocks fault: silent for stop_silence seconds, or until
 *     the process ends when that is 0.
 * Requests that arrive while silent are not acted on (see the handlers).
 */
#include <stdio.h>
#include <string.h>

#include "sim.h"

/* send_out carries no cb_data, so the hook finds its target here. */
static sim_target_t *silence_target;

static void end_silence(sim_target_t *t)
{
	t->silent = 0;
	sim_log(t, "back after silence dropped=%lu", t->dropped);
	t->dropped = 0;
	/* What a reboot does: forget the upgrade in progress and run the
	 * firmware that bmc.state says is active. */
	sim_hpm_reboot(t);
	if (sim_state_load(t))
		sim_log(t, "error state-load after reset");
	sim_apply_bmc_version(t);
}

int sim_silence_active(sim_target_t *t)
{
	struct timespec now;

	if (!t->silent)
		return 0;
	if (t->silent_forever)
		return 1;
	sim_now(&now);
	if (sim_before(&now, &t->silent_until))
		return 1;
	end_silence(t);
	return 0;
}

static void start_timer_ms(sim_target_t *t, ipmi_timer_t *timer,
			   unsigned long ms)
{
	struct timeval tv;

	if (!timer)
		return;
	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)((ms % 1000) * 1000);
	t->sys->stop_timer(timer);
	t->sys->start_timer(timer, &tv);
}

static void silence_timer_cb(void *cb_data)
{
	sim_target_t *t = cb_data;
	struct timespec now;
	long ms;

	if (!sim_silence_active(t) || t->silent_forever)
		return;
	/* Woken a little early: wait for the rest. */
	sim_now(&now);
	ms = (long)(t->silent_until.tv_sec - now.tv_sec) * 1000 +
	     (t->silent_until.tv_nsec - now.tv_nsec) / 1000000 + 1;
	start_timer_ms(t, t->silence_timer, ms > 0 ? (unsigned long)ms : 1);
}

void sim_silence_begin(sim_target_t *t, unsigned seconds, int forever,
		       const char *why)
{
	t->silent = 1;
	t->silent_forever = forever;
	t->dropped = 0;
	sim_now(&t->silent_until);
	sim_add_ms(&t->silent_until, (unsigned long)seconds * 1000);
	if (forever) {
		sim_log(t, "silent for=ever reason=%s", why);
	} else {
		sim_log(t, "silent for=%us reason=%s", seconds, why);
		start_timer_ms(t, t->silence_timer, (unsigned long)seconds * 1000 + 1);
	}
}

static void send_filter(lanserv_data_t *lan, struct iovec *data, int vecs,
			void *addr, int addr_len)
{
	sim_target_t *t = silence_target;

	if (sim_silence_active(t)) {
		t->dropped++;
		return;
	}
	t->orig_send_out(lan, data, vecs, addr, addr_len);
}

static void reset_timer_cb(void *cb_data)
{
	sim_target_t *t = cb_data;

	sim_silence_begin(t, t->cfg.reset_silence_s, 0, "cold-reset");
}

void sim_reboot_soon(sim_target_t *t)
{
	sim_log(t, "reboot after activation silence=%u", t->cfg.reset_silence_s);
	if (t->reset_timer)
		start_timer_ms(t, t->reset_timer, 20);
	else
		reset_timer_cb(t);
}

void sim_cold_reset_handle(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
			   unsigned int *rdata_len, void *cb_data)
{
	sim_target_t *t = cb_data;

	(void)mc;
	(void)msg;
	rdata[0] = 0x00;
	*rdata_len = 1;
	if (sim_silence_active(t)) {
		sim_log(t, "dropped cold-reset (silent)");
		return;
	}
	sim_log(t, "cold-reset silence=%u", t->cfg.reset_silence_s);
	/* The acknowledgement leaves when this handler returns; the reset
	 * starts from the event loop right after it. */
	if (t->reset_timer)
		start_timer_ms(t, t->reset_timer, 20);
	else
		reset_timer_cb(t);
}

int sim_silence_attach(sim_target_t *t)
{
	lanserv_data_t *lan = t->lan_srv;

	if (!lan || !lan->send_out)
		return -1;
	if (t->sys->alloc_timer(t->sys, silence_timer_cb, t, &t->silence_timer) ||
	    t->sys->alloc_timer(t->sys, reset_timer_cb, t, &t->reset_timer))
		return -1;
	t->orig_send_out = lan->send_out;
	silence_target = t;
	lan->send_out = send_filter;
	return 0;
}
