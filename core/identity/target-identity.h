/*
 * target-identity.h: who the target is and which plugin handles it, the
 * first step of every command that talks to a BMC (update, backup,
 * restore, recover).
 *
 * In-band: the DMI of this machine (sysfs, or --dmi-file) plus the local
 * BMC's `mc info`.  Out-of-band: the remote BMC's `mc info` (this
 * machine's DMI says nothing about it), plus --dmi-file when given.
 */
#ifndef FWD_TARGET_IDENTITY_H
#define FWD_TARGET_IDENTITY_H

#include "plugin-host/choose.h"
#include "ipmi/target.h"
#include "identity/identity.h"
#include "plugin-host/plugins.h"

/* Where a command reads the identity from, and which plugins it may use. */
struct fwd_identify_opts {
	const char *plugin_dir;   /* --plugin-dir, or NULL for the default folder */
	const char *sysfs_root;   /* --sysfs-root, or NULL for /sys */
	const char *dmi_file;     /* --dmi-file: a dmidecode dump instead of sysfs */
	const char *plugin;       /* --plugin: this plugin whatever the scores, or NULL */
};

struct fwd_target_identity {
	struct fwd_identity_info info; /* owned */
	struct fwd_bmc_info bmc;       /* what mc info said */
	struct fwd_plugin_set plugins; /* owned */
	struct fwd_choice choice;      /* owned; choice.chosen is the plugin */
};

/*
 * Fills ti (always initialised, release it with fwd_target_identity_release).
 * need_bmc: 0 to go on without a BMC answer (recover, which must work when
 * the BMC is gone).  Returns 0, or a negative code with ctx's error set:
 * -FWD_E_REFUSED (no IPMI device in-band), -FWD_E_BMC_GONE, -FWD_E_NO_PLUGIN...
 */
int fwd_target_identify(struct fwd_ctx *ctx, const struct fwd_identify_opts *opts,
			const struct fwd_target_opts *target, int need_bmc,
			struct fwd_target_identity *ti);
void fwd_target_identity_release(struct fwd_target_identity *ti);

/* Is the in-band IPMI device there?  0, or -FWD_E_REFUSED naming the
 * kernel modules to load. */
int fwd_ipmi_device_present(struct fwd_ctx *ctx);

#endif
