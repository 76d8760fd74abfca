/*
 * bmc-wait.c: waiting for a BMC to answer again (fwd_bmc_wait, bmc.h).
 *
 * The time from a BMC being back to fwdispatch noticing is dead time in
 * every BMC update, so the wait asks often and cheaply.  Out of band the
 * cheap question is the RMCP presence ping (one datagram, no session):
 * sent every FWD_BMC_PING_*_MS, its own wait for the pong being the pause
 * between polls; a pong is confirmed with a quick `mc info`, which alone
 * proves that IPMI answers.  A BMC whose firmware does not answer pings (ASF
 * turned off) is still found by blind `mc info` attempts between the
 * pings, quick ones (ipmitool gives up after 2 s) so that a BMC that does
 * answer pings is not kept waiting behind them long.  In-band there is no
 * ping: quick `mc info` attempts every FWD_BMC_INBAND_GAP_MS.  A Redfish
 * target is waited for by redfish/manager.c instead.
 *
 * FWD_BENCH_OLD_BMC_POLL=1 in the environment brings back the pace before
 * the pings (an `mc info` of -N 2 -R 1, then 2 s of sleep), so that the
 * benchmark can measure both in one run (bench/bench-bmc-return.sh); it is
 * no option for operators.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redfish/manager.h"
#include "redfish/redfish.h"
#include "ipmi/bmc.h"
#include "ipmi/rmcp-ping.h"
#include "ipmi/session.h"
#include "util/clock.h"

struct pace {
	int ping;            /* poll with presence pings */
	unsigned try_flags;  /* FWD_BMC_TRY_* of the blind attempts */
	unsigned gap_ms;     /* without pings: the pause after an attempt */
	uint64_t start, bound; /* the wait's start and length on ctx's clock */
	unsigned timeout_s;
	uint64_t reported;   /* the last whole second reported */
	unsigned pings;      /* sent in this wait */
};

/* "waited N s of at most M s", at most once a second. */
static void report(struct fwd_ctx *ctx, struct pace *p, uint64_t now)
{
	if (!ctx->on_progress || (now - p->start) / 1000u == p->reported)
		return;
	p->reported = (now - p->start) / 1000u;
	ctx->on_progress(ctx->progress_payload, FWD_STEP_BMC_WAIT, p->reported, p->timeout_s);
}

static void choose_pace(const struct fwd_ctx *ctx, struct pace *p)
{
	const char *old = getenv("FWD_BENCH_OLD_BMC_POLL");

	memset(p, 0, sizeof(*p));
	p->try_flags = FWD_BMC_TRY_QUIET;
	if (old && !strcmp(old, "1")) {
		p->gap_ms = FWD_BMC_POLL_MS;
		return;
	}
	p->try_flags |= FWD_BMC_TRY_QUICK;
	p->ping = fwd_rmcp_can_ping(ctx);
	p->gap_ms = FWD_BMC_INBAND_GAP_MS;
}

static unsigned ping_interval(uint64_t elapsed)
{
	if (elapsed < 10000u)
		return FWD_BMC_PING_FAST_MS;
	return elapsed < 30000u ? FWD_BMC_PING_MID_MS : FWD_BMC_PING_SLOW_MS;
}

static uint64_t at_most(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

void fwd_bmc_probe_ping(struct fwd_ctx *ctx)
{
	int r;

	if (!fwd_rmcp_can_ping(ctx))
		return;
	r = fwd_rmcp_ping_target(ctx, FWD_BMC_PROBE_PING_MS);
	ctx->bmc_pongs = r == 1 ? 1 : -1;
	fwd_log(ctx, FWD_LOG_DEBUG, "the BMC %s RMCP presence pings",
		r == 1 ? "answers" : "does not answer");
}

/*
 * One round of pings: pings until a pong, or until the next blind attempt
 * is due (or the bound).  Returns 1 on a pong, 0 when it is time to ask
 * blind, -1 when no ping can be sent (the socket refused: ask blind from
 * now on).
 */
static int ping_round(struct fwd_ctx *ctx, struct pace *p, uint64_t until)
{
	for (;;) {
		uint64_t now = fwd_now_ms(ctx), t0 = now;
		unsigned interval;
		int r;

		if (now >= until || now - p->start >= p->bound)
			return 0;
		report(ctx, p, now);
		interval = (unsigned)at_most(ping_interval(now - p->start), until - now);
		r = fwd_rmcp_ping_target(ctx, interval);
		if (r >= 0)
			p->pings++;
		if (r == 1) {
			fwd_log(ctx, FWD_LOG_DEBUG, "presence pong after %u pings in %.1f s: "
				"confirming with 'mc info'", p->pings,
				(double)(fwd_now_ms(ctx) - p->start) / 1000.0);
			ctx->bmc_pongs = 1;
			return 1;
		}
		if (r < 0) {
			fwd_log(ctx, FWD_LOG_DEBUG, "cannot send a presence ping (%s): "
				"polling with 'mc info' alone", strerror(-r));
			return -1;
		}
		/* An ICMP error ends a ping early: the pause is the interval. */
		now = fwd_now_ms(ctx);
		if (now - t0 < interval)
			fwd_sleep_ms(ctx, interval - (now - t0));
	}
}

static int fail(struct fwd_ctx *ctx, unsigned timeout_s, int no_session)
{
	char last[FWD_ERROR_MAX];

	/* Back, but refusing the credentials: a flash may reset users and
	 * passwords to the factory's. */
	if (no_session && fwd_session_diagnose(ctx, "'mc info'") == -FWD_E_AUTH) {
		snprintf(last, sizeof(last), "%s", ctx->err.msg);
		return fwd_ctx_set_error(ctx, -FWD_E_AUTH, "the BMC answers again after %u s, "
					 "but refuses the session: %s.  A flash may reset the "
					 "BMC's users and passwords to the factory's", timeout_s,
					 last);
	}
	snprintf(last, sizeof(last), "%s", ctx->err.msg[0] ? ctx->err.msg : "no answer");
	return fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE,
				 "the BMC did not answer again within %u s (last: %s)", timeout_s,
				 last);
}

int fwd_bmc_wait(struct fwd_ctx *ctx, unsigned timeout_s, struct fwd_bmc_info *out,
		 uint64_t *waited_ms)
{
	uint64_t start = fwd_now_ms(ctx), bound = (uint64_t)timeout_s * 1000u, now;
	struct pace p;
	int ret, no_session, pong = 0;

	if (fwd_redfish_target(ctx))
		return fwd_redfish_wait(ctx, timeout_s, out, waited_ms);
	choose_pace(ctx, &p);
	p.start = start;
	p.bound = bound;
	p.timeout_s = timeout_s;
	p.reported = UINT64_MAX;
	/* A BMC known to answer pings is pinged first: a blind attempt at a
	 * silent BMC costs 2 s, a ping a quarter second. */
	if (p.ping && ctx->bmc_pongs > 0) {
		int r = ping_round(ctx, &p, start + FWD_BMC_BLIND_PONGS_MS);

		pong = r == 1;
		p.ping = r >= 0;
	}
	for (;;) {
		/* Quick, a pong's confirmation too: many BMCs answer pings before
		 * IPMI is up, and a confirmation that fails only sends the wait
		 * back to its pings.  Only the last attempt, at the bound, is in
		 * full. */
		no_session = 0;
		ret = fwd_bmc_try_mc_info(ctx, out, p.try_flags, &no_session);
		now = fwd_now_ms(ctx);
		if (waited_ms)
			*waited_ms = now - start;
		if (ret == 0) {
			fwd_log(ctx, FWD_LOG_DEBUG, "the BMC answers 'mc info' again after %.1f s "
				"(%s; %u pings sent)", (double)(now - start) / 1000.0,
				pong ? "after a pong" : "asked blind", p.pings);
			fwd_ctx_clear_error(ctx);
			return 0;
		}
		if (ret != -FWD_E_BMC_GONE)
			return ret;
		if (now - start >= bound)
			break;
		report(ctx, &p, now);
		pong = 0;
		if (p.ping) {
			uint64_t every = ctx->bmc_pongs > 0 ? FWD_BMC_BLIND_PONGS_MS :
				FWD_BMC_BLIND_MS;
			int r = ping_round(ctx, &p, now + every);

			pong = r == 1;
			p.ping = r >= 0;
			continue;
		}
		fwd_sleep_ms(ctx, at_most(p.gap_ms, bound - (now - start)));
	}
	/*
	 * Once more before calling it gone, in full: a fwdispatch that was
	 * stopped (Ctrl-Z, a loaded host) can pass the bound in one attempt
	 * while the BMC came back meanwhile.
	 */
	no_session = 0;
	if (fwd_bmc_try_mc_info(ctx, out, FWD_BMC_TRY_QUIET, &no_session) == 0) {
		if (waited_ms)
			*waited_ms = fwd_now_ms(ctx) - start;
		fwd_ctx_clear_error(ctx);
		return 0;
	}
	return fail(ctx, timeout_s, no_session);
}
