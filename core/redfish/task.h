/*
 * task.h: reading a Redfish Task (task.c), apart from the requests that
 * fetch it, so that the parser is tested and fuzzed on its own.
 */
#ifndef FWD_REDFISH_TASK_H
#define FWD_REDFISH_TASK_H

#include <fwdispatch/fwd_plugin.h>
#include <jansson.h>

enum fwd_task_phase {
	FWD_TASK_RUNNING = 0,     /* New, Starting, Running, Pending, Suspended ... */
	FWD_TASK_ENDED,           /* Completed: out->outcome says what follows */
	FWD_TASK_FAILED,          /* Exception, Killed, Cancelled, or a failure message */
	FWD_TASK_NOT_A_TASK       /* no TaskState: not a task */
};

/*
 * Reads task (any JSON value, maybe NULL) into out: state, status,
 * percent (kept when absent), and the message that decides: a failure
 * (Update's VerificationFailed, TransferFailed, ApplyFailed ...), else
 * Base's ResetRequired (with its URI and reset type), else Update's
 * AwaitToActivate, else the last one.
 */
enum fwd_task_phase fwd_redfish_task_read(const json_t *task, struct fwd_redfish_task *out);

/* The operator's words for a failure message ID, or NULL when it is none. */
const char *fwd_redfish_failure_why(const char *message_id);

#endif
