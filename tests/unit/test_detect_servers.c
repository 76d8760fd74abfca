/*
 * test_detect_servers.c: the built plugins, loaded through the core
 * loader, choose the right plugin for every one of the 1,191 real servers
 * in tests/data/servers.tsv.
 *
 * "Right" is decided without the code under test: linuxhw's own vendor
 * folder (column linuxhw_path, Server/<Vendor>/...) gives supermicro for
 * Supermicro, dell for Dell, hpe for HPE ProLiant Gen10 and later (but the
 * iLO-less MicroServer Gen10), lenovo for Lenovo ThinkSystem and
 * generic-hpm for every other vendor; the
 * rows where that folder is not the answer are listed, each with its
 * reason, in tests/data/servers-exceptions.tsv.  An exception that no row
 * uses, or that only repeats the folder's answer, fails the test too, so
 * the list cannot rot.
 *
 * Values are kept as dmidecode printed them and go through
 * fwd_identity_set(), as the readers' values do.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin-host/choose.h"
#include "util/ctx.h"
#include "plugin-host/host-api.h"
#include "identity/identity.h"
#include "plugin-host/plugins.h"
#include "test-util.h"

static const char *build;
static const char *top;

/* The identity fields of servers.tsv, in column order after linuxhw_path. */
static const char *const columns[] = {
	"board_vendor", "board_name", "sys_vendor", "product_name", "product_sku",
	"bios_vendor", "bios_version", "bios_date",
};
#define N_COLUMNS (1 + sizeof(columns) / sizeof(columns[0]))

struct exception {
	char *path;        /* a row's linuxhw_path, or a folder prefix ending in '/' */
	char *expected;    /* plugin name or "none" */
	char *reason;
	size_t used;
};

struct exceptions {
	struct exception *v;
	size_t n;
};

static char *data_path(const char *name)
{
	char *rel, *path;

	if (asprintf(&rel, "tests/data/%s", name) < 0)
		abort();
	path = fwd_test_path(top, rel);
	free(rel);
	return path;
}

/* Undoes the TSV escapes in place; returns NULL for \N. */
static char *unescape(char *s)
{
	char *out = s;

	if (strcmp(s, "\\N") == 0)
		return NULL;
	for (char *in = s; *in; in++) {
		if (*in == '\\' && in[1]) {
			in++;
			*out++ = *in == 't' ? '\t' : *in == 'n' ? '\n' : *in;
		} else {
			*out++ = *in;
		}
	}
	*out = '\0';
	return s;
}

/* Splits line at tabs into at most max fields; returns how many. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;

	line[strcspn(line, "\n")] = '\0';
	while (n < max) {
		fields[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return line ? max + 1 : n;
}

static void load_exceptions(struct exceptions *ex)
{
	char *path = data_path("servers-exceptions.tsv");
	FILE *f = fopen(path, "r");
	char *line = NULL, *fields[3];
	size_t cap = 0;

	if (!f)
		fail_msg("cannot open '%s': %s", path, strerror(errno));
	memset(ex, 0, sizeof(*ex));
	while (getline(&line, &cap, f) > 0) {
		struct exception *e;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (split_tabs(line, fields, 3) != 3)
			fail_msg("'%s': expected path, plugin and reason: %s", path, line);
		ex->v = realloc(ex->v, (ex->n + 1) * sizeof(*ex->v));
		assert_non_null(ex->v);
		e = &ex->v[ex->n++];
		e->path = strdup(fields[0]);
		e->expected = strdup(fields[1]);
		e->reason = strdup(fields[2]);
		e->used = 0;
		assert_true(strcmp(e->expected, "none") == 0 ||
			    strcmp(e->expected, "supermicro") == 0 ||
			    strcmp(e->expected, "dell") == 0 ||
			    strcmp(e->expected, "generic-hpm") == 0 ||
			    strcmp(e->expected, "hpe") == 0 ||
			    strcmp(e->expected, "lenovo") == 0);
		assert_true(e->reason[0] != '\0');
	}
	free(line);
	fclose(f);
	free(path);
}

static void free_exceptions(struct exceptions *ex)
{
	for (size_t i = 0; i < ex->n; i++) {
		free(ex->v[i].path);
		free(ex->v[i].expected);
		free(ex->v[i].reason);
	}
	free(ex->v);
}

static struct exception *find_exception(struct exceptions *ex, const char *path)
{
	for (size_t i = 0; i < ex->n; i++) {
		const char *p = ex->v[i].path;
		size_t n = strlen(p);

		if (n && p[n - 1] == '/' ? strncmp(path, p, n) == 0 : strcmp(path, p) == 0)
			return &ex->v[i];
	}
	return NULL;
}

/* linuxhw's vendor folder, Server/<Vendor>/..., as a plugin name. */
/* An HPE ProLiant of Gen10 or later (iLO 5 and 6), from its folder
 * (Server/HPE/ProLiant/ProLiant DL360 Gen10/...), but the MicroServer
 * Gen10, which has no iLO. */
static int hpe_ilo5_or_later(const char *path)
{
	static const char *const folders[] = { "Server/HPE/ProLiant/",
					       "Server/Hewlett-Packard/ProLiant/" };
	const char *model = NULL, *gen;

	for (size_t i = 0; i < sizeof(folders) / sizeof(folders[0]) && !model; i++)
		if (strncmp(path, folders[i], strlen(folders[i])) == 0)
			model = path + strlen(folders[i]);
	gen = model ? strstr(model, " Gen1") : NULL;
	if (!gen || gen > strchr(model, '/'))
		return 0;
	return strncmp(model, "ProLiant MicroServer Gen10/", 27) != 0;
}

static const char *by_folder(const char *path)
{
	if (strncmp(path, "Server/Supermicro/", 18) == 0)
		return "supermicro";
	if (strncmp(path, "Server/Dell/", 12) == 0)
		return "dell";
	if (hpe_ilo5_or_later(path))
		return "hpe";
	if (strncmp(path, "Server/Lenovo/ThinkSystem/", 26) == 0)
		return "lenovo";
	return "generic-hpm";
}

static void print_row(char **fields, const struct fwd_choice *choice, const char *expected,
		      const char *got, const char *error)
{
	printf("WRONG %s: expected %s, got %s\n", fields[0], expected, got);
	for (size_t c = 1; c < N_COLUMNS; c++)
		printf("    %-13s %s\n", columns[c - 1], fields[c] ? fields[c] : "\\N");
	for (size_t i = 0; i < choice->n; i++)
		printf("    %-13s %3d  %s\n", choice->candidates[i].slot->name,
		       choice->candidates[i].score, choice->candidates[i].reason);
	if (error[0])
		printf("    error: %s\n", error);
}

static void test_every_server_row(void **state)
{
	char *plugin_dir = fwd_test_path(build, "lib/fwdispatch/plugins");
	char *tsv = data_path("servers.tsv");
	struct fwd_plugin_set set = { 0 };
	struct exceptions ex;
	char *line = NULL, *fields[N_COLUMNS];
	struct fwd_err err = { 0 };
	size_t cap = 0, rows = 0, right = 0, by_exception = 0, lineno = 0;
	/* FWD_TEST_VERBOSE=1 prints every row's choice and the top reason. */
	int verbose = getenv("FWD_TEST_VERBOSE") != NULL;
	FILE *f;

	(void)state;
	load_exceptions(&ex);
	assert_int_equal(fwd_plugins_load(&set, plugin_dir, fwd_host_api(), &err), 0);
	assert_non_null(fwd_plugins_find(&set, "supermicro"));
	assert_non_null(fwd_plugins_find(&set, "dell"));
	assert_non_null(fwd_plugins_find(&set, "generic-hpm"));

	f = fopen(tsv, "r");
	if (!f)
		fail_msg("cannot open '%s': %s", tsv, strerror(errno));
	while (getline(&line, &cap, f) > 0) {
		struct fwd_identity_info info;
		struct fwd_choice choice;
		struct fwd_ctx ctx;
		struct exception *e;
		const char *expected, *got;
		int ret;

		if (lineno++ == 0) {
			assert_true(strncmp(line, "linuxhw_path\tbb_mfr\t", 20) == 0);
			continue;
		}
		if (split_tabs(line, fields, N_COLUMNS) != N_COLUMNS)
			fail_msg("'%s' line %zu: expected %zu columns", tsv, lineno, N_COLUMNS);
		for (size_t c = 1; c < N_COLUMNS; c++)
			fields[c] = unescape(fields[c]);

		fwd_identity_init(&info);
		info.id.source = "dmidecode";
		for (size_t c = 1; c < N_COLUMNS; c++)
			assert_int_equal(fwd_identity_set(&info, columns[c - 1], fields[c]), 0);

		fwd_ctx_init(&ctx);
		ret = fwd_choose_plugin(&ctx, &set, &info.id, NULL, &choice);
		if (ret == 0)
			got = choice.chosen->name;
		else if (ret == -FWD_E_NO_PLUGIN)
			got = "none";
		else
			got = "an error";

		if (verbose)
			printf("%s\t%s\t%s\n", fields[0], got,
			       choice.n ? choice.candidates[0].reason : "");
		e = find_exception(&ex, fields[0]);
		expected = e ? e->expected : by_folder(fields[0]);
		rows++;
		if (strcmp(expected, got) == 0) {
			right++;
			if (e) {
				e->used++;
				by_exception++;
			}
		} else {
			print_row(fields, &choice, expected, got, ret ? ctx.err.msg : "");
			if (e)
				printf("    (exception: %s)\n", e->reason);
		}
		fwd_choice_release(&choice);
		fwd_identity_release(&info);
	}
	free(line);
	fclose(f);

	printf("servers.tsv: %zu rows, %zu as expected (%zu by folder, %zu by documented "
	       "exception), %zu wrong\n", rows, right, right - by_exception, by_exception,
	       rows - right);
	for (size_t i = 0; i < ex.n; i++) {
		if (!ex.v[i].used)
			printf("STALE exception '%s': no row matched and got %s\n", ex.v[i].path,
			       ex.v[i].expected);
		if (strcmp(ex.v[i].expected, by_folder(ex.v[i].path)) == 0)
			printf("REDUNDANT exception '%s': the folder already says %s\n",
			       ex.v[i].path, ex.v[i].expected);
	}
	assert_int_equal(rows, 1191);
	assert_int_equal(right, rows);
	for (size_t i = 0; i < ex.n; i++) {
		assert_true(ex.v[i].used > 0);
		assert_string_not_equal(ex.v[i].expected, by_folder(ex.v[i].path));
	}

	free_exceptions(&ex);
	fwd_plugins_release(&set);
	free(tsv);
	free(plugin_dir);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_server_row),
	};

	(void)argc;
	build = fwd_test_build_dir(argv[0]);
	top = fwd_test_top_dir(build);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
