/*
 * journal.c: writing, finding and reading run journals.
 */
#include "update/journal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic-file.h"
#include "util/error.h"
#include "util/file-kind.h"
#include "util/json-out.h"
#include "util/state-dir.h"
#include "update/steps.h"

static void journal_init(struct fwd_journal *j, const json_t *doc)
{
	memset(j, 0, sizeof(*j));
	fwd_buf_init(&j->path);
	fwd_buf_init(&j->log_path);
	j->doc = doc;
}

int fwd_journal_open(struct fwd_ctx *ctx, const struct fwd_target_opts *t, const json_t *doc,
		     struct fwd_journal *j)
{
	struct fwd_buf dir = FWD_BUF_INIT;
	char name[300];
	int ret;

	journal_init(j, doc);
	ret = fwd_state_dir_ensure(ctx, t->state_dir, FWD_RUNS_SUBDIR, &dir);
	fwd_target_file_name(t, name, sizeof(name));
	if (!ret && (fwd_buf_setf(&j->path, "%s/%s.json", dir.s, name) < 0 ||
		     fwd_buf_setf(&j->log_path, "%s/%s.log", dir.s, name) < 0))
		ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	fwd_buf_release(&dir);
	return ret;
}

int fwd_journal_at(struct fwd_ctx *ctx, const char *path, const json_t *doc,
		   struct fwd_journal *j)
{
	journal_init(j, doc);
	if (fwd_buf_add(&j->path, path) < 0)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	return 0;
}

void fwd_journal_release(struct fwd_journal *j)
{
	fwd_buf_release(&j->path);
	fwd_buf_release(&j->log_path);
}

int fwd_journal_write(struct fwd_ctx *ctx, struct fwd_journal *j)
{
	struct fwd_err err;
	char *text = json_dumps(j->doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	int ret;

	if (!text)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	ret = fwd_atomic_write(j->path.s, text, strlen(text), 0600, 0, &err);
	free(text);
	if (ret)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot write the journal: %s",
					 err.msg);
	return 0;
}

/* The newest *.json in dir, by modification time, into path; 0 when none. */
static int newest_journal(const char *dir, struct fwd_buf *path)
{
	struct timespec best = { 0, 0 };
	struct dirent *e;
	DIR *d = opendir(dir);
	int found = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		struct stat st;

		if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 || e->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (!found || st.st_mtim.tv_sec > best.tv_sec ||
		    (st.st_mtim.tv_sec == best.tv_sec && st.st_mtim.tv_nsec > best.tv_nsec)) {
			if (fwd_buf_setf(path, "%s/%s", dir, e->d_name) < 0)
				break;
			best = st.st_mtim;
			found = 1;
		}
	}
	closedir(d);
	return found;
}

int fwd_journal_find(struct fwd_ctx *ctx, const struct fwd_target_opts *t,
		     struct fwd_buf *path)
{
	struct fwd_buf dir = FWD_BUF_INIT;
	char name[300];
	int ret = 0;

	fwd_target_file_name(t, name, sizeof(name));
	if (fwd_buf_setf(&dir, "%s/%s", t->state_dir, FWD_RUNS_SUBDIR) < 0 ||
	    (t->host && fwd_buf_setf(path, "%s/%s.json", dir.s, name) < 0))
		ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	else if (t->host && access(path->s, F_OK) != 0)
		ret = fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
					"no update of %s has run with state folder '%s'", t->host,
					t->state_dir);
	else if (!t->host && !newest_journal(dir.s, path))
		ret = fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
					"no update has run with state folder '%s' yet",
					t->state_dir);
	fwd_buf_release(&dir);
	return ret;
}

int fwd_journal_load(struct fwd_ctx *ctx, const char *path, json_t **out)
{
	json_error_t e;
	mode_t kind;
	int fd;

	/* Planted there, a FIFO would hang status for good. */
	*out = NULL;
	fd = fwd_open_regular(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0, &kind);
	if (fd == -EINVAL)
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "the journal '%s' is %s, not a "
					 "regular file: move it away", path, fwd_file_kind(kind));
	if (fd < 0)
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "cannot read the journal '%s': %s",
					 path, strerror(-fd));
	*out = json_loadfd(fd, JSON_REJECT_DUPLICATES, &e);
	close(fd);
	if (!*out)
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "cannot read the journal '%s': %s",
					 path, e.text);
	if (!json_is_object(*out) || !json_is_array(json_object_get(*out, "steps"))) {
		json_decref(*out);
		*out = NULL;
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "'%s' is not a run journal", path);
	}
	return 0;
}

/* Field 22 of /proc/PID/stat: when the process started, in clock ticks
 * since boot; 0 when unknown. */
static unsigned long long process_start(long pid)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name may hold spaces and ')': count from the last ')'. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
			 "%*d %*d %*d %*d %llu", &start) != 1)
		return 0;
	return start;
}

void fwd_journal_stamp_holder(json_t *doc)
{
	long pid = (long)getpid();

	json_object_set_new(doc, "pid", json_integer(pid));
	json_object_set_new(doc, "pid_start", json_integer((json_int_t)process_start(pid)));
}

const char *fwd_journal_state(const json_t *doc)
{
	const json_t *result = json_object_get(doc, "result");
	json_int_t pid = json_integer_value(json_object_get(doc, "pid"));
	unsigned long long start = (unsigned long long)json_integer_value(
		json_object_get(doc, "pid_start"));

	if (json_is_string(result))
		return json_string_value(result);
	if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM) &&
	    process_start((long)pid) == start)
		return "running";
	return "interrupted";
}

const char *fwd_journal_where(const json_t *doc)
{
	const json_t *steps = json_object_get(doc, "steps"), *step;
	const char *last = NULL;
	size_t i;

	if (fwd_json_str(doc, "stopped_at"))
		return fwd_json_str(doc, "stopped_at");
	json_array_foreach(steps, i, step) {
		const char *status = json_string_value(json_object_get(step, "status"));

		last = json_string_value(json_object_get(step, "name"));
		if (status && !strcmp(status, "running"))
			return last;
	}
	return last;
}

int fwd_journal_load_target(struct fwd_ctx *ctx, const struct fwd_target_opts *t,
			    json_t **out)
{
	struct fwd_buf path = FWD_BUF_INIT;
	char name[300];
	int ret = 0;

	*out = NULL;
	fwd_target_file_name(t, name, sizeof(name));
	if (fwd_buf_addf(&path, "%s/%s/%s.json", t->state_dir, FWD_RUNS_SUBDIR, name) < 0)
		ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	else if (access(path.s, F_OK) == 0)
		ret = fwd_journal_load(ctx, path.s, out);
	fwd_buf_release(&path);
	return ret;
}

int fwd_journal_unfinished(const json_t *doc)
{
	const char *state = fwd_journal_state(doc);

	if (!strcmp(state, "interrupted") || !strcmp(state, "stopped"))
		return 1;
	return !strcmp(state, "failed") && fwd_steps_journal_changed(doc);
}

/* Once the BMC may have restarted on new firmware (which can lose settings). */
static int after_upload(enum fwd_step id)
{
	return id == FWD_STEP_BMC_RESET || id == FWD_STEP_BMC_WAIT || id == FWD_STEP_BMC_VERIFY ||
	       id == FWD_STEP_LAN_CHECK;
}

int fwd_journal_bmc_unsettled(const json_t *doc)
{
	const json_t *step;
	size_t i;

	if (!fwd_journal_unfinished(doc) || fwd_steps_journal_ok(doc, FWD_STEP_LAN_CHECK))
		return 0;
	json_array_foreach(json_object_get(doc, "steps"), i, step) {
		enum fwd_step id = fwd_step_from_name(fwd_json_str(step, "name"));
		const char *status = fwd_json_str(step, "status");
		enum fwd_part part = FWD_STEP_PART(id);

		if (!id || !status || !fwd_step_changes_machine(id) ||
		    (part != FWD_PART_BMC && part != FWD_PART_LAN))
			continue;
		/* Cut short in the middle of it (kill -9, a power loss): unknown. */
		if (!strcmp(status, "running"))
			return 1;
		/* A flash that failed cleanly left the old firmware running with its
		 * settings; from the reset on, the new one may have booted. */
		if ((strcmp(status, "skipped") != 0 && after_upload(id)) ||
		    json_is_true(json_object_get(step, "kept")))
			return 1;
	}
	return 0;
}

const char *fwd_journal_flash_failed(const json_t *doc, int *partway)
{
	enum fwd_step at = fwd_step_from_name(fwd_json_str(doc, "stopped_at"));
	const char *part = fwd_part_name(FWD_STEP_PART(at)), *code;

	*partway = 0;
	code = fwd_json_str(json_object_get(doc, "error"), "code");
	if (strcmp(fwd_journal_state(doc), "failed") != 0 || !code ||
	    strcmp(code, fwd_error_name(-FWD_E_FLASH)) != 0 || !fwd_step_acts(at) || !part ||
	    (strcmp(part, "bmc") != 0 && strcmp(part, "bios") != 0) || at == FWD_STEP_BMC_RESET)
		return NULL;
	*partway = json_is_true(json_object_get(json_object_get(doc, part), "writing_began"));
	return part;
}

enum fwd_next fwd_journal_next(const json_t *doc)
{
	const char *state = fwd_journal_state(doc);

	if (!strcmp(state, "running"))
		return FWD_NEXT_WAIT;
	if (fwd_journal_unfinished(doc))
		return FWD_NEXT_RESUME;
	if (!strcmp(state, "ok"))
		return json_is_true(json_object_get(doc, "reboot_required")) &&
		       !json_object_get(doc, "verified") ? FWD_NEXT_REBOOT : FWD_NEXT_NOTHING;
	return FWD_NEXT_UPDATE;
}

int fwd_journal_command(const json_t *doc, const struct fwd_target_opts *t, const char *verb,
			struct fwd_buf *out)
{
	const char *args = fwd_json_str(doc, "target_args");

	if (fwd_buf_addf(out, "fwdispatch %s", verb) < 0)
		return -ENOMEM;
	return args ? fwd_buf_add(out, args) : fwd_target_args(t, out);
}
