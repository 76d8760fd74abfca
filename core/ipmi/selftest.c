/*
 * selftest.c: `ipmitool mc selftest`, read (selftest.h).
 *
 * ipmitool prints "Selftest: passed", "Selftest: not implemented",
 * "Selftest: device corrupted" followed by one " -> ..." line per failed
 * part (exit 1), or "Selftest     : fatal error" with the failure code
 * (ipmitool's ipmi_mc.c; the simulator plays each: tests/sim/sim_health.c).
 */
#include "ipmi/selftest.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ipmi/bmc.h"
#include "tool/tool.h"

/* The value after the first ':' of line (up to end), trimmed, into out. */
static void value_of(const char *line, const char *end, char *out, size_t size)
{
	const char *v = memchr(line, ':', (size_t)(end - line));
	size_t n;

	out[0] = '\0';
	if (!v)
		return;
	for (v++; v < end && isspace((unsigned char)*v); v++)
		;
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	n = (size_t)(end - v) < size - 1 ? (size_t)(end - v) : size - 1;
	memcpy(out, v, n);
	out[n] = '\0';
}

/* Appends the trimmed line to detail, "; " between lines. */
static void add_line(char *detail, size_t size, const char *line, const char *end)
{
	size_t used = strlen(detail);

	while (line < end && (isspace((unsigned char)*line) || *line == '-' || *line == '>'))
		line++;
	while (end > line && isspace((unsigned char)end[-1]))
		end--;
	if (line == end || used + 3 >= size)
		return;
	snprintf(detail + used, size - used, "%s%.*s", used ? "; " : "", (int)(end - line), line);
}

enum fwd_selftest_result fwd_selftest_parse(const char *text, char *detail, size_t size)
{
	enum fwd_selftest_result res = FWD_SELFTEST_UNKNOWN;
	const char *line = text;
	char value[64];

	if (!size)
		return FWD_SELFTEST_UNKNOWN;
	detail[0] = '\0';
	while (line && *line) {
		const char *end = strchr(line, '\n');

		if (!end)
			end = line + strlen(line);
		if (res == FWD_SELFTEST_UNKNOWN && !strncmp(line, "Selftest", 8)) {
			value_of(line, end, value, sizeof(value));
			if (!strcasecmp(value, "passed"))
				res = FWD_SELFTEST_PASSED;
			else if (!strcasecmp(value, "not implemented"))
				res = FWD_SELFTEST_NOT_IMPLEMENTED;
			else
				res = FWD_SELFTEST_FAILED;
			add_line(detail, size, value, value + strlen(value));
		} else if (res == FWD_SELFTEST_FAILED) {
			add_line(detail, size, line, end);
		}
		line = *end ? end + 1 : NULL;
	}
	if (res == FWD_SELFTEST_UNKNOWN)
		detail[0] = '\0';
	return res;
}

enum fwd_selftest_result fwd_selftest_read(struct fwd_ctx *ctx, char *detail, size_t size)
{
	static const char *const args[] = { "mc", "selftest", NULL };
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	enum fwd_selftest_result r = FWD_SELFTEST_UNKNOWN;

	if (fwd_bmc_ipmitool(ctx, args, FWD_BMC_ATTEMPT_TIMEOUT_MS, FWD_TOOL_QUIET, &res) != 0) {
		snprintf(detail, size, "cannot run 'ipmitool mc selftest': %s", ctx->err.msg);
		fwd_ctx_clear_error(ctx);
	} else {
		/* A failure exits 1 with its lines on stdout: judge by the text. */
		const char *err = res.err ? res.err : "";

		r = fwd_selftest_parse(res.out ? res.out : "", detail, size);
		if (r == FWD_SELFTEST_UNKNOWN)
			snprintf(detail, size, "the BMC gave no self-test result (ipmitool "
				 "exit %d%s%.*s)", res.exit_code, *err ? ": " : "",
				 (int)strcspn(err, "\r\n"), err);
	}
	fwd_tool_result_release(&res);
	return r;
}
