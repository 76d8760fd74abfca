/*
 * manifest.c: loading a firmware manifest and choosing an image from it.
 *
 * Loading is strict on purpose: the manifest is the operator's list of
 * what may be flashed, so anything it says that fwdispatch does not
 * understand is an error, never a guess.  The manifest owns all its
 * strings; selection only hands out pointers into it.
 */
#include "image/manifest.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/base-name.h"
#include "util/file-kind.h"
#include "util/version.h"
#include "image/image.h"

#define LIST_MAX 512

static const char *const top_keys[] = { "schema", "images", "absolute_paths", NULL };
static const char *const entry_keys[] = {
	"component", "file", "version", "sha256", "boards", "min_running", NULL
};

/* ---- Messages ---- */

static int bad(struct fwd_ctx *ctx, const char *path, const char *fmt, ...) FWD_PRINTF(3, 4);
static int bad(struct fwd_ctx *ctx, const char *path, const char *fmt, ...)
{
	char why[FWD_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "manifest '%s': %s", path, why);
}

/* no is 1-based: that is how an operator counts the images in the file. */
static int bad_field(struct fwd_ctx *ctx, const char *path, size_t no, const char *field,
		     const char *fmt, ...) FWD_PRINTF(5, 6);
static int bad_field(struct fwd_ctx *ctx, const char *path, size_t no, const char *field,
		     const char *fmt, ...)
{
	char why[FWD_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "manifest '%s', image %zu, \"%s\": %s",
				 path, no, field, why);
}

static int no_memory(struct fwd_ctx *ctx)
{
	return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "true/false";
	default: return "null";
	}
}

/* Appends to a string buffer, cutting what does not fit. */
static void append(char *buf, size_t size, const char *fmt, ...) FWD_PRINTF(3, 4);
static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/* "BMC" or "BIOS", as messages name them. */
static const char *label(const char *component)
{
	return strcmp(component, "bmc") == 0 ? "BMC" : "BIOS";
}

/* ---- Loading ---- */

/*
 * The whole file, NUL-terminated.  Opened without following a symbolic
 * link and without waiting on a FIFO (file-kind.h): the bytes read here
 * are the only ones used, verified and parsed alike.
 */
int fwd_manifest_read(struct fwd_ctx *ctx, const char *path, char **out, size_t *out_len)
{
	size_t len = 0, cap = 0;
	struct stat st;
	char *buf = NULL, *p;
	ssize_t got;
	mode_t kind;
	int fd, err = 0;

	*out = NULL;
	*out_len = 0;
	fd = fwd_open_regular(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0, &kind);
	if (fd == -ELOOP)
		return bad(ctx, path, "it is a symbolic link: name the manifest itself");
	if (fd == -EINVAL && kind)
		return bad(ctx, path, "it is %s, not a manifest", fwd_file_kind(kind));
	if (fd < 0)
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "cannot open manifest '%s': %s", path,
					 strerror(-fd));
	/* Refused before reading: a mistyped path may well name an image. */
	if (fstat(fd, &st) == 0 && st.st_size > FWD_MANIFEST_MAX_SIZE) {
		close(fd);
		return bad(ctx, path, "it is %lld bytes, more than the 1 MiB a manifest may have: "
			   "check that the path names the manifest, not an image",
			   (long long)st.st_size);
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 16384;
			if (cap > FWD_MANIFEST_MAX_SIZE + 1)
				cap = FWD_MANIFEST_MAX_SIZE + 1;
			p = realloc(buf, cap + 1);
			if (!p) {
				err = ENOMEM;
				break;
			}
			buf = p;
		}
		got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			err = got < 0 ? errno : 0;
			break;
		}
		len += (size_t)got;
		if (len > FWD_MANIFEST_MAX_SIZE)
			break;
	}
	close(fd);
	if (err || len > FWD_MANIFEST_MAX_SIZE) {
		free(buf);
		if (err == ENOMEM)
			return no_memory(ctx);
		if (err)
			return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "cannot read manifest '%s': %s",
						 path, strerror(err));
		return bad(ctx, path, "it is more than the 1 MiB a manifest may have: check that "
			   "the path names the manifest, not an image");
	}
	if (!buf && !(buf = malloc(1)))
		return no_memory(ctx);
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	return 0;
}

static int known_key(const char *const *keys, const char *key)
{
	for (; *keys; keys++)
		if (strcmp(*keys, key) == 0)
			return 1;
	return 0;
}

static int blank(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return *s == '\0';
}

/*
 * The string field of image no into *out (borrowed from the JSON).  An
 * optional one may be absent or null: *out is then NULL.
 */
static int string_field(struct fwd_ctx *ctx, const char *path, size_t no, const json_t *img,
			const char *field, int required, const char **out)
{
	const json_t *v = json_object_get(img, field);

	*out = NULL;
	if (!v || (!required && json_is_null(v))) {
		if (required)
			return bad_field(ctx, path, no, field, "is missing: every image needs one");
		return 0;
	}
	if (!json_is_string(v))
		return bad_field(ctx, path, no, field, "must be a string, not %s%s", type_name(v),
				 json_is_number(v) ? " (quote it: \"1.60\" as a number reads 1.6)" : "");
	if (blank(json_string_value(v)))
		return bad_field(ctx, path, no, field, "is empty");
	*out = json_string_value(v);
	return 0;
}

/* file resolved against the manifest's folder; absolute ones are kept. */
static char *resolve_file(const char *manifest, const char *file)
{
	const char *slash = strrchr(manifest, '/');
	char *out;

	if (file[0] == '/' || !slash)
		return strdup(file);
	if (asprintf(&out, "%.*s/%s", (int)(slash - manifest), manifest, file) < 0)
		return NULL;
	return out;
}

/* Does path have a ".." component? */
static int climbs(const char *path)
{
	for (const char *p = path; (p = strstr(p, "..")); p += 2)
		if ((p == path || p[-1] == '/') && (p[2] == '/' || p[2] == '\0'))
			return 1;
	return 0;
}

/*
 * An image lies in the manifest's folder or below it: whoever may write a
 * manifest must not point fwdispatch (root) at any file on the host with
 * "../../".  Absolute paths only where the manifest says so.
 */
static int file_allowed(struct fwd_ctx *ctx, const struct fwd_manifest *m, size_t no,
			const char *file)
{
	if (climbs(file))
		return bad_field(ctx, m->path, no, "file", "'%s' leaves the manifest's folder "
				 "(\"..\"): keep the images in its folder or below", file);
	if (file[0] == '/' && !m->absolute_paths)
		return bad_field(ctx, m->path, no, "file", "'%s' is an absolute path: give it "
				 "relative to the manifest's folder, or set \"absolute_paths\": "
				 "true in the manifest", file);
	return 0;
}

static int parse_boards(struct fwd_ctx *ctx, const char *path, size_t no, const json_t *img,
			struct fwd_manifest_entry *e)
{
	const json_t *list = json_object_get(img, "boards"), *b;
	size_t i;

	if (!list)
		return bad_field(ctx, path, no, "boards", "is missing: list the boards the image is "
				 "meant for, e.g. [\"X11SSH-F\"]");
	if (!json_is_array(list))
		return bad_field(ctx, path, no, "boards", "must be an array of board names, not %s",
				 type_name(list));
	if (json_array_size(list) == 0)
		return bad_field(ctx, path, no, "boards", "is empty: list the boards the image is "
				 "meant for");
	e->boards = calloc(json_array_size(list), sizeof(*e->boards));
	if (!e->boards)
		return no_memory(ctx);
	json_array_foreach(list, i, b) {
		if (!json_is_string(b))
			return bad_field(ctx, path, no, "boards", "entry %zu must be a string, not %s",
					 i + 1, type_name(b));
		if (blank(json_string_value(b)))
			return bad_field(ctx, path, no, "boards", "entry %zu is empty", i + 1);
		e->boards[i] = strdup(json_string_value(b));
		if (!e->boards[i])
			return no_memory(ctx);
		e->nboards = i + 1;
	}
	return 0;
}

static int parse_entry(struct fwd_ctx *ctx, struct fwd_manifest *m, size_t i, json_t *img)
{
	struct fwd_manifest_entry *e = &m->entries[i];
	const char *key, *s;
	size_t no = i + 1;
	json_t *v;
	int ret;

	if (!json_is_object(img))
		return bad(ctx, m->path, "image %zu is %s, not an object {\"component\": ..., "
			   "\"file\": ...}", no, type_name(img));
	/* First, so that a misspelt optional rule is not reported as absent. */
	json_object_foreach(img, key, v)
		if (!known_key(entry_keys, key))
			return bad_field(ctx, m->path, no, key, "unknown key: an image has component, "
					 "file, version, sha256, boards and min_running; fix the "
					 "spelling (an ignored key could drop a safety rule)");

	ret = string_field(ctx, m->path, no, img, "component", 1, &s);
	if (ret)
		return ret;
	if (strcmp(s, "bmc") != 0 && strcmp(s, "bios") != 0)
		return bad_field(ctx, m->path, no, "component", "'%s' is not a component: use "
				 "\"bmc\" or \"bios\"", s);
	snprintf(e->component, sizeof(e->component), "%s", s);

	ret = string_field(ctx, m->path, no, img, "file", 1, &s);
	if (ret)
		return ret;
	ret = file_allowed(ctx, m, no, s);
	if (ret)
		return ret;
	e->file = resolve_file(m->path, s);
	if (!e->file)
		return no_memory(ctx);

	ret = string_field(ctx, m->path, no, img, "version", 1, &s);
	if (ret)
		return ret;
	e->version = strdup(s);
	if (!e->version)
		return no_memory(ctx);

	ret = string_field(ctx, m->path, no, img, "sha256", 1, &s);
	if (ret)
		return ret;
	if (strlen(s) != 64)
		return bad_field(ctx, m->path, no, "sha256", "'%s' is not a SHA-256: it must be 64 "
				 "hex digits, as sha256sum prints them", s);
	memcpy(e->sha256, s, 65);
	if (!fwd_sha256_hex_valid(e->sha256))
		return bad_field(ctx, m->path, no, "sha256", "'%s' is not a SHA-256: it must be 64 "
				 "hex digits, as sha256sum prints them", s);

	ret = parse_boards(ctx, m->path, no, img, e);
	if (ret)
		return ret;

	ret = string_field(ctx, m->path, no, img, "min_running", 0, &s);
	if (ret)
		return ret;
	if (s && !(e->min_running = strdup(s)))
		return no_memory(ctx);
	return 0;
}

static int parse_doc(struct fwd_ctx *ctx, struct fwd_manifest *m, json_t *doc)
{
	const json_t *schema = json_object_get(doc, "schema");
	json_t *images = json_object_get(doc, "images"), *v;
	const char *key;
	size_t i;
	int ret;

	if (!json_is_object(doc))
		return bad(ctx, m->path, "it is %s, not an object {\"schema\": \"%s\", \"images\": "
			   "[...]}", type_name(doc), FWD_MANIFEST_SCHEMA);
	json_object_foreach(doc, key, v)
		if (!known_key(top_keys, key))
			return bad(ctx, m->path, "unknown key \"%s\": a manifest has \"schema\", "
				   "\"images\" and \"absolute_paths\"; fix the spelling or remove "
				   "it", key);
	if (!schema)
		return bad(ctx, m->path, "no \"schema\": a manifest starts with \"schema\": \"%s\"",
			   FWD_MANIFEST_SCHEMA);
	if (!json_is_string(schema) || strcmp(json_string_value(schema), FWD_MANIFEST_SCHEMA) != 0)
		return bad(ctx, m->path, "\"schema\" is %s%s%s, not \"%s\": this fwdispatch reads "
			   "only that format", json_is_string(schema) ? "'" : type_name(schema),
			   json_is_string(schema) ? json_string_value(schema) : "",
			   json_is_string(schema) ? "'" : "", FWD_MANIFEST_SCHEMA);
	v = json_object_get(doc, "absolute_paths");
	if (v && !json_is_boolean(v))
		return bad(ctx, m->path, "\"absolute_paths\" must be true or false, not %s",
			   type_name(v));
	m->absolute_paths = json_is_true(v);
	if (!images)
		return bad(ctx, m->path, "no \"images\": list the approved images in \"images\": "
			   "[...]");
	if (!json_is_array(images))
		return bad(ctx, m->path, "\"images\" must be an array, not %s", type_name(images));
	if (json_array_size(images) == 0)
		return bad(ctx, m->path, "\"images\" is empty: list at least one image");

	m->entries = calloc(json_array_size(images), sizeof(*m->entries));
	if (!m->entries)
		return no_memory(ctx);
	json_array_foreach(images, i, v) {
		m->n = i + 1;         /* counts the entry being filled, for the free */
		ret = parse_entry(ctx, m, i, v);
		if (ret)
			return ret;
	}
	return 0;
}

/* One (component, version) with two SHA-256s: one of them is wrong. */
static int check_duplicates(struct fwd_ctx *ctx, const struct fwd_manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		for (size_t j = i + 1; j < m->n; j++) {
			const struct fwd_manifest_entry *a = &m->entries[i], *b = &m->entries[j];

			if (strcmp(a->component, b->component) == 0 &&
			    fwd_version_compare_dotted(a->version, b->version) == 0 &&
			    strcmp(a->sha256, b->sha256) != 0)
				return bad_field(ctx, m->path, j + 1, "sha256", "image %zu is also %s %s, "
						 "with another SHA-256: keep only the one the vendor "
						 "published", i + 1, a->component, a->version);
		}
	return 0;
}

int fwd_manifest_parse(struct fwd_ctx *ctx, const char *path, const char *text, size_t len,
		       struct fwd_manifest **out)
{
	struct fwd_manifest *m;
	json_error_t jerr;
	json_t *doc;
	int ret;

	*out = NULL;
	/* Duplicate keys are refused too: which of two "min_running"s would win? */
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return bad(ctx, path, "not JSON: line %d, column %d: %s; fix the file", jerr.line,
			   jerr.column, jerr.text);
	m = calloc(1, sizeof(*m));
	if (!m || !(m->path = strdup(path))) {
		free(m);
		json_decref(doc);
		return no_memory(ctx);
	}
	ret = parse_doc(ctx, m, doc);
	json_decref(doc);
	if (!ret)
		ret = check_duplicates(ctx, m);
	if (ret) {
		fwd_manifest_free(m);
		return ret;
	}
	*out = m;
	return 0;
}

int fwd_manifest_load(struct fwd_ctx *ctx, const char *path, struct fwd_manifest **out)
{
	size_t len = 0;
	char *text;
	int ret;

	*out = NULL;
	ret = fwd_manifest_read(ctx, path, &text, &len);
	if (ret)
		return ret;
	ret = fwd_manifest_parse(ctx, path, text, len, out);
	free(text);
	return ret;
}

void fwd_manifest_free(struct fwd_manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		struct fwd_manifest_entry *e = &m->entries[i];

		free(e->file);
		free(e->version);
		for (size_t b = 0; b < e->nboards; b++)
			free(e->boards[b]);
		free(e->boards);
		free(e->min_running);
	}
	free(m->entries);
	free(m->path);
	free(m->signed_key);
	free(m);
}

/* ---- Boards ---- */

/* s without surrounding white space: its start, and *len. */
static const char *trimmed(const char *s, size_t *len)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	*len = n;
	return s;
}

static int same_board(const char *a, const char *b)
{
	size_t la, lb;

	a = trimmed(a, &la);
	b = trimmed(b, &lb);
	return la && la == lb && strncasecmp(a, b, la) == 0;
}

static int fits_board(const struct fwd_manifest_entry *e, const char *const *names)
{
	for (; names && *names; names++)
		for (size_t i = 0; i < e->nboards; i++)
			if (same_board(*names, e->boards[i]))
				return 1;
	return 0;
}

/* "this machine is A / B", or that nothing names it. */
static void describe_machine(const char *const *names, char *buf, size_t size)
{
	size_t len;
	const char *s;

	buf[0] = '\0';
	for (; names && *names; names++) {
		s = trimmed(*names, &len);
		if (len)
			append(buf, size, "%s%.*s", buf[0] ? " / " : "this machine is ", (int)len, s);
	}
	if (!buf[0])
		snprintf(buf, size, "this machine's board name is unknown");
}

static void join_boards(const struct fwd_manifest_entry *e, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < e->nboards; i++)
		append(buf, size, "%s%s", i ? ", " : "", e->boards[i]);
}

/* Every board the component's images are for, each once. */
static void component_boards(const struct fwd_manifest *m, const char *component, char *buf,
			     size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < m->n; i++) {
		const struct fwd_manifest_entry *e = &m->entries[i];

		if (strcmp(e->component, component) != 0)
			continue;
		for (size_t b = 0; b < e->nboards; b++) {
			int seen = 0;

			for (size_t j = 0; j <= i && !seen; j++) {
				const struct fwd_manifest_entry *f = &m->entries[j];

				if (strcmp(f->component, component) != 0)
					continue;
				for (size_t c = 0; c < (j == i ? b : f->nboards) && !seen; c++)
					seen = same_board(f->boards[c], e->boards[b]);
			}
			if (!seen)
				append(buf, size, "%s%s", buf[0] ? ", " : "", e->boards[b]);
		}
	}
}

/* ---- Selection ---- */

static int installable(const struct fwd_manifest_entry *e, const char *running)
{
	return !e->min_running ||
	       (running[0] && fwd_version_compare_dotted(running, e->min_running) >= 0);
}

/* The manifest's image that gets running up to e's min_running, the
 * newest such below e; NULL when it lists none. */
static const struct fwd_manifest_entry *next_step(const struct fwd_manifest *m,
						  const struct fwd_manifest_entry *e,
						  const char *const *names, const char *running)
{
	const struct fwd_manifest_entry *best = NULL;

	for (size_t i = 0; i < m->n; i++) {
		const struct fwd_manifest_entry *c = &m->entries[i];

		if (strcmp(c->component, e->component) != 0 || !fits_board(c, names) ||
		    fwd_version_compare_dotted(c->version, e->min_running) < 0 ||
		    fwd_version_compare_dotted(c->version, e->version) >= 0 ||
		    !installable(c, running))
			continue;
		if (!best || fwd_version_compare_dotted(c->version, best->version) > 0)
			best = c;
	}
	return best;
}

static int ambiguous(struct fwd_ctx *ctx, const struct fwd_manifest *m,
		     const struct fwd_manifest_entry *a, const struct fwd_manifest_entry *b,
		     const char *image)
{
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
		"manifest '%s' lists both '%s' (%s) and '%s' (%s) for '%s', with different "
		"SHA-256s: cannot tell which is meant; pass the image by the path the "
		"manifest gives, or fix the manifest", m->path, a->file, a->version,
		b->file, b->version, image);
}

/* Is e the image: the same file (ist: the image's stat, NULL when it has
 * none), or, by_name, the same base name? */
static int names_image(const struct fwd_manifest_entry *e, const char *image,
		       const struct stat *ist, int by_name)
{
	struct stat est;

	if (by_name)
		return strcmp(fwd_base_name(e->file), fwd_base_name(image)) == 0;
	return ist && stat(e->file, &est) == 0 && est.st_dev == ist->st_dev &&
	       est.st_ino == ist->st_ino;
}

int fwd_manifest_find_image(struct fwd_ctx *ctx, const struct fwd_manifest *m, const char *image,
			    const struct fwd_manifest_entry **out)
{
	const struct fwd_manifest_entry *found = NULL;
	struct stat ist;
	int have = stat(image, &ist) == 0;

	for (int by_name = 0; by_name < 2 && !found; by_name++)
		for (size_t i = 0; i < m->n; i++) {
			const struct fwd_manifest_entry *e = &m->entries[i];

			if (!names_image(e, image, have ? &ist : NULL, by_name))
				continue;
			if (found && strcmp(found->sha256, e->sha256) != 0)
				return ambiguous(ctx, m, found, e, image);
			if (!found)
				found = e;
		}
	if (!found)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"'%s' is not in manifest '%s': only the images it lists may be installed",
			image, m->path);
	*out = found;
	return 0;
}

/*
 * The entries of component that are image: the same file, else the same
 * base name.  One for this board wins; two equally good ones with
 * different SHA-256s are ambiguous and refused.
 */
static int pick_by_image(struct fwd_ctx *ctx, const struct fwd_manifest *m, const char *component,
			 const char *image, const char *const *names,
			 const struct fwd_manifest_entry **pick)
{
	const struct fwd_manifest_entry *best = NULL, *clash = NULL, *elsewhere = NULL;
	struct stat ist;
	int have = stat(image, &ist) == 0, best_fit = 0;

	for (int by_name = 0; by_name < 2 && !best; by_name++)
		for (size_t i = 0; i < m->n; i++) {
			const struct fwd_manifest_entry *e = &m->entries[i];
			int fit;

			if (!names_image(e, image, have ? &ist : NULL, by_name))
				continue;
			if (strcmp(e->component, component) != 0) {
				if (!elsewhere)
					elsewhere = e;
				continue;
			}
			fit = fits_board(e, names);
			if (!best || fit > best_fit) {
				best = e;
				best_fit = fit;
				clash = NULL;
			} else if (fit == best_fit && strcmp(e->sha256, best->sha256) != 0 && !clash) {
				clash = e;
			}
		}
	if (clash)
		return ambiguous(ctx, m, best, clash, image);
	if (!best && elsewhere)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"'%s' is in manifest '%s' as a %s image, not a %s one: pass it as the %s "
			"image, or fix the manifest's \"component\"", image, m->path,
			elsewhere->component, component, label(elsewhere->component));
	if (!best)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"'%s' is not in manifest '%s': only the images it lists may be installed",
			image, m->path);
	*pick = best;
	return 0;
}

/*
 * Among component's images for this board, the newest that may go over
 * running; when none may, the newest (check_rules then says why not).
 */
static int pick_newest(struct fwd_ctx *ctx, const struct fwd_manifest *m, const char *component,
		       const char *const *names, const char *running,
		       const struct fwd_manifest_entry **pick, char *note, size_t note_size)
{
	const struct fwd_manifest_entry *best = NULL, *top = NULL;
	char machine[LIST_MAX], boards[LIST_MAX];
	size_t listed = 0;

	for (size_t i = 0; i < m->n; i++) {
		const struct fwd_manifest_entry *e = &m->entries[i];

		if (strcmp(e->component, component) != 0)
			continue;
		listed++;
		if (!fits_board(e, names))
			continue;
		if (!top || fwd_version_compare_dotted(e->version, top->version) > 0)
			top = e;
		if (installable(e, running) &&
		    (!best || fwd_version_compare_dotted(e->version, best->version) > 0))
			best = e;
	}
	if (!listed)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"manifest '%s' lists no %s image: add the approved one, or leave the %s out "
			"of this update", m->path, component, label(component));
	if (!top) {
		describe_machine(names, machine, sizeof(machine));
		component_boards(m, component, boards, sizeof(boards));
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"manifest '%s' has no %s image for this board: its %s images are meant for "
			"%s; %s: add an image approved for this board to the manifest", m->path,
			component, component, boards, machine);
	}
	if (!best) {
		*pick = top;
		return 0;
	}
	*pick = best;
	if (note && note_size && fwd_version_compare_dotted(top->version, best->version) > 0) {
		if (running[0])
			snprintf(note, note_size, "manifest '%s': %s %s ('%s') must be installed over "
				 "%s or later and the %s runs %s, so %s comes first; run the update "
				 "again afterwards", m->path, component, top->version,
				 fwd_base_name(top->file), top->min_running, label(component), running,
				 best->version);
		else
			snprintf(note, note_size, "manifest '%s': %s %s ('%s') must be installed over "
				 "%s or later and the %s's running version is unknown, so %s was "
				 "chosen instead", m->path, component, top->version,
				 fwd_base_name(top->file), top->min_running, label(component),
				 best->version);
	}
	return 0;
}

static int check_rules(struct fwd_ctx *ctx, const struct fwd_manifest *m,
		       const struct fwd_manifest_entry *e, const char *const *names,
		       const char *running)
{
	const struct fwd_manifest_entry *next;
	char machine[LIST_MAX], boards[LIST_MAX];

	if (!fits_board(e, names)) {
		describe_machine(names, machine, sizeof(machine));
		join_boards(e, boards, sizeof(boards));
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"manifest '%s': '%s' (%s) is meant for %s; %s: use the %s image approved "
			"for this board", m->path, e->file, e->version, boards, machine,
			label(e->component));
	}
	if (!e->min_running)
		return 0;
	if (!running[0])
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"manifest '%s': '%s' (%s) must be installed over %s or later, and the %s's "
			"running version is unknown: the upgrade path cannot be checked; make sure "
			"the %s answers with its version, then run again", m->path, e->file,
			e->version, e->min_running, label(e->component), label(e->component));
	if (fwd_version_compare_dotted(running, e->min_running) >= 0)
		return 0;
	next = next_step(m, e, names, running);
	if (next)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"manifest '%s': '%s' (%s) must be installed over %s or later, and the %s "
			"runs %s: install %s first (%s); skipping a step of the upgrade path is "
			"refused", m->path, e->file, e->version, e->min_running,
			label(e->component), running, next->version, fwd_base_name(next->file));
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
		"manifest '%s': '%s' (%s) must be installed over %s or later, and the %s runs %s; "
		"the manifest lists no image that leads there: add the vendor's intermediate "
		"release to it and install that first; skipping a step of the upgrade path is "
		"refused", m->path, e->file, e->version, e->min_running, label(e->component),
		running);
}

int fwd_manifest_select(struct fwd_ctx *ctx, const struct fwd_manifest *m, const char *component,
			const char *image, const char *const *board_names, const char *running,
			const struct fwd_manifest_entry **out, char *note, size_t note_size)
{
	const struct fwd_manifest_entry *pick = NULL;
	int ret;

	*out = NULL;
	if (note && note_size)
		note[0] = '\0';
	if (!component || (strcmp(component, "bmc") != 0 && strcmp(component, "bios") != 0))
		return fwd_ctx_set_error(ctx, -FWD_E_INTERNAL,
			"manifest: asked for component '%s', not bmc or bios",
			component ? component : "(null)");
	if (!running)
		running = "";
	if (image)
		ret = pick_by_image(ctx, m, component, image, board_names, &pick);
	else
		ret = pick_newest(ctx, m, component, board_names, running, &pick, note, note_size);
	if (!ret)
		ret = check_rules(ctx, m, pick, board_names, running);
	if (ret) {
		if (note && note_size)
			note[0] = '\0';
		return ret;
	}
	*out = pick;
	return 0;
}
