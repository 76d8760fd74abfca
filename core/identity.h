/*
 * identity.h: who the machine is, from SMBIOS and from its BMC.
 *
 * Reads /sys/class/dmi/id (or a copy under --sysfs-root) or a dmidecode
 * text dump, and normalises every field: trimmed, and NULL when absent,
 * empty or a placeholder.  The BMC part is filled from `ipmitool mc info`
 * and `ipmitool fru print` output by the out-of-band commands.
 */
#ifndef FWD_IDENTITY_H
#define FWD_IDENTITY_H

#include <fwdispatch/fwd_plugin.h>
#include <jansson.h>
#include <stddef.h>

/* The public identity plus the storage behind its strings. */
struct fwd_identity_info {
	struct fwd_identity id;  /* strings point into owned copies */
	char *owned[24];         /* every string this struct allocated */
	size_t n_owned;
};

void fwd_identity_init(struct fwd_identity_info *info);
void fwd_identity_release(struct fwd_identity_info *info);

/*
 * root replaces "/sys": fields come from ROOT/class/dmi/id/{board_vendor,
 * board_name, sys_vendor, product_name, product_sku, bios_vendor,
 * bios_version, bios_date, chassis_type}.  NULL means "/sys".
 * Returns 0, or -FWD_E_BAD_INPUT with err set when there is no DMI data
 * at all or it is not text.
 */
int fwd_identity_read_sysfs(struct fwd_identity_info *info, const char *root,
			    char *err, size_t err_size);

/* Parses what `dmidecode > FILE` wrote.  Returns 0 or -FWD_E_BAD_INPUT
 * (empty, binary, not a dmidecode dump, no usable record) with err set. */
int fwd_identity_read_dmidecode(struct fwd_identity_info *info, const char *path,
				char *err, size_t err_size);
int fwd_identity_parse_dmidecode(struct fwd_identity_info *info, const char *text,
				 size_t len, char *err, size_t err_size);

/* Sets one field (NULL, empty or a placeholder leaves it NULL); used by
 * the readers and the tests.  field is the sysfs file name, e.g.
 * "board_vendor".  Returns 0, -EINVAL for an unknown field, -ENOMEM. */
int fwd_identity_set(struct fwd_identity_info *info, const char *field, const char *value);

/* The value with surrounding space trimmed, or NULL when it is a
 * placeholder.  Writes into buf. */
const char *fwd_identity_normalise(const char *value, char *buf, size_t size);

/* Fills the BMC part from `ipmitool mc info` / `ipmitool fru print` output.
 * Returns 0 or -FWD_E_BAD_INPUT when the text has no Manufacturer ID. */
int fwd_identity_parse_mc_info(struct fwd_identity_info *info, const char *text);
int fwd_identity_parse_fru(struct fwd_identity_info *info, const char *text);

/* Does the identity hold anything to go on? */
int fwd_identity_is_empty(const struct fwd_identity *id);

/* A new JSON object with every field (null when absent). */
json_t *fwd_identity_to_json(const struct fwd_identity *id);

#endif
