/*
 * supermicro.h: the supermicro plugin's internal interface (not
 * installed).  supermicro.c holds the entry point and the vtable; each
 * entry point lives in its own file:
 *
 *   probe.c       probe
 *   versions.c    read_versions, backup
 *   flash-bmc.c   preflight, flash_bmc (HPM.1, or sum -c UpdateBmc)
 *   stage-bios.c  stage_bios (sum -c UpdateBios)
 *   hints.c       recovery_hints
 *   board.c       what is known of particular boards
 *   sum*.c        driving sum (sum.h)
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

#endif
