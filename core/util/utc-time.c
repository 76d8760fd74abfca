/*
 * utc-time.c: formats moments in UTC (see utc-time.h).
 */
#include "util/utc-time.h"

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
