/*
 * A frozen copy of include/fwdispatch/fwd_plugin.h as it was at plugin
 * ABI 1.2 (fwdispatch before 0.2), for the tests: a plugin built against
 * it (tests/plugins/abi12-*.c) must be refused by a 2.x host, with both
 * majors named.  Never edit it but to fix this note.
 */
/*
 * fwd_plugin.h: the whole interface between fwdispatch and a vendor plugin.
 *
 * A plugin is a shared object that exports exactly one symbol,
 * fwd_plugin_entry (see FWD_PLUGIN_ENTRY below).  fwdispatch dlopen()s it
 * with RTLD_NOW | RTLD_LOCAL, calls the entry with its host-services table
 * and gets back the plugin's vtable.  A plugin never links against
 * fwdispatch: everything it needs from the core (run a tool, log, report
 * progress, build JSON, set an error) comes through struct fwd_host_api.
 *
 * Versioning (the libbpf/SQLite way):
 *  - Both tables start with abi_major, abi_minor and their own size.
 *  - Both are append-only: members are never removed or reordered, new
 *    ones go at the end under a "since 1.N" comment and bump
 *    FWD_ABI_MINOR.
 *  - A different abi_major is refused by either side.
 *  - A reader uses a member only if the other side's size covers it:
 *    FWD_HOST_HAS(host, member) in plugins; the host does the same for
 *    the vtable.  So a plugin built against an older minor keeps working
 *    with a newer fwdispatch, and the other way round.
 *  - Every struct the host passes in (identity, request, ...) also starts
 *    with a size and follows the same rule.
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
 */
#ifndef FWDISPATCH_FWD_PLUGIN_H
#define FWDISPATCH_FWD_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FWD_ABI_MAJOR 1
#define FWD_ABI_MINOR 2

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
 * Returning NULL refuses to load (after host->log() saying why).
 */
#define FWD_PLUGIN_ENTRY(host)                                                 \
	FWD_PLUGIN_EXPORT const struct fwd_plugin *fwd_plugin_entry(           \
		const struct fwd_host_api *host)

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
	FWD_E_STOPPED = 4012,         /* since 1.2: the operator stopped the run at a safe point */
	FWD_E_LAST = 4012
};

/* ---- Log levels for host->log(). ---- */
enum fwd_log_level {
	FWD_LOG_ERROR = 0,
	FWD_LOG_WARN = 1,
	FWD_LOG_INFO = 2,
	FWD_LOG_DEBUG = 3
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
 * O.E.M.", "Default string", "Not Specified", ...).  Borrowed: valid for
 * the duration of the call only.
 */
struct fwd_identity {
	size_t size;              /* sizeof(struct fwd_identity) of the host */

	/* since 1.0: from SMBIOS (sysfs or a dmidecode dump) */
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

	/* since 1.0: from the BMC (ipmitool mc info, fru print); valid when bmc_known */
	int bmc_known;
	uint32_t bmc_manufacturer_id; /* IANA: Supermicro 10876, Dell 674 */
	uint32_t bmc_product_id;
	uint32_t bmc_device_id;
	const char *bmc_firmware;     /* "3.10" as mc info prints it, or NULL */
	const char *fru_board_vendor; /* FRU Board Mfg, or NULL */
	const char *fru_board_name;   /* FRU Board Product, or NULL */
	const char *fru_product_name; /* FRU Product Name, or NULL */
};

/* The target: the local BMC (in-band) or one reached over the network. */
struct fwd_target {
	size_t size;              /* sizeof(struct fwd_target) of the host */

	/* since 1.0 */
	int out_of_band;          /* 0: in-band through /dev/ipmi0 */
	const char *host;         /* NULL in-band */
	unsigned port;            /* 623 unless given */
	const char *user;         /* NULL in-band */
	int cipher;               /* lanplus cipher suite, -1 for the tool's default */
	int has_password;         /* a password is known to the host (never shown) */
};

/* What the host asks a plugin to flash or stage.  Borrowed for the call. */
#define FWD_FLASH_ALLOW_DOWNGRADE   (1u << 0)
#define FWD_FLASH_ALLOW_REINSTALL   (1u << 1)
#define FWD_FLASH_DRY_RUN           (1u << 2) /* plan only: change nothing */
#define FWD_FLASH_NO_PRESERVE_SETTINGS (1u << 3)
#define FWD_FLASH_REBOOT            (1u << 4) /* the operator allowed a host reboot */
#define FWD_FLASH_OVERWRITE_BMC_CONFIG (1u << 5) /* since 1.1: reset the BMC's settings
                                                   to factory defaults (sum --overwrite_cfg) */
#define FWD_FLASH_RESUME            (1u << 6) /* since 1.2: an interrupted run of the same
                                                 image may have got this far: look at what the
                                                 firmware holds before uploading again */

struct fwd_flash_request {
	size_t size;              /* sizeof(struct fwd_flash_request) of the host */

	/* since 1.0 */
	const char *image_path;   /* the host's private, verified copy of the image */
	const char *sha256;       /* its SHA-256, lowercase hex */
	const char *format;       /* "hpm1", or NULL for a vendor format */
	unsigned flags;           /* FWD_FLASH_* */
	const char *version;      /* the version the image installs ("1.72"), or NULL */
	unsigned bmc_wait_s;      /* how long to wait for a BMC to come back */

	/* since 1.1 */
	const char *running_version; /* what the component ran before, or NULL */
	unsigned job_wait_s;      /* how long to follow a vendor job (racadm) */
};

/* The versions running now.  Host-owned; the plugin fills the buffers. */
struct fwd_versions {
	size_t size;              /* sizeof(struct fwd_versions) of the host */

	/* since 1.0 */
	char bmc[64];             /* "" when unknown */
	char bios[64];            /* "" when unknown */
};

/* What the BMC says of itself (IPMI Get Device ID, as `ipmitool mc info`
 * prints it).  Host-owned; filled by host->bmc_info() and bmc_wait(). */
struct fwd_bmc_info {
	size_t size;              /* sizeof(struct fwd_bmc_info) of the host */

	/* since 1.0 */
	uint32_t manufacturer_id; /* IANA: Supermicro 10876, Dell 674 */
	uint32_t product_id;
	uint32_t device_id;
	char firmware[16];        /* "1.72": major.minor as mc info prints it */
	char manufacturer_name[64];
	char product_name[64];
	uint8_t aux[4];           /* Aux Firmware Rev Info bytes, 0 when absent */
};

/* A step of a run, as the operator and the journal see it. */
enum fwd_step_state {
	FWD_STEP_BEGIN = 0,       /* starting now */
	FWD_STEP_DONE = 1,        /* finished well */
	FWD_STEP_FAILED = 2,      /* finished badly: the run stops here */
	FWD_STEP_SKIPPED = 3      /* not needed (say why) */
};

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

struct fwd_tool_cmd {
	size_t size;              /* sizeof(struct fwd_tool_cmd): use FWD_TOOL_CMD_INIT */

	/* since 1.0 */
	const char *tool;         /* "ipmitool", "sum", "racadm": looked up by the host
	                             (FWDISPATCH_IPMITOOL, ... or PATH); borrowed */
	const char *const *args;  /* arguments after the program name, NULL-terminated; borrowed */
	unsigned flags;           /* FWD_TOOL_* */
	unsigned timeout_ms;      /* 0: the host's default */
	/* Called for each complete line of output as it arrives (stream 1 or 2),
	 * for progress; the line is borrowed.  May be NULL. */
	void (*on_line)(void *payload, int stream, const char *line);
	void *payload;
};
#define FWD_TOOL_CMD_INIT { .size = sizeof(struct fwd_tool_cmd) }

struct fwd_tool_result {
	size_t size;              /* sizeof(struct fwd_tool_result): use FWD_TOOL_RESULT_INIT */

	/* since 1.0 */
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
#define FWD_TOOL_RESULT_INIT { .size = sizeof(struct fwd_tool_result), .exit_code = -1 }

/* ---- The host-services table. ---- */
struct fwd_host_api {
	uint32_t abi_major;
	uint32_t abi_minor;
	size_t size;              /* sizeof(struct fwd_host_api) of the host */

	/* since 1.0 */
	const char *host_version; /* fwdispatch's version string */

	void (*log)(struct fwd_ctx *ctx, enum fwd_log_level level,
		    const char *fmt, ...) FWD_PRINTF(3, 4);
	/* Records why the call fails, for the operator; returns code. */
	int (*set_error)(struct fwd_ctx *ctx, int code, const char *fmt, ...)
		FWD_PRINTF(3, 4);
	/* A long step's progress: done of total units (bytes for uploads). */
	void (*progress)(struct fwd_ctx *ctx, const char *step, uint64_t done,
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
	 * where it stopped.  name is a short identifier ("bmc-upload").
	 */
	void (*step)(struct fwd_ctx *ctx, const char *name, enum fwd_step_state state,
		     const char *fmt, ...) FWD_PRINTF(4, 5);

	/*
	 * Asks the target BMC who it is (`ipmitool mc info`), once, with a
	 * short timeout.  Returns 0 with *out filled, -FWD_E_BMC_GONE when it
	 * does not answer, -FWD_E_TOOL_MISSING, or -FWD_E_BAD_INPUT when the
	 * answer cannot be read; the error is set.
	 */
	int (*bmc_info)(struct fwd_ctx *ctx, struct fwd_bmc_info *out);

	/*
	 * Waits until the BMC answers again (after a reset), polling with a
	 * bounded total wait of timeout_s seconds; reports progress while it
	 * waits.  Returns 0 with *out filled and *waited_ms set, or
	 * -FWD_E_BMC_GONE when the bound ran out.
	 */
	int (*bmc_wait)(struct fwd_ctx *ctx, unsigned timeout_s, struct fwd_bmc_info *out,
			uint64_t *waited_ms);

	/* since 1.2 */
	/*
	 * For FWD_FLASH_DRY_RUN: records in the run's plan that step would run
	 * cmd (what: why, in a few words), as the exact command line with the
	 * target options the host adds and the password masked, and marks the
	 * step skipped.  Runs nothing.  Returns 0, or -FWD_E_TOOL_MISSING with
	 * the error set when the tool is not installed: a dry run is also the
	 * preflight, so pass that on.
	 */
	int (*plan)(struct fwd_ctx *ctx, const char *step, const struct fwd_tool_cmd *cmd,
		    const char *what);
};

/* Does the host's table (or any sized struct from the host) have member? */
#define FWD_SIZE_HAS(ptr, type, member)                                        \
	((ptr)->size >= offsetof(type, member) + sizeof(((type *)0)->member))
#define FWD_HOST_HAS(host, member) FWD_SIZE_HAS(host, struct fwd_host_api, member)

/* ---- The plugin's vtable. ---- */
struct fwd_plugin {
	uint32_t abi_major;       /* FWD_ABI_MAJOR the plugin was built with */
	uint32_t abi_minor;       /* FWD_ABI_MINOR the plugin was built with */
	size_t size;              /* sizeof(struct fwd_plugin): use FWD_PLUGIN_INIT */

	/* since 1.0; the strings are the plugin's and must outlive it */
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

	/* Fills *out (host-owned) with the versions running now. */
	int (*read_versions)(struct fwd_ctx *ctx, const struct fwd_identity *id,
			     struct fwd_versions *out);
	/* Adds what it saved to backup (a borrowed JSON object). */
	int (*backup)(struct fwd_ctx *ctx, const struct fwd_identity *id,
		      struct fwd_json *backup);
	/* Flashes the BMC, waits until it answers again and verifies it;
	 * adds steps and versions to result (a borrowed JSON object). */
	int (*flash_bmc)(struct fwd_ctx *ctx, const struct fwd_identity *id,
			 const struct fwd_flash_request *req, struct fwd_json *result);
	/* Stages a BIOS image to be applied at the next host reboot. */
	int (*stage_bios)(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const struct fwd_flash_request *req, struct fwd_json *result);
	/* Appends {id, title, when, steps[]} objects to hints (a borrowed array). */
	int (*recovery_hints)(struct fwd_ctx *ctx, const struct fwd_identity *id,
			      struct fwd_json *hints);

	/* since 1.1; may be NULL */

	/*
	 * The state of a job the plugin reported earlier (a Dell BIOS job that
	 * runs at the next host reboot): sets "status" (Scheduled, Running,
	 * Completed, Failed, ...), "message" and "percent" in out (a borrowed
	 * JSON object).  Returns 0, or a negative code when it cannot be read.
	 */
	int (*job_status)(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const char *job_id, struct fwd_json *out);
};

/*
 * What the entry points put in their JSON, by convention:
 *  - flash_bmc result: "after" (version running at the end, or null),
 *    "wait_ms", and "job_id" when a vendor job did the work;
 *  - stage_bios result: "reboot_required" (true once staged), "job_id"
 *    (or null), "preserve_settings", "tool_output" (the tool's last lines);
 *  - recovery_hints: objects {"id", "title", "when", "steps": [...],
 *    "applies": [...]}, where "applies" names the parts a failure must
 *    touch for the hint to be shown: "bmc", "bios", "lan".  Ids in use:
 *    "bmc-unreachable", "bios-no-post", "hard-lock", "lan-lost".
 */

/* The smallest vtable a 1.x host accepts: everything up to recovery_hints. */
#define FWD_PLUGIN_SIZE_1_0                                                    \
	(offsetof(struct fwd_plugin, recovery_hints) +                         \
	 sizeof(((struct fwd_plugin *)0)->recovery_hints))

#define FWD_PLUGIN_INIT                                                        \
	.abi_major = FWD_ABI_MAJOR, .abi_minor = FWD_ABI_MINOR,                \
	.size = sizeof(struct fwd_plugin)

#ifdef __cplusplus
}
#endif

#endif /* FWDISPATCH_FWD_PLUGIN_H */
