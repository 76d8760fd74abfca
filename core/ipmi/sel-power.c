/*
 * sel-power.c: the SEL as the power check reads it (power.h): how full
 * it is (`sel info`), the BMC's clock (`sel time get`), and the power
 * events of its last day (`sel elist`).
 *
 * Formats, from ipmitool's lib/ipmi_sel.c as 1.8.18 and 1.8.19 print
 * them: dates are "%m/%d/%Y" (1.8.18) or the C locale's "%x", MM/DD/YY
 * (1.8.19), times "%H:%M:%S" followed by the zone in 1.8.19; a time
 * before the BMC's clock was set (a timestamp under 20000000h) prints as
 * "S+ 00:06:18" (`sel time get`) or "Pre-Init" and ten digits (a record).
 * `sel info` of a BMC that does not say its free space prints "Free Space
 * : 65535 bytes or more" and "Percent Used : unknown"; one that supports
 * Get SEL Allocation Info adds "# of Alloc Units" and "# Free Units" (a
 * public sample: 366 entries, 4000 units, 3634 free).
 */
#include "ipmi/power.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipmi/pipe-text.h"
#include "util/kv-text.h"

/* A whole decimal number at the start of s (a "%" or " bytes" may follow). */
static long leading_number(const char *s)
{
	char *end;
	long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	return errno || v < 0 ? -1 : v;
}

int fwd_sel_parse_info(const char *text, struct fwd_sel_info *out)
{
	char buf[64];
	long units, free_units, pct;

	out->entries = -1;
	out->percent_used = -1;
	out->overflow = -1;
	out->entries = leading_number(fwd_kv_find(text, "Entries", buf, sizeof(buf)));
	if (out->entries < 0)
		return -EINVAL;
	pct = leading_number(fwd_kv_find(text, "Percent Used", buf, sizeof(buf)));
	if (pct >= 0) {
		out->percent_used = pct > 100 ? 100 : (int)pct;
	} else {
		units = leading_number(fwd_kv_find(text, "# of Alloc Units", buf, sizeof(buf)));
		free_units = leading_number(fwd_kv_find(text, "# Free Units", buf, sizeof(buf)));
		if (units > 0 && free_units >= 0 && free_units <= units)
			out->percent_used = (int)((units - free_units) * 100 / units);
	}
	if (fwd_kv_find(text, "Overflow", buf, sizeof(buf)))
		out->overflow = !strcmp(buf, "true") ? 1 : !strcmp(buf, "false") ? 0 : -1;
	return 0;
}

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* n digits of s as a number, or -1. */
static int digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "MM/DD/YY" or "MM/DD/YYYY" into days; -1 when it is neither. */
static int parse_date(const struct fwd_text_field *f, int64_t *days)
{
	int m, d, y;

	if ((f->len != 8 && f->len != 10) || f->s[2] != '/' || f->s[5] != '/')
		return -1;
	m = digits(f->s, 2);
	d = digits(f->s + 3, 2);
	y = digits(f->s + 6, f->len - 6);
	if (m < 1 || m > 12 || d < 1 || d > 31 || y < 0)
		return -1;
	if (f->len == 8)
		y += y < 69 ? 2000 : 1900;  /* strptime's %y */
	*days = days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

/* "HH:MM:SS", a zone or nothing after it, into seconds; -1 otherwise. */
static int parse_clock(const struct fwd_text_field *f, int64_t *secs)
{
	int h, m, s;

	if (f->len < 8 || f->s[2] != ':' || f->s[5] != ':' || (f->len > 8 && f->s[8] != ' '))
		return -1;
	h = digits(f->s, 2);
	m = digits(f->s + 3, 2);
	s = digits(f->s + 6, 2);
	if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60)
		return -1;
	*secs = h * 3600 + m * 60 + s;
	return 0;
}

static int dated(const struct fwd_text_field *date, const struct fwd_text_field *clock,
		 int64_t *t)
{
	int64_t days, secs;

	if (parse_date(date, &days) || parse_clock(clock, &secs))
		return -1;
	*t = days * 86400 + secs;
	return 0;
}

int fwd_sel_parse_time(const char *text, struct fwd_sel_time *out)
{
	struct fwd_text_lines it;
	struct fwd_text_field line, date, clock;
	const char *sp;

	memset(out, 0, sizeof(*out));
	fwd_text_lines_start(&it, text);
	while (fwd_text_lines_next(&it, &line)) {
		fwd_text_split(&line, &line, 1);   /* trimmed */
		if (!line.len)
			continue;
		if (fwd_text_starts(&line, "S+ ")) {
			out->dated = 0;
			return 0;
		}
		sp = memchr(line.s, ' ', line.len);
		if (!sp)
			return -EINVAL;
		date.s = line.s;
		date.len = (size_t)(sp - line.s);
		clock.s = sp + 1;
		clock.len = line.len - date.len - 1;
		if (dated(&date, &clock, &out->t))
			return -EINVAL;
		out->dated = 1;
		return 0;
	}
	return -EINVAL;
}

static int event_kind(const struct fwd_text_field *event, enum fwd_power_event_kind *kind)
{
	/* "Redundancy Degraded from Non-Redundant" is redundancy coming back. */
	if (fwd_text_has(event, "Redundancy Lost") ||
	    (fwd_text_has(event, "Non-Redundant") && !fwd_text_has(event, "Degraded")))
		*kind = FWD_POWER_EVENT_REDUNDANCY_LOST;
	else if (fwd_text_has(event, "Predictive failure"))
		*kind = FWD_POWER_EVENT_PREDICTIVE;
	else if (fwd_text_has(event, "Failure detected"))
		*kind = FWD_POWER_EVENT_FAILURE;
	else if (fwd_text_has(event, "AC lost"))
		*kind = FWD_POWER_EVENT_AC_LOST;
	else
		return 0;
	return 1;
}

/* The record's ID, hex before the first '|'; -1 when it is not one. */
static long record_id(const struct fwd_text_field *f)
{
	long v = 0;

	if (!f->len || f->len > 4)
		return -1;
	for (size_t i = 0; i < f->len; i++) {
		const char *hex = "0123456789abcdef", *at;
		char c = f->s[i] >= 'A' && f->s[i] <= 'F' ? (char)(f->s[i] - 'A' + 'a') : f->s[i];

		at = c ? strchr(hex, c) : NULL;
		if (!at)
			return -1;
		v = v * 16 + (at - hex);
	}
	return v;
}

/* Keeps ev among the latest recent events (the oldest kept goes first). */
static void keep(struct fwd_power_events *out, const struct fwd_power_event *ev)
{
	if (out->n == FWD_POWER_MAX_EVENTS) {
		memmove(&out->ev[0], &out->ev[1], (FWD_POWER_MAX_EVENTS - 1) * sizeof(out->ev[0]));
		out->n--;
	}
	out->ev[out->n++] = *ev;
}

void fwd_sel_power_events(const char *text, const struct fwd_sel_time *now,
			  unsigned window_s, struct fwd_power_events *out)
{
	struct fwd_text_lines it;
	struct fwd_text_field line;

	memset(out, 0, sizeof(*out));
	fwd_text_lines_start(&it, text);
	while (fwd_text_lines_next(&it, &line)) {
		/* ID | date | time | sensor | event | direction [| more] */
		struct fwd_text_field f[7];
		struct fwd_power_event ev;
		long id;
		int64_t t;

		if (fwd_text_split(&line, f, 7) < 6 || (id = record_id(&f[0])) < 0 ||
		    !fwd_text_is(&f[5], "Asserted") ||
		    !(fwd_text_starts(&f[3], "Power Supply") || fwd_text_starts(&f[3], "Power Unit")))
			continue;
		memset(&ev, 0, sizeof(ev));
		if (!event_kind(&f[4], &ev.kind))
			continue;
		ev.id = (unsigned)id;
		fwd_text_copy(ev.sensor, sizeof(ev.sensor), &f[3]);
		/* elist ends an event whose data it cannot name with " ()". */
		if (f[4].len >= 3 && !memcmp(f[4].s + f[4].len - 3, " ()", 3))
			f[4].len -= 3;
		fwd_text_copy(ev.event, sizeof(ev.event), &f[4]);
		if (!now || !now->dated || dated(&f[1], &f[2], &t)) {
			/* Pre-init, or a clock that cannot be read: when is not known. */
			ev.age_s = -1;
			out->undated++;
			out->last_undated = ev;
			continue;
		}
		ev.age_s = now->t - t;
		if (ev.age_s > (int64_t)window_s) {
			out->older++;
			continue;
		}
		out->recent++;
		keep(out, &ev);
	}
}

const char *fwd_power_event_name(enum fwd_power_event_kind kind)
{
	switch (kind) {
	case FWD_POWER_EVENT_FAILURE: return "failure";
	case FWD_POWER_EVENT_PREDICTIVE: return "predictive-failure";
	case FWD_POWER_EVENT_AC_LOST: return "ac-lost";
	case FWD_POWER_EVENT_REDUNDANCY_LOST: return "redundancy-lost";
	}
	return "unknown";
}
