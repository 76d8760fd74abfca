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
#include "redfish/manager.h"
#include "redfish/redfish.h"
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

/*
 * Over Redfish the BMC's own word on its health is its manager's Status:
 * Health Critical is what a failed self-test is over IPMI, and a State
 * other than Enabled (Updating, Starting, StandbyOffline...) is a BMC
 * that says it is not available.  The same option overrides both.
 */
static int check_manager_health(struct fwd_ctx *ctx, struct update_run *r)
{
	int allowed = !!(r->opts->run_flags & FWD_RUN_ALLOW_SELFTEST_FAILURE);
	struct fwd_redfish_reply m;
	const char *uri, *health, *state;
	char detail[160];
	int bad, warn, said;

	if (fwd_redfish_manager_uri(ctx, &uri) != 0 || fwd_redfish_get(ctx, uri, &m) != 0) {
		fwd_steps_checkf(ctx->steps, "bmc-health", FWD_CHECK_SKIP, "the manager's status "
				 "cannot be read (%s)", ctx->err.msg);
		fwd_ctx_clear_error(ctx);
		return 0;
	}
	health = json_string_value(json_object_get(json_object_get(m.body, "Status"), "Health"));
	state = json_string_value(json_object_get(json_object_get(m.body, "Status"), "State"));
	snprintf(detail, sizeof(detail), "the manager %s says State %s, Health %s", uri,
		 state ? state : "(not said)", health ? health : "(not said)");
	bad = (health && !strcmp(health, "Critical")) || (state && strcmp(state, "Enabled"));
	warn = health && !strcmp(health, "Warning");
	said = health || state;
	/* health and state point into the reply: nothing reads them past here */
	fwd_redfish_reply_release(&m);
	if (!said) {
		fwd_steps_check(ctx->steps, "bmc-health", FWD_CHECK_SKIP, detail);
		return 0;
	}
	if (!bad) {
		fwd_steps_checkf(ctx->steps, "bmc-health", warn ? FWD_CHECK_WARN : FWD_CHECK_PASS,
				 "%s", detail);
		return 0;
	}
	if (allowed) {
		fwd_steps_checkf(ctx->steps, "bmc-health", FWD_CHECK_OVERRIDDEN, "%s; going on: "
				 "--allow-bmc-selftest-failure", detail);
		return 0;
	}
	fwd_steps_check(ctx->steps, "bmc-health", FWD_CHECK_REFUSE, detail);
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "%s: a BMC in that state may be updating "
				 "already, or may not come back from a flash.  Have someone look at "
				 "it; --allow-bmc-selftest-failure flashes it anyway", detail);
}

/* The checks read over IPMI, not yet over Redfish: said, not guessed. */
static int check_not_over_redfish(struct fwd_ctx *ctx, struct update_run *r)
{
	(void)r;
	fwd_steps_check(ctx->steps, "power", FWD_CHECK_SKIP, "the power supplies are read over "
			"IPMI only (not yet over Redfish): check them yourself");
	fwd_steps_check(ctx->steps, "sel-capacity", FWD_CHECK_SKIP, "the SEL is read over IPMI "
			"only (not yet over Redfish)");
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
	static int (*const ipmi_checks[])(struct fwd_ctx *, struct update_run *) = {
		check_selftest,
		fwd_update_check_sel,
		fwd_update_check_power,
		NULL,
	};
	static int (*const redfish_checks[])(struct fwd_ctx *, struct update_run *) = {
		check_manager_health,
		check_not_over_redfish,
		NULL,
	};
	int (*const *checks)(struct fwd_ctx *, struct update_run *) =
		fwd_redfish_target(ctx) ? redfish_checks : ipmi_checks;
	struct fwd_err first = { 0, "" };
	unsigned n[5];
	int ret = 0;

	fwd_steps_record(ctx->steps, FWD_STEP_CHECKS, FWD_STEP_BEGIN,
			 "checking the BMC and the power before anything changes");
	/* Every check runs, so the operator sees all that is wrong at once; the
	 * first refusal's message is the run's (a later check reads the BMC
	 * through ctx and may clear or replace ctx's error). */
	for (size_t i = 0; checks[i]; i++) {
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
