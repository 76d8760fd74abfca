/*
 * power.c: reading the supplies and the SEL from the BMC, and what was
 * read as JSON (power.h).
 */
#include "ipmi/power.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipmi/lan.h"
#include "util/json-out.h"

/* msg into p->error, cut to fit, unless a failure was noted before. */
static void note(struct fwd_power *p, const char *msg)
{
	size_t n = strnlen(msg, sizeof(p->error) - 1);

	if (p->error[0])
		return;
	memcpy(p->error, msg, n);
	p->error[n] = '\0';
}

/* Runs `ipmitool ARGS`; on failure notes why (the first failure only) and
 * clears ctx's error.  Returns the text (malloc'd) or NULL. */
static char *ask(struct fwd_ctx *ctx, const char *const *args, struct fwd_power *p, int *fatal)
{
	char *text = NULL;
	int ret = fwd_lan_ipmitool(ctx, args, &text, NULL);

	if (ret == 0)
		return text;
	if (ret == -FWD_E_TOOL_MISSING) {
		*fatal = ret;
		return NULL;
	}
	note(p, ctx->err.msg);
	fwd_ctx_clear_error(ctx);
	return NULL;
}

int fwd_power_read_sel_info(struct fwd_ctx *ctx, struct fwd_sel_info *out)
{
	static const char *const args[] = { "sel", "info", NULL };
	char *text = NULL;
	int ret = fwd_lan_ipmitool(ctx, args, &text, NULL);

	if (ret)
		return ret;
	ret = fwd_sel_parse_info(text, out);
	free(text);
	if (ret)
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "'ipmitool sel info' says no "
					 "number of entries");
	return 0;
}

int fwd_power_read(struct fwd_ctx *ctx, struct fwd_power *out)
{
	static const char *const sdr[] = { "sdr", "type", "Power Supply", NULL };
	static const char *const info[] = { "sel", "info", NULL };
	static const char *const clock[] = { "sel", "time", "get", NULL };
	static const char *const elist[] = { "sel", "elist", NULL };
	char *text;
	int fatal = 0;

	memset(out, 0, sizeof(*out));
	if ((text = ask(ctx, sdr, out, &fatal))) {
		fwd_power_parse_sdr(text, &out->sensors);
		out->sensors_read = 1;
		free(text);
	}
	if (!fatal && (text = ask(ctx, info, out, &fatal))) {
		out->sel_read = fwd_sel_parse_info(text, &out->sel) == 0;
		if (!out->sel_read)
			note(out, "'ipmitool sel info' says no number of entries");
		free(text);
	}
	if (!fatal && (text = ask(ctx, clock, out, &fatal))) {
		out->clock_read = fwd_sel_parse_time(text, &out->clock) == 0;
		free(text);
	}
	/* An empty SEL: "SEL has no entries" on stderr, nothing on stdout. */
	if (!fatal && (text = ask(ctx, elist, out, &fatal))) {
		fwd_sel_power_events(text, out->clock_read ? &out->clock : NULL,
				     FWD_POWER_WINDOW_S, &out->events);
		out->events_read = 1;
		free(text);
	}
	return fatal;
}

/* ---- JSON ---- */

static json_t *risk_array(unsigned flags)
{
	static const struct {
		unsigned flag;
		const char *name;
	} names[] = {
		{ FWD_PSU_FAILED, "failure" },
		{ FWD_PSU_PREDICTIVE, "predictive-failure" },
		{ FWD_PSU_AC_LOST, "ac-lost" },
		{ FWD_PSU_AC_RANGE, "ac-out-of-range" },
	};
	json_t *a = json_array();

	for (size_t i = 0; a && i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].flag)
			json_array_append_new(a, json_string(names[i].name));
	return a;
}

static json_t *sensors_json(const struct fwd_power_sensors *s, json_t **redundancy,
			    json_t **others)
{
	json_t *supplies = json_array();

	*redundancy = json_null();
	*others = json_array();
	for (size_t i = 0; supplies && *others && i < s->n; i++) {
		const struct fwd_psu *p = &s->s[i];
		json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:o}", "name", fwd_json_text(p->name),
				      "sensor", fwd_json_text(p->sensor), "entity",
				      fwd_json_text(p->entity), "status", fwd_json_text(p->status),
				      "state", fwd_json_text(p->state));

		if (!o)
			continue;
		if (p->kind == FWD_PSU_SUPPLY) {
			json_object_set_new(o, "present", json_boolean(
				p->flags & (FWD_PSU_PRESENT | FWD_PSU_AT_RISK)));
			json_object_set_new(o, "readable", json_boolean(
				!(p->flags & FWD_PSU_UNREADABLE)));
			json_object_set_new(o, "config_error", json_boolean(
				p->flags & FWD_PSU_CONFIG));
			json_object_set_new(o, "at_risk", risk_array(p->flags));
			json_array_append_new(supplies, o);
		} else if (p->kind == FWD_PSU_REDUNDANCY && json_is_null(*redundancy)) {
			json_object_set_new(o, "verdict", json_string(
				fwd_redundancy_name(p->redundancy)));
			*redundancy = o;
		} else {
			json_array_append_new(*others, o);
		}
	}
	return supplies;
}

static json_t *events_json(const struct fwd_power_events *e)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < e->n; i++)
		json_array_append_new(list, json_pack("{s:i, s:I, s:s, s:o, s:o}",
			"id", (int)e->ev[i].id, "age_s", (json_int_t)e->ev[i].age_s,
			"kind", fwd_power_event_name(e->ev[i].kind),
			"sensor", fwd_json_text(e->ev[i].sensor),
			"event", fwd_json_text(e->ev[i].event)));
	return json_pack("{s:i, s:i, s:i, s:i, s:o*}", "window_h", (int)(FWD_POWER_WINDOW_S / 3600),
			 "recent", (int)e->recent, "undated", (int)e->undated,
			 "older", (int)e->older, "list", list);
}

static json_t *tri(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

json_t *fwd_power_to_json(const struct fwd_power *p)
{
	json_t *o = json_object(), *redundancy = NULL, *others = NULL, *supplies;

	if (!o)
		return NULL;
	if (p->sensors_read) {
		supplies = sensors_json(&p->sensors, &redundancy, &others);
		json_object_set_new(o, "supplies", supplies ? supplies : json_null());
		json_object_set_new(o, "redundancy", redundancy ? redundancy : json_null());
		json_object_set_new(o, "others", others ? others : json_null());
	} else {
		json_object_set_new(o, "supplies", json_null());
		json_object_set_new(o, "redundancy", json_null());
		json_object_set_new(o, "others", json_null());
	}
	json_object_set_new(o, "sel", !p->sel_read ? json_null() : json_pack(
		"{s:I, s:o, s:o}", "entries", (json_int_t)p->sel.entries, "percent_used",
		p->sel.percent_used < 0 ? json_null() : json_integer(p->sel.percent_used),
		"overflow", tri(p->sel.overflow)));
	json_object_set_new(o, "clock", !p->clock_read ? json_null() :
			    json_string(p->clock.dated ? "dated" : "pre-init"));
	json_object_set_new(o, "events", p->events_read ? events_json(&p->events) : json_null());
	json_object_set_new(o, "error", p->error[0] ? fwd_json_text(p->error) : json_null());
	return o;
}
