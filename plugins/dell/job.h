/*
 * job.h: a Dell Update Package through racadm, from `racadm update -f`
 * to the job it created: shared by the iDRAC flash and the BIOS staging.
 *
 * racadm may exit non-zero although it created the job, and may not print
 * the job's ID: the update is judged by its `RAC987:` line, and the ID is
 * taken from the output, else from the queue (a job that was not there
 * before the update).  All buffers are the caller's.
 */
#ifndef FWDP_DELL_JOB_H
#define FWDP_DELL_JOB_H

#include "racadm.h"

/* The job IDs in the queue before an update, to tell the new job apart. */
struct dell_job_snapshot {
	char (*ids)[40];          /* malloc'd; release with dell_job_snapshot_release */
	size_t n;
	int known;                /* 0: the queue could not be read */
};

/* Best effort: an unreadable queue leaves known 0 (and says so in the log). */
void dell_job_snapshot_take(const struct fwd_host_api *host, struct fwd_ctx *ctx,
			    struct dell_job_snapshot *s);
void dell_job_snapshot_release(struct dell_job_snapshot *s);

/* What `racadm update -f FILE` did. */
struct dell_update {
	int exit_code;            /* racadm's exit status (-1: killed) */
	char rac987[256];         /* the RAC987 line, "" when none */
	char jid[RACADM_JID_SIZE];/* the job ID racadm printed, "" when none */
	char text[512];           /* racadm's words, for messages and "tool_output" */
};

/*
 * Runs `racadm update -f file`.  Returns 0 when racadm printed RAC987 (the
 * job exists, whatever the exit status), -FWD_E_BUSY when it did not and
 * said the iDRAC is busy (racadm_busy: u->text is that line),
 * -FWD_E_FLASH when it did not otherwise (u->text says what racadm said;
 * the error is NOT set in either case), or the host's code when racadm
 * could not be run (error set).
 */
int dell_update_run(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *file,
		    struct dell_update *u);

/*
 * Finds the job an update created in the full queue: one not in the
 * snapshot, preferring one that names the file, then one whose name has
 * component ("iDRAC", "BIOS"), then the newest ID.  Without a snapshot,
 * only a job naming the file or the component counts (never a guess among
 * old jobs).  Looks up to three times, as a new job may show late.
 * Returns 0 with jid set (and *found, when not NULL, the job's block as
 * the queue showed it), or -FWD_E_TOOL_FAILED with why.
 */
int dell_job_locate(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		    const struct dell_job_snapshot *snap, const char *file,
		    const char *component, unsigned wait_s, char jid[RACADM_JID_SIZE],
		    char *why, size_t why_size, struct racadm_job *found);

/* What the block says about the job having begun (racadm_job_began), into
 * began[] when it is still "" (so the first such status is kept). */
void dell_job_note_began(const struct racadm_job *job, char *began, size_t size);

enum dell_follow_until {
	DELL_FOLLOW_TO_END,       /* Completed or Failed (an iDRAC job) */
	DELL_FOLLOW_TO_STAGED     /* also stop at Scheduled (a BIOS job) */
};

/*
 * Polls `racadm jobqueue view -i jid` every few seconds (dell_poll_ms, on
 * the host's clock)
 * for at most wait_s seconds (plus one racadm call), reporting Percent
 * Complete as progress of step.  A racadm call that fails meanwhile (the
 * iDRAC restarting under its own update) is retried until the bound.
 * Returns 0 with *last the final block, or -FWD_E_TIMEOUT with *last the
 * last block seen (id "" when none) and problem the last racadm trouble
 * ("" when none); -FWD_E_TOOL_MISSING when racadm went away.  No error set.
 * began[] (set by the caller: "", or what dell_job_locate's look showed)
 * gets the first block's status that showed the job at work
 * (racadm_job_began: "Running", or "Failed at 40%"), when it has none: a
 * job that failed after it began may have failed part-way.  The polls may
 * miss a short state, so "" does not prove the job never ran.
 */
int dell_job_follow(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *jid,
		    enum dell_follow_until until, unsigned wait_s, enum fwd_step step,
		    struct racadm_job *last, char *problem, size_t problem_size,
		    char *began, size_t began_size);

/* How long between two looks at a job: wait_s / 20, within 1-5 s, so a
 * real iDRAC is not flooded and a short bound still gets several looks. */
unsigned dell_poll_ms(unsigned wait_s);

/* The default when the host gives no job bound (job_wait_s 0). */
#define DELL_JOB_WAIT_DEFAULT_S 1800u

#endif
