/*
 * idrac-jobs.h: the iDRAC's job queue over Redfish (idrac-jobs.c), for the
 * Dell profile of the shared Redfish flow and `fwdispatch status`.
 *
 * An iDRAC purges a task soon after it ends, while the job of the same
 * JID stays in the queue at IDRAC_JOBS/<JID>: that is where an update's
 * end is read.  All buffers are the caller's.
 */
#ifndef FWDP_DELL_IDRAC_JOBS_H
#define FWDP_DELL_IDRAC_JOBS_H

#include <fwdispatch/fwd_plugin.h>

#include "racadm.h"

#define IDRAC_MANAGER "/redfish/v1/Managers/iDRAC.Embedded.1"
#define IDRAC_JOBS IDRAC_MANAGER "/Jobs"

/* One job as the iDRAC shows it (DellJob). */
struct idrac_job {
	char id[RACADM_JID_SIZE];
	char name[128];           /* "Firmware Update: BIOS" */
	char state[32];           /* JobState: Scheduled, Running, Completed, Failed, ... */
	char message_id[64];      /* "RED007", "SUP0518", "" when none */
	char message[256];
	int percent;              /* PercentComplete, -1 when not said */
};

/* The JID a task URI ends with (".../JID_001234567890"), or "" when it
 * is none: only a JID's shape is ever put into a job's URI. */
void idrac_jid_of(const char *task_uri, char jid[RACADM_JID_SIZE]);

/*
 * Reads job jid.  Returns 0 with *j filled; -FWD_E_NOT_IMPLEMENTED when
 * the iDRAC has no such job (404), or the host's code (-FWD_E_BMC_GONE
 * while the iDRAC restarts); the error is set only for a bad jid.
 */
int idrac_job_read(struct fwd_ctx *ctx, const char *jid, struct idrac_job *j);

/* Is a JobState one of a job still to run or running? */
int idrac_job_active(const char *state);
/* Did the job end well (Completed), or badly (Failed, CompletedWithErrors)? */
int idrac_job_completed(const char *state);
int idrac_job_failed(const char *state);

/*
 * The first active job (at most 64 read) whose Name names component
 * ("BIOS", "iDRAC"): 1 with *j, 0 when none, or the host's code when the
 * queue cannot be read.
 */
int idrac_job_active_for(struct fwd_ctx *ctx, const char *component, struct idrac_job *j);

#endif
