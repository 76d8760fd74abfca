/*
 * job.c: racadm update, and finding and following the job it made
 * (see job.h).
 */
#include "job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "match.h"

#define LOCATE_TRIES 3

unsigned dell_poll_ms(unsigned wait_s)
{
	unsigned ms = wait_s * 50u;

	return ms < 1000u ? 1000u : ms > 5000u ? 5000u : ms;
}

void dell_job_snapshot_take(const struct fwd_host_api *host, struct fwd_ctx *ctx,
			    struct dell_job_snapshot *s)
{
	struct racadm_job *jobs;
	char why[256];
	size_t n;

	memset(s, 0, sizeof(*s));
	if (racadm_jobs_read(host, ctx, NULL, &jobs, &n, why, sizeof(why)) != 0) {
		host->log(ctx, FWD_LOG_INFO, "cannot read the iDRAC job queue before the update "
			  "(%s): the new job will be known by its ID, or its name", why);
		free(jobs);
		return;
	}
	s->ids = calloc(n ? n : 1, sizeof(*s->ids));
	if (!s->ids) {
		free(jobs);
		return;
	}
	for (size_t i = 0; i < n; i++)
		snprintf(s->ids[i], sizeof(s->ids[i]), "%s", jobs[i].id);
	s->n = n;
	s->known = 1;
	free(jobs);
}

void dell_job_snapshot_release(struct dell_job_snapshot *s)
{
	free(s->ids);
	memset(s, 0, sizeof(*s));
}

static int in_snapshot(const struct dell_job_snapshot *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (fwdp_ieq(s->ids[i], id))
			return 1;
	return 0;
}

int dell_update_run(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *file,
		    struct dell_update *u)
{
	const char *args[] = { "update", "-f", file, NULL };
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	int ret;

	memset(u, 0, sizeof(*u));
	u->exit_code = -1;
	ret = racadm_run(host, ctx, args, RACADM_UPDATE_TIMEOUT_MS, &res);
	racadm_summary(res.out, res.err, u->text, sizeof(u->text));
	if (ret) {
		host->tool_result_release(&res);
		return ret;
	}
	u->exit_code = res.signal ? -1 : res.exit_code;
	/* RAC987 is racadm's word that the job exists; its exit status is not. */
	if (!racadm_find_line(res.out ? res.out : "", "RAC987:", u->rac987, sizeof(u->rac987)))
		racadm_find_line(res.err ? res.err : "", "RAC987:", u->rac987, sizeof(u->rac987));
	if (u->rac987[0] && !racadm_find_jid(res.out ? res.out : "", u->jid))
		racadm_find_jid(res.err ? res.err : "", u->jid);
	/* No job, and racadm says why: the iDRAC is busy with other work. */
	if (!u->rac987[0] && racadm_busy(res.out, res.err, u->text, sizeof(u->text))) {
		host->tool_result_release(&res);
		return -FWD_E_BUSY;
	}
	host->tool_result_release(&res);
	return u->rac987[0] ? 0 : -FWD_E_FLASH;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Higher is a better match; -1: not a candidate. */
static int job_score(const struct racadm_job *j, const struct dell_job_snapshot *snap,
		     const char *file, const char *component)
{
	int score = 0;

	if (!racadm_is_jid(j->id) || (snap->known && in_snapshot(snap, j->id)))
		return -1;
	if (file && *file && (fwdp_icontains(j->name, file) || fwdp_icontains(j->message, file)))
		score += 2;
	if (component && fwdp_icontains(j->name, component))
		score += 1;
	return !snap->known && score == 0 ? -1 : score;
}

/* Job IDs have the same length: the larger string is the larger number,
 * and Dell numbers jobs by their creation time. */
static const struct racadm_job *pick_new_job(const struct racadm_job *jobs, size_t n,
					     const struct dell_job_snapshot *snap,
					     const char *file, const char *component)
{
	const struct racadm_job *best = NULL;
	int best_score = -1;

	for (size_t i = 0; i < n; i++) {
		int score = job_score(&jobs[i], snap, file, component);

		if (score < 0)
			continue;
		if (!best || score > best_score ||
		    (score == best_score && strcasecmp(jobs[i].id, best->id) > 0)) {
			best = &jobs[i];
			best_score = score;
		}
	}
	return best;
}

int dell_job_locate(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		    const struct dell_job_snapshot *snap, const char *file,
		    const char *component, unsigned wait_s, char jid[RACADM_JID_SIZE],
		    char *why, size_t why_size, struct racadm_job *found)
{
	const char *name = file ? base_name(file) : NULL;

	jid[0] = '\0';
	for (int attempt = 0; attempt < LOCATE_TRIES; attempt++) {
		const struct racadm_job *job;
		struct racadm_job *jobs;
		size_t n;
		int ret;

		if (attempt)
			host->sleep_ms(ctx, dell_poll_ms(wait_s));
		ret = racadm_jobs_read(host, ctx, NULL, &jobs, &n, why, why_size);
		if (ret == -FWD_E_TOOL_MISSING) {
			free(jobs);
			return ret;
		}
		job = ret ? NULL : pick_new_job(jobs, n, snap, name, component);
		if (job) {
			/* job_score() took only JIDs: 16 characters. */
			memcpy(jid, job->id, RACADM_JID_SIZE);
			if (found)
				*found = *job;
			free(jobs);
			return 0;
		}
		if (!ret)
			snprintf(why, why_size, "%s", snap->known ?
				 "no job in the queue that was not there before the update" :
				 "no job in the queue names the file or the component");
		free(jobs);
	}
	return -FWD_E_TOOL_FAILED;
}

void dell_job_note_began(const struct racadm_job *job, char *began, size_t size)
{
	if (began[0] || !racadm_job_began(job))
		return;
	if (job->percent > 0)
		snprintf(began, size, "%s at %d%%", job->status, job->percent);
	else
		snprintf(began, size, "%s", job->status);
}

int dell_job_follow(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *jid,
		    enum dell_follow_until until, unsigned wait_s, enum fwd_step step,
		    struct racadm_job *last, char *problem, size_t problem_size,
		    char *began, size_t began_size)
{
	uint64_t start = host->now_ms(ctx), bound = (uint64_t)wait_s * 1000u;
	unsigned poll = dell_poll_ms(wait_s);
	int last_percent = -2;

	memset(last, 0, sizeof(*last));
	last->percent = -1;
	problem[0] = '\0';
	for (;;) {
		const struct racadm_job *job = NULL;
		struct racadm_job *jobs;
		char why[256];
		uint64_t elapsed;
		size_t n;
		int ret;

		ret = racadm_jobs_read(host, ctx, jid, &jobs, &n, why, sizeof(why));
		if (ret == -FWD_E_TOOL_MISSING) {
			free(jobs);
			return ret;
		}
		if (!ret && !(job = racadm_find_job(jobs, n, jid)))
			snprintf(why, sizeof(why), "racadm's answer has no block for %s", jid);
		if (job) {
			enum racadm_job_state state = racadm_job_state(job->status);

			if (strcmp(job->status, last->status) != 0)
				host->log(ctx, FWD_LOG_INFO, "job %s: %s%s%s%s", jid, job->status,
					  job->message[0] ? " (" : "", job->message,
					  job->message[0] ? ")" : "");
			*last = *job;
			problem[0] = '\0';
			dell_job_note_began(job, began, began_size);
			if (job->percent >= 0 && job->percent != last_percent) {
				last_percent = job->percent;
				host->progress(ctx, step, (uint64_t)job->percent, 100);
			}
			free(jobs);
			if (state == RACADM_JOB_COMPLETED || state == RACADM_JOB_FAILED ||
			    (until == DELL_FOLLOW_TO_STAGED && state == RACADM_JOB_SCHEDULED))
				return 0;
		} else {
			/* The iDRAC may be restarting under its own update: look again. */
			snprintf(problem, problem_size, "%s", why);
			host->log(ctx, FWD_LOG_DEBUG, "job %s: no answer (%s); trying again", jid,
				  why);
			free(jobs);
		}
		elapsed = host->now_ms(ctx) - start;
		if (elapsed >= bound)
			return -FWD_E_TIMEOUT;
		host->sleep_ms(ctx, bound - elapsed < poll ? bound - elapsed : poll);
	}
}
