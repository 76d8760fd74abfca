/*
 * preflight-power.c: judging the power and the SEL before a flash
 * (preflight-power.h).
 *
 * The rule behind "power": a flash is minutes in which the BMC must not
 * lose power.  A supply that fails or lost its feed now, redundancy lost,
 * or a feed that dropped in the last day (the SEL says so even when the
 * sensors are fine again) are reasons to stop and let a person decide;
 * one supply is a fact of many machines, worth saying but not refusing.
 */
#include "update/preflight-power.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Appends "; " and the text to buf (cut to fit, always terminated). */
static void FWD_PRINTF(3, 4) add(char *buf, size_t size, const char *fmt, ...)
{
	size_t at = strlen(buf);
	va_list ap;

	if (at + 3 >= size)
		return;
	if (at) {
		memcpy(buf + at, "; ", 3);
		at += 2;
	}
	va_start(ap, fmt);
	vsnprintf(buf + at, size - at, fmt, ap);
	va_end(ap);
}

/* "3 h ago": an event's age, for a line. */
static const char *age_text(int64_t age, char *buf, size_t size)
{
	if (age < 0)
		snprintf(buf, size, "dated after the BMC's clock");
	else if (age < 120)
		snprintf(buf, size, "%lld s ago", (long long)age);
	else if (age < 7200)
		snprintf(buf, size, "%lld min ago", (long long)(age / 60));
	else
		snprintf(buf, size, "%lld h ago", (long long)(age / 3600));
	return buf;
}

static const struct fwd_psu *redundancy_sensor(const struct fwd_power_sensors *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->s[i].kind == FWD_PSU_REDUNDANCY)
			return &s->s[i];
	return NULL;
}

/* What refuses: supplies at risk, redundancy lost, recent events. */
static void risks(const struct fwd_power *p, char *buf, size_t size)
{
	const struct fwd_power_events *e = &p->events;
	char what[96], age[48];
	size_t shown = 0;

	for (size_t i = 0; p->sensors_read && i < p->sensors.n; i++) {
		const struct fwd_psu *s = &p->sensors.s[i];

		if (s->kind == FWD_PSU_SUPPLY && (s->flags & FWD_PSU_AT_RISK))
			add(buf, size, "%s (%s) reports %s", s->name, s->entity,
			    fwd_psu_risk_text(s->flags, what, sizeof(what)));
		else if (s->kind == FWD_PSU_REDUNDANCY && s->redundancy == FWD_REDUNDANCY_LOST)
			add(buf, size, "%s: %s", s->name, s->state);
	}
	/* The newest first: the SEL lists the oldest first. */
	for (size_t i = e->n; p->events_read && i-- > 0 && shown < 3; shown++)
		add(buf, size, "the SEL logged '%s: %s' %s", e->ev[i].sensor, e->ev[i].event,
		    age_text(e->ev[i].age_s, age, sizeof(age)));
	if (p->events_read && e->recent > shown)
		add(buf, size, "%zu more power events in the SEL's last %u h", e->recent - shown,
		    FWD_POWER_WINDOW_S / 3600);
}

/* What warns: few supplies, degraded redundancy, configuration, no dates. */
static void warnings(const struct fwd_power *p, char *buf, size_t size)
{
	const struct fwd_psu *red = redundancy_sensor(&p->sensors);
	size_t present = fwd_power_supplies_present(&p->sensors), unreadable = 0;

	if (!p->sensors_read) {
		add(buf, size, "the power supplies cannot be read (%s)", p->error);
		return;
	}
	for (size_t i = 0; i < p->sensors.n; i++) {
		const struct fwd_psu *s = &p->sensors.s[i];

		unreadable += s->kind == FWD_PSU_SUPPLY && (s->flags & FWD_PSU_UNREADABLE);
		if (s->kind == FWD_PSU_SUPPLY && (s->flags & FWD_PSU_CONFIG))
			add(buf, size, "%s (%s) reports a configuration error", s->name, s->entity);
	}
	if (present == 0 && unreadable)
		add(buf, size, "no power supply reads (%zu sensor%s without a reading): whether "
		    "a second supply takes over cannot be told", unreadable,
		    unreadable == 1 ? "" : "s");
	else if (present == 0)
		add(buf, size, "the BMC reports no power supply: whether a second supply takes "
		    "over cannot be told");
	else if (present == 1 && (!red || red->redundancy != FWD_REDUNDANCY_FULL))
		add(buf, size, "a single power supply: nothing takes over if it or its feed "
		    "fails during the flash (a UPS does)");
	if (red && red->redundancy == FWD_REDUNDANCY_DEGRADED)
		add(buf, size, "%s: %s", red->name, red->state);
	if (p->events_read && p->events.undated)
		add(buf, size, "%zu power event%s in the SEL with no date to tell when (the "
		    "BMC's clock was not set), the last '%s: %s'", p->events.undated,
		    p->events.undated == 1 ? "" : "s", p->events.last_undated.sensor,
		    p->events.last_undated.event);
}

/* What was read, for a line that passes or warns. */
static void summary(const struct fwd_power *p, char *buf, size_t size)
{
	const struct fwd_psu *red = redundancy_sensor(&p->sensors);
	size_t present = fwd_power_supplies_present(&p->sensors);

	if (p->sensors_read && present)
		add(buf, size, "%zu suppl%s present%s", present, present == 1 ? "y" : "ies",
		    present > 1 ? ", all fine" : "");
	/* A degraded redundancy was said among the warnings. */
	if (p->sensors_read && red && red->redundancy != FWD_REDUNDANCY_DEGRADED)
		add(buf, size, "redundancy: %s", red->state[0] ? red->state : "no state");
	else if (p->sensors_read && !red)
		add(buf, size, "no redundancy sensor");
	if (!p->events_read)
		add(buf, size, "the SEL's events cannot be read");
	else if (!p->events.recent)
		add(buf, size, "no power event in the SEL's last %u h", FWD_POWER_WINDOW_S / 3600);
}

void fwd_power_judge(const struct fwd_power *p, struct fwd_check_result *out)
{
	const struct fwd_psu *red = redundancy_sensor(&p->sensors);
	size_t present = fwd_power_supplies_present(&p->sensors);

	memset(out, 0, sizeof(*out));
	risks(p, out->risk, sizeof(out->risk));
	if (out->risk[0]) {
		out->verdict = FWD_CHECK_REFUSE;
		snprintf(out->detail, sizeof(out->detail), "%s", out->risk);
		return;
	}
	warnings(p, out->detail, sizeof(out->detail));
	out->verdict = out->detail[0] ? FWD_CHECK_WARN : FWD_CHECK_PASS;
	/* Two supplies, or the BMC's word that they back each other up. */
	if (out->verdict == FWD_CHECK_PASS && present < 2 &&
	    !(red && red->redundancy == FWD_REDUNDANCY_FULL))
		out->verdict = FWD_CHECK_WARN;
	summary(p, out->detail, sizeof(out->detail));
}

void fwd_sel_capacity_judge(int read, const struct fwd_sel_info *info, const char *error,
			    struct fwd_check_result *out)
{
	memset(out, 0, sizeof(*out));
	if (!read) {
		out->verdict = FWD_CHECK_SKIP;
		snprintf(out->detail, sizeof(out->detail), "the SEL cannot be read (%s)",
			 error && *error ? error : "no answer");
		return;
	}
	if (info->overflow == 1 || info->percent_used >= FWD_SEL_FULL_PERCENT) {
		out->verdict = FWD_CHECK_WARN;
		if (info->percent_used >= 0)
			snprintf(out->detail, sizeof(out->detail), "the SEL is %d%% full (%ld "
				 "entries)%s", info->percent_used, info->entries,
				 info->overflow == 1 ? " and has overflowed" : "");
		else
			snprintf(out->detail, sizeof(out->detail), "the SEL has overflowed (%ld "
				 "entries)", info->entries);
		add(out->detail, sizeof(out->detail), "a BMC flash logs events, and a full SEL "
		    "loses them: save it (ipmitool sel save FILE), then clear it (ipmitool sel "
		    "clear)");
		return;
	}
	if (info->percent_used < 0) {
		out->verdict = FWD_CHECK_SKIP;
		snprintf(out->detail, sizeof(out->detail), "the BMC does not say how full its SEL "
			 "is (%ld entries)", info->entries);
		return;
	}
	out->verdict = FWD_CHECK_PASS;
	snprintf(out->detail, sizeof(out->detail), "the SEL is %d%% full (%ld entries)",
		 info->percent_used, info->entries);
}
