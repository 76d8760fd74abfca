/*
 * sum-exit.c: what sum's exit codes mean for the operator.  See sum.h.
 *
 * The SUM user's guide groups its exit codes in families: 1-30 command
 * line, 31-59 resources, 60-79 file parsing, 80-99 IPMI operations,
 * 100-119 in-band operations, 120-199 IPMI communication.  What the
 * operator must learn first is whether anything was written:
 *
 *  -FWD_E_REFUSED (exit 3): codes that sum only returns before it writes
 *    anything: a command line it did not accept, an image it could not
 *    open or parse or that is for another board, a missing licence, no
 *    connection or login, no driver.  Nothing was flashed.
 *  -FWD_E_BUSY (exit 7): the flash is in use (106, 107).  Nothing was
 *    flashed; try again later.
 *  -FWD_E_FLASH (exit 4): everything else, including codes this table
 *    does not know: a resource, IPMI or in-band failure can happen
 *    midway, so the firmware may be half written.  Never claim "nothing
 *    was flashed" without knowing it.
 *
 * A code's family says where sum usually stops, not where it stopped: sum
 * prints a progress line for each phase ("Reading BIOS flash", then
 * "Writing BIOS flash ... (60%)"), so once its output shows writing began
 * (sum.h: sm_sum_writing_line), any failure is a flash that failed
 * part-way (-FWD_E_FLASH), with the warning not to power off.
 *
 * A code is looked up first among the single codes, then by family; the
 * first matching row wins.
 */
#include "sum.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct sum_exit {
	int lo, hi;
	int code;              /* -FWD_E_* */
	const char *meaning;   /* the code's name in SUM's guide */
	const char *headline;  /* what happened, in the operator's words */
	const char *todo;      /* what to do; {part} {board} {image} {command} expand */
};

#define REFUSED (-FWD_E_REFUSED)
#define BUSY (-FWD_E_BUSY)
#define FLASH (-FWD_E_FLASH)

static const struct sum_exit exits[] = {
	{ 4, 4, REFUSED, "no host IP, user or password",
	  "sum was not given the BMC's address, user or password",
	  "give --host, --user and --password-file" },
	{ 8, 8, REFUSED, "cannot open file", "sum cannot open the image file",
	  "check that {image} exists and that the user running fwdispatch can read it" },
	{ 10, 10, REFUSED, "host is unknown", "sum cannot resolve the BMC's address",
	  "check --host" },
	{ 12, 12, REFUSED, "function access denied", "the BMC user may not do this",
	  "use a BMC user with ADMINISTRATOR privilege" },
	{ 1, 30, REFUSED, "command line parsing failed", "sum did not accept its command line",
	  "see 'sum -h -c {command}': this sum may be too old for these options" },
	{ 35, 35, FLASH, "program interrupted and terminated", "sum was interrupted", "" },
	{ 36, 36, REFUSED, "required device does not exist", "sum found no device to update",
	  "check that this sum supports the board and, in-band, that it runs on the "
	  "server itself" },
	{ 38, 38, REFUSED, "function is not supported",
	  "the board does not support this through sum",
	  "see the platform support list in the SUM user's guide, or use the BMC web "
	  "interface" },
	{ 31, 59, FLASH, "resource management error",
	  "sum ran out of a resource (file, thread or network connection)",
	  "check the network to the BMC and the free memory" },
	{ 62, 63, REFUSED, "invalid firmware image", "sum rejected the image",
	  "check that it is the {part} image for {board} (the image itself, not the "
	  "archive or its readme); download it again and compare its SHA-256 with "
	  "Supermicro's" },
	{ 60, 79, REFUSED, "file parsing error", "sum could not parse its input",
	  "check that the image is the {part} image for {board}" },
	{ 80, 80, REFUSED, "node product key is not activated",
	  "no licence for out-of-band BIOS updates",
	  "update in-band from the host's OS, or activate an SFT-OOB-LIC or "
	  "SFT-DCMS-SINGLE node product key on the BMC" },
	{ 82, 82, REFUSED, "board information mismatch", "the image is for another board",
	  "get the {part} image for {board}" },
	{ 83, 83, REFUSED, "OOB is not supported",
	  "this board cannot be updated out-of-band through sum",
	  "update in-band from the host's OS" },
	{ 80, 99, FLASH, "IPMI operation error", "an IPMI operation failed during the update",
	  "" },
	{ 100, 100, REFUSED, "cannot open driver", "sum cannot use its in-band driver",
	  "run fwdispatch as root on the server itself, and see the kernel log (dmesg) "
	  "for the driver's error" },
	{ 105, 105, REFUSED, "cannot load driver", "sum cannot load its in-band driver",
	  "run fwdispatch as root on the server itself, and see the kernel log (dmesg) "
	  "for the driver's error" },
	{ 106, 106, BUSY, "driver is busy, try later", "sum's driver is busy",
	  "another program, maybe another update, is using it: try again later" },
	{ 107, 107, BUSY, "ROM chip is occupied, try later", "the flash chip is in use",
	  "another program, maybe another update, is using it: try again later" },
	{ 108, 108, REFUSED, "kernel module verification error",
	  "the kernel refused sum's driver",
	  "with Secure Boot on, the kernel loads only signed drivers: update "
	  "out-of-band, or see the SUM user's guide" },
	{ 100, 119, FLASH, "in-band operation error", "the in-band update failed", "" },
	{ 145, 145, REFUSED, "IPMI connection failed", "sum cannot connect to the BMC",
	  "check its address and that it answers (ipmitool mc info)" },
	{ 146, 146, REFUSED, "IPMI login failed", "the BMC refused sum's login",
	  "check the user and the password" },
	{ 149, 149, FLASH, "IPMI execution failed",
	  "an IPMI command failed during the update", "" },
	{ 120, 199, FLASH, "IPMI communication error",
	  "the communication with the BMC failed during the update", "" },
};

/* For exit codes no row knows. */
static const struct sum_exit unknown = {
	0, 0, FLASH, "unknown exit code", "sum failed", ""
};

/* Out-of-band BIOS updates without a key can also end 149 with HTTP 403
 * "not licensed": that is exit 80 in other words. */
static const struct sum_exit *licence_row(void)
{
	for (size_t i = 0; i < sizeof(exits) / sizeof(exits[0]); i++)
		if (exits[i].lo == 80 && exits[i].hi == 80)
			return &exits[i];
	return &unknown;
}

static int says_unlicensed(const struct sm_sum_outcome *o)
{
	return o->text && (strcasestr(o->text, "not licensed") ||
			   strcasestr(o->text, "license is required") ||
			   strcasestr(o->text, "product key"));
}

/* A BMC already in its firmware update mode (an update that did not end,
 * or another one running) answers sum with an error whatever the code:
 * sum did not get to write anything of its own. */
static const struct sum_exit update_mode = {
	0, 0, REFUSED, "BMC in firmware update mode",
	"the BMC is in its firmware update mode (an earlier update did not end, or "
	"another one is running)",
	"if no other update is running, end the update mode with a cold reset of "
	"the BMC (ipmitool mc reset cold), wait for the BMC to answer again, then "
	"run fwdispatch again"
};

static const struct sum_exit *lookup(const struct sm_sum_outcome *o)
{
	if (o->exit_code == 149 && says_unlicensed(o))
		return licence_row();
	if (sm_says_update_mode(o->text))
		return &update_mode;
	for (size_t i = 0; i < sizeof(exits) / sizeof(exits[0]); i++)
		if (o->exit_code >= exits[i].lo && o->exit_code <= exits[i].hi)
			return &exits[i];
	return &unknown;
}

/* Appends text to buf (cut to fit); returns the new used length. */
static size_t put(char *buf, size_t size, size_t used, const char *text, size_t len)
{
	if (used + 1 >= size)
		return used;
	if (len > size - used - 1)
		len = size - used - 1;
	memcpy(buf + used, text, len);
	used += len;
	buf[used] = '\0';
	return used;
}

static size_t puts_(char *buf, size_t size, size_t used, const char *text)
{
	return put(buf, size, used, text, strlen(text));
}

/* Appends tmpl with {part}, {board}, {image} and {command} expanded. */
static size_t expand(char *buf, size_t size, size_t used, const char *tmpl,
		     const struct sm_sum_context *sc)
{
	static const char *const names[] = { "{part}", "{board}", "{image}", "{command}" };
	const char *values[] = {
		sc->part ? sc->part : "firmware", sc->board ? sc->board : "this board",
		sc->image ? sc->image : "the image", sc->command ? sc->command : "?",
	};

	while (*tmpl) {
		size_t k;

		for (k = 0; k < 4; k++)
			if (strncmp(tmpl, names[k], strlen(names[k])) == 0)
				break;
		if (k < 4) {
			used = puts_(buf, size, used, values[k]);
			tmpl += strlen(names[k]);
		} else {
			used = put(buf, size, used, tmpl, 1);
			tmpl++;
		}
	}
	return used;
}

/* sum's own ERROR block, each line indented, after the message. */
static size_t quote_block(char *buf, size_t size, size_t used, const char *block)
{
	const char *p = block;

	used = puts_(buf, size, used, "\nsum said:");
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		used = puts_(buf, size, used, "\n    ");
		used = put(buf, size, used, p, len);
		p = nl ? nl + 1 : NULL;
	}
	return used;
}

/* The clause that ends a failure's first sentence: what became of the flash. */
static size_t how_far(char *buf, size_t size, size_t used, const struct sm_sum_outcome *o,
		      const struct sm_sum_context *sc)
{
	char tmp[320];

	if (!o->writing[0])
		return puts_(buf, size, used, ": the flash may have stopped midway");
	snprintf(tmp, sizeof(tmp), " after it had begun writing the %s ('%s'): the flash "
		 "failed part-way", sc->part ? sc->part : "firmware", o->writing);
	return puts_(buf, size, used, tmp);
}

int sm_sum_failure(const struct sm_sum_outcome *o, const struct sm_sum_context *sc,
		   char *msg, size_t msg_size, int *nothing_flashed)
{
	const struct sum_exit *row;
	char tmp[256];
	size_t used = 0;
	int code;

	msg[0] = '\0';
	*nothing_flashed = 0;
	if (o->signal || o->exit_code < 0) {
		snprintf(tmp, sizeof(tmp), "sum was killed by signal %d during the %s update",
			 o->signal, sc->part);
		used = puts_(msg, msg_size, used, tmp);
		used = how_far(msg, msg_size, used, o, sc);
		code = FLASH;
	} else if (o->exit_code == 0) {
		used = puts_(msg, msg_size, used, "sum exited 0 but reported a failure");
		if (o->status[0]) {
			used = puts_(msg, msg_size, used, " ('");
			used = puts_(msg, msg_size, used, o->status);
			used = puts_(msg, msg_size, used, "')");
		}
		used = how_far(msg, msg_size, used, o, sc);
		code = FLASH;
	} else {
		row = lookup(o);
		code = row->code;
		used = puts_(msg, msg_size, used, row->headline);
		if (o->writing[0]) {
			/* Whatever the family says, sum had begun to write. */
			code = FLASH;
			used = how_far(msg, msg_size, used, o, sc);
		} else if (code != FLASH && sc->firmware_changed) {
			/* The code says "nothing written"; the running version says otherwise. */
			code = FLASH;
			used = puts_(msg, msg_size, used, ", yet the firmware running now is "
				     "another one: the flash went further than sum says");
		} else {
			used = puts_(msg, msg_size, used, code != FLASH ? ": nothing was flashed" :
				     ": the flash may have stopped midway");
		}
		*nothing_flashed = code != FLASH;
		/* "Try again later" is no advice for a flash left half written. */
		if (row->todo[0] && !(o->writing[0] && row->code == BUSY)) {
			used = puts_(msg, msg_size, used, "; ");
			used = expand(msg, msg_size, used, row->todo, sc);
		}
		/* A board that refuses --preserve_setting says so in words. */
		if (sc->preserve_setting && code != FLASH && o->text &&
		    strcasestr(o->text, "preserve"))
			used = puts_(msg, msg_size, used, "; this board may not accept "
				     "--preserve_setting: to flash without keeping the BIOS "
				     "settings (they return to their defaults), run again with "
				     "--no-preserve-settings");
		snprintf(tmp, sizeof(tmp), " (sum exit %d: %s)", o->exit_code,
			 row == &unknown ? "a code fwdispatch does not know" : row->meaning);
		used = puts_(msg, msg_size, used, tmp);
	}
	if (code == FLASH && sc->part && strcmp(sc->part, "BIOS") == 0)
		used = puts_(msg, msg_size, used, "; do not power off or reboot the host until "
			     "the BIOS has been flashed again successfully: a half-written BIOS "
			     "may not start");
	else if (code == FLASH && o->writing[0])
		used = puts_(msg, msg_size, used, "; do not remove the server's power until the "
			     "BMC has been flashed again successfully: a half-written BMC may not "
			     "start");
	if (sc->note)
		used = puts_(msg, msg_size, used, sc->note);
	if (o->error_block && o->error_block[0])
		used = quote_block(msg, msg_size, used, o->error_block);
	(void)used;
	return code;
}
