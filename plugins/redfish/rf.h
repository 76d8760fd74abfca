/*
 * rf.h: the redfish plugin's internal interface (not installed).
 *
 * The plugin for a BMC reached through a standard DMTF Redfish service,
 * when no vendor plugin claims it.  Everything goes through the host's
 * Redfish client (host->redfish...): the plugin never sees a socket, a
 * certificate or the password.  redfish.c holds the entry point, the
 * vtable, the probe and the versions; service.c reading the service;
 * backup.c the settings saved and put back; flash.c the pushes; hints.c
 * the recovery hints.
 */
#ifndef FWDP_RF_H
#define FWDP_RF_H

#include <fwdispatch/fwd_plugin.h>
#include <stddef.h>

#define RF_NAME "redfish"
#define RF_VERSION "0.1.0"

/* Below any vendor plugin that claims the same BMC, above nothing. */
#define RF_SCORE 30

/* How long a task may run (unless --job-timeout): a BMC writes its flash
 * in minutes. */
#define RF_TASK_TIMEOUT_S 1800u

/* The host table saved by the entry point; valid while loaded. */
const struct fwd_host_api *rf_host(void);

/* ---- service.c ---- */

/* GET path into *a (released by the caller); 0 or the host's code. */
int rf_get(struct fwd_ctx *ctx, const char *path, struct fwd_redfish_answer *a);
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

/* ---- the entry points ---- */
int rf_backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup);
int rf_check_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
		      const struct fwd_json *saved, unsigned flags, struct fwd_json *result);
int rf_preflight(struct fwd_ctx *ctx, const struct fwd_identity *id, enum fwd_part part,
		 const struct fwd_flash_request *req);
int rf_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
		 const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
		 struct fwd_json *result);
int rf_stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
		  const struct fwd_flash_request *req, struct fwd_json *result);
int rf_recovery_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
		      struct fwd_json *hints);

#endif
