/*
 * history.c: appending a run's entries to STATE_DIR/history.jsonl and
 * reading them back.
 *
 * The caller owns the report; the entries built from it are copies, freed
 * here.  fwd_history_load() hands its caller a new array to json_decref().
 */
#include "update/history.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/state-dir.h"
#include "util/file-kind.h"
#include "util/json-out.h"

/* A copy of obj.key, or null when obj or the key is missing. */
static json_t *field(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return v ? json_deep_copy(v) : json_null();
}

/* Like field(), but a null value counts as missing and falls back to key2. */
static json_t *field_or(const json_t *obj, const char *key, const char *key2)
{
	const json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return field(obj, key2);
	return json_deep_copy(v);
}

/* The preflight's refusals the operator overrode: [{check, detail}]. */
static json_t *overrides(const json_t *report)
{
	json_t *out = json_array();
	const json_t *rec;
	size_t i;

	json_array_foreach(json_object_get(report, "preflight"), i, rec)
		if (!strcmp(fwd_json_str(rec, "verdict") ? fwd_json_str(rec, "verdict") : "",
			    "overridden"))
			json_array_append_new(out, json_pack("{s:O?, s:O?}",
				"check", json_object_get(rec, "check"),
				"detail", json_object_get(rec, "detail")));
	return out;
}

/* The history entry of one component (comp, an object of report), or NULL
 * when out of memory. */
static json_t *make_entry(const json_t *report, const char *name, const json_t *comp)
{
	const json_t *image = json_object_get(comp, "image");
	json_t *e = json_object();
	int bad = !e;

	if (bad)
		return NULL;
	bad |= json_object_set_new(e, "time", field_or(report, "finished", "started"));
	bad |= json_object_set_new(e, "run_id", field(report, "run_id"));
	bad |= json_object_set_new(e, "target", field(report, "target"));
	bad |= json_object_set_new(e, "plugin", field(report, "plugin"));
	bad |= json_object_set_new(e, "tls", field(report, "tls"));
	bad |= json_object_set_new(e, "component", json_string(name));
	bad |= json_object_set_new(e, "old", field(comp, "before"));
	/* What the BMC reports after its flash beats what the image claimed;
	 * a BIOS only tells its new version at the next boot. */
	bad |= json_object_set_new(e, "new", strcmp(name, "bmc") == 0 ?
				   field_or(comp, "after", "version") : field(comp, "version"));
	bad |= json_object_set_new(e, "sha256", field(image, "sha256"));
	bad |= json_object_set_new(e, "image", field(image, "file"));
	bad |= json_object_set_new(e, "manifest_signed_by", field(report, "manifest_signed_by"));
	bad |= json_object_set_new(e, "job_id", field(comp, "job_id"));
	bad |= json_object_set_new(e, "overridden", overrides(report));
	bad |= json_object_set_new(e, "result", field(report, "result"));
	bad |= json_object_set_new(e, "outcome", field(comp, "outcome"));
	bad |= json_object_set_new(e, "stopped_at", field(report, "stopped_at"));
	bad |= json_object_set_new(e, "duration_ms", field(report, "duration_ms"));
	if (bad) {
		json_decref(e);
		return NULL;
	}
	return e;
}

/*
 * The history is the record of what was done to the firmware: a part
 * that already ran the image's version, was only planned, or was never
 * sent (a refusal, a declined confirmation) leaves no line.  A report
 * without outcomes (verify's) is recorded as it is.
 */
static int changed_something(const json_t *comp)
{
	const char *o = json_string_value(json_object_get(comp, "outcome"));

	return !o || !strcmp(o, "updated") || !strcmp(o, "staged") || !strcmp(o, "failed");
}

/* The report's lines, "\n"-terminated, each malloc'd; returns how many (0
 * to 2), or -ENOMEM. */
static int make_lines(const json_t *report, char *lines[2])
{
	static const char *const names[] = { "bmc", "bios" };
	int n = 0;

	for (size_t i = 0; i < 2; i++) {
		const json_t *comp = json_object_get(report, names[i]);
		json_t *e;
		char *text;
		size_t len;

		if (!json_is_object(comp) || !changed_something(comp))
			continue;
		e = make_entry(report, names[i], comp);
		text = e ? json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		json_decref(e);
		/* Room for a leading '\n' (see append_lines) and the trailing one. */
		len = text ? strlen(text) : 0;
		lines[n] = text ? malloc(len + 3) : NULL;
		if (!lines[n]) {
			free(text);
			while (n > 0)
				free(lines[--n]);
			return -ENOMEM;
		}
		snprintf(lines[n], len + 3, "%s\n", text);
		free(text);
		n++;
	}
	return n;
}

/*
 * Opens the history for appending, creating it 0600; a file that group or
 * others may read is made 0600 (it names servers and images).  *ends_open
 * is set when the file's last line has no '\n' (a write cut by a power
 * loss): the next line must not be glued to it.
 */
static int open_history(struct fwd_ctx *ctx, const char *path, int *ends_open)
{
	struct stat st;
	mode_t kind;
	char last;
	int fd;

	*ends_open = 0;
	fd = fwd_open_regular(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600,
			      &kind);
	if (fd == -EINVAL)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "history '%s' is %s, not a regular "
					 "file: move it away", path, fwd_file_kind(kind));
	if (fd < 0)
		return fwd_ctx_set_error(ctx, fd, "cannot open history '%s': %s", path,
					 strerror(-fd));
	if (fstat(fd, &st) < 0) {
		int err = errno;

		close(fd);
		return fwd_ctx_set_error(ctx, -err, "cannot stat history '%s': %s", path,
					 strerror(err));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
					 "history '%s' is not a regular file: move it away", path);
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) && fchmod(fd, st.st_mode & S_IRWXU) < 0) {
		int err = errno;

		close(fd);
		return fwd_ctx_set_error(ctx, -err, "cannot make history '%s' private: %s", path,
					 strerror(err));
	}
	/* O_WRONLY cannot pread: a second descriptor reads the last byte. */
	if (st.st_size > 0) {
		int rfd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

		if (rfd >= 0 && pread(rfd, &last, 1, st.st_size - 1) == 1 && last != '\n')
			*ends_open = 1;
		if (rfd >= 0)
			close(rfd);
	}
	return fd;
}

/* One write() per line: with O_APPEND, concurrent appenders cannot
 * interleave inside it. */
static int write_line(struct fwd_ctx *ctx, int fd, const char *path, const char *line)
{
	size_t len = strlen(line);
	ssize_t n;

	do
		n = write(fd, line, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return fwd_ctx_set_error(ctx, -errno, "cannot append to history '%s': %s", path,
					 strerror(errno));
	/* A short write (full disk) leaves a torn line, which readers skip and
	 * the next appender closes with a '\n'. */
	if ((size_t)n != len)
		return fwd_ctx_set_error(ctx, -ENOSPC,
			"cannot append to history '%s': only %zd of %zu bytes written", path, n,
			len);
	return 0;
}

static int append_lines(struct fwd_ctx *ctx, const char *dir, const char *path,
			char *lines[], int n)
{
	struct stat st;
	int fd, ends_open, ret = 0;
	int created = lstat(path, &st) < 0;  /* its name is new in the folder */

	fd = open_history(ctx, path, &ends_open);
	if (fd < 0)
		return fd;
	if (ends_open) {
		/* Within the line's own write, so it stays one write(). */
		memmove(lines[0] + 1, lines[0], strlen(lines[0]) + 1);
		lines[0][0] = '\n';
	}
	for (int i = 0; i < n && !ret; i++)
		ret = write_line(ctx, fd, path, lines[i]);
	if (!ret && fsync(fd) < 0)
		ret = fwd_ctx_set_error(ctx, -errno, "cannot write history '%s' to disk (fsync): %s",
					path, strerror(errno));
	/* close() is where some file systems (NFS) report a failed write. */
	if (close(fd) < 0 && !ret)
		ret = fwd_ctx_set_error(ctx, -errno, "cannot write history '%s' (close): %s", path,
					strerror(errno));
	/* A new file's name is in the folder: sync it too, or a power cut may
	 * lose the whole history file. */
	if (!ret && created && (ret = fwd_fsync_dir(dir)) != 0)
		fwd_ctx_set_error(ctx, ret, "history '%s' was written but its folder could not "
				  "be synced: %s", path, strerror(-ret));
	return ret;
}

int fwd_history_append(struct fwd_ctx *ctx, const char *state_dir, const json_t *report)
{
	struct fwd_buf dir = FWD_BUF_INIT, path = FWD_BUF_INIT;
	char *lines[2];
	int n, ret;

	n = make_lines(report, lines);
	if (n < 0)
		return fwd_ctx_set_error(ctx, n, "out of memory");
	if (n == 0)
		return 0;
	ret = fwd_state_dir_ensure(ctx, state_dir, NULL, &dir);
	if (!ret && fwd_buf_setf(&path, "%s/%s", dir.s, FWD_HISTORY_FILE) < 0)
		ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	if (!ret)
		ret = append_lines(ctx, dir.s, path.s, lines, n);
	while (n > 0)
		free(lines[--n]);
	fwd_buf_release(&dir);
	fwd_buf_release(&path);
	return ret;
}

/* Adds the entry held in line (len bytes, '\n' stripped) to entries;
 * returns 1 when it is not one, -ENOMEM, or 0. */
static int load_line(json_t *entries, const char *line, size_t len)
{
	json_error_t e;
	json_t *entry;

	entry = json_loadb(line, len, JSON_REJECT_DUPLICATES, &e);
	if (!json_is_object(entry)) {
		json_decref(entry);
		return 1;
	}
	return json_array_append_new(entries, entry) ? -ENOMEM : 0;
}

static int read_entries(struct fwd_ctx *ctx, FILE *fp, const char *path, json_t *entries,
			size_t *skipped)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;

	errno = 0;
	while (!ret && (len = getline(&line, &cap, fp)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			len--;
		/* Blank lines are the '\n' an appender adds after a torn line. */
		if (len == 0 || strspn(line, " \t\r") == (size_t)len)
			continue;
		ret = load_line(entries, line, (size_t)len);
		if (ret == 1) {
			(*skipped)++;
			ret = 0;
		}
	}
	free(line);
	if (ret)
		return fwd_ctx_set_error(ctx, ret, "out of memory");
	if (ferror(fp))
		return fwd_ctx_set_error(ctx, errno ? -errno : -EIO,
					 "cannot read history '%s': %s", path,
					 strerror(errno ? errno : EIO));
	return 0;
}

int fwd_history_load(struct fwd_ctx *ctx, const char *state_dir, json_t **entries,
		     size_t *skipped)
{
	struct fwd_buf path = FWD_BUF_INIT;
	mode_t kind;
	FILE *fp;
	int fd, ret;

	*skipped = 0;
	*entries = json_array();
	if (!*entries || fwd_buf_setf(&path, "%s/%s", state_dir, FWD_HISTORY_FILE) < 0) {
		ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
		goto fail;
	}
	fd = fwd_open_regular(path.s, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0, &kind);
	if (fd == -EINVAL) {
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "history '%s' is %s, not a regular "
					"file: move it away", path.s, fwd_file_kind(kind));
		goto fail;
	}
	if (fd < 0)
		errno = -fd;
	if (fd < 0 && errno == ENOENT) {
		fwd_buf_release(&path);
		return 0;
	}
	fp = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!fp) {
		ret = fwd_ctx_set_error(ctx, -errno, "cannot read history '%s': %s", path.s,
					strerror(errno));
		if (fd >= 0)
			close(fd);
		goto fail;
	}
	ret = read_entries(ctx, fp, path.s, *entries, skipped);
	fclose(fp);
	fwd_buf_release(&path);
	if (!ret)
		return 0;
fail:
	fwd_buf_release(&path);
	json_decref(*entries);
	*entries = NULL;
	return ret;
}
