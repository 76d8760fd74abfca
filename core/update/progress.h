/*
 * progress.h: a long step's progress as an operator reads it: how much,
 * how fast, how long still.
 *
 * Plugins report done of total units (ipmitool's HPM.1 upload gives
 * percent); when the host knows how many bytes the step moves (the
 * image's size), the units become bytes.  The rate and the time left come
 * from the time since the step's first report, so they need no help from
 * the plugin.  Plain values, no allocation: the driver keeps one.
 */
#ifndef FWD_PROGRESS_H
#define FWD_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct fwd_progress {
	int step;               /* enum fwd_step of the reports, or 0 */
	uint64_t start_ms;      /* the step's first report */
	uint64_t now_ms;        /* the last report */
	uint64_t done, total;   /* the plugin's units */
	uint64_t bytes_total;   /* what the step moves, when known; else 0 */
	int waiting;            /* done and total are seconds of a bound (a wait), not
	                           work: no bytes, no rate, no time left */
};

/* A report: done of total at now_ms, for step (a new step starts anew). */
void fwd_progress_update(struct fwd_progress *p, int step, uint64_t now_ms, uint64_t done,
			 uint64_t total, uint64_t bytes_total);

/* 0..100 */
int fwd_progress_percent(const struct fwd_progress *p);

/* Bytes done, the rate in bytes per second, the seconds left: each -1 when
 * not known (no byte count; too early to say). */
int64_t fwd_progress_bytes_done(const struct fwd_progress *p);
int64_t fwd_progress_rate(const struct fwd_progress *p);
int64_t fwd_progress_eta_s(const struct fwd_progress *p);

/* "42% (1.2 MiB of 2.9 MiB, 35.0 KiB/s, 0:48 left)", with what is known. */
void fwd_progress_format(const struct fwd_progress *p, char *buf, size_t size);

/* {"percent", "done", "total", "bytes_done", "bytes_total", "rate_bps", "eta_s"}
 * (null where not known). */
json_t *fwd_progress_to_json(const struct fwd_progress *p);

#endif
