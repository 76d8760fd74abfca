/*
 * fake-bmc.h: a BMC, an ipmitool and a clock for the core's own tests,
 * in process (the core's counterpart of mock-host.h, which stands in for
 * the core in plugin tests).
 *
 * fwd_fake_bmc_attach(b, ctx) points ctx->runner at a stand-in for
 * ipmitool that answers from b, and ctx->clock at b's clock, which a
 * sleep moves on at once: a wait of minutes takes no time.  The BMC is a
 * small model, in time:
 *  - it runs `running` (a full version, "6.10.80.00"); `mc info` shows
 *    its first two parts, as IPMI's Get Device ID does ("6.10");
 *  - `pending`, when set, runs after its next restart;
 *  - it is silent (mc info fails) from down_from to down_until on its
 *    clock, and runs pending from down_until on (a restart);
 *  - `mc reset cold` starts a restart: after reset_delay_ms of answering
 *    on, silent for reset_silence_ms;
 *  - a BMC that restarts by itself after an upload is scripted with
 *    fwd_fake_bmc_restart_in().
 * Other ipmitool commands get the answers scripted with
 * The BMC answers RMCP presence pings (ctx->pinger: used when ctx's
 * target is out of band) whenever mc info answers, unless asf_off, and
 * pong_delay_ms after a restart ends at the earliest.  A ping that gets
 * no pong takes its whole timeout on the clock.
 * fwd_fake_bmc_reply() (by the words after the target options, e.g. "lan
 * print 1"), else exit 1 with a completion code ("command failed": the
 * BMC answered no).  fwd_fake_bmc_lan() scripts one LAN channel (1) with
 * its settings and users.  Every command line is kept in calls.
 *
 * Ownership: the struct is the test's; strings given are copied; release
 * with fwd_fake_bmc_release().
 */
#ifndef FWD_TEST_FAKE_BMC_H
#define FWD_TEST_FAKE_BMC_H

#include <stddef.h>
#include <stdint.h>

#include "ipmi/rmcp-ping.h"
#include "tool/tool.h"
#include "util/clock.h"
#include "util/ctx.h"

#define FWD_FAKE_MAX 64

struct fwd_fake_reply {
	char *words;             /* "lan print 1": the command after the target options */
	int exit_code;
	char *out, *err;
};

struct fwd_fake_bmc {
	struct fwd_tool_runner runner; /* handed to ctx */
	struct fwd_clock clock;
	struct fwd_pinger pinger;      /* handed to ctx */

	uint64_t now_ms;         /* the clock */
	size_t n_sleeps;

	char running[32];        /* what runs now */
	char pending[32];        /* what runs after the next restart, "" none */
	uint64_t down_from, down_until; /* silent in [down_from, down_until) */
	uint64_t reset_delay_ms; /* mc reset cold: still answering this long */
	uint64_t reset_silence_ms; /* then silent this long */
	int reset_ignored;       /* mc reset cold is acknowledged, nothing happens */
	uint64_t stall_at_ms;    /* the first mc info from then on takes stall_ms and */
	uint64_t stall_ms;       /* fails: fwdispatch stopped while it ran (Ctrl-Z) */
	int refuses_sessions;    /* answers, but refuses every session: a wrong
	                            password, as ipmitool -v tells it */
	uint32_t manufacturer_id, product_id;
	int asf_off;             /* never answers a presence ping */
	uint64_t pong_delay_ms;  /* pongs only this long after a restart ended */
	uint64_t back_at_ms;     /* when the last restart ended (0: none yet) */
	size_t n_pings, n_pongs;

	size_t n_mc_info, n_resets;
	unsigned last_stop_grace_ms; /* of the last command, as the host passed it */
	char *calls[FWD_FAKE_MAX * 4];  /* every command line, as run */
	size_t n_calls;
	struct fwd_fake_reply replies[FWD_FAKE_MAX];
	size_t n_replies;
};

/* A BMC that runs running, answers at once, restarts in 0 ms with 10 s of
 * silence on a cold reset. */
void fwd_fake_bmc_init(struct fwd_fake_bmc *b, const char *running);
void fwd_fake_bmc_release(struct fwd_fake_bmc *b);

/* Hands ctx the stand-in ipmitool and the clock. */
void fwd_fake_bmc_attach(struct fwd_fake_bmc *b, struct fwd_ctx *ctx);

/* From now + after_ms the BMC is silent for silence_ms, then runs pending. */
void fwd_fake_bmc_restart_in(struct fwd_fake_bmc *b, uint64_t after_ms, uint64_t silence_ms);

/* What mc info shows now: "6.10" of "6.10.80.00"; "" when silent. */
const char *fwd_fake_bmc_mc_version(struct fwd_fake_bmc *b, char *buf, size_t size);

/* Scripts the answer to an ipmitool command (the words after the target
 * options, exactly). */
void fwd_fake_bmc_reply(struct fwd_fake_bmc *b, const char *words, int exit_code,
			const char *out, const char *err);

/* LAN channel 1: static 10.0.0.5/255.255.255.0 via 10.0.0.1, user ADMIN. */
void fwd_fake_bmc_lan(struct fwd_fake_bmc *b);

/* How many command lines contain text. */
size_t fwd_fake_bmc_count(const struct fwd_fake_bmc *b, const char *text);

#endif
