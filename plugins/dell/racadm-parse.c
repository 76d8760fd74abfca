/*
 * racadm-parse.c: reading racadm's output (see racadm.h).
 */
#include "racadm.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "match.h"
#include "vendor-text.h"

/*
 * Status words and what they mean here.  racadm prints the Lifecycle
 * Controller's job states, spaced ("Completed with Errors"); Redfish
 * spells the same ones run together ("CompletedWithErrors"), so both are
 * compared without blanks, '-' and '_'.
 *
 *  SCHEDULED  Scheduled, Reboot Pending: the job waits for its trigger.
 *             A BIOS job stays Scheduled until the host reboots; for an
 *             iDRAC job it is the moment before it starts.
 *  ACTIVE     New, Scheduling, Ready for Execution, Waiting, Downloading,
 *             Downloaded, Running, In Progress, Paused, Reboot Completed:
 *             queued or under way without a host reboot.  Paused is here
 *             too, so a paused job ends in the follower's time limit with
 *             its status named, rather than counting as staged.
 *  COMPLETED  Completed.
 *  FAILED     Failed, Completed with Errors (not a clean success: the
 *             operator must look), Reboot Failed, Killed, Cancelled,
 *             Canceled, Aborted.
 *  UNKNOWN    anything else: followed like ACTIVE, shown verbatim.
 */
static const char *const scheduled_words[] = { "scheduled", "rebootpending", NULL };
static const char *const active_words[] = {
	"new", "scheduling", "readyforexecution", "waiting", "downloading", "downloaded",
	"running", "inprogress", "paused", "rebootcompleted", NULL,
};
static const char *const completed_words[] = { "completed", NULL };
static const char *const failed_words[] = {
	"failed", "completedwitherrors", "rebootfailed", "killed", "cancelled", "canceled",
	"aborted", NULL,
};

static void squeeze(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	for (; *s && n + 1 < size; s++)
		if (!isspace((unsigned char)*s) && *s != '-' && *s != '_')
			buf[n++] = (char)tolower((unsigned char)*s);
	buf[n] = '\0';
}

static int in_list(const char *word, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(word, list[i]) == 0)
			return 1;
	return 0;
}

enum racadm_job_state racadm_job_state(const char *status)
{
	char word[64];

	if (!status || !*status)
		return RACADM_JOB_UNKNOWN;
	squeeze(status, word, sizeof(word));
	if (in_list(word, scheduled_words))
		return RACADM_JOB_SCHEDULED;
	if (in_list(word, active_words))
		return RACADM_JOB_ACTIVE;
	if (in_list(word, completed_words))
		return RACADM_JOB_COMPLETED;
	if (in_list(word, failed_words))
		return RACADM_JOB_FAILED;
	return RACADM_JOB_UNKNOWN;
}

/* Of the ACTIVE words, those of a job that waits in the queue, not yet at work. */
static const char *const queued_words[] = {
	"new", "scheduling", "readyforexecution", "waiting", NULL,
};

int racadm_job_began(const struct racadm_job *job)
{
	char word[64];

	if (job->percent > 0)
		return 1;
	squeeze(job->status, word, sizeof(word));
	switch (racadm_job_state(job->status)) {
	case RACADM_JOB_ACTIVE:
		return !in_list(word, queued_words);
	case RACADM_JOB_UNKNOWN:
		return word[0] != '\0';
	default:
		return 0;
	}
}

const char *racadm_job_state_name(enum racadm_job_state state)
{
	switch (state) {
	case RACADM_JOB_SCHEDULED: return "scheduled";
	case RACADM_JOB_ACTIVE: return "running";
	case RACADM_JOB_COMPLETED: return "completed";
	case RACADM_JOB_FAILED: return "failed";
	case RACADM_JOB_UNKNOWN: break;
	}
	return "unknown";
}

/*
 * Splits text into lines, each without its "\n", "\r" and the blanks at
 * both ends.  Returns the start of the next line (NULL at the end) and
 * the trimmed line in [*start, *start + *len).
 */
static const char *next_line(const char *p, const char **start, size_t *len)
{
	const char *end;

	if (!p || !*p)
		return NULL;
	end = p + strcspn(p, "\n");
	*start = p;
	while (*start < end && (isspace((unsigned char)**start)))
		(*start)++;
	*len = (size_t)(end - *start);
	while (*len && isspace((unsigned char)(*start)[*len - 1]))
		(*len)--;
	return *end ? end + 1 : end;
}

static void copy_trim(char *buf, size_t size, const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	snprintf(buf, size, "%.*s", (int)len, s);
}

/* "[JCP001: Task successfully scheduled.]" -> without the brackets. */
static void copy_value(char *buf, size_t size, const char *s, size_t len)
{
	copy_trim(buf, size, s, len);
	len = strlen(buf);
	if (len >= 2 && buf[0] == '[' && buf[len - 1] == ']') {
		char inner[512];

		snprintf(inner, sizeof(inner), "%.*s", (int)(len - 2), buf + 1);
		copy_trim(buf, size, inner, strlen(inner));
	}
}

/* A key=value line; a whole line in brackets ("[Job ID=JID_...]") too. */
static int split_key_value(const char *line, size_t len, char *key, size_t key_size,
			   char *value, size_t value_size)
{
	const char *eq;

	if (len >= 2 && line[0] == '[' && line[len - 1] == ']') {
		line++;
		len -= 2;
	}
	eq = memchr(line, '=', len);
	if (!eq || eq == line)
		return 0;
	copy_trim(key, key_size, line, (size_t)(eq - line));
	copy_value(value, value_size, eq + 1, len - (size_t)(eq - line) - 1);
	return 1;
}

/*
 * A job's field, cut to fit: the fields are shown and searched for words,
 * and an ID too long for its field is no JID anyway (racadm_is_jid).
 */
static void set_field(char *field, size_t size, const char *value)
{
	copy_trim(field, size, value, strlen(value));
}

static int parse_percent(const char *v)
{
	char *end;
	long p;

	if (!*v || !isdigit((unsigned char)*v))
		return -1; /* [NA], empty, anything not a number */
	p = strtol(v, &end, 10);
	while (*end == ' ' || *end == '%')
		end++;
	return *end || p < 0 || p > 100 ? -1 : (int)p;
}

size_t racadm_parse_jobs(const char *text, struct racadm_job *jobs, size_t max)
{
	const char *p = text, *line;
	struct racadm_job *cur = NULL;
	char key[64], value[512];
	size_t n = 0, len;

	while ((p = next_line(p, &line, &len))) {
		if (!split_key_value(line, len, key, sizeof(key), value, sizeof(value)))
			continue;
		if (strcasecmp(key, "Job ID") == 0 || strcasecmp(key, "JobID") == 0) {
			if (n == max) {
				cur = NULL;
				continue;
			}
			cur = &jobs[n++];
			memset(cur, 0, sizeof(*cur));
			cur->percent = -1;
			set_field(cur->id, sizeof(cur->id), value);
			continue;
		}
		if (!cur)
			continue;
		if (strcasecmp(key, "Job Name") == 0)
			set_field(cur->name, sizeof(cur->name), value);
		else if (strcasecmp(key, "Status") == 0)
			set_field(cur->status, sizeof(cur->status), value);
		else if (strcasecmp(key, "Message") == 0)
			set_field(cur->message, sizeof(cur->message), value);
		else if (strcasecmp(key, "Percent Complete") == 0)
			cur->percent = parse_percent(value);
	}
	return n;
}

const struct racadm_job *racadm_find_job(const struct racadm_job *jobs, size_t n,
					 const char *id)
{
	for (size_t i = 0; id && i < n; i++)
		if (strcasecmp(jobs[i].id, id) == 0)
			return &jobs[i];
	return NULL;
}

static int jid_at(const char *s)
{
	if (strncasecmp(s, "JID_", 4) != 0)
		return 0;
	for (int i = 4; i < 16; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return !isdigit((unsigned char)s[16]);
}

int racadm_is_jid(const char *s)
{
	return s && strlen(s) == 16 && jid_at(s);
}

int racadm_find_jid(const char *text, char jid[RACADM_JID_SIZE])
{
	for (const char *p = text; p && *p; p++) {
		/* Not inside a longer word ("XJID_..."). */
		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		if (jid_at(p)) {
			memcpy(jid, "JID_", 4);
			memcpy(jid + 4, p + 4, 12);
			jid[16] = '\0';
			return 1;
		}
	}
	return 0;
}

int racadm_find_line(const char *text, const char *prefix, char *buf, size_t size)
{
	const char *p = text, *line;
	size_t len, plen = strlen(prefix);

	while ((p = next_line(p, &line, &len)))
		if (len >= plen && strncasecmp(line, prefix, plen) == 0) {
			snprintf(buf, size, "%.*s", (int)len, line);
			return 1;
		}
	return 0;
}

int racadm_key_value(const char *text, const char *key, char *buf, size_t size)
{
	const char *p = text, *line;
	char k[64], v[256];
	size_t len;

	while ((p = next_line(p, &line, &len)))
		if (split_key_value(line, len, k, sizeof(k), v, sizeof(v)) &&
		    strcasecmp(k, key) == 0 && v[0]) {
			snprintf(buf, size, "%s", v);
			return 1;
		}
	return 0;
}

#define SUMMARY_LINES 32

const char *racadm_summary(const char *out, const char *err, char *buf, size_t size)
{
	/* As a terminal shows it: no colour escapes, no "\r" redraws. */
	char *texts[2] = { fwdp_text_clean(out), fwdp_text_clean(err) };
	char lines[SUMMARY_LINES][256];
	size_t n = 0, first = 0, used = 0, len;
	int error_at = -1;

	for (int t = 0; t < 2; t++) {
		const char *p = texts[t] ? texts[t] : "", *line;

		while ((p = next_line(p, &line, &len))) {
			if (!len || strspn(line, "-=*") >= len)
				continue; /* blank lines and rules */
			if (n == SUMMARY_LINES) { /* keep the last ones */
				memmove(lines[0], lines[1], sizeof(lines[0]) * (SUMMARY_LINES - 1));
				n--;
				if (error_at >= 0)
					error_at--;
			}
			snprintf(lines[n], sizeof(lines[n]), "%.*s", (int)len, line);
			if (error_at < 0 && fwdp_istarts(lines[n], "ERROR"))
				error_at = (int)n;
			n++;
		}
	}
	free(texts[0]);
	free(texts[1]);
	if (error_at >= 0)
		first = (size_t)error_at;
	else if (n > 3)
		first = n - 3;
	buf[0] = '\0';
	for (size_t i = first; i < n && used + 1 < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%s", used ? " / " : "", lines[i]);

		if (w < 0)
			break;
		used += (size_t)w;
	}
	if (!buf[0])
		snprintf(buf, size, "no output");
	return buf;
}

static size_t count_parts(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		n += *s == '.';
	return n;
}

int racadm_version_same(const char *a, const char *b)
{
	size_t parts;

	if (!a || !b || !*a || !*b)
		return 0;
	if (strcasecmp(a, b) == 0)
		return 1;
	parts = count_parts(a) < count_parts(b) ? count_parts(a) : count_parts(b);
	for (size_t i = 0; i < parts; i++) {
		size_t la = strcspn(a, "."), lb = strcspn(b, ".");
		int num = la && lb && strspn(a, "0123456789") == la && strspn(b, "0123456789") == lb;

		if (num ? strtoul(a, NULL, 10) != strtoul(b, NULL, 10) :
			  (la != lb || strncasecmp(a, b, la) != 0))
			return 0;
		a += la + (a[la] == '.');
		b += lb + (b[lb] == '.');
	}
	return 1;
}
