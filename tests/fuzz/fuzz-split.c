/*
 * fuzz-split.c: a fuzz input as a tool run (fuzz-split.h).
 */
#include "fuzz-split.h"

#include <string.h>

#include "fuzz-util.h"
#include "mock-host.h"

int fuzz_run_split(const uint8_t *data, size_t size, struct fuzz_run *run)
{
	const size_t seplen = strlen(FUZZ_STDERR_SEPARATOR);
	const uint8_t *text, *sep;
	size_t len;

	memset(run, 0, sizeof(*run));
	if (size < 1)
		return -1;
	run->exit_code = data[0] == 255 ? -1 : data[0];
	run->signal = data[0] == 255 ? 9 : 0;
	text = data + 1;
	len = size - 1;
	sep = memmem(text, len, FUZZ_STDERR_SEPARATOR, seplen);
	if (sep) {
		run->out = fuzz_cstr(text, (size_t)(sep - text));
		run->err = fuzz_cstr(sep + seplen, len - (size_t)(sep - text) - seplen);
	} else {
		run->out = fuzz_cstr(text, len);
		run->err = fuzz_cstr(NULL, 0);
	}
	return 0;
}

void fuzz_run_release(struct fuzz_run *run)
{
	free(run->out);
	free(run->err);
	run->out = run->err = NULL;
}

void fuzz_run_script(struct fwd_mock *m, const char *tool, const struct fuzz_run *run)
{
	struct fwd_mock_reply *r;

	if (!run->signal) {
		fwd_mock_reply(m, tool, run->exit_code, run->out, run->err);
		return;
	}
	/* A tool killed mid-way has printed something all the same. */
	fwd_mock_reply_signal(m, tool, run->signal);
	r = &m->replies[m->n_replies - 1];
	r->out = strdup(run->out);
	r->err = strdup(run->err);
	FUZZ_CHECK(r->out && r->err);
}
