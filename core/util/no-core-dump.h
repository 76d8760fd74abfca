/*
 * no-core-dump.h: a process that holds a BMC password leaves no core dump.
 *
 * The password sits in fwdispatch's memory for the whole run, and in the
 * environment of the ipmitool it starts.  A crash (or a gcore by another
 * user's debugger) would write it to disk.  So fwdispatch makes itself
 * non-dumpable (no core, no ptrace by others, no /proc/PID/mem) and sets
 * its core size limit to 0, which the tools it starts inherit (the
 * dumpable flag does not survive their execve; the limit does).
 */
#ifndef FWD_NO_CORE_DUMP_H
#define FWD_NO_CORE_DUMP_H

/* Returns 0, or -errno of the first call that failed (both are tried). */
int fwd_no_core_dump(void);

#endif
