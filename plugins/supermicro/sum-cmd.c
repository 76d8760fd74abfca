/*
 * sum-cmd.c: sum's command lines.  See sum.h.
 */
#include "sum.h"

#include <stdio.h>
#include <string.h>

int sm_sum_begin(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		 struct sm_sum_cmd *c, const char *command)
{
	const struct fwd_target *t = host->target(ctx);

	memset(c, 0, sizeof(*c));
	c->command = command;
	c->out_of_band = t && t->out_of_band;
	if (c->out_of_band) {
		if (!t->host || !t->user)
			return host->set_error(ctx, -FWD_E_REFUSED,
				"sum needs the BMC's address and a user out-of-band: give "
				"--host and --user");
		if (!t->has_password)
			return host->set_error(ctx, -FWD_E_REFUSED,
				"sum needs the BMC password out-of-band: give --password-file "
				"or set IPMI_PASSWORD");
		/* sum has no port option: it talks to the BMC's standard ports. */
		if (t->port && t->port != 623)
			host->log(ctx, FWD_LOG_WARN, "sum has no option for the BMC's IPMI "
				  "port: it uses the standard ports, not %u", t->port);
		sm_sum_add(c, "-i");
		sm_sum_add(c, t->host);
		sm_sum_add(c, "-u");
		sm_sum_add(c, t->user);
		sm_sum_add(c, "-p");
		sm_sum_add(c, FWD_ARG_PASSWORD);
	}
	sm_sum_add(c, "-c");
	sm_sum_add(c, command);
	return 0;
}

void sm_sum_add(struct sm_sum_cmd *c, const char *arg)
{
	/* The callers add at most a dozen: running out is a bug, kept visible. */
	if (c->n < SM_SUM_MAX_ARGS)
		c->args[c->n++] = arg;
	else
		c->args[SM_SUM_MAX_ARGS - 1] = "(too many arguments)";
	c->args[c->n] = NULL;
}

const char *sm_sum_describe(const struct sm_sum_cmd *c, char *buf, size_t size)
{
	size_t used;

	if (!size)
		return buf;
	used = (size_t)snprintf(buf, size, "sum");
	for (size_t i = 0; i < c->n && used < size; i++) {
		const char *a = strcmp(c->args[i], FWD_ARG_PASSWORD) == 0 ? "****" : c->args[i];
		int quote = a[0] == '\0' || strpbrk(a, " \t'\"\\$") != NULL;
		int k = snprintf(buf + used, size - used, quote ? " '%s'" : " %s", a);

		if (k < 0)
			break;
		used += (size_t)k;
	}
	return buf;
}
