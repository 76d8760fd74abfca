/*
 * sel.h: the BMC's System Event Log, read for one question: did the host
 * reboot after a given entry?
 *
 * Out-of-band, nothing else that every BMC offers tells whether the host
 * rebooted since the BIOS was staged; the BMC logs boots (sensor type
 * 0x1D "System Boot Initiated", 0x1F "OS Boot") and power transitions.
 * Not every BMC logs every boot, so "no boot logged" is what the log
 * says, not proof.
 */
#ifndef FWD_SEL_H
#define FWD_SEL_H

#include <stddef.h>

#include "util/ctx.h"

/* The last record's ID in `ipmitool sel list` text; 0 when the log is empty
 * (ipmitool's "SEL has no entries").  Returns 0, or -EINVAL for text that
 * is neither. */
int fwd_sel_last_id(const char *text, unsigned *id);

/*
 * Looks for a host boot among the records after the one with ID after_id
 * (0: every record).  Returns 1 and copies the record's line into event,
 * 0 when none, or -ENOENT when after_id is not in the log any more (it was
 * cleared or wrapped: the log cannot tell).
 */
int fwd_sel_boot_after(const char *text, unsigned after_id, char *event, size_t size);

/* Runs `ipmitool sel list` on ctx's target; *text is malloc'd. */
int fwd_sel_list(struct fwd_ctx *ctx, char **text);

#endif
