/*
 * sel.c: did the host boot after a given event log entry (sel.h)?
 */
#include "ipmi/sel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipmi/bmc.h"
#include "tool/tool.h"

/* What ipmitool names the events of a host that (re)started
 * (lib/ipmi_sel.c's tables for sensor types 0x1D, 0x1F and 0x22). */
static const char *const boot_words[] = {
	"System Boot Initiated",
	"OS Boot",
	"System Restart",
	"S0/G0: working",
};

/* One `sel list` line: "   1a | 12/03/2026 | 11:30:00 | System Boot ... | ... ".
 * The ID is hex, before the first '|'. */
static int line_id(const char *line, size_t len, unsigned *id)
{
	char *end;
	unsigned long v;

	if (!memchr(line, '|', len))
		return -1;
	while (*line == ' ')
		line++;
	v = strtoul(line, &end, 16);
	if (end == line || (*end != ' ' && *end != '|') || v > 0xffff)
		return -1;
	*id = (unsigned)v;
	return 0;
}

static int is_boot(const char *line, size_t len)
{
	for (size_t i = 0; i < sizeof(boot_words) / sizeof(boot_words[0]); i++) {
		size_t n = strlen(boot_words[i]);

		for (size_t at = 0; at + n <= len; at++)
			if (!memcmp(line + at, boot_words[i], n))
				return 1;
	}
	return 0;
}

int fwd_sel_last_id(const char *text, unsigned *id)
{
	const char *line = text, *nl;
	int any = 0;

	if (strstr(text, "SEL has no entries")) {
		*id = 0;
		return 0;
	}
	for (; *line; line = nl + 1) {
		unsigned v;

		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		if (line_id(line, (size_t)(nl - line), &v) == 0) {
			*id = v;
			any = 1;
		}
		if (!*nl)
			break;
	}
	return any ? 0 : -EINVAL;
}

int fwd_sel_boot_after(const char *text, unsigned after_id, char *event, size_t size)
{
	const char *line = text, *nl;
	int past = after_id == 0;

	for (; *line; line = nl + 1) {
		size_t len;
		unsigned v;

		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		len = (size_t)(nl - line);
		if (line_id(line, len, &v) == 0) {
			if (past && is_boot(line, len)) {
				while (*line == ' ')
					line++, len--;
				snprintf(event, size, "%.*s", (int)len, line);
				return 1;
			}
			if (v == after_id)
				past = 1;
		}
		if (!*nl)
			break;
	}
	return past ? 0 : -ENOENT;
}

int fwd_sel_list(struct fwd_ctx *ctx, char **text)
{
	static const char *const args[] = { "sel", "list", NULL };
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	int ret;

	ret = fwd_bmc_ipmitool(ctx, args, FWD_BMC_ATTEMPT_TIMEOUT_MS, 0, &res);
	if (ret == 0 && res.exit_code != 0)
		ret = fwd_ctx_set_error(ctx, -EIO, "'ipmitool sel list' failed (exit %d)",
					res.exit_code);
	if (ret == 0) {
		/* An empty log is said on stderr, with exit 0. */
		int empty = (!res.out || !res.out[0]) && res.err &&
			    strstr(res.err, "SEL has no entries");

		*text = empty ? strdup("SEL has no entries\n") : res.out;
		if (!empty)
			res.out = NULL;
		if (!*text && !(*text = strdup("")))
			ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	}
	fwd_tool_result_release(&res);
	return ret;
}
