/*
 * test_journal.c: what a journal says about the way forward
 * (core/update/journal.c): which runs are unfinished, which leave the BMC
 * unsettled (so that a new update must not take a backup over them), what
 * the operator does next, and the command that does it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ipmi/target.h"
#include "update/journal.h"

/* A finished journal: result, then "name:status" steps ("name:kept" for a
 * step an earlier run did). */
static json_t *journal(const char *result, const char *const *steps)
{
	json_t *doc = json_pack("{s:s, s:[]}", "result", result, "steps");
	json_t *list = json_object_get(doc, "steps");

	for (size_t i = 0; steps[i]; i++) {
		char name[64];
		const char *colon = strchr(steps[i], ':');
		int kept = !strcmp(colon + 1, "kept");

		snprintf(name, sizeof(name), "%.*s", (int)(colon - steps[i]), steps[i]);
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "name", name, "status",
						      kept ? "skipped" : colon + 1, "kept", kept));
	}
	return doc;
}

#define STEPS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_failed_before_any_change_is_finished(void **state)
{
	json_t *doc = journal("failed", STEPS("identify:ok", "check-bmc-image:failed"));

	(void)state;
	assert_false(fwd_journal_unfinished(doc));
	assert_false(fwd_journal_bmc_unsettled(doc));
	assert_int_equal(fwd_journal_next(doc), FWD_NEXT_UPDATE);
	json_decref(doc);
}

static void test_failed_at_the_wait_is_unfinished_and_unsettled(void **state)
{
	json_t *doc = journal("failed", STEPS("identify:ok", "backup:ok", "bmc-upload:ok",
					      "bmc-reset:ok", "bmc-wait:failed"));

	(void)state;
	assert_true(fwd_journal_unfinished(doc));
	assert_true(fwd_journal_bmc_unsettled(doc));
	assert_int_equal(fwd_journal_next(doc), FWD_NEXT_RESUME);
	json_decref(doc);
}

/* The tool said the flash failed: the old firmware runs, with its settings. */
static void test_a_cleanly_failed_upload_leaves_the_bmc_settled(void **state)
{
	json_t *doc = journal("failed", STEPS("backup:ok", "bmc-upload:failed"));

	(void)state;
	assert_true(fwd_journal_unfinished(doc));
	assert_false(fwd_journal_bmc_unsettled(doc));
	json_decref(doc);
}

static void test_cut_short_mid_upload_is_unsettled(void **state)
{
	json_t *doc = journal("failed", STEPS("backup:ok", "bmc-upload:running"));

	(void)state;
	json_object_del(doc, "result"); /* no result, no process: interrupted */
	json_object_set_new(doc, "pid", json_integer(0));
	assert_string_equal(fwd_journal_state(doc), "interrupted");
	assert_true(fwd_journal_unfinished(doc));
	assert_true(fwd_journal_bmc_unsettled(doc));
	json_decref(doc);
}

static void test_a_kept_flash_counts_and_a_good_lan_check_settles_it(void **state)
{
	json_t *kept = journal("failed", STEPS("backup:kept", "bmc-flash:kept", "identify:failed"));
	json_t *checked = journal("failed", STEPS("bmc-verify:ok", "lan-check:ok",
						  "bios-stage:failed"));

	(void)state;
	assert_true(fwd_journal_unfinished(kept));
	assert_true(fwd_journal_bmc_unsettled(kept));
	/* A BIOS staging that failed after a good LAN check: unfinished, yet the
	 * BMC is as the backup has it. */
	assert_true(fwd_journal_unfinished(checked));
	assert_false(fwd_journal_bmc_unsettled(checked));
	json_decref(kept);
	json_decref(checked);
}

/* A flash that failed part-way is known as such, and only that one
 * (issue 12, defect 6): status warns from it. */
static json_t *failed_in(const char *step, const char *code, const char *part, int began)
{
	json_t *doc = journal("failed", STEPS("backup:ok", "bmc-upload:ok", "bios-stage:failed"));

	json_object_set_new(doc, "stopped_at", json_string(step));
	json_object_set_new(doc, "error", json_pack("{s:s}", "code", code));
	if (part)
		json_object_set_new(doc, part, json_pack("{s:b}", "writing_began", began));
	return doc;
}

static void test_a_flash_failed_part_way_is_named(void **state)
{
	static const struct {
		const char *step, *code, *part;
		int began;
		const char *want;
		int partway;
	} cases[] = {
		{ "bios-stage", "flash-failed", "bios", 1, "bios", 1 },
		{ "bios-stage", "flash-failed", "bios", 0, "bios", 0 },
		{ "bios-stage", "flash-failed", NULL, 0, "bios", 0 },
		{ "bmc-upload", "flash-failed", "bmc", 1, "bmc", 1 },
		{ "bmc-job", "flash-failed", "bmc", 1, "bmc", 1 },
		/* refused: nothing was flashed, whatever the step */
		{ "bios-stage", "refused", "bios", 0, NULL, 0 },
		/* not a flash step */
		{ "bmc-wait", "flash-failed", "bmc", 1, NULL, 0 },
		{ "bmc-reset", "flash-failed", "bmc", 1, NULL, 0 },
		{ "check-bios-image", "flash-failed", "bios", 1, NULL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *doc = failed_in(cases[i].step, cases[i].code, cases[i].part, cases[i].began);
		int partway = -1;
		const char *got = fwd_journal_flash_failed(doc, &partway);

		if (cases[i].want) {
			assert_non_null(got);
			assert_string_equal(got, cases[i].want);
		} else {
			assert_null(got);
		}
		assert_int_equal(partway, cases[i].partway);
		json_decref(doc);
	}
	/* A run that went on (or is running) is no failed flash. */
	{
		json_t *doc = failed_in("bios-stage", "flash-failed", "bios", 1);

		json_object_set_new(doc, "result", json_string("ok"));
		assert_null(fwd_journal_flash_failed(doc, &(int){ 0 }));
		json_decref(doc);
	}
}

static void test_next_after_success(void **state)
{
	json_t *done = journal("ok", STEPS("bmc-verify:ok", "lan-check:ok"));
	json_t *staged = journal("ok", STEPS("bios-stage:ok"));

	(void)state;
	assert_int_equal(fwd_journal_next(done), FWD_NEXT_NOTHING);
	json_object_set_new(staged, "reboot_required", json_true());
	assert_int_equal(fwd_journal_next(staged), FWD_NEXT_REBOOT);
	json_object_set_new(staged, "verified", json_object());
	assert_int_equal(fwd_journal_next(staged), FWD_NEXT_NOTHING);
	json_decref(done);
	json_decref(staged);
}

/* The command names the target as the run did, quoted for a shell. */
static void test_the_command_names_the_target(void **state)
{
	json_t *doc = journal("failed", STEPS("bmc-wait:failed"));
	struct fwd_target_opts t;
	struct fwd_buf cmd = FWD_BUF_INIT;

	(void)state;
	fwd_target_init(&t);
	t.host = strdup("10.0.0.7");
	t.user = strdup("ADMIN");
	t.pub.port = 6230;
	t.pub.cipher = 17;
	t.state_dir = strdup("/var/lib/fwd state");
	assert_int_equal(fwd_journal_command(doc, &t, "resume", &cmd), 0);
	assert_string_equal(cmd.s, "fwdispatch resume --host 10.0.0.7 --port 6230 --user ADMIN "
			    "--cipher 17 --state-dir '/var/lib/fwd state'");
	/* What the run recorded wins over the options given now. */
	fwd_buf_reset(&cmd);
	json_object_set_new(doc, "target_args", json_string(" --host 10.0.0.8"));
	assert_int_equal(fwd_journal_command(doc, &t, "status", &cmd), 0);
	assert_string_equal(cmd.s, "fwdispatch status --host 10.0.0.8");
	fwd_buf_release(&cmd);
	fwd_target_release(&t);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failed_before_any_change_is_finished),
		cmocka_unit_test(test_failed_at_the_wait_is_unfinished_and_unsettled),
		cmocka_unit_test(test_a_cleanly_failed_upload_leaves_the_bmc_settled),
		cmocka_unit_test(test_cut_short_mid_upload_is_unsettled),
		cmocka_unit_test(test_a_kept_flash_counts_and_a_good_lan_check_settles_it),
		cmocka_unit_test(test_a_flash_failed_part_way_is_named),
		cmocka_unit_test(test_next_after_success),
		cmocka_unit_test(test_the_command_names_the_target),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
