/*
 * test_redfish_task.c: a Redfish Task read (core/redfish/task.c,
 * fwd_redfish_task_read and fwd_redfish_failure_why): which TaskState
 * means running, ended or failed; PercentComplete kept only when it is
 * one; the message that decides (a failure, then Base's ResetRequired,
 * then Update's AwaitToActivate, else the last plain one) and the
 * ResetRequired arguments; message IDs matched by registry and key
 * only; and bodies that are no task.  Three bodies are the ones public
 * projects keep as examples (named where they are used); the others are
 * built here to reach one rule each.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "redfish/task.h"

/* json_loads of text, which the test wrote and must be JSON. */
static json_t *load(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &err);

	if (!j)
		fail_msg("bad JSON in the test: %s: %s", err.text, text);
	return j;
}

/* Reads text as a task into *out (a fresh FWD_REDFISH_TASK_INIT). */
static enum fwd_task_phase read_text(const char *text, struct fwd_redfish_task *out)
{
	struct fwd_redfish_task init = FWD_REDFISH_TASK_INIT;
	json_t *j = load(text);
	enum fwd_task_phase p;

	*out = init;
	p = fwd_redfish_task_read(j, out);
	json_decref(j);
	return p;
}

/* The phase of a task in state with no messages. */
static enum fwd_task_phase phase_of(const char *state)
{
	struct fwd_redfish_task t;
	char text[128];

	snprintf(text, sizeof(text), "{\"TaskState\": \"%s\"}", state);
	return read_text(text, &t);
}

/* DSP0266's states: the ones still going run; Completed ends; Exception,
 * Killed, Cancelled and Cancelling fail. */
static void test_states(void **state)
{
	static const char *const running[] = { "New", "Starting", "Running", "Pending",
		"Suspended", "Interrupted", "Stopping", "Service" };
	struct fwd_redfish_task t;

	(void)state;
	for (size_t i = 0; i < sizeof(running) / sizeof(running[0]); i++)
		assert_int_equal(phase_of(running[i]), FWD_TASK_RUNNING);
	assert_int_equal(phase_of("Completed"), FWD_TASK_ENDED);
	assert_int_equal(phase_of("Exception"), FWD_TASK_FAILED);
	assert_int_equal(phase_of("Killed"), FWD_TASK_FAILED);
	assert_int_equal(phase_of("Cancelled"), FWD_TASK_FAILED);
	assert_int_equal(phase_of("Cancelling"), FWD_TASK_FAILED);
	/* Names are DSP0266's, case and all: another spelling is no end. */
	assert_int_equal(phase_of("completed"), FWD_TASK_RUNNING);

	assert_int_equal(read_text("{\"TaskState\": \"Completed\", \"TaskStatus\": \"OK\"}", &t),
			 FWD_TASK_ENDED);
	assert_string_equal(t.state, "Completed");
	assert_string_equal(t.status, "OK");
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_DONE);
	assert_string_equal(t.message_id, "");
	assert_int_equal(t.percent, -1);
}

/* PercentComplete: kept when absent (the last one said stays), taken
 * only as an integer from 0 to 100. */
static void test_percent(void **state)
{
	struct fwd_redfish_task t = FWD_REDFISH_TASK_INIT;
	static const char *const bad[] = { "-1", "101", "50.5", "\"50\"", "null", "true",
		"9223372036854775807", "-9223372036854775808" };
	char text[128];
	json_t *j;

	(void)state;
	j = load("{\"TaskState\": \"Running\", \"PercentComplete\": 40}");
	assert_int_equal(fwd_redfish_task_read(j, &t), FWD_TASK_RUNNING);
	json_decref(j);
	assert_int_equal(t.percent, 40);
	j = load("{\"TaskState\": \"Running\"}");
	fwd_redfish_task_read(j, &t);
	json_decref(j);
	assert_int_equal(t.percent, 40);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "{\"TaskState\": \"Running\", "
			 "\"PercentComplete\": %s}", bad[i]);
		j = load(text);
		fwd_redfish_task_read(j, &t);
		json_decref(j);
		assert_int_equal(t.percent, 40);
	}
	j = load("{\"TaskState\": \"Completed\", \"PercentComplete\": 100}");
	fwd_redfish_task_read(j, &t);
	json_decref(j);
	assert_int_equal(t.percent, 100);
	j = load("{\"TaskState\": \"New\", \"PercentComplete\": 0}");
	fwd_redfish_task_read(j, &t);
	json_decref(j);
	assert_int_equal(t.percent, 0);
}

/* One message per rank; each pair in both orders says who wins. */
#define FAIL_MSG "{\"MessageId\": \"Update.1.0.ApplyFailed\", \"Message\": \"apply failed\"}"
#define RESET_MSG "{\"MessageId\": \"Base.1.8.ResetRequired\", \"Message\": \"reset\", " \
	"\"MessageArgs\": [\"/redfish/v1/Managers/1\", \"GracefulRestart\"]}"
#define AWAIT_MSG "{\"MessageId\": \"Update.1.1.AwaitToActivate\", \"Message\": \"await\"}"
#define PLAIN_MSG(n) "{\"MessageId\": \"Task.1.0.TaskProgressChanged\", \"Message\": \"" n "\"}"

static const char *decide(const char *a, const char *b, struct fwd_redfish_task *t,
			  enum fwd_task_phase *phase)
{
	char text[1024];

	snprintf(text, sizeof(text), "{\"TaskState\": \"Completed\", \"Messages\": [%s, %s]}",
		 a, b);
	*phase = read_text(text, t);
	return t->message;
}

static void test_message_precedence(void **state)
{
	const char *const by_rank[] = { FAIL_MSG, RESET_MSG, AWAIT_MSG, PLAIN_MSG("plain") };
	const char *const words[] = { "apply failed", "reset", "await", "plain" };
	struct fwd_redfish_task t;
	enum fwd_task_phase p;

	(void)state;
	for (size_t hi = 0; hi < 4; hi++) {
		for (size_t lo = hi + 1; lo < 4; lo++) {
			assert_string_equal(decide(by_rank[hi], by_rank[lo], &t, &p), words[hi]);
			assert_string_equal(decide(by_rank[lo], by_rank[hi], &t, &p), words[hi]);
		}
	}
	/* Among plain messages the last says most of where the task got. */
	assert_string_equal(decide(PLAIN_MSG("first"), PLAIN_MSG("second"), &t, &p), "second");
	assert_int_equal(p, FWD_TASK_ENDED);
	/* Among failures the first stays (it is what went wrong first). */
	assert_string_equal(decide(FAIL_MSG, "{\"MessageId\": \"Update.1.0.TransferFailed\", "
				   "\"Message\": \"second failure\"}", &t, &p), "apply failed");
	assert_string_equal(t.message_id, "Update.1.0.ApplyFailed");

	/* The outcome follows the deciding message on a Completed task. */
	decide(AWAIT_MSG, PLAIN_MSG("later"), &t, &p);
	assert_int_equal(p, FWD_TASK_ENDED);
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_AWAIT_ACTIVATION);
	decide(AWAIT_MSG, RESET_MSG, &t, &p);
	assert_int_equal(p, FWD_TASK_ENDED);
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_RESET_REQUIRED);
	assert_string_equal(t.reset_uri, "/redfish/v1/Managers/1");
	assert_string_equal(t.reset_type, "GracefulRestart");
	/* Messages without a string MessageId are passed over. */
	decide("{\"Message\": \"no id\"}", "{\"MessageId\": 7, \"Message\": \"number\"}", &t, &p);
	assert_string_equal(t.message, "");
	assert_string_equal(t.message_id, "");
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_DONE);
}

/* A Completed task whose message is a failure failed, whatever its state
 * says; so does a failed state with a reset message. */
static void test_completed_with_failure(void **state)
{
	struct fwd_redfish_task t;

	(void)state;
	assert_int_equal(read_text("{\"TaskState\": \"Completed\", \"TaskStatus\": \"OK\", "
				   "\"Messages\": [{\"MessageId\": "
				   "\"Update.1.0.VerificationFailed\", \"Message\": "
				   "\"Verification of image 'bmc.bin' at 'BMC' failed.\"}]}",
				   &t), FWD_TASK_FAILED);
	assert_string_equal(t.message_id, "Update.1.0.VerificationFailed");
	assert_string_equal(t.message, "Verification of image 'bmc.bin' at 'BMC' failed.");
	assert_int_equal(read_text("{\"TaskState\": \"Exception\", \"Messages\": [" RESET_MSG
				   "]}", &t), FWD_TASK_FAILED);
	assert_string_equal(t.message_id, "Base.1.8.ResetRequired");
	/* Running with a failure message: not over yet, the state decides. */
	assert_int_equal(read_text("{\"TaskState\": \"Running\", \"Messages\": [" FAIL_MSG "]}",
				   &t), FWD_TASK_RUNNING);
}

/* ResetRequired's MessageArgs: the URI to reset, then the ResetType;
 * either may be missing or not a string, and reads as "". */
static void test_reset_args(void **state)
{
	struct fwd_redfish_task t;

	(void)state;
	read_text("{\"TaskState\": \"Completed\", \"Messages\": [{\"MessageId\": "
		  "\"Base.1.0.ResetRequired\", \"MessageArgs\": [\"/redfish/v1/Systems/1\"]}]}",
		  &t);
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_RESET_REQUIRED);
	assert_string_equal(t.reset_uri, "/redfish/v1/Systems/1");
	assert_string_equal(t.reset_type, "");
	read_text("{\"TaskState\": \"Completed\", \"Messages\": [{\"MessageId\": "
		  "\"Base.1.0.ResetRequired\"}]}", &t);
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_RESET_REQUIRED);
	assert_string_equal(t.reset_uri, "");
	assert_string_equal(t.reset_type, "");
	read_text("{\"TaskState\": \"Completed\", \"Messages\": [{\"MessageId\": "
		  "\"Base.1.0.ResetRequired\", \"MessageArgs\": [5, {\"a\": 1}]}]}", &t);
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_RESET_REQUIRED);
	assert_string_equal(t.reset_uri, "");
	assert_string_equal(t.reset_type, "");
	read_text("{\"TaskState\": \"Completed\", \"Messages\": [{\"MessageId\": "
		  "\"Base.1.0.ResetRequired\", \"MessageArgs\": \"/redfish/v1/Systems/1\"}]}",
		  &t);
	assert_string_equal(t.reset_uri, "");
	/* The second ResetRequired does not replace the first's arguments. */
	read_text("{\"TaskState\": \"Completed\", \"Messages\": [" RESET_MSG ", {\"MessageId\": "
		  "\"Base.1.0.ResetRequired\", \"MessageArgs\": [\"/other\", \"ForceRestart\"]}]}",
		  &t);
	assert_string_equal(t.reset_uri, "/redfish/v1/Managers/1");
	assert_string_equal(t.reset_type, "GracefulRestart");
}

/* IDs match by registry (the word before the first dot) and key (after
 * the last), any version between. */
static void test_registry_matching(void **state)
{
	struct fwd_redfish_task t;

	(void)state;
	assert_non_null(fwd_redfish_failure_why("Update.1.0.VerificationFailed"));
	assert_non_null(fwd_redfish_failure_why("Update.1.2.1.TransferFailed"));
	assert_non_null(fwd_redfish_failure_why("Update.1.0.ApplyFailed"));
	assert_non_null(fwd_redfish_failure_why("Update.1.0.ActivateFailed"));
	assert_non_null(fwd_redfish_failure_why("Update.1.0.InvalidUpdateParameters"));
	assert_non_null(strstr(fwd_redfish_failure_why("Update.1.0.VerificationFailed"),
			       "nothing was applied"));
	assert_null(fwd_redfish_failure_why("Base.1.8.VerificationFailed"));
	assert_null(fwd_redfish_failure_why("Update.1.0.XVerificationFailed"));
	assert_null(fwd_redfish_failure_why("XUpdate.1.0.VerificationFailed"));
	assert_null(fwd_redfish_failure_why("UpdateX.1.0.VerificationFailed"));
	assert_null(fwd_redfish_failure_why("VerificationFailed"));
	assert_null(fwd_redfish_failure_why(".VerificationFailed"));
	assert_null(fwd_redfish_failure_why("Update.1.0.VerificationFailedX"));
	assert_null(fwd_redfish_failure_why("Update.1.0.AwaitToActivate"));
	assert_null(fwd_redfish_failure_why(""));
	assert_null(fwd_redfish_failure_why(NULL));

	/* The same rule for the reset and the wait. */
	read_text("{\"TaskState\": \"Completed\", \"Messages\": [{\"MessageId\": "
		  "\"Update.1.0.ResetRequired\"}]}", &t);
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_DONE);
	read_text("{\"TaskState\": \"Completed\", \"Messages\": [{\"MessageId\": "
		  "\"Base.1.0.AwaitToActivate\"}]}", &t);
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_DONE);
	read_text("{\"TaskState\": \"Completed\", \"Messages\": [{\"MessageId\": "
		  "\"Base.1.0.XResetRequired\"}]}", &t);
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_DONE);
	assert_int_equal(read_text("{\"TaskState\": \"Completed\", \"Messages\": [{\"MessageId\": "
				   "\"Base.1.8.VerificationFailed\"}]}", &t), FWD_TASK_ENDED);
}

/* No task: NULL, not an object, no TaskState or one that is no string.
 * The state reads as "" and the percent stays. */
static void test_not_a_task(void **state)
{
	static const char *const bodies[] = { "[{\"TaskState\": \"Completed\"}]", "\"Completed\"",
		"{}", "{\"TaskState\": 3}", "{\"TaskState\": null}",
		"{\"@odata.id\": \"/redfish/v1/UpdateService\"}" };
	struct fwd_redfish_task t = FWD_REDFISH_TASK_INIT;

	(void)state;
	t.percent = 30;
	snprintf(t.state, sizeof(t.state), "Running");
	assert_int_equal(fwd_redfish_task_read(NULL, &t), FWD_TASK_NOT_A_TASK);
	assert_string_equal(t.state, "");
	assert_int_equal(t.percent, 30);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		json_t *j = load(bodies[i]);

		snprintf(t.state, sizeof(t.state), "Running");
		assert_int_equal(fwd_redfish_task_read(j, &t), FWD_TASK_NOT_A_TASK);
		assert_string_equal(t.state, "");
		assert_int_equal(t.percent, 30);
		json_decref(j);
	}
}

/* A task read again leaves nothing of the one before (the same struct
 * follows a task poll after poll). */
static void test_read_again_forgets(void **state)
{
	struct fwd_redfish_task t = FWD_REDFISH_TASK_INIT;
	json_t *j;

	(void)state;
	j = load("{\"TaskState\": \"Completed\", \"TaskStatus\": \"Warning\", \"Messages\": ["
		 RESET_MSG "]}");
	fwd_redfish_task_read(j, &t);
	json_decref(j);
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_RESET_REQUIRED);
	j = load("{\"TaskState\": \"Running\"}");
	assert_int_equal(fwd_redfish_task_read(j, &t), FWD_TASK_RUNNING);
	json_decref(j);
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_DONE);
	assert_string_equal(t.status, "");
	assert_string_equal(t.message_id, "");
	assert_string_equal(t.message, "");
	assert_string_equal(t.reset_uri, "");
	assert_string_equal(t.reset_type, "");
}

/* Every string is cut to its field, and ended. */
static void test_long_strings_cut(void **state)
{
	struct fwd_redfish_task t;
	char big[2048], text[16384];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	snprintf(text, sizeof(text), "{\"TaskState\": \"Running%s\", \"TaskStatus\": \"%s\", "
		 "\"Messages\": [{\"MessageId\": \"Base.1.0.%s.ResetRequired\", \"Message\": "
		 "\"%s\", \"MessageArgs\": [\"/%s\", \"%s\"]}]}", big, big, big, big, big, big);
	assert_int_equal(read_text(text, &t), FWD_TASK_RUNNING);
	assert_int_equal(strlen(t.state), sizeof(t.state) - 1);
	assert_int_equal(strlen(t.status), sizeof(t.status) - 1);
	assert_int_equal(strlen(t.message_id), sizeof(t.message_id) - 1);
	assert_int_equal(strlen(t.message), sizeof(t.message) - 1);
	assert_int_equal(strlen(t.reset_uri), sizeof(t.reset_uri) - 1);
	assert_int_equal(strlen(t.reset_type), sizeof(t.reset_type) - 1);
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_RESET_REQUIRED);
	assert_memory_equal(t.message_id, "Base.1.0.xxx", 12);
}

/* Bodies public projects keep as examples of a Task. */
static void test_public_examples(void **state)
{
	struct fwd_redfish_task t;

	(void)state;
	/* DMTF/Redfish-Publications mockups/DSP2046-examples/Task-v1-example.json
	 * (Task.v1_7_4): Completed, OK, one Base warning that a property is
	 * read-only, no PercentComplete. */
	assert_int_equal(read_text("{\"@odata.type\": \"#Task.v1_7_4.Task\", \"Id\": \"545\", "
				   "\"Name\": \"Task 545\", \"TaskMonitor\": "
				   "\"/redfish/v1/TaskService/TaskMonitors/545\", "
				   "\"TaskState\": \"Completed\", \"StartTime\": "
				   "\"2012-03-07T14:44+06:00\", \"EndTime\": "
				   "\"2012-03-07T14:45+06:00\", \"TaskStatus\": \"OK\", "
				   "\"Messages\": [{\"MessageId\": "
				   "\"Base.1.0.PropertyNotWritable\", \"RelatedProperties\": "
				   "[\"SKU\"], \"Message\": \"SKU is read-only\", "
				   "\"MessageArgs\": [\"SKU\"], \"Severity\": \"Warning\"}], "
				   "\"@odata.id\": \"/redfish/v1/TaskService/Tasks/545\"}", &t),
			 FWD_TASK_ENDED);
	assert_string_equal(t.status, "OK");
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_DONE);
	assert_string_equal(t.message_id, "Base.1.0.PropertyNotWritable");
	assert_int_equal(t.percent, -1);

	/* openstack/sushy sushy/tests/unit/json_samples/task2.json: a
	 * Task.v1_4_3 Pending at 55 %, no messages. */
	assert_int_equal(read_text("{\"@odata.type\": \"#Task.v1_4_3.Task\", \"Id\": \"546\", "
				   "\"Name\": \"Task 546\", \"TaskMonitor\": \"/taskmon/546\", "
				   "\"TaskState\": \"Pending\", \"TaskStatus\": \"OK\", "
				   "\"PercentComplete\": 55, \"@odata.id\": "
				   "\"/redfish/v1/TaskService/Tasks/546\"}", &t), FWD_TASK_RUNNING);
	assert_int_equal(t.percent, 55);
	assert_string_equal(t.state, "Pending");

	/* bmc-toolbox/bmclib internal/redfishwrapper/fixtures/tasks/
	 * tasks_1_completed.json: a Supermicro "BIOS Verify" task, Completed at
	 * 100 % with one message whose fields are all empty strings. */
	assert_int_equal(read_text("{\"@odata.type\": \"#Task.v1_4_3.Task\", \"@odata.id\": "
				   "\"/redfish/v1/TaskService/Tasks/1\", \"Id\": \"1\", "
				   "\"Name\": \"BIOS Verify\", \"TaskState\": \"Completed\", "
				   "\"PercentComplete\": 100, \"HidePayload\": true, "
				   "\"TaskMonitor\": \"/redfish/v1/TaskMonitor/abc\", "
				   "\"TaskStatus\": \"OK\", \"Messages\": [{\"MessageId\": \"\", "
				   "\"RelatedProperties\": [\"\"], \"Message\": \"\", "
				   "\"MessageArgs\": [\"\"], \"Severity\": \"\"}], \"Oem\": {}}",
				   &t), FWD_TASK_ENDED);
	assert_int_equal(t.percent, 100);
	assert_int_equal(t.outcome, FWD_REDFISH_TASK_DONE);
	assert_string_equal(t.message_id, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_message_precedence),
		cmocka_unit_test(test_completed_with_failure),
		cmocka_unit_test(test_reset_args),
		cmocka_unit_test(test_registry_matching),
		cmocka_unit_test(test_not_a_task),
		cmocka_unit_test(test_read_again_forgets),
		cmocka_unit_test(test_long_strings_cut),
		cmocka_unit_test(test_public_examples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
