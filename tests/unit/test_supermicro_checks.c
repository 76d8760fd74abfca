/*
 * test_supermicro_checks.c: the supermicro plugin's preflight checks and
 * its check_settings, as built (supermicro.so, dlopen'd), against the mock
 * host (tests/support/mock-host.h):
 *  - oob-licence: QueryProductKey out-of-band (pass with SFT-OOB-LIC or
 *    SFT-DCMS-SINGLE in either public format, refuse with none, another
 *    SKU or a key sum does not call good, warn when sum's answer cannot be
 *    read), skip in-band (and no such question asked);
 *  - sum-state: a pending staged BIOS update and a BMC in update mode
 *    refuse, busy exits (106, 107) to any question refuse with
 *    -FWD_E_BUSY, a board without staged updates passes;
 *  - the NIC mode: check_settings comparing, putting back with RESTORE
 *    and reading back, saying what it would do with DRY_RUN, nothing to
 *    do when the backup could not read it, and a BMC that no longer
 *    answers the command.
 * The sum outputs are the formats of tests/vendor/README.md.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock-host.h"
#include "plugin-load.h"
#include "test-util.h"

#define BANNER                                                                 \
	"Supermicro Update Manager (for UEFI BIOS) 2.14.0 (2024/02/15)\n"     \
	"Copyright(C) 2013-2024 Super Micro Computer, Inc. All rights reserved.\n\n"
#define KEY_GOOD(sku)                                                          \
	BANNER "[1] " sku ", version: none, invoice: none, creation date: "   \
	"2020/09/21 00:00:00(Key is good.)\nNumber of product keys: 1\n"
#define NO_KEY BANNER "Number of product keys: 0\n"
#define STAGED_NONE BANNER "Managed system............10.0.0.5\nThere is no pending staged " \
	"update task.\n"
#define STAGED_PENDING BANNER "Managed system............10.0.0.5\nA staged BIOS update " \
	"task is pending. It starts at the next system boot.\n"
#define ERROR_BLOCK(code, desc, msg)                                           \
	BANNER "\x1b[1;31m****<<<<<ERROR>>>>>****\x1b[0m\nExitCode                = " code \
	"\nDescription             = " desc "\nProgram Error Code      = 1.1\n"  \
	"Error message:\n        " msg "\n\n"
#define UNSUPPORTED ERROR_BLOCK("38", "Function is not supported", "not supported")

static const char *build;
static void *sm_so;
static fwd_plugin_entry_fn sm_entry;

struct t {
	struct fwd_mock m;
	const struct fwd_plugin *vt;
	struct fwd_identity id;
	struct fwd_flash_request req;
	json_t *result;
};

#define CTX(t) fwd_mock_ctx(&(t)->m)
#define R(t) ((struct fwd_json *)(t)->result)

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));

	fwd_mock_init(&t->m);
	t->vt = sm_entry(fwd_mock_api(&t->m));
	assert_non_null(t->vt);
	assert_non_null(t->vt->check_settings);
	t->id = (struct fwd_identity){
		.size = sizeof(t->id), .source = "dmidecode", .board_vendor = "Supermicro",
		.board_name = "X11SSH-F", .bios_version = "2.6",
	};
	t->req = (struct fwd_flash_request){
		.size = sizeof(t->req), .image_path = "/staging/X11SSH9.B24", .sha256 = "ab",
	};
	t->result = json_object();
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;

	assert_int_equal(t->m.unscripted, 0);
	json_decref(t->result);
	fwd_mock_release(&t->m);
	free(t);
	return 0;
}

static void expect_in(const char *haystack, const char *needle)
{
	if (!haystack || !strstr(haystack, needle))
		fail_msg("'%s' not found in:\n%s", needle, haystack ? haystack : "(null)");
}

static int verdict(struct t *t, const char *name, const char **detail)
{
	return fwd_mock_check_verdict(&t->m, name, detail);
}

static int bios_preflight(struct t *t)
{
	return t->vt->preflight(CTX(t), &t->id, FWD_PART_BIOS, &t->req);
}

/* ---- oob-licence ---- */

static void licence_present(void **state)
{
	static const char *const answers[] = {
		KEY_GOOD("SFT-OOB-LIC"),
		/* SUM 2.4.0's own sample writes the SKU in mixed case. */
		KEY_GOOD("SFT-DCMS-Single"),
		/* The user's guide's example: one SKU a line. */
		BANNER "SFT-OOB-LIC\nSFT-SPM-LIC , invoice: X8800693688A, creation date: "
		"2019/12/04\nNumber of product keys: 2\n",
	};
	struct t *t = *state;
	const char *detail;

	fwd_mock_out_of_band(&t->m, "10.0.0.5", "ADMIN");
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		fwd_mock_reply(&t->m, "sum", 0, answers[i], "");
		fwd_mock_reply(&t->m, "sum", 0, STAGED_NONE, "");
		assert_int_equal(bios_preflight(t), 0);
		assert_int_equal(verdict(t, "oob-licence", &detail), FWD_CHECK_PASS);
		expect_in(detail, i == 1 ? "SFT-DCMS-SINGLE is activated" : "SFT-OOB-LIC is "
			  "activated");
		assert_int_equal(verdict(t, "sum-state", &detail), FWD_CHECK_PASS);
		expect_in(detail, "no staged BIOS update pending");
	}
	assert_string_equal(fwd_mock_call_line(&t->m, 0),
			    "sum -i 10.0.0.5 -u ADMIN -p **** -c QueryProductKey");
	assert_string_equal(fwd_mock_call_line(&t->m, 1),
			    "sum -i 10.0.0.5 -u ADMIN -p **** -c UpdateBios --staged getinfo");
	/* Questions only: no progress, no step. */
	assert_int_equal(t->m.n_steps, 0);
	assert_false(fwd_mock_call(&t->m, 0)->had_on_line);
}

static void licence_missing(void **state)
{
	struct t *t = *state;
	const char *detail;

	fwd_mock_out_of_band(&t->m, "10.0.0.5", "ADMIN");
	fwd_mock_reply(&t->m, "sum", 0, NO_KEY, "");
	assert_int_equal(bios_preflight(t), -FWD_E_REFUSED);
	assert_int_equal(verdict(t, "oob-licence", &detail), FWD_CHECK_REFUSE);
	expect_in(detail, "no SFT-OOB-LIC or SFT-DCMS-SINGLE node product key");
	expect_in(t->m.error, "needs a node product key activated on the BMC, SFT-OOB-LIC or "
		  "SFT-DCMS-SINGLE, and the BMC has no key at all");
	expect_in(t->m.error, "update in-band: run fwdispatch on the host itself, where sum "
		  "needs no licence");
	/* Refused at once: not even the staged-update question. */
	assert_int_equal(t->m.n_calls, 1);
	assert_int_equal(verdict(t, "sum-state", NULL), -1);

	/* Another key is no licence for this; the message names what is there. */
	fwd_mock_reply(&t->m, "sum", 0, KEY_GOOD("SFT-SPM-LIC"), "");
	assert_int_equal(bios_preflight(t), -FWD_E_REFUSED);
	expect_in(t->m.error, "and the BMC has SFT-SPM-LIC;");

	/* A key sum does not call good. */
	fwd_mock_reply(&t->m, "sum", 0, BANNER "[1] SFT-OOB-LIC, version: none(Key is "
		       "expired.)\nNumber of product keys: 1\n", "");
	assert_int_equal(bios_preflight(t), -FWD_E_REFUSED);
	expect_in(t->m.error, "the BMC has SFT-OOB-LIC (Key is expired.)");
}

static void licence_unreadable(void **state)
{
	struct t *t = *state;
	const char *detail;

	fwd_mock_out_of_band(&t->m, "10.0.0.5", "ADMIN");
	/* A failed question is no refusal: warned, and the run goes on. */
	fwd_mock_reply(&t->m, "sum", 145, ERROR_BLOCK("145", "IPMI connection failed", "no"), "");
	fwd_mock_reply(&t->m, "sum", 38, UNSUPPORTED, "");
	assert_int_equal(bios_preflight(t), 0);
	assert_int_equal(verdict(t, "oob-licence", &detail), FWD_CHECK_WARN);
	expect_in(detail, "gave sum exit 145 (IPMI connection failed)");
	expect_in(detail, "without it the BIOS part fails after the BMC part");
	/* Words that are no answer. */
	fwd_mock_reply(&t->m, "sum", 0, BANNER "Done.\n", "");
	fwd_mock_reply(&t->m, "sum", 38, UNSUPPORTED, "");
	assert_int_equal(bios_preflight(t), 0);
	assert_int_equal(verdict(t, "oob-licence", &detail), FWD_CHECK_WARN);
	expect_in(detail, "an answer fwdispatch cannot read");
}

static void licence_in_band_skipped(void **state)
{
	struct t *t = *state;
	const char *detail;

	fwd_mock_reply(&t->m, "sum", 38, UNSUPPORTED, "");
	assert_int_equal(bios_preflight(t), 0);
	assert_int_equal(verdict(t, "oob-licence", &detail), FWD_CHECK_SKIP);
	assert_string_equal(detail, "in-band needs no licence");
	assert_int_equal(t->m.n_calls, 1);
	assert_string_equal(fwd_mock_call_line(&t->m, 0), "sum -c UpdateBios --staged getinfo");
	assert_int_equal(verdict(t, "sum-state", &detail), FWD_CHECK_PASS);
	expect_in(detail, "no staged BIOS updates on this board (sum exit 38 (Function is not "
		  "supported))");
}

/* ---- sum-state ---- */

static void staged_pending_refused(void **state)
{
	struct t *t = *state;
	const char *detail;

	fwd_mock_reply(&t->m, "sum", 0, STAGED_PENDING, "");
	assert_int_equal(bios_preflight(t), -FWD_E_REFUSED);
	assert_int_equal(verdict(t, "sum-state", &detail), FWD_CHECK_REFUSE);
	expect_in(detail, "a staged BIOS update is pending");
	expect_in(t->m.error, "reboot the host to apply it (or drop it: sum -c UpdateBios "
		  "--staged abort), then run fwdispatch again; nothing was sent");
	/* Words that say neither: a warning. */
	fwd_mock_reply(&t->m, "sum", 0, BANNER "Staged update: see the BMC\n", "");
	assert_int_equal(bios_preflight(t), 0);
	assert_int_equal(verdict(t, "sum-state", NULL), FWD_CHECK_WARN);
}

static void update_mode_refused(void **state)
{
	const char *mode = ERROR_BLOCK("149", "IPMI execution failed", "The BMC is in firmware "
				       "update mode and cannot run this command.");
	struct t *t = *state;
	const char *detail;

	/* In the staged question (in-band BIOS) ... */
	fwd_mock_reply(&t->m, "sum", 149, mode, "");
	assert_int_equal(bios_preflight(t), -FWD_E_REFUSED);
	assert_int_equal(verdict(t, "sum-state", &detail), FWD_CHECK_REFUSE);
	expect_in(detail, "BIOS: the BMC is in its firmware update mode");
	expect_in(t->m.error, "end it with a cold reset of the BMC (ipmitool mc reset cold)");
	/* ... in the licence question (out-of-band), before any licence verdict ... */
	fwd_mock_out_of_band(&t->m, "10.0.0.5", "ADMIN");
	fwd_mock_reply(&t->m, "sum", 149, mode, "");
	assert_int_equal(bios_preflight(t), -FWD_E_REFUSED);
	assert_int_equal(verdict(t, "oob-licence", NULL), FWD_CHECK_SKIP); /* the in-band one */
	/* ... and for a BMC image sum flashes (GetBmcInfo). */
	fwd_mock_reply(&t->m, "sum", 149, mode, "");
	assert_int_equal(t->vt->preflight(CTX(t), &t->id, FWD_PART_BMC, &t->req),
			 -FWD_E_REFUSED);
	assert_string_equal(fwd_mock_call_line(&t->m, 2),
			    "sum -i 10.0.0.5 -u ADMIN -p **** -c GetBmcInfo");
	assert_int_equal(verdict(t, "sum-state", &detail), FWD_CHECK_REFUSE);
	expect_in(detail, "BMC: the BMC is in its firmware update mode");
	/* A BMC that answers passes. */
	fwd_mock_reply(&t->m, "sum", 0, BANNER "    BMC version...........01.71.11\n", "");
	assert_int_equal(t->vt->preflight(CTX(t), &t->id, FWD_PART_BMC, &t->req), 0);
	assert_int_equal(verdict(t, "sum-state", NULL), FWD_CHECK_PASS);
}

/* The update itself meeting a BMC in update mode (it entered it after the
 * preflight): refused, nothing flashed, the cold reset named. */
static void update_mode_in_the_update(void **state)
{
	struct t *t = *state;
	json_t *result = json_object();
	int ret;

	fwd_mock_reply(&t->m, "sum", 149, ERROR_BLOCK("149", "IPMI execution failed", "The BMC "
		       "is in firmware update mode and cannot run this command."), "");
	ret = t->vt->stage_bios(CTX(t), &t->id, &t->req, (struct fwd_json *)result);
	json_decref(result);
	assert_int_equal(ret, -FWD_E_REFUSED);
	expect_in(t->m.error, "the BMC is in its firmware update mode");
	expect_in(t->m.error, ": nothing was flashed; if no other update is running, end the "
		  "update mode with a cold reset of the BMC (ipmitool mc reset cold)");
	expect_in(t->m.error, "(sum exit 149: BMC in firmware update mode)");
}

static void busy_is_busy(void **state)
{
	struct t *t = *state;
	const char *detail;

	fwd_mock_reply(&t->m, "sum", 107, ERROR_BLOCK("107", "ROM chip is occupied, please try "
		       "later", "busy"), "");
	assert_int_equal(bios_preflight(t), -FWD_E_BUSY);
	assert_int_equal(verdict(t, "sum-state", &detail), FWD_CHECK_REFUSE);
	expect_in(detail, "sum is busy (sum exit 107 (ROM chip is occupied, please try later))");
	expect_in(t->m.error, "nothing was sent: try again later");

	fwd_mock_out_of_band(&t->m, "10.0.0.5", "ADMIN");
	fwd_mock_reply(&t->m, "sum", 106, ERROR_BLOCK("106", "Driver is busy, please try later",
		       "busy"), "");
	assert_int_equal(bios_preflight(t), -FWD_E_BUSY);
	fwd_mock_reply(&t->m, "sum", 106, "", "");
	assert_int_equal(t->vt->preflight(CTX(t), &t->id, FWD_PART_BMC, &t->req), -FWD_E_BUSY);
	assert_int_equal(t->m.n_calls, 3);
}

/* An HPM.1 BMC image asks sum nothing; a missing sum is said before any question. */
static void no_questions_without_sum(void **state)
{
	struct t *t = *state;

	t->req.format = "hpm1";
	assert_int_equal(t->vt->preflight(CTX(t), &t->id, FWD_PART_BMC, &t->req), 0);
	t->req.format = NULL;
	t->m.missing_tool = "sum";
	assert_int_equal(bios_preflight(t), -FWD_E_TOOL_MISSING);
	assert_int_equal(t->m.n_calls, 0);
	assert_int_equal(t->m.n_checks, 0);
}

/* ---- check_settings: the NIC mode ---- */

static json_t *saved(const char *mode)
{
	json_t *s = json_object();

	json_object_set_new(s, "nic_mode", mode ? json_string(mode) : json_null());
	return s;
}

static const char *entry(struct t *t, const char *key)
{
	json_t *e = json_object_get(json_object_get(t->result, "nic_mode"), key);

	return json_is_null(e) ? "null" : json_is_true(e) ? "true" : json_is_false(e) ? "false"
		: json_string_value(e);
}

static int settings(struct t *t, json_t *s, unsigned flags)
{
	int ret = t->vt->check_settings(CTX(t), &t->id, (struct fwd_json *)s, flags, R(t));

	json_decref(s);
	return ret;
}

static void nic_mode_matches(void **state)
{
	struct t *t = *state;

	fwd_mock_reply(&t->m, "ipmitool", 0, " 00\n", "");
	assert_int_equal(settings(t, saved("dedicated"), FWD_SETTINGS_RESTORE), 0);
	assert_string_equal(entry(t, "saved"), "dedicated");
	assert_string_equal(entry(t, "now"), "dedicated");
	assert_string_equal(entry(t, "restored"), "false");
	assert_int_equal(t->m.n_calls, 1);
	assert_string_equal(fwd_mock_call_line(&t->m, 0), "ipmitool raw 0x30 0x70 0x0c 0");
	assert_true(fwd_mock_call(&t->m, 0)->flags & FWD_TOOL_TARGET);
}

static void nic_mode_restored(void **state)
{
	struct t *t = *state;

	fwd_mock_reply(&t->m, "ipmitool", 0, " 02\n", "");
	fwd_mock_reply(&t->m, "ipmitool", 0, "\n", "");
	fwd_mock_reply(&t->m, "ipmitool", 0, " 00\n", "");
	assert_int_equal(settings(t, saved("dedicated"), FWD_SETTINGS_RESTORE), 0);
	assert_string_equal(fwd_mock_call_line(&t->m, 1), "ipmitool raw 0x30 0x70 0x0c 1 0x00");
	assert_string_equal(fwd_mock_call_line(&t->m, 2), "ipmitool raw 0x30 0x70 0x0c 0");
	assert_string_equal(entry(t, "before"), "failover");
	assert_string_equal(entry(t, "now"), "dedicated");
	assert_string_equal(entry(t, "restored"), "true");
	assert_non_null(fwd_mock_log_find(&t->m, FWD_LOG_WARN, "is failover, the backup says "
					  "dedicated: setting it back"));
}

static void nic_mode_not_taken(void **state)
{
	struct t *t = *state;

	/* Set, and it reads back otherwise: still differs. */
	fwd_mock_reply(&t->m, "ipmitool", 0, " 02\n", "");
	fwd_mock_reply(&t->m, "ipmitool", 0, "\n", "");
	fwd_mock_reply(&t->m, "ipmitool", 0, " 02\n", "");
	assert_int_equal(settings(t, saved("shared"), FWD_SETTINGS_RESTORE), -FWD_E_VERIFY);
	expect_in(t->m.error, "was set to shared, and reads back as failover");
	assert_string_equal(entry(t, "restored"), "false");
	/* Without RESTORE: compared only. */
	json_object_clear(t->result);
	fwd_mock_reply(&t->m, "ipmitool", 0, " 02\n", "");
	assert_int_equal(settings(t, saved("shared"), 0), -FWD_E_VERIFY);
	expect_in(t->m.error, "is failover, the backup says shared");
	assert_int_equal(t->m.n_calls, 4);
	/* The set refused by the BMC. */
	fwd_mock_reply(&t->m, "ipmitool", 0, " 02\n", "");
	fwd_mock_reply(&t->m, "ipmitool", 1, "", "Unable to send RAW command (channel=0x0 "
		       "netfn=0x30 lun=0x0 cmd=0x70 rsp=0xcc): Invalid data field in request\n");
	assert_int_equal(settings(t, saved("shared"), FWD_SETTINGS_RESTORE), -FWD_E_TOOL_FAILED);
	expect_in(t->m.error, "did not take LAN interface mode shared");
}

static void nic_mode_dry_run(void **state)
{
	struct t *t = *state;

	fwd_mock_reply(&t->m, "ipmitool", 0, " 02\n", "");
	assert_int_equal(settings(t, saved("dedicated"), FWD_SETTINGS_RESTORE |
				  FWD_SETTINGS_DRY_RUN), -FWD_E_VERIFY);
	assert_int_equal(t->m.n_calls, 1);
	assert_non_null(fwd_mock_log_find(&t->m, FWD_LOG_INFO, "would set the BMC's LAN interface "
					  "mode back from failover to dedicated (ipmitool raw "
					  "0x30 0x70 0x0c 1 0x00); sent nothing"));
	assert_string_equal(entry(t, "restored"), "false");
}

static void nic_mode_unreadable(void **state)
{
	struct t *t = *state;

	/* Not in the backup: nothing asked, nothing to do. */
	assert_int_equal(settings(t, saved(NULL), FWD_SETTINGS_RESTORE), 0);
	assert_int_equal(t->m.n_calls, 0);
	assert_string_equal(entry(t, "saved"), "null");
	assert_string_equal(entry(t, "now"), "null");
	/* In the backup, and the BMC no longer has the command. */
	json_object_clear(t->result);
	fwd_mock_reply(&t->m, "ipmitool", 1, "", "Unable to send RAW command (channel=0x0 "
		       "netfn=0x30 lun=0x0 cmd=0x70 rsp=0xc1): Invalid command\n");
	assert_int_equal(settings(t, saved("shared"), FWD_SETTINGS_RESTORE), -FWD_E_TOOL_FAILED);
	expect_in(t->m.error, "the BMC no longer answers the command: the BMC answered "
		  "completion code 0xc1");
	/* A backup with a mode nobody knows. */
	assert_int_equal(settings(t, saved("turbo"), FWD_SETTINGS_RESTORE), -FWD_E_BAD_INPUT);
}

/* The backup: a BMC without the command is recorded, not a failure. */
static void backup_without_nic_mode(void **state)
{
	struct t *t = *state;
	json_t *v;

	fwd_mock_out_of_band(&t->m, "10.0.0.5", "ADMIN");
	fwd_mock_reply(&t->m, "ipmitool", 1, "", "Unable to send RAW command (channel=0x0 "
		       "netfn=0x30 lun=0x0 cmd=0x70 rsp=0xc1): Invalid command\n");
	assert_int_equal(t->vt->backup(CTX(t), &t->id, R(t)), 0);
	v = json_object_get(t->result, "nic_mode");
	assert_true(json_is_null(v));
	expect_in(json_string_value(json_object_get(t->result, "nic_mode_note")),
		  "the BMC answered completion code 0xc1");
	/* An ipmitool that could not ask: also recorded, with a warning. */
	json_object_clear(t->result);
	fwd_mock_reply_fail(&t->m, "ipmitool", -FWD_E_TIMEOUT, "timed out");
	assert_int_equal(t->vt->backup(CTX(t), &t->id, R(t)), 0);
	assert_true(json_is_null(json_object_get(t->result, "nic_mode")));
	assert_non_null(fwd_mock_log_find(&t->m, FWD_LOG_WARN, "LAN interface mode is not in "
					  "the backup"));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(licence_present, setup, teardown),
		cmocka_unit_test_setup_teardown(licence_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(licence_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(licence_in_band_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(staged_pending_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(update_mode_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(update_mode_in_the_update, setup, teardown),
		cmocka_unit_test_setup_teardown(busy_is_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(no_questions_without_sum, setup, teardown),
		cmocka_unit_test_setup_teardown(nic_mode_matches, setup, teardown),
		cmocka_unit_test_setup_teardown(nic_mode_restored, setup, teardown),
		cmocka_unit_test_setup_teardown(nic_mode_not_taken, setup, teardown),
		cmocka_unit_test_setup_teardown(nic_mode_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(nic_mode_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(backup_without_nic_mode, setup, teardown),
	};
	int failed;

	(void)argc;
	build = fwd_test_build_dir(argv[0]);
	sm_so = fwd_test_load_plugin(build, "supermicro", &sm_entry);
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* Unloaded only now: the mocks' JSON was built by code in the plugin. */
	dlclose(sm_so);
	return failed;
}
