/*
 * racadm.h: running Dell's racadm, and reading what it prints.
 *
 * racadm-parse.c reads text only (no host calls), so every odd output
 * seen in the field can be handled in one place: CRLF line ends, leading
 * spaces, values in [brackets], `Percent Complete=[NA]`, the JOB QUEUE
 * header, several job blocks in one answer.  racadm.c builds the command
 * lines (in-band, or -r HOST -u USER -p PASSWORD out-of-band) and runs
 * them through the host.
 *
 * Ownership: every function writes into buffers the caller owns; only
 * racadm_jobs_read() (the job array) and racadm_getversion() (the raw
 * output) allocate, and the caller frees those with free().
 */
#ifndef FWDP_DELL_RACADM_H
#define FWDP_DELL_RACADM_H

#include <stddef.h>

#include <fwdispatch/fwd_plugin.h>

/* "JID_" and 12 digits, plus the NUL. */
#define RACADM_JID_SIZE 17

/* One block of `racadm jobqueue view`. */
struct racadm_job {
	char id[40];          /* "JID_552080244178" (RID_... for reboot jobs) */
	char name[128];       /* Job Name: "Firmware Update: BIOS" */
	char status[64];      /* Status, as racadm prints it */
	char message[512];    /* Message, without its brackets */
	int percent;          /* Percent Complete 0-100, -1 for [NA] or absent */
};

/*
 * What a Status means to fwdispatch (see racadm_job_state() for the list
 * of racadm words in each class, and why).
 */
enum racadm_job_state {
	RACADM_JOB_UNKNOWN = 0, /* a word we do not know: followed like ACTIVE */
	RACADM_JOB_SCHEDULED,   /* waits for its trigger: the next host reboot for a BIOS */
	RACADM_JOB_ACTIVE,      /* queued or under way, moves on by itself */
	RACADM_JOB_COMPLETED,   /* finished well */
	RACADM_JOB_FAILED       /* finished badly: Message says why */
};

enum racadm_job_state racadm_job_state(const char *status);

/*
 * Does this block show that the job had begun its work (downloading the
 * package into the iDRAC, or applying it), so that a failure later is one
 * part-way: Downloading, Downloaded, Running, In Progress, Paused, Reboot
 * Completed, a word we do not know (rather warn than claim too little),
 * or any status with Percent Complete above 0.  Not: Scheduled, New,
 * Scheduling, Ready for Execution, Waiting, or a Completed/Failed at 0 or
 * [NA].
 */
int racadm_job_began(const struct racadm_job *job);

/* "scheduled", "running", "completed", "failed", "unknown": for JSON. */
const char *racadm_job_state_name(enum racadm_job_state state);

/*
 * Reads every job block of text into jobs[max]; returns how many (blocks
 * beyond max are dropped).  A block starts at a `Job ID=` line (bracketed
 * or not); lines without '=' (banners, dashes, headers) are skipped.
 */
size_t racadm_parse_jobs(const char *text, struct racadm_job *jobs, size_t max);

/* The block with this ID (ignoring case), or NULL. */
const struct racadm_job *racadm_find_job(const struct racadm_job *jobs, size_t n,
					 const char *id);

/* Is s exactly "JID_" and 12 digits? */
int racadm_is_jid(const char *s);

/* Copies the first "JID_" + 12 digits found in text to jid; 1 found, 0 not. */
int racadm_find_jid(const char *text, char jid[RACADM_JID_SIZE]);

/* Copies the first line that starts (after blanks) with prefix, trimmed;
 * 1 found, 0 not. */
int racadm_find_line(const char *text, const char *prefix, char *buf, size_t size);

/* The value of `key = value` in text (getversion), key ignoring case and
 * blanks around it; 1 found (non-empty), 0 not. */
int racadm_key_value(const char *text, const char *key, char *buf, size_t size);

/*
 * One line for a message, from what racadm printed on stdout and stderr:
 * the lines from the first "ERROR" on when there is one, else the last
 * three non-empty lines, joined with " / ", as a terminal shows them (no
 * ANSI escapes, no "\r" redraws: common/vendor-text.c).
 * "no output" when there was none.
 */
const char *racadm_summary(const char *out, const char *err, char *buf, size_t size);

/* Is "6.10" the same version as "6.10.30.00"?  Equal strings are; when one
 * has fewer dot-separated parts (mc info shows major.minor only), only
 * that many parts are compared, numerically where both are numbers. */
int racadm_version_same(const char *a, const char *b);

/*
 * Does racadm's answer (stdout, stderr) say the iDRAC is busy with other
 * work, so the call may succeed later (racadm-busy.c has the signals and
 * where they come from)?  1 with the line that says so in line, else 0
 * (line untouched).
 */
int racadm_busy(const char *out, const char *err, char *line, size_t size);

/*
 * The value of `racadm get GROUP.ATTR` (object: "iDRAC.NIC.Selection"):
 * the ATTR=value line after the [Key=...] line, without a " (Pending
 * Value=...)" note.  1 found (non-empty), 0 not.
 */
int racadm_get_value(const char *text, const char *object, char *buf, size_t size);

/* May value go back to `racadm set` as it is: 1-31 letters, digits, '.',
 * '-', '_', starting with a letter or digit ("Dedicated", "LOM1")? */
int racadm_value_word(const char *value);

/* ---- racadm.c: running it ---- */

/* Longest racadm call we wait for: an update uploads the package first. */
#define RACADM_UPDATE_TIMEOUT_MS (30u * 60u * 1000u)
/* A query (jobqueue view, getversion); remote racadm takes seconds. */
#define RACADM_QUERY_TIMEOUT_MS (120u * 1000u)

/*
 * `racadm get object`'s value into buf (racadm_get_value).  Returns 0, or
 * a negative code with why set (-FWD_E_BUSY as racadm_busy says, else
 * -FWD_E_TOOL_FAILED with racadm's words; the host's code when racadm
 * could not be run).  No error set.
 */
int racadm_get(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *object,
	       char *buf, size_t size, char *why, size_t why_size);

/* `racadm set object value`: 0 once racadm said "Object value modified",
 * else as racadm_get. */
int racadm_set(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *object,
	       const char *value, char *why, size_t why_size);

/*
 * Can racadm reach this target?  Out-of-band it needs the user and the
 * password (which racadm takes only on its command line).  Returns 0, or
 * -FWD_E_REFUSED with the error set.
 */
int racadm_target_ok(const struct fwd_host_api *host, struct fwd_ctx *ctx);
/* The same question, without setting an error: for optional racadm calls. */
int racadm_target_usable(const struct fwd_host_api *host, struct fwd_ctx *ctx);

/* Logs, out-of-band only, that the password goes on racadm's command
 * line and that in-band is preferred; once per process. */
void racadm_warn_out_of_band(const struct fwd_host_api *host, struct fwd_ctx *ctx);

/* For a dry run: records that step would run racadm with args (host->plan). */
int racadm_plan(const struct fwd_host_api *host, struct fwd_ctx *ctx, enum fwd_step step,
		const char *const *args, const char *what);

/*
 * Runs `racadm [-r HOST -u USER -p PASSWORD --nocertwarn] ARGS...`.
 * args is NULL-terminated (at most 16).  Same return and *res as
 * host->run_tool (release *res with host->tool_result_release).
 */
int racadm_run(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *const *args,
	       unsigned timeout_ms, struct fwd_tool_result *res);

/*
 * `racadm jobqueue view [-i JID]` read into a malloc'd array (*jobs,
 * *n; free() it).  Returns 0 (also for an empty queue), or a negative
 * code with a one-line reason in why (racadm's own text): -FWD_E_BUSY
 * when racadm answered that the iDRAC is busy (racadm_busy; why is that
 * line), -FWD_E_TOOL_FAILED for any other answer without a job block.
 */
int racadm_jobs_read(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *jid,
		     struct racadm_job **jobs, size_t *n, char *why, size_t why_size);

/*
 * `racadm getversion`: the values of "Bios Version", "iDRAC Version" and
 * "Lifecycle Controller Version" ("" when absent), and when raw is not
 * NULL racadm's whole output (malloc'd, NULL when there was none; free()
 * it, also after a failure).  Returns 0 when racadm answered with the
 * BIOS or the iDRAC version, else a negative code with a reason in why
 * (the host has set its error when racadm could not be run at all).
 */
struct racadm_versions {
	char bios[64];
	char idrac[64];
	char lifecycle[64];
};
int racadm_getversion(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		      struct racadm_versions *v, char **raw, char *why, size_t why_size);

#endif
