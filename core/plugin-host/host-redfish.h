/*
 * host-redfish.h: the Redfish services of the host's table (fwd_plugin.h,
 * since 2.6), adapters over redfish/redfish.h; host-api.c puts them in
 * the table.
 */
#ifndef FWD_HOST_REDFISH_H
#define FWD_HOST_REDFISH_H

#include <fwdispatch/fwd_plugin.h>

int fwd_host_redfish(struct fwd_ctx *ctx, const char *method, const char *path,
		     const struct fwd_json *body, const char *if_match, unsigned flags,
		     struct fwd_redfish_answer *out);
void fwd_host_redfish_answer_release(struct fwd_redfish_answer *answer);
int fwd_host_redfish_push(struct fwd_ctx *ctx, enum fwd_step step, const char *uri,
			  const struct fwd_json *params, const char *image_path,
			  struct fwd_redfish_answer *out);
int fwd_host_redfish_push_form(struct fwd_ctx *ctx, enum fwd_step step, const char *uri,
			       const struct fwd_redfish_field *fields, size_t n_fields,
			       const char *image_path, struct fwd_redfish_answer *out);
int fwd_host_redfish_task(struct fwd_ctx *ctx, enum fwd_step step, const char *task_uri,
			  unsigned timeout_s, struct fwd_redfish_task *out);
void fwd_host_redfish_plan(struct fwd_ctx *ctx, enum fwd_step step, const char *method,
			   const char *path, const struct fwd_json *body, const char *what);

#endif
