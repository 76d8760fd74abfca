/*
 * host-boot.c: marks a moment, then tells whether the host booted since
 * (host-boot.h).
 */
#include "update/host-boot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipmi/sel.h"
#include "ipmi/target.h"
#include "util/json-out.h"

/* The kernel's ID of this boot (random at every boot). */
static int read_boot_id(char out[64])
{
	const char *path = "/proc/sys/kernel/random/boot_id";
	ssize_t n;
	int fd;

#ifdef FWD_TEST_HOOKS
	/* The test build stands a file in for a reboot it cannot do. */
	if (getenv("FWDISPATCH_TEST_BOOT_ID_FILE"))
		path = getenv("FWDISPATCH_TEST_BOOT_ID_FILE");
#endif
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, out, 63);
	close(fd);
	if (n <= 0)
		return -EINVAL;
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
	return out[0] ? 0 : -EINVAL;
}

json_t *fwd_host_boot_mark(struct fwd_ctx *ctx)
{
	char id[64], *text = NULL;
	unsigned last;
	json_t *mark = NULL;

	if (!ctx->target || !ctx->target->host) {
		if (read_boot_id(id) == 0)
			mark = json_pack("{s:s}", "boot_id", id);
		else
			fwd_log(ctx, FWD_LOG_DEBUG, "no boot ID to mark the staging with");
		return mark;
	}
	/* Over Redfish the SEL is not read (yet): verify says it cannot tell. */
	if (ctx->target->redfish)
		return NULL;
	if (fwd_sel_list(ctx, &text) == 0 && fwd_sel_last_id(text, &last) == 0)
		mark = json_pack("{s:I}", "sel_last_id", (json_int_t)last);
	else
		fwd_log(ctx, FWD_LOG_DEBUG, "the BMC's event log cannot mark the staging: %s",
			ctx->err.msg[0] ? ctx->err.msg : "unreadable");
	fwd_ctx_clear_error(ctx);
	free(text);
	return mark;
}

static enum fwd_host_boot since_boot_id(const char *then, char *detail, size_t size)
{
	char now[64];

	if (read_boot_id(now) != 0) {
		snprintf(detail, size, "the kernel's boot ID cannot be read");
		return FWD_HOST_BOOT_UNKNOWN;
	}
	if (!strcmp(now, then)) {
		snprintf(detail, size, "the host has not rebooted since the staging (same boot "
			 "ID)");
		return FWD_HOST_BOOT_SAME;
	}
	snprintf(detail, size, "the host rebooted since the staging (new boot ID)");
	return FWD_HOST_BOOT_REBOOTED;
}

static enum fwd_host_boot since_sel(struct fwd_ctx *ctx, unsigned then, char *detail,
				    size_t size)
{
	char *text = NULL, event[160];
	int found;

	if (fwd_sel_list(ctx, &text) != 0) {
		snprintf(detail, size, "the BMC's event log cannot be read: %s", ctx->err.msg);
		fwd_ctx_clear_error(ctx);
		return FWD_HOST_BOOT_UNKNOWN;
	}
	found = fwd_sel_boot_after(text, then, event, sizeof(event));
	free(text);
	if (found < 0) {
		snprintf(detail, size, "the BMC's event log was cleared since the staging, so "
			 "it cannot tell whether the host rebooted");
		return FWD_HOST_BOOT_UNKNOWN;
	}
	if (found) {
		snprintf(detail, size, "the BMC logged a boot since the staging: %s", event);
		return FWD_HOST_BOOT_REBOOTED;
	}
	snprintf(detail, size, "the BMC's event log shows no boot of the host since the "
		 "staging");
	return FWD_HOST_BOOT_SAME;
}

enum fwd_host_boot fwd_host_boot_since(struct fwd_ctx *ctx, const json_t *mark,
				       char *detail, size_t size)
{
	const char *boot_id = fwd_json_str(mark, "boot_id");
	const json_t *sel = json_object_get(mark, "sel_last_id");

	if (boot_id && (!ctx->target || !ctx->target->host))
		return since_boot_id(boot_id, detail, size);
	if (json_is_integer(sel) && ctx->target && ctx->target->host)
		return since_sel(ctx, (unsigned)json_integer_value(sel), detail, size);
	snprintf(detail, size, "nothing was recorded at the staging that could tell whether the "
		 "host rebooted since");
	return FWD_HOST_BOOT_UNKNOWN;
}
