/*
 * signals.h: what SIGINT, SIGTERM and SIGHUP do during an update.
 *
 * A flash must never be cut in the middle.  SIGINT and SIGTERM ask the
 * run to stop at the next safe point (between steps, see update.c): the
 * step under way finishes first.  A second one says why it is waiting.
 * SIGHUP (the SSH session dropped) changes nothing in the run: output
 * goes to the run's log from then on, since the terminal is gone.
 * Tools run in their own process group, so a Ctrl-C on the terminal does
 * not reach them either.  One set per process (signal handlers are).
 */
#ifndef FWD_SIGNALS_H
#define FWD_SIGNALS_H

/* Installs the handlers; hup_log (may be NULL: /dev/null) takes stdout
 * and stderr after a SIGHUP.  Also ignores SIGPIPE. */
void fwd_signals_install(const char *hup_log);

/* Puts the default handlers back. */
void fwd_signals_restore(void);

/* The signal that asked for a stop (SIGINT, SIGTERM), or 0. */
int fwd_signals_stop_requested(void);

/* Whether a SIGHUP arrived. */
int fwd_signals_hup_seen(void);

/* The command that resumes this run, named in the message a stop request
 * prints ("fwdispatch resume" until it is set). */
void fwd_signals_set_resume_command(const char *cmd);

/* The step under way, named in the message a signal prints. */
void fwd_signals_set_step(const char *name);

/*
 * Around a question to the operator (nothing has started yet): while on,
 * SIGINT and SIGTERM interrupt the read (EINTR) instead of asking for a
 * stop at the next safe point, and print nothing.  Turned off, the
 * handlers from before are back; returns whether one arrived meanwhile.
 */
void fwd_signals_prompt_begin(void);
int fwd_signals_prompt_end(void);

#endif
