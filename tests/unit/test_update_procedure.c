/*
 * test_update_procedure.c: the order of an update (update/update.c) and
 * the rules the loop applies to every step, with a plugin of this file
 * and the BMC of tests/support/fake-bmc: nothing is flashed before the
 * backup is on disk; no BIOS after a BMC flash that failed or did not
 * verify; what a resumed run keeps and what it does again; a stop request
 * ends the run at the next safe point, never inside a step.
 *
 * The plugin comes in through a link-time seam: this binary is linked
 * with -Wl,--wrap=fwd_plugins_open (Makefile), so identify loads this
 * file's vtable instead of a folder of .so files.
 */
#include <jansson.h>
#include <openssl/evp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <dirent.h>

#include "fake-bmc.h"
#include "plugin-host/host-api.h"
#include "plugin-host/plugins.h"
#include "update/signals.h"
#include "update/steps.h"
#include "update/update-options.h"
#include "update/update.h"
#include "update/update-run.h"
#include "test-util.h"

struct t {
	struct fwd_ctx ctx;
	struct fwd_steps steps;
	struct fwd_fake_bmc bmc;
	struct fwd_target_opts target;
	struct fwd_update_opts opts;
	char *dir, *state, *bmc_image, *bios_image;
	char bmc_sha[65], bios_sha[65];
	json_t *report;
	/* the plugin's script */
	const char *installs;    /* what the BMC runs after the upload's restart, or NULL */
	int flash_ret, stage_ret, backup_ret;
	int stop_during_flash;   /* raise SIGINT inside flash_bmc */
	/* what the plugin saw, in order: "preflight-bmc flash_bmc(backup) ..." */
	char events[1024];
	unsigned flash_flags;
};

static struct t *current;

static void event(const char *fmt, ...)
{
	size_t used = strlen(current->events);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(current->events + used, sizeof(current->events) - used, fmt, ap);
	va_end(ap);
}

/* Is a backup file on disk, 0600 and not empty, in the state folder now? */
static int backup_on_disk(void)
{
	char *dir = fwd_test_path(current->state, "backups");
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	while (d && (e = readdir(d))) {
		char *path = fwd_test_path(dir, e->d_name);
		struct stat st;

		if (strstr(e->d_name, ".json") && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (st.st_mode & 07777) == 0600 && st.st_size > 0)
			found = 1;
		free(path);
	}
	if (d)
		closedir(d);
	free(dir);
	return found;
}

/* ---- the plugin ---- */

static int probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score, char *reason,
		 size_t reason_size)
{
	(void)ctx;
	(void)id;
	*score = 100;
	snprintf(reason, reason_size, "the test's plugin");
	return 0;
}

static int read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id, unsigned which,
			 struct fwd_versions *out)
{
	(void)ctx;
	(void)id;
	(void)which;
	fwd_fake_bmc_mc_version(&current->bmc, out->bmc, sizeof(out->bmc));
	snprintf(out->bios, sizeof(out->bios), "2.6");
	return 0;
}

static int backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *b)
{
	(void)id;
	(void)b;
	event("backup ");
	if (current->backup_ret)
		return fwd_host_api()->set_error(ctx, current->backup_ret, "the vendor part "
						 "cannot be read");
	return 0;
}

static int preflight(struct fwd_ctx *ctx, const struct fwd_identity *id, enum fwd_part part,
		     const struct fwd_flash_request *req)
{
	(void)ctx;
	(void)id;
	(void)req;
	event("preflight-%s ", part == FWD_PART_BMC ? "bmc" : "bios");
	return 0;
}

static int flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
		     const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
		     struct fwd_json *result)
{
	const struct fwd_host_api *host = fwd_host_api();

	(void)id;
	(void)result;
	next->reset = FWD_BMC_RESET_COLD;
	next->go_down_s = 30;
	if (req->flags & FWD_FLASH_DRY_RUN) {
		event("plan-bmc ");
		return 0;
	}
	current->flash_flags = req->flags;
	event("flash_bmc(%s) ", backup_on_disk() ? "backup on disk" : "NO BACKUP");
	if (current->stop_during_flash)
		raise(SIGINT); /* the operator's Ctrl-C, in the middle of the upload */
	host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_BEGIN, "uploading %s", req->image_path);
	if (current->flash_ret) {
		host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_FAILED, "the upload failed");
		return host->set_error(ctx, current->flash_ret, "the upload failed");
	}
	if (current->installs)
		snprintf(current->bmc.pending, sizeof(current->bmc.pending), "%s",
			 current->installs);
	host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_DONE, "uploaded and activated");
	return 0;
}

static int stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
		      const struct fwd_flash_request *req, struct fwd_json *result)
{
	const struct fwd_host_api *host = fwd_host_api();

	(void)id;
	if (req->flags & FWD_FLASH_DRY_RUN) {
		event("plan-bios ");
		return 0;
	}
	event("stage_bios ");
	host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_BEGIN, "staging");
	if (current->stage_ret) {
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "staging failed");
		return host->set_error(ctx, current->stage_ret, "staging failed");
	}
	host->json_object_set_new(result, "reboot_required", (host->json_boolean)(1));
	host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_DONE, "staged");
	return 0;
}

static const struct fwd_plugin fake_vtable = {
	FWD_PLUGIN_INIT,
	.name = "fake",
	.version = "1",
	.description = "the procedure test's plugin",
	.probe = probe,
	.read_versions = read_versions,
	.backup = backup,
	.flash_bmc = flash_bmc,
	.stage_bios = stage_bios,
	.preflight = preflight,
};

/* The seam: identify gets this file's plugin (-Wl,--wrap=fwd_plugins_open). */
int __wrap_fwd_plugins_open(struct fwd_ctx *ctx, const char *option_dir,
			    struct fwd_plugin_set *set);
int __wrap_fwd_plugins_open(struct fwd_ctx *ctx, const char *option_dir,
			    struct fwd_plugin_set *set)
{
	struct fwd_plugin_slot *slot;

	(void)ctx;
	(void)option_dir;
	memset(set, 0, sizeof(*set));
	set->dir = strdup("(in process)");
	set->slots = slot = calloc(1, sizeof(*slot));
	assert_non_null(set->slots);
	set->n = 1;
	slot->file = strdup("(in process)/fake");
	slot->name = strdup("fake");
	slot->version = strdup("1");
	slot->abi_major = FWD_ABI_MAJOR;
	slot->abi_minor = FWD_ABI_MINOR;
	slot->vt_copy = fake_vtable;
	slot->vt = &slot->vt_copy;
	slot->loaded = 1;
	return 0;
}

/* ---- fixture ---- */

static void write_image(struct t *t, const char *name, char **path, char sha[65])
{
	unsigned char data[4096], md[32];
	unsigned int len = 0;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + name[0]);
	*path = fwd_test_path(t->dir, name);
	fwd_test_write_file(*path, data, sizeof(data), 0644);
	assert_int_equal(EVP_Digest(data, sizeof(data), md, &len, EVP_sha256(), NULL), 1);
	for (unsigned i = 0; i < len; i++)
		snprintf(sha + 2 * i, 3, "%02x", md[i]);
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct fwd_err err = { 0 };

	assert_non_null(t);
	current = t;
	unsetenv("IPMI_PASSWORD");
	t->dir = fwd_test_mkdtemp("procedure");
	t->state = fwd_test_path(t->dir, "state");
	write_image(t, "bmc.bin", &t->bmc_image, t->bmc_sha);
	write_image(t, "bios.bin", &t->bios_image, t->bios_sha);

	fwd_ctx_init(&t->ctx);
	t->ctx.log_level = getenv("FWD_TEST_VERBOSE") ? FWD_LOG_DEBUG : FWD_LOG_ERROR;
	fwd_steps_init(&t->steps);
	t->ctx.steps = &t->steps;
	fwd_fake_bmc_init(&t->bmc, "1.71");
	fwd_fake_bmc_lan(&t->bmc);
	fwd_fake_bmc_attach(&t->bmc, &t->ctx);

	/* Out-of-band: no local IPMI device is needed, nor this machine's DMI. */
	fwd_target_init(&t->target);
	t->target.host = strdup("127.0.0.1");
	t->target.state_dir = strdup(t->state);
	assert_int_equal(fwd_target_finish(&t->target, &err), 0);
	t->ctx.target = &t->target;

	t->opts.target = &t->target;
	t->opts.bmc_image = t->bmc_image;
	t->opts.bmc_sha256 = t->bmc_sha;
	t->opts.bmc_version = "1.72";
	t->opts.bios_image = t->bios_image;
	t->opts.bios_sha256 = t->bios_sha;
	t->opts.bios_version = "2.7";
	fwd_update_opts_defaults(&t->opts);
	t->installs = "1.72";
	t->report = json_object();
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;

	json_decref(t->report);
	fwd_steps_release(&t->steps);
	fwd_fake_bmc_release(&t->bmc);
	fwd_target_release(&t->target);
	fwd_test_rm_rf(t->dir);
	free(t->dir);
	free(t->state);
	free(t->bmc_image);
	free(t->bios_image);
	free(t);
	return 0;
}

static int run(struct t *t)
{
	json_object_set(t->report, "steps", t->steps.list);
	return fwd_update_run(&t->ctx, &t->opts, t->report);
}

/* The names of the steps recorded, in order, each with its status. */
static const char *steps_seen(struct t *t)
{
	static char buf[2048];
	size_t used = 0, i;
	json_t *s;

	buf[0] = '\0';
	json_array_foreach(t->steps.list, i, s)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s:%s ",
					 json_string_value(json_object_get(s, "name")),
					 json_string_value(json_object_get(s, "status")));
	return buf;
}

static void expect_in(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("'%s' not in: %s", needle, haystack);
}

static void expect_not_in(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle))
		fail_msg("'%s' unexpectedly in: %s", needle, haystack);
}

static const char *jstr(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ---- the order ---- */

/* A whole update: the preflight asks the plugin for both parts, the
 * backup is on disk when the BMC is flashed, the BMC is reset, waited
 * for, verified and its LAN checked, and only then the BIOS is staged. */
static void whole_update_in_order(void **state)
{
	struct t *t = *state;

	assert_int_equal(run(t), 0);
	assert_string_equal(t->events, "preflight-bmc preflight-bios backup "
			    "flash_bmc(backup on disk) stage_bios ");
	expect_in(steps_seen(t), "identify:ok check-bmc-image:ok check-bios-image:ok "
		  "preflight-checks:ok backup:ok bmc-upload:ok bmc-reset:ok bmc-wait:ok "
		  "bmc-verify:ok lan-check:ok "
		  "bios-stage:ok");
	assert_int_equal(t->bmc.n_resets, 1);
	assert_string_equal(jstr(json_object_get(t->report, "bmc"), "after"), "1.72");
	assert_true(json_is_true(json_object_get(t->report, "reboot_required")));
	assert_non_null(jstr(t->report, "backup"));
	assert_int_equal(json_array_size(json_object_get(t->report, "recovery_hints")), 0);
}

/* A BMC that fails its self-test: refused in the preflight, before the
 * plugin's preflight, the backup and anything sent; the option lets it
 * through, recorded "overridden". */
static void selftest_failure_refuses_before_anything(void **state)
{
	struct t *t = *state;
	const json_t *check;

	fwd_fake_bmc_reply(&t->bmc, "mc selftest", 1,
			   "Selftest: device corrupted\n -> SDR repository empty\n", "");
	assert_int_equal(run(t), -FWD_E_REFUSED);
	assert_string_equal(t->events, "");
	expect_in(steps_seen(t), "preflight-checks:failed");
	expect_not_in(steps_seen(t), "backup");
	expect_in(t->ctx.err.msg, "--allow-bmc-selftest-failure");
	check = json_array_get(t->steps.checks, 0);
	assert_string_equal(jstr(check, "check"), "bmc-selftest");
	assert_string_equal(jstr(check, "verdict"), "refuse");
	expect_in(jstr(check, "detail"), "device corrupted; SDR repository empty");
	assert_int_equal(t->bmc.n_resets, 0);
}

static void selftest_failure_overridden(void **state)
{
	struct t *t = *state;

	fwd_fake_bmc_reply(&t->bmc, "mc selftest", 1, "Selftest: device corrupted\n", "");
	t->opts.run_flags |= FWD_RUN_ALLOW_SELFTEST_FAILURE;
	assert_int_equal(run(t), 0);
	assert_string_equal(jstr(json_array_get(t->steps.checks, 0), "verdict"), "overridden");
	expect_in(t->events, "flash_bmc(backup on disk)");
}

/* The check named name among the recorded ones, or NULL. */
static const json_t *check_named(const struct t *t, const char *name)
{
	const json_t *rec;
	size_t i;

	json_array_foreach(t->steps.checks, i, rec)
		if (!strcmp(jstr(rec, "check"), name))
			return rec;
	return NULL;
}

/* A supply that failed: refused before the backup, power in the report. */
static void power_at_risk_refuses_before_anything(void **state)
{
	struct t *t = *state;

	fwd_fake_bmc_reply(&t->bmc, "sdr type Power Supply", 0,
			   "PS1 Status       | C8h | ok  | 10.1 | Presence detected\n"
			   "PS2 Status       | C9h | ok  | 10.2 | Presence detected, Failure "
			   "detected\n", "");
	assert_int_equal(run(t), -FWD_E_REFUSED);
	assert_string_equal(t->events, "");
	expect_in(steps_seen(t), "preflight-checks:failed");
	expect_not_in(steps_seen(t), "backup");
	expect_in(t->ctx.err.msg, "PS2 Status (10.2) reports failure detected");
	expect_in(t->ctx.err.msg, "--allow-power-risk");
	assert_string_equal(jstr(check_named(t, "power"), "verdict"), "refuse");
	assert_string_equal(jstr(json_array_get(json_object_get(json_object_get(t->report,
		"power"), "supplies"), 1), "state"), "Presence detected, Failure detected");
	assert_int_equal(t->bmc.n_resets, 0);
}

static void power_risk_overridden(void **state)
{
	struct t *t = *state;

	fwd_fake_bmc_reply(&t->bmc, "sdr type Power Supply", 0,
			   "PS Redundancy    | C7h | ok  |  7.1 | Redundancy Lost\n", "");
	t->opts.run_flags |= FWD_RUN_ALLOW_POWER_RISK;
	assert_int_equal(run(t), 0);
	assert_string_equal(jstr(check_named(t, "power"), "verdict"), "overridden");
	expect_in(jstr(check_named(t, "power"), "detail"), "--allow-power-risk");
	expect_in(t->events, "flash_bmc(backup on disk)");
}

/* A refusal of the self-test and one of the power: the run's error is the
 * first one's, and both verdicts are recorded. */
static void first_refusal_is_the_error(void **state)
{
	struct t *t = *state;

	fwd_fake_bmc_reply(&t->bmc, "mc selftest", 1, "Selftest: device corrupted\n", "");
	fwd_fake_bmc_reply(&t->bmc, "sdr type Power Supply", 0,
			   "PS1 Status | C8h | ok | 10.1 | Presence detected, Power Supply AC "
			   "lost\n", "");
	assert_int_equal(run(t), -FWD_E_REFUSED);
	expect_in(t->ctx.err.msg, "--allow-bmc-selftest-failure");
	assert_string_equal(jstr(check_named(t, "bmc-selftest"), "verdict"), "refuse");
	assert_string_equal(jstr(check_named(t, "power"), "verdict"), "refuse");
}

/* The backup cannot be completed: nothing is flashed, nothing staged. */
static void no_flash_without_a_backup(void **state)
{
	struct t *t = *state;

	t->backup_ret = -FWD_E_TOOL_FAILED;
	assert_int_equal(run(t), -FWD_E_REFUSED);
	expect_not_in(t->events, "flash_bmc");
	expect_not_in(t->events, "stage_bios");
	expect_in(steps_seen(t), "backup:failed");
	assert_int_equal(fwd_steps_stopped_at(&t->steps), FWD_STEP_BACKUP);
	assert_int_equal(t->bmc.n_resets, 0);
	assert_false(json_is_true(json_object_get(json_object_get(t->report, "bmc"),
						  "flash_started")));
}

/* A failed BMC flash: the BIOS is never staged; hints for the BMC. */
static void no_bios_after_a_failed_bmc(void **state)
{
	struct t *t = *state;

	t->flash_ret = -FWD_E_FLASH;
	assert_int_equal(run(t), -FWD_E_FLASH);
	expect_in(t->events, "flash_bmc(backup on disk)");
	expect_not_in(t->events, "stage_bios");
	assert_int_equal(fwd_steps_stopped_at(&t->steps), FWD_STEP_BMC_UPLOAD);
	expect_not_in(steps_seen(t), "bios-stage");
	assert_false(json_is_true(json_object_get(t->report, "reboot_required")));
}

/* The BMC comes back on its old firmware: unverified, so no BIOS either. */
static void no_bios_after_an_unverified_bmc(void **state)
{
	struct t *t = *state;

	t->installs = NULL;
	assert_int_equal(run(t), -FWD_E_VERIFY);
	expect_not_in(t->events, "stage_bios");
	assert_int_equal(fwd_steps_stopped_at(&t->steps), FWD_STEP_BMC_VERIFY);
	expect_in(t->ctx.err.msg, "the BMC runs 1.71 after the flash, not 1.72");
	expect_not_in(steps_seen(t), "lan-check");
}

/* A dry run: the plugin plans, no backup is written, nothing is sent. */
static void dry_run_changes_nothing(void **state)
{
	struct t *t = *state;
	json_t *plan = json_array();

	t->opts.dry_run = 1;
	t->ctx.plan = plan;
	assert_int_equal(run(t), 0);
	t->ctx.plan = NULL;
	assert_string_equal(t->events, "preflight-bmc preflight-bios plan-bmc plan-bios ");
	assert_false(backup_on_disk());
	assert_int_equal(t->bmc.n_resets, 0);
	assert_int_equal(fwd_fake_bmc_count(&t->bmc, "lan set"), 0);
	assert_int_equal(fwd_fake_bmc_count(&t->bmc, "lan print"), 0);
	assert_true(json_array_size(plan) >= 5);
	json_decref(plan);
}

/* ---- resume ---- */

/* The report of a first run, as its journal, for a second run to resume. */
static json_t *first_run(struct t *t)
{
	json_t *journal;

	fwd_ctx_clear_error(&t->ctx);
	run(t);
	journal = json_deep_copy(t->report);
	json_object_set_new(journal, "options", fwd_update_opts_to_json(&t->opts));
	/* A fresh run state for the second run. */
	json_decref(t->report);
	t->report = json_object();
	fwd_steps_release(&t->steps);
	fwd_steps_init(&t->steps);
	t->events[0] = '\0';
	fwd_ctx_clear_error(&t->ctx);
	return journal;
}

/* Interrupted after the BMC's flash (here: staging failed): the backup is
 * kept, the BMC that runs the new version is not flashed again, its LAN is
 * checked, the BIOS is staged. */
static void resume_keeps_what_stands(void **state)
{
	struct t *t = *state;
	json_t *journal;

	t->stage_ret = -FWD_E_FLASH;
	journal = first_run(t);
	assert_non_null(jstr(journal, "backup"));
	t->stage_ret = 0;
	t->opts.resume = journal;
	assert_int_equal(run(t), 0);
	assert_string_equal(t->events, "preflight-bmc preflight-bios stage_bios ");
	expect_in(steps_seen(t), "backup:skipped bmc-flash:skipped lan-check:ok bios-stage:ok");
	assert_string_equal(jstr(t->report, "backup"), jstr(journal, "backup"));
	assert_string_equal(jstr(json_object_get(t->report, "bmc"), "after"), "1.72");
	assert_string_equal(jstr(json_object_get(t->report, "bmc"), "before"), "1.71");
	t->opts.resume = NULL;
	json_decref(journal);
}

/* Interrupted in the BMC's flash (the upload failed): the backup stands,
 * the BMC still runs the old version, so it is flashed again, told that
 * an interrupted run may have got this far. */
static void resume_flashes_again_what_did_not_take(void **state)
{
	struct t *t = *state;
	json_t *journal;

	t->flash_ret = -FWD_E_FLASH;
	journal = first_run(t);
	t->flash_ret = 0;
	t->opts.resume = journal;
	assert_int_equal(run(t), 0);
	assert_string_equal(t->events, "preflight-bmc preflight-bios flash_bmc(backup on disk) "
			    "stage_bios ");
	expect_in(steps_seen(t), "backup:skipped");
	assert_true(t->flash_flags & FWD_FLASH_RESUME);
	t->opts.resume = NULL;
	json_decref(journal);
}

/* The journal says the BMC was verified, but it runs something else now:
 * nothing is flashed; someone must look first. */
static void resume_refuses_a_changed_bmc(void **state)
{
	struct t *t = *state;
	json_t *journal;

	t->stage_ret = -FWD_E_FLASH;
	journal = first_run(t);
	snprintf(t->bmc.running, sizeof(t->bmc.running), "1.70"); /* rolled back meanwhile */
	t->opts.resume = journal;
	assert_int_equal(run(t), -FWD_E_REFUSED);
	expect_in(t->ctx.err.msg, "something changed it since");
	assert_string_equal(t->events, "preflight-bmc preflight-bios ");
	assert_int_equal(fwd_steps_stopped_at(&t->steps), FWD_STEP_BMC_FLASH);
	t->opts.resume = NULL;
	json_decref(journal);
}

/* ---- the request a plugin gets ---- */

/* An HPM.1 image's upload records reach the plugin, by component ID (here
 * in file order 1, then 0), so that it can compare what the BMC holds
 * component by component; a vendor image has none. */
static void request_names_hpm_components(void **state)
{
	static struct fwd_update_opts opts;
	static struct update_run r;
	static struct component c;
	struct fwd_hpm1_info *h = &c.check.hpm;
	struct fwd_flash_request req;
	static const uint8_t pnor[6] = { 9, 0x20, 1, 2, 3, 4 }, bmc[6] = { 1, 0x14 };

	(void)state;
	r.opts = &opts;
	c.name = "bmc";
	h->n_components = 2;
	h->components[0].id = 1;
	h->components[0].version = (struct fwd_hpm1_version){ 9, 0x20, { 1, 2, 3, 4 } };
	h->components[1].id = 0;
	h->components[1].version = (struct fwd_hpm1_version){ 1, 0x14, { 0 } };
	fwd_update_request(&r, &c, "1.14", &req);
	assert_int_equal(req.size, sizeof(req));
	assert_int_equal(req.hpm_components, 0x3);
	assert_memory_equal(req.hpm_revisions[1], pnor, 6);
	assert_memory_equal(req.hpm_revisions[0], bmc, 6);
	for (unsigned i = 2; i < 8; i++)
		assert_int_equal(req.hpm_revisions[i][0] | req.hpm_revisions[i][1], 0);

	c.check.vendor = 1;
	fwd_update_request(&r, &c, "1.14", &req);
	assert_null(req.format);
	assert_int_equal(req.hpm_components, 0);
}

/* ---- stop points (last: a stop request stays for the process) ---- */

/* Ctrl-C in the middle of the upload: the BMC's flash, reset, wait,
 * verification and LAN check finish; the run stops before the BIOS. */
static void stop_request_waits_for_a_safe_point(void **state)
{
	struct t *t = *state;
	int ret;

	fwd_signals_install(NULL);
	t->stop_during_flash = 1;
	ret = run(t);
	fwd_signals_restore();
	assert_int_equal(ret, -FWD_E_STOPPED);
	expect_in(steps_seen(t), "bmc-verify:ok lan-check:ok");
	expect_not_in(t->events, "stage_bios");
	assert_string_equal(jstr(t->report, "stopped_at"), "bios-stage");
	expect_in(t->ctx.err.msg, "before step 'bios-stage'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_names_hpm_components),
		cmocka_unit_test_setup_teardown(whole_update_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(no_flash_without_a_backup, setup, teardown),
		cmocka_unit_test_setup_teardown(selftest_failure_refuses_before_anything, setup,
						teardown),
		cmocka_unit_test_setup_teardown(selftest_failure_overridden, setup, teardown),
		cmocka_unit_test_setup_teardown(power_at_risk_refuses_before_anything, setup,
						teardown),
		cmocka_unit_test_setup_teardown(power_risk_overridden, setup, teardown),
		cmocka_unit_test_setup_teardown(first_refusal_is_the_error, setup, teardown),
		cmocka_unit_test_setup_teardown(no_bios_after_a_failed_bmc, setup, teardown),
		cmocka_unit_test_setup_teardown(no_bios_after_an_unverified_bmc, setup, teardown),
		cmocka_unit_test_setup_teardown(dry_run_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(resume_keeps_what_stands, setup, teardown),
		cmocka_unit_test_setup_teardown(resume_flashes_again_what_did_not_take, setup,
						teardown),
		cmocka_unit_test_setup_teardown(resume_refuses_a_changed_bmc, setup, teardown),
		cmocka_unit_test_setup_teardown(stop_request_waits_for_a_safe_point, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
