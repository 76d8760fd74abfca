/*
 * fwd_plugin.h: the whole interface between fwdispatch and a vendor plugin.
 *
 * A plugin is a shared object that exports exactly one symbol,
 * fwd_plugin_entry (see FWD_PLUGIN_ENTRY below).  fwdispatch dlopen()s it
 * with RTLD_NOW | RTLD_LOCAL, calls the entry with its host-services table
 * and gets back the plugin's vtable.  A plugin never links against
 * fwdispatch: everything it needs from the core (run a tool, log, report
 * progress and steps, build JSON, set an error, read the clock) comes
 * through struct fwd_host_api.
 *
 * What a plugin does, and what the core does for every plugin alike:
 *  - the plugin says how well it fits a machine (probe), reads the
 *    versions running (read_versions), adds its own part to the backup,
 *    uploads and activates a BMC image (flash_bmc: following its vendor's
 *    job to the end where there is one), stages a BIOS (stage_bios), and
 *    knows how to recover its hardware (recovery_hints, job_status);
 *  - the core checks the images, takes the backup, and after flash_bmc
 *    resets the BMC when the plugin asks for it, waits for the old
 *    firmware to go down and the BMC to answer again, verifies the version
 *    (through read_versions) and checks the LAN settings, the same way for
 *    every plugin.  A plugin never waits for a BMC to come back.
 *
 * Versioning (the libbpf/SQLite way):
 *  - Both tables start with abi_major, abi_minor and their own size, and
 *    every major keeps that start, so any host can read any plugin's major.
 *  - A different abi_major is refused by either side.
 *  - Within a major everything is append-only: members of the tables and
 *    of the sized structs below are never removed or reordered; new ones
 *    go at the end under a "since 2.N" comment and bump FWD_ABI_MINOR.
 *    Constants (error codes, steps, flags) are only ever added.
 *  - Every struct that crosses the boundary starts with its size as the
 *    side that allocated it knows it.  The other side reads and writes a
 *    member only if that size covers it: FWD_SIZED_HAS / GET / SET below.
 *    A struct smaller than its 2.0 layout (FWD_*_SIZE_2_0) is refused.
 *    So a plugin built against an older 2.x header keeps working with a
 *    newer fwdispatch, and the other way round.
 *
 * Ownership, in one sentence: whatever the host passes to a plugin is
 * borrowed for the duration of the call, whatever the plugin returns in
 * its vtable is owned by the plugin and must live until it is unloaded,
 * and memory the host allocates for a plugin is released only with the
 * host function named next to it.
 *
 * Return values: 0 for success, a negative number for failure: either
 * -FWD_E_* below or -errno.  Before returning one, a plugin explains it
 * with host->set_error(), which also returns the code it was given.
 *
 * Threads: the host calls a plugin from one thread at a time.
 *
 * This header is all a plugin built out of tree needs.  The in-tree
 * plugins also share plugins/common/ (matching DMI text, HPM.1 flashing
 * through ipmitool, recovery hints as data): it is private on purpose,
 * compiled into each in-tree plugin, never installed, and may change in
 * any release.  What an outside plugin needs from it belongs in this
 * header or in the host's services, under the versioning rules above.
 *
 * History.  ABI 2.0 (fwdispatch 0.2) replaced 1.x: flash_bmc only uploads
 * and says what follows (struct fwd_bmc_flashed), the core owns reset,
 * wait and verification; steps are the numbered FWD_STEP_* below, not free
 * text; host->bmc_wait is gone and host->now_ms / host->sleep_ms came;
 * read_versions says which parts it is asked for; the request lost
 * bmc_wait_s.  A 1.x plugin is refused with both majors named.
 * 2.1 added the preflight entry and host->find_tool, the BMC's device
 * revision, IPMI version and availability in struct fwd_bmc_info, and
 * stop_grace_ms in struct fwd_tool_cmd.  2.2 added the error codes
 * FWD_E_USAGE and FWD_E_AUTH.  2.3 added the components an HPM.1 image
 * uploads and their revisions to struct fwd_flash_request.  2.4 added the
 * preflight checks' verdicts (host->check, enum fwd_check_verdict, the step
 * FWD_STEP_CHECKS), the plugin's own settings checked and put back after a
 * flash (check_settings) and the job an earlier run left (earlier_job_id).
 * 2.5 added FWD_TOOL_LARGE_REQUESTS: larger IPMI requests out of band.
 * 2.6 added Redfish targets: the target's protocol, what a Redfish
 * service says of itself in struct fwd_identity, and the host's Redfish
 * client (host->redfish and the functions after it), and an image the BMC
 * pulls from a URL (fwd_flash_request.image_url).  A host offers a
 * Redfish target only to plugins built against 2.6 or later: an older
 * one cannot tell it from an IPMI one.
 */
#ifndef FWDISPATCH_FWD_PLUGIN_H
#define FWDISPATCH_FWD_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FWD_ABI_MAJOR 2
#define FWD_ABI_MINOR 7

/* The one symbol a plugin exports, and its type. */
#define FWD_PLUGIN_ENTRY_SYMBOL "fwd_plugin_entry"
struct fwd_host_api;
struct fwd_plugin;
typedef const struct fwd_plugin *(*fwd_plugin_entry_fn)(const struct fwd_host_api *host);

#if defined(__GNUC__)
#define FWD_PLUGIN_EXPORT __attribute__((visibility("default")))
#define FWD_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define FWD_PLUGIN_EXPORT
#define FWD_PRINTF(fmt, args)
#endif

/*
 * Define the entry point with FWD_PLUGIN_ENTRY(host) { ... return &vtable; }.
 * Returning NULL refuses to load (after host->log() saying why, when the
 * host speaks this major).
 */
#define FWD_PLUGIN_ENTRY(host)                                                 \
	FWD_PLUGIN_EXPORT const struct fwd_plugin *fwd_plugin_entry(           \
		const struct fwd_host_api *host)

/* ---- Sized structs: the rule, as macros. ---- */

/* The bytes of type up to and including member. */
#define FWD_SIZE_UPTO(type, member)                                            \
	(offsetof(type, member) + sizeof(((type *)0)->member))
/* Is ptr (a sized struct of the other side) at least min bytes? */
#define FWD_SIZED_VALID(ptr, min) ((ptr) != NULL && (ptr)->size >= (min))
/* Does the other side's struct have member? */
#define FWD_SIZED_HAS(ptr, type, member) ((ptr)->size >= FWD_SIZE_UPTO(type, member))
/* member when the other side's struct has it, else fallback. */
#define FWD_SIZED_GET(ptr, type, member, fallback)                             \
	(FWD_SIZED_HAS(ptr, type, member) ? (ptr)->member : (fallback))
/* Sets member only when the other side's struct has room for it. */
#define FWD_SIZED_SET(ptr, type, member, value)                                \
	do {                                                                   \
		if (FWD_SIZED_HAS(ptr, type, member))                          \
			(ptr)->member = (value);                               \
	} while (0)

/* ---- Error codes: append-only, never renumbered, never reused. ---- */
enum fwd_error {
	FWD_E_FIRST = 4000,
	FWD_E_NOT_IMPLEMENTED = 4000, /* this plugin cannot do that (yet) */
	FWD_E_REFUSED = 4001,         /* a safety check said no; nothing was changed */
	FWD_E_FLASH = 4002,           /* a flash or staging step failed */
	FWD_E_VERIFY = 4003,          /* the running version is not the expected one */
	FWD_E_BMC_GONE = 4004,        /* the BMC stopped answering */
	FWD_E_TOOL_MISSING = 4005,    /* an external tool is not installed or not runnable */
	FWD_E_TOOL_FAILED = 4006,     /* an external tool ran and failed */
	FWD_E_TIMEOUT = 4007,         /* an external tool or a wait ran out of time */
	FWD_E_BAD_INPUT = 4008,       /* malformed input: image, DMI data, tool output */
	FWD_E_NO_PLUGIN = 4009,       /* no plugin claims this machine */
	FWD_E_BUSY = 4010,            /* another run holds the target */
	FWD_E_INTERNAL = 4011,        /* a bug: please report it */
	FWD_E_STOPPED = 4012,         /* the operator stopped the run at a safe point */
	/* since 2.2 */
	FWD_E_USAGE = 4013,           /* the command line is wrong (the host's own) */
	FWD_E_AUTH = 4014,            /* the BMC answered and refused the session: user,
	                                 password or cipher suite */
	FWD_E_LAST = 4014
};

/* ---- Log levels for host->log(). ---- */
enum fwd_log_level {
	FWD_LOG_ERROR = 0,
	FWD_LOG_WARN = 1,
	FWD_LOG_INFO = 2,
	FWD_LOG_DEBUG = 3
};

/* ---- The parts of a machine, and the steps of an update. ---- */

/* What a step works on.  Recovery hints name parts ("applies"). */
enum fwd_part {
	FWD_PART_RUN = 0,         /* the run itself: nothing on the machine */
	FWD_PART_BMC = 1,         /* "bmc" */
	FWD_PART_BIOS = 2,        /* "bios" */
	FWD_PART_LAN = 3          /* "lan": the BMC's network settings */
};

/* A step's number holds its part: FWD_STEP_PART() gives it back. */
#define FWD_STEP_ID(part, n) (((unsigned)(part) << 8) | (unsigned)(n))
#define FWD_STEP_PART(step) ((enum fwd_part)(((unsigned)(step) >> 8) & 0xffu))

/*
 * Every step a run can record, with the name the journal, the JSON and
 * the operator see.  Append-only, per part.  A plugin records only the
 * steps of its own entry point: flash_bmc FWD_STEP_BMC_UPLOAD and
 * FWD_STEP_BMC_JOB, stage_bios FWD_STEP_BIOS_STAGE; the host refuses
 * others (it owns the rest of the sequence).
 */
enum fwd_step {
	FWD_STEP_IDENTIFY = FWD_STEP_ID(FWD_PART_RUN, 1),          /* "identify" */
	FWD_STEP_MANIFEST = FWD_STEP_ID(FWD_PART_RUN, 2),          /* "manifest" */
	FWD_STEP_FREE_SPACE = FWD_STEP_ID(FWD_PART_RUN, 3),        /* "free-space" */
	FWD_STEP_BACKUP = FWD_STEP_ID(FWD_PART_RUN, 4),            /* "backup" */
	/* since 2.4 */
	FWD_STEP_CHECKS = FWD_STEP_ID(FWD_PART_RUN, 5),            /* "preflight-checks": the
	                                                              core's checks of the
	                                                              machine (power, BMC
	                                                              health) */

	FWD_STEP_MANIFEST_BMC = FWD_STEP_ID(FWD_PART_BMC, 1),      /* "manifest-bmc" */
	FWD_STEP_CHECK_BMC_IMAGE = FWD_STEP_ID(FWD_PART_BMC, 2),   /* "check-bmc-image" */
	FWD_STEP_PREFLIGHT_BMC = FWD_STEP_ID(FWD_PART_BMC, 3),     /* "preflight-bmc" */
	FWD_STEP_BMC_FLASH = FWD_STEP_ID(FWD_PART_BMC, 4),         /* "bmc-flash": the whole
	                                                              flash, when no finer step
	                                                              names where it stopped */
	FWD_STEP_BMC_UPLOAD = FWD_STEP_ID(FWD_PART_BMC, 5),        /* "bmc-upload" */
	FWD_STEP_BMC_JOB = FWD_STEP_ID(FWD_PART_BMC, 6),           /* "bmc-job": a vendor job */
	FWD_STEP_BMC_RESET = FWD_STEP_ID(FWD_PART_BMC, 7),         /* "bmc-reset" */
	FWD_STEP_BMC_WAIT = FWD_STEP_ID(FWD_PART_BMC, 8),          /* "bmc-wait" */
	FWD_STEP_BMC_VERIFY = FWD_STEP_ID(FWD_PART_BMC, 9),        /* "bmc-verify" */

	FWD_STEP_MANIFEST_BIOS = FWD_STEP_ID(FWD_PART_BIOS, 1),    /* "manifest-bios" */
	FWD_STEP_CHECK_BIOS_IMAGE = FWD_STEP_ID(FWD_PART_BIOS, 2), /* "check-bios-image" */
	FWD_STEP_PREFLIGHT_BIOS = FWD_STEP_ID(FWD_PART_BIOS, 3),   /* "preflight-bios" */
	FWD_STEP_BIOS_STAGE = FWD_STEP_ID(FWD_PART_BIOS, 4),       /* "bios-stage" */

	FWD_STEP_LAN_CHECK = FWD_STEP_ID(FWD_PART_LAN, 1)          /* "lan-check" */
};

/* A step of a run, as the operator and the journal see it. */
enum fwd_step_state {
	FWD_STEP_BEGIN = 0,       /* starting now */
	FWD_STEP_DONE = 1,        /* finished well */
	FWD_STEP_FAILED = 2,      /* finished badly: the run stops here */
	FWD_STEP_SKIPPED = 3      /* not needed (say why) */
};

/*
 * Since 2.4: the verdict of one check of the preflight (host->check).  A
 * refusal stops the run: the plugin that records one also returns
 * -FWD_E_REFUSED (or -FWD_E_BUSY) with host->set_error saying what to do.
 * (The host has one more of its own, "overridden": a refusal an option of
 * the operator's let through.)
 */
enum fwd_check_verdict {
	FWD_CHECK_PASS = 0,       /* "pass" */
	FWD_CHECK_WARN = 1,       /* "warn": said, and the run goes on */
	FWD_CHECK_REFUSE = 2,     /* "refuse" */
	FWD_CHECK_SKIP = 3        /* "skip": does not apply here, or cannot be told */
};

/*
 * Opaque to plugins.  struct fwd_ctx is one call's context (target,
 * error slot, output settings).  struct fwd_json is a JSON value built
 * and released only through the host's json_* functions.
 */
struct fwd_ctx;
struct fwd_json;

/*
 * The machine being updated, as the host detected it.  Text fields are
 * trimmed, and NULL when absent or a placeholder ("To Be Filled By
 * O.E.M.", "Default string", "Not Specified", ...).  Host-owned and
 * borrowed: valid for the duration of the call only.
 */
struct fwd_identity {
	size_t size;              /* sizeof(struct fwd_identity) of the host */

	/* since 2.0: from SMBIOS (sysfs or a dmidecode dump) */
	const char *source;       /* "sysfs", "dmidecode", "bmc" or "none" */
	const char *board_vendor; /* Base Board Manufacturer */
	const char *board_name;   /* Base Board Product Name */
	const char *sys_vendor;   /* System Manufacturer */
	const char *product_name; /* System Product Name */
	const char *product_sku;  /* System SKU Number */
	const char *bios_vendor;
	const char *bios_version;
	const char *bios_date;
	int chassis_type;         /* SMBIOS chassis type code, 0 when unknown */

	/* since 2.0: from the BMC (ipmitool mc info, fru print); valid when bmc_known */
	int bmc_known;
	uint32_t bmc_manufacturer_id; /* IANA: Supermicro 10876, Dell 674 */
	uint32_t bmc_product_id;
	uint32_t bmc_device_id;
	const char *bmc_firmware;     /* "3.10" as mc info prints it, or NULL */
	const char *fru_board_vendor; /* FRU Board Mfg, or NULL */
	const char *fru_board_name;   /* FRU Board Product, or NULL */
	const char *fru_product_name; /* FRU Product Name, or NULL */

	/* since 2.6: a Redfish target (source "redfish"), NULL otherwise.  The
	 * system's Manufacturer and Model are in sys_vendor and product_name,
	 * its BiosVersion in bios_version, the manager's FirmwareVersion in
	 * bmc_firmware (bmc_known set, the IANA numbers 0). */
	const char *service_vendor;   /* the service root's Vendor ("Dell", "Supermicro") */
	const char *service_product;  /* the service root's Product */
	const char *manager_model;    /* the BMC manager's Model ("14G Monolithic") */
};
#define FWD_IDENTITY_SIZE_2_0 FWD_SIZE_UPTO(struct fwd_identity, fru_product_name)

/* The target: the local BMC (in-band) or one reached over the network.
 * Host-owned and borrowed. */
struct fwd_target {
	size_t size;              /* sizeof(struct fwd_target) of the host */

	/* since 2.0 */
	int out_of_band;          /* 0: in-band through /dev/ipmi0 */
	const char *host;         /* NULL in-band */
	unsigned port;            /* 623 unless given */
	const char *user;         /* NULL in-band */
	int cipher;               /* lanplus cipher suite, -1 for the tool's default */
	int has_password;         /* a password is known to the host (never shown) */

	/* since 2.6 */
	const char *protocol;     /* "ipmi" (also in-band), or "redfish": reach the BMC
	                             only through host->redfish and the functions after it */
};
#define FWD_TARGET_SIZE_2_0 FWD_SIZE_UPTO(struct fwd_target, has_password)

/* What the host asks a plugin to flash or stage.  Host-owned, borrowed. */
#define FWD_FLASH_ALLOW_DOWNGRADE   (1u << 0)
#define FWD_FLASH_ALLOW_REINSTALL   (1u << 1)
#define FWD_FLASH_DRY_RUN           (1u << 2) /* plan only: change nothing */
#define FWD_FLASH_NO_PRESERVE_SETTINGS (1u << 3)
#define FWD_FLASH_REBOOT            (1u << 4) /* the operator allowed a host reboot */
#define FWD_FLASH_OVERWRITE_BMC_CONFIG (1u << 5) /* reset the BMC's settings to factory
                                                   defaults (sum --overwrite_cfg) */
#define FWD_FLASH_RESUME            (1u << 6) /* an interrupted run of the same image may
                                                 have got this far: look at what the
                                                 firmware holds before uploading again */

struct fwd_flash_request {
	size_t size;              /* sizeof(struct fwd_flash_request) of the host */

	/* since 2.0 */
	const char *image_path;   /* the host's private, verified copy of the image */
	const char *sha256;       /* its SHA-256, lowercase hex */
	const char *format;       /* "hpm1", or NULL for a vendor format */
	unsigned flags;           /* FWD_FLASH_* */
	const char *version;      /* the version the image installs ("1.72"), or NULL */
	const char *running_version; /* what the component runs now, or NULL */
	unsigned job_wait_s;      /* how long to follow a vendor job (racadm) */

	/* since 2.3 */
	/* An HPM.1 image's upload records: which component IDs it uploads and
	 * the revision each record gives (major, minor, 4 aux bytes, as in
	 * the image).  HPM.1 leaves what each ID holds to the vendor (the
	 * BMC's own firmware, a boot loader, a FRU image...): these say what
	 * the image puts where. */
	unsigned hpm_components;  /* bit n: the image uploads component n; 0 for a
	                             vendor image */
	uint8_t hpm_revisions[8][6]; /* [n]: component n's revision, zero when not
	                             uploaded */

	/* since 2.4 */
	/* A vendor job an earlier fwdispatch run on this target reported and
	 * no later run saw end (from that run's journal), or NULL: a queued
	 * job with this ID is fwdispatch's own, and says so. */
	const char *earlier_job_id;

	/* since 2.6 */
	/* --bmc-url, --bios-url: the BMC pulls the image from this URL itself
	 * (Redfish SimpleUpdate), or NULL.  image_path is then the host's
	 * checked copy of what the URL served, for its size; the plugin
	 * hands the BMC the URL, never the file. */
	const char *image_url;
};
#define FWD_FLASH_REQUEST_SIZE_2_0 FWD_SIZE_UPTO(struct fwd_flash_request, job_wait_s)
#define FWD_FLASH_REQUEST_SIZE_2_3 FWD_SIZE_UPTO(struct fwd_flash_request, hpm_revisions)

/* Which versions read_versions is asked for. */
#define FWD_VERSION_BMC  (1u << 0)
#define FWD_VERSION_BIOS (1u << 1)

/* The versions running now.  Host-owned; the plugin fills the buffers. */
struct fwd_versions {
	size_t size;              /* sizeof(struct fwd_versions) of the host */

	/* since 2.0 */
	char bmc[64];             /* "" when unknown: as precise as the plugin can read
	                             it ("4.40.00.00" from racadm beats mc info's "4.40") */
	char bios[64];            /* "" when unknown */
};
#define FWD_VERSIONS_SIZE_2_0 FWD_SIZE_UPTO(struct fwd_versions, bios)

/*
 * What the BMC says of itself (IPMI Get Device ID, as `ipmitool mc info`
 * prints it).  Allocated by the plugin, filled by host->bmc_info(), which
 * writes no further than the plugin's size.
 */
struct fwd_bmc_info {
	size_t size;              /* sizeof(struct fwd_bmc_info) of the plugin: set it */

	/* since 2.0 */
	uint32_t manufacturer_id; /* IANA: Supermicro 10876, Dell 674 */
	uint32_t product_id;
	uint32_t device_id;
	char firmware[16];        /* "1.72": major.minor as mc info prints it */
	char manufacturer_name[64];
	char product_name[64];
	uint8_t aux[4];           /* Aux Firmware Rev Info bytes, 0 when absent */

	/* since 2.1 */
	uint8_t device_revision;  /* Device Revision */
	char ipmi_version[8];     /* "2.0", "" when not said */
	int device_available;     /* 1 yes, 0 no (the BMC says it is updating or
	                             starting), -1 not said */
};
#define FWD_BMC_INFO_SIZE_2_0 FWD_SIZE_UPTO(struct fwd_bmc_info, aux)

/*
 * What follows a BMC upload, as flash_bmc says it: the core does it.
 * Host-owned; the host sets the defaults (no reset, no go-down, no job)
 * before the call.
 */
#define FWD_BMC_RESET_NONE 0u     /* the BMC restarts by itself (or needs no restart) */
#define FWD_BMC_RESET_COLD 1u     /* the new firmware runs after a cold reset: the core
                                     sends `mc reset cold` unless it already runs */

struct fwd_bmc_flashed {
	size_t size;              /* sizeof(struct fwd_bmc_flashed) of the host */

	/* since 2.0 */
	unsigned reset;           /* FWD_BMC_RESET_* */
	/* How long the old firmware may go on answering before the BMC goes
	 * down to restart (after the upload, or after the core's reset): the
	 * core waits up to this long for it to stop answering, or to answer
	 * with the new firmware, before it waits for it to come back.  0: the
	 * restart, if any, is over when flash_bmc returns. */
	unsigned go_down_s;
	char job_id[64];          /* the vendor job that did the work, "" when none */
};
#define FWD_BMC_FLASHED_SIZE_2_0 FWD_SIZE_UPTO(struct fwd_bmc_flashed, job_id)

/* ---- Running external tools (host->run_tool). ---- */

/*
 * Stands in an argument list for the BMC password.  The host replaces it
 * in the child's argv, masks it in every trace and warns that the tool
 * shows the password in the process list.  Use it only for a tool that
 * cannot take a password any other way (sum -p, racadm -p).
 */
#define FWD_ARG_PASSWORD "\x1b" "fwd-password"

#define FWD_TOOL_TARGET    (1u << 0) /* ipmitool: host adds -I and target options, password via IPMI_PASSWORD */
#define FWD_TOOL_QUIET     (1u << 1) /* do not echo the command line at debug level */
#define FWD_TOOL_PROGRESS  (1u << 2) /* "\r" and "\b" also end a line for on_line, so a
                                        counter redrawn in place arrives as it changes */
/* since 2.5: with FWD_TOOL_TARGET, out of band: the host adds ipmitool's -z
 * with the largest request it found this BMC's path to carry (asked once
 * per run, see --ipmi-request-size), or nothing; for commands that send
 * long requests (hpm upgrade), which then need fewer round trips.  A host
 * older than 2.5 ignores it. */
#define FWD_TOOL_LARGE_REQUESTS (1u << 3)

/* Plugin-owned; the host reads no further than its size. */
struct fwd_tool_cmd {
	size_t size;              /* sizeof(struct fwd_tool_cmd): use FWD_TOOL_CMD_INIT */

	/* since 2.0 */
	const char *tool;         /* "ipmitool", "sum", "racadm": looked up by the host
	                             (FWDISPATCH_IPMITOOL, ... or PATH); borrowed */
	const char *const *args;  /* arguments after the program name, NULL-terminated; borrowed */
	unsigned flags;           /* FWD_TOOL_* */
	unsigned timeout_ms;      /* 0: the host's default */
	/* Called for each complete line of output as it arrives (stream 1 or 2),
	 * for progress; the line is borrowed.  May be NULL. */
	void (*on_line)(void *payload, int stream, const char *line);
	void *payload;

	/* since 2.1 */
	/* After the timeout, the time between SIGTERM and SIGKILL: 0 for the
	 * host's default (2 s).  A flash tool stopped midway may need longer
	 * to take its BMC out of update mode. */
	unsigned stop_grace_ms;
};
#define FWD_TOOL_CMD_SIZE_2_0 FWD_SIZE_UPTO(struct fwd_tool_cmd, payload)
#define FWD_TOOL_CMD_INIT { .size = sizeof(struct fwd_tool_cmd) }

/* Plugin-owned; the host writes no further than its size. */
struct fwd_tool_result {
	size_t size;              /* sizeof(struct fwd_tool_result): use FWD_TOOL_RESULT_INIT */

	/* since 2.0 */
	int exit_code;            /* 0-255 when it exited, -1 otherwise */
	int signal;               /* the signal that ended it, 0 otherwise */
	int timed_out;            /* killed by the host after timeout_ms */
	char *out;                /* stdout, NUL-terminated, capped; release with tool_result_release */
	size_t out_len;
	int out_truncated;
	char *err;                /* stderr, likewise */
	size_t err_len;
	int err_truncated;
	uint64_t duration_ms;
};
#define FWD_TOOL_RESULT_SIZE_2_0 FWD_SIZE_UPTO(struct fwd_tool_result, duration_ms)
#define FWD_TOOL_RESULT_INIT { .size = sizeof(struct fwd_tool_result), .exit_code = -1 }

/* ---- Talking to a Redfish service (host->redfish..., since 2.6). ---- */

/* Flags of host->redfish. */
#define FWD_REDFISH_NO_AUTH (1u << 0) /* no credentials (the service root) */
#define FWD_REDFISH_QUIET   (1u << 1) /* an answer other than 2xx is no error: look at
                                          status */

/* What the service answered.  Plugin-owned (FWD_REDFISH_ANSWER_INIT); the
 * host writes no further than its size; release with
 * host->redfish_answer_release. */
struct fwd_redfish_answer {
	size_t size;              /* sizeof(struct fwd_redfish_answer) of the plugin */

	/* since 2.6 */
	long status;              /* the HTTP status, 0 when nothing came back */
	struct fwd_json *body;    /* the JSON body, NULL when none; host-owned */
	char location[512];       /* the Location header, "" when none */
	char etag[160];           /* the ETag header, else the body's @odata.etag */
	unsigned retry_after_s;   /* Retry-After in seconds, 0 when absent */
	char message_id[128];     /* the first message of an error body, "" none */
	char message[384];
};
#define FWD_REDFISH_ANSWER_INIT { .size = sizeof(struct fwd_redfish_answer) }

/* How a task ended (struct fwd_redfish_task's outcome), besides failing. */
#define FWD_REDFISH_TASK_DONE            0u /* Completed: nothing more to do */
#define FWD_REDFISH_TASK_RESET_REQUIRED  1u /* Base.*.ResetRequired: reset reset_uri */
#define FWD_REDFISH_TASK_AWAIT_ACTIVATION 2u /* staged: applied at the next reset of
                                               its device (OnReset, AwaitToActivate) */
#define FWD_REDFISH_TASK_GONE            3u /* the task vanished before it said how it
                                               ended (a BMC purges or restarts): look
                                               at the inventory */

/* A followed task.  Plugin-owned (FWD_REDFISH_TASK_INIT); the host writes
 * no further than its size. */
struct fwd_redfish_task {
	size_t size;              /* sizeof(struct fwd_redfish_task) of the plugin */

	/* since 2.6 */
	unsigned outcome;         /* FWD_REDFISH_TASK_* */
	char state[32];           /* the last TaskState seen, "" when none */
	char status[16];          /* the last TaskStatus ("OK", "Critical") */
	int percent;              /* the last PercentComplete, -1 when never said */
	char message_id[128];     /* the message that decided the outcome, "" none */
	char message[384];
	char reset_uri[256];      /* with RESET_REQUIRED: what to reset */
	char reset_type[32];      /* and how ("GracefulRestart"), "" when not said */
};
#define FWD_REDFISH_TASK_INIT { .size = sizeof(struct fwd_redfish_task), .percent = -1 }

/* since 2.7: one field of a vendor's upload form (host->redfish_push_form).
 * The plugin's; borrowed by the host for the call. */
enum fwd_redfish_field_kind {
	FWD_FIELD_TEXT = 0,       /* text: as given */
	FWD_FIELD_JSON = 1,       /* json, sent as application/json */
	FWD_FIELD_SESSION = 2,    /* the session's token, which the host fills in: the
	                             plugin never sees it (iLO's sessionKey) */
	FWD_FIELD_IMAGE = 3       /* the image, streamed from the file */
};
struct fwd_redfish_field {
	const char *name;
	enum fwd_redfish_field_kind kind;
	const char *text;                 /* FWD_FIELD_TEXT */
	const struct fwd_json *json;      /* FWD_FIELD_JSON */
};

/* ---- The host-services table. ---- */
struct fwd_host_api {
	uint32_t abi_major;
	uint32_t abi_minor;
	size_t size;              /* sizeof(struct fwd_host_api) of the host */

	/* since 2.0 */
	const char *host_version; /* fwdispatch's version string */

	void (*log)(struct fwd_ctx *ctx, enum fwd_log_level level,
		    const char *fmt, ...) FWD_PRINTF(3, 4);
	/* Records why the call fails, for the operator; returns code. */
	int (*set_error)(struct fwd_ctx *ctx, int code, const char *fmt, ...)
		FWD_PRINTF(3, 4);
	/* A long step's progress: done of total units (percent, or bytes). */
	void (*progress)(struct fwd_ctx *ctx, enum fwd_step step, uint64_t done,
			 uint64_t total);
	const struct fwd_target *(*target)(struct fwd_ctx *ctx);

	/*
	 * Runs a tool without a shell: fork/execve, stdin from /dev/null,
	 * a minimal environment, output captured up to a cap, killed after
	 * the timeout.  Returns 0 once the tool ran and was reaped (judge it
	 * by *out), or a negative FWD_E_* with the error set when it could not
	 * be started (-FWD_E_TOOL_MISSING) or ran out of time (-FWD_E_TIMEOUT).
	 * *out is filled in either case; release it with tool_result_release.
	 */
	int (*run_tool)(struct fwd_ctx *ctx, const struct fwd_tool_cmd *cmd,
			struct fwd_tool_result *out);
	void (*tool_result_release)(struct fwd_tool_result *res);

	/* Memory a plugin hands to the host, or gets from it. */
	void *(*alloc)(size_t n);
	void (*free)(void *p);

	/*
	 * JSON values.  The constructors return a new reference (NULL on out
	 * of memory); the *_new setters steal the value's reference, also on
	 * failure; json_release drops one reference.  Values a host function
	 * passes in (backup, result, hints) are borrowed.
	 */
	struct fwd_json *(*json_object)(void);
	struct fwd_json *(*json_array)(void);
	struct fwd_json *(*json_string)(const char *s);
	struct fwd_json *(*json_integer)(long long v);
	struct fwd_json *(*json_boolean)(int v);
	struct fwd_json *(*json_null)(void);
	int (*json_object_set_new)(struct fwd_json *obj, const char *key,
				   struct fwd_json *value);
	int (*json_array_append_new)(struct fwd_json *arr, struct fwd_json *value);
	void (*json_release)(struct fwd_json *value);
	/* Borrowed reads: NULL when the key is missing or of another type. */
	struct fwd_json *(*json_object_get)(const struct fwd_json *obj, const char *key);
	const char *(*json_string_value)(const struct fwd_json *value);
	size_t (*json_array_size)(const struct fwd_json *arr);
	struct fwd_json *(*json_array_get)(const struct fwd_json *arr, size_t i);
	long long (*json_integer_value)(const struct fwd_json *value);

	/*
	 * Records a step of the run: BEGIN, then DONE, FAILED or SKIPPED,
	 * with a one-line detail.  The host shows it to the operator, puts it
	 * in the JSON report and in the journal, so an interrupted run says
	 * where it stopped.  Only the steps of the entry point being called
	 * (see enum fwd_step); any other is logged and dropped.
	 */
	void (*step)(struct fwd_ctx *ctx, enum fwd_step step, enum fwd_step_state state,
		     const char *fmt, ...) FWD_PRINTF(4, 5);

	/*
	 * Asks the target BMC who it is (`ipmitool mc info`), once, with a
	 * short timeout.  Returns 0 with *out filled (as far as out->size
	 * goes), -FWD_E_BMC_GONE when it does not answer, -FWD_E_TOOL_MISSING,
	 * or -FWD_E_BAD_INPUT when the answer cannot be read; the error is set.
	 */
	int (*bmc_info)(struct fwd_ctx *ctx, struct fwd_bmc_info *out);

	/*
	 * For FWD_FLASH_DRY_RUN: records in the run's plan that step would run
	 * cmd (what: why, in a few words), as the exact command line with the
	 * target options the host adds and the password masked, and marks the
	 * step skipped.  Runs nothing.  Returns 0, or -FWD_E_TOOL_MISSING with
	 * the error set when the tool is not installed: a dry run is also the
	 * preflight, so pass that on.
	 */
	int (*plan)(struct fwd_ctx *ctx, enum fwd_step step, const struct fwd_tool_cmd *cmd,
		    const char *what);

	/*
	 * The run's clock, in milliseconds: monotonic, from an unspecified
	 * start.  A plugin that polls (a vendor job) measures and sleeps with
	 * these, never with its own, so that tests can run it on a clock of
	 * their own.  sleep_ms may return early on a signal.
	 */
	uint64_t (*now_ms)(struct fwd_ctx *ctx);
	void (*sleep_ms)(struct fwd_ctx *ctx, uint64_t ms);

	/* since 2.1 */
	/*
	 * Is tool installed and runnable (found the way run_tool finds it)?
	 * Returns 0, or -FWD_E_TOOL_MISSING with the error set saying where
	 * it looked and what to install.  Runs nothing.
	 */
	int (*find_tool)(struct fwd_ctx *ctx, const char *tool);

	/* since 2.4 */
	/*
	 * Records one check of the preflight: its name ([a-z0-9-]+, such as
	 * "dell-jobs" or "oob-licence"), its verdict and a one-line detail.
	 * The host shows it as a line of the preflight and puts it in the
	 * JSON's "preflight" array, the journal and the history.  Meant for
	 * the preflight entry; outside a run (a command that is no update) the
	 * verdict is only logged.
	 */
	void (*check)(struct fwd_ctx *ctx, const char *name, enum fwd_check_verdict verdict,
		      const char *fmt, ...) FWD_PRINTF(4, 5);

	/* since 2.6 */
	/*
	 * The Redfish client, for a target whose protocol is "redfish" (else
	 * -FWD_E_NOT_IMPLEMENTED).  The host owns the connection, the TLS
	 * verification (--cacert, the pinned certificate), the session and
	 * the password: a plugin names a path and reads the answer.
	 *
	 * redfish: one request, method "GET", "POST", "PATCH" or "DELETE" on
	 * path ("/redfish/v1/..."), body JSON or NULL, If-Match when if_match
	 * is not NULL.  Returns 0 for a 2xx answer (any answer with
	 * FWD_REDFISH_QUIET); else -FWD_E_BMC_GONE (no connection, no answer),
	 * -FWD_E_REFUSED (untrusted certificate, a 4xx), -FWD_E_AUTH (401/403),
	 * -FWD_E_TOOL_FAILED (a 5xx), with the error set naming the service's
	 * message.  *out is filled as far as the answer went, in every case.
	 */
	int (*redfish)(struct fwd_ctx *ctx, const char *method, const char *path,
		       const struct fwd_json *body, const char *if_match, unsigned flags,
		       struct fwd_redfish_answer *out);
	void (*redfish_answer_release)(struct fwd_redfish_answer *answer);
	/*
	 * Pushes image_path to uri: with params, the multipart form of
	 * MultipartHttpPushUri (UpdateParameters = params, UpdateFile = the
	 * image); with params NULL, the image as the body (HttpPushUri).
	 * Streamed in constant memory, its progress shown on step.  Returns as
	 * redfish (413 and 503 explained).
	 */
	int (*redfish_push)(struct fwd_ctx *ctx, enum fwd_step step, const char *uri,
			    const struct fwd_json *params, const char *image_path,
			    struct fwd_redfish_answer *out);
	/*
	 * Follows a task (its monitor or its URI, as the push's Location or
	 * body named it) to its end, at most timeout_s, honouring Retry-After,
	 * its PercentComplete shown on step.  Returns 0 with *out saying how it
	 * ended; -FWD_E_FLASH when it ended in Exception, Killed or Cancelled
	 * (the error names the message: Update.*.VerificationFailed ...),
	 * -FWD_E_TIMEOUT when it still ran at timeout_s, or as redfish.
	 */
	int (*redfish_task)(struct fwd_ctx *ctx, enum fwd_step step, const char *task_uri,
			    unsigned timeout_s, struct fwd_redfish_task *out);
	/*
	 * For FWD_FLASH_DRY_RUN: records in the plan that step would send
	 * method path with body (only its keys are shown, never its values),
	 * to do what, and marks the step skipped.  Sends nothing.
	 */
	void (*redfish_plan)(struct fwd_ctx *ctx, enum fwd_step step, const char *method,
			     const char *path, const struct fwd_json *body, const char *what);
	/* Reads a JSON boolean: 1 true, 0 false, -1 absent or not a boolean. */
	int (*json_bool_value)(const struct fwd_json *value);
	/* A deep copy (a new reference), to keep a part of an answer. */
	struct fwd_json *(*json_copy)(const struct fwd_json *value);
	/* Are a and b the same JSON value (objects whatever their order)?  1 or 0. */
	int (*json_equal)(const struct fwd_json *a, const struct fwd_json *b);

	/* since 2.7 */
	/*
	 * Pushes image_path to uri as a multipart form of a vendor's own
	 * fields, in their order (at most one FWD_FIELD_IMAGE; a
	 * FWD_FIELD_SESSION logs in first, and is refused without a session).
	 * Streamed, retried once with a new session after a 401, and judged
	 * as redfish_push.
	 */
	int (*redfish_push_form)(struct fwd_ctx *ctx, enum fwd_step step, const char *uri,
				 const struct fwd_redfish_field *fields, size_t n_fields,
				 const char *image_path, struct fwd_redfish_answer *out);
};
#define FWD_HOST_API_SIZE_2_0 FWD_SIZE_UPTO(struct fwd_host_api, sleep_ms)

/* Does the host's table have member?  (For members since 2.1.) */
#define FWD_HOST_HAS(host, member) FWD_SIZED_HAS(host, struct fwd_host_api, member)

/* ---- The plugin's vtable. ---- */
struct fwd_plugin {
	uint32_t abi_major;       /* FWD_ABI_MAJOR the plugin was built with */
	uint32_t abi_minor;       /* FWD_ABI_MINOR the plugin was built with */
	size_t size;              /* sizeof(struct fwd_plugin): use FWD_PLUGIN_INIT */

	/* since 2.0; the strings are the plugin's and must outlive it */
	const char *name;         /* unique, [a-z0-9-]+, e.g. "supermicro" */
	const char *version;      /* the plugin's own version */
	const char *description;  /* one line */

	/*
	 * Required.  How well this plugin fits the machine: 0 (not at all) to
	 * 100 (certain).  Writes a one-line reason into reason[reason_size]
	 * (host-owned) in every case, also for 0.  Must not run tools.
	 */
	int (*probe)(struct fwd_ctx *ctx, const struct fwd_identity *id,
		     int *score_out, char *reason, size_t reason_size);

	/* The entry points below may be NULL: the host then says the plugin
	 * does not support it.  An entry that exists but is not ready yet
	 * returns -FWD_E_NOT_IMPLEMENTED with the error set. */

	/* Fills *out (host-owned) with the versions running now, of the parts
	 * in which (FWD_VERSION_*); the others may stay "". */
	int (*read_versions)(struct fwd_ctx *ctx, const struct fwd_identity *id,
			     unsigned which, struct fwd_versions *out);
	/* Adds what it saved to backup (a borrowed JSON object). */
	int (*backup)(struct fwd_ctx *ctx, const struct fwd_identity *id,
		      struct fwd_json *backup);
	/*
	 * Uploads the BMC image and activates it, following a vendor job to
	 * its end where there is one; records FWD_STEP_BMC_UPLOAD (and
	 * FWD_STEP_BMC_JOB).  Neither resets the BMC nor waits for it: says in
	 * *next (host-owned, defaults set) what the core does after it.  Adds
	 * its tool's words to result (a borrowed JSON object: "command",
	 * "upload_exit_code", "tool_output", ...).  With FWD_FLASH_DRY_RUN it
	 * plans its commands (host->plan) and still fills *next.
	 */
	int (*flash_bmc)(struct fwd_ctx *ctx, const struct fwd_identity *id,
			 const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
			 struct fwd_json *result);
	/* Stages a BIOS image to be applied at the next host reboot; records
	 * FWD_STEP_BIOS_STAGE. */
	int (*stage_bios)(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const struct fwd_flash_request *req, struct fwd_json *result);
	/* Appends {id, title, when, steps[], applies[]} objects to hints (a
	 * borrowed array). */
	int (*recovery_hints)(struct fwd_ctx *ctx, const struct fwd_identity *id,
			      struct fwd_json *hints);
	/*
	 * The state of a job the plugin reported earlier (a Dell BIOS job that
	 * runs at the next host reboot): sets "status" (Scheduled, Running,
	 * Completed, Failed, ...), "message" and "percent" in out (a borrowed
	 * JSON object).  Returns 0, or a negative code when it cannot be read.
	 */
	int (*job_status)(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const char *job_id, struct fwd_json *out);

	/* since 2.1; may be NULL */
	/*
	 * Can the plugin flash (part FWD_PART_BMC) or stage (FWD_PART_BIOS)
	 * req on this machine, now?  Called in the preflight, before the
	 * backup and before anything changes, also in a dry run: finds the
	 * tools it will run (host->find_tool), refuses what it cannot do
	 * (-FWD_E_REFUSED, -FWD_E_TOOL_MISSING, with the error set).  Changes
	 * nothing and records no step.  NULL: nothing to check.
	 */
	int (*preflight)(struct fwd_ctx *ctx, const struct fwd_identity *id,
			 enum fwd_part part, const struct fwd_flash_request *req);

	/* since 2.4; may be NULL */
	/*
	 * The plugin's own part of the backup (saved: the object its backup
	 * entry filled) against what the BMC holds now.  The core calls it in
	 * the LAN check after a BMC flash (FWD_SETTINGS_RESTORE) and in
	 * `fwdispatch restore`.  For each setting it adds
	 * {"saved", "now", "restored": true|false} under the setting's name to
	 * result (a borrowed object).  With FWD_SETTINGS_RESTORE it puts back
	 * what differs and reads it back; with FWD_SETTINGS_DRY_RUN it only
	 * says what it would put back.  Returns 0 when everything matches (or
	 * was put back and read back), -FWD_E_VERIFY when something still
	 * differs, another negative code when it cannot read them; the error
	 * set.  Records no step.
	 */
	int (*check_settings)(struct fwd_ctx *ctx, const struct fwd_identity *id,
			      const struct fwd_json *saved, unsigned flags,
			      struct fwd_json *result);
};

/* The flags of check_settings (since 2.4). */
#define FWD_SETTINGS_RESTORE (1u << 0) /* put back what differs, then read it back */
#define FWD_SETTINGS_DRY_RUN (1u << 1) /* say what would be put back; send nothing */

/*
 * What the entry points put in their JSON, by convention:
 *  - flash_bmc result: the tool's words ("command", "upload_exit_code",
 *    "tool_output", "upload_output" on failure) and, when a failure left
 *    the BMC answering, "after": the version it runs; the core adds
 *    "after", "wait_ms" and "job_id" once its sequence ran;
 *  - stage_bios result: "reboot_required" (true once staged), "job_id"
 *    (or null), "preserve_settings", "tool_output" (the tool's last lines);
 *  - recovery_hints: objects {"id", "title", "when", "steps": [...],
 *    "applies": [...]}, where "applies" names the parts (enum fwd_part:
 *    "bmc", "bios", "lan") a failure must have touched for the hint to be
 *    shown.  Ids in use: "bmc-unreachable", "bios-no-post", "hard-lock",
 *    "lan-lost".
 */

/* The smallest vtable a 2.x host accepts: everything up to job_status. */
#define FWD_PLUGIN_SIZE_2_0 FWD_SIZE_UPTO(struct fwd_plugin, job_status)

#define FWD_PLUGIN_INIT                                                        \
	.abi_major = FWD_ABI_MAJOR, .abi_minor = FWD_ABI_MINOR,                \
	.size = sizeof(struct fwd_plugin)

#ifdef __cplusplus
}
#endif

#endif /* FWDISPATCH_FWD_PLUGIN_H */
