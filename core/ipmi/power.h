/*
 * power.h: the power supplies as the BMC reports them, how full its
 * System Event Log is, and the power events the SEL holds, read before a
 * flash (update/preflight-power.c judges them, update-power.c records it).
 *
 * "Do not do this during a thunderstorm": a BMC that loses power while it
 * writes its flash may not boot again.  The BMC knows what feeds the
 * machine: `ipmitool sdr type "Power Supply"` lists each supply's sensor
 * (sensor type 08h: presence, failure, predictive failure, AC lost) and
 * the redundancy sensor where the board has one; the SEL says what
 * happened lately (a feed that came back after a loss is a feed that may
 * go again).  A flash also logs events: a full SEL loses them.
 *
 * The parsers are pure functions over ipmitool's text (1.8.18 and 1.8.19
 * print the same columns; see each); fwd_power_read runs ipmitool.  What
 * they keep is bounded and cut to fit; the text stays the BMC's (escaped
 * where it is printed, kept as is in JSON).
 *
 * Ownership: every struct here is plain data the caller owns; the JSON
 * functions return new references.
 */
#ifndef FWD_POWER_H
#define FWD_POWER_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/ctx.h"

/* ---- the sensors: `ipmitool sdr type "Power Supply"` ---- */

/* What a supply's sensor says (its states, as ipmitool names them). */
#define FWD_PSU_PRESENT    (1u << 0) /* "Presence detected" */
#define FWD_PSU_FAILED     (1u << 1) /* "Failure detected" */
#define FWD_PSU_PREDICTIVE (1u << 2) /* "Predictive failure" */
#define FWD_PSU_AC_LOST    (1u << 3) /* "Power Supply AC lost", "AC lost or out-of-range" */
#define FWD_PSU_AC_RANGE   (1u << 4) /* "AC out-of-range, but present" */
#define FWD_PSU_CONFIG     (1u << 5) /* "Config Error" (a supply that does not match) */
#define FWD_PSU_UNREADABLE (1u << 6) /* status "ns": "No Reading", "Disabled" */
/* The states that put the power at risk now. */
#define FWD_PSU_AT_RISK (FWD_PSU_FAILED | FWD_PSU_PREDICTIVE | FWD_PSU_AC_LOST | \
			 FWD_PSU_AC_RANGE)

enum fwd_psu_kind {
	FWD_PSU_SUPPLY,         /* one supply's status */
	FWD_PSU_REDUNDANCY,     /* the supplies' redundancy */
	FWD_PSU_OTHER           /* a reading (watts, amps) or a state not ours */
};

enum fwd_redundancy {
	FWD_REDUNDANCY_UNKNOWN = 0, /* no reading, or a state not ours */
	FWD_REDUNDANCY_FULL,        /* "Fully Redundant" */
	FWD_REDUNDANCY_DEGRADED,    /* "Redundancy Degraded ..." */
	FWD_REDUNDANCY_LOST         /* "Redundancy Lost", "Non-Redundant: ..." */
};

struct fwd_psu {
	char name[24];          /* the sensor's name: "PS1 Status", "Status" (Dell) */
	char sensor[8];         /* its number as ipmitool shows it: "C8h" */
	char entity[8];         /* "10.1": supply 1 (entity 10: power supply) */
	char status[4];         /* "ok", "ns", "cr", ... */
	char state[128];        /* the states as ipmitool printed them, "" for none */
	enum fwd_psu_kind kind;
	unsigned flags;         /* FWD_PSU_*, for a supply */
	enum fwd_redundancy redundancy; /* for the redundancy sensor */
};

#define FWD_POWER_MAX_SENSORS 16

struct fwd_power_sensors {
	size_t n;
	struct fwd_psu s[FWD_POWER_MAX_SENSORS];
	size_t more;            /* sensor lines beyond the first FWD_POWER_MAX_SENSORS */
};

/*
 * Parses `ipmitool sdr type "Power Supply"`: one line per sensor,
 * "NAME | NNh | st | E.I | STATES" (lib/ipmi_sdr.c, ipmi_sdr_print_
 * sensor_fc's short form).  Other lines (an empty repository's "SDRR
 * successfully erased", errors) are passed over.  Never fails: no sensor
 * line gives n = 0.
 */
void fwd_power_parse_sdr(const char *text, struct fwd_power_sensors *out);

/* Supplies that are there (present, or reporting a fault), for the verdict. */
size_t fwd_power_supplies_present(const struct fwd_power_sensors *s);

/* "Failure detected, Power Supply AC lost": the at-risk states of flags, for
 * a message, into buf (always terminated). */
const char *fwd_psu_risk_text(unsigned flags, char *buf, size_t size);

/* "full", "degraded", "lost", "unknown". */
const char *fwd_redundancy_name(enum fwd_redundancy r);

/* ---- the SEL: `ipmitool sel info`, `sel time get`, `sel elist` ---- */

struct fwd_sel_info {
	long entries;           /* -1: not said */
	int percent_used;       /* 0..100, -1: not said ("unknown") */
	int overflow;           /* 1, 0, -1: not said */
};

/*
 * Parses `ipmitool sel info`: "Entries", "Percent Used" ("N%", or
 * "unknown" when the BMC gives no free space, then computed from "# of
 * Alloc Units" and "# Free Units" where it says them), "Overflow".
 * Returns 0, or -EINVAL for text without an "Entries" line.
 */
int fwd_sel_parse_info(const char *text, struct fwd_sel_info *out);

/* A time as ipmitool prints the SEL's: a date, or seconds from the BMC's
 * start ("pre-init": the BMC's clock was never set). */
struct fwd_sel_time {
	int dated;              /* 1: t is a date; 0: pre-init, t is not comparable */
	int64_t t;              /* seconds (a date's as if UTC: see fwd_sel_parse_time) */
};

/*
 * Parses `ipmitool sel time get`: "12/03/26 17:52:58 UTC" (1.8.19: %x %X,
 * the C locale's MM/DD/YY, and the zone), "02/20/2023 05:41:32" (1.8.18),
 * or "S+ 00:06:18" (pre-init).  ipmitool prints the log's dates the same
 * way, in the same zone, so comparing them as if UTC gives their distance
 * (off by an hour at most across a daylight-saving change).  Returns 0, or
 * -EINVAL for anything else.
 */
int fwd_sel_parse_time(const char *text, struct fwd_sel_time *out);

enum fwd_power_event_kind {
	FWD_POWER_EVENT_FAILURE = 0,    /* "Failure detected" */
	FWD_POWER_EVENT_PREDICTIVE,     /* "Predictive failure" */
	FWD_POWER_EVENT_AC_LOST,        /* "... AC lost ..." */
	FWD_POWER_EVENT_REDUNDANCY_LOST /* "Redundancy Lost", "Non-Redundant ..." */
};

struct fwd_power_event {
	unsigned id;            /* the SEL record's ID */
	int64_t age_s;          /* seconds before the BMC's clock; -1: no date to tell */
	enum fwd_power_event_kind kind;
	char sensor[48];        /* "Power Supply PS2 Status" */
	char event[64];         /* "Power Supply AC lost" */
};

#define FWD_POWER_MAX_EVENTS 8

struct fwd_power_events {
	size_t recent;          /* asserted within the window (or dated after the clock) */
	size_t undated;         /* asserted, pre-init: when cannot be told */
	size_t older;           /* asserted before the window */
	size_t n;               /* the latest recent ones kept, oldest first */
	struct fwd_power_event ev[FWD_POWER_MAX_EVENTS];
	struct fwd_power_event last_undated; /* when undated: the last one */
};

/*
 * Scans `ipmitool sel elist` (or `sel list`) text for power events:
 * records of a Power Supply or Power Unit sensor whose event is a failure,
 * a predictive failure, an AC loss or lost redundancy, asserted (a
 * deassertion is the state's end).  Columns: "ID | DATE | TIME | SENSOR |
 * EVENT | Asserted|Deasserted" (lib/ipmi_sel.c); a pre-init record's date
 * and time are "Pre-Init" and ten digits.  now: the BMC's clock; a record
 * is recent when both are dated and it is at most window_s old (or dated
 * after the clock, which a clock set back makes: it cannot be told old).
 */
void fwd_sel_power_events(const char *text, const struct fwd_sel_time *now,
			  unsigned window_s, struct fwd_power_events *out);

/* "failure", "predictive-failure", "ac-lost", "redundancy-lost". */
const char *fwd_power_event_name(enum fwd_power_event_kind kind);

/* ---- reading it all from the BMC ---- */

#define FWD_POWER_WINDOW_S (24u * 3600u)

struct fwd_power {
	int sensors_read;               /* `sdr type` answered */
	struct fwd_power_sensors sensors;
	int sel_read;                   /* `sel info` answered */
	struct fwd_sel_info sel;
	int clock_read;                 /* `sel time get` answered */
	struct fwd_sel_time clock;
	int events_read;                /* `sel elist` answered */
	struct fwd_power_events events;
	char error[256];                /* the first read that failed: why ("" none) */
};

/*
 * Reads the supplies' sensors, the SEL's info, its clock and its power
 * events (the last FWD_POWER_WINDOW_S) from ctx's target.  A read that
 * fails leaves its *_read 0 and says why in error; ctx's error is cleared
 * (the caller judges what an unread part means).  Returns 0, or
 * -FWD_E_TOOL_MISSING when ipmitool cannot run (error set).
 */
int fwd_power_read(struct fwd_ctx *ctx, struct fwd_power *out);

/* Reads only `sel info` (the SEL's check needs no more); 0, or an error
 * with ctx's error set. */
int fwd_power_read_sel_info(struct fwd_ctx *ctx, struct fwd_sel_info *out);

/*
 * What was read, for the report's "power" and the backup's: {"supplies":
 * [{name, sensor, entity, status, state, present, at_risk: [..]}],
 * "redundancy": {name, state, verdict: full|degraded|lost|unknown} | null,
 * "others": [{name, sensor, state}], "sel": {entries, percent_used,
 * overflow} | null, "clock": "dated"|"pre-init"|null, "events": {window_h,
 * recent, undated, older, list: [{id, age_s, kind, sensor, event}]} |
 * null, "error": text | null}.  NULL only when out of memory.
 */
json_t *fwd_power_to_json(const struct fwd_power *p);

#endif
