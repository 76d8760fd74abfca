/*
 * test_supermicro.c: the supermicro plugin, as built (supermicro.so,
 * dlopen'd), against the mock host (tests/support/mock-host.h): the sum
 * command lines for every option combination, what each sum exit-code
 * family becomes (code, message, "nothing was flashed" or not), sum's
 * ERROR block passed on without its ANSI escapes, what the BMC flash
 * leaves for the core (no reset, a go-down to wait for), read_versions,
 * backup, and the recovery hints' shape and facts (also generic-hpm's).
 * Since ABI 2.0 the core waits for the BMC and verifies it: those rules
 * are tested in test_bmc_sequence.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock-host.h"
#include "plugin-load.h"
#include "test-util.h"

#define IMAGE "/var/lib/fwdispatch/staging/X11SSH9.B24"

static const char *build;
static void *sm_so, *ghpm_so;
static fwd_plugin_entry_fn sm_entry, ghpm_entry;

/* ---- fixtures ---- */

struct t {
	struct fwd_mock m;
	const struct fwd_plugin *vt;
	struct fwd_identity id;
	struct fwd_flash_request req;
	struct fwd_bmc_flashed next;
	json_t *result;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));

	fwd_mock_init(&t->m);
	t->vt = sm_entry(fwd_mock_api(&t->m));
	assert_non_null(t->vt);
	t->id = (struct fwd_identity){
		.size = sizeof(t->id), .source = "dmidecode", .board_vendor = "Supermicro",
		.board_name = "X11SSH-F", .sys_vendor = "Supermicro",
		.product_name = "SYS-5019S-M", .bios_version = "2.6",
	};
	t->req = (struct fwd_flash_request){
		.size = sizeof(t->req), .image_path = IMAGE, .sha256 = "ab12",
		.running_version = "1.71", .job_wait_s = 60,
	};
	t->next = (struct fwd_bmc_flashed){ .size = sizeof(t->next) };
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

static struct fwd_ctx *CTX(struct t *t)
{
	return fwd_mock_ctx(&t->m);
}

static struct fwd_json *R(struct t *t)
{
	return (struct fwd_json *)t->result;
}

static const char *rstr(struct t *t, const char *key)
{
	json_t *v = json_object_get(t->result, key);

	if (!json_is_string(v))
		fail_msg("result \"%s\" is not a string", key);
	return json_string_value(v);
}

static int rbool(struct t *t, const char *key)
{
	json_t *v = json_object_get(t->result, key);

	if (!json_is_boolean(v))
		fail_msg("result \"%s\" is not a boolean", key);
	return json_is_true(v);
}

static void expect_in(const char *haystack, const char *needle)
{
	if (!haystack || !strstr(haystack, needle))
		fail_msg("'%s' not found in:\n%s", needle, haystack ? haystack : "(null)");
}

static void expect_not_in(const char *haystack, const char *needle)
{
	if (haystack && strstr(haystack, needle))
		fail_msg("'%s' unexpectedly found in:\n%s", needle, haystack);
}

/* ---- what sum prints (the formats of vendor-tools.md) ---- */

#define BANNER                                                                 \
	"Supermicro Update Manager (for UEFI BIOS) 2.14.0 (2024/02/15)\n"      \
	"Copyright(C) 2013-2024 Super Micro Computer, Inc. All rights reserved.\n\n"

static const char bios_ok[] =
	BANNER
	"Managed system............localhost\n"
	"Updating BIOS with " IMAGE "\n"
	"Reading BIOS flash ........ (  0%)\rReading BIOS flash ........ ( 50%)\r"
	"Reading BIOS flash ........ (100%)\n"
	"Writing BIOS flash ........ (100%)\n"
	" - BIOS settings are preserved\n"
	"\x1b[1;32mStatus: BIOS is updated successfully\x1b[0m\n"
	"\x1b[1;33mNote: You have to reboot or power up the system for the changes to take "
	"effect.\x1b[0m\n";

static const char bios_ok_rebooting[] =
	BANNER
	"Writing BIOS flash ........ (100%)\n"
	"\x1b[1;32mStatus: BIOS is updated successfully\x1b[0m\n"
	"The system is rebooting now.\n";

static const char bmc_ok[] =
	BANNER
	"Updating BMC with " IMAGE "\n"
	"Uploading BMC image ....... (100%)\n"
	"BMC is rebooting. It takes a few minutes before it answers again.\n"
	"\x1b[1;32mStatus: BMC is updated successfully\x1b[0m\n";

/* sum's failure output: the banner, the progress lines sum printed before it
 * failed (issue 12, defect 6: they tell whether it had begun to write),
 * then the coloured ERROR block. */
static char *sum_error_after(const char *progress, int code, const char *description,
			     const char *message)
{
	char *s;

	if (asprintf(&s, BANNER "Managed system............localhost\n%s\n"
		     "\x1b[1;31m********************************<<<<<ERROR>>>>>"
		     "**********************************\x1b[0m\n"
		     "ExitCode                = %d\n"
		     "Description             = %s\n"
		     "Program Error Code      = %d.%d\n"
		     "Error message:\n"
		     "        %s\n\n", progress, code, description, code + 200, code % 7 + 1,
		     message) < 0)
		abort();
	return s;
}

static char *sum_error(int code, const char *description, const char *message)
{
	return sum_error_after("", code, description, message);
}

/* ---- BIOS: command lines ---- */

static void bios_in_band_default(void **state)
{
	struct t *t = *state;
	const struct fwd_mock_call *c;

	fwd_mock_reply(&t->m, "sum", 0, bios_ok, "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), 0);
	assert_int_equal(t->m.n_calls, 1);
	assert_string_equal(fwd_mock_call_line(&t->m, 0),
			    "sum -c UpdateBios --file " IMAGE " --preserve_setting");
	c = fwd_mock_call(&t->m, 0);
	assert_true(c->flags & FWD_TOOL_PROGRESS);
	assert_true(c->had_on_line);
	assert_true(c->timeout_ms >= 10u * 60u * 1000u);
	/* The counters sum redraws with "\r" arrive as progress. */
	assert_true(t->m.n_progress >= 2);
	assert_int_equal(t->m.last_progress_done, 100);

	assert_true(rbool(t, "reboot_required"));
	assert_false(rbool(t, "rebooting"));
	assert_true(rbool(t, "preserve_settings"));
	assert_true(json_is_null(json_object_get(t->result, "job_id")));
	assert_int_equal(json_integer_value(json_object_get(t->result, "tool_exit_code")), 0);
	expect_in(rstr(t, "tool_output"), "Status: BIOS is updated successfully");
	expect_in(rstr(t, "tool_output"), "Note: You have to reboot");
	expect_not_in(rstr(t, "tool_output"), "\x1b");
	expect_not_in(rstr(t, "tool_output"), "(  0%)"); /* redrawn away, as on a terminal */
	assert_string_equal(rstr(t, "command"),
			    "sum -c UpdateBios --file " IMAGE " --preserve_setting");
	assert_int_equal(fwd_mock_step_state(&t->m, "bios-stage", NULL), FWD_STEP_DONE);
	assert_int_equal(t->m.n_errors, 0);
}

static void bios_out_of_band(void **state)
{
	struct t *t = *state;
	const struct fwd_mock_call *c;

	fwd_mock_out_of_band(&t->m, "10.0.0.5", "ADMIN");
	fwd_mock_reply(&t->m, "sum", 0, bios_ok, "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), 0);
	assert_string_equal(fwd_mock_call_line(&t->m, 0),
			    "sum -i 10.0.0.5 -u ADMIN -p **** -c UpdateBios --file " IMAGE
			    " --preserve_setting");
	/* The password is the host's sentinel, never a value of the plugin's. */
	c = fwd_mock_call(&t->m, 0);
	assert_string_equal(c->args[4], "-p");
	assert_string_equal(c->args[5], FWD_ARG_PASSWORD);
	assert_non_null(fwd_mock_log_find(&t->m, FWD_LOG_INFO, "SFT-OOB-LIC"));
	expect_in(rstr(t, "command"), "-p **** -c UpdateBios");
}

static void bios_out_of_band_without_password(void **state)
{
	struct t *t = *state;

	fwd_mock_out_of_band(&t->m, "10.0.0.5", "ADMIN");
	fwd_mock_no_password(&t->m);
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), -FWD_E_REFUSED);
	assert_int_equal(t->m.n_calls, 0);
	expect_in(t->m.error, "password");
}

static void bios_no_preserve(void **state)
{
	struct t *t = *state;

	t->req.flags = FWD_FLASH_NO_PRESERVE_SETTINGS;
	fwd_mock_reply(&t->m, "sum", 0, bios_ok, "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), 0);
	assert_string_equal(fwd_mock_call_line(&t->m, 0), "sum -c UpdateBios --file " IMAGE);
	assert_false(rbool(t, "preserve_settings"));
	assert_null(fwd_mock_log_find(&t->m, FWD_LOG_WARN, "preserve"));
}

/* The X12STH-SYS rejects --preserve_setting: dropped, with a warning. */
static void bios_board_rejecting_preserve(void **state)
{
	struct t *t = *state;
	static const char *const fields[] = { "board", "product", "fru" };

	for (size_t i = 0; i < 3; i++) {
		struct fwd_identity id = t->id;

		if (i == 0)
			id.board_name = "X12STH-SYS";
		else if (i == 1)
			id.product_name = "x12sth-sys";   /* case does not matter */
		else {
			id.board_name = NULL;
			id.fru_board_name = "X12STH-SYS";
		}
		fwd_mock_reply(&t->m, "sum", 0, bios_ok, "");
		assert_int_equal(t->vt->stage_bios(CTX(t), &id, &t->req, R(t)), 0);
		if (fwd_mock_call_has(&t->m, i, "--preserve_setting"))
			fail_msg("--preserve_setting passed for X12STH-SYS in the %s name",
				 fields[i]);
		assert_false(rbool(t, "preserve_settings"));
		expect_in(fwd_mock_log_find(&t->m, FWD_LOG_WARN, "X12STH-SYS"),
			  "--preserve_setting");
	}
	/* A close name is another board. */
	t->id.board_name = "X12STH-F";
	fwd_mock_reply(&t->m, "sum", 0, bios_ok, "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), 0);
	assert_true(fwd_mock_call_has(&t->m, 3, "--preserve_setting"));
}

static void bios_reboot(void **state)
{
	struct t *t = *state;

	t->req.flags = FWD_FLASH_REBOOT;
	fwd_mock_reply(&t->m, "sum", 0, bios_ok_rebooting, "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), 0);
	assert_string_equal(fwd_mock_call_line(&t->m, 0),
			    "sum -c UpdateBios --file " IMAGE " --preserve_setting --reboot");
	assert_false(rbool(t, "reboot_required"));
	assert_true(rbool(t, "rebooting"));
	assert_non_null(fwd_mock_log_find(&t->m, FWD_LOG_WARN, "reboots this machine"));

	/* --reboot given, but sum says a reboot is still due: it is. */
	fwd_mock_reply(&t->m, "sum", 0, bios_ok, "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), 0);
	assert_true(rbool(t, "reboot_required"));
	assert_false(rbool(t, "rebooting"));

	/* --reboot given, sum silent about it: still due. */
	fwd_mock_reply(&t->m, "sum", 0, BANNER "Status: BIOS is updated successfully\n", "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), 0);
	assert_true(rbool(t, "reboot_required"));
	assert_false(rbool(t, "rebooting"));

	/* Without --reboot, words about rebooting change nothing. */
	t->req.flags = 0;
	fwd_mock_reply(&t->m, "sum", 0, bios_ok_rebooting, "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), 0);
	assert_false(fwd_mock_call_has(&t->m, 3, "--reboot"));
	assert_true(rbool(t, "reboot_required"));
}

static void bios_out_of_band_all_options(void **state)
{
	struct t *t = *state;

	fwd_mock_out_of_band(&t->m, "bmc-7.example", "op");
	t->m.target.port = 6230;
	t->req.flags = FWD_FLASH_NO_PRESERVE_SETTINGS | FWD_FLASH_REBOOT;
	fwd_mock_reply(&t->m, "sum", 0, bios_ok_rebooting, "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), 0);
	assert_string_equal(fwd_mock_call_line(&t->m, 0),
			    "sum -i bmc-7.example -u op -p **** -c UpdateBios --file " IMAGE
			    " --reboot");
	/* sum cannot be told the port: say so rather than ignore it silently. */
	expect_in(fwd_mock_log_find(&t->m, FWD_LOG_WARN, "port"), "6230");
}

static void bios_dry_run(void **state)
{
	struct t *t = *state;
	const char *detail;

	t->req.flags = FWD_FLASH_DRY_RUN;
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), 0);
	assert_int_equal(t->m.n_calls, 0);
	assert_int_equal(fwd_mock_step_state(&t->m, "bios-stage", &detail), FWD_STEP_SKIPPED);
	expect_in(detail, "sum -c UpdateBios --file " IMAGE " --preserve_setting");
	assert_false(rbool(t, "reboot_required"));
}

/* ---- BIOS: what each exit-code family becomes ---- */

struct family_case {
	int exit;
	const char *description;
	const char *message;      /* sum's Error message line */
	int code;                 /* -FWD_E_* expected */
	const char *expect[3];    /* parts of fwdispatch's message */
};

static const struct family_case families[] = {
	{ 3, "Missing argument", "Missing argument for option '--file'.", -FWD_E_REFUSED,
	  { "sum did not accept its command line: nothing was flashed", "sum -h -c UpdateBios",
	    "(sum exit 3: command line parsing failed)" } },
	{ 8, "Cannot open file", "Cannot open file.", -FWD_E_REFUSED,
	  { "cannot open the image file: nothing was flashed", IMAGE, "(sum exit 8:" } },
	{ 12, "Function access denied", "privilege", -FWD_E_REFUSED,
	  { "nothing was flashed", "ADMINISTRATOR", "(sum exit 12:" } },
	{ 33, "TCP connection error", "Cannot connect.", -FWD_E_FLASH,
	  { "the flash may have stopped midway", "do not power off or reboot the host",
	    "(sum exit 33: resource management error)" } },
	{ 36, "Required device does not exist", "not found", -FWD_E_REFUSED,
	  { "found no device to update: nothing was flashed", "(sum exit 36:", "" } },
	{ 38, "Function is not supported", "not supported", -FWD_E_REFUSED,
	  { "nothing was flashed", "(sum exit 38: function is not supported)", "" } },
	{ 62, "Invalid firmware image file", "not a valid image", -FWD_E_REFUSED,
	  { "sum rejected the image: nothing was flashed", "the BIOS image for Supermicro X11SSH-F",
	    "(sum exit 62:" } },
	{ 63, "Invalid firmware flash ROM", "not valid", -FWD_E_REFUSED,
	  { "sum rejected the image: nothing was flashed", "(sum exit 63:", "" } },
	{ 70, "File parsing error", "bad", -FWD_E_REFUSED,
	  { "could not parse its input: nothing was flashed", "(sum exit 70:", "" } },
	{ 80, "Node product key is not activated", "The node product key is not activated.",
	  -FWD_E_REFUSED,
	  { "no licence for out-of-band BIOS updates: nothing was flashed",
	    "update in-band from the host's OS, or activate an SFT-OOB-LIC or SFT-DCMS-SINGLE",
	    "(sum exit 80: node product key is not activated)" } },
	{ 82, "Board information mismatch", "The image is not for this board.", -FWD_E_REFUSED,
	  { "the image is for another board: nothing was flashed; get the BIOS image for "
	    "Supermicro X11SSH-F", "(sum exit 82: board information mismatch)", "" } },
	{ 83, "OOB is not supported", "no", -FWD_E_REFUSED,
	  { "nothing was flashed; update in-band", "(sum exit 83:", "" } },
	{ 90, "IPMI operation error", "x", -FWD_E_FLASH,
	  { "may have stopped midway", "(sum exit 90: IPMI operation error)", "" } },
	{ 100, "Cannot open driver", "x", -FWD_E_REFUSED,
	  { "in-band driver: nothing was flashed", "dmesg", "(sum exit 100:" } },
	{ 105, "Cannot load driver", "x", -FWD_E_REFUSED,
	  { "nothing was flashed", "as root", "(sum exit 105:" } },
	{ 106, "Driver is busy, please try later", "busy", -FWD_E_BUSY,
	  { "nothing was flashed", "try again later", "(sum exit 106:" } },
	{ 107, "ROM chip is occupied, please try later", "occupied", -FWD_E_BUSY,
	  { "the flash chip is in use: nothing was flashed", "try again later",
	    "(sum exit 107:" } },
	{ 108, "Kernel module verification error", "x", -FWD_E_REFUSED,
	  { "nothing was flashed", "Secure Boot", "(sum exit 108:" } },
	{ 110, "In-band operation error", "x", -FWD_E_FLASH,
	  { "the in-band update failed: the flash may have stopped midway",
	    "do not power off", "(sum exit 110:" } },
	{ 130, "IPMI communication error", "x", -FWD_E_FLASH,
	  { "may have stopped midway", "(sum exit 130:", "" } },
	{ 145, "IPMI connection failed", "x", -FWD_E_REFUSED,
	  { "cannot connect to the BMC: nothing was flashed", "(sum exit 145:", "" } },
	{ 146, "IPMI login failed", "x", -FWD_E_REFUSED,
	  { "refused sum's login: nothing was flashed", "user and the password",
	    "(sum exit 146:" } },
	{ 149, "IPMI execution failed", "IPMI command execution failed.", -FWD_E_FLASH,
	  { "may have stopped midway", "do not power off or reboot the host",
	    "(sum exit 149: IPMI execution failed)" } },
	/* 149 with HTTP 403 "not licensed" is the licence refusal in other words. */
	{ 149, "IPMI execution failed", "HTTP/1.1 403 Forbidden: this function is not licensed.",
	  -FWD_E_REFUSED,
	  { "no licence for out-of-band BIOS updates: nothing was flashed", "SFT-OOB-LIC",
	    "(sum exit 149:" } },
	{ 201, "Unknown", "x", -FWD_E_FLASH,
	  { "sum failed: the flash may have stopped midway",
	    "(sum exit 201: a code fwdispatch does not know)", "" } },
};

static void bios_exit_families(void **state)
{
	struct t *t = *state;

	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		const struct family_case *f = &families[i];
		char *out = sum_error(f->exit, f->description, f->message);
		json_t *err;
		int ret;

		json_object_clear(t->result);
		fwd_mock_reply(&t->m, "sum", f->exit, out, "");
		ret = t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t));
		if (ret != f->code)
			fail_msg("sum exit %d (%s): code %d, expected %d; message: %s", f->exit,
				 f->message, ret, f->code, t->m.error);
		assert_int_equal(t->m.error_code, f->code);
		for (size_t k = 0; k < 3; k++)
			if (f->expect[k][0])
				expect_in(t->m.error, f->expect[k]);
		/* "nothing was flashed" exactly when the code says nothing changed. */
		if (f->code == -FWD_E_FLASH)
			expect_not_in(t->m.error, "nothing was flashed");
		/* sum's own words follow, plain. */
		expect_in(t->m.error, "\nsum said:\n    ExitCode                = ");
		expect_in(t->m.error, f->description);
		expect_in(t->m.error, f->message);
		expect_not_in(t->m.error, "\x1b");
		expect_not_in(t->m.error, "<<<<<ERROR>>>>>");
		/* The JSON has the whole block and its parsed fields. */
		expect_in(rstr(t, "tool_output"), "Program Error Code      = ");
		expect_in(rstr(t, "tool_output"), f->message);
		expect_not_in(rstr(t, "tool_output"), "\x1b");
		err = json_object_get(t->result, "sum_error");
		assert_int_equal(json_integer_value(json_object_get(err, "exit_code")), f->exit);
		assert_string_equal(json_string_value(json_object_get(err, "description")),
				    f->description);
		assert_non_null(json_string_value(json_object_get(err, "program_error_code")));
		assert_int_equal(json_integer_value(json_object_get(t->result, "tool_exit_code")),
				 f->exit);
		assert_false(rbool(t, "reboot_required"));
		assert_int_equal(fwd_mock_step_state(&t->m, "bios-stage", NULL), FWD_STEP_FAILED);
		free(out);
	}
}

/* The block on stderr, escapes inside its lines, CRLF endings. */
static void bios_error_block_on_stderr_with_escapes(void **state)
{
	struct t *t = *state;
	const char err[] =
		"\x1b[1;31m*****<<<<<ERROR>>>>>*****\x1b[0m\r\n"
		"\x1b[1mExitCode\x1b[0m                = 82\r\n"
		"Description             = \x1b[31mBoard information mismatch\x1b[0m\r\n"
		"Program Error Code      = 282.6\r\n"
		"Error message:\r\n"
		"        The image '" IMAGE "' is not for this board (board ID 0953).\r\n";
	const char *detail;

	fwd_mock_reply(&t->m, "sum", 82, BANNER, err);
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), -FWD_E_REFUSED);
	assert_string_equal(rstr(t, "tool_output"),
			    "ExitCode                = 82\n"
			    "Description             = Board information mismatch\n"
			    "Program Error Code      = 282.6\n"
			    "Error message:\n"
			    "        The image '" IMAGE "' is not for this board (board ID 0953).");
	expect_in(t->m.error, "\n    Description             = Board information mismatch");
	expect_not_in(t->m.error, "\x1b");
	expect_not_in(t->m.error, "\r");
	assert_int_equal(fwd_mock_step_state(&t->m, "bios-stage", &detail), FWD_STEP_FAILED);
	assert_string_equal(detail, "sum exit 82: Board information mismatch");
}

/* Out-of-band without SMBIOS the board has no name: its BMC product ID says which. */
static void bios_wrong_board_unnamed(void **state)
{
	struct t *t = *state;
	struct fwd_identity id = { .size = sizeof(id), .source = "bmc", .bmc_known = 1,
				   .bmc_manufacturer_id = 10876, .bmc_product_id = 0x884 };
	char *out = sum_error(82, "Board information mismatch", "not for this board");

	fwd_mock_reply(&t->m, "sum", 82, out, "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &id, &t->req, R(t)), -FWD_E_REFUSED);
	expect_in(t->m.error, "get the BIOS image for this board (BMC product ID 0x0884)");
	free(out);
}

/* A board refusing --preserve_setting says so: the operator learns the way out. */
static void bios_preserve_rejected_advice(void **state)
{
	struct t *t = *state;
	char *out = sum_error(38, "Function is not supported",
			      "The option --preserve_setting is not supported on this platform.");

	fwd_mock_reply(&t->m, "sum", 38, out, "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), -FWD_E_REFUSED);
	expect_in(t->m.error, "run again with --no-preserve-settings");

	/* Without --preserve_setting there is nothing to advise. */
	t->req.flags = FWD_FLASH_NO_PRESERVE_SETTINGS;
	fwd_mock_reply(&t->m, "sum", 38, out, "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), -FWD_E_REFUSED);
	expect_not_in(t->m.error, "--no-preserve-settings");
	free(out);
}

/* Exit 0 is not success when sum says otherwise. */
static void bios_exit_zero_but_failed(void **state)
{
	struct t *t = *state;
	char *out = sum_error(149, "IPMI execution failed", "late failure");

	fwd_mock_reply(&t->m, "sum", 0, out, "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), -FWD_E_FLASH);
	expect_in(t->m.error, "sum exited 0 but reported a failure");
	free(out);

	/* "No error" is no failure. */
	fwd_mock_reply(&t->m, "sum", 0, BANNER "Status: BIOS is updated (no error)\n", "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), 0);

	fwd_mock_reply(&t->m, "sum", 0, BANNER "Status: BIOS update failed\n", "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), -FWD_E_FLASH);
	expect_in(t->m.error, "'BIOS update failed'");
	expect_in(t->m.error, "do not power off or reboot the host");
	assert_false(rbool(t, "reboot_required"));
}

static void bios_sum_missing_timeout_signal(void **state)
{
	struct t *t = *state;

	fwd_mock_reply_fail(&t->m, "sum", -FWD_E_TOOL_MISSING,
			    "cannot find 'sum' in PATH: set FWDISPATCH_SUM to the path of "
			    "Supermicro's sum (Supermicro Update Manager)");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), -FWD_E_TOOL_MISSING);
	expect_in(t->m.error, "FWDISPATCH_SUM");   /* the host's words are kept */
	assert_int_equal(fwd_mock_step_state(&t->m, "bios-stage", NULL), FWD_STEP_FAILED);

	fwd_mock_reply_fail(&t->m, "sum", -FWD_E_TIMEOUT, "timed out");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), -FWD_E_FLASH);
	expect_in(t->m.error, "did not finish the BIOS update within 60 minutes");
	expect_in(t->m.error, "do not power off or reboot the host");

	fwd_mock_reply_signal(&t->m, "sum", SIGKILL);
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), -FWD_E_FLASH);
	expect_in(t->m.error, "killed by signal 9");
}

#define READING                                                                \
	"Updating BIOS with " IMAGE "\n"                                       \
	"Reading BIOS flash ........ (  0%)\rReading BIOS flash ........ ( 50%)\r" \
	"Reading BIOS flash ........ (100%)\n"
#define WRITING_60                                                             \
	READING                                                                \
	"Writing BIOS flash ........ (  0%)\rWriting BIOS flash ........ ( 60%)\n"

struct progress_case {
	const char *progress;     /* sum's lines before its ERROR block */
	int exit;
	const char *description;
	int code;                 /* -FWD_E_* expected */
	int writing;              /* sum had begun writing */
};

static const struct progress_case progress_cases[] = {
	/* The case: exit 62 once writing began is a failed flash. */
	{ WRITING_60, 62, "Invalid firmware image file", -FWD_E_FLASH, 1 },
	{ WRITING_60, 82, "Board information mismatch", -FWD_E_FLASH, 1 },
	{ WRITING_60, 107, "ROM chip is occupied, please try later", -FWD_E_FLASH, 1 },
	{ WRITING_60, 149, "IPMI execution failed", -FWD_E_FLASH, 1 },
	/* Erasing is writing too, even at 0%. */
	{ READING "Erasing BIOS flash ........ (  0%)\n", 62, "Invalid firmware image file",
	  -FWD_E_FLASH, 1 },
	/* Only reading: the refusals still know nothing was written. */
	{ READING, 62, "Invalid firmware image file", -FWD_E_REFUSED, 0 },
	{ READING, 82, "Board information mismatch", -FWD_E_REFUSED, 0 },
	{ READING, 107, "ROM chip is occupied, please try later", -FWD_E_BUSY, 0 },
	{ "", 62, "Invalid firmware image file", -FWD_E_REFUSED, 0 },
	/* Reading, then a code that may stop midway: unknown, not part-way. */
	{ READING, 149, "IPMI execution failed", -FWD_E_FLASH, 0 },
};

static void bios_progress_then_error(void **state)
{
	struct t *t = *state;

	for (size_t i = 0; i < sizeof(progress_cases) / sizeof(progress_cases[0]); i++) {
		const struct progress_case *c = &progress_cases[i];
		char *out = sum_error_after(c->progress, c->exit, c->description, "failed");
		const char *detail;
		int ret;

		json_object_clear(t->result);
		fwd_mock_reply(&t->m, "sum", c->exit, out, "");
		ret = t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t));
		if (ret != c->code)
			fail_msg("case %zu (exit %d): code %d, expected %d; message: %s", i, c->exit,
				 ret, c->code, t->m.error);
		assert_int_equal(json_is_true(json_object_get(t->result, "writing_began")),
				 c->writing);
		assert_int_equal(fwd_mock_step_state(&t->m, "bios-stage", &detail), FWD_STEP_FAILED);
		if (c->writing) {
			expect_in(t->m.error, "after it had begun writing the BIOS ('");
			expect_in(t->m.error, "'): the flash failed part-way");
			expect_in(t->m.error, "do not power off or reboot the host until the BIOS "
				  "has been flashed again successfully");
			expect_not_in(t->m.error, "nothing was flashed");
			expect_not_in(t->m.error, "try again later");
			expect_in(detail, "failed part-way");
		} else {
			expect_not_in(t->m.error, "failed part-way");
			expect_not_in(detail, "part-way");
			if (c->code != -FWD_E_FLASH)
				expect_in(t->m.error, ": nothing was flashed");
		}
		free(out);
	}
	/* The line quoted is the last drawing of the writing counter. */
	{
		char *out = sum_error_after(WRITING_60, 62, "Invalid firmware image file", "bad");

		fwd_mock_reply(&t->m, "sum", 62, out, "");
		t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t));
		expect_in(t->m.error, "sum rejected the image after it had begun writing the BIOS "
			  "('Writing BIOS flash ........ ( 60%)'): the flash failed part-way");
		expect_in(t->m.error, "(sum exit 62: invalid firmware image)");
		free(out);
	}
}

/* Killed, or exit 0 with a failure, after writing began: part-way too. */
static void bios_progress_then_killed_or_failed_status(void **state)
{
	struct t *t = *state;
	static const char failed_status[] =
		BANNER WRITING_60 "\x1b[1;31mStatus: BIOS update failed\x1b[0m\n";

	fwd_mock_reply(&t->m, "sum", 0, failed_status, "");
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), -FWD_E_FLASH);
	expect_in(t->m.error, "sum exited 0 but reported a failure ('BIOS update failed') "
		  "after it had begun writing the BIOS");
	expect_in(t->m.error, "do not power off");
	assert_true(json_is_true(json_object_get(t->result, "writing_began")));

	/* Killed while writing: what it printed until then says how far it got. */
	json_object_clear(t->result);
	fwd_mock_reply_signal(&t->m, "sum", SIGKILL);
	t->m.replies[t->m.n_replies - 1].out = strdup(BANNER WRITING_60);
	assert_int_equal(t->vt->stage_bios(CTX(t), &t->id, &t->req, R(t)), -FWD_E_FLASH);
	expect_in(t->m.error, "sum was killed by signal 9 during the BIOS update after it had "
		  "begun writing the BIOS");
	assert_true(json_is_true(json_object_get(t->result, "writing_began")));
}

/* ---- BMC through sum ---- */

static void bmc_in_band_uploaded(void **state)
{
	struct t *t = *state;

	t->req.version = "1.72";
	fwd_mock_reply(&t->m, "sum", 0, bmc_ok, "");
	assert_int_equal(t->vt->flash_bmc(CTX(t), &t->id, &t->req, &t->next, R(t)), 0);
	assert_string_equal(fwd_mock_call_line(&t->m, 0), "sum -c UpdateBmc --file " IMAGE);
	assert_int_equal(json_integer_value(json_object_get(t->result, "upload_exit_code")), 0);
	expect_in(rstr(t, "tool_output"), "Status: BMC is updated successfully");
	assert_int_equal(fwd_mock_step_state(&t->m, "bmc-upload", NULL), FWD_STEP_DONE);
	/* sum restarts the BMC itself; the core waits out its old answers. */
	assert_int_equal(t->next.reset, FWD_BMC_RESET_NONE);
	assert_int_equal(t->next.go_down_s, 90);
	assert_string_equal(t->next.job_id, "");
	assert_int_equal(fwd_mock_step_state(&t->m, "bmc-wait", NULL), -1);
	assert_int_equal(fwd_mock_step_state(&t->m, "bmc-verify", NULL), -1);
	assert_int_equal(t->m.n_bmc_info, 0);
	assert_int_equal(t->m.n_errors, 0);
}

static void bmc_overwrite_cfg_and_out_of_band(void **state)
{
	struct t *t = *state;

	fwd_mock_out_of_band(&t->m, "10.0.0.5", "ADMIN");
	t->req.version = "1.72";
	t->req.flags = FWD_FLASH_OVERWRITE_BMC_CONFIG;
	fwd_mock_reply(&t->m, "sum", 0, bmc_ok, "");
	fwd_mock_bmc(&t->m, 0, "1.72");
	assert_int_equal(t->vt->flash_bmc(CTX(t), &t->id, &t->req, &t->next, R(t)), 0);
	assert_string_equal(fwd_mock_call_line(&t->m, 0),
			    "sum -i 10.0.0.5 -u ADMIN -p **** -c UpdateBmc --file " IMAGE
			    " --overwrite_cfg");
	assert_string_equal(fwd_mock_call(&t->m, 0)->args[5], FWD_ARG_PASSWORD);
	expect_in(fwd_mock_log_find(&t->m, FWD_LOG_WARN, "factory defaults"),
		  "--overwrite-bmc-config");
}

/* Flags meant for the BIOS never reach UpdateBmc, and --overwrite_cfg never
 * goes without its flag. */
static void bmc_flags_kept_apart(void **state)
{
	struct t *t = *state;

	t->req.version = "1.72";
	t->req.flags = FWD_FLASH_REBOOT | FWD_FLASH_NO_PRESERVE_SETTINGS |
		       FWD_FLASH_ALLOW_REINSTALL;
	fwd_mock_reply(&t->m, "sum", 0, bmc_ok, "");
	fwd_mock_bmc(&t->m, 0, "1.72");
	assert_int_equal(t->vt->flash_bmc(CTX(t), &t->id, &t->req, &t->next, R(t)), 0);
	assert_string_equal(fwd_mock_call_line(&t->m, 0), "sum -c UpdateBmc --file " IMAGE);
}

static void bmc_sum_failures(void **state)
{
	struct t *t = *state;
	char *out = sum_error(82, "Board information mismatch", "not for this board");

	/* A refusal: nothing flashed, and the BMC's state is said. */
	t->req.version = "1.72";
	fwd_mock_reply(&t->m, "sum", 82, out, "");
	fwd_mock_bmc(&t->m, 0, "1.71");
	assert_int_equal(t->vt->flash_bmc(CTX(t), &t->id, &t->req, &t->next, R(t)), -FWD_E_REFUSED);
	expect_in(t->m.error, "the image is for another board: nothing was flashed; get the "
		  "BMC image for Supermicro X11SSH-F");
	expect_in(t->m.error, "; the BMC answers and runs 1.71");
	expect_in(t->m.error, "\nsum said:\n");
	assert_string_equal(rstr(t, "after"), "1.71");
	assert_int_equal(json_integer_value(json_object_get(t->result, "upload_exit_code")), 82);
	assert_int_equal(fwd_mock_step_state(&t->m, "bmc-upload", NULL), FWD_STEP_FAILED);
	assert_int_equal(fwd_mock_step_state(&t->m, "bmc-wait", NULL), -1);
	free(out);

	/* A "refusal" after which the BMC runs another version was no refusal. */
	out = sum_error(145, "IPMI connection failed", "lost");
	fwd_mock_release(&t->m);
	fwd_mock_init(&t->m);
	t->vt = sm_entry(fwd_mock_api(&t->m));
	fwd_mock_reply(&t->m, "sum", 145, out, "");
	fwd_mock_bmc(&t->m, 0, "1.72");
	assert_int_equal(t->vt->flash_bmc(CTX(t), &t->id, &t->req, &t->next, R(t)), -FWD_E_FLASH);
	expect_in(t->m.error, "the flash went further than sum says");
	expect_in(t->m.error, "the BMC answers and runs 1.72");
	expect_not_in(t->m.error, "nothing was flashed");
	free(out);

	/* Midway failure, BMC silent. */
	out = sum_error(149, "IPMI execution failed", "failed");
	fwd_mock_reply(&t->m, "sum", 149, out, "");
	fwd_mock_bmc(&t->m, -FWD_E_BMC_GONE, NULL);
	assert_int_equal(t->vt->flash_bmc(CTX(t), &t->id, &t->req, &t->next, R(t)), -FWD_E_FLASH);
	expect_in(t->m.error, "the flash may have stopped midway");
	expect_in(t->m.error, "the BMC does not answer now");
	expect_not_in(t->m.error, "half-written BIOS");
	assert_true(json_is_null(json_object_get(t->result, "after")));
	free(out);
}

/* UpdateBmc: uploading the image is not writing; updating the firmware is. */
static void bmc_progress_then_error(void **state)
{
	struct t *t = *state;
	char *out = sum_error_after("Updating BMC with " IMAGE "\n"
				    "Uploading BMC image ....... (100%)\n"
				    "Updating BMC firmware ..... ( 60%)\n",
				    62, "Invalid firmware image file", "bad");

	t->req.version = "1.72";
	fwd_mock_reply(&t->m, "sum", 62, out, "");
	fwd_mock_bmc(&t->m, 0, "1.71");
	assert_int_equal(t->vt->flash_bmc(CTX(t), &t->id, &t->req, &t->next, R(t)), -FWD_E_FLASH);
	expect_in(t->m.error, "sum rejected the image after it had begun writing the BMC "
		  "('Updating BMC firmware ..... ( 60%)'): the flash failed part-way");
	expect_in(t->m.error, "do not remove the server's power until the BMC has been flashed "
		  "again successfully");
	expect_in(t->m.error, "; the BMC answers and runs 1.71");
	expect_not_in(t->m.error, "nothing was flashed");
	assert_true(json_is_true(json_object_get(t->result, "writing_began")));
	free(out);

	/* The upload alone: the image never reached the flash. */
	out = sum_error_after("Updating BMC with " IMAGE "\n"
			      "Uploading BMC image ....... ( 60%)\n",
			      62, "Invalid firmware image file", "bad");
	json_object_clear(t->result);
	fwd_mock_reply(&t->m, "sum", 62, out, "");
	fwd_mock_bmc(&t->m, 0, "1.71");
	assert_int_equal(t->vt->flash_bmc(CTX(t), &t->id, &t->req, &t->next, R(t)),
			 -FWD_E_REFUSED);
	expect_in(t->m.error, "sum rejected the image: nothing was flashed");
	assert_true(json_is_false(json_object_get(t->result, "writing_began")));
	free(out);
}

static void bmc_hpm_image_takes_hpm_path(void **state)
{
	struct t *t = *state;

	t->req.format = "hpm1";
	t->req.version = "1.72";
	fwd_mock_reply(&t->m, "ipmitool", 1, "", "upgrade failed\n");
	fwd_mock_bmc(&t->m, 0, "1.71");
	assert_int_equal(t->vt->flash_bmc(CTX(t), &t->id, &t->req, &t->next, R(t)), -FWD_E_FLASH);
	assert_string_equal(fwd_mock_call(&t->m, 0)->tool, "ipmitool");
	assert_true(fwd_mock_call_has(&t->m, 0, "hpm"));
	/* The core resets it if activation is not enough. */
	assert_int_equal(t->next.reset, FWD_BMC_RESET_COLD);
	assert_int_equal(t->next.go_down_s, 30);
}

/* ipmitool's own phases tell whether it had begun to write (issue 12, 6). */
static void bmc_hpm_failure_before_or_after_writing(void **state)
{
	struct t *t = *state;
	static const char before[] =
		"PICMG HPM.1 Upgrade Agent 1.0.9:\n\n"
		"Validating firmware image integrity...OK\n"
		"Performing preparation stage...\n";
	static const char after[] =
		"PICMG HPM.1 Upgrade Agent 1.0.9:\n\n"
		"Validating firmware image integrity...OK\n"
		"Performing preparation stage...\nOK\n\n"
		"Performing upgrade stage:\n\n"
		"|   0|SMC BMC FW  |   1.71 00000000 | ---.-- -------- |   1.72 00000000 | 37%|\n";

	t->req.format = "hpm1";
	t->req.version = "1.72";
	fwd_mock_reply(&t->m, "ipmitool", 1, after,
		       "Error uploading firmware block\nFirmware upgrade procedure failed\n");
	fwd_mock_bmc(&t->m, 0, "1.71");
	assert_int_equal(t->vt->flash_bmc(CTX(t), &t->id, &t->req, &t->next, R(t)), -FWD_E_FLASH);
	expect_in(t->m.error, "ipmitool had begun writing the firmware (its upgrade stage): the "
		  "flash failed part-way; do not remove the server's power");
	assert_true(json_is_true(json_object_get(t->result, "writing_began")));

	json_object_clear(t->result);
	fwd_mock_reply(&t->m, "ipmitool", 1, before, "Firmware upgrade procedure failed\n");
	fwd_mock_bmc(&t->m, 0, "1.71");
	assert_int_equal(t->vt->flash_bmc(CTX(t), &t->id, &t->req, &t->next, R(t)), -FWD_E_FLASH);
	expect_in(t->m.error, "ipmitool stopped before its upgrade stage");
	expect_not_in(t->m.error, "part-way");
	assert_true(json_is_false(json_object_get(t->result, "writing_began")));
}

/* The preflight: the tool each path runs is there, and what sum needs of
 * an out-of-band target; no step is recorded.  (Its questions to sum:
 * test_supermicro_checks.c.) */
static void preflight(void **state)
{
	struct t *t = *state;

	fwd_mock_reply(&t->m, "sum", 38, "Function is not supported\n", "");
	assert_int_equal(t->vt->preflight(CTX(t), &t->id, FWD_PART_BIOS, &t->req), 0);
	t->m.missing_tool = "sum";
	assert_int_equal(t->vt->preflight(CTX(t), &t->id, FWD_PART_BIOS, &t->req),
			 -FWD_E_TOOL_MISSING);
	assert_int_equal(t->vt->preflight(CTX(t), &t->id, FWD_PART_BMC, &t->req),
			 -FWD_E_TOOL_MISSING);
	/* An HPM.1 image needs ipmitool, not sum. */
	t->req.format = "hpm1";
	assert_int_equal(t->vt->preflight(CTX(t), &t->id, FWD_PART_BMC, &t->req), 0);
	t->m.missing_tool = "ipmitool";
	assert_int_equal(t->vt->preflight(CTX(t), &t->id, FWD_PART_BMC, &t->req),
			 -FWD_E_TOOL_MISSING);
	t->m.missing_tool = NULL;
	t->req.format = NULL;
	fwd_mock_out_of_band(&t->m, "10.0.0.5", "ADMIN");
	fwd_mock_no_password(&t->m);
	assert_int_equal(t->vt->preflight(CTX(t), &t->id, FWD_PART_BIOS, &t->req),
			 -FWD_E_REFUSED);
	expect_in(t->m.error, "password");
	assert_int_equal(t->m.n_calls, 1);
	assert_string_equal(fwd_mock_call_line(&t->m, 0), "sum -c UpdateBios --staged getinfo");
	assert_int_equal(t->m.n_steps, 0);
}

static void bmc_dry_run(void **state)
{
	struct t *t = *state;

	t->req.flags = FWD_FLASH_DRY_RUN | FWD_FLASH_OVERWRITE_BMC_CONFIG;
	t->req.version = "1.72";
	assert_int_equal(t->vt->flash_bmc(CTX(t), &t->id, &t->req, &t->next, R(t)), 0);
	assert_int_equal(t->m.n_calls, 0);
	assert_int_equal(t->m.n_bmc_info, 0);
	assert_int_equal(fwd_mock_step_state(&t->m, "bmc-upload", NULL), FWD_STEP_SKIPPED);
	assert_string_equal(fwd_mock_plan_line(&t->m, 0),
			    "sum -c UpdateBmc --file " IMAGE " --overwrite_cfg");
	assert_int_equal(t->next.go_down_s, 90);
	assert_string_equal(rstr(t, "command"),
			    "sum -c UpdateBmc --file " IMAGE " --overwrite_cfg");
}

/* ---- read_versions, backup ---- */

static void versions(void **state)
{
	struct t *t = *state;
	struct fwd_versions v = { .size = sizeof(v) };
	struct fwd_identity id = t->id;

	fwd_mock_bmc(&t->m, 0, "1.71");
	assert_int_equal(t->vt->read_versions(CTX(t), &t->id, FWD_VERSION_BMC | FWD_VERSION_BIOS, &v), 0);
	assert_string_equal(v.bmc, "1.71");
	assert_string_equal(v.bios, "2.6");
	assert_int_equal(t->m.n_calls, 0);

	/* Out-of-band without SMBIOS: sum -c GetBiosInfo tells the BIOS. */
	fwd_mock_out_of_band(&t->m, "10.0.0.5", "ADMIN");
	id.bios_version = NULL;
	fwd_mock_reply(&t->m, "sum", 0, BANNER "Managed system............10.0.0.5\n"
		       "    Board ID..............0884\n"
		       "    BIOS build date.......2023/05/12\n"
		       "    BIOS version..........3.1a\n", "");
	assert_int_equal(t->vt->read_versions(CTX(t), &id, FWD_VERSION_BMC | FWD_VERSION_BIOS, &v), 0);
	assert_string_equal(v.bios, "3.1a");
	assert_string_equal(fwd_mock_call_line(&t->m, 0),
			    "sum -i 10.0.0.5 -u ADMIN -p **** -c GetBiosInfo");

	/* sum failing there leaves the BIOS unknown, not the call failed. */
	fwd_mock_reply(&t->m, "sum", 146, "", "");
	assert_int_equal(t->vt->read_versions(CTX(t), &id, FWD_VERSION_BMC | FWD_VERSION_BIOS, &v), 0);
	assert_string_equal(v.bios, "");
	assert_string_equal(v.bmc, "1.71");

	/* Asked for the BMC only (the core before and after a flash), sum is
	 * not run, whatever the target. */
	assert_int_equal(t->vt->read_versions(CTX(t), &id, FWD_VERSION_BMC, &v), 0);
	assert_string_equal(v.bmc, "1.71");
	assert_string_equal(v.bios, "");
	assert_int_equal(t->m.n_calls, 2);

	/* The BMC silent: its error is the answer. */
	fwd_mock_release(&t->m);
	fwd_mock_init(&t->m);
	t->vt = sm_entry(fwd_mock_api(&t->m));
	assert_int_equal(t->vt->read_versions(CTX(t), &t->id, FWD_VERSION_BMC | FWD_VERSION_BIOS, &v), -FWD_E_BMC_GONE);
	assert_string_equal(v.bios, "2.6");
}

static void backup(void **state)
{
	struct t *t = *state;

	fwd_mock_reply(&t->m, "ipmitool", 0, " 00\n", "");
	fwd_mock_reply(&t->m, "sum", 0, BANNER "    BMC version...........01.71.11\n", "");
	assert_int_equal(t->vt->backup(CTX(t), &t->id, R(t)), 0);
	expect_in(rstr(t, "note"), "the LAN interface mode beyond the generic IPMI backup");
	assert_string_equal(rstr(t, "nic_mode"), "dedicated");
	assert_string_equal(fwd_mock_call_line(&t->m, 0), "ipmitool raw 0x30 0x70 0x0c 0");
	assert_true(fwd_mock_call(&t->m, 0)->flags & FWD_TOOL_TARGET);
	assert_string_equal(rstr(t, "sum_bmc_info"), BANNER "    BMC version...........01.71.11");
	assert_string_equal(fwd_mock_call_line(&t->m, 1), "sum -c GetBmcInfo");

	/* Out-of-band: no sum call (it would put the password on a command line). */
	json_object_clear(t->result);
	fwd_mock_out_of_band(&t->m, "10.0.0.5", "ADMIN");
	fwd_mock_reply(&t->m, "ipmitool", 0, " 01\n", "");
	assert_int_equal(t->vt->backup(CTX(t), &t->id, R(t)), 0);
	assert_int_equal(t->m.n_calls, 3);
	assert_string_equal(rstr(t, "nic_mode"), "shared");
	assert_non_null(json_object_get(t->result, "note"));
	assert_null(json_object_get(t->result, "sum_bmc_info"));

	/* In-band without sum: still a note, still 0. */
	fwd_mock_release(&t->m);
	fwd_mock_init(&t->m);
	t->vt = sm_entry(fwd_mock_api(&t->m));
	json_object_clear(t->result);
	fwd_mock_reply(&t->m, "ipmitool", 0, " 02\n", "");
	fwd_mock_reply_fail(&t->m, "sum", -FWD_E_TOOL_MISSING, "no sum");
	assert_int_equal(t->vt->backup(CTX(t), &t->id, R(t)), 0);
	assert_non_null(json_object_get(t->result, "note"));
	/* The debug line says why, never what was on the stack (valgrind found
	 * it read an uninitialised reason when sum did not run). */
	assert_non_null(fwd_mock_log_find(&t->m, FWD_LOG_DEBUG,
					  "sum -c GetBmcInfo gave no answer: sum did not finish"));
}

/* ---- recovery hints ---- */

static const char *const hint_ids[] = { "bmc-unreachable", "bios-no-post", "hard-lock",
					"lan-lost" };
static const char *const hint_applies[] = { "bmc", "bios", "bios", "lan" };

/* Every hint has the header's shape; returns all its text joined, per id. */
static void check_hints(json_t *hints, char *text[4])
{
	assert_true(json_is_array(hints));
	assert_int_equal(json_array_size(hints), 4);
	for (size_t i = 0; i < 4; i++) {
		json_t *h = json_array_get(hints, i), *steps, *applies;
		size_t len = 0, k;
		char *all;

		assert_true(json_is_object(h));
		assert_int_equal(json_object_size(h), 5);
		assert_string_equal(json_string_value(json_object_get(h, "id")), hint_ids[i]);
		assert_true(strlen(json_string_value(json_object_get(h, "title"))) > 10);
		assert_true(strlen(json_string_value(json_object_get(h, "when"))) > 10);
		applies = json_object_get(h, "applies");
		assert_int_equal(json_array_size(applies), 1);
		assert_string_equal(json_string_value(json_array_get(applies, 0)),
				    hint_applies[i]);
		steps = json_object_get(h, "steps");
		assert_true(json_array_size(steps) >= 2);
		for (k = 0; k < json_array_size(steps); k++) {
			const char *s = json_string_value(json_array_get(steps, k));

			assert_non_null(s);
			assert_true(strlen(s) > 20);
			len += strlen(s) + 1;
		}
		all = calloc(1, len + 1);
		for (k = 0; k < json_array_size(steps); k++) {
			strcat(all, json_string_value(json_array_get(steps, k)));
			strcat(all, "\n");
		}
		text[i] = all;
	}
}

static void hints_supermicro(void **state)
{
	struct t *t = *state;
	json_t *hints = json_array();
	char *text[4];

	assert_int_equal(t->vt->recovery_hints(CTX(t), &t->id, (struct fwd_json *)hints), 0);
	check_hints(hints, text);
	expect_in(text[0], "ipmitool mc info");
	expect_in(text[0], "failover");
	expect_in(text[0], "ipmitool lan set 1 ipaddr");
	expect_in(text[0], "fwdispatch restore");
	expect_in(text[1], "Maintenance > BIOS Update");
	expect_in(text[1], "SUPER.ROM");
	expect_in(text[1], "Ctrl+Home");
	expect_in(text[1], "X11SSH-F");       /* the board's manual, named */
	expect_in(text[2], "JBT1");
	expect_in(text[2], "unplug both power supplies");
	expect_in(text[2], "battery");
	expect_in(text[3], "ipmitool lan set 1 ipsrc static");
	expect_in(text[3], "ipmitool lan set 1 vlan id");
	expect_in(text[3], "no passwords");
	for (size_t i = 0; i < 4; i++) {
		expect_not_in(text[i], "raw 0x30");   /* no invented vendor bytes */
		free(text[i]);
	}
	assert_int_equal(t->m.n_calls, 0);
	json_decref(hints);

	/* Out-of-band: the commands name the BMC. */
	hints = json_array();
	fwd_mock_out_of_band(&t->m, "10.0.0.5", "ADMIN");
	assert_int_equal(t->vt->recovery_hints(CTX(t), &t->id, (struct fwd_json *)hints), 0);
	check_hints(hints, text);
	expect_in(text[0], "ipmitool -I lanplus -H 10.0.0.5 -U ADMIN -E mc info");
	expect_in(text[1], "sum -i 10.0.0.5 -u USER");
	for (size_t i = 0; i < 4; i++)
		free(text[i]);
	json_decref(hints);

	/* A BMC on another port: the line says so. */
	hints = json_array();
	t->m.target.port = 6230;
	assert_int_equal(t->vt->recovery_hints(CTX(t), &t->id, (struct fwd_json *)hints), 0);
	check_hints(hints, text);
	expect_in(text[0], "ipmitool -I lanplus -H 10.0.0.5 -p 6230 -U ADMIN -E mc info");
	for (size_t i = 0; i < 4; i++)
		free(text[i]);
	json_decref(hints);
}

static void hints_generic_hpm(void **state)
{
	struct t *t = *state;
	const struct fwd_plugin *g = ghpm_entry(fwd_mock_api(&t->m));
	json_t *hints = json_array();
	char *text[4];

	assert_non_null(g);
	assert_non_null(g->recovery_hints);
	assert_int_equal(g->recovery_hints(CTX(t), NULL, (struct fwd_json *)hints), 0);
	check_hints(hints, text);
	expect_in(text[0], "ipmitool channel info N");
	expect_in(text[2], "clear-CMOS jumper");
	expect_in(text[2], "see the board's manual");
	expect_in(text[3], "fwdispatch restore");
	for (size_t i = 0; i < 4; i++) {
		/* Supermicro's specifics stay in its plugin. */
		expect_not_in(text[i], "JBT1");
		expect_not_in(text[i], "SUPER.ROM");
		expect_not_in(text[i], "sum ");
		free(text[i]);
	}
	json_decref(hints);
}

/* generic-hpm: versions from mc info and SMBIOS, an empty vendor backup,
 * and a BIOS it refuses to stage (no vendor tool to vouch for it). */
static void generic_hpm_entries(void **state)
{
	struct t *t = *state;
	const struct fwd_plugin *g = ghpm_entry(fwd_mock_api(&t->m));
	struct fwd_identity id = { .size = sizeof(id), .bios_version = "2.4" };
	struct fwd_versions v = { .size = sizeof(v) };
	struct fwd_flash_request req = { .size = sizeof(req), .image_path = "/x/bios" };
	json_t *obj = json_object();

	fwd_mock_bmc(&t->m, 0, "2.10");
	assert_int_equal(g->read_versions(CTX(t), &id, FWD_VERSION_BMC | FWD_VERSION_BIOS, &v), 0);
	assert_string_equal(v.bmc, "2.10");
	assert_string_equal(v.bios, "2.4");
	assert_int_equal(g->backup(CTX(t), &id, (struct fwd_json *)obj), 0);
	expect_in(json_string_value(json_object_get(obj, "note")), "nothing beyond");
	assert_int_equal(g->stage_bios(CTX(t), &id, &req, (struct fwd_json *)obj),
			 -FWD_E_REFUSED);
	expect_in(t->m.error, "cannot stage a BIOS");
	expect_in(t->m.error, "nothing was staged");
	/* The preflight says so before anything changes, and a vendor BMC image too. */
	assert_int_equal(g->preflight(CTX(t), &id, FWD_PART_BIOS, &req), -FWD_E_REFUSED);
	expect_in(t->m.error, "cannot stage a BIOS");
	assert_int_equal(g->preflight(CTX(t), &id, FWD_PART_BMC, &req), -FWD_E_REFUSED);
	expect_in(t->m.error, "HPM.1 (.hpm) images only");
	req.format = "hpm1";
	assert_int_equal(g->preflight(CTX(t), &id, FWD_PART_BMC, &req), 0);
	assert_int_equal(t->m.n_calls, 0);
	json_decref(obj);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(generic_hpm_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_in_band_default, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_out_of_band, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_out_of_band_without_password, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_no_preserve, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_board_rejecting_preserve, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_reboot, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_out_of_band_all_options, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_exit_families, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_error_block_on_stderr_with_escapes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(bios_wrong_board_unnamed, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_preserve_rejected_advice, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_exit_zero_but_failed, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_sum_missing_timeout_signal, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_progress_then_error, setup, teardown),
		cmocka_unit_test_setup_teardown(bios_progress_then_killed_or_failed_status, setup,
						teardown),
		cmocka_unit_test_setup_teardown(bmc_in_band_uploaded, setup, teardown),
		cmocka_unit_test_setup_teardown(bmc_overwrite_cfg_and_out_of_band, setup, teardown),
		cmocka_unit_test_setup_teardown(bmc_flags_kept_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(bmc_sum_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(bmc_progress_then_error, setup, teardown),
		cmocka_unit_test_setup_teardown(bmc_hpm_image_takes_hpm_path, setup, teardown),
		cmocka_unit_test_setup_teardown(bmc_hpm_failure_before_or_after_writing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(bmc_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(preflight, setup, teardown),
		cmocka_unit_test_setup_teardown(versions, setup, teardown),
		cmocka_unit_test_setup_teardown(backup, setup, teardown),
		cmocka_unit_test_setup_teardown(hints_supermicro, setup, teardown),
		cmocka_unit_test_setup_teardown(hints_generic_hpm, setup, teardown),
	};
	int failed;

	(void)argc;
	build = fwd_test_build_dir(argv[0]);
	sm_so = fwd_test_load_plugin(build, "supermicro", &sm_entry);
	ghpm_so = fwd_test_load_plugin(build, "generic-hpm", &ghpm_entry);
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* Unloaded only now: the mocks' JSON was built by code in the plugins. */
	dlclose(ghpm_so);
	dlclose(sm_so);
	return failed;
}
