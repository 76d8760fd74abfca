/*
 * hpe.h: the hpe plugin's internal interface (not installed).  hpe.c
 * holds the entry point and the vtable, whose entry points are the shared
 * Redfish-only ones (plugins/common/rf-plugin.c) with the iLO profile.
 *
 *   probe.c        probe: an iLO's service, or a ProLiant's SMBIOS
 *   ilo-profile.c  the iLO profile: no Targets or apply time of the
 *                  standard's, its own hints
 *   ilo-push.c     the upload form (sessionKey, parameters, files[]) and
 *                  the update followed in UpdateService's Oem.Hpe state
 */
#ifndef FWDP_HPE_H
#define FWDP_HPE_H

#include <fwdispatch/fwd_plugin.h>

#define HPE_NAME "hpe"
#define HPE_VERSION "0.1.0"

struct rf_vendor;
struct rf_follow;

/* The host table saved by the entry point; valid while loaded. */
const struct fwd_host_api *hpe_host(void);

int hpe_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
	      char *reason, size_t reason_size);

/* ilo-profile.c */
extern const struct rf_vendor hpe_ilo_profile;

/* ilo-push.c: the profile's push, its dry run's plan, and the update
 * followed after it (after_upload). */
int hpe_ilo_push(struct fwd_ctx *ctx, const struct rf_follow *f, const char *uri,
		 struct fwd_redfish_answer *a);
void hpe_ilo_push_plan(struct fwd_ctx *ctx, enum fwd_part part, enum fwd_step step,
		       const char *uri);
int hpe_ilo_after_upload(struct fwd_ctx *ctx, const struct rf_follow *f,
			 const struct fwd_redfish_answer *a, char *task, size_t task_size);

#endif
