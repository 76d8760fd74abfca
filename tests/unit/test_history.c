/*
 * test_history.c: fwd_history_append() and fwd_history_load(): the lines
 * a run report gives (fields, key order, null for what is missing), the
 * file's mode whatever the umask or an earlier mode, the order of runs,
 * a torn last line skipped and counted (and not glued to the next run's
 * line), a report without components, and a state folder that cannot be
 * made.
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

#include "update/history.h"
#include "test-util.h"

struct fixture {
	char *dir;      /* the test's private folder */
	char *state;    /* dir/state, made by the code under test */
	char *file;     /* state/history.jsonl */
	struct fwd_ctx ctx;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->dir = fwd_test_mkdtemp("history");
	f->state = fwd_test_path(f->dir, "state");
	f->file = fwd_test_path(f->state, FWD_HISTORY_FILE);
	fwd_ctx_init(&f->ctx);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fwd_test_rm_rf(f->dir);
	free(f->dir);
	free(f->state);
	free(f->file);
	free(f);
	return 0;
}

/* The file's bytes, malloc'd and NUL-terminated; NULL when absent. */
static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

/* A failed update of both components, run_id "run-N". */
static json_t *full_report(int n)
{
	char run_id[32];
	json_t *r;

	snprintf(run_id, sizeof(run_id), "run-%d", n);
	r = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:i},"
			 " s:{s:s, s:s, s:s, s:{s:s, s:s, s:i}, s:b},"
			 " s:{s:s, s:n, s:b, s:n, s:{s:s, s:s}, s:b}}",
			 "run_id", run_id,
			 "started", "2026-11-24T10:15:00Z",
			 "finished", "2026-11-24T10:17:03Z",
			 "duration_ms", 123000,
			 "command", "update",
			 "target", "127.0.0.1:9001",
			 "plugin", "supermicro",
			 "result", "failed",
			 "stopped_at", "bios-flash",
			 "error", "code", "flash", "message", "flash failed", "exit_code", 4,
			 "bmc", "before", "1.71", "version", "1.72", "after", "1.72.1",
			 "image", "file", "/img/bmc.hpm", "sha256", "aa11", "size", 10,
			 "flash_started", 1,
			 "bios", "before", "2.4", "version", "staged", 1, "job_id",
			 "image", "file", "/img/bios.bin", "sha256", "bb22",
			 "flash_started", 1);
	assert_non_null(r);
	json_object_set_new(r, "manifest_signed_by", json_string("f00d"));
	return r;
}

/* A BMC-only run with run_id id. */
static json_t *bmc_report(const char *id)
{
	json_t *r = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "run_id", id, "finished", "t",
			      "result", "ok", "bmc", "before", "1", "version", "2");

	assert_non_null(r);
	return r;
}

static json_t *load_ok(struct fixture *f, size_t *skipped)
{
	json_t *entries = NULL;

	assert_int_equal(fwd_history_load(&f->ctx, f->state, &entries, skipped), 0);
	assert_true(json_is_array(entries));
	return entries;
}

static void assert_str_field(const json_t *e, const char *key, const char *want)
{
	const char *got = json_string_value(json_object_get(e, key));

	if (!got || strcmp(got, want) != 0)
		fail_msg("%s: want '%s', got '%s'", key, want, got ? got : "(not a string)");
}

static void assert_null_field(const json_t *e, const char *key)
{
	if (!json_is_null(json_object_get(e, key)))
		fail_msg("%s: want null", key);
}

/* Every key, in the documented order, and nothing else. */
static void assert_keys(const json_t *e)
{
	static const char *const keys[] = { "time", "run_id", "target", "plugin", "tls",
		"component",
		"old", "new", "sha256", "image", "manifest_signed_by", "job_id", "overridden",
		"result", "outcome",
		"stopped_at",
		"duration_ms" };
	void *it = json_object_iter((json_t *)e);

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		assert_non_null(it);
		assert_string_equal(json_object_iter_key(it), keys[i]);
		it = json_object_iter_next((json_t *)e, it);
	}
	assert_null(it);
}

static void test_append_both(void **state)
{
	struct fixture *f = *state;
	json_t *report = full_report(1), *entries, *bmc, *bios;
	size_t skipped = 99;

	assert_int_equal(fwd_history_append(&f->ctx, f->state, report), 0);
	json_decref(report);
	entries = load_ok(f, &skipped);
	assert_int_equal(skipped, 0);
	assert_int_equal(json_array_size(entries), 2);
	bmc = json_array_get(entries, 0);
	bios = json_array_get(entries, 1);
	assert_keys(bmc);
	assert_keys(bios);

	assert_str_field(bmc, "time", "2026-11-24T10:17:03Z");
	assert_str_field(bmc, "run_id", "run-1");
	assert_str_field(bmc, "target", "127.0.0.1:9001");
	assert_str_field(bmc, "plugin", "supermicro");
	assert_str_field(bmc, "component", "bmc");
	assert_str_field(bmc, "old", "1.71");
	assert_str_field(bmc, "new", "1.72.1");  /* "after" beats "version" */
	assert_str_field(bmc, "sha256", "aa11");
	assert_str_field(bmc, "image", "/img/bmc.hpm");
	/* The key that verified the run's manifest, on every line of the run. */
	assert_str_field(bmc, "manifest_signed_by", "f00d");
	assert_str_field(bios, "manifest_signed_by", "f00d");
	assert_str_field(bmc, "result", "failed");
	assert_str_field(bmc, "stopped_at", "bios-flash");
	assert_int_equal(json_integer_value(json_object_get(bmc, "duration_ms")), 123000);

	assert_str_field(bios, "component", "bios");
	assert_str_field(bios, "run_id", "run-1");
	assert_str_field(bios, "old", "2.4");
	assert_null_field(bios, "new");
	assert_str_field(bios, "sha256", "bb22");
	assert_str_field(bios, "image", "/img/bios.bin");
	assert_str_field(bios, "result", "failed");
	json_decref(entries);
}

static void test_missing_fields_are_null(void **state)
{
	struct fixture *f = *state;
	json_t *report, *entries, *e;
	size_t skipped;

	/* No "finished": the time is when it started; "after" null: the version. */
	report = json_pack("{s:s, s:n, s:{s:s, s:n}}", "started", "2026-01-01T00:00:00Z",
			   "stopped_at", "bmc", "version", "1.9", "after");
	assert_int_equal(fwd_history_append(&f->ctx, f->state, report), 0);
	json_decref(report);
	entries = load_ok(f, &skipped);
	assert_int_equal(json_array_size(entries), 1);
	e = json_array_get(entries, 0);
	assert_keys(e);
	assert_str_field(e, "time", "2026-01-01T00:00:00Z");
	assert_str_field(e, "component", "bmc");
	assert_str_field(e, "new", "1.9");
	assert_null_field(e, "run_id");
	assert_null_field(e, "target");
	assert_null_field(e, "plugin");
	assert_null_field(e, "old");
	assert_null_field(e, "sha256");
	assert_null_field(e, "image");
	assert_null_field(e, "manifest_signed_by");
	assert_null_field(e, "result");
	assert_null_field(e, "stopped_at");
	assert_null_field(e, "duration_ms");
	json_decref(entries);
}

static void test_mode_0600_with_umask_0(void **state)
{
	struct fixture *f = *state;
	json_t *report = bmc_report("a");
	mode_t old = umask(0);

	assert_int_equal(fwd_history_append(&f->ctx, f->state, report), 0);
	umask(old);
	json_decref(report);
	assert_int_equal(mode_of(f->file), 0600);
	assert_int_equal(mode_of(f->state), 0700);
}

static void test_open_file_made_private(void **state)
{
	struct fixture *f = *state;
	json_t *report = bmc_report("new"), *entries;
	size_t skipped;

	assert_int_equal(mkdir(f->state, 0700), 0);
	fwd_test_write_file(f->file, "{\"run_id\":\"old\"}\n", (size_t)-1, 0644);
	assert_int_equal(mode_of(f->file), 0644);
	assert_int_equal(fwd_history_append(&f->ctx, f->state, report), 0);
	json_decref(report);
	assert_int_equal(mode_of(f->file), 0600);
	/* Appended to, not replaced. */
	entries = load_ok(f, &skipped);
	assert_int_equal(json_array_size(entries), 2);
	assert_str_field(json_array_get(entries, 0), "run_id", "old");
	assert_str_field(json_array_get(entries, 1), "run_id", "new");
	json_decref(entries);
}

static void test_three_runs_in_order(void **state)
{
	struct fixture *f = *state;
	const char *ids[] = { "first", "second", "third" };
	json_t *entries;
	size_t skipped = 7;

	for (int i = 0; i < 3; i++) {
		json_t *report = bmc_report(ids[i]);

		assert_int_equal(fwd_history_append(&f->ctx, f->state, report), 0);
		json_decref(report);
	}
	entries = load_ok(f, &skipped);
	assert_int_equal(skipped, 0);
	assert_int_equal(json_array_size(entries), 3);
	for (size_t i = 0; i < 3; i++)
		assert_str_field(json_array_get(entries, i), "run_id", ids[i]);
	json_decref(entries);
}

static void test_torn_last_line(void **state)
{
	struct fixture *f = *state;
	json_t *report = full_report(1), *entries;
	size_t skipped = 0;
	FILE *fp;

	assert_int_equal(fwd_history_append(&f->ctx, f->state, report), 0);
	json_decref(report);
	/* What a power loss in the middle of the next run's write leaves. */
	fp = fopen(f->file, "a");
	assert_non_null(fp);
	fputs("{\"time\":\"2026-11-25T0", fp);
	fclose(fp);

	entries = load_ok(f, &skipped);
	assert_int_equal(skipped, 1);
	assert_int_equal(json_array_size(entries), 2);
	json_decref(entries);

	/* The next run's line starts on a line of its own. */
	report = bmc_report("after-crash");
	assert_int_equal(fwd_history_append(&f->ctx, f->state, report), 0);
	json_decref(report);
	entries = load_ok(f, &skipped);
	assert_int_equal(skipped, 1);
	assert_int_equal(json_array_size(entries), 3);
	assert_str_field(json_array_get(entries, 2), "run_id", "after-crash");
	json_decref(entries);
}

static void test_no_components(void **state)
{
	struct fixture *f = *state;
	json_t *report, *entries;
	size_t skipped = 3;

	report = json_pack("{s:s, s:s, s:n}", "run_id", "x", "result", "refused", "bios");
	assert_int_equal(fwd_history_append(&f->ctx, f->state, report), 0);
	json_decref(report);
	assert_int_equal(access(f->file, F_OK), -1);

	/* No file: an empty history, not an error. */
	entries = load_ok(f, &skipped);
	assert_int_equal(json_array_size(entries), 0);
	assert_int_equal(skipped, 0);
	json_decref(entries);
}

/* What was only planned, already current or never sent leaves no line. */
static void test_parts_that_changed_nothing_leave_no_line(void **state)
{
	struct fixture *f = *state;
	static const char *const quiet[] = { "current", "planned", "not-started" };
	json_t *entries;
	size_t skipped;

	for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) {
		json_t *report = full_report(1);

		json_object_set_new(json_object_get(report, "bmc"), "outcome",
				    json_string(quiet[i]));
		json_object_set_new(json_object_get(report, "bios"), "outcome",
				    json_string(i ? "failed" : "staged"));
		assert_int_equal(fwd_history_append(&f->ctx, f->state, report), 0);
		json_decref(report);
	}
	entries = load_ok(f, &skipped);
	assert_int_equal(json_array_size(entries), 3);
	for (size_t i = 0; i < 3; i++)
		assert_str_field(json_array_get(entries, i), "component", "bios");
	assert_str_field(json_array_get(entries, 0), "outcome", "staged");
	assert_str_field(json_array_get(entries, 1), "outcome", "failed");
	json_decref(entries);
}

static void test_one_object_per_line(void **state)
{
	struct fixture *f = *state;
	json_t *report = full_report(2);
	char *text, *line, *nl;
	int lines = 0;

	assert_int_equal(fwd_history_append(&f->ctx, f->state, report), 0);
	assert_int_equal(fwd_history_append(&f->ctx, f->state, report), 0);
	json_decref(report);
	text = slurp(f->file);
	assert_non_null(text);
	assert_true(strlen(text) > 0);
	assert_int_equal(text[strlen(text) - 1], '\n');
	for (line = text; *line; line = nl + 1) {
		json_error_t e;
		json_t *j;

		nl = strchr(line, '\n');
		assert_non_null(nl);
		/* json_loadb refuses anything after the one value. */
		j = json_loadb(line, (size_t)(nl - line), 0, &e);
		if (!json_is_object(j))
			fail_msg("line %d is not one JSON object: %s", lines + 1, e.text);
		json_decref(j);
		lines++;
	}
	assert_int_equal(lines, 4);
	free(text);
}

static void test_state_dir_cannot_be_made(void **state)
{
	struct fixture *f = *state;
	char *plain = fwd_test_path(f->dir, "plain"), *bad = fwd_test_path(plain, "state");
	json_t *report = bmc_report("x");

	/* Under a regular file: no mkdir succeeds there, not even root's. */
	fwd_test_write_file(plain, "", (size_t)-1, 0600);
	assert_true(fwd_history_append(&f->ctx, bad, report) < 0);
	assert_non_null(strstr(f->ctx.err.msg, bad));
	json_decref(report);
	free(plain);
	free(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_append_both, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_fields_are_null, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode_0600_with_umask_0, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_file_made_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_three_runs_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_last_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_components, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parts_that_changed_nothing_leave_no_line, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_one_object_per_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_dir_cannot_be_made, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
