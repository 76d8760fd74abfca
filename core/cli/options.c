/*
 * options.c: the shared option parser.
 *
 * One table of every option fwdispatch knows, each tagged with its group;
 * a command accepts the groups its entry names, and an option from
 * another group is a usage error rather than silently ignored.  The
 * config file's keys are some of these options, and its values go
 * through the same apply() as the command line's, after it.
 */
#include "cli/cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/trusted-keys.h"
#include "plugin-host/plugins.h"
#include "util/edit-distance.h"
#include "util/error.h"

enum opt_id {
	OPT_HELP = 'h',
	OPT_VERBOSE = 'v',
	OPT_QUIET = 'q',
	OPT_JSON = 256,
	OPT_PLUGIN_DIR,
	OPT_SYSFS_ROOT,
	OPT_DMI_FILE,
	OPT_PLUGIN,
	OPT_HOST,
	OPT_PORT,
	OPT_USER,
	OPT_PASSWORD_FILE,
	OPT_CIPHER,
	OPT_IPMI_REQUEST_SIZE,
	OPT_REDFISH,
	OPT_PROTOCOL,
	OPT_CACERT,
	OPT_INSECURE,
	OPT_PIN_CERT,
	OPT_STATE_DIR,
	OPT_SHA256,
	OPT_BMC,
	OPT_BMC_URL,
	OPT_SHA256_BMC,
	OPT_ALLOW_DOWNGRADE,
	OPT_ALLOW_REINSTALL,
	OPT_BMC_TIMEOUT,
	OPT_DRY_RUN,
	OPT_BIOS,
	OPT_BIOS_URL,
	OPT_SHA256_BIOS,
	OPT_NO_PRESERVE,
	OPT_REBOOT,
	OPT_OVERWRITE_BMC_CONFIG,
	OPT_BMC_VERSION,
	OPT_JOB_TIMEOUT,
	OPT_YES,
	OPT_MANIFEST,
	OPT_DETACH,
	OPT_EVENTS,
	OPT_FOLLOW,
	OPT_REBOOTED,
	OPT_BIOS_VERSION,
	OPT_ABANDON_UNFINISHED,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_SIGNATURE,
	OPT_TRUST_KEY,
	OPT_ALLOW_POWER_RISK,
	OPT_ALLOW_SELFTEST_FAILURE,
	OPT_REMOVE_IMAGES,
	OPT_PROMETHEUS,
	OPT_OUTPUT,
	OPT_TARGETS,
};

struct opt_desc {
	const char *name;
	int has_arg;
	int id;
	unsigned group;
	const char *arg;   /* placeholder shown in help */
	const char *help;
};

static const struct opt_desc opt_table[] = {
	{ "json", no_argument, OPT_JSON, FWD_OPT_JSON, NULL,
	  "print one JSON document on stdout (schema fwdispatch/1)" },
	{ "plugin-dir", required_argument, OPT_PLUGIN_DIR, FWD_OPT_PLUGINS, "DIR",
	  "load plugins from DIR (default: $FWDISPATCH_PLUGIN_DIR, else the installed folder)" },
	{ "sysfs-root", required_argument, OPT_SYSFS_ROOT, FWD_OPT_IDENTITY, "DIR",
	  "read DMI from DIR/class/dmi/id instead of /sys/class/dmi/id" },
	{ "dmi-file", required_argument, OPT_DMI_FILE, FWD_OPT_IDENTITY, "FILE",
	  "read DMI from a dmidecode dump (what 'dmidecode > FILE' wrote)" },
	{ "plugin", required_argument, OPT_PLUGIN, FWD_OPT_IDENTITY, "NAME",
	  "use plugin NAME whatever the scores say" },
	{ "host", required_argument, OPT_HOST, FWD_OPT_TARGET, "HOST",
	  "an out-of-band BMC over IPMI lanplus, or Redfish with --redfish (default: the "
	  "local BMC, in-band)" },
	{ "port", required_argument, OPT_PORT, FWD_OPT_TARGET, "PORT",
	  "the BMC's RMCP+ port (default 623), or HTTPS port with --redfish (default 443)" },
	{ "redfish", no_argument, OPT_REDFISH, FWD_OPT_TARGET, NULL,
	  "reach the --host BMC through Redfish over HTTPS (the same as --protocol redfish)" },
	{ "protocol", required_argument, OPT_PROTOCOL, FWD_OPT_TARGET, "ipmi|redfish",
	  "how to reach the --host BMC (default ipmi)" },
	{ "cacert", required_argument, OPT_CACERT, FWD_OPT_TARGET, "FILE",
	  "Redfish: trust the BMC's certificate if FILE's CA signed it (default: pin the "
	  "certificate on first use)" },
	{ "pin-cert", required_argument, OPT_PIN_CERT, FWD_OPT_TARGET, "SHA256",
	  "Redfish: trust only the certificate with this SHA-256 fingerprint, and pin it" },
	{ "insecure", no_argument, OPT_INSECURE, FWD_OPT_TARGET, NULL,
	  "Redfish: do not verify the BMC's certificate at all (recorded in the journal)" },
	{ "user", required_argument, OPT_USER, FWD_OPT_TARGET, "USER",
	  "the BMC user" },
	{ "password-file", required_argument, OPT_PASSWORD_FILE, FWD_OPT_TARGET, "FILE",
	  "read the BMC password from FILE (mode 0600); else from $IPMI_PASSWORD "
	  "(Redfish: $" FWD_REDFISH_PASSWORD_ENV ")" },
	{ "cipher", required_argument, OPT_CIPHER, FWD_OPT_TARGET, "N",
	  "the lanplus cipher suite (default: ipmitool's)" },
	{ "ipmi-request-size", required_argument, OPT_IPMI_REQUEST_SIZE, FWD_OPT_TARGET,
	  "auto|default|N", "the longest IPMI request (ipmitool -z) an HPM.1 upload sends "
	  "out of band: auto asks the BMC (default), default is ipmitool's 38 bytes" },
	{ "state-dir", required_argument, OPT_STATE_DIR, FWD_OPT_STATE, "DIR",
	  "where backups, journal and history live (default " FWD_DEFAULT_STATE_DIR ")" },
	{ "sha256", required_argument, OPT_SHA256, FWD_OPT_SHA256, "HEX",
	  "the image's expected SHA-256 (default: IMAGE.sha256 when present)" },
	{ "bmc", required_argument, OPT_BMC, FWD_OPT_UPDATE, "IMAGE",
	  "flash this BMC image (HPM.1)" },
	{ "bmc-url", required_argument, OPT_BMC_URL, FWD_OPT_UPDATE, "URL",
	  "Redfish: the BMC pulls its image from URL (SimpleUpdate); --sha256-bmc required" },
	{ "sha256-bmc", required_argument, OPT_SHA256_BMC, FWD_OPT_UPDATE, "HEX",
	  "the BMC image's expected SHA-256 (default: IMAGE.sha256 when present)" },
	{ "allow-downgrade", no_argument, OPT_ALLOW_DOWNGRADE, FWD_OPT_UPDATE, NULL,
	  "allow installing an older version than the running one" },
	{ "allow-reinstall", no_argument, OPT_ALLOW_REINSTALL, FWD_OPT_UPDATE, NULL,
	  "allow installing the version that already runs" },
	{ "allow-power-risk", no_argument, OPT_ALLOW_POWER_RISK, FWD_OPT_UPDATE, NULL,
	  "go on although a power supply failed, lost AC or redundancy (recorded in the history)" },
	{ "allow-bmc-selftest-failure", no_argument, OPT_ALLOW_SELFTEST_FAILURE, FWD_OPT_UPDATE,
	  NULL, "go on although the BMC fails its own self-test (recorded in the history)" },
	{ "remove-images", no_argument, OPT_REMOVE_IMAGES, FWD_OPT_UPDATE, NULL,
	  "after success, delete the image files named on the command line" },
	{ "abandon-unfinished", no_argument, OPT_ABANDON_UNFINISHED, FWD_OPT_UPDATE, NULL,
	  "start anew although the target's last run is unfinished (instead of resuming it)" },
	{ "bmc-timeout", required_argument, OPT_BMC_TIMEOUT, FWD_OPT_WAITS, "S",
	  "wait at most S seconds for the BMC to answer after its reset (default 600)" },
	{ "bios", required_argument, OPT_BIOS, FWD_OPT_BIOS, "IMAGE",
	  "stage this BIOS image through the vendor's tool (applied at the next reboot)" },
	{ "bios-url", required_argument, OPT_BIOS_URL, FWD_OPT_BIOS, "URL",
	  "Redfish: the BMC pulls the BIOS image from URL (SimpleUpdate); --sha256-bios required" },
	{ "sha256-bios", required_argument, OPT_SHA256_BIOS, FWD_OPT_BIOS, "HEX",
	  "the BIOS image's expected SHA-256 (required unless IMAGE.sha256 exists)" },
	{ "no-preserve-settings", no_argument, OPT_NO_PRESERVE, FWD_OPT_BIOS, NULL,
	  "do not keep the BIOS settings (Supermicro: no --preserve_setting)" },
	{ "reboot", no_argument, OPT_REBOOT, FWD_OPT_BIOS, NULL,
	  "let the vendor tool reboot the host to apply the BIOS (never done otherwise)" },
	{ "overwrite-bmc-config", no_argument, OPT_OVERWRITE_BMC_CONFIG, FWD_OPT_BIOS, NULL,
	  "reset the BMC's settings to factory defaults with a vendor BMC image (sum --overwrite_cfg)" },
	{ "bmc-version", required_argument, OPT_BMC_VERSION, FWD_OPT_BIOS, "VER",
	  "the version a vendor BMC image installs, checked after the flash" },
	{ "job-timeout", required_argument, OPT_JOB_TIMEOUT, FWD_OPT_WAITS, "S",
	  "follow a vendor job (racadm) or a Redfish task for at most S seconds (default 1800)" },
	{ "bios-version", required_argument, OPT_BIOS_VERSION, FWD_OPT_BIOS, "VER",
	  "the version a BIOS image installs, checked by 'fwdispatch verify' after the reboot" },
	{ "manifest", required_argument, OPT_MANIFEST, FWD_OPT_MANIFEST, "FILE",
	  "take images, SHA-256s, boards and upgrade path from a manifest (see README)" },
	{ "signature", required_argument, OPT_SIGNATURE, FWD_OPT_MANIFEST, "FILE",
	  "the manifest's Ed25519 signature (64 bytes, 'openssl pkeyutl -sign -rawin'); "
	  "required once a key is trusted" },
	{ "trust-key", required_argument, OPT_TRUST_KEY, FWD_OPT_MANIFEST, "KEY.pem",
	  "an Ed25519 public key (PEM) that may sign the manifest, as may each *.pem in "
	  FWD_TRUSTED_KEYS_DIR },
	{ "yes", no_argument, OPT_YES, FWD_OPT_YES, NULL,
	  "do not ask for confirmation (required when stdin is not a terminal)" },
	{ "detach", no_argument, OPT_DETACH, FWD_OPT_RUN, NULL,
	  "after the preflight, carry on in the background; output in the log beside the journal" },
	{ "events", no_argument, OPT_EVENTS, FWD_OPT_RUN, NULL,
	  "print NDJSON events on stdout: step start/end, progress, then the final document" },
	{ "follow", no_argument, OPT_FOLLOW, FWD_OPT_FOLLOW, NULL,
	  "keep showing the run as it goes, until it ends" },
	{ "rebooted", no_argument, OPT_REBOOTED, FWD_OPT_REBOOTED, NULL,
	  "the host has rebooted since the BIOS was staged (when fwdispatch cannot tell)" },
	{ "prometheus", no_argument, OPT_PROMETHEUS, FWD_OPT_INVENTORY, NULL,
	  "print Prometheus' text exposition format (node_exporter's textfile collector)" },
	{ "output", required_argument, OPT_OUTPUT, FWD_OPT_INVENTORY, "FILE",
	  "write the document to FILE atomically (mode 0644), not to stdout" },
	{ "targets", required_argument, OPT_TARGETS, FWD_OPT_INVENTORY, "FILE",
	  "one target a line (HOST[:PORT] [ipmi|redfish]), each read in turn" },
	{ "dry-run", no_argument, OPT_DRY_RUN, FWD_OPT_DRY_RUN, NULL,
	  "say what would be done, change nothing" },
	{ "verbose", no_argument, OPT_VERBOSE, FWD_OPT_VERBOSE, NULL,
	  "say more (repeat for the commands fwdispatch runs)" },
	{ "quiet", no_argument, OPT_QUIET, FWD_OPT_VERBOSE, NULL,
	  "only errors on stderr" },
	{ "config", required_argument, OPT_CONFIG, 0, "FILE",
	  "take defaults from FILE (default: $" FWD_CONFIG_ENV ", else " FWD_CONFIG_FILE ")" },
	{ "no-config", no_argument, OPT_NO_CONFIG, 0, NULL,
	  "read no config file" },
	{ "help", no_argument, OPT_HELP, 0, NULL, "show this help" },
};
#define N_OPTS (sizeof(opt_table) / sizeof(opt_table[0]))

/* The options the config file may set: host-independent defaults.  Never
 * a password: only the file that holds it. */
static const char *const config_keys[] = {
	"user", "password-file", "cipher", "ipmi-request-size", "state-dir", "plugin-dir",
	"bmc-timeout", "job-timeout", "trust-key", NULL
};

static const struct opt_desc *find_opt(int id)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (opt_table[i].id == id)
			return &opt_table[i];
	return NULL;
}

static const struct opt_desc *find_opt_named(const char *name)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (!strcmp(opt_table[i].name, name))
			return &opt_table[i];
	return NULL;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno || *end || *out > max ? -1 : 0;
}

/* A wrong command line, said once, in JSON too when it was asked for; -1. */
static int FWD_PRINTF(2, 3) usage_error(struct fwd_cli *cli, const char *fmt, ...)
{
	char msg[FWD_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (cli->origin)
		fwd_cli_usage_error(cli->command, cli->json, "%s: %s", cli->origin, msg);
	else
		fwd_cli_usage_error(cli->command, cli->json, "%s", msg);
	return -1;
}

/* --pin-cert: 64 hex digits, with or without the colons a browser shows. */
static int parse_pin(struct fwd_cli *cli, const char *arg)
{
	char *pin = cli->target.pin_cert;
	size_t n = 0, bad = 0;

	for (const char *p = arg; *p; p++) {
		if (*p == ':')
			continue;
		if (!isxdigit((unsigned char)*p) || n >= 64)
			bad = 1;
		else
			pin[n++] = (char)tolower((unsigned char)*p);
	}
	pin[n] = '\0';
	if (bad || n != 64) {
		pin[0] = '\0';
		return usage_error(cli, "--pin-cert '%s' is not a SHA-256 fingerprint (64 hex "
				   "digits, colons allowed)", arg);
	}
	return 0;
}

static int dup_once(struct fwd_cli *cli, char **slot, const char *value, const char *name)
{
	if (*slot)
		return usage_error(cli, "--%s given twice", name);
	*slot = strdup(value);
	return *slot ? 0 : -1;
}

static int apply(struct fwd_cli *cli, const struct opt_desc *o, const char *arg)
{
	unsigned long v;

	switch (o->id) {
	case OPT_JSON: cli->json = 1; return 0;
	case OPT_VERBOSE: cli->verbose = cli->verbose < 0 ? 1 : cli->verbose + 1; return 0;
	case OPT_QUIET: cli->verbose = -1; return 0;
	case OPT_PLUGIN_DIR: cli->identify.plugin_dir = arg; return 0;
	case OPT_SYSFS_ROOT: cli->identify.sysfs_root = arg; return 0;
	case OPT_DMI_FILE: cli->identify.dmi_file = arg; return 0;
	case OPT_PLUGIN: cli->identify.plugin = arg; return 0;
	case OPT_SHA256: cli->sha256 = arg; return 0;
	case OPT_BMC: cli->update.bmc_image = arg; return 0;
	case OPT_BMC_URL: cli->update.bmc_url = arg; return 0;
	case OPT_SHA256_BMC: cli->update.bmc_sha256 = arg; return 0;
	case OPT_ALLOW_DOWNGRADE: cli->update.flags |= FWD_FLASH_ALLOW_DOWNGRADE; return 0;
	case OPT_ALLOW_REINSTALL: cli->update.flags |= FWD_FLASH_ALLOW_REINSTALL; return 0;
	case OPT_ALLOW_POWER_RISK: cli->update.run_flags |= FWD_RUN_ALLOW_POWER_RISK; return 0;
	case OPT_ALLOW_SELFTEST_FAILURE:
		cli->update.run_flags |= FWD_RUN_ALLOW_SELFTEST_FAILURE;
		return 0;
	case OPT_REMOVE_IMAGES: cli->update.run_flags |= FWD_RUN_REMOVE_IMAGES; return 0;
	case OPT_DRY_RUN: cli->dry_run = 1; return 0;
	case OPT_BIOS: cli->update.bios_image = arg; return 0;
	case OPT_BIOS_URL: cli->update.bios_url = arg; return 0;
	case OPT_SHA256_BIOS: cli->update.bios_sha256 = arg; return 0;
	case OPT_NO_PRESERVE: cli->update.flags |= FWD_FLASH_NO_PRESERVE_SETTINGS; return 0;
	case OPT_REBOOT: cli->update.flags |= FWD_FLASH_REBOOT; return 0;
	case OPT_OVERWRITE_BMC_CONFIG: cli->update.flags |= FWD_FLASH_OVERWRITE_BMC_CONFIG; return 0;
	case OPT_BMC_VERSION: cli->update.bmc_version = arg; return 0;
	case OPT_BIOS_VERSION: cli->update.bios_version = arg; return 0;
	case OPT_MANIFEST: cli->update.manifest = arg; return 0;
	case OPT_SIGNATURE: cli->update.signature = arg; return 0;
	case OPT_TRUST_KEY:
		cli->update.trust_key = arg;
		/* The file's applies only with a manifest; one typed must have one. */
		cli->trust_key_from_config = cli->origin != NULL;
		return 0;
	case OPT_YES: cli->yes = 1; return 0;
	case OPT_ABANDON_UNFINISHED: cli->abandon_unfinished = 1; return 0;
	case OPT_DETACH: cli->detach = 1; return 0;
	case OPT_EVENTS: cli->events = 1; return 0;
	case OPT_FOLLOW: cli->follow = 1; return 0;
	case OPT_REBOOTED: cli->rebooted = 1; return 0;
	case OPT_PROMETHEUS: cli->prometheus = 1; return 0;
	case OPT_OUTPUT: cli->output = arg; return 0;
	case OPT_TARGETS: cli->targets_file = arg; return 0;
	case OPT_NO_CONFIG: cli->no_config = 1; return 0;
	case OPT_CONFIG:
		if (cli->config_path)
			return usage_error(cli, "--config given twice");
		cli->config_path = arg;
		return 0;
	case OPT_JOB_TIMEOUT:
		if (parse_uint(arg, 86400, &v) || v == 0) {
			return usage_error(cli, "--job-timeout '%s' is not a number of seconds "
				     "(1-86400)", arg);
		}
		cli->update.job_wait_s = (unsigned)v;
		return 0;
	case OPT_BMC_TIMEOUT:
		if (parse_uint(arg, 86400, &v) || v == 0) {
			return usage_error(cli, "--bmc-timeout '%s' is not a number of seconds "
				     "(1-86400)", arg);
		}
		cli->update.bmc_wait_s = (unsigned)v;
		return 0;
	case OPT_HOST:
		if (!*arg)
			return usage_error(cli, "--host needs a host name or address");
		return dup_once(cli, &cli->target.host, arg, o->name);
	case OPT_USER: return dup_once(cli, &cli->target.user, arg, o->name);
	case OPT_PASSWORD_FILE: return dup_once(cli, &cli->target.password_file, arg, o->name);
	case OPT_STATE_DIR: return dup_once(cli, &cli->target.state_dir, arg, o->name);
	case OPT_PORT:
		if (parse_uint(arg, 65535, &v) || v == 0)
			return usage_error(cli, "--port '%s' is not a port number (1-65535)", arg);
		cli->target.pub.port = (unsigned)v;
		cli->target.port_given = 1;
		return 0;
	case OPT_REDFISH:
		cli->target.redfish = 1;
		return 0;
	case OPT_PROTOCOL:
		if (strcmp(arg, "redfish") && strcmp(arg, "ipmi"))
			return usage_error(cli, "--protocol '%s' is not ipmi or redfish", arg);
		cli->target.redfish = !strcmp(arg, "redfish");
		return 0;
	case OPT_CACERT: return dup_once(cli, &cli->target.cacert, arg, o->name);
	case OPT_INSECURE:
		cli->target.insecure = 1;
		return 0;
	case OPT_PIN_CERT:
		return parse_pin(cli, arg);
	case OPT_CIPHER:
		if (parse_uint(arg, 255, &v))
			return usage_error(cli, "--cipher '%s' is not a cipher suite number", arg);
		cli->target.pub.cipher = (int)v;
		return 0;
	case OPT_IPMI_REQUEST_SIZE:
		/* 48 leaves a block after cipher suite 3's 17 bytes; ipmitool
		 * keeps answers in 1024 bytes and so do most BMCs' buffers. */
		if (!strcmp(arg, "auto"))
			cli->target.request_size = FWD_REQUEST_SIZE_AUTO;
		else if (!strcmp(arg, "default"))
			cli->target.request_size = 0;
		else if (parse_uint(arg, 1024, &v) == 0 && v >= 48)
			cli->target.request_size = (int)v;
		else
			return usage_error(cli, "--ipmi-request-size '%s' is not auto, default or "
					   "a number of bytes from 48 to 1024", arg);
		return 0;
	}
	return -1;
}

/* The option of this command the operator most likely meant by name[0..len). */
static const struct opt_desc *meant(const struct fwd_cmd_entry *entry, const char *name,
				    size_t len)
{
	const struct opt_desc *best = NULL;
	size_t best_edits = 3;

	for (size_t i = 0; i < N_OPTS; i++) {
		const struct opt_desc *o = &opt_table[i];
		size_t e;

		if (o->group && !(o->group & entry->options))
			continue;
		/* An abbreviation names what it abbreviates. */
		e = len && !strncmp(o->name, name, len) ? 1 : fwd_edit_distance(name, len, o->name);
		if (e < best_edits) {
			best = o;
			best_edits = e;
		}
	}
	return best;
}

/*
 * Every "--name" must be an option's whole name: getopt would take a
 * unique abbreviation ("--dry" for --dry-run), and a mistyped option is
 * better refused with a suggestion than read as another.
 */
static int check_long_names(const struct fwd_cmd_entry *entry, int argc, char **argv,
			    struct fwd_cli *cli)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *name = argv[i] + 2;
		size_t len = strcspn(name, "=");
		const struct opt_desc *o = NULL, *guess;

		if (strncmp(argv[i], "--", 2) != 0)
			continue;
		for (size_t k = 0; k < N_OPTS && !o; k++)
			if (strlen(opt_table[k].name) == len && !strncmp(opt_table[k].name, name, len))
				o = &opt_table[k];
		if (o) {
			if (o->has_arg == required_argument && !name[len])
				i++; /* its value, whatever it looks like */
			continue;
		}
		guess = meant(entry, name, len);
		if (guess)
			return usage_error(cli, "unknown option '--%.*s': did you mean --%s?", (int)len,
				     name, guess->name);
		return usage_error(cli, "unknown option '--%.*s'", (int)len, name);
	}
	return 0;
}

/* The environment of this run wins over the file, as its command line
 * does: $FWDISPATCH_PLUGIN_DIR over plugin-dir, $IPMI_PASSWORD over
 * password-file. */
static int env_wins(const struct opt_desc *o)
{
	const char *name = o->id == OPT_PLUGIN_DIR ? FWD_PLUGIN_DIR_ENV :
			   o->id == OPT_PASSWORD_FILE ? "IPMI_PASSWORD" : NULL;
	const char *value = name ? getenv(name) : NULL;

	return value && *value;
}

/* Whether the config file's value for o is this command's default: the
 * command takes o, neither the command line nor the environment gave
 * it, and the BMC credentials only with --host (in-band uses none). */
static int config_applies(const struct fwd_cmd_entry *entry, const struct fwd_cli *cli,
			  const struct opt_desc *o, const unsigned char *given)
{
	if (given[o - opt_table] || env_wins(o) ||
	    !(o->group & entry->options & ~entry->not_from_config))
		return 0;
	return o->group != FWD_OPT_TARGET || cli->target.host != NULL;
}

/*
 * The config file's defaults.  Every value goes through its option's own
 * check, also the ones that do not apply now (those on a scratch
 * command line): a wrong file fails every command alike.  Returns 0, or
 * the exit code once the error is said.
 */
static int apply_config(const struct fwd_cmd_entry *entry, struct fwd_cli *cli,
			const unsigned char *given)
{
	struct fwd_err err = { 0 };
	char origin[FWD_ERROR_MAX / 2];
	int ret = 0;

	if (cli->config_path && cli->no_config)
		return fwd_cli_usage_error(cli->command, cli->json,
					   "--config and --no-config together make no sense");
	if (fwd_config_load(&cli->config, cli->config_path, cli->no_config, config_keys, &err))
		return fwd_cli_error(cli->command, cli->json, err.code, "%s", err.msg);
	for (size_t i = 0; i < cli->config.n && !ret; i++) {
		const struct fwd_config_entry *e = &cli->config.entries[i];
		const struct opt_desc *o = find_opt_named(e->key);
		struct fwd_cli scratch, *into = cli;

		if (!o)
			return fwd_cli_error(cli->command, cli->json, -FWD_E_INTERNAL,
					     "config key '%s' is no option", e->key);
		if (!config_applies(entry, cli, o, given)) {
			memset(&scratch, 0, sizeof(scratch));
			fwd_target_init(&scratch.target);
			scratch.command = cli->command;
			scratch.json = cli->json;
			into = &scratch;
		}
		snprintf(origin, sizeof(origin), "config file '%s' line %u", cli->config.path,
			 e->line);
		into->origin = origin;
		ret = apply(into, o, e->value) ? FWD_EXIT_USAGE : 0;
		into->origin = NULL;
		if (into == &scratch)
			fwd_target_release(&scratch.target);
	}
	return ret;
}

int fwd_cli_parse(const struct fwd_cmd_entry *entry, int argc, char **argv,
		  struct fwd_cli *cli)
{
	unsigned char given[N_OPTS] = { 0 };
	struct option longopts[N_OPTS + 1];
	char shortopts[16] = ":";
	size_t n = 0;
	int c;

	memset(cli, 0, sizeof(*cli));
	fwd_target_init(&cli->target);
	cli->command = entry->name;
	/* Asked for JSON, the operator gets it also for a wrong command line. */
	cli->json = fwd_cli_wants_json(argc, argv);
	if (check_long_names(entry, argc, argv, cli))
		goto usage_said;

	for (size_t i = 0; i < N_OPTS; i++) {
		/* Every option is known to getopt, so a wrong one gets a precise message. */
		longopts[n].name = opt_table[i].name;
		longopts[n].has_arg = opt_table[i].has_arg;
		longopts[n].flag = NULL;
		longopts[n].val = opt_table[i].id;
		n++;
	}
	memset(&longopts[n], 0, sizeof(longopts[n]));
	strcat(shortopts, "h");
	if (entry->options & FWD_OPT_VERBOSE)
		strcat(shortopts, "vq");

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct opt_desc *o;

		if (c == OPT_HELP)
			return -1;
		if (c == '?') {
			if (optopt && optopt < 256)
				usage_error(cli, "unknown option '-%c'", optopt);
			else
				usage_error(cli, "unknown option '%s'", argv[optind - 1]);
			goto usage_said;
		}
		if (c == ':') {
			usage_error(cli, "option '%s' needs a value", argv[optind - 1]);
			goto usage_said;
		}
		o = find_opt(c);
		if (!o || (o->group && !(o->group & entry->options))) {
			usage_error(cli, "option '--%s' does not apply to '%s'", o ? o->name : "?",
			      entry->name);
			goto usage_said;
		}
		if (apply(cli, o, optarg))
			goto usage_said;
		given[o - opt_table] = 1;
	}
	cli->args = argv + optind;
	cli->nargs = argc - optind;
	if (cli->nargs < entry->min_args) {
		usage_error(cli, "missing argument");
		goto usage_said;
	}
	if (entry->max_args >= 0 && cli->nargs > entry->max_args) {
		usage_error(cli, "unexpected argument '%s'", cli->args[entry->max_args]);
		goto usage_said;
	}
	return apply_config(entry, cli, given);
usage_said:
	fprintf(stderr, "usage: fwdispatch %s %s\n(see 'fwdispatch %s --help')\n",
		entry->name, entry->usage, entry->name);
	return FWD_EXIT_USAGE;
}

void fwd_cli_release(struct fwd_cli *cli)
{
	fwd_target_release(&cli->target);
	fwd_config_release(&cli->config);
}

void fwd_cli_print_command_help(const struct fwd_cmd_entry *entry, FILE *f)
{
	fprintf(f, "usage: fwdispatch %s %s\n\n%s\n", entry->name, entry->usage, entry->summary);
	if (entry->help)
		fprintf(f, "\n%s", entry->help);
	fprintf(f, "\noptions:\n");
	for (size_t i = 0; i < N_OPTS; i++) {
		const struct opt_desc *o = &opt_table[i];
		char left[64];

		if (o->group && !(o->group & entry->options))
			continue;
		if (o->id < 256)
			snprintf(left, sizeof(left), "-%c, --%s", o->id, o->name);
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-26s %s\n", left, o->help);
	}
}
