/*
 * tool.c: host->run_tool(): target options, secrets and tracing around
 * run-command.c.
 */
#include "tool/tool.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/base-name.h"
#include "tool/run-command.h"
#include "tool/tool-locate.h"

/* ipmitool raw takes up to 256 words (request-size.c sends 199). */
#define MAX_ARGS 256

static int is_ipmitool(const char *tool)
{
	return strcmp(fwd_base_name(tool), "ipmitool") == 0;
}

int fwd_tool_describe(const char *const *argv, struct fwd_buf *out)
{
	for (size_t i = 0; argv[i]; i++) {
		/* The stars are a placeholder for the operator to fill in, not a word. */
		int secret = strcmp(argv[i], FWD_ARG_PASSWORD) == 0;

		if ((i && fwd_buf_add(out, " ") < 0) ||
		    (secret ? fwd_buf_add(out, "****") : fwd_buf_add_word(out, argv[i])) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* ipmitool's interface and target options, before the caller's arguments. */
static size_t add_target_args(const struct fwd_target_opts *t, const char **argv,
			      size_t n, char *port, size_t port_size, char *cipher,
			      size_t cipher_size, int request_size, char *z, size_t z_size)
{
	if (!t || !t->host) {
		argv[n++] = "-I";
		argv[n++] = "open";
		return n;
	}
	snprintf(port, port_size, "%u", t->pub.port);
	argv[n++] = "-I";
	argv[n++] = "lanplus";
	argv[n++] = "-H";
	argv[n++] = t->host;
	argv[n++] = "-p";
	argv[n++] = port;
	if (t->user) {
		argv[n++] = "-U";
		argv[n++] = t->user;
	}
	if (t->pub.cipher >= 0) {
		snprintf(cipher, cipher_size, "%d", t->pub.cipher);
		argv[n++] = "-C";
		argv[n++] = cipher;
	}
	if (t->password)
		argv[n++] = "-E"; /* read from IPMI_PASSWORD, see env below */
	if (request_size > 0) {
		snprintf(z, z_size, "0x%x", (unsigned)request_size);
		argv[n++] = "-z";
		argv[n++] = z;
	}
	return n;
}

/* What the argv for cmd is, and the same with the password shown as the
 * sentinel (printed as ****).  Fills path; returns 0 or an error code. */
struct tool_argv {
	const char *argv[MAX_ARGS + 16];
	const char *shown[MAX_ARGS + 16];
	char path[PATH_MAX], port[16], cipher[16], z[16];
	int secret_in_argv;
};

static int build_argv(struct fwd_ctx *ctx, const struct fwd_tool_cmd *cmd, struct tool_argv *a)
{
	const struct fwd_target_opts *t = ctx->target;
	struct fwd_err err;
	size_t n = 0, nargs = 0;
	int ret;

	if (!cmd || !cmd->tool || !cmd->args)
		return fwd_ctx_set_error(ctx, -FWD_E_INTERNAL,
					 "run_tool called without a tool or arguments");
	while (cmd->args[nargs])
		nargs++;
	if (nargs > MAX_ARGS)
		return fwd_ctx_set_error(ctx, -FWD_E_INTERNAL,
					 "run_tool: more than %d arguments for '%s'",
					 MAX_ARGS, cmd->tool);

	/* A test's stand-in gets the tool's name, and needs no program. */
	if (ctx->runner)
		snprintf(a->path, sizeof(a->path), "%s", cmd->tool);
	else if ((ret = fwd_tool_locate(cmd->tool, a->path, sizeof(a->path), &err)) != 0)
		return fwd_ctx_set_error(ctx, ret, "%s", err.msg);

	a->secret_in_argv = 0;
	a->argv[n++] = a->path;
	if ((cmd->flags & FWD_TOOL_TARGET) && is_ipmitool(cmd->tool))
		n = add_target_args(t, a->argv, n, a->port, sizeof(a->port), a->cipher,
				    sizeof(a->cipher), (cmd->flags & FWD_TOOL_LARGE_REQUESTS) ?
				    ctx->ipmi_request_size : 0, a->z, sizeof(a->z));
	for (size_t i = 0; i < nargs; i++) {
		if (strcmp(cmd->args[i], FWD_ARG_PASSWORD) == 0) {
			if (!t || !t->password)
				return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
					"'%s' needs the BMC password and none was given: "
					"use --password-file or IPMI_PASSWORD", cmd->tool);
			a->secret_in_argv = 1;
			a->argv[n++] = t->password;
			continue;
		}
		a->argv[n++] = cmd->args[i];
	}
	a->argv[n] = NULL;
	/* The trace shows the sentinel (printed as ****) where the password went. */
	for (size_t i = 0; i <= n; i++)
		a->shown[i] = a->secret_in_argv && a->argv[i] == t->password ? FWD_ARG_PASSWORD
									    : a->argv[i];
	return 0;
}

/* Once per run: a job followed for half an hour must not say it 300 times. */
static void warn_password_in_argv(struct fwd_ctx *ctx, const char *tool)
{
	if (!ctx->password_warned++)
		fwd_log(ctx, FWD_LOG_WARN,
			"'%s' takes the BMC password only on its command line: it is visible "
			"to every local user in the process list while the tool runs; "
			"prefer in-band updates where you can", tool);
}

/* "NAME=value" for a child's environment, malloc()ed; NULL when out of memory. */
static char *env_entry(const char *name, const char *value)
{
	size_t len = strlen(name) + 1 + strlen(value) + 1;
	char *e = malloc(len);

	if (e)
		snprintf(e, len, "%s=%s", name, value);
	return e;
}

int fwd_tool_find(struct fwd_ctx *ctx, const char *tool)
{
	const struct fwd_target_opts *t = ctx->target;
	char path[PATH_MAX];
	struct fwd_err err;
	int ret;

	/* Plugins find their tools in the preflight: the operator hears of a
	 * password in a process list before confirming, not after. */
	if (t && t->host && t->password && fwd_tool_password_in_argv(tool))
		warn_password_in_argv(ctx, tool);
	if (ctx->runner)
		return 0;
	ret = fwd_tool_locate(tool, path, sizeof(path), &err);
	return ret ? fwd_ctx_set_error(ctx, ret, "%s", err.msg) : 0;
}

int fwd_tool_plan(struct fwd_ctx *ctx, const struct fwd_tool_cmd *cmd, struct fwd_buf *line)
{
	struct tool_argv *a = calloc(1, sizeof(*a));
	int ret;

	if (!a)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	ret = build_argv(ctx, cmd, a);
	if (!ret && fwd_tool_describe(a->shown, line) < 0)
		ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	free(a);
	return ret;
}

/*
 * A tool may echo its command line (sum does, in some errors) or its
 * environment: the password it was given must not go on from here into
 * the terminal, the JSON or the journal.  Each occurrence becomes '*'s.
 * Passwords of one or two characters would blank ordinary text, and say
 * little: they are left.
 */
static void scrub(char *s, size_t len, const char *secret)
{
	size_t n = secret ? strlen(secret) : 0;
	char *hit;

	if (!s || n < 3)
		return;
	for (hit = memmem(s, len, secret, n); hit;
	     hit = memmem(hit + n, len - (size_t)(hit + n - s), secret, n))
		memset(hit, '*', n);
}

/* on_line, with the password scrubbed from each line first. */
struct scrubbed_lines {
	const struct fwd_tool_cmd *cmd;
	const char *secret;
};

static void on_line_scrubbed(void *payload, int stream, const char *line)
{
	const struct scrubbed_lines *w = payload;
	char *copy = strdup(line);

	if (!copy)
		return;
	scrub(copy, strlen(copy), w->secret);
	w->cmd->on_line(w->cmd->payload, stream, copy);
	explicit_bzero(copy, strlen(copy));
	free(copy);
}

int fwd_tool_run(struct fwd_ctx *ctx, const struct fwd_tool_cmd *cmd,
		 struct fwd_tool_result *out)
{
	const struct fwd_target_opts *t = ctx->target;
	const char *env[3] = { NULL, NULL, NULL };
	char *home_env = NULL;
	size_t n_env = 0;
	struct fwd_err err;
	char *pw_env = NULL;
	struct fwd_run run = { 0 };
	struct scrubbed_lines lines;
	struct tool_argv *a = calloc(1, sizeof(*a));
	int ret;

	if (!a)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	ret = build_argv(ctx, cmd, a);
	if (ret) {
		free(a);
		return ret;
	}
	if (a->secret_in_argv)
		warn_password_in_argv(ctx, cmd->tool);
	if (!(cmd->flags & FWD_TOOL_QUIET)) {
		struct fwd_buf line = FWD_BUF_INIT;

		fwd_tool_describe(a->shown, &line);
		fwd_log(ctx, FWD_LOG_DEBUG, "running %s", line.s);
		fwd_buf_release(&line);
	}
	if (ctx->runner) {
		ret = ctx->runner->run(ctx->runner->payload, ctx, a->shown, cmd, out);
		free(a);
		return ret;
	}

	if (t && t->password && (cmd->flags & FWD_TOOL_TARGET)) {
		if (!(pw_env = env_entry("IPMI_PASSWORD", t->password))) {
			free(a);
			return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
		}
		env[n_env++] = pw_env;
	}
	/* Without memory for it, ipmitool reads its own registry: no harm. */
	if (ctx->ipmitool_home[0] && is_ipmitool(cmd->tool) &&
	    (home_env = env_entry("HOME", ctx->ipmitool_home)) != NULL)
		env[n_env++] = home_env;

	run.path = a->path;
	run.argv = a->argv;
	run.env_add = env;
	run.timeout_ms = cmd->timeout_ms;
	run.on_line = cmd->on_line;
	run.payload = cmd->payload;
	if (cmd->on_line && t && t->password) {
		lines = (struct scrubbed_lines){ .cmd = cmd, .secret = t->password };
		run.on_line = on_line_scrubbed;
		run.payload = &lines;
	}
	run.lock_fd = ctx->lock_fd;
	run.kill_grace_ms = cmd->stop_grace_ms;
	if (cmd->flags & FWD_TOOL_PROGRESS)
		run.line_flags |= FWD_RUN_SOFT_BREAKS;
	ret = fwd_run_command(&run, out, &err);
	if (t && t->password) {
		scrub(out->out, out->out ? out->out_len : 0, t->password);
		scrub(out->err, out->err ? out->err_len : 0, t->password);
	}
	free(a);
	if (pw_env) {
		explicit_bzero(pw_env, strlen(pw_env));
		free(pw_env);
	}
	free(home_env);
	if (ret)
		return fwd_ctx_set_error(ctx, ret, "%s", err.msg);
	return 0;
}

void fwd_tool_result_release(struct fwd_tool_result *res)
{
	fwd_run_result_release(res);
}
