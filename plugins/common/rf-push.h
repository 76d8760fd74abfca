/*
 * rf-push.h: one push of the shared Redfish flow, planned, sent and
 * followed (rf-push.c); used by rf-flash.c only.
 *
 * Ownership: struct rf_push is the caller's, filled by rf_push_plan; it
 * borrows the profile, the request and its URL, which must outlive it.
 */
#ifndef FWDP_RF_PUSH_H
#define FWDP_RF_PUSH_H

#include "rf.h"

struct rf_push {
	const struct rf_vendor *v;
	enum fwd_part part;
	const struct fwd_flash_request *req; /* NULL for the preflight's plan */
	const char *apply_time;       /* the profile's for the part */
	struct rf_update_service us;
	const char *uri;              /* the URI pushed to, or SimpleUpdate's */
	const char *url;              /* the image's URL the BMC pulls, or NULL */
	int multipart;
	char target[256];             /* the one Targets entry, "" for [] */
};

/* Where and how to push part; refuses (error set) a service that cannot
 * take the push, nothing sent. */
int rf_push_plan(struct fwd_ctx *ctx, const struct rf_vendor *v, enum fwd_part part,
		 const struct fwd_flash_request *req, struct rf_push *p);

/*
 * The push and its task, on the steps given (the same step twice for a
 * push that has one).  *t says how it ended, task[task_size] gets the
 * task's URI ("" when the push named none).  A resumed run whose push is
 * being applied follows that task instead of pushing again.
 */
int rf_push_run(struct fwd_ctx *ctx, const struct fwd_flash_request *req,
		const struct rf_push *p, enum fwd_step upload_step, enum fwd_step task_step,
		struct fwd_json *result, struct fwd_redfish_task *t, char *task,
		size_t task_size);

/* For a dry run: the push and the task's follow, in the plan. */
int rf_push_dry_run(struct fwd_ctx *ctx, const struct rf_push *p, enum fwd_step upload_step,
		    enum fwd_step task_step);

/* The first task of the service in an active state (New, Starting,
 * Running, Pending): its URI and state, 1; 0 when none (at most 64 read). */
int rf_active_task(struct fwd_ctx *ctx, char *uri, size_t uri_size, char *state,
		   size_t state_size);

#endif
