/*
 * isolate.h: calling into a plugin in a child process first.
 *
 * Plugins are trusted code, but a broken one must not take fwdispatch
 * down with it, nor leave the operator guessing which of several it was:
 * its entry point and its probe run in a forked child with a time bound,
 * so a crash or a loop costs that plugin its place (refused, or not
 * chosen) with a reason that names it, and the others are still asked.
 * Only calls that change nothing outside the process are run this way:
 * the child's memory is thrown away, only the bytes it hands back count.
 */
#ifndef FWD_ISOLATE_H
#define FWD_ISOLATE_H

#include <stddef.h>

/* How long an entry point or a probe may take: they only read memory. */
#define FWD_ISOLATE_TIMEOUT_MS 5000

/* Runs in the child: fills out (size bytes), its whole answer. */
typedef void (*fwd_isolated_fn)(void *arg, void *out, size_t size);

/*
 * Runs fn(arg, out, size) in a forked child, at most timeout_ms, and
 * copies the child's out back into out.  Returns 0 when the child came
 * back with its answer and ended well; else -1 with why filled, to follow "its
 * probe" or "its entry point" in a message: "crashed (SIGSEGV)", "did not
 * return within 5 s and was stopped", "ended without an answer (exit
 * status 3)", "could not be started: ..." (fork or pipe failed).
 */
int fwd_isolated_call(fwd_isolated_fn fn, void *arg, void *out, size_t size, int timeout_ms,
		      char *why, size_t why_size);

#endif
