/*
 * sum.h: driving Supermicro Update Manager (`sum`) for the supermicro
 * plugin (not installed).
 *
 *   sum-cmd.c   the command line: in-band or out-of-band, then -c COMMAND
 *   sum-run.c   running it, with progress, and reading what it said
 *   sum-exit.c  what each exit code means for the operator
 *   sum-query.c reading its answers to the preflight's questions (no I/O)
 *
 * The formats and codes are those of ../shared/docs/vendor-tools.md (the
 * SUM user's guide): a banner, ANSI colours, "Status:" lines, and on
 * failure an ERROR block with ExitCode, Description, Program Error Code
 * and Error message.
 */
#ifndef FWDP_SUM_H
#define FWDP_SUM_H

#include <fwdispatch/fwd_plugin.h>

#define SM_SUM_MAX_ARGS 24
/* Room for a failure message with sum's block quoted (the host cuts it to
 * its own size; "tool_output" keeps the whole block). */
#define SM_SUM_MSG_MAX 2048

/* sum takes minutes in-band and more out-of-band; a stuck one must end. */
#define SM_SUM_TIMEOUT_MS (60u * 60u * 1000u)
/* A stuck update is stopped with SIGTERM, and SIGKILL only this much later:
 * time for sum to take the BMC out of its update mode. */
#define SM_SUM_STOP_GRACE_MS (30u * 1000u)

/* A sum command line (arguments after the program name).  The strings
 * are borrowed from the caller and must outlive the run. */
struct sm_sum_cmd {
	const char *args[SM_SUM_MAX_ARGS + 1]; /* NULL-terminated */
	size_t n;
	const char *command;   /* "UpdateBios", ... */
	int out_of_band;
};

/*
 * Starts a command line for `sum -c command`: in-band just that;
 * out-of-band `-i HOST -u USER -p FWD_ARG_PASSWORD -c command` (sum
 * takes the password only on its command line; the host substitutes it
 * and warns).  Returns 0, or -FWD_E_REFUSED with the error set when an
 * out-of-band target lacks a user or a password.
 */
int sm_sum_begin(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		 struct sm_sum_cmd *c, const char *command);

/* Appends one argument (borrowed). */
void sm_sum_add(struct sm_sum_cmd *c, const char *arg);

/* "sum -c UpdateBios --file F ..." with the password shown as ****. */
const char *sm_sum_describe(const struct sm_sum_cmd *c, char *buf, size_t size);

/* What one run of sum said.  Release with sm_sum_outcome_release. */
struct sm_sum_outcome {
	int ret;               /* run_tool's answer: 0 once sum ran and was reaped */
	int exit_code;         /* -1 unless it exited */
	int signal;            /* the signal that ended it, 0 otherwise */
	char *text;            /* stdout then stderr, cleaned (vendor-text.h); malloc'd */
	char *error_block;     /* the ERROR block's lines, or NULL; malloc'd */
	char *tail;            /* the last lines of text; malloc'd */
	char description[160]; /* from the ERROR block, "" when none */
	char program_error[64];
	char status[256];      /* the last "Status:" line's text, "" when none */
	char writing[160];     /* the last progress line saying sum writes the flash
				* ("Writing BIOS flash ... ( 60%)"), "" when none */
};

/* For a dry run: records that step would run c (host->plan). */
int sm_sum_plan(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		const struct sm_sum_cmd *c, enum fwd_step step, const char *what);

/*
 * Runs sum with c (progress reported under step_name, when not 0),
 * stopping it after timeout_ms, and fills *o.
 * Returns run_tool's answer: 0 when sum ran (judge *o), else a negative
 * code with the error set (-FWD_E_TOOL_MISSING, -FWD_E_TIMEOUT, ...), or
 * -ENOMEM.
 */
int sm_sum_run(const struct fwd_host_api *host, struct fwd_ctx *ctx,
	       const struct sm_sum_cmd *c, enum fwd_step step_name, unsigned timeout_ms,
	       struct sm_sum_outcome *o);
void sm_sum_outcome_release(struct sm_sum_outcome *o);

/*
 * Did sum succeed: exit 0, no ERROR block and no "Status:" line saying it
 * failed?  When not, why in why[] (one short clause).
 */
int sm_sum_succeeded(const struct sm_sum_outcome *o, char *why, size_t why_size);

/* Did sum say the host is rebooting (after --reboot)? */
int sm_sum_said_rebooting(const struct sm_sum_outcome *o);

/* Adds "tool_output", "tool_exit_code" and, with an ERROR block,
 * "sum_error": {"exit_code", "description", "program_error_code"} to result. */
void sm_sum_report(const struct fwd_host_api *host, const struct sm_sum_outcome *o,
		   struct fwd_json *result);

/* What a failed run means, for the message. */
struct sm_sum_context {
	const char *part;      /* "BIOS" or "BMC" */
	const char *board;     /* the board's name, or NULL */
	const char *image;     /* the file sum was given */
	const char *command;   /* "UpdateBios" */
	int preserve_setting;  /* --preserve_setting was passed */
	const char *note;      /* appended before sum's block ("; the BMC runs 1.71"), or NULL */
	int firmware_changed;  /* the component runs another version than before the run */
};

/*
 * The code and message for a run of sum that did not succeed (exit code,
 * signal, or exit 0 with an error).  Writes the message, with sum's own
 * ERROR block quoted after it, into msg.  *nothing_flashed says whether
 * the code guarantees that sum stopped before writing anything: never
 * when sum's output shows that writing began (o->writing: the flash
 * failed part-way, whatever the exit code's family says), nor when
 * sc->firmware_changed (the flash went further than sum says).
 * Returns -FWD_E_REFUSED, -FWD_E_BUSY or -FWD_E_FLASH.
 */
int sm_sum_failure(const struct sm_sum_outcome *o, const struct sm_sum_context *sc,
		   char *msg, size_t msg_size, int *nothing_flashed);

/* ---- sum-query.c: the preflight's questions (pure parsers) ---- */

/* What `sum -c QueryProductKey` listed. */
struct sm_keys {
	int count;             /* "Number of product keys: N", -1 when sum printed none */
	int listed;            /* lines naming an SFT-... key */
	int licensed;          /* a good SFT-OOB-LIC or SFT-DCMS-SINGLE is listed */
	char licence[32];      /* which one, "" when none */
	char bad[96];          /* such a key sum does not call good: "SFT-OOB-LIC (Key is
				* expired.)", "" when none */
	char others[160];      /* the other SKUs listed, "SFT-SPM-LIC, ..." */
};

/* Reads QueryProductKey's cleaned output into *k.  Returns 0 when it is an
 * answer (a count line or a key line), -1 when it is not one. */
int sm_keys_parse(const char *text, struct sm_keys *k);

enum sm_staged {
	SM_STAGED_UNKNOWN = 0, /* the words say neither */
	SM_STAGED_NONE,        /* no staged update waits */
	SM_STAGED_PENDING      /* a staged BIOS update runs at the next boot */
};

/* What `sum -c UpdateBios --staged getinfo` said (exit 0). */
enum sm_staged sm_staged_parse(const char *text);

/* Does sum's output say the BMC is in its firmware update mode? */
int sm_says_update_mode(const char *text);

/* Is a sum exit code one of its "busy, try later" ones (106, 107)? */
int sm_sum_exit_busy(int exit_code);

#endif
