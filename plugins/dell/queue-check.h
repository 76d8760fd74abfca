/*
 * queue-check.h: what the iDRAC's job queue says about starting an update
 * now (the preflight's "dell-jobs" check; text only, no host calls).
 *
 * Two firmware jobs for one host reboot is how servers end up half
 * updated: a firmware job not yet Completed or Failed refuses the run.
 * Other jobs still pending (a BIOS configuration, a reboot job) run at
 * the same reboot: a warning.  The caller owns every buffer.
 */
#ifndef FWDP_DELL_QUEUE_CHECK_H
#define FWDP_DELL_QUEUE_CHECK_H

#include "racadm.h"

/* Is this a firmware job, by its name: "Firmware Update: BIOS" (racadm),
 * "Repository Update" (a catalogue update), "Firmware Rollback",
 * "update:DCIM:..." (the WS-Man name of an install job)? */
int dell_job_is_firmware(const struct racadm_job *job);

/* Not finished: Scheduled, Reboot Pending, the queued and running words,
 * and a status we do not know (or none shown): refuse rather than guess. */
int dell_job_in_flight(const struct racadm_job *job);

enum dell_queue_kind {
	DELL_QUEUE_CLEAR = 0,     /* nothing pending: pass */
	DELL_QUEUE_OTHER,         /* only other jobs pending: warn */
	DELL_QUEUE_FIRMWARE       /* a firmware job pending: refuse */
};

struct dell_queue_verdict {
	enum dell_queue_kind kind;
	struct racadm_job job;    /* the job named: an earlier fwdispatch run's
	                             first, else the first in the queue */
	int ours;                 /* job.id is the earlier run's job */
	size_t firmware;          /* firmware jobs in flight */
	size_t other;             /* other jobs in flight */
	size_t finished;          /* jobs Completed or Failed */
};

/* earlier_jid: the job an earlier fwdispatch run left, or NULL. */
void dell_queue_judge(const struct racadm_job *jobs, size_t n, const char *earlier_jid,
		      struct dell_queue_verdict *v);

#endif
