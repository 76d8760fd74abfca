/*
 * nic-mode.c: the BMC's LAN interface mode (which port the BMC's network
 * uses), read and set with Supermicro's OEM IPMI command, through the
 * host's ipmitool (FWD_TOOL_TARGET: the same target and password as every
 * other IPMI call):
 *
 *   get  ipmitool raw 0x30 0x70 0x0c 0          answers " 00", " 01" or " 02"
 *   set  ipmitool raw 0x30 0x70 0x0c 1 MODE
 *
 * MODE 0 dedicated (the BMC's own port), 1 shared (the host's first LAN
 * port), 2 failover (dedicated when it has a link, else shared: the
 * factory default).  Supermicro documents the command for X9 to X11
 * boards; a BMC without it (older boards, other vendors) answers with an
 * error completion code (0xC1 invalid command), which ipmitool prints as
 * "Unable to send RAW command (... rsp=0xc1): Invalid command" and exit 1.
 *
 * Why fwdispatch cares: after a BMC flash the mode can fall back to its
 * default, and a BMC that was reached on its dedicated port may then be
 * listening on the host's port, or the other way round: the operator loses
 * the BMC.  The backup keeps the mode; check_settings (after the flash, and
 * in `fwdispatch restore`) compares and puts it back.
 */
#include "supermicro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A quick question to the BMC. */
#define NIC_TIMEOUT_MS (30u * 1000u)

static const char *const names[] = { "dedicated", "shared", "failover" };

/* Two hex digits at p as a byte, or -1 (sscanf's %x would take a sign and
 * blanks: fuzz_sum_query found "-A" read as a mode). */
static int hex_byte(const char *p)
{
	int v = 0;

	for (int i = 0; i < 2; i++) {
		char c = p[i];

		if (c >= '0' && c <= '9')
			v = v * 16 + (c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (c - 'A' + 10);
		else
			return -1;
	}
	return v;
}

const char *sm_nic_mode_name(int mode, char *buf, size_t size)
{
	if (mode >= 0 && mode < 3)
		return names[mode];
	snprintf(buf, size, "0x%02x", (unsigned)mode & 0xffu);
	return buf;
}

int sm_nic_mode_value(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < 3; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	if (strncmp(name, "0x", 2) == 0 && strlen(name) == 4)
		return hex_byte(name + 2);
	return -1;
}

int sm_nic_mode_parse(const char *out)
{
	const char *p = out;
	int v;

	/* ipmitool raw prints the answer's data bytes as " %02x", 16 a line. */
	if (!p)
		return -1;
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	if (!p[0] || (v = hex_byte(p)) < 0)
		return -1;
	p += 2;
	if (*p && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
		return -1;
	return v;
}

int sm_ipmi_completion_code(const char *err)
{
	const char *r = err ? strcasestr(err, "rsp=0x") : NULL;

	return r && r[6] ? hex_byte(r + 6) : -1;
}

/* Runs ipmitool raw 0x30 0x70 0x0c args...; fills *res. */
static int run_raw(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *op,
		   const char *mode, struct fwd_tool_result *res)
{
	const char *args[] = { "raw", "0x30", "0x70", "0x0c", op, mode, NULL };
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;

	cmd.tool = "ipmitool";
	cmd.args = args;
	cmd.flags = FWD_TOOL_TARGET;
	cmd.timeout_ms = NIC_TIMEOUT_MS;
	return host->run_tool(ctx, &cmd, res);
}

int sm_nic_mode_read(const struct fwd_host_api *host, struct fwd_ctx *ctx, int *mode,
		     char *why, size_t why_size)
{
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	int ret, cc;

	*mode = -1;
	why[0] = '\0';
	ret = run_raw(host, ctx, "0", NULL, &res);
	if (ret) {
		snprintf(why, why_size, "ipmitool could not ask the BMC");
		host->tool_result_release(&res);
		return ret;
	}
	cc = sm_ipmi_completion_code(res.err);
	if (res.exit_code == 0)
		*mode = sm_nic_mode_parse(res.out);
	if (*mode >= 0) {
		host->tool_result_release(&res);
		return 0;
	}
	if (res.exit_code != 0 && cc > 0) {
		/* The BMC answered, and has no such command. */
		snprintf(why, why_size, "the BMC answered completion code 0x%02x to Supermicro's "
			 "LAN interface mode command (raw 0x30 0x70 0x0c 0): it has none", cc);
		host->tool_result_release(&res);
		return 1;
	}
	snprintf(why, why_size, "ipmitool raw 0x30 0x70 0x0c 0 %s",
		 res.exit_code == 0 ? "answered something that is no mode" : "failed");
	host->tool_result_release(&res);
	return host->set_error(ctx, -FWD_E_TOOL_FAILED, "cannot read the BMC's LAN interface "
			       "mode: %s", why);
}

int sm_nic_mode_set(const struct fwd_host_api *host, struct fwd_ctx *ctx, int mode)
{
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	char value[8], name[8];
	int ret, cc;

	snprintf(value, sizeof(value), "0x%02x", (unsigned)mode & 0xffu);
	ret = run_raw(host, ctx, "1", value, &res);
	if (ret) {
		host->tool_result_release(&res);
		return ret;
	}
	cc = sm_ipmi_completion_code(res.err);
	ret = res.exit_code;
	host->tool_result_release(&res);
	if (ret != 0)
		return host->set_error(ctx, -FWD_E_TOOL_FAILED, "the BMC did not take LAN "
				       "interface mode %s (ipmitool raw 0x30 0x70 0x0c 1 %s: %s)",
				       sm_nic_mode_name(mode, name, sizeof(name)), value,
				       cc > 0 ? "an error completion code" : "failed");
	return 0;
}
