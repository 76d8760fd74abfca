/*
 * racadm.c: racadm's command lines, and the queries every entry point
 * shares (see racadm.h).
 */
#include "racadm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Enough for every queue seen in practice; older blocks beyond are dropped. */
#define MAX_JOBS 256
#define MAX_ARGS 16

/* Why racadm cannot reach the target, or NULL when it can. */
static const char *target_problem(const struct fwd_target *t)
{
	if (!t || !t->out_of_band)
		return NULL;
	if (!t->host || !*t->host)
		return "out-of-band target without a host";
	if (!t->user || !*t->user)
		return "racadm needs the iDRAC user out-of-band: give --user (or run fwdispatch "
		       "on the server itself, in-band)";
	if (!t->has_password)
		return "racadm needs the iDRAC password out-of-band: give --password-file or "
		       "IPMI_PASSWORD (or run fwdispatch on the server itself, in-band)";
	return NULL;
}

int racadm_target_ok(const struct fwd_host_api *host, struct fwd_ctx *ctx)
{
	const char *problem = target_problem(host->target(ctx));

	return problem ? host->set_error(ctx, -FWD_E_REFUSED, "%s", problem) : 0;
}

int racadm_target_usable(const struct fwd_host_api *host, struct fwd_ctx *ctx)
{
	return target_problem(host->target(ctx)) == NULL;
}

void racadm_warn_out_of_band(const struct fwd_host_api *host, struct fwd_ctx *ctx)
{
	/* Once per run (a process): the host warns at every call already. */
	static int warned;
	const struct fwd_target *t = host->target(ctx);

	if (t && t->out_of_band && !warned++)
		host->log(ctx, FWD_LOG_WARN,
			  "out-of-band racadm takes the iDRAC password on its command line "
			  "(visible in the process list while it runs): prefer in-band, running "
			  "fwdispatch on the server itself");
}

/* racadm's argv: the remote options out-of-band, then args.  argv has
 * room for MAX_ARGS + 8. */
static int build(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		 const char *const *args, const char **argv, struct fwd_tool_cmd *cmd)
{
	const struct fwd_target *t = host->target(ctx);
	size_t n = 0;

	if (t && t->out_of_band) {
		/* racadm has no other way to take the password: the host puts it
		 * in place of the sentinel, masks it in traces and warns. */
		argv[n++] = "-r";
		argv[n++] = t->host;
		argv[n++] = "-u";
		argv[n++] = t->user ? t->user : "";
		argv[n++] = "-p";
		argv[n++] = FWD_ARG_PASSWORD;
		argv[n++] = "--nocertwarn";
	}
	for (size_t i = 0; args[i]; i++) {
		if (i == MAX_ARGS)
			return host->set_error(ctx, -FWD_E_INTERNAL, "racadm: too many arguments");
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	cmd->tool = "racadm";
	cmd->args = argv;
	return 0;
}

int racadm_run(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *const *args,
	       unsigned timeout_ms, struct fwd_tool_result *res)
{
	const char *argv[MAX_ARGS + 8];
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	int ret = build(host, ctx, args, argv, &cmd);

	if (ret)
		return ret;
	cmd.timeout_ms = timeout_ms;
	return host->run_tool(ctx, &cmd, res);
}

int racadm_plan(const struct fwd_host_api *host, struct fwd_ctx *ctx, enum fwd_step step,
		const char *const *args, const char *what)
{
	const char *argv[MAX_ARGS + 8];
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	int ret = build(host, ctx, args, argv, &cmd);

	if (ret)
		return ret;
	return host->plan(ctx, step, &cmd, what);
}

int racadm_jobs_read(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *jid,
		     struct racadm_job **jobs, size_t *n, char *why, size_t why_size)
{
	const char *view_one[] = { "jobqueue", "view", "-i", jid, NULL };
	static const char *const view_all[] = { "jobqueue", "view", NULL };
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	int ret;

	*jobs = NULL;
	*n = 0;
	why[0] = '\0';
	ret = racadm_run(host, ctx, jid ? view_one : view_all, RACADM_QUERY_TIMEOUT_MS, &res);
	if (ret) {
		snprintf(why, why_size, "racadm could not be run (%s)",
			 ret == -FWD_E_TOOL_MISSING ? "not found" :
			 ret == -FWD_E_TIMEOUT ? "no answer in time" : "see the log");
		host->tool_result_release(&res);
		return ret;
	}
	*jobs = calloc(MAX_JOBS, sizeof(**jobs));
	if (!*jobs) {
		host->tool_result_release(&res);
		snprintf(why, why_size, "out of memory");
		return -FWD_E_INTERNAL;
	}
	*n = racadm_parse_jobs(res.out ? res.out : "", *jobs, MAX_JOBS);
	/* An answer without a single block is a queue that is empty only when
	 * racadm says nothing went wrong. */
	if (*n == 0 && (res.exit_code != 0 || jid)) {
		/* Only an answer without jobs: a job's own Message may say
		 * "Lifecycle Controller in use" without racadm being refused. */
		if (racadm_busy(res.out, res.err, why, why_size)) {
			ret = -FWD_E_BUSY;
		} else {
			racadm_summary(res.out, res.err, why, why_size);
			ret = -FWD_E_TOOL_FAILED;
		}
	}
	host->tool_result_release(&res);
	return ret;
}

int racadm_getversion(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		      struct racadm_versions *v, char **raw, char *why, size_t why_size)
{
	static const char *const args[] = { "getversion", NULL };
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	const char *out;
	int ret;

	memset(v, 0, sizeof(*v));
	if (raw)
		*raw = NULL;
	why[0] = '\0';
	ret = racadm_run(host, ctx, args, RACADM_QUERY_TIMEOUT_MS, &res);
	if (ret) {
		snprintf(why, why_size, "racadm could not be run (%s)",
			 ret == -FWD_E_TOOL_MISSING ? "not found" :
			 ret == -FWD_E_TIMEOUT ? "no answer in time" : "see the log");
		host->tool_result_release(&res);
		return ret;
	}
	out = res.out ? res.out : "";
	racadm_key_value(out, "Bios Version", v->bios, sizeof(v->bios));
	racadm_key_value(out, "iDRAC Version", v->idrac, sizeof(v->idrac));
	racadm_key_value(out, "Lifecycle Controller Version", v->lifecycle, sizeof(v->lifecycle));
	if (raw && res.out)
		*raw = strdup(res.out);
	if (!v->bios[0] && !v->idrac[0]) {
		racadm_summary(res.out, res.err, why, why_size);
		ret = -FWD_E_TOOL_FAILED;
	}
	host->tool_result_release(&res);
	return ret;
}

/* why for a racadm that could not be run (the host set its error). */
static void not_run(int ret, char *why, size_t why_size)
{
	snprintf(why, why_size, "racadm could not be run (%s)",
		 ret == -FWD_E_TOOL_MISSING ? "not found" :
		 ret == -FWD_E_TIMEOUT ? "no answer in time" : "see the log");
}

/* A get or set: ran is racadm_run's return, ok whether the answer says it
 * worked; else busy (-FWD_E_BUSY) or failed, with why saying so. */
static int judge(int ran, const struct fwd_tool_result *res, int ok, char *why,
		 size_t why_size)
{
	if (ran) {
		not_run(ran, why, why_size);
		return ran;
	}
	if (ok)
		return 0;
	if (racadm_busy(res->out, res->err, why, why_size))
		return -FWD_E_BUSY;
	racadm_summary(res->out, res->err, why, why_size);
	return -FWD_E_TOOL_FAILED;
}

int racadm_get(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *object,
	       char *buf, size_t size, char *why, size_t why_size)
{
	const char *args[] = { "get", object, NULL };
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	int ret;

	buf[0] = why[0] = '\0';
	ret = racadm_run(host, ctx, args, RACADM_QUERY_TIMEOUT_MS, &res);
	ret = judge(ret, &res, !ret && res.exit_code == 0 &&
		    racadm_get_value(res.out ? res.out : "", object, buf, size), why, why_size);
	host->tool_result_release(&res);
	return ret;
}

int racadm_set(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *object,
	       const char *value, char *why, size_t why_size)
{
	const char *args[] = { "set", object, value, NULL };
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	char line[128];
	int ret;

	why[0] = '\0';
	ret = racadm_run(host, ctx, args, RACADM_QUERY_TIMEOUT_MS, &res);
	ret = judge(ret, &res, !ret && res.exit_code == 0 &&
		    racadm_find_line(res.out ? res.out : "", "Object value modified", line,
				     sizeof(line)), why, why_size);
	host->tool_result_release(&res);
	return ret;
}
