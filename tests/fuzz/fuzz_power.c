/*
 * fuzz_power.c: what the preflight's power and SEL checks read
 * (core/ipmi/power-sdr.c, sel-power.c, pipe-text.c, power.c's JSON) and
 * judge (core/update/preflight-power.c).  The same text is read as each of
 * ipmitool's answers: `sdr type "Power Supply"`, `sel info`, `sel time get`
 * (its first line; else a fixed clock) and `sel elist`.
 *
 * Checked besides crashes and leaks: every string kept is terminated and
 * within its field; counts within their arrays, events kept at most the
 * recent ones, ages of recent events within the window; an unreadable
 * supply has no other state; a percentage is -1 to 100; a verdict is one
 * of the four, a refusal says why and nothing else does; the JSON is made.
 */
#include <string.h>

#include "fuzz-util.h"
#include "ipmi/power.h"
#include "update/preflight-power.h"

#define TERMINATED(field) FUZZ_CHECK(memchr((field), '\0', sizeof(field)) != NULL)

static void check_sensors(const struct fwd_power_sensors *s)
{
	FUZZ_CHECK(s->n <= FWD_POWER_MAX_SENSORS);
	FUZZ_CHECK(s->more == 0 || s->n == FWD_POWER_MAX_SENSORS);
	FUZZ_CHECK(fwd_power_supplies_present(s) <= s->n);
	for (size_t i = 0; i < s->n; i++) {
		const struct fwd_psu *p = &s->s[i];

		TERMINATED(p->name);
		TERMINATED(p->sensor);
		TERMINATED(p->entity);
		TERMINATED(p->status);
		TERMINATED(p->state);
		FUZZ_CHECK(p->name[0] != '\0');
		FUZZ_CHECK(p->kind == FWD_PSU_SUPPLY || p->kind == FWD_PSU_REDUNDANCY ||
			   p->kind == FWD_PSU_OTHER);
		FUZZ_CHECK(!(p->flags & FWD_PSU_UNREADABLE) || p->flags == FWD_PSU_UNREADABLE);
		FUZZ_CHECK(p->kind == FWD_PSU_REDUNDANCY || p->redundancy == FWD_REDUNDANCY_UNKNOWN);
		FUZZ_CHECK(p->kind != FWD_PSU_REDUNDANCY || p->flags == 0);
	}
}

static void check_events(const struct fwd_power_events *e, unsigned window)
{
	FUZZ_CHECK(e->n <= FWD_POWER_MAX_EVENTS);
	FUZZ_CHECK(e->n <= e->recent);
	FUZZ_CHECK(e->n == (e->recent < FWD_POWER_MAX_EVENTS ? e->recent : FWD_POWER_MAX_EVENTS));
	for (size_t i = 0; i < e->n; i++) {
		TERMINATED(e->ev[i].sensor);
		TERMINATED(e->ev[i].event);
		FUZZ_CHECK(e->ev[i].age_s <= (int64_t)window);
		FUZZ_CHECK(e->ev[i].id <= 0xffff);
		FUZZ_CHECK(strcmp(fwd_power_event_name(e->ev[i].kind), "unknown") != 0);
	}
	if (e->undated) {
		TERMINATED(e->last_undated.event);
		FUZZ_CHECK(e->last_undated.age_s == -1);
	}
}

static void check_result(const struct fwd_check_result *r)
{
	TERMINATED(r->detail);
	TERMINATED(r->risk);
	FUZZ_CHECK(r->verdict == FWD_CHECK_PASS || r->verdict == FWD_CHECK_WARN ||
		   r->verdict == FWD_CHECK_REFUSE || r->verdict == FWD_CHECK_SKIP);
	FUZZ_CHECK(r->detail[0] != '\0');
	FUZZ_CHECK((r->verdict == FWD_CHECK_REFUSE) == (r->risk[0] != '\0'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fwd_power p;
	struct fwd_check_result r;
	struct fwd_sel_time fixed = { 1, 1796320378 };
	char *text = fuzz_cstr(data, size);
	json_t *j;

	memset(&p, 0, sizeof(p));
	fwd_power_parse_sdr(text, &p.sensors);
	check_sensors(&p.sensors);
	p.sensors_read = size % 2 == 0;   /* both ways, from one input */

	p.sel_read = fwd_sel_parse_info(text, &p.sel) == 0;
	FUZZ_CHECK(p.sel.percent_used >= -1 && p.sel.percent_used <= 100);
	FUZZ_CHECK(p.sel.overflow >= -1 && p.sel.overflow <= 1);
	FUZZ_CHECK(!p.sel_read || p.sel.entries >= 0);
	fwd_sel_capacity_judge(p.sel_read, &p.sel, "no answer", &r);
	check_result(&r);
	FUZZ_CHECK(r.verdict != FWD_CHECK_REFUSE);

	p.clock_read = fwd_sel_parse_time(text, &p.clock) == 0;
	p.events_read = 1;
	fwd_sel_power_events(text, p.clock_read ? &p.clock : &fixed, FWD_POWER_WINDOW_S,
			     &p.events);
	check_events(&p.events, FWD_POWER_WINDOW_S);
	fwd_sel_power_events(text, NULL, FWD_POWER_WINDOW_S, &p.events);
	FUZZ_CHECK(p.events.recent == 0 && p.events.older == 0);

	fwd_power_judge(&p, &r);
	check_result(&r);
	FUZZ_CHECK(r.verdict != FWD_CHECK_SKIP);
	j = fwd_power_to_json(&p);
	FUZZ_CHECK(j != NULL);
	json_decref(j);
	free(text);
	return 0;
}
