/*
 * update-report.h: the shape of the JSON document `update` and `resume`
 * print (docs/json.md).
 *
 * Automation reads these documents; a key that is there after a success
 * and absent after a refusal makes every reader guess.  So the keys are
 * named once here, and every document leaves with all of them: what a run
 * never reached is null, not missing.  Plugins may add keys of their own
 * to a component (a vendor tool's output, say); those come on top.
 */
#ifndef FWD_UPDATE_REPORT_H
#define FWD_UPDATE_REPORT_H

#include <jansson.h>

/* The run's keys, and each component's ("bmc", "bios"), NULL-terminated. */
extern const char *const fwd_update_report_keys[];
extern const char *const fwd_update_part_keys[];

/*
 * Adds every key of fwd_update_report_keys that report lacks, as null, and
 * within an object "bmc" or "bios" every key of fwd_update_part_keys.  A
 * component that was not asked for stays null.  Returns 0, or -1 when out
 * of memory.
 */
int fwd_update_report_complete(json_t *report);

#endif
