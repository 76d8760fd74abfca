/*
 * utc-time.h: the ways fwdispatch writes a moment, always in UTC so that
 * journals, backups and history from machines in different zones compare.
 */
#ifndef FWD_UTC_TIME_H
#define FWD_UTC_TIME_H

#include <time.h>

/* Room for either form and its NUL. */
#define FWD_UTC_SIZE 32

/* t as 2026-11-24T10:00:00Z: for JSON and for people. */
void fwd_utc_iso(time_t t, char buf[FWD_UTC_SIZE]);

/* t as 20261124T100000Z: for file names and run ids, which sort by time. */
void fwd_utc_compact(time_t t, char buf[FWD_UTC_SIZE]);

/* Now, to the millisecond, as 2026-11-24T10:00:00.123Z: for events, which
 * can come several in a second. */
void fwd_utc_now_ms(char buf[FWD_UTC_SIZE]);

#endif
