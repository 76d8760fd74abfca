/*
 * test_bmc_sequence.c: what follows a BMC upload (update/bmc-sequence.c),
 * for every plugin alike: the cold reset when asked for, the old firmware
 * going down, the BMC's return within the bound, and the verification of
 * the version read through the plugin.
 *
 * The BMC is tests/support/fake-bmc (ipmitool and a clock in process), the
 * plugin a vtable of this file whose read_versions answers as HPM.1 and
 * Supermicro plugins do (what mc info shows, major.minor) or as Dell's
 * does (racadm's full version).  These cases were the plugins' own tests
 * before ABI 2.0 moved the sequence into the core.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fake-bmc.h"
#include "ipmi/bmc.h"
#include "update/bmc-sequence.h"
#include "update/plan.h"
#include "update/steps.h"
#include "util/version.h"

struct t {
	struct fwd_ctx ctx;
	struct fwd_steps steps;
	struct fwd_fake_bmc bmc;
	struct fwd_plugin vt;
	struct fwd_plugin_slot slot;
	struct fwd_identity id;
	struct fwd_bmc_sequence seq;
	struct fwd_target_opts target; /* out of band when a test says so */
	json_t *result;
	int full_versions;       /* read_versions gives the full version (Dell) */
	int versions_fail;       /* read_versions fails (racadm unreachable) */
	size_t n_read_versions;
};

static struct t *current;

static int fake_read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id,
			      unsigned which, struct fwd_versions *out)
{
	char mc[32];

	(void)id;
	current->n_read_versions++;
	out->bmc[0] = out->bios[0] = '\0';
	if (current->versions_fail)
		return fwd_ctx_set_error(ctx, -FWD_E_TOOL_FAILED, "racadm: cannot connect");
	if (!(which & FWD_VERSION_BMC))
		return 0;
	if (!fwd_fake_bmc_mc_version(&current->bmc, mc, sizeof(mc))[0])
		return fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE, "the BMC does not answer");
	snprintf(out->bmc, sizeof(out->bmc), "%s", current->full_versions ? current->bmc.running
									  : mc);
	return 0;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	fwd_ctx_init(&t->ctx);
	t->ctx.log_level = getenv("FWD_TEST_VERBOSE") ? FWD_LOG_DEBUG : FWD_LOG_ERROR;
	fwd_steps_init(&t->steps);
	t->ctx.steps = &t->steps;
	fwd_fake_bmc_init(&t->bmc, "1.71");
	fwd_fake_bmc_attach(&t->bmc, &t->ctx);
	t->vt = (struct fwd_plugin){ FWD_PLUGIN_INIT, .name = "fake",
				     .read_versions = fake_read_versions };
	t->slot = (struct fwd_plugin_slot){ .name = "fake", .loaded = 1, .vt = &t->vt };
	t->id = (struct fwd_identity){ .size = sizeof(t->id), .source = "none" };
	t->seq = (struct fwd_bmc_sequence){
		.plugin = &t->slot, .id = &t->id, .want = "1.72", .before = "1.71",
		.wait_s = 600,
		.next = { .size = sizeof(t->seq.next), .reset = FWD_BMC_RESET_NONE },
	};
	t->result = json_object();
	current = t;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;

	json_decref(t->result);
	fwd_steps_release(&t->steps);
	fwd_fake_bmc_release(&t->bmc);
	free(t);
	return 0;
}

/* Runs the sequence from "now", the end of the upload. */
static int run(struct t *t)
{
	t->seq.upload_end_ms = t->bmc.now_ms;
	return fwd_bmc_sequence_run(&t->ctx, &t->seq, t->result);
}

/* The last record of step: its status ("ok", ...) or NULL; its detail. */
static const char *status_of(struct t *t, enum fwd_step step, const char **detail)
{
	const char *name = fwd_step_name(step), *status = NULL;
	json_t *rec;
	size_t i;

	json_array_foreach(t->steps.list, i, rec) {
		if (!strcmp(json_string_value(json_object_get(rec, "name")), name)) {
			status = json_string_value(json_object_get(rec, "status"));
			if (detail)
				*detail = json_string_value(json_object_get(rec, "detail"));
		}
	}
	return status;
}

static void expect_step(struct t *t, enum fwd_step step, const char *status, const char *text)
{
	const char *detail = NULL, *got = status_of(t, step, &detail);

	if (!got || strcmp(got, status) != 0)
		fail_msg("step %s is '%s', expected '%s' (%s)", fwd_step_name(step),
			 got ? got : "not recorded", status, detail ? detail : "");
	if (text && (!detail || !strstr(detail, text)))
		fail_msg("step %s: '%s' not in '%s'", fwd_step_name(step), text,
			 detail ? detail : "");
}

static void expect_error(struct t *t, int code, const char *text)
{
	assert_int_equal(t->ctx.err.code, code);
	if (!strstr(t->ctx.err.msg, text))
		fail_msg("'%s' not in the error: %s", text, t->ctx.err.msg);
}

static const char *after(struct t *t)
{
	json_t *a = json_object_get(t->result, "after");

	return json_is_string(a) ? json_string_value(a) : NULL;
}

/* ---- HPM.1: activation, then the core's cold reset ---- */

/* Still the old firmware after activation: reset, 10 s of silence, the new one. */
static void cold_reset_then_new(void **state)
{
	struct t *t = *state;

	t->seq.next.reset = FWD_BMC_RESET_COLD;
	t->seq.next.go_down_s = 30;
	snprintf(t->bmc.pending, sizeof(t->bmc.pending), "1.72");
	t->bmc.reset_delay_ms = 2000;   /* it answers on a moment after the reset */
	assert_int_equal(run(t), 0);
	assert_int_equal(t->bmc.n_resets, 1);
	expect_step(t, FWD_STEP_BMC_RESET, "ok", "sent 'mc reset cold'");
	expect_step(t, FWD_STEP_BMC_WAIT, "ok", "answered again");
	expect_step(t, FWD_STEP_BMC_VERIFY, "ok", "runs 1.72");
	assert_string_equal(after(t), "1.72");
	assert_true(json_integer_value(json_object_get(t->result, "wait_ms")) >= 12000);
	assert_int_equal(fwd_fake_bmc_count(&t->bmc, "mc reset cold"), 1);
}

/* Out of band, a BMC that answers pings: the probe before the reset sees a
 * pong, its going down is seen by missed pings (not before: it answers on
 * 2 s after the reset), and its return by a pong, confirmed by mc info. */
static void cold_reset_seen_by_pings(void **state)
{
	struct t *t = *state;
	json_int_t waited;

	fwd_target_init(&t->target);
	t->target.pub.out_of_band = 1;
	t->ctx.target = &t->target;
	t->seq.next.reset = FWD_BMC_RESET_COLD;
	t->seq.next.go_down_s = 30;
	snprintf(t->bmc.pending, sizeof(t->bmc.pending), "1.72");
	t->bmc.reset_delay_ms = 2000;
	t->bmc.reset_silence_ms = 20100;
	assert_int_equal(run(t), 0);
	assert_int_equal(t->ctx.bmc_pongs, 1);
	expect_step(t, FWD_STEP_BMC_WAIT, "ok", "answered again");
	expect_step(t, FWD_STEP_BMC_VERIFY, "ok", "runs 1.72");
	waited = json_integer_value(json_object_get(t->result, "wait_ms"));
	assert_true(waited >= 22100 && waited <= 22100 + FWD_BMC_PING_MID_MS);
	/* The probe, the go-down's and the wait's: many pings, few mc info. */
	assert_true(t->bmc.n_pings >= 20100 / FWD_BMC_PING_MID_MS);
	assert_true(t->bmc.n_mc_info <= 8);
}

/* Activation took effect by itself: no reset is sent. */
static void no_reset_when_new_runs(void **state)
{
	struct t *t = *state;

	t->seq.next.reset = FWD_BMC_RESET_COLD;
	snprintf(t->bmc.running, sizeof(t->bmc.running), "1.72");
	assert_int_equal(run(t), 0);
	assert_int_equal(t->bmc.n_resets, 0);
	expect_step(t, FWD_STEP_BMC_RESET, "skipped", "without a reset");
	expect_step(t, FWD_STEP_BMC_VERIFY, "ok", NULL);
}

/* The BMC went down by itself right after activation: no reset either. */
static void no_reset_when_silent(void **state)
{
	struct t *t = *state;

	t->seq.next.reset = FWD_BMC_RESET_COLD;
	snprintf(t->bmc.pending, sizeof(t->bmc.pending), "1.72");
	fwd_fake_bmc_restart_in(&t->bmc, 0, 8000);
	assert_int_equal(run(t), 0);
	assert_int_equal(t->bmc.n_resets, 0);
	expect_step(t, FWD_STEP_BMC_RESET, "skipped", "restarting by itself");
	assert_string_equal(after(t), "1.72");
}

/* The new firmware does not boot: back on the old one, exit 5. */
static void rollback_is_a_mismatch(void **state)
{
	struct t *t = *state;

	t->seq.next.reset = FWD_BMC_RESET_COLD;
	t->seq.next.go_down_s = 30;
	assert_int_equal(run(t), -FWD_E_VERIFY);
	expect_error(t, -FWD_E_VERIFY, "the BMC runs 1.71 after the flash, not 1.72");
	expect_step(t, FWD_STEP_BMC_VERIFY, "failed", "expected 1.72");
	assert_string_equal(after(t), "1.71");
}

/* A BMC that does not come back within the bound: exit 6, nothing verified. */
static void gone_within_the_bound(void **state)
{
	struct t *t = *state;

	t->seq.next.reset = FWD_BMC_RESET_COLD;
	t->seq.wait_s = 5;
	t->bmc.reset_silence_ms = 3600u * 1000u;
	assert_int_equal(run(t), -FWD_E_BMC_GONE);
	expect_error(t, -FWD_E_BMC_GONE, "did not answer within 5 s");
	expect_step(t, FWD_STEP_BMC_WAIT, "failed", "5 s");
	assert_null(status_of(t, FWD_STEP_BMC_VERIFY, NULL));
	assert_true(json_is_null(json_object_get(t->result, "after")));
	/* Bounded: the go-down (30 s at most, cut to the bound) and 5 s of polls. */
	assert_true(t->bmc.now_ms - t->seq.upload_end_ms <= 11000);
}

/* ---- a BMC that restarts by itself (sum, a Dell job) ---- */

/* sum returned while the BMC still answers with its old firmware: that is
 * no failed flash; it goes down, comes back, runs the new one. */
static void old_answers_before_the_restart(void **state)
{
	struct t *t = *state;

	t->seq.next.go_down_s = 90;
	snprintf(t->bmc.pending, sizeof(t->bmc.pending), "1.72");
	fwd_fake_bmc_restart_in(&t->bmc, 3000, 20000);
	assert_int_equal(run(t), 0);
	assert_true(t->bmc.n_mc_info >= 4); /* the old answers were looked at, and passed over */
	assert_int_equal(t->bmc.n_resets, 0);
	assert_null(status_of(t, FWD_STEP_BMC_RESET, NULL));
	assert_string_equal(after(t), "1.72");
	assert_true(json_integer_value(json_object_get(t->result, "wait_ms")) >= 23000);
	expect_step(t, FWD_STEP_BMC_WAIT, "ok", NULL);
}

/* It never restarts: after the go-down bound, the old version is verified
 * against: no image version given, so the hint names --bmc-version. */
static void still_the_old_version(void **state)
{
	struct t *t = *state;

	t->seq.next.go_down_s = 90;
	t->seq.want = NULL;
	assert_int_equal(run(t), -FWD_E_VERIFY);
	expect_error(t, -FWD_E_VERIFY, "the BMC still runs 1.71");
	expect_error(t, -FWD_E_VERIFY, "--bmc-version");
	expect_step(t, FWD_STEP_BMC_VERIFY, "failed", "1.71");
	assert_string_equal(after(t), "1.71");
	/* It asked for the whole go-down, then no longer. */
	assert_true(t->bmc.now_ms - t->seq.upload_end_ms >= 90000);
	assert_true(t->bmc.now_ms - t->seq.upload_end_ms < 95000);
}

/* Another version than the one given runs. */
static void another_version_than_given(void **state)
{
	struct t *t = *state;

	snprintf(t->bmc.pending, sizeof(t->bmc.pending), "1.70");
	fwd_fake_bmc_restart_in(&t->bmc, 0, 5000);
	t->seq.next.go_down_s = 90;
	assert_int_equal(run(t), -FWD_E_VERIFY);
	expect_error(t, -FWD_E_VERIFY, "the BMC runs 1.70 after the flash, not 1.72");
}

/* mc info shows major.minor only: "01.72.13" is proven by 1.72 where 1.71
 * ran before, and not where 1.72 ran before already. */
static void coarse_versions(void **state)
{
	struct t *t = *state;

	t->seq.want = "01.72.13";
	snprintf(t->bmc.pending, sizeof(t->bmc.pending), "1.72");
	fwd_fake_bmc_restart_in(&t->bmc, 0, 5000);
	assert_int_equal(run(t), 0);
	assert_string_equal(after(t), "1.72");

	fwd_steps_release(&t->steps);
	fwd_steps_init(&t->steps);
	t->seq.before = "1.72";
	assert_int_equal(run(t), -FWD_E_VERIFY);
	expect_error(t, -FWD_E_VERIFY, "cannot confirm that the new firmware runs");
	expect_step(t, FWD_STEP_BMC_VERIFY, "failed", "cannot tell");
}

/* No version given: any other version than before passes. */
static void any_other_version_without_one_given(void **state)
{
	struct t *t = *state;

	t->seq.want = NULL;
	snprintf(t->bmc.pending, sizeof(t->bmc.pending), "1.80");
	fwd_fake_bmc_restart_in(&t->bmc, 1000, 5000);
	t->seq.next.go_down_s = 90;
	assert_int_equal(run(t), 0);
	assert_string_equal(after(t), "1.80");
	expect_step(t, FWD_STEP_BMC_VERIFY, "ok", "1.80");
}

/* ---- full versions read through the plugin (Dell's racadm) ---- */

static void dell_start(struct t *t, const char *running)
{
	t->full_versions = 1;
	snprintf(t->bmc.running, sizeof(t->bmc.running), "%s", running);
	t->seq.want = NULL;
	t->seq.before = "6.10.30.00";
	t->seq.next.go_down_s = 60;
	snprintf(t->seq.next.job_id, sizeof(t->seq.next.job_id), "JID_123456789012");
}

/* The job completed while the old firmware still answers: wait for the
 * restart, then the full version shows the change below major.minor. */
static void full_version_after_the_restart(void **state)
{
	struct t *t = *state;

	dell_start(t, "6.10.30.00");
	snprintf(t->bmc.pending, sizeof(t->bmc.pending), "6.10.80.00");
	fwd_fake_bmc_restart_in(&t->bmc, 4000, 30000);
	assert_int_equal(run(t), 0);
	assert_string_equal(after(t), "6.10.80.00");
	assert_string_equal(json_string_value(json_object_get(t->result, "job_id")),
			    "JID_123456789012");
	assert_true(json_integer_value(json_object_get(t->result, "wait_ms")) >= 34000);
	expect_step(t, FWD_STEP_BMC_VERIFY, "ok", "6.10.80.00");
	assert_true(t->n_read_versions >= 1);
}

/* Back, but the same full version: not a success, unless a reinstall was
 * allowed. */
static void same_full_version(void **state)
{
	struct t *t = *state;

	dell_start(t, "6.10.30.00");
	fwd_fake_bmc_restart_in(&t->bmc, 0, 10000);
	assert_int_equal(run(t), -FWD_E_VERIFY);
	expect_error(t, -FWD_E_VERIFY, "still runs 6.10.30.00");
	expect_error(t, -FWD_E_VERIFY, "--allow-reinstall");
	expect_step(t, FWD_STEP_BMC_VERIFY, "failed", "6.10.30.00");

	fwd_steps_release(&t->steps);
	fwd_steps_init(&t->steps);
	fwd_ctx_clear_error(&t->ctx);
	t->seq.flags = FWD_FLASH_ALLOW_REINSTALL;
	fwd_fake_bmc_restart_in(&t->bmc, 0, 10000);
	assert_int_equal(run(t), 0);
	expect_step(t, FWD_STEP_BMC_VERIFY, "ok", "a reinstall, allowed");
}

/* An expected version that does not run afterwards. */
static void full_version_not_the_expected(void **state)
{
	struct t *t = *state;

	dell_start(t, "6.10.30.00");
	t->seq.want = "7.00.00.171";
	snprintf(t->bmc.pending, sizeof(t->bmc.pending), "6.10.80.00");
	fwd_fake_bmc_restart_in(&t->bmc, 0, 10000);
	assert_int_equal(run(t), -FWD_E_VERIFY);
	expect_error(t, -FWD_E_VERIFY, "runs 6.10.80.00 after the flash, not 7.00.00.171");
	assert_string_equal(after(t), "6.10.80.00");
}

/* racadm cannot be reached afterwards: mc info's major.minor decides, and
 * a change there is a change. */
static void plugin_versions_fail_mc_info_decides(void **state)
{
	struct t *t = *state;

	dell_start(t, "6.10.30.00");
	t->versions_fail = 1;
	snprintf(t->bmc.pending, sizeof(t->bmc.pending), "7.00.00.171");
	fwd_fake_bmc_restart_in(&t->bmc, 0, 10000);
	assert_int_equal(run(t), 0);
	assert_string_equal(after(t), "7.00");
}

/* ---- before the upload, and a dry run ---- */

/* Neither the image's version nor the running one: refuse before sending anything. */
static void needs_a_version_to_compare(void **state)
{
	struct t *t = *state;

	t->seq.want = NULL;
	t->seq.before = NULL;
	assert_int_equal(fwd_bmc_sequence_check(&t->ctx, &t->seq), -FWD_E_REFUSED);
	expect_error(t, -FWD_E_REFUSED, "nothing was flashed");
	t->seq.before = "1.71";
	assert_int_equal(fwd_bmc_sequence_check(&t->ctx, &t->seq), 0);
}

/* A dry run plans the reset, the wait and the verification, and sends nothing. */
static void dry_run_plans_and_sends_nothing(void **state)
{
	struct t *t = *state;
	json_t *plan = json_array();
	const char *detail = NULL;

	t->ctx.plan = plan;
	t->seq.next.reset = FWD_BMC_RESET_COLD;
	assert_int_equal(fwd_bmc_sequence_plan(&t->ctx, &t->seq), 0);
	assert_int_equal(t->bmc.n_calls, 0);
	assert_int_equal(json_array_size(plan), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(plan, 0), "step")),
			    "bmc-reset");
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(plan, 0),
								 "command")), "mc reset cold"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(plan, 2), "step")),
			    "bmc-verify");
	assert_string_equal(status_of(t, FWD_STEP_BMC_VERIFY, &detail), "skipped");
	assert_non_null(strstr(detail, "dry run: would check that the BMC runs 1.72"));
	t->ctx.plan = NULL;
	json_decref(plan);
}

/* ---- the rule itself ---- */

static void version_rules(void **state)
{
	static const struct {
		const char *want, *before, *now;
		enum fwd_version_verdict verdict;
	} rows[] = {
		{ "1.72", "1.71", "1.72", FWD_VERSION_NEW },
		{ "1.72", "1.71", "1.71", FWD_VERSION_NOT_NEW },
		{ "1.72", "1.71", "01.72", FWD_VERSION_NEW },         /* numbers, not text */
		{ "01.72.13", "1.71", "1.72", FWD_VERSION_NEW },      /* coarser, and it moved */
		{ "01.72.13", "1.72", "1.72", FWD_VERSION_UNSURE },   /* coarser, did not move */
		{ "01.72.13", NULL, "1.72", FWD_VERSION_UNSURE },
		{ "4.50", "4.40.00.00", "4.50.00.00", FWD_VERSION_NEW }, /* finer than want */
		{ "7.00.00.171", "6.10.30.00", "6.10.80.00", FWD_VERSION_NOT_NEW },
		{ NULL, "6.10.30.00", "6.10.80.00", FWD_VERSION_NEW },
		{ NULL, "6.10.30.00", "6.10.30.00", FWD_VERSION_NOT_NEW },
		{ NULL, "6.10.30.00", "6.10", FWD_VERSION_NOT_NEW },  /* as far as it shows */
		{ NULL, "1.71", "1.80", FWD_VERSION_NEW },
		{ NULL, NULL, "1.80", FWD_VERSION_UNSURE },
		{ "1.72", "1.71", "", FWD_VERSION_UNSURE },
		{ "2.8.1-rc", "2.8.0", "2.8.1-RC", FWD_VERSION_NEW }, /* text parts: case aside */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		enum fwd_version_verdict v = fwd_version_runs_new(rows[i].want, rows[i].before,
								  rows[i].now);

		if (v != rows[i].verdict)
			fail_msg("row %zu (want %s, before %s, now %s): %d, expected %d", i,
				 rows[i].want, rows[i].before, rows[i].now, v, rows[i].verdict);
	}
	assert_int_equal(fwd_version_parts("6.10.30.00"), 4);
	assert_int_equal(fwd_version_parts(""), 0);
	assert_true(fwd_version_same_upto("01.72.13", "1.72", 2));
	assert_false(fwd_version_same_upto("1.72", "1.71", 2));
	/* Parts longer than an unsigned long are numbers too, not all equal. */
	assert_int_equal(fwd_version_compare_dotted("1.99999999999999999999999",
						    "1.99999999999999999999998"), 1);
	assert_int_equal(fwd_version_compare_dotted("1.18446744073709551616",
						    "1.18446744073709551617"), -1);
	assert_int_equal(fwd_version_compare_dotted("1.0000999", "1.1000"), -1);
	assert_int_equal(fwd_version_compare_dotted("1.000099999999999999999999",
						    "1.99999999999999999999"), 0);
	assert_int_equal(fwd_version_compare_dotted("2.0000", "2.0"), 0);
	assert_false(fwd_version_same_upto("1.99999999999999999999999", "1.99999999999999999999998",
					   2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(cold_reset_then_new, setup, teardown),
		cmocka_unit_test_setup_teardown(cold_reset_seen_by_pings, setup, teardown),
		cmocka_unit_test_setup_teardown(no_reset_when_new_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(no_reset_when_silent, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_is_a_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(gone_within_the_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(old_answers_before_the_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(still_the_old_version, setup, teardown),
		cmocka_unit_test_setup_teardown(another_version_than_given, setup, teardown),
		cmocka_unit_test_setup_teardown(coarse_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(any_other_version_without_one_given, setup,
						teardown),
		cmocka_unit_test_setup_teardown(full_version_after_the_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(same_full_version, setup, teardown),
		cmocka_unit_test_setup_teardown(full_version_not_the_expected, setup, teardown),
		cmocka_unit_test_setup_teardown(plugin_versions_fail_mc_info_decides, setup,
						teardown),
		cmocka_unit_test_setup_teardown(needs_a_version_to_compare, setup, teardown),
		cmocka_unit_test_setup_teardown(dry_run_plans_and_sends_nothing, setup, teardown),
		cmocka_unit_test(version_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
