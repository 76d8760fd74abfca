/*
 * preflight-power.h: the verdicts of the preflight's "power" and
 * "sel-capacity" checks, from what the BMC said (ipmi/power.h).
 *
 * Pure functions, so every verdict can be tested without a BMC; the steps
 * that read the BMC and record them are fwd_update_check_power and
 * fwd_update_check_sel (update-run.h, update-power.c).
 *
 *   power         refuse: a supply reports a failure, a predictive
 *                 failure, AC lost or out of range, or the redundancy
 *                 sensor says redundancy is lost, or the SEL logged such
 *                 an event in the last 24 hours (by the BMC's clock);
 *                 warn: one supply, none readable, redundancy degraded, a
 *                 supply's configuration error, power events with no date;
 *                 pass: two or more supplies (or full redundancy), all fine.
 *   sel-capacity  warn: the SEL is 90 % full or more, or overflowed;
 *                 skip: it cannot be read or does not say; else pass.
 */
#ifndef FWD_PREFLIGHT_POWER_H
#define FWD_PREFLIGHT_POWER_H

#include <fwdispatch/fwd_plugin.h>

#include "ipmi/power.h"

/* Warn from this fill level on. */
#define FWD_SEL_FULL_PERCENT 90

struct fwd_check_result {
	enum fwd_check_verdict verdict;  /* PASS, WARN, REFUSE or SKIP */
	char detail[768];                /* the check's line */
	char risk[640];                  /* REFUSE: what puts the power at risk */
};

void fwd_power_judge(const struct fwd_power *p, struct fwd_check_result *out);

/* read: whether `sel info` answered (error: why not, or NULL). */
void fwd_sel_capacity_judge(int read, const struct fwd_sel_info *info, const char *error,
			    struct fwd_check_result *out);

#endif
