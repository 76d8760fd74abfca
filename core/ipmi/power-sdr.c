/*
 * power-sdr.c: the power supplies' sensors as `ipmitool sdr type "Power
 * Supply"` lists them (power.h).
 *
 * ipmitool prints each sensor as "NAME | NNh | st | E.I | STATES": the
 * name padded to 16, the sensor number, a status ("ok", "ns" for no
 * reading, "cr"...), the entity and instance, and the states asserted,
 * joined with ", " ("Presence detected, Failure detected").  A state may
 * hold a comma itself ("AC out-of-range, but present"), so states are
 * found by their names, not by splitting.  Samples: ipmitool 1.8.19
 * against tests/sim (tests/cli/test-sim-power.sh), and public notes of a
 * Dell iDRAC ("Status | 65h | ok | 10.2 | Presence detected, Power Supply
 * AC lost", "PS Redundancy | 74h | ok | 7.1 | Redundancy Degraded").
 */
#include "ipmi/power.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ipmi/pipe-text.h"

/* The supply states, by the names ipmitool gives them (any case: they
 * differ between versions, "Predictive Failure" in some). */
static const struct {
	const char *text;
	unsigned flag;
} supply_states[] = {
	{ "Presence detected", FWD_PSU_PRESENT },
	{ "Failure detected", FWD_PSU_FAILED },
	{ "Predictive failure", FWD_PSU_PREDICTIVE },
	{ "AC lost", FWD_PSU_AC_LOST },         /* also "AC lost or out-of-range" */
	{ "out-of-range, but present", FWD_PSU_AC_RANGE },
	{ "Config Error", FWD_PSU_CONFIG },
};

/* What a reading that is none looks like: the sensor reads nothing. */
static const char *const no_reading[] = { "No Reading", "Disabled", "Not Readable" };

/* "C8h", "7h": one or two hex digits and an h. */
static int sensor_number(const struct fwd_text_field *f)
{
	if (f->len < 2 || f->len > 3 || f->s[f->len - 1] != 'h')
		return 0;
	for (size_t i = 0; i + 1 < f->len; i++)
		if (!strchr("0123456789abcdefABCDEF", f->s[i]))
			return 0;
	return 1;
}

/* "10.1": digits, a dot, digits. */
static int entity(const struct fwd_text_field *f)
{
	size_t dot = 0;

	if (!f->len || f->len > 7)
		return 0;
	for (size_t i = 0; i < f->len; i++) {
		if (f->s[i] == '.' && !dot && i)
			dot = i;
		else if (f->s[i] < '0' || f->s[i] > '9')
			return 0;
	}
	return dot && dot + 1 < f->len;
}

/* "ok", "ns", "lnc": two or three lower-case letters. */
static int status(const struct fwd_text_field *f)
{
	if (f->len < 2 || f->len > 3)
		return 0;
	for (size_t i = 0; i < f->len; i++)
		if (f->s[i] < 'a' || f->s[i] > 'z')
			return 0;
	return 1;
}

static enum fwd_redundancy redundancy_of(const struct fwd_text_field *state)
{
	/* The state now, not the one it came from: "Redundancy Degraded from
	 * Fully Redundant" and "... from Non-Redundant" are degraded. */
	if (fwd_text_has(state, "Redundancy Lost"))
		return FWD_REDUNDANCY_LOST;
	if (fwd_text_has(state, "Degraded"))
		return FWD_REDUNDANCY_DEGRADED;
	if (fwd_text_has(state, "Non-Redundant"))
		return FWD_REDUNDANCY_LOST;
	if (fwd_text_has(state, "Fully Redundant"))
		return FWD_REDUNDANCY_FULL;
	return FWD_REDUNDANCY_UNKNOWN;
}

static void classify(struct fwd_psu *p, const struct fwd_text_field *name,
		     const struct fwd_text_field *state)
{
	int none = !strcmp(p->status, "ns");

	for (size_t i = 0; i < sizeof(no_reading) / sizeof(no_reading[0]); i++)
		none |= fwd_text_has(state, no_reading[i]);
	for (size_t i = 0; i < sizeof(supply_states) / sizeof(supply_states[0]); i++)
		if (fwd_text_has(state, supply_states[i].text))
			p->flags |= supply_states[i].flag;
	/* A redundancy state, or a sensor named so that says no supply state
	 * ("PS Redundancy | ns | No Reading"). */
	if (fwd_text_has(state, "Redundan") || (fwd_text_has(name, "Redundan") && !p->flags)) {
		p->flags = 0;
		p->kind = FWD_PSU_REDUNDANCY;
		p->redundancy = none ? FWD_REDUNDANCY_UNKNOWN : redundancy_of(state);
		return;
	}
	if (none)
		p->flags = FWD_PSU_UNREADABLE;
	/* An empty bay reads no state at all; a watt or amp reading is not a
	 * supply's status. */
	p->kind = p->flags || !state->len ? FWD_PSU_SUPPLY : FWD_PSU_OTHER;
}

void fwd_power_parse_sdr(const char *text, struct fwd_power_sensors *out)
{
	struct fwd_text_lines it;
	struct fwd_text_field line;

	memset(out, 0, sizeof(*out));
	fwd_text_lines_start(&it, text);
	while (fwd_text_lines_next(&it, &line)) {
		struct fwd_text_field f[5];
		struct fwd_psu *p;

		if (fwd_text_split(&line, f, 5) != 5 || !f[0].len || !sensor_number(&f[1]) ||
		    !status(&f[2]) || !entity(&f[3]))
			continue;
		if (out->n == FWD_POWER_MAX_SENSORS) {
			out->more++;
			continue;
		}
		p = &out->s[out->n++];
		fwd_text_copy(p->name, sizeof(p->name), &f[0]);
		fwd_text_copy(p->sensor, sizeof(p->sensor), &f[1]);
		fwd_text_copy(p->status, sizeof(p->status), &f[2]);
		fwd_text_copy(p->entity, sizeof(p->entity), &f[3]);
		fwd_text_copy(p->state, sizeof(p->state), &f[4]);
		classify(p, &f[0], &f[4]);
	}
}

size_t fwd_power_supplies_present(const struct fwd_power_sensors *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->s[i].kind == FWD_PSU_SUPPLY &&
		    (s->s[i].flags & (FWD_PSU_PRESENT | FWD_PSU_AT_RISK)))
			n++;
	return n;
}

const char *fwd_psu_risk_text(unsigned flags, char *buf, size_t size)
{
	static const struct {
		unsigned flag;
		const char *text;
	} names[] = {
		{ FWD_PSU_FAILED, "failure detected" },
		{ FWD_PSU_PREDICTIVE, "predictive failure" },
		{ FWD_PSU_AC_LOST, "AC lost" },
		{ FWD_PSU_AC_RANGE, "AC out of range" },
	};
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int n;

		if (!(flags & names[i].flag) || at >= size)
			continue;
		n = snprintf(buf + at, size - at, "%s%s", at ? ", " : "", names[i].text);
		at = n < 0 ? size : at + (size_t)n;
	}
	return buf;
}

const char *fwd_redundancy_name(enum fwd_redundancy r)
{
	switch (r) {
	case FWD_REDUNDANCY_FULL: return "full";
	case FWD_REDUNDANCY_DEGRADED: return "degraded";
	case FWD_REDUNDANCY_LOST: return "lost";
	default: return "unknown";
	}
}
