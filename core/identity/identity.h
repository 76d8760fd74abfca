/*
 * identity.h: who the machine is, from SMBIOS and from its BMC.
 *
 * Reads /sys/class/dmi/id (or a copy under --sysfs-root) or a dmidecode
 * text dump, and normalises every field: trimmed, and NULL when absent,
 * empty or a placeholder.  The BMC part is filled from `ipmitool mc info`
 * and `ipmitool fru print` output by the out-of-band commands.
 *
 * Sources: identity.c (the structure, normalisation, JSON),
 * identity-sysfs.c, identity-dmidecode.c, identity-bmc.c.
 *
 * Ownership: a struct fwd_identity_info owns every string its id points
 * to; fwd_identity_release() frees them.  The id may be handed to plugins
 * as long as the info lives.
 */
#ifndef FWD_IDENTITY_H
#define FWD_IDENTITY_H

#include <fwdispatch/fwd_plugin.h>
#include <jansson.h>
#include <stddef.h>

#include "util/error.h"

/* The text fields of struct fwd_identity, in the order of its members. */
enum fwd_identity_field {
	FWD_ID_BOARD_VENDOR,
	FWD_ID_BOARD_NAME,
	FWD_ID_SYS_VENDOR,
	FWD_ID_PRODUCT_NAME,
	FWD_ID_PRODUCT_SKU,
	FWD_ID_BIOS_VENDOR,
	FWD_ID_BIOS_VERSION,
	FWD_ID_BIOS_DATE,
	FWD_ID_BMC_FIRMWARE,
	FWD_ID_FRU_BOARD_VENDOR,
	FWD_ID_FRU_BOARD_NAME,
	FWD_ID_FRU_PRODUCT_NAME,
	FWD_ID_SERVICE_VENDOR,
	FWD_ID_SERVICE_PRODUCT,
	FWD_ID_MANAGER_MODEL,
	FWD_ID_N_TEXT
};

/* The longest value kept, in bytes; longer ones are cut (SMBIOS strings
 * are short: anything longer is not a name). */
#define FWD_ID_VALUE_MAX 255

/* The public identity plus the storage behind its strings. */
struct fwd_identity_info {
	struct fwd_identity id;         /* strings point into owned[] (source: a literal) */
	char *owned[FWD_ID_N_TEXT];     /* owned copies, indexed by enum fwd_identity_field */
};

/* An empty identity: every field NULL, source "none". */
void fwd_identity_init(struct fwd_identity_info *info);
/* Frees the owned strings and leaves an empty identity behind. */
void fwd_identity_release(struct fwd_identity_info *info);

/*
 * root replaces "/sys" (NULL means "/sys"): fields come from
 * ROOT/class/dmi/id/{board_vendor, board_name, sys_vendor, product_name,
 * product_sku, bios_vendor, bios_version, bios_date, chassis_type}; a
 * missing file is an absent field.
 * A ROOT without class/dmi/id is a machine without DMI (ARM boards,
 * some VMs): that returns 0 with source "none" and an empty identity,
 * so the caller reports "no plugin for this machine".
 * Returns -FWD_E_BAD_INPUT with err set when ROOT is not a folder, or a
 * field file is not text (NUL bytes, over 4 KiB, chassis_type not a
 * number).
 */
int fwd_identity_read_sysfs(struct fwd_identity_info *info, const char *root,
			    struct fwd_err *err);

/*
 * Parses what `dmidecode > FILE` wrote: any dmidecode version's layout
 * (1.x "... Information Block", 2.x "Handle" then an indented "DMI type"
 * line, 3.x "Handle 0x0001, DMI type 1, 27 bytes"), partial dumps from
 * `dmidecode -t ...` or `-q`, CRLF line ends.  Only the first record of
 * types 0 (BIOS), 1 (System), 2 (Base Board) and 3 (Chassis) is read.
 * A dump saying dmidecode found no SMBIOS at all gives an empty identity.
 * A file cut short (no final newline) is refused when the cut falls in
 * one of those records; a cut further on loses nothing and is read.
 * Returns 0 (source "dmidecode") or -FWD_E_BAD_INPUT with err set: missing
 * or unreadable file, a folder, empty, over FWD_DMI_FILE_MAX, binary,
 * UTF-16, not a dmidecode dump, cut short, or a dump without any of
 * those records.  On failure info is left as it was.
 * path "-" reads standard input.
 */
#define FWD_DMI_FILE_MAX (4u << 20)
int fwd_identity_read_dmidecode(struct fwd_identity_info *info, const char *path,
				struct fwd_err *err);
/* The same for text in memory (len bytes, need not be NUL-terminated);
 * messages name it "input". */
int fwd_identity_parse_dmidecode(struct fwd_identity_info *info, const char *text,
				 size_t len, struct fwd_err *err);

/*
 * Sets one field; value NULL, empty or a placeholder leaves it NULL.
 * field is the sysfs file name ("board_vendor", ..., "chassis_type",
 * which takes a number or a dmidecode chassis name such as "Rack Mount
 * Chassis") or one of "bmc_firmware", "fru_board_vendor",
 * "fru_board_name", "fru_product_name".  The value is copied.
 * Returns 0, -EINVAL for an unknown field, -ENOMEM.
 */
int fwd_identity_set(struct fwd_identity_info *info, const char *field, const char *value);

/*
 * The value trimmed of spaces, tabs, CR and LF, cut to fit size (and
 * FWD_ID_VALUE_MAX), invalid UTF-8 bytes replaced by '?': written into
 * buf and returned.  NULL (buf untouched or empty) when value is NULL,
 * empty, holds a control character, or is a placeholder: "To Be Filled
 * By O.E.M.", "Default string", "Not Specified", "System Product Name",
 * "0123456789", "Type1ProductConfigId", all dots... (the list and why
 * each is there: identity.c), compared without regard to case.
 */
const char *fwd_identity_normalise(const char *value, char *buf, size_t size);

/* SMBIOS chassis type: the code for a dmidecode name ("Rack Mount
 * Chassis", any case, or a number), 0 when unknown; and the name of a
 * code, NULL when out of range. */
int fwd_chassis_type_from_name(const char *name);
const char *fwd_chassis_type_name(int code);

/*
 * Fills the BMC part from `ipmitool mc info` output: Manufacturer ID,
 * Product ID ("2390 (0x0956)"), Device ID, Firmware Revision; sets
 * bmc_known.  Returns 0 or -FWD_E_BAD_INPUT when the text has no
 * numeric Manufacturer ID (nothing is changed then).
 */
int fwd_identity_parse_mc_info(struct fwd_identity_info *info, const char *text);
/*
 * Copies what host->bmc_info() learnt (struct fwd_bmc_info, fwd_plugin.h)
 * into the BMC part and sets bmc_known; an identity without SMBIOS
 * (source "none") becomes source "bmc".  Returns 0 or -ENOMEM.
 */
int fwd_identity_set_bmc(struct fwd_identity_info *info, const struct fwd_bmc_info *bmc);

/*
 * A Redfish target (identity-redfish.c): the service root's Vendor and
 * Product, the manager's firmware and Model (also into *bmc), the first
 * system's Manufacturer, Model, SKU and BiosVersion; source "redfish".
 * Returns 0, or a negative code with ctx's error set (no answer, no
 * Redfish service, no manager).
 */
struct fwd_ctx;
int fwd_identity_read_redfish(struct fwd_ctx *ctx, struct fwd_identity_info *info,
			      struct fwd_bmc_info *bmc);
/* Fills fru_board_vendor, fru_board_name and fru_product_name from the
 * first FRU device of `ipmitool fru print` (the builtin one, ID 0).
 * Returns 0 or -FWD_E_BAD_INPUT when it has none of them. */
int fwd_identity_parse_fru(struct fwd_identity_info *info, const char *text);

/* Does the identity hold nothing to go on (no SMBIOS field, no BMC)? */
int fwd_identity_is_empty(const struct fwd_identity *id);

/*
 * The board as people know it, "Vendor Model" ("Supermicro X11SSH-F",
 * "Dell Inc. PowerEdge R640"), for messages that name the board beside
 * its IDs: the base board's vendor and name, or the system's when the
 * board's name is only a part number or missing; without SMBIOS the same
 * from the BMC's FRU.  Written into buf and returned; NULL (buf "") when
 * the identity names no model at all.
 */
const char *fwd_identity_board_label(const struct fwd_identity *id, char *buf, size_t size);

/* The same from what fwd_identity_to_json() wrote (a backup's "identity"). */
const char *fwd_identity_board_label_json(const json_t *identity, char *buf, size_t size);

/* A new JSON object: source, board_vendor, board_name, sys_vendor,
 * product_name, product_sku, bios_vendor, bios_version, bios_date,
 * chassis_type (number), and bmc: {manufacturer_id, product_id,
 * device_id, firmware, fru_board_vendor, fru_board_name,
 * fru_product_name} or null; absent values are null.  NULL on out of
 * memory.  The caller owns the reference. */
json_t *fwd_identity_to_json(const struct fwd_identity *id);

/*
 * The identity from dmi_file (a dmidecode dump) when given, else from
 * sysfs under sysfs_root (NULL: /sys); giving both is an error.  Returns 0
 * or a negative code with ctx's error set; info is initialised either way.
 */
struct fwd_ctx;
int fwd_identity_read(struct fwd_ctx *ctx, const char *dmi_file, const char *sysfs_root,
		      struct fwd_identity_info *info);

#endif
