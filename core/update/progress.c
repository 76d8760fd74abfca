/*
 * progress.c: percent, bytes, rate and time left of a long step
 * (progress.h).
 */
#include "update/progress.h"

#include <stdio.h>

/* A rate needs a little time behind it, or the first report says "1 GB/s". */
#define MIN_ELAPSED_MS 1000

void fwd_progress_update(struct fwd_progress *p, int step, uint64_t now_ms, uint64_t done,
			 uint64_t total, uint64_t bytes_total)
{
	if (p->step != step || now_ms < p->start_ms)
		*p = (struct fwd_progress){ .step = step, .start_ms = now_ms };
	p->now_ms = now_ms;
	p->done = total && done > total ? total : done;
	p->total = total;
	p->bytes_total = bytes_total;
}

int fwd_progress_percent(const struct fwd_progress *p)
{
	return p->total ? (int)(p->done * 100 / p->total) : 0;
}

int64_t fwd_progress_bytes_done(const struct fwd_progress *p)
{
	if (!p->total || p->waiting)
		return -1;
	if (!p->bytes_total)
		return -1;
	/* done/total of bytes_total, without overflow for any image size. */
	return (int64_t)((double)p->bytes_total * (double)p->done / (double)p->total);
}

int64_t fwd_progress_rate(const struct fwd_progress *p)
{
	uint64_t elapsed = p->now_ms - p->start_ms;
	int64_t bytes = fwd_progress_bytes_done(p);

	if (bytes <= 0 || elapsed < MIN_ELAPSED_MS)
		return -1;
	return (int64_t)((double)bytes * 1000.0 / (double)elapsed);
}

int64_t fwd_progress_eta_s(const struct fwd_progress *p)
{
	uint64_t elapsed = p->now_ms - p->start_ms;

	if (!p->total || !p->done || p->waiting || elapsed < MIN_ELAPSED_MS)
		return -1;
	if (p->done >= p->total)
		return 0;
	/* The pace so far, for what is left. */
	return (int64_t)((double)elapsed * (double)(p->total - p->done) / (double)p->done /
			 1000.0 + 0.5);
}

/* "512 B", "35.0 KiB", "1.2 MiB" */
static void human_bytes(double v, char *buf, size_t size)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB" };
	size_t u = 0;

	while (v >= 1024.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024.0;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%.0f B", v);
	else
		snprintf(buf, size, "%.1f %s", v, units[u]);
}

void fwd_progress_format(const struct fwd_progress *p, char *buf, size_t size)
{
	int64_t bytes = fwd_progress_bytes_done(p), rate = fwd_progress_rate(p);
	int64_t eta = fwd_progress_eta_s(p);
	char done[24], total[24], speed[40] = "", left[40] = "", detail[160] = "";

	if (p->waiting) {
		snprintf(buf, size, "waited %llu s of at most %llu s",
			 (unsigned long long)p->done, (unsigned long long)p->total);
		return;
	}
	if (rate >= 0) {
		human_bytes((double)rate, done, sizeof(done));
		snprintf(speed, sizeof(speed), ", %s/s", done);
	}
	if (eta > 0)
		snprintf(left, sizeof(left), ", %lld:%02lld left", (long long)(eta / 60),
			 (long long)(eta % 60));
	if (bytes >= 0) {
		human_bytes((double)bytes, done, sizeof(done));
		human_bytes((double)p->bytes_total, total, sizeof(total));
		snprintf(detail, sizeof(detail), " (%s of %s%s%s)", done, total, speed, left);
	} else if (eta > 0) {
		snprintf(detail, sizeof(detail), " (%s)", left + 2);
	}
	snprintf(buf, size, "%d%%%s", fwd_progress_percent(p), detail);
}

static json_t *maybe(int64_t v)
{
	return v < 0 ? json_null() : json_integer((json_int_t)v);
}

json_t *fwd_progress_to_json(const struct fwd_progress *p)
{
	return json_pack("{s:i, s:I, s:I, s:o, s:o, s:o, s:o}", "percent",
			 fwd_progress_percent(p), "done", (json_int_t)p->done, "total",
			 (json_int_t)p->total, "bytes_done", maybe(fwd_progress_bytes_done(p)),
			 "bytes_total", p->bytes_total ? json_integer((json_int_t)p->bytes_total)
						       : json_null(),
			 "rate_bps", maybe(fwd_progress_rate(p)), "eta_s",
			 maybe(fwd_progress_eta_s(p)));
}
