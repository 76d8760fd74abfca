/*
 * test_dell_preflight.c: the dell plugin's checks before the first byte
 * (build/lib/fwdispatch/plugins/dell.so, loaded as fwdispatch loads it,
 * against tests/support/mock-host.h):
 *  - "dell-jobs": the iDRAC's job queue read in the preflight; a firmware
 *    job not yet Completed or Failed refuses (its ID, name, status and the
 *    racadm commands to see or delete it), one an earlier fwdispatch run
 *    left is named as such, other pending jobs warn, finished ones pass;
 *  - racadm's busy answers (RAC0508, RED023, ...) are -FWD_E_BUSY in the
 *    preflight and in the iDRAC update and the BIOS staging;
 *  - the iDRAC's NIC selection and failover: saved in the backup, compared,
 *    put back and read back by check_settings, or only said in a dry run.
 * The mock answers in the order scripted, so each test also fixes which
 * racadm calls are made; none is left unscripted.
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
#include "test-util.h"

#define JID "JID_552080244178"
#define JID2 "JID_552080244179"
#define IMAGE "/var/lib/fwdispatch/staging/idrac-Ab12Cd.exe"
#define BIOS_IMAGE "/var/lib/fwdispatch/staging/bios-Xy34Zw.exe"

static void *handle;
static fwd_plugin_entry_fn entry;
static const char *build;

/* ---- racadm's output ---- */

#define QUEUE_HEADER "-------------------------JOB QUEUE------------------------\r\n"
#define DASHES "----------------------------------------------------------\r\n"

/* A block as newer iDRACs print it: CRLF, the Actual times, [NA]. */
static void block(char *buf, size_t size, const char *jid, const char *name,
		  const char *status, const char *percent)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len,
		 "[Job ID=%s]\r\nJob Name=%s\r\nStatus=%s\r\n"
		 "Scheduled Start Time=[Not Applicable]\r\nExpiration Time=[Not Applicable]\r\n"
		 "Actual Start Time=[Not Applicable]\r\nActual Completion Time=[Not Applicable]\r\n"
		 "Message=[JCP001: Task successfully scheduled.]\r\nPercent Complete=[%s]\r\n"
		 DASHES, jid, name, status, percent);
}

/* A queue of old finished jobs (a real iDRAC keeps many), then one more. */
static const char *queue_with(const char *jid, const char *name, const char *status)
{
	static char buf[16384];
	char id[32];

	snprintf(buf, sizeof(buf), QUEUE_HEADER);
	for (int i = 0; i < 12; i++) {
		snprintf(id, sizeof(id), "JID_4000000000%02d", i);
		block(buf, sizeof(buf), id, i % 2 ? "Firmware Update: iDRAC" : "Export: System "
		      "Configuration", i % 3 ? "Completed" : "Failed", i % 3 ? "100" : "NA");
	}
	block(buf, sizeof(buf), "RID_400000000099", "Reboot: Power cycle", "Completed", "100");
	if (jid)
		block(buf, sizeof(buf), jid, name, status, "NA");
	return buf;
}

#define BUSY_RAC0508 "ERROR: RAC0508: Unable to complete the operation because the provider " \
	"is not ready.\n"
#define BUSY_RED023 "ERROR: RED023: Lifecycle Controller in use. This job will start when " \
	"Lifecycle Controller is available.\n"

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

static const struct fwd_plugin *start(struct fwd_mock *m)
{
	const struct fwd_plugin *vt;

	fwd_mock_init(m);
	vt = entry(fwd_mock_api(m));
	assert_non_null(vt);
	return vt;
}

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

static struct fwd_flash_request request(const char *image)
{
	struct fwd_flash_request req = { .size = sizeof(req) };

	req.image_path = image;
	req.sha256 = "00";
	req.version = "2.9.4";
	req.running_version = "2.8.1";
	req.job_wait_s = 20;
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

#define assert_contains(hay, needle)                                             \
	do {                                                                     \
		const char *hay_ = (hay);                                        \
		if (!hay_ || !strstr(hay_, (needle)))                            \
			fail_msg("'%s' not in: %s", (needle), hay_ ? hay_ : "(null)"); \
	} while (0)

/* The dell-jobs check's last verdict is v and its detail contains text. */
static void assert_check(const struct fwd_mock *m, enum fwd_check_verdict v, const char *text)
{
	const char *detail = NULL;
	int got = fwd_mock_check_verdict(m, "dell-jobs", &detail);

	if (got != (int)v)
		fail_msg("dell-jobs: verdict %d, expected %d (%s)", got, (int)v,
			 detail ? detail : "never recorded");
	assert_contains(detail, text);
}

static int preflight(const struct fwd_plugin *vt, struct fwd_mock *m, enum fwd_part part,
		     const struct fwd_flash_request *req)
{
	return vt->preflight(fwd_mock_ctx(m), identity(), part, req);
}

/* ---- the job queue ---- */

/* A BIOS firmware job waiting for the host's reboot, behind a dozen old
 * jobs: refused, naming the job and the commands; one racadm call, no
 * step, nothing else run. */
static void test_firmware_job_refuses(void **state)
{
	struct fwd_flash_request req = request(BIOS_IMAGE);
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	racadm(&m, 0, queue_with(JID, "Firmware Update: BIOS", "Scheduled"));
	assert_int_equal(preflight(vt, &m, FWD_PART_BIOS, &req), -FWD_E_REFUSED);
	assert_contains(m.error, JID " 'Firmware Update: BIOS', Scheduled");
	assert_contains(m.error, "racadm jobqueue view -i " JID);
	assert_contains(m.error, "racadm jobqueue delete -i " JID);
	assert_contains(m.error, "nothing was changed");
	assert_check(&m, FWD_CHECK_REFUSE, "firmware job " JID " (Firmware Update: BIOS) is "
		     "Scheduled");
	assert_int_equal(m.n_calls, 1);
	assert_string_equal(fwd_mock_call_line(&m, 0), "racadm jobqueue view");
	assert_int_equal(m.n_steps, 0);
	finish(&m);
}

/* Every state that still has work to do refuses; the finished ones pass. */
static void test_states(void **state)
{
	static const char *const in_flight[] = {
		"Scheduled", "Running", "Downloading", "Downloaded", "New", "Scheduling",
		"Ready for Execution", "Waiting", "Paused", "Reboot Pending", "In Progress",
		"ReadyForExecution", "Reboot Completed", "Sleeping", "",
	};
	static const char *const finished[] = {
		"Completed", "Failed", "Completed with Errors", "CompletedWithErrors",
		"Reboot Failed", "Cancelled", "Killed",
	};
	struct fwd_flash_request req = request(IMAGE);

	(void)state;
	for (size_t i = 0; i < sizeof(in_flight) / sizeof(in_flight[0]); i++) {
		struct fwd_mock m;
		const struct fwd_plugin *vt = start(&m);

		racadm(&m, 0, queue_with(JID, "Firmware Update: iDRAC", in_flight[i]));
		if (preflight(vt, &m, FWD_PART_BMC, &req) != -FWD_E_REFUSED)
			fail_msg("status '%s' did not refuse", in_flight[i]);
		assert_contains(m.error, in_flight[i][0] ? in_flight[i] : "no status shown");
		finish(&m);
	}
	for (size_t i = 0; i < sizeof(finished) / sizeof(finished[0]); i++) {
		struct fwd_mock m;
		const struct fwd_plugin *vt = start(&m);

		racadm(&m, 0, queue_with(JID, "Firmware Update: BIOS", finished[i]));
		if (preflight(vt, &m, FWD_PART_BMC, &req) != 0)
			fail_msg("status '%s' refused: %s", finished[i], m.error);
		assert_check(&m, FWD_CHECK_PASS, "no firmware job queued (14 finished jobs");
		finish(&m);
	}
}

/* Other names of firmware jobs; a configuration job pending only warns. */
static void test_job_names(void **state)
{
	static const char *const firmware[] = {
		"Repository Update", "Firmware Rollback",
		"update:DCIM:INSTALLED#741__BIOS.Setup.1-1",
		"firmware update: NIC in Slot 2 Port 1",
	};
	struct fwd_flash_request req = request(IMAGE);
	struct fwd_mock m;
	const struct fwd_plugin *vt;

	(void)state;
	for (size_t i = 0; i < sizeof(firmware) / sizeof(firmware[0]); i++) {
		vt = start(&m);
		racadm(&m, 0, queue_with(JID, firmware[i], "Scheduled"));
		assert_int_equal(preflight(vt, &m, FWD_PART_BMC, &req), -FWD_E_REFUSED);
		assert_contains(m.error, firmware[i]);
		finish(&m);
	}
	vt = start(&m);
	racadm(&m, 0, queue_with(JID, "Configure: BIOS.Setup.1-1", "Ready for Execution"));
	assert_int_equal(preflight(vt, &m, FWD_PART_BIOS, &req), 0);
	assert_check(&m, FWD_CHECK_WARN, "no firmware job queued; " JID " (Configure: "
		     "BIOS.Setup.1-1) is Ready for Execution and runs at the next host reboot");
	finish(&m);
}

/* The job an earlier run staged is fwdispatch's own: said so, still refused;
 * it is named before another firmware job. */
static void test_earlier_run_job(void **state)
{
	struct fwd_flash_request req = request(BIOS_IMAGE);
	char queue[16384];
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	req.earlier_job_id = JID;
	racadm(&m, 0, queue_with(JID, "Firmware Update: BIOS", "Scheduled"));
	assert_int_equal(preflight(vt, &m, FWD_PART_BIOS, &req), -FWD_E_REFUSED);
	assert_contains(m.error, JID " was staged by an earlier fwdispatch run on this target "
			"(Firmware Update: BIOS, Scheduled): reboot the host to apply it, or "
			"delete it with 'racadm jobqueue delete -i " JID "'");
	assert_check(&m, FWD_CHECK_REFUSE, "staged by an earlier fwdispatch run");
	finish(&m);

	vt = start(&m);
	snprintf(queue, sizeof(queue), "%s", queue_with(JID2, "Firmware Update: iDRAC",
							"Downloading"));
	block(queue, sizeof(queue), JID, "Firmware Update: BIOS", "Scheduled", "0");
	racadm(&m, 0, queue);
	assert_int_equal(preflight(vt, &m, FWD_PART_BIOS, &req), -FWD_E_REFUSED);
	assert_contains(m.error, JID " was staged by an earlier fwdispatch run");
	assert_contains(m.error, "(and 1 more firmware job)");
	finish(&m);

	/* Another ID: not ours. */
	vt = start(&m);
	req.earlier_job_id = JID2;
	racadm(&m, 0, queue_with(JID, "Firmware Update: BIOS", "Scheduled"));
	assert_int_equal(preflight(vt, &m, FWD_PART_BIOS, &req), -FWD_E_REFUSED);
	assert_null(strstr(m.error, "earlier fwdispatch run"));
	finish(&m);
}

/* An .hpm image for the iDRAC: the queue is not read, the check is a skip. */
static void test_hpm_skips(void **state)
{
	struct fwd_flash_request req = request("/var/lib/fwdispatch/staging/bmc-Ab12Cd.hpm");
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	req.format = "hpm1";
	assert_int_equal(preflight(vt, &m, FWD_PART_BMC, &req), 0);
	assert_check(&m, FWD_CHECK_SKIP, "an .hpm image goes through ipmitool");
	assert_int_equal(m.n_calls, 0);
	finish(&m);
}

/* An empty queue passes; it is read once for the iDRAC and the BIOS. */
static void test_empty_queue_read_once(void **state)
{
	struct fwd_flash_request req = request(IMAGE);
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	racadm(&m, 0, QUEUE_HEADER DASHES);
	assert_int_equal(preflight(vt, &m, FWD_PART_BMC, &req), 0);
	req.image_path = BIOS_IMAGE;
	assert_int_equal(preflight(vt, &m, FWD_PART_BIOS, &req), 0);
	assert_int_equal(m.n_calls, 1);
	assert_check(&m, FWD_CHECK_PASS, "no firmware job queued (0 finished jobs");
	finish(&m);
}

/* Busy: exit 7's code; a queue that cannot be read: a warning, the run goes
 * on (its own racadm calls meet the trouble). */
static void test_busy_and_unreadable(void **state)
{
	struct fwd_flash_request req = request(IMAGE);
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	racadm(&m, 1, BUSY_RAC0508);
	assert_int_equal(preflight(vt, &m, FWD_PART_BMC, &req), -FWD_E_BUSY);
	assert_contains(m.error, "the iDRAC is busy");
	assert_contains(m.error, "RAC0508: Unable to complete the operation");
	assert_check(&m, FWD_CHECK_REFUSE, "the iDRAC is busy: ERROR: RAC0508");
	finish(&m);

	vt = start(&m);
	racadm(&m, 1, "ERROR: Unable to connect to RAC at specified IP address.\n");
	assert_int_equal(preflight(vt, &m, FWD_PART_BMC, &req), 0);
	assert_check(&m, FWD_CHECK_WARN, "cannot read the iDRAC's job queue (ERROR: Unable to "
		     "connect to RAC");
	finish(&m);

	/* A job's own RED023 message is no busy answer. */
	vt = start(&m);
	racadm(&m, 0, QUEUE_HEADER "[Job ID=" JID "]\nJob Name=Configure: BIOS.Setup.1-1\n"
	       "Status=Scheduling\nMessage=[RED023: Lifecycle Controller in use. This job will "
	       "start when Lifecycle Controller is available.]\nPercent Complete=[0]\n" DASHES);
	assert_int_equal(preflight(vt, &m, FWD_PART_BMC, &req), 0);
	assert_check(&m, FWD_CHECK_WARN, "is Scheduling");
	finish(&m);
}

/* racadm update answering busy: nothing started, -FWD_E_BUSY, no job
 * looked for; for the iDRAC and for the BIOS. */
static void test_update_busy(void **state)
{
	struct fwd_flash_request req = request(IMAGE);
	struct fwd_bmc_flashed next = { .size = sizeof(next) };
	json_t *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);
	const char *detail;

	(void)state;
	racadm(&m, 0, QUEUE_HEADER DASHES);
	racadm(&m, 1, "Copying idrac-Ab12Cd.exe to the iDRAC ...\n" BUSY_RED023);
	assert_int_equal(vt->flash_bmc(fwd_mock_ctx(&m), identity(), &req, &next,
				       (struct fwd_json *)result), -FWD_E_BUSY);
	assert_contains(m.error, "RED023: Lifecycle Controller in use");
	assert_contains(m.error, "started no update");
	assert_int_equal(fwd_mock_step_state(&m, "bmc-upload", &detail), FWD_STEP_FAILED);
	assert_contains(detail, "the iDRAC is busy");
	assert_int_equal(fwd_mock_step_state(&m, "bmc-job", NULL), -1);
	assert_int_equal(m.n_calls, 2);
	json_decref(result);
	finish(&m);

	vt = start(&m);
	result = json_object();
	req.image_path = BIOS_IMAGE;
	racadm(&m, 0, QUEUE_HEADER DASHES);
	racadm(&m, 1, "ERROR: Job for this device is already present.\n");
	assert_int_equal(vt->stage_bios(fwd_mock_ctx(&m), identity(), &req,
					(struct fwd_json *)result), -FWD_E_BUSY);
	assert_contains(m.error, "staged no BIOS update");
	assert_int_equal(fwd_mock_step_state(&m, "bios-stage", NULL), FWD_STEP_FAILED);
	assert_int_equal(m.n_calls, 2);
	json_decref(result);
	finish(&m);

	/* Not every error is busy: an invalid package stays a flash failure. */
	vt = start(&m);
	result = json_object();
	racadm(&m, 0, QUEUE_HEADER DASHES);
	racadm(&m, 1, "ERROR: RAC947: Invalid file.\n");
	assert_int_equal(vt->stage_bios(fwd_mock_ctx(&m), identity(), &req,
					(struct fwd_json *)result), -FWD_E_FLASH);
	json_decref(result);
	finish(&m);
}

/* ---- the NIC selection ---- */

#define GETVERSION "Bios Version                     = 2.8.1\n" \
	" iDRAC Version                    = 6.10.30.00\n" \
	" Lifecycle Controller Version     = 6.10.30.00\n"
#define GET(attr, value) "[Key=iDRAC.Embedded.1#NIC.1]\n" attr "=" value "\n\n"
#define SET_OK "[Key=iDRAC.Embedded.1#NIC.1]\nObject value modified successfully\n"

static json_t *saved_nic(const char *selection, const char *failover)
{
	return json_pack("{s:{s:s,s:s}}", "nic", "selection", selection, "failover", failover);
}

static const char *entry_str(json_t *result, const char *key, const char *field)
{
	json_t *v = json_object_get(json_object_get(result, key), field);

	if (!v)
		fail_msg("result.%s.%s missing", key, field);
	return json_is_string(v) ? json_string_value(v) : json_is_true(v) ? "true" : "false";
}

static void test_backup_nic(void **state)
{
	json_t *backup = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	racadm(&m, 0, GETVERSION);
	racadm(&m, 0, GET("Selection", "LOM1"));
	racadm(&m, 0, GET("Failover", "All (Pending Value=None)"));
	assert_int_equal(vt->backup(fwd_mock_ctx(&m), identity(), (struct fwd_json *)backup), 0);
	assert_string_equal(fwd_mock_call_line(&m, 1), "racadm get iDRAC.NIC.Selection");
	assert_string_equal(fwd_mock_call_line(&m, 2), "racadm get iDRAC.NIC.Failover");
	assert_string_equal(json_string_value(json_object_get(json_object_get(backup, "nic"),
							      "selection")), "LOM1");
	assert_string_equal(json_string_value(json_object_get(json_object_get(backup, "nic"),
							      "failover")), "All");
	json_decref(backup);
	finish(&m);

	/* Unreadable: null and a note, never fatal. */
	vt = start(&m);
	backup = json_object();
	racadm(&m, 0, GETVERSION);
	racadm(&m, 1, BUSY_RAC0508);
	racadm(&m, 0, GET("Failover", "None"));
	assert_int_equal(vt->backup(fwd_mock_ctx(&m), identity(), (struct fwd_json *)backup), 0);
	assert_true(json_is_null(json_object_get(json_object_get(backup, "nic"), "selection")));
	assert_contains(json_string_value(json_object_get(json_object_get(backup, "nic"), "note")),
			"racadm get iDRAC.NIC.Selection: ERROR: RAC0508");
	json_decref(backup);
	finish(&m);
}

/* Matching: nothing set; changed by the flash: set back (Selection first)
 * and read back. */
static void test_check_settings_restore(void **state)
{
	json_t *saved = saved_nic("LOM1", "All"), *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	racadm(&m, 0, GET("Selection", "LOM1"));
	racadm(&m, 0, GET("Failover", "All"));
	assert_int_equal(vt->check_settings(fwd_mock_ctx(&m), identity(), (struct fwd_json *)saved,
					    FWD_SETTINGS_RESTORE, (struct fwd_json *)result), 0);
	assert_int_equal(m.n_calls, 2);
	assert_string_equal(entry_str(result, "selection", "now"), "LOM1");
	assert_string_equal(entry_str(result, "selection", "restored"), "false");
	json_decref(result);
	finish(&m);

	vt = start(&m);
	result = json_object();
	racadm(&m, 0, GET("Selection", "Dedicated"));
	racadm(&m, 0, GET("Failover", "None"));
	racadm(&m, 0, SET_OK);
	racadm(&m, 0, SET_OK);
	racadm(&m, 0, GET("Selection", "LOM1"));
	racadm(&m, 0, GET("Failover", "All"));
	assert_int_equal(vt->check_settings(fwd_mock_ctx(&m), identity(), (struct fwd_json *)saved,
					    FWD_SETTINGS_RESTORE, (struct fwd_json *)result), 0);
	assert_string_equal(fwd_mock_call_line(&m, 2), "racadm set iDRAC.NIC.Selection LOM1");
	assert_string_equal(fwd_mock_call_line(&m, 3), "racadm set iDRAC.NIC.Failover All");
	assert_string_equal(fwd_mock_call_line(&m, 4), "racadm get iDRAC.NIC.Selection");
	assert_string_equal(entry_str(result, "selection", "saved"), "LOM1");
	assert_string_equal(entry_str(result, "selection", "now"), "LOM1");
	assert_string_equal(entry_str(result, "selection", "restored"), "true");
	assert_string_equal(entry_str(result, "failover", "restored"), "true");
	assert_non_null(fwd_mock_log_find(&m, FWD_LOG_WARN, "iDRAC.NIC.Selection is Dedicated"));
	json_decref(result);
	finish(&m);
	json_decref(saved);
}

/* racadm says "modified" but the iDRAC keeps its value: the read-back
 * catches it (looking three times, out-of-band the network may move). */
static void test_check_settings_readback_differs(void **state)
{
	json_t *saved = saved_nic("LOM1", "None"), *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	racadm(&m, 0, GET("Selection", "Dedicated"));
	racadm(&m, 0, GET("Failover", "None"));
	racadm(&m, 0, SET_OK);
	racadm(&m, 0, GET("Selection", "Dedicated"));
	racadm(&m, 0, GET("Failover", "None"));
	assert_int_equal(vt->check_settings(fwd_mock_ctx(&m), identity(), (struct fwd_json *)saved,
					    FWD_SETTINGS_RESTORE, (struct fwd_json *)result),
			 -FWD_E_VERIFY);
	assert_contains(m.error, "iDRAC.NIC.Selection is Dedicated, the backup says LOM1 after "
			"'racadm set' said it was modified");
	assert_string_equal(entry_str(result, "selection", "restored"), "false");
	assert_int_equal(m.n_calls, 5);
	json_decref(result);
	finish(&m);
	json_decref(saved);
}

/* Dry run: says what it would set, sets nothing.  A hostile saved value is
 * refused before any racadm call; no NIC in the backup: nothing to do. */
static void test_check_settings_dry_run_and_bad_input(void **state)
{
	json_t *saved = saved_nic("LOM2", "None"), *result = json_object();
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m);

	(void)state;
	racadm(&m, 0, GET("Selection", "Dedicated"));
	racadm(&m, 0, GET("Failover", "None"));
	assert_int_equal(vt->check_settings(fwd_mock_ctx(&m), identity(), (struct fwd_json *)saved,
					    FWD_SETTINGS_DRY_RUN | FWD_SETTINGS_RESTORE,
					    (struct fwd_json *)result), -FWD_E_VERIFY);
	assert_int_equal(m.n_calls, 2);
	assert_string_equal(entry_str(result, "selection", "would_run"),
			    "racadm set iDRAC.NIC.Selection LOM2");
	assert_null(json_object_get(json_object_get(result, "failover"), "would_run"));
	assert_contains(m.error, "dry run: nothing set");
	json_decref(result);
	json_decref(saved);
	finish(&m);

	vt = start(&m);
	result = json_object();
	saved = saved_nic("LOM1;reboot", "None");
	assert_int_equal(vt->check_settings(fwd_mock_ctx(&m), identity(), (struct fwd_json *)saved,
					    FWD_SETTINGS_RESTORE, (struct fwd_json *)result),
			 -FWD_E_BAD_INPUT);
	assert_contains(m.error, "vendor.nic.selection");
	assert_int_equal(m.n_calls, 0);
	json_decref(saved);
	saved = json_pack("{s:s}", "note", "no Dell extras saved");
	assert_int_equal(vt->check_settings(fwd_mock_ctx(&m), identity(), (struct fwd_json *)saved,
					    FWD_SETTINGS_RESTORE, (struct fwd_json *)result), 0);
	assert_int_equal(m.n_calls, 0);
	assert_int_equal(json_object_size(result), 0);
	json_decref(saved);
	json_decref(result);
	finish(&m);

	/* Busy while reading: exit 7's code. */
	vt = start(&m);
	result = json_object();
	saved = saved_nic("LOM1", "None");
	racadm(&m, 1, BUSY_RAC0508);
	assert_int_equal(vt->check_settings(fwd_mock_ctx(&m), identity(), (struct fwd_json *)saved,
					    FWD_SETTINGS_RESTORE, (struct fwd_json *)result),
			 -FWD_E_BUSY);
	assert_contains(m.error, "cannot read iDRAC.NIC.Selection");
	json_decref(saved);
	json_decref(result);
	finish(&m);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_firmware_job_refuses),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_job_names),
		cmocka_unit_test(test_earlier_run_job),
		cmocka_unit_test(test_empty_queue_read_once),
		cmocka_unit_test(test_hpm_skips),
		cmocka_unit_test(test_busy_and_unreadable),
		cmocka_unit_test(test_update_busy),
		cmocka_unit_test(test_backup_nic),
		cmocka_unit_test(test_check_settings_restore),
		cmocka_unit_test(test_check_settings_readback_differs),
		cmocka_unit_test(test_check_settings_dry_run_and_bad_input),
	};

	build = fwd_test_build_dir(argc > 0 ? argv[0] : "test_dell_preflight");
	return cmocka_run_group_tests(tests, load_plugin, unload_plugin);
}
