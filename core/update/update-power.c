/*
 * update-power.c: the preflight's "sel-capacity" and "power" checks
 * (update-run.h): read the BMC, judge (preflight-power.h), record the
 * verdict, and refuse a power at risk unless the operator said
 * --allow-power-risk.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "ipmi/power.h"
#include "update/preflight-power.h"
#include "update/steps.h"
#include "update/update-run.h"

int fwd_update_check_sel(struct fwd_ctx *ctx, struct update_run *r)
{
	struct fwd_sel_info info = { -1, -1, -1 };
	struct fwd_check_result res;
	int read = fwd_power_read_sel_info(ctx, &info) == 0;

	(void)r;
	fwd_sel_capacity_judge(read, &info, ctx->err.msg, &res);
	fwd_ctx_clear_error(ctx);
	fwd_steps_check(ctx->steps, "sel-capacity", res.verdict, res.detail);
	return 0;
}

int fwd_update_check_power(struct fwd_ctx *ctx, struct update_run *r)
{
	struct fwd_power *p = calloc(1, sizeof(*p));
	struct fwd_check_result res;
	int ret;

	if (!p)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	ret = fwd_power_read(ctx, p);
	if (ret) {
		/* ipmitool cannot run: what the power is cannot be told. */
		fwd_steps_checkf(ctx->steps, "power", FWD_CHECK_WARN, "the power supplies cannot "
				 "be read (%s)", ctx->err.msg);
		fwd_ctx_clear_error(ctx);
		free(p);
		return 0;
	}
	json_object_set_new(r->report, "power", fwd_power_to_json(p));
	fwd_power_judge(p, &res);
	free(p);
	if (res.verdict != FWD_CHECK_REFUSE) {
		fwd_steps_check(ctx->steps, "power", res.verdict, res.detail);
		return 0;
	}
	if (r->opts->run_flags & FWD_RUN_ALLOW_POWER_RISK) {
		fwd_steps_checkf(ctx->steps, "power", FWD_CHECK_OVERRIDDEN, "%s; going on: "
				 "--allow-power-risk", res.detail);
		return 0;
	}
	fwd_steps_check(ctx->steps, "power", FWD_CHECK_REFUSE, res.detail);
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
		"the power is at risk: %s.  A BMC that loses power while it writes its flash may "
		"not start again: make the power safe first (the supply, its feed, a UPS), or "
		"give --allow-power-risk to flash anyway", res.risk);
}
