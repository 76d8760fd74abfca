/*
 * utc-time.c: formats moments in UTC (see utc-time.h).
 */
#include "util/utc-time.h"

#include <string.h>

static void format(time_t t, const char *fmt, char buf[FWD_UTC_SIZE])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, FWD_UTC_SIZE, fmt, &tm))
		buf[0] = '\0';
}

void fwd_utc_iso(time_t t, char buf[FWD_UTC_SIZE])
{
	format(t, "%Y-%m-%dT%H:%M:%SZ", buf);
}

void fwd_utc_compact(time_t t, char buf[FWD_UTC_SIZE])
{
	format(t, "%Y%m%dT%H%M%SZ", buf);
}

void fwd_utc_now_ms(char buf[FWD_UTC_SIZE])
{
	struct timespec ts;
	unsigned ms;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	ms = (unsigned)(ts.tv_nsec / 1000000L) % 1000u;
	format(ts.tv_sec, "%Y-%m-%dT%H:%M:%S", buf);
	n = strlen(buf);
	if (!n || n + 6 > FWD_UTC_SIZE)
		return;
	/* ".123Z": by hand, the width is fixed. */
	buf[n++] = '.';
	buf[n++] = (char)('0' + ms / 100);
	buf[n++] = (char)('0' + ms / 10 % 10);
	buf[n++] = (char)('0' + ms % 10);
	buf[n++] = 'Z';
	buf[n] = '\0';
}
