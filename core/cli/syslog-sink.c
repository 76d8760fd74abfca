/*
 * syslog-sink.c: lines for the system log from an unattended run
 * (syslog-sink.h).
 */
#include "cli/syslog-sink.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

int fwd_syslog_wanted(int detached)
{
	const char *env = getenv("FWDISPATCH_SYSLOG");

	if (env && !strcmp(env, "0"))
		return 0;
	if (env && !strcmp(env, "1"))
		return 1;
	return detached || (getenv("INVOCATION_ID") && *getenv("INVOCATION_ID"));
}

static int priority(enum fwd_log_level level)
{
	switch (level) {
	case FWD_LOG_ERROR: return LOG_ERR;
	case FWD_LOG_WARN: return LOG_WARNING;
	case FWD_LOG_DEBUG: return LOG_DEBUG;
	default: return LOG_NOTICE;
	}
}

void fwd_syslog_line(enum fwd_log_level level, const char *fmt, ...)
{
	static int opened;
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
#ifdef FWD_TEST_HOOKS
	/* The test build writes the lines to a file instead (syslog(3) always
	 * writes to /dev/log, which a test cannot read). */
	if (getenv("FWDISPATCH_TEST_SYSLOG_FILE")) {
		FILE *f = fopen(getenv("FWDISPATCH_TEST_SYSLOG_FILE"), "ae");

		if (f) {
			fprintf(f, "%d %s\n", priority(level), line);
			fclose(f);
		}
		return;
	}
#endif
	if (!opened++)
		openlog("fwdispatch", LOG_PID, LOG_DAEMON);
	syslog(priority(level), "%s", line);
}
