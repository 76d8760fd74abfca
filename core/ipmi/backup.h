/*
 * backup.h: saving what a BMC flash can lose, before anything is flashed.
 *
 * The generic part, for every plugin, read over IPMI with ipmitool:
 * `mc info`, the LAN channels (probing `channel info 1..11` for 802.3
 * LAN or Other LAN), each LAN channel's `lan print` and `user list` (plus `channel
 * getaccess` for the users' enable status), the DMI identity and BIOS
 * version, the power supplies and the SEL's power events (power.h, never
 * failing the backup); then the chosen plugin's own part (plugin->backup)
 * under "vendor".  Raw tool outputs are kept beside the parsed values.
 *
 * A Redfish target (--redfish) has no IPMI part: "bmc" is its manager's
 * identity (the IANA numbers 0, and "service_uuid": the service root's
 * UUID, which restore compares), "lan_channels" and "users" are empty,
 * "power" is null, and the plugin's part under "vendor" holds its network
 * settings and accounts (required: without it nothing would be saved).
 *
 * One JSON file per run, STATE_DIR/backups/<yyyymmddThhmmssZ>-<target>.json
 * (UTC; unsafe characters of the target replaced), mode 0600 in a 0700
 * folder, written atomically and fsynced (atomic-file.h); never replacing
 * an earlier one.  The document:
 *
 *   {"schema": "fwdispatch/backup/1", "created": "2025-01-31T12:00:00Z",
 *    "fwdispatch_version", "target": "HOST:PORT" | "local BMC (in-band)",
 *    "out_of_band": bool, "protocol": "ipmi" | "redfish", "plugin": name | null,
 *    "identity": fwd_identity_to_json, "bios_version": text | null,
 *    "bmc": {"manufacturer_id", "manufacturer_name", "product_id",
 *            "product_name", "device_id", "firmware", "aux": [4], "raw"},
 *    "channel_probe": [{"channel", "medium" | null, "error" | null}],
 *    "lan_channels": [{"channel", "medium", "settings": fwd_lan_to_json,
 *                      "raw": lan print, "channel_info_raw"}],
 *        (settings: {"ip_source": static|dhcp|bios|none|other, "ip",
 *         "netmask", "gateway", "vlan": 1-4094 or -1 for off, "mac"}; null
 *         where lan print did not say)
 *    "users": [{"channel", "users": fwd_lan_users_to_json, "raw": user list,
 *               "access_raw": channel getaccess | null}],
 *    "passwords": "not readable over IPMI: ...",
 *    "power": fwd_power_to_json (power.h): the supplies, the SEL's fill and
 *             power events | null,
 *    "vendor": the plugin's object | null, "vendor_note": text | null}
 */
#ifndef FWD_BACKUP_H
#define FWD_BACKUP_H

#include <jansson.h>
#include <stddef.h>

#include "util/ctx.h"
#include "ipmi/lan.h"
#include "util/buf.h"
#include "plugin-host/plugins.h"

#define FWD_BACKUP_SCHEMA "fwdispatch/backup/1"
/* A backup file larger than this is not one of ours. */
#define FWD_BACKUP_MAX_SIZE (16u << 20)

/*
 * Takes the backup of the target (ctx->target) and writes it under
 * state_dir/backups.  id: the identity as detected (may be NULL);
 * plugin: the chosen plugin (may be NULL: then no vendor part);
 * target_desc: fwd_target_describe()'s text; power: what the preflight's
 * power check read (fwd_power_to_json, copied), or NULL to read it here.
 * path_out gets the path of
 * the file written ("" on failure); with backup_out the document too (a
 * new reference).
 *
 * Returns 0, or -FWD_E_REFUSED with ctx's error set whenever the backup
 * is not complete and on disk: a setting that cannot be read, a plugin
 * backup that failed (a plugin answering -FWD_E_NOT_IMPLEMENTED is only
 * noted), a state folder that cannot be used, a full disk.  No partial
 * file is left under a backup's name.  Exit 3: an update stops before
 * anything is flashed.
 */
int fwd_backup_run(struct fwd_ctx *ctx, const char *state_dir, const struct fwd_identity *id,
		   const struct fwd_plugin_slot *plugin, const char *target_desc,
		   const json_t *power, struct fwd_buf *path_out, json_t **backup_out);

/*
 * A dry run: the reads fwd_backup_run would make, added to ctx's plan
 * (plan.h); plugin as for fwd_backup_run; power_known: the power check
 * read the power already (a note instead of its commands).  Returns 0, or an error when
 * ipmitool is missing.
 */
int fwd_backup_plan(struct fwd_ctx *ctx, const struct fwd_plugin_slot *plugin, int power_known);

/*
 * Reads and checks a backup file: a regular file under
 * FWD_BACKUP_MAX_SIZE holding one JSON object with our schema, a "bmc"
 * object with a manufacturer_id, and "lan_channels" whose channels and
 * settings are valid (fwd_lan_from_json).  Returns 0 with *out (a new
 * reference), or -FWD_E_BAD_INPUT with ctx's error saying what is wrong
 * (garbage, cut short, another schema...).
 */
int fwd_backup_load(struct fwd_ctx *ctx, const char *path, json_t **out);

/* fwd_lan_restore_from_backup() is in lan.h. */

#endif
