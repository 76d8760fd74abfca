/*
 * clock.c: the monotonic clock and sleeping (clock.h).
 */
#include "util/clock.h"

#include <time.h>

#include "util/ctx.h"

uint64_t fwd_clock_real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t fwd_now_ms(const struct fwd_ctx *ctx)
{
	if (ctx && ctx->clock)
		return ctx->clock->now_ms(ctx->clock->payload);
	return fwd_clock_real_ms();
}

void fwd_sleep_ms(const struct fwd_ctx *ctx, uint64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L };

	if (ctx && ctx->clock) {
		ctx->clock->sleep_ms(ctx->clock->payload, ms);
		return;
	}
	/* A signal cuts the sleep short; the caller re-checks the clock. */
	nanosleep(&ts, NULL);
}
