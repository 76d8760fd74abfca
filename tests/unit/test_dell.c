/*
 * test_dell.c: the dell plugin (build/lib/fwdispatch/plugins/dell.so,
 * loaded as fwdispatch loads it) against the scripted host of
 * tests/support/mock-host.h, whose racadm answers as the real one does:
 * RAC987 with a non-zero exit, job IDs in the output or only in the
 * queue, job blocks moving Scheduled -> Running -> Completed or ending
 * Failed, CRLF, leading blanks and [NA] in the output.  The mock answers
 * in the order scripted, so each test also fixes the order of the calls.
 * The mock's clock moves on at each sleep: following a job for minutes
 * takes no time.  Since ABI 2.0 the core waits for the iDRAC's restart and
 * verifies its version (test_bmc_sequence.c); the plugin uploads, follows
 * the job and says what follows.
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
#include <time.h>

#include "mock-host.h"
#include "test-util.h"

#define JID "JID_552080244178"
#define IMAGE "/var/lib/fwdispatch/staging/idrac-Ab12Cd.exe"
#define BIOS_IMAGE "/var/lib/fwdispatch/staging/bios-Xy34Zw.exe"

static void *handle;
static fwd_plugin_entry_fn entry;
static const char *build;

/* ---- racadm's output, as it prints it ---- */

#define QUEUE_HEADER "-------------------------JOB QUEUE------------------------\n"
#define JOB_HEADER "---------------------------- JOB -------------------------\n"
#define DASHES "----------------------------------------------------------\n"

static const char *block(const char *jid, const char *name, const char *status,
			 const char *message, const char *percent)
{
	static char ring[8][1024];
	static int next;
	char *b = ring[next++ % 8];

	snprintf(b, sizeof(ring[0]),
		 "[Job ID=%s]\nJob Name=%s\nStatus=%s\nStart Time=[Now]\n"
		 "Expiration Time=[Not Applicable]\nMessage=[%s]\nPercent Complete=[%s]\n" DASHES,
		 jid, name, status, message, percent);
	return b;
}

static const char *view_one(const char *status, const char *message, const char *percent)
{
	static char ring[8][1200];
	static int next;
	char *b = ring[next++ % 8];

	snprintf(b, sizeof(ring[0]), JOB_HEADER "%s",
		 block(JID, "Firmware Update: iDRAC", status, message, percent));
	return b;
}

static const char *getversion(const char *bios, const char *idrac)
{
	static char ring[4][512];
	static int next;
	char *b = ring[next++ % 4];

	snprintf(b, sizeof(ring[0]),
		 "Bios Version                     = %s\n"
		 " iDRAC Version                    = %s\n"
		 " Lifecycle Controller Version     = 6.10.30.00\n", bios, idrac);
	return b;
}

#define RAC987_WITH_JID                                                          \
	"Copying idrac-Ab12Cd.exe to the iDRAC ...\n"                            \
	"RAC987: Firmware update job for idrac-Ab12Cd.exe is initiated.\n"      \
	"This firmware update job may take several minutes to complete depending on the " \
	"component or firmware being updated. To view the progress of the job, use the " \
	"\"racadm jobqueue view -i " JID "\" command.\n"
#define RAC987_NO_JID                                                            \
	"Copying file.exe to the iDRAC ...\n"                                    \
	"RAC987: Firmware update job for file.exe is initiated.\n"               \
	"This firmware update job may take several minutes to complete depending on the " \
	"component or firmware being updated. To view the progress of the job, use the " \
	"\"racadm jobqueue view\" command.\n"

/* ---- fixtures ---- */

static int load_plugin(void **state)
{
	char *path;

	(void)state;
	path = fwd_test_path(build, "lib/fwdispatch/plugins/dell.so");
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle)
		fprintf(stderr, "cannot load '%s': %s\n", path, dlerror());
	free(path);
	if (!handle)
		return -1;
	*(void **)&entry = dlsym(handle, FWD_PLUGIN_ENTRY_SYMBOL);
	return entry ? 0 : -1;
}

static int unload_plugin(void **state)
{
	(void)state;
	if (handle)
		dlclose(handle);
	return 0;
}

/* A fresh mock, and the plugin bound to it. */
static const struct fwd_plugin *start(struct fwd_mock *m)
{
	const struct fwd_plugin *vt;

	fwd_mock_init(m);
	vt = entry(fwd_mock_api(m));
	assert_non_null(vt);
	return vt;
}

/* Every call had its scripted answer; then the mock is released. */
static void finish(struct fwd_mock *m)
{
	if (m->unscripted)
		fail_msg("%zu racadm call(s) without a scripted answer, the first of %zu calls: %s",
			 m->unscripted, m->n_calls, m->n_calls ? fwd_mock_call_line(m, 0) : "-");
	fwd_mock_release(m);
}

static void racadm(struct fwd_mock *m, int exit_code, const char *out)
{
	fwd_mock_reply(m, "racadm", exit_code, out, "");
}

static struct fwd_flash_request request(const char *image, unsigned job_wait_s)
{
	struct fwd_flash_request req = { .size = sizeof(req) };

	req.image_path = image;
	req.sha256 = "00";
	req.running_version = "6.10";
	req.job_wait_s = job_wait_s;
	return req;
}

static const struct fwd_identity *identity(void)
{
	static struct fwd_identity id = {
		.size = sizeof(struct fwd_identity),
		.source = "sysfs",
		.sys_vendor = "Dell Inc.",
		.product_name = "PowerEdge R640",
		.bios_version = "2.8.1",
		.bmc_known = 1,
		.bmc_manufacturer_id = 674,
	};
	return &id;
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("'%s' is not a string", key);
	return json_string_value(v);
}

#define assert_contains(hay, needle)                                             \
	do {                                                                     \
		const char *hay_ = (hay);                                        \
		if (!hay_ || !strstr(hay_, (needle)))                            \
			fail_msg("'%s' not in: %s", (needle), hay_ ? hay_ : "(null)"); \
	} while (0)

/* The step's last state is st and its detail contains text. */
static void assert_step(const struct fwd_mock *m, const char *name, enum fwd_step_state st,
			const char *text)
{
	const char *detail = NULL;
	int got = fwd_mock_step_state(m, name, &detail);

	if (got != (int)st)
		fail_msg("step '%s' ended in state %d, expected %d (%s)", name, got, (int)st,
			 detail ? detail : "never recorded");
	assert_contains(detail, text);
}

/* How many calls had exactly this line. */
static size_t count_calls(const struct fwd_mock *m, const char *line)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n_calls; i++)
		n += strcmp(fwd_mock_call_line(m, i), line) == 0;
	return n;
}

static const char *empty_queue = QUEUE_HEADER DASHES;

/* The queue before, the update printing RAC987 and the job ID: the start
 * of every iDRAC flash below. */
static void script_upload(struct fwd_mock *m, int update_exit)
{
	racadm(m, 0, empty_queue);
	racadm(m, update_exit, RAC987_WITH_JID);
}

/* What the plugin leaves for the core after an iDRAC job: no reset (the
 * iDRAC restarts itself), a minute of old answers to wait out, the job. */
static void assert_next(const struct fwd_bmc_flashed *next, const char *jid)
{
	assert_int_equal(next->reset, FWD_BMC_RESET_NONE);
	assert_int_equal(next->go_down_s, 60);
	assert_string_equal(next->job_id, jid);
}

#define NEXT_INIT { .size = sizeof(struct fwd_bmc_flashed) }

/* ---- iDRAC ---- */

/* RAC987 with exit 1 is a created job; it is followed through every state
 * to Completed, and the core is told to wait out the iDRAC's own restart. */
static void test_bmc_rac987_nonzero_exit_is_success(void **state)
{
	struct fwd_flash_request req = request(IMAGE, 20);
	struct fwd_bmc_flashed next = NEXT_INIT;
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);
	int ret;

	(void)state;
	script_upload(&m, 1);
	racadm(&m, 0, view_one("Scheduled", "JCP001: Task successfully scheduled.", "0"));
	racadm(&m, 0, view_one("Running", "Job in progress.", "50"));
	racadm(&m, 0, view_one("Completed", "RED001: Job completed successfully.", "100"));

	ret = vt->flash_bmc(fwd_mock_ctx(&m), identity(), &req, &next, (struct fwd_json *)result);
	if (ret)
		fail_msg("flash_bmc: %d %s", ret, m.error);
	assert_string_equal(jstr(result, "job_id"), JID);
	assert_next(&next, JID);
	assert_int_equal(json_integer_value(json_object_get(result, "upload_exit_code")), 1);
	assert_string_equal(jstr(result, "job_status"), "Completed");
	assert_int_equal(count_calls(&m, "racadm jobqueue view -i " JID), 3);
	assert_int_equal(m.n_progress, 3);
	assert_int_equal(m.last_progress_done, 100);
	assert_int_equal(m.last_progress_step, FWD_STEP_BMC_JOB);
	assert_step(&m, "bmc-upload", FWD_STEP_DONE, "non-zero exit ignored");
	assert_step(&m, "bmc-job", FWD_STEP_DONE, JID " Completed: RED001");
	/* The rest is the core's: no wait, no verification here. */
	assert_int_equal(fwd_mock_step_state(&m, "bmc-wait", NULL), -1);
	assert_int_equal(fwd_mock_step_state(&m, "bmc-verify", NULL), -1);
	assert_int_equal(m.n_bmc_info, 0);
	/* In-band: no remote options, no password, no ipmitool target flag. */
	assert_string_equal(fwd_mock_call_line(&m, 1), "racadm update -f " IMAGE);
	assert_int_equal(fwd_mock_call(&m, 1)->flags & FWD_TOOL_TARGET, 0);
	assert_int_equal(m.n_calls, 5);
	assert_non_null(fwd_mock_log_find(&m, FWD_LOG_INFO, "exited 1, but printed 'RAC987:"));
	json_decref(result);
	finish(&m);
}

/* No RAC987: a failure carrying racadm's own words, whatever the exit. */
static void test_bmc_without_rac987_fails_with_racadm_text(void **state)
{
	static const int exits[] = { 1, 0 };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct fwd_flash_request req = request(IMAGE, 20);
		struct fwd_bmc_flashed next = NEXT_INIT;
		json_t *result = json_object();
		struct fwd_mock m;
		const struct fwd_plugin *vt = start(&m);

		racadm(&m, 0, empty_queue);
		racadm(&m, exits[i], "Copying idrac-Ab12Cd.exe to the iDRAC ...\r\n"
		       "ERROR: RAC947: Invalid file: the firmware image file is not a valid "
		       "Dell Update Package.\r\n");
		fwd_mock_bmc(&m, 0, "6.10");
		assert_int_equal(vt->flash_bmc(fwd_mock_ctx(&m), identity(), &req, &next,
					       (struct fwd_json *)result), -FWD_E_FLASH);
		assert_int_equal(m.error_code, -FWD_E_FLASH);
		assert_contains(m.error, "no RAC987");
		assert_contains(m.error, "ERROR: RAC947: Invalid file");
		assert_null(strchr(m.error, '\r'));
		assert_int_equal(m.n_calls, 2); /* no job followed */
		assert_step(&m, "bmc-upload", FWD_STEP_FAILED, "RAC947");
		assert_int_equal(fwd_mock_step_state(&m, "bmc-job", NULL), -1);
		json_decref(result);
		finish(&m);
	}
}

/* No ID in the output: the new job in the queue, never an old one (here an
 * older job with a higher number, and a BIOS job). */
static void test_bmc_job_id_from_the_queue(void **state)
{
	struct fwd_flash_request req = request(IMAGE, 20);
	struct fwd_bmc_flashed next = NEXT_INIT;
	json_t *result = json_object();
	char before[4096], after[4096], view[2048];
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);
	int ret;

	(void)state;
	snprintf(before, sizeof(before), QUEUE_HEADER "%s%s",
		 block("JID_999999999999", "Firmware Update: iDRAC", "Failed",
		       "RED007: Unable to verify Update Package signature.", "NA"),
		 block("JID_100000000000", "Firmware Update: BIOS", "Scheduled",
		       "JCP001: Task successfully scheduled.", "0"));
	snprintf(after, sizeof(after), "%s%s", before,
		 block("JID_100000000123", "Firmware Update: iDRAC", "Running", "Job in progress.",
		       "10"));
	snprintf(view, sizeof(view), JOB_HEADER "%s",
		 block("JID_100000000123", "Firmware Update: iDRAC", "Completed",
		       "RED001: Job completed successfully.", "100"));
	racadm(&m, 0, before);
	racadm(&m, 0, RAC987_NO_JID);
	racadm(&m, 0, after);
	racadm(&m, 0, view);

	ret = vt->flash_bmc(fwd_mock_ctx(&m), identity(), &req, &next, (struct fwd_json *)result);
	if (ret)
		fail_msg("flash_bmc: %d %s", ret, m.error);
	assert_string_equal(jstr(result, "job_id"), "JID_100000000123");
	assert_next(&next, "JID_100000000123");
	assert_string_equal(fwd_mock_call_line(&m, 2), "racadm jobqueue view");
	assert_string_equal(fwd_mock_call_line(&m, 3), "racadm jobqueue view -i JID_100000000123");
	json_decref(result);
	finish(&m);
}

/* A job that ends Failed: -FWD_E_FLASH with the job's message. */
static void test_bmc_job_failed_red007(void **state)
{
	struct fwd_flash_request req = request(IMAGE, 20);
	struct fwd_bmc_flashed next = NEXT_INIT;
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	script_upload(&m, 0);
	racadm(&m, 0, view_one("Downloading", "Downloading.", "NA"));
	racadm(&m, 0, view_one("Failed", "RED007: Unable to verify Update Package signature.", "NA"));
	fwd_mock_bmc(&m, 0, "6.10");

	assert_int_equal(vt->flash_bmc(fwd_mock_ctx(&m), identity(), &req, &next,
				       (struct fwd_json *)result), -FWD_E_FLASH);
	assert_contains(m.error, JID);
	/* Seen Downloading: it had begun, so the failure may be part-way (issue 12, 6). */
	assert_contains(m.error, "ended Failed after it had begun (seen Downloading): the update "
			"may have failed part-way: RED007: Unable to verify Update Package "
			"signature.");
	assert_contains(m.error, "do not remove the server's power");
	assert_true(json_is_true(json_object_get(result, "writing_began")));
	assert_contains(m.error, "runs 6.10");
	assert_step(&m, "bmc-job", FWD_STEP_FAILED, "RED007");
	assert_string_equal(jstr(result, "job_message"),
			    "RED007: Unable to verify Update Package signature.");
	assert_string_equal(jstr(result, "after"), "6.10");
	assert_int_equal(m.n_progress, 0); /* [NA] is no progress */
	json_decref(result);
	finish(&m);
}

/* Failed straight from Scheduled: rejected before it was seen at work, so no
 * part-way claim and no power warning (issue 12, defect 6); Running, then
 * Failed: part-way. */
static void test_bmc_job_failed_before_or_after_it_began(void **state)
{
	for (int ran = 0; ran < 2; ran++) {
		struct fwd_flash_request req = request(IMAGE, 20);
		struct fwd_bmc_flashed next = NEXT_INIT;
		json_t *result = json_object();
		struct fwd_mock m;
		const struct fwd_plugin *vt = start(&m);

		(void)state;
		script_upload(&m, 0);
		racadm(&m, 0, view_one("Scheduled", "JCP001: Task successfully scheduled.", "0"));
		if (ran)
			racadm(&m, 0, view_one("Running", "Job in progress.", "NA"));
		racadm(&m, 0, view_one("Failed", "SUP0518: Unable to update.", "NA"));
		fwd_mock_bmc(&m, 0, "6.10");
		assert_int_equal(vt->flash_bmc(fwd_mock_ctx(&m), identity(), &req, &next,
					       (struct fwd_json *)result), -FWD_E_FLASH);
		if (ran) {
			assert_contains(m.error, "after it had begun (seen Running): the update "
					"may have failed part-way: SUP0518");
			assert_contains(m.error, "do not remove the server's power");
			assert_step(&m, "bmc-job", FWD_STEP_FAILED, "may have failed part-way");
			assert_true(json_is_true(json_object_get(result, "writing_began")));
		} else {
			assert_contains(m.error, "ended Failed: SUP0518");
			assert_null(strstr(m.error, "part-way"));
			assert_null(strstr(m.error, "power"));
			assert_null(json_object_get(result, "writing_began"));
		}
		json_decref(result);
		finish(&m);
	}
}

/* Completed with Errors is no success either. */
static void test_bmc_job_completed_with_errors_fails(void **state)
{
	struct fwd_flash_request req = request(IMAGE, 20);
	struct fwd_bmc_flashed next = NEXT_INIT;
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	script_upload(&m, 0);
	racadm(&m, 0, view_one("Completed with Errors", "SUP0518: Unable to update.", "100"));
	fwd_mock_bmc(&m, 0, "6.10");
	assert_int_equal(vt->flash_bmc(fwd_mock_ctx(&m), identity(), &req, &next,
				       (struct fwd_json *)result), -FWD_E_FLASH);
	assert_contains(m.error, "ended Completed with Errors after it had begun (seen Completed "
			"with Errors at 100%)");
	assert_contains(m.error, "SUP0518");
	json_decref(result);
	finish(&m);
}

/* A job that never ends: bounded by job_wait_s on the host's clock (the
 * mock's: no real time passes), and the message says how to look at it. */
static void test_bmc_job_timeout(void **state)
{
	struct fwd_flash_request req = request(IMAGE, 2);
	struct fwd_bmc_flashed next = NEXT_INIT;
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);
	uint64_t took;

	(void)state;
	script_upload(&m, 0);
	for (int i = 0; i < 10; i++) /* more than the 1 s polls of a 2 s bound */
		racadm(&m, 0, view_one("Running", "Job in progress.", "50"));
	assert_int_equal(vt->flash_bmc(fwd_mock_ctx(&m), identity(), &req, &next,
				       (struct fwd_json *)result), -FWD_E_TIMEOUT);
	took = m.clock_ms;
	if (took < 2000 || took > 3000)
		fail_msg("the 2 s bound took %llu ms of the host's clock", (unsigned long long)took);
	assert_true(m.n_sleeps >= 2);
	assert_contains(m.error, "job " JID " did not finish within 2 s");
	assert_contains(m.error, "last status Running, 50% complete");
	assert_contains(m.error, "racadm jobqueue view -i " JID);
	assert_true(count_calls(&m, "racadm jobqueue view -i " JID) >= 2);
	assert_step(&m, "bmc-job", FWD_STEP_FAILED, "not finished");
	assert_string_equal(jstr(result, "job_id"), JID);
	json_decref(result);
	fwd_mock_release(&m); /* unused answers are expected here */
}

/* racadm failing while the iDRAC restarts is no reason to stop following. */
static void test_bmc_job_poll_survives_racadm_errors(void **state)
{
	struct fwd_flash_request req = request(IMAGE, 20);
	struct fwd_bmc_flashed next = NEXT_INIT;
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);
	int ret;

	(void)state;
	script_upload(&m, 0);
	racadm(&m, 1, "ERROR: Unable to connect to RAC at specified IP address.\n");
	racadm(&m, 0, view_one("Completed", "RED001: Job completed successfully.", "100"));
	ret = vt->flash_bmc(fwd_mock_ctx(&m), identity(), &req, &next, (struct fwd_json *)result);
	if (ret)
		fail_msg("flash_bmc: %d %s", ret, m.error);
	assert_int_equal(count_calls(&m, "racadm jobqueue view -i " JID), 2);
	assert_next(&next, JID);
	json_decref(result);
	finish(&m);
}

/* An .hpm image takes the HPM.1 path: ipmitool, and the core's cold reset. */
static void test_bmc_hpm_image(void **state)
{
	struct fwd_flash_request req = request(IMAGE, 20);
	struct fwd_bmc_flashed next = NEXT_INIT;
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	req.format = "hpm1";
	req.version = "7.00";
	fwd_mock_reply(&m, "ipmitool", 0, "", "Firmware upgrade procedure successful\n");
	assert_int_equal(vt->flash_bmc(fwd_mock_ctx(&m), identity(), &req, &next,
				       (struct fwd_json *)result), 0);
	assert_true(fwd_mock_call_has(&m, 0, "hpm"));
	assert_int_equal(next.reset, FWD_BMC_RESET_COLD);
	json_decref(result);
	finish(&m);
}

/* Out-of-band: -r -u -p <password> --nocertwarn on every racadm call, and
 * the plugin says to prefer in-band. */
static void test_out_of_band_argv(void **state)
{
	static const char prefix[] = "racadm -r 10.0.0.5 -u root -p **** --nocertwarn ";
	struct fwd_flash_request req = request(IMAGE, 20);
	struct fwd_bmc_flashed next = NEXT_INIT;
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	fwd_mock_out_of_band(&m, "10.0.0.5", "root");
	script_upload(&m, 0);
	racadm(&m, 0, view_one("Completed", "RED001: Job completed successfully.", "100"));
	assert_int_equal(vt->flash_bmc(fwd_mock_ctx(&m), identity(), &req, &next,
				       (struct fwd_json *)result), 0);
	assert_string_equal(fwd_mock_call_line(&m, 1),
			    "racadm -r 10.0.0.5 -u root -p **** --nocertwarn update -f " IMAGE);
	/* The sentinel, which the host replaces, right after -p. */
	assert_string_equal(fwd_mock_call(&m, 1)->args[5], FWD_ARG_PASSWORD);
	for (size_t i = 0; i < m.n_calls; i++)
		if (strncmp(fwd_mock_call_line(&m, i), prefix, strlen(prefix)) != 0)
			fail_msg("call %zu without the remote options: %s", i,
				 fwd_mock_call_line(&m, i));
	assert_non_null(fwd_mock_log_find(&m, FWD_LOG_WARN, "prefer in-band"));
	json_decref(result);
	finish(&m);

	/* Without a user, or a password, nothing runs. */
	for (int what = 0; what < 2; what++) {
		vt = start(&m);
		result = json_object();
		fwd_mock_out_of_band(&m, "10.0.0.5", what ? "root" : NULL);
		if (what)
			fwd_mock_no_password(&m);
		assert_int_equal(vt->flash_bmc(fwd_mock_ctx(&m), identity(), &req, &next,
					       (struct fwd_json *)result), -FWD_E_REFUSED);
		assert_contains(m.error, what ? "--password-file" : "--user");
		assert_int_equal(m.n_calls, 0);
		json_decref(result);
		finish(&m);
	}
}

/* racadm is not installed: said so, nothing else tried. */
static void test_racadm_missing(void **state)
{
	struct fwd_flash_request req = request(BIOS_IMAGE, 20);
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	fwd_mock_reply_fail(&m, "racadm", -FWD_E_TOOL_MISSING, "'racadm' not found");
	fwd_mock_reply_fail(&m, "racadm", -FWD_E_TOOL_MISSING, "'racadm' not found");
	assert_int_equal(vt->stage_bios(fwd_mock_ctx(&m), identity(), &req,
					(struct fwd_json *)result), -FWD_E_TOOL_MISSING);
	assert_contains(m.error, "'racadm' not found");
	assert_step(&m, "bios-stage", FWD_STEP_FAILED, "racadm could not be run");
	json_decref(result);
	finish(&m);
}

/* A dry run runs nothing. */
static void test_dry_run(void **state)
{
	struct fwd_flash_request req = request(IMAGE, 20);
	struct fwd_bmc_flashed next = NEXT_INIT;
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	req.flags |= FWD_FLASH_DRY_RUN;
	assert_int_equal(vt->flash_bmc(fwd_mock_ctx(&m), identity(), &req, &next,
				       (struct fwd_json *)result), 0);
	assert_next(&next, "");
	req.image_path = BIOS_IMAGE;
	assert_int_equal(vt->stage_bios(fwd_mock_ctx(&m), identity(), &req,
					(struct fwd_json *)result), 0);
	assert_int_equal(m.n_calls, 0);
	assert_step(&m, "bmc-upload", FWD_STEP_SKIPPED, "dry run: would run racadm update -f");
	assert_step(&m, "bios-stage", FWD_STEP_SKIPPED, "dry run");
	assert_int_equal(m.n_plans, 2);
	json_decref(result);
	finish(&m);
}

/* The preflight: racadm, and what it needs of an out-of-band target; an
 * .hpm image needs ipmitool instead.  Nothing runs but the queue's view
 * (test_dell_preflight.c judges it). */
static void test_preflight(void **state)
{
	struct fwd_flash_request req = request(IMAGE, 20);
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	racadm(&m, 0, empty_queue);
	assert_int_equal(vt->preflight(fwd_mock_ctx(&m), identity(), FWD_PART_BIOS, &req), 0);
	assert_int_equal(m.n_calls, 1);
	m.missing_tool = "racadm";
	assert_int_equal(vt->preflight(fwd_mock_ctx(&m), identity(), FWD_PART_BMC, &req),
			 -FWD_E_TOOL_MISSING);
	req.format = "hpm1";
	assert_int_equal(vt->preflight(fwd_mock_ctx(&m), identity(), FWD_PART_BMC, &req), 0);
	req.format = NULL;
	m.missing_tool = NULL;
	fwd_mock_out_of_band(&m, "10.0.0.5", "root");
	fwd_mock_no_password(&m);
	assert_int_equal(vt->preflight(fwd_mock_ctx(&m), identity(), FWD_PART_BIOS, &req),
			 -FWD_E_REFUSED);
	assert_contains(m.error, "--password-file");
	assert_int_equal(m.n_calls, 1);
	assert_int_equal(m.n_steps, 0);
	finish(&m);
}

/* ---- BIOS ---- */

static const char *bios_view(const char *status, const char *message, const char *percent)
{
	static char ring[4][1200];
	static int next;
	char *b = ring[next++ % 4];

	snprintf(b, sizeof(ring[0]), JOB_HEADER "%s",
		 block(JID, "Firmware Update: BIOS", status, message, percent));
	return b;
}

/* Scheduled: staged, reboot required, the job's ID in the result and step. */
static void test_bios_scheduled_means_reboot_required(void **state)
{
	struct fwd_flash_request req = request(BIOS_IMAGE, 20);
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);
	int ret;

	(void)state;
	req.flags |= FWD_FLASH_REBOOT;
	racadm(&m, 0, empty_queue);
	racadm(&m, 1, RAC987_WITH_JID);
	racadm(&m, 0, bios_view("Downloading", "Downloading.", "NA"));
	racadm(&m, 0, bios_view("Scheduled", "JCP001: Task successfully scheduled.", "0"));
	ret = vt->stage_bios(fwd_mock_ctx(&m), identity(), &req, (struct fwd_json *)result);
	if (ret)
		fail_msg("stage_bios: %d %s", ret, m.error);
	assert_true(json_is_true(json_object_get(result, "reboot_required")));
	assert_string_equal(jstr(result, "job_id"), JID);
	assert_string_equal(jstr(result, "job_status"), "Scheduled");
	assert_true(json_is_true(json_object_get(result, "preserve_settings")));
	assert_contains(jstr(result, "tool_output"), "RAC987");
	assert_step(&m, "bios-stage", FWD_STEP_DONE, "staged as job " JID " (Scheduled)");
	assert_string_equal(fwd_mock_call_line(&m, 1), "racadm update -f " BIOS_IMAGE);
	assert_int_equal(count_calls(&m, "racadm jobqueue view -i " JID), 2);
	/* Never a reboot, even with FWD_FLASH_REBOOT: it says so instead. */
	assert_int_equal(m.n_calls, 4);
	assert_non_null(fwd_mock_log_find(&m, FWD_LOG_WARN, "does not reboot a Dell host"));
	json_decref(result);
	finish(&m);
}

static void test_bios_failed_job(void **state)
{
	struct fwd_flash_request req = request(BIOS_IMAGE, 20);
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	racadm(&m, 0, empty_queue);
	racadm(&m, 0, RAC987_WITH_JID);
	racadm(&m, 0, bios_view("Failed", "RED007: Unable to verify Update Package signature.", "NA"));
	assert_int_equal(vt->stage_bios(fwd_mock_ctx(&m), identity(), &req,
					(struct fwd_json *)result), -FWD_E_FLASH);
	assert_contains(m.error, "BIOS update job " JID " ended Failed: RED007: Unable to "
			"verify Update Package signature.");
	assert_true(json_is_false(json_object_get(result, "reboot_required")));
	assert_step(&m, "bios-stage", FWD_STEP_FAILED, "RED007");
	json_decref(result);
	finish(&m);
}

/* A BIOS job that ran, then failed: the BIOS may be half written. */
static void test_bios_job_failed_after_it_began(void **state)
{
	struct fwd_flash_request req = request(BIOS_IMAGE, 20);
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	racadm(&m, 0, empty_queue);
	racadm(&m, 0, RAC987_WITH_JID);
	racadm(&m, 0, bios_view("Running", "Job in progress.", "50"));
	racadm(&m, 0, bios_view("Failed", "SUP0518: Unable to update.", "NA"));
	assert_int_equal(vt->stage_bios(fwd_mock_ctx(&m), identity(), &req,
					(struct fwd_json *)result), -FWD_E_FLASH);
	assert_contains(m.error, "BIOS update job " JID " ended Failed after it had begun (seen "
			"Running at 50%): the update may have failed part-way: SUP0518");
	assert_contains(m.error, "do not power off or reboot the host until the BIOS has been "
			"flashed again successfully");
	assert_true(json_is_true(json_object_get(result, "writing_began")));
	assert_step(&m, "bios-stage", FWD_STEP_FAILED, "may have failed part-way");
	json_decref(result);
	finish(&m);
}

/* Completed at once: reboot required unless the new BIOS already runs. */
static void test_bios_completed_at_once(void **state)
{
	(void)state;
	for (int runs = 0; runs < 2; runs++) {
		struct fwd_flash_request req = request(BIOS_IMAGE, 20);
		json_t *result = json_object();
		struct fwd_mock m;
		const struct fwd_plugin *vt = start(&m);

		req.version = "2.9.4";
		racadm(&m, 0, empty_queue);
		racadm(&m, 0, RAC987_WITH_JID);
		racadm(&m, 0, bios_view("Completed", "PR19: Job completed successfully.", "100"));
		racadm(&m, 0, getversion(runs ? "2.9.4" : "2.8.1", "6.10.30.00"));
		assert_int_equal(vt->stage_bios(fwd_mock_ctx(&m), identity(), &req,
						(struct fwd_json *)result), 0);
		assert_int_equal(json_is_true(json_object_get(result, "reboot_required")), !runs);
		assert_string_equal(jstr(result, "job_id"), JID);
		json_decref(result);
		finish(&m);
	}
}

/* The queue could not be read before the update: the BIOS job is known by
 * its name, and the iDRAC job in the same queue is not taken. */
static void test_bios_job_id_by_name_without_snapshot(void **state)
{
	struct fwd_flash_request req = request(BIOS_IMAGE, 20);
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);
	char after[4096];

	(void)state;
	snprintf(after, sizeof(after), "\r\n   " QUEUE_HEADER "%s%s",
		 block("JID_100000000002", "Firmware Update: BIOS", "Scheduled",
		       "JCP001: Task successfully scheduled.", "0"),
		 block("JID_100000000009", "Firmware Update: iDRAC", "Completed",
		       "RED001: Job completed successfully.", "100"));
	racadm(&m, 1, "ERROR: Unable to connect to RAC at specified IP address.\n");
	racadm(&m, 0, RAC987_NO_JID);
	racadm(&m, 0, after);
	racadm(&m, 0, after);
	assert_int_equal(vt->stage_bios(fwd_mock_ctx(&m), identity(), &req,
					(struct fwd_json *)result), 0);
	assert_string_equal(jstr(result, "job_id"), "JID_100000000002");
	assert_string_equal(fwd_mock_call_line(&m, 3), "racadm jobqueue view -i JID_100000000002");
	json_decref(result);
	finish(&m);
}

/* Without a snapshot, a job that names neither the file nor the BIOS is
 * never taken: staged (RAC987 said so), but without a job ID, and said. */
static void test_bios_no_guess_among_old_jobs(void **state)
{
	struct fwd_flash_request req = request(BIOS_IMAGE, 20);
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);
	char after[2048];

	(void)state;
	snprintf(after, sizeof(after), QUEUE_HEADER "%s",
		 block("JID_100000000009", "Firmware Update: iDRAC", "Completed",
		       "RED001: Job completed successfully.", "100"));
	racadm(&m, 1, "ERROR: Unable to connect to RAC at specified IP address.\n");
	racadm(&m, 0, RAC987_NO_JID);
	for (int i = 0; i < 3; i++)
		racadm(&m, 0, after);
	assert_int_equal(vt->stage_bios(fwd_mock_ctx(&m), identity(), &req,
					(struct fwd_json *)result), 0);
	assert_true(json_is_null(json_object_get(result, "job_id")));
	assert_true(json_is_true(json_object_get(result, "reboot_required")));
	assert_non_null(fwd_mock_log_find(&m, FWD_LOG_WARN, "ID was not found"));
	assert_step(&m, "bios-stage", FWD_STEP_DONE, "job ID not found");
	assert_int_equal(m.n_calls, 5);
	json_decref(result);
	finish(&m);
}

/* ---- job_status ---- */

static void test_job_status_parsing(void **state)
{
	json_t *out = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	/* CRLF, leading blanks, the queue header, several blocks, [NA]. */
	racadm(&m, 0, "-------------------------JOB QUEUE------------------------\r\n"
	       "  [Job ID=JID_100000000001]\r\n"
	       "  Job Name=Firmware Update: iDRAC\r\n"
	       "  Status=Completed\r\n"
	       "  Message=[RED001: Job completed successfully.]\r\n"
	       "  Percent Complete=[100]\r\n"
	       "----------------------------------------------------------\r\n"
	       "  [Job ID=" JID "]\r\n"
	       "  Job Name=Firmware Update: BIOS\r\n"
	       "  Status=Scheduled\r\n"
	       "  Scheduled Start Time=[Not Applicable]\r\n"
	       "  Expiration Time=[Not Applicable]\r\n"
	       "  Actual Start Time=[Not Applicable]\r\n"
	       "  Actual Completion Time=[Not Applicable]\r\n"
	       "  Message=[JCP001: Task successfully scheduled.]\r\n"
	       "  Percent Complete=[NA]\r\n"
	       "----------------------------------------------------------\r\n");
	racadm(&m, 0, bios_view("Completed", "RED001: Job completed successfully.", " 100 "));
	assert_int_equal(vt->job_status(fwd_mock_ctx(&m), identity(), JID, (struct fwd_json *)out), 0);
	assert_string_equal(fwd_mock_call_line(&m, 0), "racadm jobqueue view -i " JID);
	assert_string_equal(jstr(out, "job_id"), JID);
	assert_string_equal(jstr(out, "status"), "Scheduled");
	assert_string_equal(jstr(out, "state"), "scheduled");
	assert_string_equal(jstr(out, "message"), "JCP001: Task successfully scheduled.");
	assert_string_equal(jstr(out, "name"), "Firmware Update: BIOS");
	assert_true(json_is_null(json_object_get(out, "percent")));
	json_decref(out);

	/* After the reboot. */
	out = json_object();
	assert_int_equal(vt->job_status(fwd_mock_ctx(&m), identity(), JID, (struct fwd_json *)out), 0);
	assert_string_equal(jstr(out, "status"), "Completed");
	assert_string_equal(jstr(out, "state"), "completed");
	assert_int_equal(json_integer_value(json_object_get(out, "percent")), 100);
	json_decref(out);
	finish(&m);
}

/* What each status word means (the table in racadm-parse.c). */
static void test_job_status_states(void **state)
{
	static const struct { const char *status, *state; } cases[] = {
		{ "Scheduled", "scheduled" },          { "Reboot Pending", "scheduled" },
		{ "New", "running" },                  { "Ready For Execution", "running" },
		{ "Downloading", "running" },          { "Downloaded", "running" },
		{ "Running", "running" },              { "Waiting", "running" },
		{ "Completed", "completed" },          { "Failed", "failed" },
		{ "Completed with Errors", "failed" }, { "CompletedWithErrors", "failed" },
		{ "Reboot Failed", "failed" },         { "Killed", "failed" },
		{ "Something New", "unknown" },
	};
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		racadm(&m, 0, bios_view(cases[i].status, "x", "0"));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *out = json_object();

		assert_int_equal(vt->job_status(fwd_mock_ctx(&m), identity(), JID,
						(struct fwd_json *)out), 0);
		if (strcmp(jstr(out, "state"), cases[i].state) != 0)
			fail_msg("'%s' is '%s', expected '%s'", cases[i].status, jstr(out, "state"),
				 cases[i].state);
		assert_string_equal(jstr(out, "status"), cases[i].status);
		json_decref(out);
	}
	finish(&m);
}

static void test_job_status_errors(void **state)
{
	json_t *out = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	/* Not a job ID: refused before racadm sees it. */
	assert_int_equal(vt->job_status(fwd_mock_ctx(&m), identity(), "JID_1; reboot",
					(struct fwd_json *)out), -FWD_E_BAD_INPUT);
	assert_int_equal(m.n_calls, 0);
	/* racadm does not know it: its words. */
	racadm(&m, 1, "ERROR: SUP030: Invalid job ID.\n");
	assert_int_equal(vt->job_status(fwd_mock_ctx(&m), identity(), JID, (struct fwd_json *)out),
			 -FWD_E_TOOL_FAILED);
	assert_contains(m.error, "SUP030");
	json_decref(out);
	finish(&m);
}

/* ---- versions, backup, hints ---- */

static void test_read_versions(void **state)
{
	struct fwd_versions v = { .size = sizeof(v) };
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	racadm(&m, 0, getversion("2.8.1", "6.10.30.00"));
	assert_int_equal(vt->read_versions(fwd_mock_ctx(&m), identity(),
					   FWD_VERSION_BMC | FWD_VERSION_BIOS, &v), 0);
	assert_string_equal(v.bios, "2.8.1");
	assert_string_equal(v.bmc, "6.10.30.00");
	assert_int_equal(m.n_bmc_info, 0);
	finish(&m);

	/* Without racadm: the BMC's answer and the DMI BIOS version. */
	vt = start(&m);
	memset(&v, 0, sizeof(v));
	v.size = sizeof(v);
	fwd_mock_reply_fail(&m, "racadm", -FWD_E_TOOL_MISSING, "'racadm' not found");
	fwd_mock_bmc(&m, 0, "6.10");
	assert_int_equal(vt->read_versions(fwd_mock_ctx(&m), identity(),
					   FWD_VERSION_BMC | FWD_VERSION_BIOS, &v), 0);
	assert_string_equal(v.bios, "2.8.1");
	assert_string_equal(v.bmc, "6.10");
	finish(&m);
}

/* backup is the plugin's own object ("vendor" in the backup file). */
static void test_backup_extras(void **state)
{
	json_t *backup = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	racadm(&m, 0, getversion("2.8.1", "6.10.30.00"));
	racadm(&m, 0, "[Key=iDRAC.Embedded.1#NIC.1]\nSelection=Dedicated\n");
	racadm(&m, 0, "[Key=iDRAC.Embedded.1#NIC.1]\nFailover=None\n");
	assert_int_equal(vt->backup(fwd_mock_ctx(&m), identity(), (struct fwd_json *)backup), 0);
	assert_string_equal(fwd_mock_call_line(&m, 0), "racadm getversion");
	assert_string_equal(jstr(json_object_get(backup, "getversion"), "idrac_version"),
			    "6.10.30.00");
	assert_string_equal(jstr(json_object_get(backup, "getversion"), "bios_version"), "2.8.1");
	assert_contains(jstr(backup, "getversion_raw"), "iDRAC Version");
	json_decref(backup);
	finish(&m);

	/* Never fatal without racadm: a note instead. */
	vt = start(&m);
	backup = json_object();
	fwd_mock_reply_fail(&m, "racadm", -FWD_E_TOOL_MISSING, "'racadm' not found");
	assert_int_equal(vt->backup(fwd_mock_ctx(&m), identity(), (struct fwd_json *)backup), 0);
	assert_contains(jstr(backup, "note"), "no Dell extras saved");
	json_decref(backup);
	finish(&m);
}

static void test_hints_shape(void **state)
{
	static const struct { const char *id, *applies; } want[] = {
		{ "bmc-unreachable", "bmc" }, { "bios-no-post", "bios" },
		{ "hard-lock", "bios" },      { "lan-lost", "lan" },
	};
	json_t *hints = json_array();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);
	char *all;

	(void)state;
	assert_int_equal(vt->recovery_hints(fwd_mock_ctx(&m), identity(), (struct fwd_json *)hints),
			 0);
	assert_int_equal(json_array_size(hints), 4);
	for (size_t i = 0; i < 4; i++) {
		json_t *h = json_array_get(hints, i), *steps = json_object_get(h, "steps"),
		       *applies = json_object_get(h, "applies");

		assert_string_equal(jstr(h, "id"), want[i].id);
		assert_true(strlen(jstr(h, "title")) > 10);
		assert_true(strlen(jstr(h, "when")) > 10);
		assert_true(json_is_array(steps) && json_array_size(steps) >= 3);
		for (size_t s = 0; s < json_array_size(steps); s++)
			assert_true(json_is_string(json_array_get(steps, s)));
		assert_true(json_is_array(applies) && json_array_size(applies) == 1);
		assert_string_equal(json_string_value(json_array_get(applies, 0)), want[i].applies);
	}
	all = json_dumps(hints, JSON_COMPACT);
	assert_contains(all, "iDRAC Direct");
	assert_contains(all, "racadm racreset");
	assert_contains(all, "racadm jobqueue view");
	assert_contains(all, "racadm jobqueue delete --all");
	assert_contains(all, "NVRAM_CLR");
	assert_contains(all, "PWRD_EN");
	assert_contains(all, "both power supplies");
	assert_contains(all, "fwdispatch restore");
	free(all);
	json_decref(hints);
	assert_int_equal(m.n_calls, 0);
	finish(&m);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bmc_rac987_nonzero_exit_is_success),
		cmocka_unit_test(test_bmc_without_rac987_fails_with_racadm_text),
		cmocka_unit_test(test_bmc_job_id_from_the_queue),
		cmocka_unit_test(test_bmc_job_failed_red007),
		cmocka_unit_test(test_bmc_job_failed_before_or_after_it_began),
		cmocka_unit_test(test_bmc_job_completed_with_errors_fails),
		cmocka_unit_test(test_bmc_job_timeout),
		cmocka_unit_test(test_bmc_job_poll_survives_racadm_errors),
		cmocka_unit_test(test_bmc_hpm_image),
		cmocka_unit_test(test_preflight),
		cmocka_unit_test(test_out_of_band_argv),
		cmocka_unit_test(test_racadm_missing),
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_bios_scheduled_means_reboot_required),
		cmocka_unit_test(test_bios_failed_job),
		cmocka_unit_test(test_bios_job_failed_after_it_began),
		cmocka_unit_test(test_bios_completed_at_once),
		cmocka_unit_test(test_bios_job_id_by_name_without_snapshot),
		cmocka_unit_test(test_bios_no_guess_among_old_jobs),
		cmocka_unit_test(test_job_status_parsing),
		cmocka_unit_test(test_job_status_states),
		cmocka_unit_test(test_job_status_errors),
		cmocka_unit_test(test_read_versions),
		cmocka_unit_test(test_backup_extras),
		cmocka_unit_test(test_hints_shape),
	};

	build = fwd_test_build_dir(argc > 0 ? argv[0] : "test_dell");
	return cmocka_run_group_tests(tests, load_plugin, unload_plugin);
}
