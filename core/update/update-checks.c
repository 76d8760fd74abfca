/*
 * update-checks.c: the preflight's checks of the machine itself, the ones
 * a careful expert makes before the first byte (update-run.h): is the BMC
 * sound (its own self-test, its SEL), is the power safe.  The plugin's
 * checks (jobs in flight, licences) follow in its preflight entry.
 *
 * Each check records a verdict (steps.h: pass, warn, refuse, skip,
 * overridden) that the operator sees as a line, and the JSON, the journal
 * and the history keep.  A refusal ends the run here, before the backup
 * and the confirmation, with exit 3 and the option that overrides it
 * where overriding is reasonable; an override is recorded as such.
 */
#include <stdio.h>
#include <string.h>

#include "ipmi/bmc.h"
#include "ipmi/selftest.h"
#include "update/steps.h"
#include "update/update-run.h"

/*
 * A BMC that fails its self-test may not survive a flash, or may not come
 * back from the reset; one that says it is not available is updating or
 * starting already.  Neither is one to flash from afar without a person
 * deciding: --allow-bmc-selftest-failure is that decision.
 */
static int check_selftest(struct fwd_ctx *ctx, struct update_run *r)
{
	int allowed = !!(r->opts->run_flags & FWD_RUN_ALLOW_SELFTEST_FAILURE);
	struct fwd_bmc_info info = { .size = sizeof(info) };
	char detail[512];

	switch (fwd_selftest_read(ctx, detail, sizeof(detail))) {
	case FWD_SELFTEST_PASSED:
		break;
	case FWD_SELFTEST_NOT_IMPLEMENTED:
		fwd_steps_check(ctx->steps, "bmc-selftest", FWD_CHECK_SKIP, "the BMC has no "
				"self-test (Get Self Test Results: not implemented)");
		return 0;
	case FWD_SELFTEST_UNKNOWN:
		fwd_steps_check(ctx->steps, "bmc-selftest", FWD_CHECK_SKIP, detail);
		return 0;
	case FWD_SELFTEST_FAILED:
		if (allowed) {
			fwd_steps_checkf(ctx->steps, "bmc-selftest", FWD_CHECK_OVERRIDDEN,
					 "the BMC fails its self-test (%s); going on: "
					 "--allow-bmc-selftest-failure", detail);
			return 0;
		}
		fwd_steps_checkf(ctx->steps, "bmc-selftest", FWD_CHECK_REFUSE,
				 "the BMC fails its self-test: %s", detail);
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"the BMC fails its own self-test ('ipmitool mc selftest': %s): a BMC in "
			"that state may not come back from a flash.  Have someone look at it "
			"(its SEL, a BMC cold reset, the vendor's support); "
			"--allow-bmc-selftest-failure flashes it anyway", detail);
	}
	if (fwd_bmc_info_quiet(ctx, &info) == 0 && info.device_available == 0) {
		if (allowed) {
			fwd_steps_check(ctx->steps, "bmc-selftest", FWD_CHECK_OVERRIDDEN,
					"the BMC passes its self-test but says it is not "
					"available (updating or starting); going on: "
					"--allow-bmc-selftest-failure");
			return 0;
		}
		fwd_steps_check(ctx->steps, "bmc-selftest", FWD_CHECK_REFUSE,
				"the BMC says it is not available (mc info: Device Available: no)");
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"the BMC says it is not available ('ipmitool mc info': Device Available: "
			"no): it is updating or still starting.  Wait for it, or find out who "
			"is updating it; --allow-bmc-selftest-failure goes on anyway");
	}
	fwd_ctx_clear_error(ctx);
	fwd_steps_check(ctx->steps, "bmc-selftest", FWD_CHECK_PASS, "the BMC passes its self-test");
	return 0;
}

/* Counts the verdicts recorded so far, for the step's line. */
static void count_verdicts(const struct fwd_steps *steps, unsigned n[5])
{
	const json_t *rec;
	size_t i;

	memset(n, 0, 5 * sizeof(n[0]));
	json_array_foreach(steps ? steps->checks : NULL, i, rec) {
		const char *v = json_string_value(json_object_get(rec, "verdict"));

		for (unsigned k = 0; v && k < 5; k++)
			if (!strcmp(v, fwd_check_verdict_name((enum fwd_check_verdict)k)))
				n[k]++;
	}
}

int fwd_update_preflight_checks(struct fwd_ctx *ctx, struct update_run *r)
{
	static int (*const checks[])(struct fwd_ctx *, struct update_run *) = {
		check_selftest,
		fwd_update_check_sel,
		fwd_update_check_power,
	};
	struct fwd_err first = { 0, "" };
	unsigned n[5];
	int ret = 0;

	fwd_steps_record(ctx->steps, FWD_STEP_CHECKS, FWD_STEP_BEGIN,
			 "checking the BMC and the power before anything changes");
	/* Every check runs, so the operator sees all that is wrong at once; the
	 * first refusal's message is the run's (a later check reads the BMC
	 * through ctx and may clear or replace ctx's error). */
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		int one = checks[i](ctx, r);

		if (one && !ret) {
			ret = one;
			first = ctx->err;
		}
	}
	if (ret) {
		ctx->err = first;
		return fwd_update_step_fail(ctx, FWD_STEP_CHECKS, ret);
	}
	count_verdicts(ctx->steps, n);
	fwd_steps_recordf(ctx->steps, FWD_STEP_CHECKS, FWD_STEP_DONE,
			  "%u passed, %u warnings, %u overridden, %u not applicable",
			  n[FWD_CHECK_PASS], n[FWD_CHECK_WARN], n[FWD_CHECK_OVERRIDDEN],
			  n[FWD_CHECK_SKIP]);
	return 0;
}
