/*
 * idrac-jobs.c: the iDRAC's job queue over Redfish (idrac-jobs.h).
 */
#include "idrac-jobs.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rf.h"

void idrac_jid_of(const char *task_uri, char jid[RACADM_JID_SIZE])
{
	const char *slash = task_uri ? strrchr(task_uri, '/') : NULL;
	const char *last = slash ? slash + 1 : task_uri ? task_uri : "";

	jid[0] = '\0';
	if (racadm_is_jid(last))
		snprintf(jid, RACADM_JID_SIZE, "%s", last);
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

int idrac_job_read(struct fwd_ctx *ctx, const char *jid, struct idrac_job *j)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
	const struct fwd_json *pc;
	char uri[96];
	int ret;

	memset(j, 0, sizeof(*j));
	j->percent = -1;
	if (!racadm_is_jid(jid))
		return host->set_error(ctx, -FWD_E_BAD_INPUT, "'%s' is not an iDRAC job ID (JID_ "
				       "and 12 digits)", jid ? jid : "");
	snprintf(uri, sizeof(uri), "%s/%s", IDRAC_JOBS, jid);
	ret = host->redfish(ctx, "GET", uri, NULL, NULL, FWD_REDFISH_QUIET, &a);
	if (!ret && a.status == 404)
		ret = -FWD_E_NOT_IMPLEMENTED;
	else if (!ret && a.status != 200)
		ret = -FWD_E_TOOL_FAILED;
	if (!ret) {
		copy(j->id, sizeof(j->id), jid);
		copy(j->name, sizeof(j->name), rf_text(a.body, "Name"));
		copy(j->state, sizeof(j->state), rf_text(a.body, "JobState"));
		copy(j->message_id, sizeof(j->message_id), rf_text(a.body, "MessageId"));
		copy(j->message, sizeof(j->message), rf_text(a.body, "Message"));
		pc = host->json_object_get(a.body, "PercentComplete");
		if (pc && host->json_integer_value(pc) >= 0 && host->json_integer_value(pc) <= 100)
			j->percent = (int)host->json_integer_value(pc);
	}
	host->redfish_answer_release(&a);
	return ret;
}

/* Dell's JobState values (DellJob): the ones before and during the run. */
int idrac_job_active(const char *state)
{
	static const char *const active[] = {
		"New", "Scheduled", "Scheduling", "Running", "Downloading", "Downloaded",
		"ReadyForExecution", "Waiting", NULL
	};

	for (size_t i = 0; state && active[i]; i++)
		if (!strcmp(state, active[i]))
			return 1;
	return 0;
}

int idrac_job_completed(const char *state)
{
	return state && !strcmp(state, "Completed");
}

int idrac_job_failed(const char *state)
{
	return state && (!strcmp(state, "Failed") || !strcmp(state, "CompletedWithErrors"));
}

int idrac_job_active_for(struct fwd_ctx *ctx, const char *component, struct idrac_job *j)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer coll = FWD_REDFISH_ANSWER_INIT;
	char jid[RACADM_JID_SIZE];
	int ret = rf_get(ctx, IDRAC_JOBS, &coll), found = 0;

	for (size_t i = 0; !ret && !found && i < rf_members(coll.body) && i < 64; i++) {
		idrac_jid_of(rf_member(coll.body, i), jid);
		if (!jid[0] || idrac_job_read(ctx, jid, j) != 0)
			continue;
		found = idrac_job_active(j->state) && strcasestr(j->name, component) != NULL;
	}
	host->redfish_answer_release(&coll);
	return ret ? ret : found;
}
