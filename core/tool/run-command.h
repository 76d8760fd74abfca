/*
 * run-command.h: the one place fwdispatch starts another program.
 *
 * Modelled on git's run-command, without its shell: the argv goes
 * straight to execve() (never /bin/sh, also not on ENOEXEC), stdin is
 * /dev/null, the environment is a minimal fixed set plus explicit
 * additions, stdout and stderr are captured through poll() up to a cap,
 * and the child is killed (its whole process group) when the timeout
 * runs out.  The child runs in its own process group, so a Ctrl-C on the
 * operator's terminal reaches fwdispatch, which decides, and not the tool.
 *
 * In the child: signal dispositions and mask back to the defaults, every
 * fd above 2 closed, nothing but async-signal-safe calls before execve;
 * an exec failure comes back to the parent over a close-on-exec pipe, so
 * a missing or unrunnable program is an error, never "exit 127".
 *
 * Signals: a signal caught by fwdispatch while a tool runs (EINTR) never
 * stops the wait; a flash must finish.  fwd_run_command needs SIGCHLD not
 * ignored, and puts it back to SIG_DFL if it finds it set to SIG_IGN.
 *
 * Threads: call it from one thread at a time (fwdispatch has one).
 */
#ifndef FWD_RUN_COMMAND_H
#define FWD_RUN_COMMAND_H

#include <fwdispatch/fwd_plugin.h>
#include <stddef.h>

#include "util/error.h"

#define FWD_RUN_DEFAULT_TIMEOUT_MS (10u * 60u * 1000u)
#define FWD_RUN_DEFAULT_CAP (4u * 1024u * 1024u)
/* Between SIGTERM to the process group and SIGKILL, after a timeout. */
#define FWD_RUN_DEFAULT_KILL_GRACE_MS 2000u
/* on_line gets a longer line in pieces of this many bytes. */
#define FWD_RUN_LINE_MAX (64u * 1024u)
/* The child's PATH (it also gets LC_ALL=C and LANG=C, nothing else inherited). */
#define FWD_RUN_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

struct fwd_run {
	const char *path;            /* absolute path of the program (see fwd_tool_locate) */
	const char *const *argv;     /* argv[0] included, NULL-terminated; borrowed */
	const char *const *env_add;  /* "NAME=value" added to the minimal environment,
	                                NULL-terminated, may be NULL; borrowed.  An entry
	                                replaces a default of the same NAME; the only way
	                                to hand a tool a secret (never put one in argv) */
	unsigned timeout_ms;         /* 0: FWD_RUN_DEFAULT_TIMEOUT_MS */
	size_t out_cap;              /* 0: FWD_RUN_DEFAULT_CAP; bytes past it are dropped (drained) */
	size_t err_cap;              /* 0: FWD_RUN_DEFAULT_CAP */
	/*
	 * Called for each line as it arrives: stream 1 (stdout) or 2 (stderr),
	 * the line without its "\n" (and without a "\r" before it), borrowed
	 * for the call.  Lines are in order within a stream; a last line
	 * without "\n" comes at EOF; a line longer than FWD_RUN_LINE_MAX comes
	 * in pieces.  Sees the whole output, also past the caps.  May be NULL.
	 */
	void (*on_line)(void *payload, int stream, const char *line);
	void *payload;
	unsigned kill_grace_ms;      /* 0: FWD_RUN_DEFAULT_KILL_GRACE_MS */
	/* With FWD_RUN_SOFT_BREAKS, "\r" and "\b" also end a line for on_line
	 * (empty pieces are not delivered), so a progress counter that a tool
	 * redraws in place ("45%\b\b\b\b") arrives while it runs. */
	unsigned line_flags;
	/*
	 * The target's lock (lock.h), an fd above 2, or 0: none.  The program
	 * inherits it open and runs with SIGPIPE ignored, so that a flash
	 * whose fwdispatch dies (kill -9, the OOM killer) runs to its end
	 * instead of being cut at its next line of output, and the target
	 * stays locked until it has: no second run can talk to the BMC
	 * while it still does.
	 */
	int lock_fd;
};
#define FWD_RUN_SOFT_BREAKS (1u << 0)

/*
 * Runs the program and waits for it.  Fills *res (which the caller set
 * up with FWD_TOOL_RESULT_INIT and releases with fwd_run_result_release,
 * also on failure).  Returns 0 when the program ran and was reaped,
 * whatever its exit; -FWD_E_TOOL_MISSING when it could not be executed
 * (missing, not executable, not a program: exec's errno in the message);
 * -FWD_E_TIMEOUT when it was killed after the timeout (res->timed_out
 * set); -errno for a failure of fwdispatch itself (fork, pipe) or a bad
 * call (-EINVAL).  err gets a one-line message for any non-zero return.
 *
 * *res on return: out and err are NUL-terminated strings owned by res
 * (possibly empty; NULL only after -EINVAL or -ENOMEM before the start);
 * exit_code 0-255 when the program exited, else -1, with signal set when
 * a signal ended it; duration_ms from fork to reaping, on a monotonic
 * clock.  The fields are overwritten without being freed: release a
 * result before reusing it.  A zero size is set to sizeof(*res).
 *
 * Timeout: SIGTERM (and SIGCONT) to the process group, SIGKILL after
 * kill_grace_ms.  A program that closes its output but keeps running is
 * still waited for, up to the timeout.  Once it has exited, output from
 * processes it left behind is read for at most half a second more; they
 * are not killed.
 * Never prints anything and never puts env_add values in messages.
 */
int fwd_run_command(const struct fwd_run *run, struct fwd_tool_result *res,
		    struct fwd_err *err);

/*
 * Frees res->out and res->err and resets the other fields (exit_code to
 * -1), keeping size.  Safe on a zero-initialised or released result.
 */
void fwd_run_result_release(struct fwd_tool_result *res);

#endif
