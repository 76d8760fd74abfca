/*
 * inventory-out.c: the inventory document as Prometheus' text exposition
 * format (version 0.0.4, which node_exporter's textfile collector reads)
 * and as a table for a terminal.
 *
 * The metrics, each a gauge with the label target:
 *   fwdispatch_inventory_up             1 when the target was read, else 0
 *   fwdispatch_firmware_info            1, with component (bmc, bios),
 *                                       version, plugin and board labels
 *   fwdispatch_bios_pending_info        1 while a staged BIOS waits for the
 *                                       host's reboot (label version)
 *   fwdispatch_last_update_success      1 when the last update ended well
 *   fwdispatch_last_update_timestamp_seconds  its time
 *   fwdispatch_inventory_timestamp_seconds    when this was read (no label)
 * Label values are escaped as the format says (backslash, quote, newline);
 * versions and boards come from BMCs and are never trusted to be clean.
 */
#include "cli/inventory.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "util/json-out.h"
#include "util/safe-text.h"

/* ISO 8601 UTC ("2026-12-04T10:00:00Z") to seconds, or -1. */
static long long utc_seconds(const char *iso)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	if (!iso || !(end = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm)))
		return -1;
	return (long long)timegm(&tm);
}

/* key="value", the value escaped. */
static int label(struct fwd_buf *out, const char *key, const char *value, int first)
{
	int bad = fwd_buf_addf(out, "%s%s=\"", first ? "" : ",", key);

	for (const char *p = value ? value : ""; !bad && *p; p++) {
		if (*p == '\\')
			bad = fwd_buf_add(out, "\\\\");
		else if (*p == '"')
			bad = fwd_buf_add(out, "\\\"");
		else if (*p == '\n')
			bad = fwd_buf_add(out, "\\n");
		else
			bad = fwd_buf_addf(out, "%c", *p);
	}
	return bad ? bad : fwd_buf_add(out, "\"");
}

static int head(struct fwd_buf *out, const char *name, const char *help)
{
	return fwd_buf_addf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static int sample_start(struct fwd_buf *out, const char *name, const json_t *t)
{
	int bad = fwd_buf_addf(out, "%s{", name);

	return bad ? bad : label(out, "target", fwd_json_str(t, "target"), 1);
}

int fwd_inventory_prometheus(const json_t *doc, struct fwd_buf *out)
{
	const json_t *targets = json_object_get(doc, "targets"), *t;
	static const char *const parts[] = { "bmc", "bios" };
	int bad = 0;
	size_t i;

	bad |= head(out, "fwdispatch_inventory_up", "Whether fwdispatch could read the target.");
	json_array_foreach(targets, i, t) {
		bad |= sample_start(out, "fwdispatch_inventory_up", t);
		bad |= fwd_buf_addf(out, "} %d\n", json_is_true(json_object_get(t, "up")));
	}
	bad |= head(out, "fwdispatch_firmware_info", "The firmware a target runs, as labels.");
	json_array_foreach(targets, i, t) {
		for (size_t p = 0; p < 2; p++) {
			if (!fwd_json_str(t, parts[p]))
				continue;
			bad |= sample_start(out, "fwdispatch_firmware_info", t);
			bad |= label(out, "component", parts[p], 0);
			bad |= label(out, "version", fwd_json_str(t, parts[p]), 0);
			bad |= label(out, "plugin", fwd_json_str(t, "plugin"), 0);
			bad |= label(out, "board", fwd_json_str(t, "board"), 0);
			bad |= fwd_buf_add(out, "} 1\n");
		}
	}
	bad |= head(out, "fwdispatch_bios_pending_info", "A staged BIOS waiting for the host's "
		    "reboot.");
	json_array_foreach(targets, i, t) {
		const json_t *pending = json_object_get(t, "pending");

		if (!json_is_object(pending))
			continue;
		bad |= sample_start(out, "fwdispatch_bios_pending_info", t);
		bad |= label(out, "version", fwd_json_str(pending, "version"), 0);
		bad |= fwd_buf_add(out, "} 1\n");
	}
	bad |= head(out, "fwdispatch_last_update_success", "Whether the target's last update "
		    "ended well.");
	json_array_foreach(targets, i, t) {
		const json_t *last = json_object_get(t, "last_update");
		const char *result = fwd_json_str(last, "result");

		if (!json_is_object(last))
			continue;
		bad |= sample_start(out, "fwdispatch_last_update_success", t);
		bad |= fwd_buf_addf(out, "} %d\n", result && !strcmp(result, "ok"));
	}
	bad |= head(out, "fwdispatch_last_update_timestamp_seconds", "When the target's last "
		    "update ran.");
	json_array_foreach(targets, i, t) {
		long long when = utc_seconds(fwd_json_str(json_object_get(t, "last_update"), "time"));

		if (when < 0)
			continue;
		bad |= sample_start(out, "fwdispatch_last_update_timestamp_seconds", t);
		bad |= fwd_buf_addf(out, "} %lld\n", when);
	}
	bad |= head(out, "fwdispatch_inventory_timestamp_seconds", "When this inventory was "
		    "read.");
	bad |= fwd_buf_addf(out, "fwdispatch_inventory_timestamp_seconds %lld\n",
			    utc_seconds(fwd_json_str(doc, "time")));
	return bad ? -ENOMEM : 0;
}

/* A value from a BMC made safe for a terminal (safe-text.h), "-" none;
 * each call its own buffer of the six a line uses. */
static const char *shown(const char *s)
{
	static char bufs[6][160];
	static unsigned n;
	char *buf = bufs[n++ % 6];

	return s && *s ? fwd_safe_text(s, buf, sizeof(bufs[0])) : "-";
}

void fwd_inventory_print(const json_t *doc, FILE *f)
{
	const json_t *targets = json_object_get(doc, "targets"), *t;
	size_t i;

	fprintf(f, "%-24s %-4s %-12s %-16s %-16s %s\n", "TARGET", "UP", "PLUGIN", "BMC", "BIOS",
		"LAST UPDATE");
	json_array_foreach(targets, i, t) {
		const json_t *last = json_object_get(t, "last_update");
		const json_t *pending = json_object_get(t, "pending");
		char lastbuf[96] = "-";

		if (json_is_object(last))
			snprintf(lastbuf, sizeof(lastbuf), "%s %s", shown(fwd_json_str(last,
				 "result")), shown(fwd_json_str(last, "time")));
		fprintf(f, "%-24s %-4s %-12s %-16s %-16s %s%s%s\n", shown(fwd_json_str(t, "target")),
			json_is_true(json_object_get(t, "up")) ? "yes" : "no",
			shown(fwd_json_str(t, "plugin")), shown(fwd_json_str(t, "bmc")),
			shown(fwd_json_str(t, "bios")), lastbuf,
			json_is_object(pending) ? "; BIOS pending " : "",
			json_is_object(pending) ? shown(fwd_json_str(pending, "version")) : "");
		if (!json_is_true(json_object_get(t, "up")))
			fprintf(f, "  %s\n", shown(fwd_json_str(json_object_get(t, "error"),
								  "message")));
	}
}
