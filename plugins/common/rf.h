/*
 * rf.h: the Redfish update flow every in-tree plugin can drive a Redfish
 * target with (not installed).
 *
 * The flow is the DMTF one: read the update service, push the image
 * (multipart with UpdateParameters, else HttpPushUri; or have the BMC pull
 * a URL through SimpleUpdate), follow the task it starts.  What a vendor's
 * service does differently is said in a profile, struct rf_vendor, that
 * the plugin passes to each entry point: data (Targets, apply times) and
 * optional hooks (extra preflight checks, UpdateParameters' Oem, a
 * vendor's own upload form, a step after the upload, a refused push explained, how the task is followed and
 * what a vanished task means, more recovery hints).  A NULL hook means the DMTF behaviour.
 *
 * Everything goes through the host's Redfish client (host->redfish...):
 * the flow never sees a socket, a certificate or the password.  The host
 * table is the one the plugin's entry point saved with fwdp_host_set
 * (host.h), after checking fwdp_host_redfish.
 *
 * Files: rf-service.c reads the service (and the versions), rf-push.c
 * plans, sends and follows one push, rf-flash.c the entry points that
 * flash, stage and check, rf-backup.c the settings saved and put back,
 * rf-hints.c the recovery hints, rf-plugin.c the entry points of a
 * Redfish-only plugin.  The profiles live with their plugins
 * (plugins/redfish: DMTF; plugins/dell: iDRAC; plugins/supermicro: X12
 * and later; plugins/hpe: iLO 5 and 6; plugins/lenovo: XCC).
 */
#ifndef FWDP_RF_H
#define FWDP_RF_H

#include <fwdispatch/fwd_plugin.h>
#include <stddef.h>

#include "host.h"

/* How long a task may run (unless --job-timeout): a BMC writes its flash
 * in minutes. */
#define RF_TASK_TIMEOUT_S 1800u

/* The host table the plugin's entry point saved. */
static inline const struct fwd_host_api *rf_host(void)
{
	return fwdp_host();
}

/* ---- the vendor profile ---- */

/* How UpdateParameters' Targets is filled. */
enum rf_targets {
	RF_TARGETS_INVENTORY = 0, /* the part's firmware inventory entry, [] when none */
	RF_TARGETS_EMPTY,         /* always []: the image names its component (iDRAC) */
	RF_TARGETS_WILDCARD,      /* [wildcard] (a service that takes a pattern) */
	RF_TARGETS_FIXED          /* [target_bmc] or [target_bios]: the vendor's URIs */
};

/* One task being followed, as a hook sees it. */
struct rf_follow {
	enum fwd_part part;           /* FWD_PART_BMC or FWD_PART_BIOS */
	enum fwd_step step;           /* where the task's progress is recorded */
	const char *task;             /* the task's URI */
	unsigned wait_s;              /* at most this long */
	struct fwd_json *result;      /* the entry point's result (borrowed) */
	const struct fwd_flash_request *req; /* the request (borrowed) */
};

struct rf_vendor {
	const char *name;             /* in messages: "DMTF", "Dell iDRAC" */
	enum rf_targets targets;
	const char *wildcard;         /* with RF_TARGETS_WILDCARD */
	const char *target_bmc;       /* with RF_TARGETS_FIXED */
	const char *target_bios;
	const char *apply_bmc;        /* @Redfish.OperationApplyTime for the BMC */
	const char *apply_bios;       /* and for the BIOS */

	/* Each hook may be NULL.  Each returns 0 or a negative FWD_E_* with
	 * the error set. */

	/* More checks of the preflight, after the flow's own (the service
	 * takes the push, no task runs).  Changes nothing. */
	int (*preflight)(struct fwd_ctx *ctx, enum fwd_part part,
			 const struct fwd_flash_request *req);
	/* Adds members (Oem) to UpdateParameters, from the request's flags
	 * (req may be NULL: the preflight's plan); also called for a dry
	 * run's plan. */
	int (*parameters)(struct fwd_ctx *ctx, enum fwd_part part,
			  const struct fwd_flash_request *req, struct fwd_json *params);
	/* Pushes the image to the HttpPushUri in place of the DMTF push (the
	 * bare image): a vendor's own form (iLO).  f->task is "" here; the
	 * answer goes into *a; returns as host->redfish_push.  With a
	 * MultipartHttpPushUri the DMTF push is used. */
	int (*push)(struct fwd_ctx *ctx, const struct rf_follow *f, const char *uri,
		    struct fwd_redfish_answer *a);
	/* For a dry run: push's request in the plan, on step. */
	void (*push_plan)(struct fwd_ctx *ctx, enum fwd_part part, enum fwd_step step,
			  const char *uri);
	/* After the service took the image, before its task is followed (a
	 * vendor's verify task and StartUpdate): a is the push's answer
	 * (borrowed), f->task the task it named ("" none) and f->step the
	 * upload's step; writes the task the flow follows next into
	 * task[task_size] ("" none). */
	int (*after_upload)(struct fwd_ctx *ctx, const struct rf_follow *f,
			    const struct fwd_redfish_answer *a, char *task, size_t task_size);
	/* For a dry run: adds after_upload's requests to the plan, on the
	 * upload's step. */
	void (*after_upload_plan)(struct fwd_ctx *ctx, enum fwd_part part, enum fwd_step step);
	/* The service refused the push (ret, the error set, its answer in a):
	 * may set a clearer error of the vendor's own; returns the code the
	 * flow returns. */
	int (*refused)(struct fwd_ctx *ctx, enum fwd_part part,
		       const struct fwd_redfish_answer *a, int ret);
	/* Follows the task in place of host->redfish_task (a vendor job that
	 * waits scheduled), filling *t as it would. */
	int (*follow)(struct fwd_ctx *ctx, const struct rf_follow *f,
		      struct fwd_redfish_task *t);
	/* The task vanished (t->outcome FWD_REDFISH_TASK_GONE): find out how
	 * it ended elsewhere (a vendor job), else leave t as it is. */
	int (*task_gone)(struct fwd_ctx *ctx, const struct rf_follow *f,
			 struct fwd_redfish_task *t);
	/* Appends the vendor's recovery hints before the DMTF ones. */
	int (*hints)(struct fwd_ctx *ctx, struct fwd_json *hints);
};

/* ---- rf-service.c: reading the service ---- */

/* GET path into *a (released by the caller); 0 or the host's code. */
int rf_get(struct fwd_ctx *ctx, const char *path, struct fwd_redfish_answer *a);
/* The task an answer names: its Location (from the path on), else the
 * body's @odata.id; "" when neither is a path. */
void rf_task_of(const struct fwd_redfish_answer *a, char *out, size_t size);
/* A string member of obj, or NULL. */
const char *rf_text(const struct fwd_json *obj, const char *key);
/* Members[i]["@odata.id"] of a collection, or NULL. */
const char *rf_member(const struct fwd_json *coll, size_t i);
/* The number of Members of a collection. */
size_t rf_members(const struct fwd_json *coll);

/* The manager of ManagerType BMC (else the first): its URI into uri. */
int rf_manager(struct fwd_ctx *ctx, char *uri, size_t size);
/* The first computer system's URI. */
int rf_system(struct fwd_ctx *ctx, char *uri, size_t size);

/* What the update service offers. */
struct rf_update_service {
	int enabled;                  /* ServiceEnabled (1 when not said) */
	char multipart[256];          /* MultipartHttpPushUri, "" none */
	char push[256];               /* HttpPushUri, "" none */
	char simple[256];             /* SimpleUpdate's target, "" none */
	char start[256];              /* StartUpdate's target, "" none */
	long long max_bytes;          /* MaxImageSizeBytes, -1 not said */
	char inventory[256];          /* FirmwareInventory, "" none */
};
int rf_update_service(struct fwd_ctx *ctx, struct rf_update_service *out);

/* The inventory URI and Version of the BMC's or the BIOS's firmware
 * (part FWD_PART_BMC or FWD_PART_BIOS): 0, or -FWD_E_NOT_IMPLEMENTED
 * with the error set when the inventory has none. */
int rf_inventory_find(struct fwd_ctx *ctx, const struct rf_update_service *us,
		      enum fwd_part part, char *uri, size_t uri_size, char *version,
		      size_t version_size);

/* ---- the entry points, for any plugin's vtable ---- */
int rf_read_versions(struct fwd_ctx *ctx, unsigned which, struct fwd_versions *out);
int rf_backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup);
int rf_check_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
		      const struct fwd_json *saved, unsigned flags, struct fwd_json *result);
int rf_preflight(struct fwd_ctx *ctx, const struct rf_vendor *v, enum fwd_part part,
		 const struct fwd_flash_request *req);
int rf_flash_bmc(struct fwd_ctx *ctx, const struct rf_vendor *v,
		 const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
		 struct fwd_json *result);
int rf_stage_bios(struct fwd_ctx *ctx, const struct rf_vendor *v,
		  const struct fwd_flash_request *req, struct fwd_json *result);
int rf_recovery_hints(struct fwd_ctx *ctx, const struct rf_vendor *v, struct fwd_json *hints);

/* ---- rf-plugin.c: the entry points of a plugin that updates over Redfish
 * only (hpe, lenovo): its vtable points at these.  rf_plugin_use, in the
 * entry point, names the profile and the words for "use --redfish" that
 * every entry point refuses with on a target that is not a Redfish one. */
void rf_plugin_use(const struct rf_vendor *v, const char *why_redfish);
int rf_plugin_read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id, unsigned which,
			    struct fwd_versions *out);
int rf_plugin_preflight(struct fwd_ctx *ctx, const struct fwd_identity *id, enum fwd_part part,
			const struct fwd_flash_request *req);
int rf_plugin_backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup);
int rf_plugin_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
			const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
			struct fwd_json *result);
int rf_plugin_stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
			 const struct fwd_flash_request *req, struct fwd_json *result);
int rf_plugin_recovery_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
			     struct fwd_json *hints);
int rf_plugin_check_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
			     const struct fwd_json *saved, unsigned flags, struct fwd_json *result);

#endif
