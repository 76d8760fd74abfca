/*
 * clock.h: the one monotonic clock fwdispatch reads, and sleeping on it.
 *
 * A run measures and waits through its context: fwd_now_ms(ctx) and
 * fwd_sleep_ms(ctx, ms) use ctx->clock when a test put a clock of its own
 * there (a wait of minutes then passes at once), else the real one.
 * Plugins get the same through host->now_ms and host->sleep_ms.  Only the
 * process runner (run-command.c) reads the real clock directly: it times
 * real processes.
 */
#ifndef FWD_CLOCK_H
#define FWD_CLOCK_H

#include <stdint.h>

struct fwd_ctx;

/* A clock of a test's own; the functions get payload. */
struct fwd_clock {
	uint64_t (*now_ms)(void *payload);
	void (*sleep_ms)(void *payload, uint64_t ms);
	void *payload;
};

/* Milliseconds on CLOCK_MONOTONIC. */
uint64_t fwd_clock_real_ms(void);

/* Milliseconds on ctx's clock (ctx may be NULL: the real one). */
uint64_t fwd_now_ms(const struct fwd_ctx *ctx);

/* Sleeps ms on ctx's clock; a signal may end a real sleep early (the
 * caller looks at the clock again). */
void fwd_sleep_ms(const struct fwd_ctx *ctx, uint64_t ms);

#endif
