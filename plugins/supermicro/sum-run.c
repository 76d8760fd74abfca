/*
 * sum-run.c: running sum and reading what it said.  See sum.h.
 */
#include "sum.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vendor-text.h"

/* sum's failure banner: "*****<<<<<ERROR>>>>>*****". */
#define ERROR_MARKER "<ERROR>"
#define ERROR_BLOCK_MAX_LINES 40
#define TAIL_LINES 15

struct watch {
	const struct fwd_host_api *host;
	struct fwd_ctx *ctx;
	enum fwd_step step;       /* 0: no progress */
	int last_percent;
};

/* sum redraws "... (NN%)" counters in place; each redraw is progress. */
static void on_line(void *payload, int stream, const char *line)
{
	struct watch *w = payload;
	const char *pct = strrchr(line, '%');
	const char *p = pct;
	int value;

	(void)stream;
	if (!pct || pct == line)
		return;
	while (p > line && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (p < pct && sscanf(p, "%d", &value) == 1 && value >= 0 && value <= 100 &&
	    value != w->last_percent) {
		w->last_percent = value;
		w->host->progress(w->ctx, w->step, (uint64_t)value, 100);
	}
}

/* A line of '*' only (the frame around sum's banners)? */
static int frame_line(const char *s, const char *end)
{
	int stars = 0;

	for (; s < end; s++) {
		if (*s == '*')
			stars++;
		else if (*s != ' ' && *s != '\t')
			return 0;
	}
	return stars > 0;
}

/* The ERROR block without its banner and frame lines; NULL when none. */
static char *error_block(const char *text)
{
	char *from = fwdp_text_from_marker(text, ERROR_MARKER, ERROR_BLOCK_MAX_LINES + 1);
	char *out, *w;
	const char *p;

	if (!from)
		return NULL;
	out = malloc(strlen(from) + 1);
	if (!out) {
		free(from);
		return NULL;
	}
	w = out;
	p = strchr(from, '\n');   /* skip the banner line itself */
	while (p && *p) {
		const char *line = p + 1, *nl = strchr(line, '\n');
		const char *end = nl ? nl : line + strlen(line);

		if (end > line && !frame_line(line, end)) {
			if (w > out)
				*w++ = '\n';
			memcpy(w, line, (size_t)(end - line));
			w += end - line;
		}
		p = nl;
	}
	*w = '\0';
	free(from);
	return out;
}

/* The text of the last "Status:" line, into out. */
static void last_status(const char *text, char *out, size_t size)
{
	const char *p = text;

	out[0] = '\0';
	while (p && *p) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p), *s = p;

		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (end - s >= 7 && strncasecmp(s, "status", 6) == 0) {
			const char *v = s + 6;

			while (v < end && (*v == ' ' || *v == '\t'))
				v++;
			if (v < end && *v == ':') {
				v++;
				while (v < end && (*v == ' ' || *v == '\t'))
					v++;
				snprintf(out, size, "%.*s", (int)(end - v), v);
			}
		}
		p = nl ? nl + 1 : NULL;
	}
}

/* Progress labels of the phases that change the flash (sum.h). */
static const char *const writing_labels[] = {
	"writing", "erasing", "programming", "flashing", "updating bmc firmware", NULL
};

int sm_sum_writing_line(const char *text, char *out, size_t size)
{
	const char *p = text;
	int found = 0;

	out[0] = '\0';
	while (p && *p) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p), *s = p;

		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		for (size_t i = 0; writing_labels[i]; i++) {
			size_t len = strlen(writing_labels[i]);

			if ((size_t)(end - s) >= len &&
			    strncasecmp(s, writing_labels[i], len) == 0) {
				while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
					end--;
				snprintf(out, size, "%.*s", (int)(end - s), s);
				found = 1;
				break;
			}
		}
		p = nl ? nl + 1 : NULL;
	}
	return found;
}

int sm_sum_run(const struct fwd_host_api *host, struct fwd_ctx *ctx,
	       const struct sm_sum_cmd *c, enum fwd_step step_name, unsigned timeout_ms,
	       struct sm_sum_outcome *o)
{
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	struct watch w = { host, ctx, step_name, -1 };
	char *both;
	size_t out_len, err_len;

	memset(o, 0, sizeof(*o));
	o->exit_code = -1;
	cmd.tool = "sum";
	cmd.args = c->args;
	cmd.flags = FWD_TOOL_PROGRESS;
	cmd.timeout_ms = timeout_ms;
	cmd.stop_grace_ms = SM_SUM_STOP_GRACE_MS;
	if (step_name) {
		cmd.on_line = on_line;
		cmd.payload = &w;
	}
	o->ret = host->run_tool(ctx, &cmd, &res);
	o->exit_code = res.exit_code;
	o->signal = res.signal;

	/* stdout then stderr: sum prints its ERROR block on either. */
	out_len = res.out ? strlen(res.out) : 0;
	err_len = res.err ? strlen(res.err) : 0;
	both = malloc(out_len + err_len + 2);
	if (both) {
		memcpy(both, res.out ? res.out : "", out_len);
		both[out_len] = '\n';
		memcpy(both + out_len + 1, res.err ? res.err : "", err_len);
		both[out_len + 1 + err_len] = '\0';
		o->text = fwdp_text_clean(both);
		free(both);
	}
	host->tool_result_release(&res);
	if (!o->text || !(o->tail = fwdp_text_tail(o->text, TAIL_LINES))) {
		sm_sum_outcome_release(o);
		return host->set_error(ctx, -ENOMEM, "out of memory reading sum's output");
	}
	o->error_block = error_block(o->text);
	if (o->error_block) {
		fwdp_text_field(o->error_block, "Description", o->description,
				sizeof(o->description));
		fwdp_text_field(o->error_block, "Program Error Code", o->program_error,
				sizeof(o->program_error));
	}
	last_status(o->text, o->status, sizeof(o->status));
	sm_sum_writing_line(o->text, o->writing, sizeof(o->writing));
	return o->ret;
}

void sm_sum_outcome_release(struct sm_sum_outcome *o)
{
	free(o->text);
	free(o->error_block);
	free(o->tail);
	o->text = o->error_block = o->tail = NULL;
}

int sm_sum_succeeded(const struct sm_sum_outcome *o, char *why, size_t why_size)
{
	why[0] = '\0';
	if (o->ret != 0) {
		snprintf(why, why_size, "sum did not finish");
		return 0;
	}
	if (o->signal) {
		snprintf(why, why_size, "sum was killed by signal %d", o->signal);
		return 0;
	}
	if (o->exit_code != 0) {
		snprintf(why, why_size, "sum exit %d", o->exit_code);
		return 0;
	}
	/* Exit 0 is not enough when sum says otherwise. */
	if (o->error_block) {
		snprintf(why, why_size, "sum exited 0 but printed an ERROR block");
		return 0;
	}
	if (strcasestr(o->status, "fail") || strcasestr(o->status, "abort") ||
	    (strcasestr(o->status, "error") && !strcasestr(o->status, "no error"))) {
		snprintf(why, why_size, "sum exited 0 but its status says '%s'", o->status);
		return 0;
	}
	return 1;
}

int sm_sum_said_rebooting(const struct sm_sum_outcome *o)
{
	/* "Note: You have to reboot ..." is the opposite: a reboot is still due. */
	if (!o->text || strcasestr(o->text, "have to reboot"))
		return 0;
	return strcasestr(o->text, "rebooting") != NULL || strcasestr(o->text, "will reboot") != NULL;
}

void sm_sum_report(const struct fwd_host_api *host, const struct sm_sum_outcome *o,
		   struct fwd_json *result)
{
	host->json_object_set_new(result, "tool_exit_code",
				  o->exit_code >= 0 ? host->json_integer(o->exit_code)
						    : host->json_null());
	host->json_object_set_new(result, "tool_output",
				  host->json_string(o->error_block ? o->error_block :
						    o->tail ? o->tail : ""));
	host->json_object_set_new(result, "writing_began", host->json_boolean(o->writing[0] != 0));
	if (o->error_block) {
		struct fwd_json *e = host->json_object();

		if (!e)
			return;
		host->json_object_set_new(e, "exit_code", host->json_integer(o->exit_code));
		host->json_object_set_new(e, "description", host->json_string(o->description));
		host->json_object_set_new(e, "program_error_code",
					  host->json_string(o->program_error));
		host->json_object_set_new(result, "sum_error", e);
	}
}

int sm_sum_plan(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		const struct sm_sum_cmd *c, enum fwd_step step, const char *what)
{
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;

	cmd.tool = "sum";
	cmd.args = c->args;
	return host->plan(ctx, step, &cmd, what);
}
