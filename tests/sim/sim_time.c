/*
 * sim_time.c: monotonic deadlines.  Handlers never sleep; they compare the
 * clock with a deadline (long-duration commands, silences) instead.
 */
#include "sim.h"

void sim_now(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

void sim_add_ms(struct timespec *ts, unsigned long ms)
{
	ts->tv_sec += (time_t)(ms / 1000);
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Is a strictly before b? */
int sim_before(const struct timespec *a, const struct timespec *b)
{
	if (a->tv_sec != b->tv_sec)
		return a->tv_sec < b->tv_sec;
	return a->tv_nsec < b->tv_nsec;
}
