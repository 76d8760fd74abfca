/*
 * syslog-sink.h: what an unattended run tells the system log.
 *
 * Nobody watches a detached run or one started by systemd (or cron
 * through systemd-run): the fleet's logs are where an operator will look.
 * Such a run sends one line per step end, its start and its end, and its
 * warnings and errors to syslog (journald takes them from there), under
 * the name "fwdispatch".  Step details and messages never hold a password
 * (commands are shown masked), so neither do these lines.
 */
#ifndef FWD_SYSLOG_SINK_H
#define FWD_SYSLOG_SINK_H

#include "util/ctx.h"

/*
 * Should this run log to syslog?  When it was detached, when systemd
 * started it (INVOCATION_ID is set), or when FWDISPATCH_SYSLOG=1;
 * FWDISPATCH_SYSLOG=0 says never.
 */
int fwd_syslog_wanted(int detached);

/* One line, at a level of fwd_log's. */
void fwd_syslog_line(enum fwd_log_level level, const char *fmt, ...) FWD_PRINTF(2, 3);

#endif
