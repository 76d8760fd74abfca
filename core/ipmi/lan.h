/*
 * lan.h: a BMC's LAN channels: finding them, reading their settings and
 * users, comparing settings with a backup, and putting them back.
 *
 * Everything goes through ipmitool on the target (fwd_tool_run with
 * FWD_TOOL_TARGET: the password travels in the environment):
 *   ipmitool channel info N     which channels are LAN (802.3 or Other LAN)
 *   ipmitool lan print N        IP source, address, mask, gateway, VLAN, MAC
 *   ipmitool user list N        the user table (no passwords: IPMI cannot read them)
 *   ipmitool channel getaccess N  the users' enable status, which user list lacks
 *   ipmitool lan set N ...      restoring
 * The parsers work on text (tests feed them real samples); the rest talks
 * to the BMC.  One header, four files: lan-parse.c (ipmitool's text),
 * lan-settings.c (names, comparison, JSON), lan-plan.c (the `lan set`
 * commands) and lan-restore.c (ipmitool on the target, the restore).
 *
 * Ownership: struct fwd_lan and struct fwd_lan_user are plain values;
 * arrays from fwd_lan_parse_users() are malloc'd and the caller free()s
 * them; JSON values returned are new references.
 */
#ifndef FWD_LAN_H
#define FWD_LAN_H

#include <jansson.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/ctx.h"

/* Channels probed for LAN media: 1-11 (0 is IPMB, 12-13 reserved,
 * 14 "this channel", 15 the system interface). */
#define FWD_LAN_FIRST_CHANNEL 1
#define FWD_LAN_LAST_CHANNEL 11

enum fwd_lan_ipsrc {
	FWD_LAN_IPSRC_UNKNOWN = 0, /* not printed, or not understood */
	FWD_LAN_IPSRC_NONE,        /* "Unspecified" */
	FWD_LAN_IPSRC_STATIC,      /* "Static Address" */
	FWD_LAN_IPSRC_DHCP,        /* "DHCP Address" */
	FWD_LAN_IPSRC_BIOS,        /* "BIOS Assigned Address" */
	FWD_LAN_IPSRC_OTHER,       /* "Other" */
};

/* The settings a restore puts back, as flags of what is known or differs. */
#define FWD_LAN_F_IP_SOURCE (1u << 0)
#define FWD_LAN_F_IP        (1u << 1)
#define FWD_LAN_F_NETMASK   (1u << 2)
#define FWD_LAN_F_GATEWAY   (1u << 3)
#define FWD_LAN_F_VLAN      (1u << 4)
#define FWD_LAN_F_ALL       0x1fu
#define FWD_LAN_F_MAC       (1u << 5)  /* read for identification, never set */

#define FWD_LAN_VLAN_OFF (-1)

struct fwd_lan {
	unsigned known;              /* FWD_LAN_F_* fields the text had */
	enum fwd_lan_ipsrc ip_source;
	char ip[16];                 /* dotted quad, normalised: "10.0.0.5" */
	char netmask[16];
	char gateway[16];
	int vlan;                    /* 1-4094, or FWD_LAN_VLAN_OFF */
	char mac[18];                /* "0c:c4:7a:6b:2e:31", lower case */
};

struct fwd_lan_user {
	unsigned id;
	char name[64];               /* as printed, trimmed; "" for an empty slot */
	int callin;                  /* 1 true, 0 false */
	int link_auth;
	int ipmi_msg;
	char privilege[32];          /* "ADMINISTRATOR", "NO ACCESS", "Unknown (0x00)", ... */
	int enabled;                 /* 1, 0, or -1 unknown (from channel getaccess) */
};

/* ---- Parsers (text in, values out; no BMC needed) ---- */

/*
 * `ipmitool channel info N`: writes the "Channel Medium Type" into medium
 * and returns 1 for a LAN channel ("802.3 LAN" or "Other LAN", the two
 * media ipmitool's `lan print` accepts), 0 for another medium, or
 * -FWD_E_BAD_INPUT when the text has no medium type or its "Channel 0xM
 * info:" heading names another channel than expected (ipmitool answers
 * channel 14 with the current channel's info).
 */
int fwd_lan_parse_channel_info(const char *text, unsigned expected_channel,
			       char *medium, size_t medium_size);

/*
 * `ipmitool lan print N`: fills out (known says which fields were there;
 * continuation lines " : ..." are skipped).  Returns 0, or
 * -FWD_E_BAD_INPUT when none of the five settings can be read.  A value
 * that cannot be read (an address that is not a dotted quad...) is left
 * out of known, so a restore refuses to guess it.
 */
int fwd_lan_parse_print(const char *text, struct fwd_lan *out);

/*
 * `ipmitool user list N`: the table's rows, parsed from the right (three
 * true/false columns, then the privilege text), so names with spaces or
 * no name at all are read right.  A slot a Lenovo BMC names "(Empty
 * User)" is an empty slot: its name is "".  *out is malloc'd (NULL when
 * there are no rows), *n its length.  Returns 0, -FWD_E_BAD_INPUT when
 * the text has no header or a row cannot be read, -ENOMEM.
 */
int fwd_lan_parse_users(const char *text, struct fwd_lan_user **out, size_t *n);

/*
 * `ipmitool channel getaccess N`: sets users[i].enabled from each block's
 * "Enable Status" ("enabled" 1, "disabled" 0, else -1) by "User ID".
 * Returns how many users it matched, each once: a user listed twice
 * whose blocks disagree is left unknown (-1).
 */
size_t fwd_lan_parse_access(const char *text, struct fwd_lan_user *users, size_t n);

/* ---- Values ---- */

/* "static", "dhcp", "bios", "none", "other", "unknown"; and back
 * (FWD_LAN_IPSRC_UNKNOWN for anything else). */
const char *fwd_lan_ipsrc_name(enum fwd_lan_ipsrc src);
enum fwd_lan_ipsrc fwd_lan_ipsrc_from_name(const char *name);

/* The name of one FWD_LAN_F_* flag: "ip_source", "ip", "netmask",
 * "gateway", "vlan", "mac". */
const char *fwd_lan_field_name(unsigned flag);

/* A strict dotted quad (four 0-255 decimals, at most three digits each),
 * normalised into out[16].  Returns 0 or -1. */
int fwd_lan_parse_ipv4(const char *s, char out[16]);

/* "0c:c4:7a:6b:2e:31", any case, exactly that shape, lower-cased into
 * out[18].  Returns 0 or -1. */
int fwd_lan_parse_mac(const char *s, char out[18]);

/* Whether the address, mask and gateway are settings of the channel: not
 * with DHCP or the BIOS, which hand them out. */
int fwd_lan_address_is_setting(enum fwd_lan_ipsrc src);

/*
 * The FWD_LAN_F_* settings in which now differs from backup.  Only what
 * the backup knows is compared.  With an address the BMC gets from DHCP
 * (or the BIOS), the address, mask and gateway are not settings and are
 * not compared; the source and the VLAN are.
 */
unsigned fwd_lan_compare(const struct fwd_lan *backup, const struct fwd_lan *now);

/* The names (fwd_lan_field_name) of the flags in differs, as a JSON array. */
json_t *fwd_lan_differs_to_json(unsigned differs);

/* {"ip_source", "ip", "netmask", "gateway", "vlan", "mac"}, unknown
 * fields null; and back: -FWD_E_BAD_INPUT with err filled when a value is
 * of the wrong type or out of range (a backup file is input). */
json_t *fwd_lan_to_json(const struct fwd_lan *lan);
int fwd_lan_from_json(const json_t *obj, struct fwd_lan *out, struct fwd_err *err);

/* [{"id", "name", "callin", "link_auth", "ipmi_msg", "privilege",
 * "enabled" (true/false/null)}] */
json_t *fwd_lan_users_to_json(const struct fwd_lan_user *users, size_t n);

/*
 * Whether a user of that JSON is a slot in use, worth showing a person: a
 * named user, an enabled one, or one with IPMI messaging on a channel
 * that grants it more than NO ACCESS.  (Empty slots of some BMCs have IPMI
 * messaging on, with no access.)
 */
int fwd_lan_user_json_in_use(const json_t *user);

/*
 * The `ipmitool lan set` commands that bring a channel back to backup,
 * for the fields in differs (fwd_lan_compare; FWD_LAN_F_ALL for all), in
 * this order: ipsrc, ipaddr, netmask, defgw ipaddr, vlan id V|off.  A
 * different source is set first and, for a static (or "none") source,
 * brings all three address fields with it; with DHCP (or BIOS) only the
 * source and the VLAN are set.  Each command is at most FWD_LAN_CMD_ARGS
 * strings ("lan", "set", "1", "ipaddr", "10.0.0.5", NULL); cmds has room
 * for FWD_LAN_MAX_CMDS.  Returns how many (0: nothing differs), or
 * -FWD_E_REFUSED with err filled when the backup cannot be restored with
 * ipmitool (source "other" or unknown, a static address without all its
 * fields).
 */
#define FWD_LAN_MAX_CMDS 6
#define FWD_LAN_CMD_ARGS 8
struct fwd_lan_cmd {
	const char *argv[FWD_LAN_CMD_ARGS];  /* point into buf or literals */
	char buf[3][24];
};
int fwd_lan_restore_plan(unsigned channel, const struct fwd_lan *backup, unsigned differs,
			 struct fwd_lan_cmd *cmds, struct fwd_err *err);

/* Appends "ipmitool lan set 1 ipaddr 10.0.0.5", as the operator would
 * type it (in-band; out-of-band add the target options).  0 or -ENOMEM. */
int fwd_lan_cmd_describe(const struct fwd_lan_cmd *cmd, struct fwd_buf *out);

/* ---- Talking to the BMC ---- */

/*
 * Runs `ipmitool ARGS` on the target.  Returns 0 with *out_text (malloc'd,
 * the caller frees) holding stdout, or a negative code with ctx's error
 * set: -FWD_E_TOOL_FAILED when ipmitool exited non-zero (its first error
 * line in the message; *bmc_answered set to 1 when the BMC answered with
 * an IPMI completion code, that is the request itself was refused),
 * -FWD_E_TIMEOUT, -FWD_E_TOOL_MISSING.  bmc_answered may be NULL.
 */
int fwd_lan_ipmitool(struct fwd_ctx *ctx, const char *const *args, char **out_text,
		     int *bmc_answered);

/* `lan print N` parsed; raw (may be NULL) gets the text, malloc'd. */
int fwd_lan_read(struct fwd_ctx *ctx, unsigned channel, struct fwd_lan *out, char **raw);

/*
 * Puts channel's LAN settings back to backup where they differ, from the
 * backup document (fwd_backup_load), then re-reads them.  Before anything
 * is sent every channel is read, and a channel whose MAC address differs
 * from the backup's makes the whole call refuse (-FWD_E_REFUSED, nothing
 * sent): the backup is of another BMC.
 *
 * report: an array; one object per channel is appended: {channel,
 * backup, before, differs: [names], restored, verified, commands:
 * [command lines], after, error}.  dry_run: nothing is sent; commands
 * lists what would be.  confirm (may be NULL): called with the report
 * once everything is planned, before the first command, when there is
 * one to send; nothing is sent unless it returns 0 (its code is
 * returned, ctx's error set by it).  Returns 0 when every channel
 * matches the backup (after restoring where needed; with dry_run: when
 * every channel could be read and planned), else a negative code with
 * ctx's error set (-FWD_E_VERIFY when settings were sent but do not read
 * back).
 */
typedef int (*fwd_lan_confirm_fn)(void *payload, struct fwd_ctx *ctx, const json_t *report);
int fwd_lan_restore_from_backup(struct fwd_ctx *ctx, const json_t *backup, int dry_run,
				json_t *report, fwd_lan_confirm_fn confirm, void *payload);

/* One line for settings as fwd_lan_to_json wrote them:
 * "static 10.1.2.3/255.255.255.0 gateway 10.1.2.254 vlan off" (and
 * ", mac M" when known); "?" for what is unknown.  Writes into buf. */
const char *fwd_lan_json_describe(const json_t *settings, char *buf, size_t size);

#endif
