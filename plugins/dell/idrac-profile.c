/*
 * idrac-profile.c: the Dell iDRAC9 profile of the shared Redfish flow
 * (plugins/common/rf.h), as Dell's public sources describe the service
 * (docs: /work/shared/docs/redfish.md, "Dell iDRAC9").
 *
 *  - one multipart URI that takes no targeting: Targets always [] (the
 *    Dell Update Package names its component);
 *  - the iDRAC's own image Immediate, the BIOS OnReset: a job that waits
 *    Scheduled for the host's reset, so the BIOS is staged once the job
 *    is Scheduled and its JID is the run's job_id;
 *  - the task is purged soon after it ends while the job of the same JID
 *    stays: a vanished task is read from the job (JobState, MessageId:
 *    RED and SUP IDs reach the operator);
 *  - the preflight asks the Lifecycle Controller whether it is ready and
 *    refuses while a job for the same component is active.
 * The session an iDRAC self-update ends is the host client's to reopen.
 */
#include "dell.h"

#include <stdio.h>
#include <string.h>

#include "idrac-jobs.h"
#include "job.h"
#include "rf.h"

#define LC_STATUS "/redfish/v1/Dell/Managers/iDRAC.Embedded.1/DellLCService/Actions/" \
	"DellLCService.GetRemoteServicesAPIStatus"
/* How long a job that cannot be read after its task vanished is asked
 * again: an iDRAC restarting into its new image answers within minutes,
 * and its job queue outlives the restart. */
#define IDRAC_RESTART_S 300u
#define CHECK_LC "dell-lc"
#define CHECK_JOBS "dell-jobs"

static const char *component(enum fwd_part part)
{
	return part == FWD_PART_BIOS ? "BIOS" : "iDRAC";
}

/* LCStatus Ready, or a refusal: an update sent before is refused (503,
 * SUP0108) or left waiting. */
static int lc_ready(struct fwd_ctx *ctx)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
	struct fwd_json *body = host->json_object();
	char status[32] = "";
	const char *s;
	int ret = host->redfish(ctx, "POST", LC_STATUS, body, NULL, FWD_REDFISH_QUIET, &a);

	host->json_release(body);
	if (!ret && a.status == 200) {
		s = rf_text(a.body, "LCStatus");
		snprintf(status, sizeof(status), "%s", s ? s : "");
	}
	host->redfish_answer_release(&a);
	if (ret)
		return ret;
	if (!status[0]) {
		/* An older iDRAC without the action: the push says it if not ready. */
		host->check(ctx, CHECK_LC, FWD_CHECK_WARN, "the Lifecycle Controller's status "
			    "could not be read (GetRemoteServicesAPIStatus answered %ld)",
			    a.status);
		return 0;
	}
	if (strcmp(status, "Ready") != 0) {
		host->check(ctx, CHECK_LC, FWD_CHECK_REFUSE, "LCStatus %s", status);
		/* Busy, not wrong: the same call succeeds later (the racadm
		 * path's RED023 is busy too, racadm-busy.c). */
		return host->set_error(ctx, -FWD_E_BUSY, "the iDRAC's Lifecycle Controller is "
				       "not ready (LCStatus %s): it takes no update now; wait until "
				       "it is (a host in POST or in the Lifecycle Controller keeps "
				       "it busy) and run fwdispatch again; nothing was flashed",
				       status);
	}
	host->check(ctx, CHECK_LC, FWD_CHECK_PASS, "LCStatus Ready");
	return 0;
}

/* No job of the same component waiting or running: a second one for the
 * same reboot is how servers end up half updated. */
static int no_job_for(struct fwd_ctx *ctx, enum fwd_part part,
		      const struct fwd_flash_request *req)
{
	const struct fwd_host_api *host = rf_host();
	struct idrac_job j;
	int ret = idrac_job_active_for(ctx, component(part), &j);

	if (ret < 0) {
		host->check(ctx, CHECK_JOBS, FWD_CHECK_WARN, "the iDRAC's job queue could not "
			    "be read");
		return ret;
	}
	if (!ret) {
		host->check(ctx, CHECK_JOBS, FWD_CHECK_PASS, "no %s job waits or runs",
			    component(part));
		return 0;
	}
	if (req && (req->flags & FWD_FLASH_RESUME)) {
		host->check(ctx, CHECK_JOBS, FWD_CHECK_WARN, "job %s (%s) is %s: the interrupted "
			    "run's, most likely", j.id, j.name, j.state);
		return 0;
	}
	host->check(ctx, CHECK_JOBS, FWD_CHECK_REFUSE, "job %s (%s) is %s", j.id, j.name,
		    j.state);
	return host->set_error(ctx, -FWD_E_REFUSED, "the iDRAC's job queue holds job %s '%s', "
			       "%s: a second %s update would queue behind it; let it finish (a "
			       "BIOS job runs at the next host reboot) or delete it (DELETE "
			       "%s/%s), then run fwdispatch again; nothing was flashed", j.id,
			       j.name, j.state, component(part), IDRAC_JOBS, j.id);
}

static int idrac_preflight(struct fwd_ctx *ctx, enum fwd_part part,
			   const struct fwd_flash_request *req)
{
	int ret = lc_ready(ctx);

	return ret ? ret : no_job_for(ctx, part, req);
}

/* The job as the task would have said it. */
static void as_task(const struct idrac_job *j, struct fwd_redfish_task *t)
{
	snprintf(t->state, sizeof(t->state), "%s", j->state);
	snprintf(t->message_id, sizeof(t->message_id), "%s", j->message_id);
	snprintf(t->message, sizeof(t->message), "%s", j->message);
	t->percent = j->percent;
}

/*
 * Follows job jid until it ends, or (staged) until it waits Scheduled,
 * within f->wait_s.  With gone_ok, a job that cannot be read (the iDRAC
 * restarting into its new image) is asked again up to IDRAC_RESTART_S;
 * still unread, it leaves t's outcome as it is (the task gone) for the
 * inventory to decide.
 */
static int follow_job(struct fwd_ctx *ctx, const struct rf_follow *f, const char *jid,
		      int staged, int gone_ok, struct fwd_redfish_task *t)
{
	const struct fwd_host_api *host = rf_host();
	uint64_t start = host->now_ms(ctx), limit = (uint64_t)f->wait_s * 1000u;
	uint64_t unread_ms = limit < IDRAC_RESTART_S * 1000u ? limit : IDRAC_RESTART_S * 1000u;
	struct idrac_job j;
	int ret, seen = 0;

	host->json_object_set_new(f->result, "job_id", host->json_string(jid));
	for (;;) {
		ret = idrac_job_read(ctx, jid, &j);
		if (ret && gone_ok && host->now_ms(ctx) - start >= unread_ms) {
			host->log(ctx, FWD_LOG_INFO, "job %s could not be read for %u s either: "
				  "the iDRAC's inventory will tell", jid, (unsigned)(unread_ms / 1000u));
			return 0;
		}
		if (!ret) {
			seen = 1;
			as_task(&j, t);
			if (j.percent >= 0)
				host->progress(ctx, f->step, (uint64_t)j.percent, 100);
			if (idrac_job_failed(j.state))
				return host->set_error(ctx, -FWD_E_FLASH, "the iDRAC's job %s ended %s"
						       "%s%s%s%s%s: the update did not take place",
						       jid, j.state, j.message_id[0] ? " with " : "",
						       j.message_id, j.message[0] ? " (" : "",
						       j.message, j.message[0] ? ")" : "");
			if (idrac_job_completed(j.state)) {
				t->outcome = FWD_REDFISH_TASK_DONE;
				return 0;
			}
			if (staged && !strcmp(j.state, "Scheduled")) {
				t->outcome = FWD_REDFISH_TASK_AWAIT_ACTIVATION;
				return 0;
			}
		}
		if (host->now_ms(ctx) - start >= limit)
			return host->set_error(ctx, -FWD_E_TIMEOUT, "the iDRAC's job %s is still "
					       "%s after %u s: see it at %s/%s", jid,
					       seen ? j.state : "unread", f->wait_s, IDRAC_JOBS, jid);
		host->sleep_ms(ctx, dell_poll_ms(f->wait_s));
	}
}

/* A BIOS job waits Scheduled for the host's reset, which its task never
 * says: the job is followed from the start.  The iDRAC's own task is the
 * host's to follow. */
static int idrac_follow(struct fwd_ctx *ctx, const struct rf_follow *f,
			struct fwd_redfish_task *t)
{
	const struct fwd_host_api *host = rf_host();
	char jid[RACADM_JID_SIZE];

	idrac_jid_of(f->task, jid);
	if (f->part == FWD_PART_BIOS && jid[0])
		return follow_job(ctx, f, jid, 1, 0, t);
	return host->redfish_task(ctx, f->step, f->task, f->wait_s, t);
}

/* The iDRAC purged the task: its job tells how it ended. */
static int idrac_task_gone(struct fwd_ctx *ctx, const struct rf_follow *f,
			   struct fwd_redfish_task *t)
{
	const struct fwd_host_api *host = rf_host();
	char jid[RACADM_JID_SIZE];

	idrac_jid_of(f->task, jid);
	if (!jid[0])
		return 0;
	host->log(ctx, FWD_LOG_INFO, "the task %s is gone: following the iDRAC's job %s",
		  f->task, jid);
	return follow_job(ctx, f, jid, f->part == FWD_PART_BIOS, 1, t);
}

const struct rf_vendor dell_idrac_profile = {
	.name = "Dell iDRAC",
	.targets = RF_TARGETS_EMPTY,
	.apply_bmc = "Immediate",
	.apply_bios = "OnReset",
	.preflight = idrac_preflight,
	.follow = idrac_follow,
	.task_gone = idrac_task_gone,
};
