/*
 * hpm-flash.c: ipmitool hpm upgrade (the core resets, waits, verifies).
 */
#include "hpm-flash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An upload of a few MiB over lanplus takes minutes; a stuck one must end. */
#define UPLOAD_TIMEOUT_MS (60u * 60u * 1000u)
/* How long a BMC may keep answering after acknowledging a cold reset. */
#define GO_DOWN_S 30u

struct upload_watch {
	const struct fwd_host_api *host;
	struct fwd_ctx *ctx;
	int last_percent;
	char last_line[256];
};

/*
 * ipmitool redraws the percentage at the end of a component's table row
 * with backspaces ("|  0%|\b\b\b\b\b  1%|..."); with FWD_TOOL_PROGRESS each
 * redraw arrives as a piece, and any "NN%" in a piece is progress.  The
 * last non-empty piece is kept for the failure message.
 */
static void on_upload_line(void *payload, int stream, const char *line)
{
	struct upload_watch *w = payload;
	const char *pct = strchr(line, '%');

	(void)stream;
	if (line[strspn(line, " \t\r")] != '\0')
		snprintf(w->last_line, sizeof(w->last_line), "%s", line);
	if (pct && pct > line) {
		const char *p = pct;
		int value;

		while (p > line && p[-1] >= '0' && p[-1] <= '9')
			p--;
		if (p < pct && sscanf(p, "%d", &value) == 1 && value >= 0 && value <= 100 &&
		    value != w->last_percent) {
			w->last_percent = value;
			w->host->progress(w->ctx, FWD_STEP_BMC_UPLOAD, (uint64_t)value, 100);
		}
	}
}

/* The last line of a tool's stderr (or stdout), for messages. */
static const char *last_line(const struct fwd_tool_result *res, char *buf, size_t size)
{
	const char *src = res->err && res->err_len ? res->err : (res->out ? res->out : "");
	size_t end = strlen(src);

	while (end && (src[end - 1] == '\n' || src[end - 1] == '\r' || src[end - 1] == ' '))
		end--;
	size_t start = end;
	while (start && src[start - 1] != '\n' && src[start - 1] != '\r')
		start--;
	snprintf(buf, size, "%.*s", (int)(end - start), src + start);
	return buf;
}

static int mentions(const struct fwd_tool_result *res, const char *text)
{
	return (res->out && strstr(res->out, text)) || (res->err && strstr(res->err, text));
}

/*
 * Had ipmitool begun to write the firmware?  It prints "Performing upgrade
 * stage:" before its first Initiate Upgrade Action (upload) and Upload
 * Firmware Block, then each component's percentage, then "Performing
 * activation stage:".  Before that (the image's checks, the target's, the
 * preparation) nothing is written.  A failure after it is one part-way.
 */
static int writing_began(const struct fwd_tool_result *res, const struct upload_watch *w)
{
	return w->last_percent > 0 || mentions(res, "Performing upgrade stage") ||
	       mentions(res, "Performing activation stage");
}

/* Returns 0, or a code with the reason in msg (the error is set by the caller,
 * after it has asked the BMC what it runs now). */
static int upload(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		  const struct fwd_flash_request *req, struct fwd_json *result,
		  char *msg, size_t msg_size)
{
	const char *args[] = { "hpm", "upgrade", req->image_path, "force", "activate", NULL };
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	struct upload_watch watch = { host, ctx, -1, "" };
	char tail[256];
	int ret, ok;

	host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_BEGIN, "ipmitool hpm upgrade %s force activate",
		   req->image_path);
	cmd.tool = "ipmitool";
	cmd.args = args;
	/* Blocks as long as the BMC's path carries: far away, each is a round trip. */
	cmd.flags = FWD_TOOL_TARGET | FWD_TOOL_PROGRESS | FWD_TOOL_LARGE_REQUESTS;
	cmd.timeout_ms = UPLOAD_TIMEOUT_MS;
	cmd.on_line = on_upload_line;
	cmd.payload = &watch;
	ret = host->run_tool(ctx, &cmd, &res);
	if (ret) {
		host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_FAILED, "%s", "ipmitool did not finish");
		if (ret == -FWD_E_TIMEOUT)
			host->json_object_set_new(result, "writing_began",
						  host->json_boolean(writing_began(&res, &watch)));
		host->tool_result_release(&res);
		if (ret == -FWD_E_TIMEOUT)
			snprintf(msg, msg_size, "the upload did not finish within %u minutes and "
				 "ipmitool was stopped: the BMC may be left in upgrade mode",
				 UPLOAD_TIMEOUT_MS / 60000u);
		else
			snprintf(msg, msg_size, "ipmitool could not be run");
		return ret == -FWD_E_TIMEOUT ? -FWD_E_FLASH : ret;
	}
	/* Success is the exit status and ipmitool's own final verdict, both. */
	ok = res.exit_code == 0 && res.err &&
	     strstr(res.err, "Firmware upgrade procedure successful") != NULL;
	host->json_object_set_new(result, "upload_exit_code",
				  host->json_integer(res.exit_code));
	/* ipmitool 1.8.19 calls an upgrade whose self-test failed "successful"
	 * once the BMC has rolled back by itself: that is no success. */
	if (ok && (mentions(&res, "Self test failed") || mentions(&res, "Rollback occurred"))) {
		host->json_object_set_new(result, "upload_output",
					  host->json_string("self-test failed, rolled back"));
		host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_FAILED,
			   "uploaded, but the new firmware failed its self-test and the BMC "
			   "rolled back");
		snprintf(msg, msg_size, "the BMC flash failed at step bmc-upload: the new firmware "
			 "failed its self-test and the BMC rolled back to the previous one");
		host->tool_result_release(&res);
		return -FWD_E_FLASH;
	}
	if (!ok) {
		int began = writing_began(&res, &watch);

		last_line(&res, tail, sizeof(tail));
		host->json_object_set_new(result, "upload_output", host->json_string(tail));
		host->json_object_set_new(result, "writing_began", host->json_boolean(began));
		host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_FAILED, "ipmitool exit %d%s: %s",
			   res.exit_code, began ? " after its upgrade stage began (failed part-way)" :
			   " before its upgrade stage", tail[0] ? tail : "no output");
		snprintf(msg, msg_size, "the BMC flash failed at step bmc-upload (ipmitool %s %d): "
			 "%s%s", res.signal ? "killed by signal" : "exit",
			 res.signal ? res.signal : res.exit_code, tail[0] ? tail : "no output",
			 began ? "; ipmitool had begun writing the firmware (its upgrade stage): "
				 "the flash failed part-way; do not remove the server's power until "
				 "the BMC has been flashed again successfully: a half-written BMC "
				 "may not start" :
				 "; ipmitool stopped before its upgrade stage, which writes the "
				 "firmware");
		ret = -FWD_E_FLASH;
	} else {
		host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_DONE, "uploaded and activated");
	}
	host->tool_result_release(&res);
	return ret;
}

/* After a failed upload: what does the BMC run now, if it answers? */
static const char *version_after_failure(const struct fwd_host_api *host, struct fwd_ctx *ctx,
					 struct fwd_json *result, struct fwd_bmc_info *info)
{
	if (host->bmc_info(ctx, info) == 0) {
		host->json_object_set_new(result, "after", host->json_string(info->firmware));
		return info->firmware;
	}
	host->json_object_set_new(result, "after", host->json_null());
	return NULL;
}

/* For a dry run: the command the upload would run. */
static int plan(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		const struct fwd_flash_request *req)
{
	const char *upgrade[] = { "hpm", "upgrade", req->image_path, "force", "activate", NULL };
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;

	cmd.tool = "ipmitool";
	cmd.flags = FWD_TOOL_TARGET | FWD_TOOL_LARGE_REQUESTS;
	cmd.args = upgrade;
	return host->plan(ctx, FWD_STEP_BMC_UPLOAD, &cmd, "upload the image and activate it");
}

static const char *next_line(const char *line)
{
	const char *nl = strchr(line, '\n');

	return nl ? nl + 1 : NULL;
}

/* The revision ipmitool prints " %3d.%02x": the major in decimal (the
 * whole byte), the minor byte in hex, even when it is not BCD ("2.0e").
 * Returns 0 with both bytes, -1 for anything else. */
static int parse_revision(const char *v, size_t len, unsigned *major, unsigned *minor)
{
	char text[16], *end;
	unsigned long m;

	if (len >= sizeof(text) || *v < '0' || *v > '9')
		return -1;
	memcpy(text, v, len);
	text[len] = '\0';
	m = strtoul(text, &end, 10);
	if (m > 255 || *end != '.' || strspn(end + 1, "0123456789abcdefABCDEF") != 2 ||
	    end[3] != '\0')
		return -1;
	*major = (unsigned)m;
	*minor = (unsigned)strtoul(end + 1, NULL, 16);
	return 0;
}

/*
 * One component row of `ipmitool hpm check`, "|*  0|SMC BMC FW   |   2.04
 * 00000000 | ...": since 1.8.13 ipmitool writes "|%c%c%2d|%-13s|", the
 * flags being '*' (the component needs a payload cold reset, as every
 * Supermicro row in tests/data/captures does) and '^' (upgradable), and
 * until 1.8.12 "|%c%-2d|%-11s|"; then the active version, " %3d.%02x
 * %02X%02X%02X%02X |", or "---.--" when there is none.  Returns 1 with
 * the component's ID and whether it has an active revision (*has, with
 * its major and minor bytes), 0 for any other line.
 */
static int hpm_check_row(const char *line, unsigned *id, int *has, unsigned *major,
			 unsigned *minor)
{
	const char *p = line + 1, *v;
	unsigned long n;
	char *end;
	size_t len;

	if (line[0] != '|')
		return 0;
	p += strspn(p, "*^ ");
	if (*p < '0' || *p > '9')
		return 0;   /* a header, or an "Upload Time" line */
	n = strtoul(p, &end, 10);
	p = end + strspn(end, " ");
	if (*p != '|' || n > 255 || !(p = strchr(p + 1, '|')))
		return 0;
	v = p + 1 + strspn(p + 1, " ");
	len = strcspn(v, " |\r\n");
	if (!len)
		return 0;
	*id = (unsigned)n;
	*has = parse_revision(v, len, major, minor) == 0;
	return 1;
}

/*
 * For a resumed run: has an interrupted run already uploaded and activated
 * this image, so that only the reset is missing?  `hpm check` shows each
 * component's active revision, which changes at activation while `mc
 * info` shows the running firmware until the reset.  HPM.1 leaves what
 * each component ID holds to the vendor (beside the BMC's own firmware a
 * boot loader, a host firmware or a FRU image, under any ID), so every
 * component the image uploads must show the revision the image gives it,
 * major and minor (the aux bytes are not compared, as fwdispatch never
 * compares them).  A host older than ABI 2.3 does not say what the image
 * holds: then it is uploaded again, which costs time, never a step.
 */
static int already_activated(const struct fwd_host_api *host, struct fwd_ctx *ctx,
			     const struct fwd_flash_request *req)
{
	const char *args[] = { "hpm", "check", NULL };
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	unsigned want, rows = 0, seen = 0;
	const char *line;
	int ret;

	if (!FWD_SIZED_HAS(req, struct fwd_flash_request, hpm_revisions))
		return 0;
	want = req->hpm_components & 0xffu;
	if (!want)
		return 0;
	cmd.tool = "ipmitool";
	cmd.args = args;
	cmd.flags = FWD_TOOL_TARGET;
	cmd.timeout_ms = 60000;
	ret = host->run_tool(ctx, &cmd, &res);
	for (line = ret ? NULL : res.out; line && *line; line = next_line(line)) {
		unsigned id, major, minor;
		int has;

		if (!hpm_check_row(line, &id, &has, &major, &minor) || id > 7 ||
		    !(want & (1u << id)) || (rows & (1u << id)))
			continue;
		rows |= 1u << id;
		if (has && (major & 0x7fu) == (req->hpm_revisions[id][0] & 0x7fu) &&
		    minor == req->hpm_revisions[id][1])
			seen |= 1u << id;
	}
	host->tool_result_release(&res);
	return seen == want;
}

int fwdp_is_hpm1(const struct fwd_flash_request *req)
{
	return req && req->format && strcmp(req->format, "hpm1") == 0;
}

int fwdp_hpm_preflight(const struct fwd_host_api *host, struct fwd_ctx *ctx)
{
	return host->find_tool(ctx, "ipmitool");
}

int fwdp_hpm_flash_bmc(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		       const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
		       struct fwd_json *result)
{
	struct fwd_bmc_info info = { .size = sizeof(info) };
	char msg[768];
	int ret;

	if (!req->image_path || !req->version)
		return host->set_error(ctx, -FWD_E_INTERNAL,
				       "flash_bmc needs the image path and its version");
	/* Activation runs the new firmware at the BMC's next restart, which
	 * some BMCs start by themselves and others only on a cold reset. */
	FWD_SIZED_SET(next, struct fwd_bmc_flashed, reset, FWD_BMC_RESET_COLD);
	FWD_SIZED_SET(next, struct fwd_bmc_flashed, go_down_s, GO_DOWN_S);
	if (req->flags & FWD_FLASH_DRY_RUN)
		return plan(host, ctx, req);
	if ((req->flags & FWD_FLASH_RESUME) && already_activated(host, ctx, req)) {
		host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_SKIPPED, "the interrupted run already "
			   "uploaded and activated %s (ipmitool hpm check): not uploading it again",
			   req->version);
		return 0;
	}
	ret = upload(host, ctx, req, result, msg, sizeof(msg));
	if (ret == -FWD_E_FLASH) {
		const char *now = version_after_failure(host, ctx, result, &info);

		if (now)
			return host->set_error(ctx, ret, "%s; the BMC answers and runs %s", msg, now);
		return host->set_error(ctx, ret, "%s; the BMC does not answer now", msg);
	}
	return ret;
}
