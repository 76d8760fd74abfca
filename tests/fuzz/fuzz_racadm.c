/*
 * fuzz_racadm.c: what Dell's `racadm` printed, read by the dell plugin
 * (plugins/dell/racadm-parse.c, racadm-busy.c, racadm-attr.c and
 * queue-check.c, linked in): `jobqueue view` blocks and the preflight's
 * judgement of the queue, the job ID an `update` names, `getversion`'s
 * "key = value" lines, `racadm get`'s attribute, the busy signals, the
 * ERROR line and the one-line summary for messages.
 *
 * The input is a run (fuzz-split.h); stdout is read as each of those.
 * Every job field read is a bounded string, a JID found is a JID, the
 * jobs found by ID are the ones read, comparing versions is symmetric and
 * reflexive, the queue's verdict counts every job once and names a job
 * in flight, a busy answer quotes a line, an attribute read is one word
 * racadm may take back or is refused.
 */
#include <string.h>

#include "fuzz-split.h"
#include "fuzz-util.h"
#include "../../plugins/dell/queue-check.h"
#include "../../plugins/dell/racadm.h"

#define MAX_JOBS 8

static void queue_sound(const struct racadm_job *jobs, size_t n, const char *earlier)
{
	struct dell_queue_verdict v;

	dell_queue_judge(jobs, n, earlier, &v);
	FUZZ_CHECK(v.firmware + v.other + v.finished == n);
	FUZZ_CHECK((v.kind == DELL_QUEUE_FIRMWARE) == (v.firmware > 0));
	FUZZ_CHECK(v.kind == DELL_QUEUE_CLEAR || dell_job_in_flight(&v.job));
	FUZZ_CHECK(v.kind != DELL_QUEUE_FIRMWARE || v.ours || dell_job_is_firmware(&v.job));
	FUZZ_CHECK(!v.ours || (earlier && strcasecmp(v.job.id, earlier) == 0));
}

static void attr_sound(const char *out, const char *err)
{
	char value[64], line[256];

	memset(value, 'x', sizeof(value));
	if (racadm_get_value(out, "iDRAC.NIC.Selection", value, sizeof(value))) {
		FUZZ_CHECK(memchr(value, '\0', sizeof(value)) != NULL && value[0]);
		FUZZ_CHECK(strstr(value, " (") == NULL);
		if (racadm_value_word(value))
			FUZZ_CHECK(strlen(value) <= 31 && !strpbrk(value, " \t'\";|&$"));
	}
	memset(line, 'x', sizeof(line));
	if (racadm_busy(out, err, line, sizeof(line)))
		FUZZ_CHECK(memchr(line, '\0', sizeof(line)) != NULL && line[0] &&
			   !strchr(line, '\n'));
}

static void jobs_sound(const char *text)
{
	struct racadm_job jobs[MAX_JOBS];
	size_t n = racadm_parse_jobs(text, jobs, MAX_JOBS);

	FUZZ_CHECK(n <= MAX_JOBS);
	for (size_t i = 0; i < n; i++) {
		const struct racadm_job *j = &jobs[i], *found;

		FUZZ_CHECK(memchr(j->id, '\0', sizeof(j->id)) != NULL);
		FUZZ_CHECK(memchr(j->name, '\0', sizeof(j->name)) != NULL);
		FUZZ_CHECK(memchr(j->status, '\0', sizeof(j->status)) != NULL);
		FUZZ_CHECK(memchr(j->message, '\0', sizeof(j->message)) != NULL);
		FUZZ_CHECK(j->percent >= -1 && j->percent <= 100);
		FUZZ_CHECK(racadm_job_state_name(racadm_job_state(j->status)) != NULL);
		found = racadm_find_job(jobs, n, j->id);
		FUZZ_CHECK(found != NULL && strcasecmp(found->id, j->id) == 0);
	}
	queue_sound(jobs, n, NULL);
	if (n)
		queue_sound(jobs, n, jobs[n - 1].id);
}

static void versions_sound(const char *text)
{
	static const char *const keys[] = {
		"Bios Version", "iDRAC Version", "Lifecycle Controller Version",
	};
	char v[3][64];

	for (size_t i = 0; i < 3; i++) {
		memset(v[i], 'x', sizeof(v[i]));
		if (!racadm_key_value(text, keys[i], v[i], sizeof(v[i])))
			snprintf(v[i], sizeof(v[i]), "%s", "4.40.00.00");
		FUZZ_CHECK(memchr(v[i], '\0', sizeof(v[i])) != NULL);
		FUZZ_CHECK(racadm_version_same(v[i], v[i]));
	}
	FUZZ_CHECK(racadm_version_same(v[0], v[1]) == racadm_version_same(v[1], v[0]));
	FUZZ_CHECK(racadm_version_same(v[1], v[2]) == racadm_version_same(v[2], v[1]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_run run;
	char jid[RACADM_JID_SIZE], line[256], summary[512];

	if (fuzz_run_split(data, size, &run) != 0)
		return 0;
	jobs_sound(run.out);
	if (racadm_find_jid(run.out, jid))
		FUZZ_CHECK(racadm_is_jid(jid));
	if (racadm_find_line(run.out, "ERROR", line, sizeof(line)))
		FUZZ_CHECK(memchr(line, '\0', sizeof(line)) != NULL);
	versions_sound(run.out);
	attr_sound(run.out, run.err);
	racadm_summary(run.out, run.err, summary, sizeof(summary));
	FUZZ_CHECK(memchr(summary, '\0', sizeof(summary)) != NULL && summary[0]);
	FUZZ_CHECK(!strchr(summary, '\n') && !strchr(summary, '\r') && !strchr(summary, '\033'));
	fuzz_run_release(&run);
	return 0;
}
