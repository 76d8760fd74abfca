/*
 * ipmitool-home.h: a HOME for ipmitool whose company registry is short.
 *
 * ipmitool 1.8.19 reads the whole IANA enterprise-number registry (4.7 MB,
 * some 60,000 entries; Debian's /usr/share/misc/enterprise-numbers.txt) at
 * every start, only for the Manufacturer Name it prints: about 30 of the
 * 42 ms of CPU an `mc info` costs here, and an update runs some thirty
 * ipmitool commands (issue 14, section 6).  It looks in
 * $HOME/.local/usr/share/misc/enterprise-numbers.txt first.  So a run that
 * holds its target's lock, and so owns the state folder, keeps there a
 * registry of the server and BMC makers alone, copied line for line from
 * the system's own (the names printed for them stay the same), and hands
 * ipmitool that folder as its HOME.  Any other maker then reads "Unknown
 * (0x...)": fwdispatch never relies on the name, it goes by the numeric
 * IDs (identity/identity-bmc.c).  Without a system registry nothing
 * changes.
 */
#ifndef FWD_IPMITOOL_HOME_H
#define FWD_IPMITOOL_HOME_H

#include "util/ctx.h"

/*
 * Makes STATE/ipmitool/.local/usr/share/misc/enterprise-numbers.txt (again
 * when the system's file is newer) and sets ctx->ipmitool_home.  Never
 * fails the run: on any trouble it leaves ctx as it was (no error set) and
 * ipmitool reads its own registry as before.
 */
void fwd_ipmitool_home_prepare(struct fwd_ctx *ctx, const char *state_dir);

/* The filter itself, for tests: the registry text with only the makers'
 * entries (each number line and the name line after it).  0 or -ENOMEM;
 * out is reset first. */
struct fwd_buf;
int fwd_ipmitool_registry_filter(const char *text, size_t len, struct fwd_buf *out);

#endif
