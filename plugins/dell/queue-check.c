/*
 * queue-check.c: judging the iDRAC's job queue before an update (see
 * queue-check.h).
 *
 * Which Status counts as in flight, from Dell's job states (the DellJob
 * JobState list of iDRAC's Redfish, spelled apart by racadm): New,
 * Scheduling, Scheduled, Ready for Execution, Waiting, Downloading,
 * Downloaded, Running, In Progress, Paused, Reboot Pending, Reboot
 * Completed all still have work to do, by themselves or at the next host
 * reboot; Completed, Failed, Completed with Errors, Reboot Failed and the
 * cancelled words are over (racadm_job_state's classes, racadm-parse.c).
 */
#include "queue-check.h"

#include <string.h>

#include "match.h"

static const char *const firmware_prefixes[] = {
	"Firmware Update", "Repository Update", "Firmware Rollback", "update:", NULL,
};

int dell_job_is_firmware(const struct racadm_job *job)
{
	const char *name = job->name + strspn(job->name, " \t");

	for (size_t i = 0; firmware_prefixes[i]; i++)
		if (fwdp_istarts(name, firmware_prefixes[i]))
			return 1;
	return 0;
}

int dell_job_in_flight(const struct racadm_job *job)
{
	switch (racadm_job_state(job->status)) {
	case RACADM_JOB_COMPLETED:
	case RACADM_JOB_FAILED:
		return 0;
	default:
		return 1;
	}
}

void dell_queue_judge(const struct racadm_job *jobs, size_t n, const char *earlier_jid,
		      struct dell_queue_verdict *v)
{
	const struct racadm_job *named = NULL, *other = NULL;

	memset(v, 0, sizeof(*v));
	v->job.percent = -1;
	for (size_t i = 0; i < n; i++) {
		const struct racadm_job *j = &jobs[i];
		int ours = earlier_jid && *earlier_jid && fwdp_ieq(j->id, earlier_jid);

		if (!dell_job_in_flight(j)) {
			v->finished++;
			continue;
		}
		/* The earlier run's job is fwdispatch's own, whatever its name. */
		if (!ours && !dell_job_is_firmware(j)) {
			v->other++;
			if (!other)
				other = j;
			continue;
		}
		v->firmware++;
		if (!named || (ours && !v->ours)) {
			named = j;
			v->ours = ours;
		}
	}
	if (named) {
		v->kind = DELL_QUEUE_FIRMWARE;
		v->job = *named;
	} else if (other) {
		v->kind = DELL_QUEUE_OTHER;
		v->job = *other;
	}
}
