/*
 * test_power.c: the power supplies and the SEL as the preflight reads
 * them (core/ipmi/power-sdr.c, sel-power.c, pipe-text.c) and the verdicts
 * of its "power" and "sel-capacity" checks (core/update/preflight-power.c).
 *
 * Where the text comes from: "sim" is ipmitool 1.8.19 against tests/sim
 * (tests/cli/test-sim-power.sh shows the same); "Dell" are lines of a
 * Dell iDRAC in public notes on the web (`sdr type "Power Supply"`: a
 * redundancy sensor "No Reading", a supply "Presence detected, Power
 * Supply AC lost", "Redundancy Degraded"); the `sel info` with allocation
 * units and the 1.8.18 `sel time get` are from a public how-to.  Lines
 * marked "made" are built from ipmitool's formats for a case none of those
 * shows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ipmi/power.h"
#include "update/preflight-power.h"

/* sim: --psu ok,failed,predictive,ac-lost,absent,unreadable --psu-redundancy lost */
static const char sim_sdr[] =
	"PS1 Status       | C8h | ok  | 10.1 | Presence detected\n"
	"PS2 Status       | C9h | ok  | 10.2 | Presence detected, Failure detected\n"
	"PS3 Status       | CAh | ok  | 10.3 | Presence detected, Predictive failure\n"
	"PS4 Status       | CBh | ok  | 10.4 | Presence detected, Power Supply AC lost\n"
	"PS5 Status       | CCh | ok  | 10.5 | \n"
	"PS6 Status       | CDh | ns  | 10.6 | Disabled\n"
	"PS Redundancy    | C7h | ok  |  7.1 | Redundancy Lost\n";

/* Dell (public notes), two iDRACs. */
static const char dell_sdr[] =
	"PS Redundancy    | 74h | ns  |  7.1 | No Reading\n"
	"Status           | 62h | ok  | 10.1 | Presence detected\n"
	"Status           | 63h | ok  | 10.2 | Presence detected\n";
static const char dell_ac_lost[] =
	"Status           | 64h | ok  | 10.1 | Presence detected\n"
	"Status           | 65h | ok  | 10.2 | Presence detected, Power Supply AC lost\n"
	"Status           | 66h | ok  | 10.3 | Presence detected\n"
	"Status           | 67h | ok  | 10.4 | Presence detected\n"
	"PS Redundancy    | 74h | ok  |  7.1 | Redundancy Degraded\n";

static void test_sdr_states(void **state)
{
	struct fwd_power_sensors s;

	(void)state;
	fwd_power_parse_sdr(sim_sdr, &s);
	assert_int_equal(s.n, 7);
	assert_string_equal(s.s[0].name, "PS1 Status");
	assert_string_equal(s.s[0].sensor, "C8h");
	assert_string_equal(s.s[0].entity, "10.1");
	assert_string_equal(s.s[0].status, "ok");
	assert_int_equal(s.s[0].kind, FWD_PSU_SUPPLY);
	assert_int_equal(s.s[0].flags, FWD_PSU_PRESENT);
	assert_int_equal(s.s[1].flags, FWD_PSU_PRESENT | FWD_PSU_FAILED);
	assert_string_equal(s.s[1].state, "Presence detected, Failure detected");
	assert_int_equal(s.s[2].flags, FWD_PSU_PRESENT | FWD_PSU_PREDICTIVE);
	assert_int_equal(s.s[3].flags, FWD_PSU_PRESENT | FWD_PSU_AC_LOST);
	assert_int_equal(s.s[4].kind, FWD_PSU_SUPPLY);   /* an empty bay */
	assert_int_equal(s.s[4].flags, 0);
	assert_string_equal(s.s[4].state, "");
	assert_int_equal(s.s[5].flags, FWD_PSU_UNREADABLE);
	assert_int_equal(s.s[6].kind, FWD_PSU_REDUNDANCY);
	assert_int_equal(s.s[6].redundancy, FWD_REDUNDANCY_LOST);
	assert_string_equal(s.s[6].entity, "7.1");
	assert_int_equal(fwd_power_supplies_present(&s), 4);
}

static void test_sdr_dell(void **state)
{
	struct fwd_power_sensors s;

	(void)state;
	fwd_power_parse_sdr(dell_sdr, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.s[0].kind, FWD_PSU_REDUNDANCY);
	assert_int_equal(s.s[0].redundancy, FWD_REDUNDANCY_UNKNOWN);
	assert_string_equal(s.s[1].name, "Status");
	assert_string_equal(s.s[2].entity, "10.2");
	assert_int_equal(fwd_power_supplies_present(&s), 2);

	fwd_power_parse_sdr(dell_ac_lost, &s);
	assert_int_equal(s.n, 5);
	assert_int_equal(s.s[1].flags, FWD_PSU_PRESENT | FWD_PSU_AC_LOST);
	assert_int_equal(s.s[4].redundancy, FWD_REDUNDANCY_DEGRADED);
}

static void test_sdr_every_state(void **state)
{
	/* sim: one supply with bits 0-6 set; "AC out-of-range, but present" holds a comma. */
	static const char all[] =
		"PS2 Status       | 51h | ok  | 10.2 | Presence detected, Failure detected, "
		"Predictive failure, Power Supply AC lost, AC lost or out-of-range, AC "
		"out-of-range, but present, Config Error\n";
	/* sim: the redundancy states (event/reading type 0Bh), offsets 0 to 7. */
	static const struct {
		const char *line;
		enum fwd_redundancy want;
	} red[] = {
		{ "Red0 | 60h | ok | 10.0 | Fully Redundant\n", FWD_REDUNDANCY_FULL },
		{ "Red1 | 61h | ok | 10.0 | Redundancy Lost\n", FWD_REDUNDANCY_LOST },
		{ "Red2 | 62h | ok | 10.0 | Redundancy Degraded\n", FWD_REDUNDANCY_DEGRADED },
		{ "Red3 | 63h | ok | 10.0 | Non-Redundant: Sufficient from Redundant\n",
		  FWD_REDUNDANCY_LOST },
		{ "Red4 | 64h | ok | 10.0 | Non-Redundant: Sufficient from Insufficient\n",
		  FWD_REDUNDANCY_LOST },
		{ "Red5 | 65h | ok | 10.0 | Non-Redundant: Insufficient Resources\n",
		  FWD_REDUNDANCY_LOST },
		{ "Red6 | 66h | ok | 10.0 | Redundancy Degraded from Fully Redundant\n",
		  FWD_REDUNDANCY_DEGRADED },
		{ "Red7 | 67h | ok | 10.0 | Redundancy Degraded from Non-Redundant\n",
		  FWD_REDUNDANCY_DEGRADED },
	};
	struct fwd_power_sensors s;
	char text[128];

	(void)state;
	fwd_power_parse_sdr(all, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.s[0].flags, FWD_PSU_PRESENT | FWD_PSU_FAILED | FWD_PSU_PREDICTIVE |
			 FWD_PSU_AC_LOST | FWD_PSU_AC_RANGE | FWD_PSU_CONFIG);
	assert_string_equal(fwd_psu_risk_text(s.s[0].flags, text, sizeof(text)),
			    "failure detected, predictive failure, AC lost, AC out of range");
	/* "... from Non-Redundant" names the state it came from: it is degraded now. */
	for (size_t i = 0; i < sizeof(red) / sizeof(red[0]); i++) {
		fwd_power_parse_sdr(red[i].line, &s);
		assert_int_equal(s.n, 1);
		assert_int_equal(s.s[0].kind, FWD_PSU_REDUNDANCY);
		assert_int_equal(s.s[0].redundancy, red[i].want);
	}
}

static void test_sdr_what_is_no_supply(void **state)
{
	/* sim: an empty SDR repository (no --psu), as ipmitool 1.8.19 says it. */
	static const char empty[] = "SDRR successfully erased\nErr in cmd get sensor sdr info\n";
	/* made: a power reading among the supplies, and lines that are no sensor. */
	static const char mixed[] =
		"PS1 Input Power  | 70h | ok  | 10.1 | 120 Watts\n"
		"garbage | zz | ok | 10.1 | Presence detected\n"
		"PS1 Status | C8h | OK | 10.1 | Presence detected\n"
		"PS1 Status | C8h | ok | 10. | Presence detected\n"
		"| C8h | ok | 10.1 | Presence detected\n"
		"PS1 Status       | C8h | ok  | 10.1 | Presence detected\r\n"
		"PSU2 Redundant   | C9h | ok  | 10.2 | Presence detected, Failure detected\n";
	struct fwd_power_sensors s;

	(void)state;
	fwd_power_parse_sdr(empty, &s);
	assert_int_equal(s.n, 0);
	fwd_power_parse_sdr("", &s);
	assert_int_equal(s.n, 0);
	fwd_power_parse_sdr(mixed, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.s[0].kind, FWD_PSU_OTHER);
	assert_string_equal(s.s[1].state, "Presence detected");  /* no CR */
	/* A supply's states, though its name says "Redundant": a supply. */
	assert_int_equal(s.s[2].kind, FWD_PSU_SUPPLY);
	assert_int_equal(s.s[2].flags, FWD_PSU_PRESENT | FWD_PSU_FAILED);
	assert_int_equal(fwd_power_supplies_present(&s), 2);
}

static void test_sdr_bounds(void **state)
{
	char text[4096] = "";
	char line[256];
	struct fwd_power_sensors s;

	(void)state;
	for (int i = 0; i < 20; i++) {
		snprintf(line, sizeof(line), "A very long power supply sensor name %d | %02Xh | ok "
			 "| 10.%d | Presence detected%s\n", i, i, i,
			 i == 0 ? ", Predictive failure, and a state so long that it does not fit "
			 "the hundred and twenty-eight bytes kept of it at all, not at all" : "");
		strcat(text, line);
	}
	fwd_power_parse_sdr(text, &s);
	assert_int_equal(s.n, FWD_POWER_MAX_SENSORS);
	assert_int_equal(s.more, 4);
	assert_int_equal(strlen(s.s[0].name), sizeof(s.s[0].name) - 1);
	assert_int_equal(strlen(s.s[0].state), sizeof(s.s[0].state) - 1);
	/* Judged on the whole line, not what is kept of it. */
	assert_int_equal(s.s[0].flags, FWD_PSU_PRESENT | FWD_PSU_PREDICTIVE);
}

static void test_sel_info(void **state)
{
	/* sim: --sel-size 20 --sel-fill 18 */
	static const char sim[] =
		"SEL Information\n"
		"Version          : 1.5 (v1.5, v2 compliant)\n"
		"Entries          : 18\n"
		"Free Space       : 32 bytes \n"
		"Percent Used     : 90%\n"
		"Last Add Time    : S+ 00:08:58\n"
		"Last Del Time    : Not Available\n"
		"Overflow         : false\n"
		"Supported Cmds   : 'Delete' 'Reserve' \n";
	/* A public how-to: no free space said, allocation units instead. */
	static const char alloc[] =
		"SEL Information\n"
		"Version          : 1.5 (v1.5, v2 compliant)\n"
		"Entries          : 366\n"
		"Free Space       : 65535 bytes or more\n"
		"Percent Used     : unknown\n"
		"Last Add Time    : 02/16/2023 12:11:17\n"
		"Last Del Time    : 12/08/2020 11:18:05\n"
		"Overflow         : false\n"
		"Supported Cmds   : 'Partial Add' 'Reserve' 'Get Alloc Info' \n"
		"# of Alloc Units : 4000\n"
		"Alloc Unit Size  : 24\n"
		"# Free Units     : 3634\n"
		"Largest Free Blk : 3634\n"
		"Max Record Size  : 1\n";
	struct fwd_sel_info i;

	(void)state;
	assert_int_equal(fwd_sel_parse_info(sim, &i), 0);
	assert_int_equal(i.entries, 18);
	assert_int_equal(i.percent_used, 90);
	assert_int_equal(i.overflow, 0);
	assert_int_equal(fwd_sel_parse_info(alloc, &i), 0);
	assert_int_equal(i.entries, 366);
	assert_int_equal(i.percent_used, 9);   /* 366 of 4000 units */
	/* sim: full; and a BMC that says neither. */
	assert_int_equal(fwd_sel_parse_info("Entries          : 20\nPercent Used     : 100%\n"
					    "Overflow         : true\n", &i), 0);
	assert_int_equal(i.percent_used, 100);
	assert_int_equal(i.overflow, 1);
	assert_int_equal(fwd_sel_parse_info("Entries : 3\nPercent Used : unknown\n", &i), 0);
	assert_int_equal(i.percent_used, -1);
	assert_int_equal(i.overflow, -1);
	assert_int_equal(fwd_sel_parse_info("Get SEL Info command failed\n", &i), -EINVAL);
	assert_int_equal(fwd_sel_parse_info("Entries : many\n", &i), -EINVAL);
}

static void test_sel_time(void **state)
{
	struct fwd_sel_time t, u;

	(void)state;
	assert_int_equal(fwd_sel_parse_time("12/03/26 17:52:58 UTC\n", &t), 0);  /* sim */
	assert_int_equal(t.dated, 1);
	assert_int_equal(t.t, 1796320378);   /* date -u -d '2026-12-03 17:52:58' +%s */
	assert_int_equal(fwd_sel_parse_time("12/03/2026 17:52:58\n", &u), 0);  /* 1.8.18 */
	assert_int_equal(u.t, t.t);
	assert_int_equal(fwd_sel_parse_time("02/20/2023 05:41:32\n", &u), 0);  /* how-to */
	assert_int_equal(u.t, 1676871692);
	assert_int_equal(fwd_sel_parse_time("S+ 00:06:18\n", &u), 0);  /* sim, clock unset */
	assert_int_equal(u.dated, 0);
	assert_int_equal(fwd_sel_parse_time("", &u), -EINVAL);
	assert_int_equal(fwd_sel_parse_time("13/03/26 17:52:58\n", &u), -EINVAL);
	assert_int_equal(fwd_sel_parse_time("12/03/26 25:52:58\n", &u), -EINVAL);
	assert_int_equal(fwd_sel_parse_time("Get SEL Time command failed\n", &u), -EINVAL);
}

/* sim: `sel elist` after fwd-sim event (now, an hour ago, 25 h ago), with
 * fill entries before the clock was set; then made lines: `sel list`'s
 * sensor column, a Power Unit, a deassertion, a regained redundancy. */
static const char elist[] =
	"   1 |  Pre-Init  |0000000538| Temperature #0x01 | Upper Non-critical going high | "
	"Asserted\n"
	"   2 |  Pre-Init  |0000000540| Power Supply #0xc9 | Power Supply AC lost | Asserted\n"
	"   3 | 12/02/26 | 16:52:58 UTC | Power Supply PS1 Status | Failure detected () | "
	"Asserted\n"
	"   4 | 12/03/26 | 16:52:58 UTC | Power Supply PS2 Status | Power Supply AC lost () | "
	"Asserted\n"
	"   5 | 12/03/26 | 17:00:00 UTC | Power Supply PS2 Status | Power Supply AC lost () | "
	"Deasserted\n"
	"   6 | 12/03/26 | 17:10:00 UTC | Power Supply PS Redundancy | Fully Redundant | "
	"Asserted\n"
	"   a | 12/03/26 | 17:20:00 UTC | Power Unit #0x01 | AC lost | Asserted\n"
	"   b | 12/03/26 | 17:30:00 UTC | Power Supply #0xc7 | Redundancy Lost | Asserted\n"
	"   c | 12/03/26 | 17:40:00 UTC | Power Supply #0xc8 | Predictive failure | Asserted\n"
	"   d | 12/03/26 | 17:50:00 UTC | Fan #0x30 | Failure detected | Asserted\n";

static void test_sel_events(void **state)
{
	struct fwd_sel_time now = { 1, 1796320378 };   /* 12/03/26 17:52:58 */
	struct fwd_power_events e;

	(void)state;
	fwd_sel_power_events(elist, &now, 24 * 3600, &e);
	assert_int_equal(e.undated, 1);
	assert_string_equal(e.last_undated.event, "Power Supply AC lost");
	assert_int_equal(e.last_undated.age_s, -1);
	assert_int_equal(e.older, 1);          /* record 3: 25 h */
	assert_int_equal(e.recent, 4);         /* 4, a, b, c */
	assert_int_equal(e.n, 4);
	assert_int_equal(e.ev[0].id, 4);
	assert_int_equal(e.ev[0].age_s, 3600);
	assert_int_equal(e.ev[0].kind, FWD_POWER_EVENT_AC_LOST);
	assert_string_equal(e.ev[0].sensor, "Power Supply PS2 Status");
	assert_string_equal(e.ev[0].event, "Power Supply AC lost");   /* no " ()" */
	assert_int_equal(e.ev[1].id, 0xa);
	assert_int_equal(e.ev[1].kind, FWD_POWER_EVENT_AC_LOST);
	assert_int_equal(e.ev[2].kind, FWD_POWER_EVENT_REDUNDANCY_LOST);
	assert_int_equal(e.ev[3].kind, FWD_POWER_EVENT_PREDICTIVE);
	assert_int_equal(e.ev[3].age_s, 778);

	/* A clock that cannot be read, or was not set: nothing can be dated. */
	fwd_sel_power_events(elist, NULL, 24 * 3600, &e);
	assert_int_equal(e.recent, 0);
	assert_int_equal(e.undated, 6);
	now.dated = 0;
	fwd_sel_power_events(elist, &now, 24 * 3600, &e);
	assert_int_equal(e.undated, 6);

	/* A clock set back: records after it are not old. */
	now.dated = 1;
	now.t -= 2 * 86400;
	fwd_sel_power_events(elist, &now, 24 * 3600, &e);
	assert_int_equal(e.recent, 5);
	assert_true(e.ev[0].age_s < 0);

	/* The window's edge: 24 h old is recent, a second more is not. */
	now.t = 1796320378;
	fwd_sel_power_events("1 | 12/02/26 | 17:52:58 UTC | Power Supply #0xc8 | Failure detected"
			     " | Asserted\n2 | 12/02/26 | 17:52:57 UTC | Power Supply #0xc8 | "
			     "Failure detected | Asserted\n", &now, 24 * 3600, &e);
	assert_int_equal(e.recent, 1);
	assert_int_equal(e.older, 1);
	assert_int_equal(e.ev[0].id, 1);

	fwd_sel_power_events("", &now, 24 * 3600, &e);
	assert_int_equal(e.recent + e.undated + e.older, 0);
	fwd_sel_power_events("SEL has no entries\n", &now, 24 * 3600, &e);
	assert_int_equal(e.recent + e.undated + e.older, 0);
}

static void test_sel_events_keeps_the_latest(void **state)
{
	struct fwd_sel_time now = { 1, 1796320378 };
	struct fwd_power_events e;
	char text[2048] = "", line[160];

	(void)state;
	for (int i = 1; i <= 12; i++) {
		snprintf(line, sizeof(line), "  %x | 12/03/26 | 17:%02d:00 UTC | Power Supply #0xc8 "
			 "| Failure detected | Asserted\n", i, i);
		strcat(text, line);
	}
	fwd_sel_power_events(text, &now, 24 * 3600, &e);
	assert_int_equal(e.recent, 12);
	assert_int_equal(e.n, FWD_POWER_MAX_EVENTS);
	assert_int_equal(e.ev[0].id, 5);
	assert_int_equal(e.ev[FWD_POWER_MAX_EVENTS - 1].id, 12);
}

/* ---- verdicts ---- */

static void reading(struct fwd_power *p, const char *sdr, const char *events,
		    const char *clock)
{
	memset(p, 0, sizeof(*p));
	p->sensors_read = sdr != NULL;
	if (sdr)
		fwd_power_parse_sdr(sdr, &p->sensors);
	else
		snprintf(p->error, sizeof(p->error), "'ipmitool sdr type Power Supply' failed");
	p->clock_read = fwd_sel_parse_time(clock, &p->clock) == 0;
	p->events_read = events != NULL;
	if (events)
		fwd_sel_power_events(events, p->clock_read ? &p->clock : NULL, FWD_POWER_WINDOW_S,
				     &p->events);
}

static const char two_ok[] =
	"PS1 Status       | C8h | ok  | 10.1 | Presence detected\n"
	"PS2 Status       | C9h | ok  | 10.2 | Presence detected\n";
static const char full[] = "PS Redundancy    | C7h | ok  |  7.1 | Fully Redundant\n";
static const char now_text[] = "12/03/26 17:52:58 UTC\n";

static void judge(const char *sdr, const char *events, const char *clock,
		  enum fwd_check_verdict want, const char *detail_has)
{
	struct fwd_power p;
	struct fwd_check_result r;

	reading(&p, sdr, events, clock);
	fwd_power_judge(&p, &r);
	if (r.verdict != want || !strstr(r.detail, detail_has))
		fail_msg("verdict %d (want %d), detail '%s' (want '%s')", r.verdict, want,
			 r.detail, detail_has);
	if (want == FWD_CHECK_REFUSE)
		assert_string_equal(r.risk, r.detail);
	else
		assert_string_equal(r.risk, "");
}

static void test_power_verdicts(void **state)
{
	char sdr[512];

	(void)state;
	snprintf(sdr, sizeof(sdr), "%s%s", two_ok, full);
	judge(sdr, "", now_text, FWD_CHECK_PASS, "2 supplies present, all fine; redundancy: "
	      "Fully Redundant; no power event in the SEL's last 24 h");
	judge(two_ok, "", now_text, FWD_CHECK_PASS, "no redundancy sensor");
	judge(dell_sdr, "", now_text, FWD_CHECK_PASS, "redundancy: No Reading");
	/* One supply, none, none readable, not read at all: warnings. */
	judge("PS1 Status | C8h | ok | 10.1 | Presence detected\n", "", now_text, FWD_CHECK_WARN,
	      "a single power supply");
	judge("", "", now_text, FWD_CHECK_WARN, "the BMC reports no power supply");
	judge("PS1 Status | C8h | ns | 10.1 | Disabled\n", "", now_text, FWD_CHECK_WARN,
	      "no power supply reads (1 sensor without a reading)");
	judge(NULL, "", now_text, FWD_CHECK_WARN, "the power supplies cannot be read");
	/* One supply the BMC calls fully redundant: its word. */
	snprintf(sdr, sizeof(sdr), "PS1 Status | C8h | ok | 10.1 | Presence detected\n%s", full);
	judge(sdr, "", now_text, FWD_CHECK_PASS, "1 supply present");
	/* Refusals: each state, lost redundancy, an event of the last day. */
	judge(sim_sdr, "", now_text, FWD_CHECK_REFUSE, "PS2 Status (10.2) reports failure "
	      "detected; PS3 Status (10.3) reports predictive failure; PS4 Status (10.4) reports "
	      "AC lost; PS Redundancy: Redundancy Lost");
	judge(dell_ac_lost, "", now_text, FWD_CHECK_REFUSE, "Status (10.2) reports AC lost");
	snprintf(sdr, sizeof(sdr), "%s%s", two_ok, full);
	judge(sdr, elist, now_text, FWD_CHECK_REFUSE, "the SEL logged 'Power Supply #0xc8: "
	      "Predictive failure' 12 min ago; the SEL logged 'Power Supply #0xc7: Redundancy "
	      "Lost' 22 min ago; the SEL logged 'Power Unit #0x01: AC lost' 32 min ago; 1 more "
	      "power events in the SEL's last 24 h");
	/* Only the old and the undated: a warning for what cannot be dated. */
	judge(sdr, "   3 | 12/02/26 | 16:52:58 UTC | Power Supply PS1 Status | Failure detected |"
	      " Asserted\n", now_text, FWD_CHECK_PASS, "no power event in the SEL's last 24 h");
	judge(sdr, elist, "S+ 00:06:18\n", FWD_CHECK_WARN, "6 power events in the SEL with no "
	      "date to tell when (the BMC's clock was not set), the last 'Power Supply #0xc8: "
	      "Predictive failure'");
	/* Degraded, a configuration error: warnings. */
	judge("PS Redundancy | 74h | ns | 7.1 | No Reading\n"
	      "Status | 62h | ok | 10.1 | Presence detected\n", "", now_text, FWD_CHECK_WARN,
	      "a single power supply");
	snprintf(sdr, sizeof(sdr), "%sPS Redundancy | C7h | ok | 7.1 | Redundancy Degraded\n",
		 two_ok);
	judge(sdr, "", now_text, FWD_CHECK_WARN, "PS Redundancy: Redundancy Degraded; 2 supplies");
	judge("PS1 Status | C8h | ok | 10.1 | Presence detected, Config Error\n"
	      "PS2 Status | C9h | ok | 10.2 | Presence detected\n", "", now_text, FWD_CHECK_WARN,
	      "PS1 Status (10.1) reports a configuration error");
	judge(two_ok, NULL, now_text, FWD_CHECK_PASS, "the SEL's events cannot be read");
}

static void sel_judge(int read, long entries, int pct, int overflow,
		      enum fwd_check_verdict want, const char *detail)
{
	struct fwd_sel_info i = { entries, pct, overflow };
	struct fwd_check_result r;

	fwd_sel_capacity_judge(read, &i, "'ipmitool sel info' failed (exit 1)", &r);
	if (r.verdict != want || !strstr(r.detail, detail))
		fail_msg("verdict %d (want %d), detail '%s' (want '%s')", r.verdict, want,
			 r.detail, detail);
}

static void test_sel_verdicts(void **state)
{
	(void)state;
	sel_judge(1, 0, 0, 0, FWD_CHECK_PASS, "the SEL is 0% full (0 entries)");
	sel_judge(1, 17, 89, 0, FWD_CHECK_PASS, "89%");
	sel_judge(1, 18, 90, 0, FWD_CHECK_WARN, "the SEL is 90% full (18 entries); a BMC flash "
		  "logs events, and a full SEL loses them: save it (ipmitool sel save FILE), then "
		  "clear it (ipmitool sel clear)");
	sel_judge(1, 20, 100, 1, FWD_CHECK_WARN, "100% full (20 entries) and has overflowed");
	sel_judge(1, 300, -1, 1, FWD_CHECK_WARN, "the SEL has overflowed (300 entries)");
	sel_judge(1, 300, -1, 0, FWD_CHECK_SKIP, "the BMC does not say how full its SEL is");
	sel_judge(0, -1, -1, -1, FWD_CHECK_SKIP, "the SEL cannot be read ('ipmitool sel info' "
		  "failed (exit 1))");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sdr_states),
		cmocka_unit_test(test_sdr_dell),
		cmocka_unit_test(test_sdr_every_state),
		cmocka_unit_test(test_sdr_what_is_no_supply),
		cmocka_unit_test(test_sdr_bounds),
		cmocka_unit_test(test_sel_info),
		cmocka_unit_test(test_sel_time),
		cmocka_unit_test(test_sel_events),
		cmocka_unit_test(test_sel_events_keeps_the_latest),
		cmocka_unit_test(test_power_verdicts),
		cmocka_unit_test(test_sel_verdicts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
