/*
 * test_manifest.c: the firmware manifest: loading (relative files, SHA-256
 * case, every refusal with the part of its message that tells the operator
 * what is wrong), and choosing an image for a board: by the operator's
 * file, or the newest one the upgrade path allows, with the board and
 * min_running rules.  Manifests and images are written to a temp folder.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/manifest.h"
#include "test-util.h"

/* 64 hex digits from 4. */
#define X4(s) s s s s
#define SHA(s) X4(X4(s))

#define HEAD "{\"schema\": \"fwdispatch-manifest/1\", \"images\": ["
#define TAIL "]}"
#define ENTRY_OK "{\"component\": \"bmc\", \"file\": \"a.hpm\", \"version\": \"1.0\", " \
	"\"sha256\": \"" SHA("abcd") "\", \"boards\": [\"B\"]}"

/* The example from manifest.h, plus two BIOS releases whose versions
 * sort differently as text (2.9 < 2.10), one in a subfolder. */
static const char sample[] =
	HEAD
	"{\"component\": \"bmc\", \"file\": \"X11SSH-BMC-1.65.hpm\", \"version\": \"1.65\",\n"
	" \"sha256\": \"" SHA("165A") "\", \"boards\": [\"X11SSH-F\", \"X11SSH-LN4F\"],\n"
	" \"min_running\": \"1.50\"},\n"
	"{\"component\": \"bmc\", \"file\": \"X11SSH-BMC-1.72.hpm\", \"version\": \"1.72\",\n"
	" \"sha256\": \"" SHA("172b") "\", \"boards\": [\"X11SSH-F\"], \"min_running\": \"1.65\"},\n"
	"{\"component\": \"bios\", \"file\": \"BIOS_X11SSH-2.9.bin\", \"version\": \"2.9\",\n"
	" \"sha256\": \"" SHA("029c") "\", \"boards\": [\"X11SSH-F\", \"X11SSH-LN4F\"]},\n"
	"{\"component\": \"bios\", \"file\": \"bios/BIOS_X11SSH-2.10.bin\", \"version\": \"2.10\",\n"
	" \"sha256\": \"" SHA("210d") "\", \"boards\": [\"X11SSH-F\"], \"min_running\": null}\n"
	TAIL;

struct fixture {
	char *dir;
	char *path;                   /* dir/manifest.json */
	struct fwd_manifest *m;       /* sample, loaded by setup_sample */
	struct fwd_ctx ctx;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->dir = fwd_test_mkdtemp("manifest");
	f->path = fwd_test_path(f->dir, "manifest.json");
	fwd_ctx_init(&f->ctx);
	*state = f;
	return 0;
}

static void write_in(const char *dir, const char *name, const char *text)
{
	char *p = fwd_test_path(dir, name);

	fwd_test_write_file(p, text, (size_t)-1, 0644);
	free(p);
}

/* The sample manifest, loaded, with its images on disk. */
static int setup_sample(void **state)
{
	struct fixture *f;
	char *sub;

	setup(state);
	f = *state;
	sub = fwd_test_path(f->dir, "bios");
	if (mkdir(sub, 0755) < 0)
		abort();
	free(sub);
	write_in(f->dir, "X11SSH-BMC-1.65.hpm", "bmc 1.65");
	write_in(f->dir, "X11SSH-BMC-1.72.hpm", "bmc 1.72");
	write_in(f->dir, "BIOS_X11SSH-2.9.bin", "bios 2.9");
	write_in(f->dir, "bios/BIOS_X11SSH-2.10.bin", "bios 2.10");
	fwd_test_write_file(f->path, sample, (size_t)-1, 0644);
	if (fwd_manifest_load(&f->ctx, f->path, &f->m) != 0) {
		fprintf(stderr, "sample manifest refused: %s\n", f->ctx.err.msg);
		abort();
	}
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fwd_manifest_free(f->m);
	fwd_test_rm_rf(f->dir);
	free(f->path);
	free(f->dir);
	free(f);
	return 0;
}

static void expect_error(const struct fwd_ctx *ctx, int ret, int code, const char *part)
{
	if (ret != code)
		fail_msg("expected %d, got %d (%s) while looking for '%s'", code, ret, ctx->err.msg,
			 part);
	if (!strstr(ctx->err.msg, part))
		fail_msg("message '%s' lacks '%s'", ctx->err.msg, part);
}

/* ---- Loading ---- */

static void test_load_valid(void **state)
{
	struct fixture *f = *state;
	const struct fwd_manifest *m = f->m;
	char *want;

	assert_string_equal(m->path, f->path);
	assert_int_equal(m->n, 4);

	assert_string_equal(m->entries[0].component, "bmc");
	want = fwd_test_path(f->dir, "X11SSH-BMC-1.65.hpm");
	assert_string_equal(m->entries[0].file, want);
	free(want);
	assert_string_equal(m->entries[0].version, "1.65");
	assert_string_equal(m->entries[0].sha256, SHA("165a"));   /* lower-cased */
	assert_int_equal(m->entries[0].nboards, 2);
	assert_string_equal(m->entries[0].boards[0], "X11SSH-F");
	assert_string_equal(m->entries[0].boards[1], "X11SSH-LN4F");
	assert_string_equal(m->entries[0].min_running, "1.50");

	assert_string_equal(m->entries[1].min_running, "1.65");
	assert_string_equal(m->entries[2].component, "bios");
	assert_null(m->entries[2].min_running);
	/* A subfolder is kept; null is "no rule". */
	want = fwd_test_path(f->dir, "bios/BIOS_X11SSH-2.10.bin");
	assert_string_equal(m->entries[3].file, want);
	free(want);
	assert_null(m->entries[3].min_running);
}

static void test_load_absolute_and_same_twice(void **state)
{
	struct fixture *f = *state;
	struct fwd_manifest *m = NULL;
	/* The same image listed twice (same SHA-256) for two board sets is fine;
	 * an absolute path where the manifest allows them. */
	static const char text[] =
		"{\"schema\": \"fwdispatch-manifest/1\", \"absolute_paths\": true, \"images\": ["
		"{\"component\": \"bmc\", \"file\": \"/srv/fw/a.hpm\", \"version\": \"1.0\",\n"
		" \"sha256\": \"" SHA("abcd") "\", \"boards\": [\"B\"]},\n"
		"{\"component\": \"bmc\", \"file\": \"a.hpm\", \"version\": \"1.0.0\",\n"
		" \"sha256\": \"" SHA("ABCD") "\", \"boards\": [\"C\"]}\n"
		TAIL;

	fwd_test_write_file(f->path, text, (size_t)-1, 0644);
	assert_int_equal(fwd_manifest_load(&f->ctx, f->path, &m), 0);
	assert_int_equal(m->n, 2);
	assert_string_equal(m->entries[0].file, "/srv/fw/a.hpm");
	assert_string_equal(m->entries[1].sha256, SHA("abcd"));
	fwd_manifest_free(m);

	/* A manifest named without a folder: files stay relative to the current one. */
	assert_int_equal(chdir(f->dir), 0);
	assert_int_equal(fwd_manifest_load(&f->ctx, "manifest.json", &m), 0);
	assert_string_equal(m->entries[1].file, "a.hpm");
	fwd_manifest_free(m);
	assert_int_equal(chdir("/"), 0);
}

struct bad_case {
	const char *text;
	const char *part;
};

static const struct bad_case bad_cases[] = {
	{ "{\"schema\": \"fwdispatch-manifest/1\",\n \"images\": [", "not JSON: line 2" },
	{ "", "not JSON: line 1" },
	{ "[" ENTRY_OK "]", "it is an array, not an object" },
	{ "{\"images\": [" ENTRY_OK "]}", "no \"schema\"" },
	{ "{\"schema\": \"fwdispatch-manifest/2\", \"images\": [" ENTRY_OK "]}",
	  "\"schema\" is 'fwdispatch-manifest/2', not \"fwdispatch-manifest/1\"" },
	{ "{\"schema\": 1, \"images\": [" ENTRY_OK "]}", "\"schema\" is a number" },
	{ "{\"schema\": \"fwdispatch-manifest/1\"}", "no \"images\"" },
	{ HEAD TAIL, "\"images\" is empty" },
	{ "{\"schema\": \"fwdispatch-manifest/1\", \"images\": {}}",
	  "\"images\" must be an array, not an object" },
	{ "{\"schema\": \"fwdispatch-manifest/1\", \"imagse\": [" ENTRY_OK "]}",
	  "unknown key \"imagse\"" },
	{ "{\"schema\": \"fwdispatch-manifest/1\", \"schema\": \"fwdispatch-manifest/1\", "
	  "\"images\": [" ENTRY_OK "]}", "duplicate object key" },
	{ HEAD ENTRY_OK ", \"a.hpm\"" TAIL, "image 2 is a string, not an object" },
	/* Images stay in the manifest's folder: no "..", absolute only when allowed. */
	{ HEAD "{\"component\": \"bmc\", \"file\": \"../../etc/shadow\", \"version\": \"1\", "
	  "\"sha256\": \"" SHA("abcd") "\", \"boards\": [\"B\"]}" TAIL,
	  "'../../etc/shadow' leaves the manifest's folder" },
	{ HEAD "{\"component\": \"bmc\", \"file\": \"fw/../../x.hpm\", \"version\": \"1\", "
	  "\"sha256\": \"" SHA("abcd") "\", \"boards\": [\"B\"]}" TAIL,
	  "leaves the manifest's folder" },
	{ HEAD "{\"component\": \"bmc\", \"file\": \"/srv/a.hpm\", \"version\": \"1\", "
	  "\"sha256\": \"" SHA("abcd") "\", \"boards\": [\"B\"]}" TAIL,
	  "is an absolute path: give it relative to the manifest's folder, or set "
	  "\"absolute_paths\": true" },
	{ "{\"schema\": \"fwdispatch-manifest/1\", \"absolute_paths\": 1, \"images\": ["
	  ENTRY_OK "]}", "\"absolute_paths\" must be true or false" },
	{ HEAD "{\"component\": \"cpld\", \"file\": \"a\", \"version\": \"1\", \"sha256\": \""
	  SHA("abcd") "\", \"boards\": [\"B\"]}" TAIL,
	  "image 1, \"component\": 'cpld' is not a component: use \"bmc\" or \"bios\"" },
	{ HEAD ENTRY_OK ", {\"component\": \"bmc\", \"version\": \"1\", \"sha256\": \""
	  SHA("abcd") "\", \"boards\": [\"B\"]}" TAIL, "image 2, \"file\": is missing" },
	{ HEAD "{\"component\": \"bmc\", \"file\": \"a\", \"version\": 1.60, \"sha256\": \""
	  SHA("abcd") "\", \"boards\": [\"B\"]}" TAIL,
	  "image 1, \"version\": must be a string, not a number" },
	{ HEAD "{\"component\": \"bmc\", \"file\": \"  \", \"version\": \"1\", \"sha256\": \""
	  SHA("abcd") "\", \"boards\": [\"B\"]}" TAIL, "image 1, \"file\": is empty" },
	{ HEAD "{\"component\": \"bmc\", \"file\": \"a\", \"version\": \"1\", \"sha256\": \""
	  SHA("abcd") "0\", \"boards\": [\"B\"]}" TAIL,
	  "image 1, \"sha256\": '" SHA("abcd") "0' is not a SHA-256" },
	{ HEAD "{\"component\": \"bmc\", \"file\": \"a\", \"version\": \"1\", \"sha256\": \""
	  X4(X4("abcd")) X4(X4("abcg")) "\", \"boards\": [\"B\"]}" TAIL,
	  "\"sha256\": '" X4(X4("abcd")) X4(X4("abcg")) "' is not a SHA-256" },
	{ HEAD "{\"component\": \"bmc\", \"file\": \"a\", \"version\": \"1\", \"sha256\": \""
	  SHA("abcd") "\"}" TAIL, "image 1, \"boards\": is missing" },
	{ HEAD "{\"component\": \"bmc\", \"file\": \"a\", \"version\": \"1\", \"sha256\": \""
	  SHA("abcd") "\", \"boards\": []}" TAIL, "image 1, \"boards\": is empty" },
	{ HEAD "{\"component\": \"bmc\", \"file\": \"a\", \"version\": \"1\", \"sha256\": \""
	  SHA("abcd") "\", \"boards\": \"B\"}" TAIL, "\"boards\": must be an array" },
	{ HEAD "{\"component\": \"bmc\", \"file\": \"a\", \"version\": \"1\", \"sha256\": \""
	  SHA("abcd") "\", \"boards\": [\"B\", 7]}" TAIL,
	  "\"boards\": entry 2 must be a string, not a number" },
	{ HEAD "{\"component\": \"bmc\", \"file\": \"a\", \"version\": \"1\", \"sha256\": \""
	  SHA("abcd") "\", \"boards\": [\"B\"], \"min_running\": 1}" TAIL,
	  "image 1, \"min_running\": must be a string" },
	/* The typo that would otherwise drop the upgrade-path rule. */
	{ HEAD "{\"component\": \"bmc\", \"file\": \"a\", \"version\": \"1\", \"sha256\": \""
	  SHA("abcd") "\", \"boards\": [\"B\"], \"min_runing\": \"0.9\"}" TAIL,
	  "image 1, \"min_runing\": unknown key" },
	{ HEAD ENTRY_OK ", " ENTRY_OK ", {\"component\": \"bmc\", \"file\": \"b\", "
	  "\"version\": \"1.0.0\", \"sha256\": \"" SHA("dcba") "\", \"boards\": [\"B\"]}" TAIL,
	  "image 3, \"sha256\": image 1 is also bmc 1.0, with another SHA-256" },
};

static void test_load_refusals(void **state)
{
	struct fixture *f = *state;
	static struct fwd_manifest sentinel;
	struct fwd_manifest *m;
	char prefix[4200];

	snprintf(prefix, sizeof(prefix), "manifest '%s'", f->path);
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		m = &sentinel;        /* a refusal must reset it to NULL */
		fwd_test_write_file(f->path, bad_cases[i].text, (size_t)-1, 0644);
		fwd_ctx_init(&f->ctx);
		expect_error(&f->ctx, fwd_manifest_load(&f->ctx, f->path, &m), -FWD_E_BAD_INPUT,
			     bad_cases[i].part);
		if (strncmp(f->ctx.err.msg, prefix, strlen(prefix)) != 0)
			fail_msg("case %zu: '%s' does not name the manifest", i, f->ctx.err.msg);
		assert_null(m);
	}
}

static void test_load_size_and_missing(void **state)
{
	struct fixture *f = *state;
	struct fwd_manifest *m;
	size_t big = FWD_MANIFEST_MAX_SIZE + 1;
	char *text = malloc(big + 1);

	/* Valid JSON, but too large: refused before it is parsed. */
	memset(text, ' ', big);
	memcpy(text + big - 2, "{}", 2);
	text[big] = '\0';
	fwd_test_write_file(f->path, text, big, 0644);
	free(text);
	expect_error(&f->ctx, fwd_manifest_load(&f->ctx, f->path, &m), -FWD_E_BAD_INPUT,
		     "more than the 1 MiB");
	assert_null(m);

	unlink(f->path);
	expect_error(&f->ctx, fwd_manifest_load(&f->ctx, f->path, &m), -FWD_E_BAD_INPUT,
		     "cannot open manifest");
	expect_error(&f->ctx, fwd_manifest_load(&f->ctx, f->dir, &m), -FWD_E_BAD_INPUT,
		     "it is a directory, not a manifest");
}

/* Opened without waiting on a FIFO and without following a link: the
 * bytes read are the manifest's own, read at once (issue 12). */
static void test_load_fifo_and_link(void **state)
{
	struct fixture *f = *state;
	struct fwd_manifest *m;
	char *real = fwd_test_path(f->dir, "real.json");

	assert_int_equal(mkfifo(f->path, 0600), 0);
	expect_error(&f->ctx, fwd_manifest_load(&f->ctx, f->path, &m), -FWD_E_BAD_INPUT,
		     "it is a FIFO, not a manifest");
	assert_null(m);
	unlink(f->path);

	fwd_test_write_file(real, HEAD ENTRY_OK TAIL, (size_t)-1, 0644);
	assert_int_equal(symlink(real, f->path), 0);
	expect_error(&f->ctx, fwd_manifest_load(&f->ctx, f->path, &m), -FWD_E_BAD_INPUT,
		     "it is a symbolic link: name the manifest itself");
	assert_null(m);
	fwd_ctx_init(&f->ctx);
	assert_int_equal(fwd_manifest_load(&f->ctx, real, &m), 0);
	fwd_manifest_free(m);
	free(real);
}

/* ---- Selection ---- */

static const char *const board_f[] = { "X11SSH-F", NULL };
static const char *const board_ln4f[] = { "X11SSH-LN4F", "Super Server", NULL };

static int select_in(struct fixture *f, const char *component, const char *image,
		     const char *const *names, const char *running,
		     const struct fwd_manifest_entry **e, char *note, size_t size)
{
	fwd_ctx_init(&f->ctx);
	return fwd_manifest_select(&f->ctx, f->m, component, image, names, running, e, note,
				   size);
}

static void test_select_by_image(void **state)
{
	struct fixture *f = *state;
	const struct fwd_manifest_entry *e;
	char note[512], *img, *hard, *other, *elsewhere;

	img = fwd_test_path(f->dir, "X11SSH-BMC-1.72.hpm");
	assert_int_equal(select_in(f, "bmc", img, board_f, "1.65", &e, note, sizeof(note)), 0);
	assert_ptr_equal(e, &f->m->entries[1]);
	assert_string_equal(note, "");

	/* The same file under another name (a hard link): found by device and inode. */
	hard = fwd_test_path(f->dir, "current-bmc.img");
	assert_int_equal(link(img, hard), 0);
	assert_int_equal(select_in(f, "bmc", hard, board_f, "1.70", &e, NULL, 0), 0);
	assert_ptr_equal(e, &f->m->entries[1]);

	/* Elsewhere, with the same name: matched by name (the caller checks its SHA-256). */
	other = fwd_test_mkdtemp("manifest-other");
	elsewhere = fwd_test_path(other, "X11SSH-BMC-1.65.hpm");
	fwd_test_write_file(elsewhere, "copy", (size_t)-1, 0644);
	assert_int_equal(select_in(f, "bmc", elsewhere, board_ln4f, "1.50", &e, NULL, 0), 0);
	assert_ptr_equal(e, &f->m->entries[0]);
	free(elsewhere);

	/* Not listed at all, or listed as the other component. */
	elsewhere = fwd_test_path(other, "X11SSH-BMC-1.80.hpm");
	fwd_test_write_file(elsewhere, "new", (size_t)-1, 0644);
	expect_error(&f->ctx, select_in(f, "bmc", elsewhere, board_f, "1.72", &e, note,
					sizeof(note)), -FWD_E_REFUSED,
		     "X11SSH-BMC-1.80.hpm' is not in manifest '");
	assert_true(strstr(f->ctx.err.msg, "only the images it lists may be installed") != NULL);
	assert_null(e);
	free(elsewhere);
	free(img);
	img = fwd_test_path(f->dir, "BIOS_X11SSH-2.9.bin");
	expect_error(&f->ctx, select_in(f, "bmc", img, board_f, "1.72", &e, NULL, 0),
		     -FWD_E_REFUSED, "as a bios image, not a bmc one");

	fwd_test_rm_rf(other);
	free(other);
	free(hard);
	free(img);
}

/* Two images of one name in two folders, with different SHA-256s: which? */
static void test_select_ambiguous_name(void **state)
{
	struct fixture *f = *state;
	const struct fwd_manifest_entry *e;
	char *other = fwd_test_mkdtemp("manifest-other"), *img = fwd_test_path(other, "bmc.hpm");
	static const char text[] =
		HEAD
		"{\"component\": \"bmc\", \"file\": \"a/bmc.hpm\", \"version\": \"1.0\",\n"
		" \"sha256\": \"" SHA("abcd") "\", \"boards\": [\"B\"]},\n"
		"{\"component\": \"bmc\", \"file\": \"b/bmc.hpm\", \"version\": \"2.0\",\n"
		" \"sha256\": \"" SHA("dcba") "\", \"boards\": [\"B\"]},\n"
		"{\"component\": \"bmc\", \"file\": \"c/bmc.hpm\", \"version\": \"3.0\",\n"
		" \"sha256\": \"" SHA("0123") "\", \"boards\": [\"C\"]}\n"
		TAIL;
	static const char *const board_b[] = { "B", NULL }, *const board_c[] = { "C", NULL };

	fwd_test_write_file(f->path, text, (size_t)-1, 0644);
	fwd_test_write_file(img, "x", (size_t)-1, 0644);
	assert_int_equal(fwd_manifest_load(&f->ctx, f->path, &f->m), 0);
	expect_error(&f->ctx, select_in(f, "bmc", img, board_b, "1.0", &e, NULL, 0),
		     -FWD_E_REFUSED, "with different SHA-256s: cannot tell which is meant");
	/* The only one for board C is not ambiguous. */
	assert_int_equal(select_in(f, "bmc", img, board_c, "1.0", &e, NULL, 0), 0);
	assert_string_equal(e->version, "3.0");
	fwd_test_rm_rf(other);
	free(other);
	free(img);
}

static void test_select_newest(void **state)
{
	struct fixture *f = *state;
	const struct fwd_manifest_entry *e;
	char note[512];

	/* 1.72 may go over 1.65 or later. */
	assert_int_equal(select_in(f, "bmc", NULL, board_f, "1.66", &e, note, sizeof(note)), 0);
	assert_string_equal(e->version, "1.72");
	assert_string_equal(note, "");

	/* Over 1.60 only 1.65 may go; the note tells of 1.72. */
	assert_int_equal(select_in(f, "bmc", NULL, board_f, "1.60", &e, note, sizeof(note)), 0);
	assert_string_equal(e->version, "1.65");
	assert_non_null(strstr(note, "bmc 1.72 ('X11SSH-BMC-1.72.hpm') must be installed over "
				     "1.65 or later and the BMC runs 1.60, so 1.65 comes first"));

	/* The LN4F has only 1.65. */
	assert_int_equal(select_in(f, "bmc", NULL, board_ln4f, "1.65", &e, note, sizeof(note)), 0);
	assert_string_equal(e->version, "1.65");
	assert_string_equal(note, "");

	/* Versions compare by number: 2.10 is newer than 2.9. */
	assert_int_equal(select_in(f, "bios", NULL, board_f, "2.8", &e, NULL, 0), 0);
	assert_string_equal(e->version, "2.10");
	assert_int_equal(select_in(f, "bios", NULL, board_ln4f, "", &e, NULL, 0), 0);
	assert_string_equal(e->version, "2.9");

	/* Nothing may go over 1.40, and nothing in the manifest leads there. */
	expect_error(&f->ctx, select_in(f, "bmc", NULL, board_f, "1.40", &e, note, sizeof(note)),
		     -FWD_E_REFUSED, "the BMC runs 1.40; the manifest lists no image that leads");
	assert_string_equal(note, "");
	assert_null(e);
}

static void test_upgrade_path_refused(void **state)
{
	struct fixture *f = *state;
	const struct fwd_manifest_entry *e;
	char *img = fwd_test_path(f->dir, "X11SSH-BMC-1.72.hpm"), want[4300];

	snprintf(want, sizeof(want), "manifest '%s': '%s' (1.72) must be installed over 1.65 or "
		 "later, and the BMC runs 1.60: install 1.65 first (X11SSH-BMC-1.65.hpm); "
		 "skipping a step of the upgrade path is refused", f->path, img);
	expect_error(&f->ctx, select_in(f, "bmc", img, board_f, "1.60", &e, NULL, 0),
		     -FWD_E_REFUSED, want);
	assert_null(e);
	/* Exactly at min_running is allowed. */
	assert_int_equal(select_in(f, "bmc", img, board_f, "1.65", &e, NULL, 0), 0);
	free(img);
}

/* The step named is the newest that leads there, never one past the image asked for. */
static void test_next_step_choice(void **state)
{
	struct fixture *f = *state;
	const struct fwd_manifest_entry *e;
	static const char text[] =
		HEAD
		"{\"component\": \"bmc\", \"file\": \"b-1.65.hpm\", \"version\": \"1.65\",\n"
		" \"sha256\": \"" SHA("0165") "\", \"boards\": [\"B\"], \"min_running\": \"1.50\"},\n"
		"{\"component\": \"bmc\", \"file\": \"b-1.70.hpm\", \"version\": \"1.70\",\n"
		" \"sha256\": \"" SHA("0170") "\", \"boards\": [\"B\"], \"min_running\": \"1.50\"},\n"
		"{\"component\": \"bmc\", \"file\": \"b-1.68.hpm\", \"version\": \"1.68\",\n"
		" \"sha256\": \"" SHA("0168") "\", \"boards\": [\"B\"], \"min_running\": \"1.62\"},\n"
		"{\"component\": \"bmc\", \"file\": \"b-1.72.hpm\", \"version\": \"1.72\",\n"
		" \"sha256\": \"" SHA("0172") "\", \"boards\": [\"B\"], \"min_running\": \"1.65\"},\n"
		"{\"component\": \"bmc\", \"file\": \"b-1.55.hpm\", \"version\": \"1.55\",\n"
		" \"sha256\": \"" SHA("0155") "\", \"boards\": [\"B\"]},\n"
		"{\"component\": \"bmc\", \"file\": \"b-1.80.hpm\", \"version\": \"1.80\",\n"
		" \"sha256\": \"" SHA("0180") "\", \"boards\": [\"B\"], \"min_running\": \"1.50\"}\n"
		TAIL;
	static const char *const board_b[] = { "B", NULL };

	fwd_test_write_file(f->path, text, (size_t)-1, 0644);
	assert_int_equal(fwd_manifest_load(&f->ctx, f->path, &f->m), 0);
	/* 1.80 may go over 1.60 but is past 1.72; 1.68 may not go over 1.60. */
	expect_error(&f->ctx, select_in(f, "bmc", "b-1.72.hpm", board_b, "1.60", &e, NULL, 0),
		     -FWD_E_REFUSED, "install 1.70 first (b-1.70.hpm)");
	/* Over 1.40 only 1.55 may go, and it does not reach 1.65: no step to name. */
	expect_error(&f->ctx, select_in(f, "bmc", "b-1.72.hpm", board_b, "1.40", &e, NULL, 0),
		     -FWD_E_REFUSED, "the BMC runs 1.40; the manifest lists no image that leads");
}

static void test_board_mismatch(void **state)
{
	struct fixture *f = *state;
	const struct fwd_manifest_entry *e;
	char *img = fwd_test_path(f->dir, "X11SSH-BMC-1.72.hpm");
	static const char *const board_x10[] = { "X10DRi", "", "Super Server", NULL };
	static const char *const unknown[] = { "", " ", NULL };

	expect_error(&f->ctx, select_in(f, "bmc", img, board_ln4f, "1.70", &e, NULL, 0),
		     -FWD_E_REFUSED, "(1.72) is meant for X11SSH-F; this machine is X11SSH-LN4F / "
		     "Super Server: use the BMC image approved for this board");
	assert_null(e);

	/* Letting the manifest choose: every board it lists, each once. */
	expect_error(&f->ctx, select_in(f, "bmc", NULL, board_x10, "1.70", &e, NULL, 0),
		     -FWD_E_REFUSED, "has no bmc image for this board: its bmc images are meant "
		     "for X11SSH-F, X11SSH-LN4F; this machine is X10DRi / Super Server");
	expect_error(&f->ctx, select_in(f, "bios", NULL, unknown, "1.0", &e, NULL, 0),
		     -FWD_E_REFUSED, "this machine's board name is unknown");
	expect_error(&f->ctx, select_in(f, "bios", NULL, NULL, "1.0", &e, NULL, 0),
		     -FWD_E_REFUSED, "this machine's board name is unknown");
	free(img);
}

static void test_unknown_running(void **state)
{
	struct fixture *f = *state;
	const struct fwd_manifest_entry *e;
	char *img = fwd_test_path(f->dir, "X11SSH-BMC-1.72.hpm");

	expect_error(&f->ctx, select_in(f, "bmc", img, board_f, NULL, &e, NULL, 0),
		     -FWD_E_REFUSED, "must be installed over 1.65 or later, and the BMC's running "
		     "version is unknown: the upgrade path cannot be checked");
	expect_error(&f->ctx, select_in(f, "bmc", img, board_f, "", &e, NULL, 0),
		     -FWD_E_REFUSED, "running version is unknown");
	/* Every BMC image has a min_running: none can be chosen either. */
	expect_error(&f->ctx, select_in(f, "bmc", NULL, board_f, NULL, &e, NULL, 0),
		     -FWD_E_REFUSED, "running version is unknown");
	assert_null(e);
	/* Without a min_running the running version is not needed. */
	assert_int_equal(select_in(f, "bios", NULL, board_f, NULL, &e, NULL, 0), 0);
	assert_string_equal(e->version, "2.10");
	free(img);
}

static void test_board_case_insensitive(void **state)
{
	struct fixture *f = *state;
	const struct fwd_manifest_entry *e;
	static const char *const names[] = { "", "  x11ssh-ln4f\t", NULL };
	static const char *const near[] = { "X11SSH-LN4F-O", "X11SSH", NULL };

	assert_int_equal(select_in(f, "bmc", NULL, names, "1.60", &e, NULL, 0), 0);
	assert_ptr_equal(e, &f->m->entries[0]);
	/* Case and spaces are forgiven; a different name is not. */
	expect_error(&f->ctx, select_in(f, "bmc", NULL, near, "1.60", &e, NULL, 0),
		     -FWD_E_REFUSED, "this machine is X11SSH-LN4F-O / X11SSH");
}

static void test_component_absent(void **state)
{
	struct fixture *f = *state;
	const struct fwd_manifest_entry *e;

	fwd_test_write_file(f->path, HEAD ENTRY_OK TAIL, (size_t)-1, 0644);
	assert_int_equal(fwd_manifest_load(&f->ctx, f->path, &f->m), 0);
	expect_error(&f->ctx, select_in(f, "bios", NULL, board_f, "1.0", &e, NULL, 0),
		     -FWD_E_REFUSED, "lists no bios image");
	expect_error(&f->ctx, select_in(f, "cpld", NULL, board_f, "1.0", &e, NULL, 0),
		     -FWD_E_INTERNAL, "not bmc or bios");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_valid, setup_sample, teardown),
		cmocka_unit_test_setup_teardown(test_load_absolute_and_same_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_size_and_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_fifo_and_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select_by_image, setup_sample, teardown),
		cmocka_unit_test_setup_teardown(test_select_ambiguous_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select_newest, setup_sample, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_path_refused, setup_sample, teardown),
		cmocka_unit_test_setup_teardown(test_next_step_choice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_board_mismatch, setup_sample, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_running, setup_sample, teardown),
		cmocka_unit_test_setup_teardown(test_board_case_insensitive, setup_sample, teardown),
		cmocka_unit_test_setup_teardown(test_component_absent, setup, teardown),
	};

	(void)argc;
	(void)argv;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
