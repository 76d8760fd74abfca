/*
 * signals.c: stop requests at safe points, and surviving a lost terminal.
 *
 * The handlers only set flags, dup2() and write(): async-signal-safe.
 * The message names the step under way, kept in a fixed buffer that the
 * main flow fills between steps.
 */
#include "update/signals.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/file-kind.h"

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t prompt_signal;
static volatile sig_atomic_t hup_seen;
/* The handlers a question replaced, put back after it. */
static struct sigaction before_prompt_int, before_prompt_term;
static int hup_fd = -1;
static char current_step[64] = "the current step";
/* Set before the handlers can run, read by them: never freed while set. */
static const char *volatile resume_command = "fwdispatch resume";

static void say(const char *a, const char *b, const char *c)
{
	ssize_t ignored;

	ignored = write(STDERR_FILENO, a, strlen(a));
	ignored = write(STDERR_FILENO, b, strlen(b));
	ignored = write(STDERR_FILENO, c, strlen(c));
	(void)ignored;
}

static void on_stop(int sig)
{
	if (stop_signal) {
		say("\nfwdispatch: still waiting for step '", current_step,
		    "' to finish: stopping a flash midway can leave the firmware half-written. "
		    "The run stops at the next safe point; do not kill -9 it.\n");
		return;
	}
	stop_signal = sig;
	say("\nfwdispatch: stop requested: step '", current_step,
	    "' finishes first, then the run stops at a safe point ('");
	say(resume_command, "' continues it).\n", "");
}

/* At a question: nothing has started, so there is nothing to finish first. */
static void on_prompt_stop(int sig)
{
	prompt_signal = sig;
}

static void on_hup(int sig)
{
	(void)sig;
	hup_seen = 1;
	/* The terminal is gone: writing to it would fail or block. */
	if (hup_fd >= 0) {
		dup2(hup_fd, STDOUT_FILENO);
		dup2(hup_fd, STDERR_FILENO);
	}
	say("fwdispatch: SIGHUP (terminal gone): the run carries on; output goes to this log\n",
	    "", "");
}

static void set_stop_handler(void (*handler)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = flags;
	sa.sa_handler = handler;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void fwd_signals_install(const char *hup_log)
{
	struct sigaction sa;
	mode_t kind;

	if (hup_fd < 0 && hup_log)
		hup_fd = fwd_open_regular(hup_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
					  O_NOFOLLOW, 0600, &kind);
	if (hup_fd < 0)
		hup_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	set_stop_handler(on_stop, SA_RESTART);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

void fwd_signals_restore(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	if (hup_fd >= 0)
		close(hup_fd);
	hup_fd = -1;
}

int fwd_signals_stop_requested(void)
{
	return stop_signal;
}

int fwd_signals_hup_seen(void)
{
	return hup_seen;
}

void fwd_signals_set_step(const char *name)
{
	/* Not atomic against the handler; the worst is a garbled step name
	 * in one message.  The NUL goes in first, so that a handler running
	 * during the copy still finds the string's end. */
	size_t n = strlen(name);

	if (n > sizeof(current_step) - 1)
		n = sizeof(current_step) - 1;
	current_step[n] = '\0';
	memcpy(current_step, name, n);
}

void fwd_signals_prompt_begin(void)
{
	prompt_signal = 0;
	sigaction(SIGINT, NULL, &before_prompt_int);
	sigaction(SIGTERM, NULL, &before_prompt_term);
	/* Without SA_RESTART: the read waiting for the answer returns EINTR. */
	set_stop_handler(on_prompt_stop, 0);
}

int fwd_signals_prompt_end(void)
{
	/* An update's stop at a safe point; for a command without one (restore),
	 * the default: Ctrl-C after the question ends it as before. */
	sigaction(SIGINT, &before_prompt_int, NULL);
	sigaction(SIGTERM, &before_prompt_term, NULL);
	return prompt_signal;
}

void fwd_signals_set_resume_command(const char *cmd)
{
	char *copy = cmd ? strdup(cmd) : NULL;

	/* An earlier copy is left allocated, as a handler may be reading it
	 * right now (once per run: at most one is left behind). */
	if (copy)
		resume_command = copy;
}
