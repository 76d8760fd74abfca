/*
 * supermicro.h: the supermicro plugin's internal interface (not
 * installed).  supermicro.c holds the entry point and the vtable; each
 * entry point lives in its own file:
 *
 *   probe.c       probe
 *   versions.c    read_versions, backup
 *   preflight.c   preflight: the checks before anything changes
 *   flash-bmc.c   flash_bmc (HPM.1, or sum -c UpdateBmc)
 *   stage-bios.c  stage_bios (sum -c UpdateBios)
 *   hints.c       recovery_hints
 *   board.c       what is known of particular boards
 *   nic-mode.c    the BMC's LAN interface mode (OEM IPMI command)
 *   settings.c    check_settings: the NIC mode saved against now
 *   sum*.c        driving sum (sum.h)
 *
 * On a Redfish target whose service is a Supermicro X12 or later BMC's,
 * supermicro.c sends every entry point to the shared Redfish flow
 * (plugins/common/rf.h) with the Supermicro profile: on-redfish.c has the
 * probe's verdict there, smc-profile.c the profile (UpdateParameters' Oem,
 * the preflight, the refusals explained), smc-start.c the verify task and
 * StartUpdate after the upload.
 */
#ifndef FWDP_SUPERMICRO_H
#define FWDP_SUPERMICRO_H

#include <fwdispatch/fwd_plugin.h>

#define SM_NAME "supermicro"
#define SM_VERSION "0.2.0"

/* The host table saved by the entry point; valid while loaded. */
const struct fwd_host_api *sm_host(void);

int sm_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
	     char *reason, size_t reason_size);
int sm_read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id, unsigned which,
		     struct fwd_versions *out);
int sm_preflight(struct fwd_ctx *ctx, const struct fwd_identity *id, enum fwd_part part,
		 const struct fwd_flash_request *req);
int sm_backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup);
int sm_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
		 const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
		 struct fwd_json *result);
int sm_stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
		  const struct fwd_flash_request *req, struct fwd_json *result);
int sm_check_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
		      const struct fwd_json *saved, unsigned flags, struct fwd_json *result);
int sm_recovery_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
		      struct fwd_json *hints);

/* The board's name for messages (board, FRU board, product), or NULL.
 * Borrowed from id. */
const char *sm_board_name(const struct fwd_identity *id);

/* The board for "get the image for ...": "Supermicro NAME", else "this board (BMC
 * product ID 0x0884)", else "this board"; written into buf. */
const char *sm_board_label(const struct fwd_identity *id, char *buf, size_t size);

/* The name of a board known to reject sum's --preserve_setting when id is
 * one, else NULL.  Static string. */
const char *sm_board_rejects_preserve(const struct fwd_identity *id);

/* Do a running BMC version ("1.72", as mc info prints it) and a version
 * ("1.72", "01.72.13") name the same major.minor? */
int sm_same_version(const char *running, const char *version);

/* ---- on-redfish.c, smc-profile.c, smc-start.c: a BMC reached over Redfish ---- */
struct rf_vendor;
struct rf_follow;
extern const struct rf_vendor sm_redfish_profile;
int sm_rf_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
		char *reason, size_t reason_size);
/* Oem.Supermicro.BMC or .BIOS for part, from the request's flags (a new
 * JSON object, the caller's). */
struct fwd_json *sm_rf_preserve(enum fwd_part part, unsigned flags);
/* The profile's after_upload: the verify task, then StartUpdate; and its
 * dry run's plan. */
int sm_rf_after_upload(struct fwd_ctx *ctx, const struct rf_follow *f,
		       const struct fwd_redfish_answer *a, char *task, size_t task_size);
void sm_rf_after_upload_plan(struct fwd_ctx *ctx, enum fwd_part part, enum fwd_step step);
/* The profile's follow hook: a verify task followed (a resumed run's) goes
 * on to StartUpdate. */
struct fwd_redfish_task;
int sm_rf_follow(struct fwd_ctx *ctx, const struct rf_follow *f, struct fwd_redfish_task *t);
/* smc-hints.c: the profile's recovery hints, before the DMTF ones. */
int sm_rf_hints(struct fwd_ctx *ctx, struct fwd_json *hints);

/* ---- nic-mode.c ---- */

/* "dedicated", "shared", "failover", else "0xNN" written into buf. */
const char *sm_nic_mode_name(int mode, char *buf, size_t size);
/* The mode a name (as sm_nic_mode_name gives it) stands for, or -1. */
int sm_nic_mode_value(const char *name);
/* The mode in `ipmitool raw 0x30 0x70 0x0c 0`'s output (" 00"), or -1. */
int sm_nic_mode_parse(const char *out);
/* The completion code in ipmitool's "Unable to send RAW command (...
 * rsp=0xc1): ..." message, or -1 when there is none. */
int sm_ipmi_completion_code(const char *err);

/*
 * Reads the mode into *mode.  Returns 0; 1 when the BMC answered with an
 * error completion code (it has no such command: not readable, no
 * failure), why[] saying so; a negative code with the error set when
 * ipmitool could not ask or the answer is unreadable.
 */
int sm_nic_mode_read(const struct fwd_host_api *host, struct fwd_ctx *ctx, int *mode,
		     char *why, size_t why_size);
/* Sets the mode; 0, or a negative code with the error set. */
int sm_nic_mode_set(const struct fwd_host_api *host, struct fwd_ctx *ctx, int mode);

#endif
