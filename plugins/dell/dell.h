/*
 * dell.h: the dell plugin's internal interface (not installed).
 *
 * dell.c holds the entry point and the vtable; each entry point lives in
 * its own file: probe.c, versions.c (read_versions, backup), preflight.c,
 * flash-bmc.c, stage-bios.c, job-status.c, hints.c, nic.c (the NIC part of
 * the backup, check_settings).  racadm.[ch] and racadm-parse.c
 * run racadm and read its output; job.[ch] follow the jobs it creates.
 * On a Redfish target whose service is an iDRAC's, dell.c sends every
 * entry point to the shared Redfish flow (plugins/common/rf.h) with the
 * iDRAC profile (idrac-profile.c); on-redfish.c has the probe's verdict
 * and the job status there, idrac-jobs.[ch] the job queue over Redfish,
 * idrac-nic.c the NIC part of the backup and check_settings there.
 */
#ifndef FWDP_DELL_H
#define FWDP_DELL_H

#include <fwdispatch/fwd_plugin.h>

#define DELL_NAME "dell"
#define DELL_VERSION "0.1.0"

/* The host table saved by the entry point; valid while loaded. */
const struct fwd_host_api *dell_host(void);

int dell_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
	       char *reason, size_t reason_size);
int dell_read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id, unsigned which,
		       struct fwd_versions *out);
/* preflight.c; dell_preflight_reset forgets what the last run's queue
 * showed (the entry point calls it). */
int dell_preflight(struct fwd_ctx *ctx, const struct fwd_identity *id, enum fwd_part part,
		   const struct fwd_flash_request *req);
void dell_preflight_reset(void);
int dell_backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup);
/* A Dell Update Package for the iDRAC (dell.c sends .hpm images to HPM.1). */
int dell_flash_bmc_vendor(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
			  struct fwd_json *result);
int dell_stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
		    const struct fwd_flash_request *req, struct fwd_json *result);
int dell_recovery_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
			struct fwd_json *hints);
/* nic.c: the iDRAC's NIC selection and failover, in the backup and back. */
int dell_backup_nic(struct fwd_ctx *ctx, struct fwd_json *backup);
int dell_check_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
			const struct fwd_json *saved, unsigned flags, struct fwd_json *result);
int dell_job_status(struct fwd_ctx *ctx, const struct fwd_identity *id, const char *job_id,
		    struct fwd_json *out);

/* on-redfish.c, idrac-profile.c: an iDRAC reached over Redfish. */
struct rf_vendor;
extern const struct rf_vendor dell_idrac_profile;
int dell_rf_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
		  char *reason, size_t reason_size);
int dell_rf_job_status(struct fwd_ctx *ctx, const char *job_id, struct fwd_json *out);
/* idrac-nic.c: the standard Redfish backup and check plus the iDRAC's NIC
 * selection and failover (the backup's "nic", as nic.c saves it). */
int dell_rf_backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup);
int dell_rf_check_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
			   const struct fwd_json *saved, unsigned flags, struct fwd_json *result);

/* How long to follow a job: req->job_wait_s, else the default. */
unsigned dell_job_wait_s(const struct fwd_flash_request *req);

#endif
