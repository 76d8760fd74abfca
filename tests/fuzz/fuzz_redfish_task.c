/*
 * fuzz_redfish_task.c: a body a BMC answers a task poll with, read as a
 * Redfish Task (core/redfish/task.c): JSON text parsed as the client
 * parses a body (conn.c: duplicate keys refused), then
 * fwd_redfish_task_read, and with NULL when it is no JSON.  Checked: the
 * phase and outcome are known ones; the percent stays from -1 to 100;
 * every string is ended in its field; no task leaves no state; a reset's
 * URI or type only with RESET_REQUIRED; an ended task has no failure
 * message; and the same body read into a struct left over from another
 * read gives the same fields (the client follows a task poll after poll
 * in one struct).
 */
#include <string.h>

#include <jansson.h>

#include "fuzz-util.h"
#include "redfish/task.h"

#define ENDED_IN(field) FUZZ_CHECK(memchr((field), '\0', sizeof(field)) != NULL)

static void check_one(const struct fwd_redfish_task *t, enum fwd_task_phase p)
{
	ENDED_IN(t->state);
	ENDED_IN(t->status);
	ENDED_IN(t->message_id);
	ENDED_IN(t->message);
	ENDED_IN(t->reset_uri);
	ENDED_IN(t->reset_type);
	FUZZ_CHECK(p >= FWD_TASK_RUNNING && p <= FWD_TASK_NOT_A_TASK);
	FUZZ_CHECK(t->percent >= -1 && t->percent <= 100);
	if (p == FWD_TASK_NOT_A_TASK) {
		FUZZ_CHECK(t->state[0] == '\0');
		return;
	}
	FUZZ_CHECK(t->outcome == FWD_REDFISH_TASK_DONE ||
		   t->outcome == FWD_REDFISH_TASK_RESET_REQUIRED ||
		   t->outcome == FWD_REDFISH_TASK_AWAIT_ACTIVATION);
	if (t->reset_uri[0] || t->reset_type[0])
		FUZZ_CHECK(t->outcome == FWD_REDFISH_TASK_RESET_REQUIRED);
	/* A cut ID could end like a failure's without being one. */
	if (p == FWD_TASK_ENDED && strlen(t->message_id) < sizeof(t->message_id) - 1)
		FUZZ_CHECK(fwd_redfish_failure_why(t->message_id) == NULL);
}

/* What a read of a task leaves of the struct it was given: nothing but
 * the percent when the task says none. */
static void check_forgets(const json_t *j, const struct fwd_redfish_task *fresh,
			  enum fwd_task_phase p)
{
	struct fwd_redfish_task old = FWD_REDFISH_TASK_INIT;
	enum fwd_task_phase q;

	memset(old.state, 'S', sizeof(old.state) - 1);
	memset(old.status, 'T', sizeof(old.status) - 1);
	memset(old.message_id, 'I', sizeof(old.message_id) - 1);
	memset(old.message, 'M', sizeof(old.message) - 1);
	memset(old.reset_uri, 'U', sizeof(old.reset_uri) - 1);
	memset(old.reset_type, 'R', sizeof(old.reset_type) - 1);
	old.outcome = FWD_REDFISH_TASK_GONE;
	old.percent = 77;
	q = fwd_redfish_task_read(j, &old);
	FUZZ_CHECK(q == p);
	FUZZ_CHECK(old.percent == (fresh->percent >= 0 ? fresh->percent : 77));
	FUZZ_CHECK(strcmp(old.state, fresh->state) == 0);
	FUZZ_CHECK(strcmp(old.status, fresh->status) == 0);
	if (p == FWD_TASK_NOT_A_TASK)
		return;
	FUZZ_CHECK(old.outcome == fresh->outcome);
	FUZZ_CHECK(strcmp(old.message_id, fresh->message_id) == 0);
	FUZZ_CHECK(strcmp(old.message, fresh->message) == 0);
	FUZZ_CHECK(strcmp(old.reset_uri, fresh->reset_uri) == 0);
	FUZZ_CHECK(strcmp(old.reset_type, fresh->reset_type) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	struct fwd_redfish_task t = FWD_REDFISH_TASK_INIT;
	enum fwd_task_phase p = fwd_redfish_task_read(j, &t);

	check_one(&t, p);
	if (!j)
		FUZZ_CHECK(p == FWD_TASK_NOT_A_TASK);
	check_forgets(j, &t, p);
	json_decref(j);
	free(text);
	return 0;
}
