/*
 * test_plugins.c: the plugin loader refuses what it must, with a reason,
 * and still loads the rest; plugins built against older headers (frozen
 * in tests/plugins/abi-*) are refused for another major and run for an
 * older minor, their smaller structs read and written no further than
 * their size; the choice picks the highest score and refuses ties.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake-bmc.h"
#include "plugin-host/choose.h"
#include "plugin-host/host-api.h"
#include "plugin-host/plugin-call.h"
#include "plugin-host/plugins.h"
#include "test-util.h"

static const char *build;

/* The seam for running out of memory: this binary is linked with
 * -Wl,--wrap=strdup (Makefile), and the next strdup fails when asked. */
static int fail_next_strdup;
char *__real_strdup(const char *s);
char *__wrap_strdup(const char *s);
char *__wrap_strdup(const char *s)
{
	if (fail_next_strdup) {
		fail_next_strdup = 0;
		errno = ENOMEM;
		return NULL;
	}
	return __real_strdup(s);
}

struct fixture {
	char *dir;
	struct fwd_plugin_set set;
};

static void add_plugin(const char *dir, const char *so, const char *as, mode_t mode)
{
	char *src, *rel, *dst;

	if (asprintf(&rel, "tests/plugins/%s.so", so) < 0)
		abort();
	src = fwd_test_path(build, rel);
	dst = fwd_test_path(dir, as);
	fwd_test_copy_file(src, dst, mode);
	free(src);
	free(rel);
	free(dst);
}

static const struct fwd_plugin_slot *by_file(const struct fwd_plugin_set *set,
					     const char *base)
{
	for (size_t i = 0; i < set->n; i++) {
		const char *slash = strrchr(set->slots[i].file, '/');

		if (strcmp(slash ? slash + 1 : set->slots[i].file, base) == 0)
			return &set->slots[i];
	}
	fail_msg("no slot for '%s'", base);
	return NULL;
}

static void assert_refused(const struct fwd_plugin_set *set, const char *base,
			   const char *reason_part)
{
	const struct fwd_plugin_slot *s = by_file(set, base);

	assert_false(s->loaded);
	assert_non_null(s->reason);
	if (!strstr(s->reason, reason_part))
		fail_msg("'%s' refused for '%s', expected a reason with '%s'", base,
			 s->reason, reason_part);
	assert_null(s->vt);
	assert_null(s->handle);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->dir = fwd_test_mkdtemp("plugins");
	chmod(f->dir, 0755);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fwd_plugins_release(&f->set);
	fwd_test_rm_rf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void load(struct fixture *f)
{
	struct fwd_err err = { 0 };

	assert_int_equal(fwd_plugins_load(&f->set, f->dir, fwd_host_api(), &err), 0);
}

static void test_each_refusal_has_its_reason(void **state)
{
	struct fixture *f = *state;
	char *p;

	add_plugin(f->dir, "good", "good.so", 0644);
	add_plugin(f->dir, "no-entry", "no-entry.so", 0644);
	add_plugin(f->dir, "abi-major-next", "abi-major-next.so", 0644);
	add_plugin(f->dir, "abi12-old-major", "abi12-old-major.so", 0644);
	add_plugin(f->dir, "short-vtable", "short-vtable.so", 0644);
	add_plugin(f->dir, "entry-null", "entry-null.so", 0644);
	add_plugin(f->dir, "good", "group-writable.so", 0664);
	add_plugin(f->dir, "good", "world-writable.so", 0646);
	fwd_test_write_file((p = fwd_test_path(f->dir, "garbage.so")),
			    "this is not an ELF file\n", (size_t)-1, 0644);
	free(p);
	p = fwd_test_path(f->dir, "a-folder.so");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = fwd_test_path(f->dir, "link.so");
	assert_int_equal(symlink("good.so", p), 0);
	free(p);
	/* Not a plugin file name: ignored, not listed. */
	fwd_test_write_file((p = fwd_test_path(f->dir, "README")), "x", 1, 0644);
	free(p);

	load(f);
	assert_int_equal(f->set.n, 11);
	assert_true(by_file(&f->set, "good.so")->loaded);
	assert_int_equal(fwd_plugins_count_loaded(&f->set), 1);
	assert_refused(&f->set, "no-entry.so", "no 'fwd_plugin_entry' symbol");
	assert_refused(&f->set, "abi-major-next.so", "built for plugin ABI 3.");
	/* A real 1.x plugin: both majors named, and how to go on. */
	assert_refused(&f->set, "abi12-old-major.so", "built for plugin ABI 1.2, this "
		       "fwdispatch speaks 2.");
	assert_refused(&f->set, "abi12-old-major.so", "rebuild it against this fwdispatch");
	assert_refused(&f->set, "short-vtable.so", "vtable");
	assert_refused(&f->set, "entry-null.so", "returned no vtable");
	assert_refused(&f->set, "group-writable.so", "writable by its group");
	assert_refused(&f->set, "world-writable.so", "writable by others");
	assert_refused(&f->set, "garbage.so", "cannot be loaded");
	assert_refused(&f->set, "a-folder.so", "not a regular file");
	assert_refused(&f->set, "link.so", "symbolic link");
	assert_int_equal(by_file(&f->set, "abi-major-next.so")->abi_major, FWD_ABI_MAJOR + 1);
	assert_int_equal(by_file(&f->set, "abi12-old-major.so")->abi_major, 1);
}

static void test_older_and_newer_minor_load(void **state)
{
	struct fixture *f = *state;
	const struct fwd_plugin_slot *s;

	add_plugin(f->dir, "abi20-old-minor", "abi20-old-minor.so", 0644);
	add_plugin(f->dir, "new-minor", "new-minor.so", 0755);
	load(f);
	s = fwd_plugins_find(&f->set, "oldminor");
	assert_non_null(s);
	assert_int_equal(s->abi_minor, 0);
	assert_non_null(s->vt->probe);
	/* A 2.0 vtable ends before preflight (2.1): the host reads NULL there,
	 * never the bytes after the plugin's table. */
	assert_true(FWD_PLUGIN_SIZE_2_0 < sizeof(struct fwd_plugin));
	assert_null(s->vt->preflight);
	s = fwd_plugins_find(&f->set, "newminor");
	assert_non_null(s);
	assert_int_equal(s->abi_minor, FWD_ABI_MINOR + 1);
	/* The host works on its own copy, never past its own struct. */
	assert_int_equal(s->vt->size, sizeof(struct fwd_plugin) + sizeof(void *));
	assert_ptr_equal(s->vt, &s->vt_copy);
}

/* A plugin built against the 2.0 header runs a tool and asks the BMC who
 * it is: the host reads its 2.0 fwd_tool_cmd with 2.1's stop_grace_ms at
 * its default, and writes its 2.0 fwd_tool_result and fwd_bmc_info no
 * further than their size (the plugin checks guard bytes after each, and
 * ASan the stack). */
static void test_older_minor_runs_tools(void **state)
{
	struct fixture *f = *state;
	struct fwd_identity id = { .size = sizeof(id), .source = "none" };
	struct fwd_versions v = { .size = sizeof(v) };
	struct fwd_fake_bmc bmc;
	struct fwd_ctx ctx;
	const struct fwd_plugin_slot *s;
	int ret;

	add_plugin(f->dir, "abi20-tools", "abi20-tools.so", 0644);
	load(f);
	s = fwd_plugins_find(&f->set, "abi20tools");
	assert_non_null(s);
	assert_int_equal(s->abi_minor, 0);
	fwd_ctx_init(&ctx);
	fwd_fake_bmc_init(&bmc, "1.71");
	fwd_fake_bmc_attach(&bmc, &ctx);
	ret = fwd_call_read_versions(&ctx, s, &id, FWD_VERSION_BMC, &v);
	if (ret)
		fail_msg("read_versions: %d %s", ret, ctx.err.msg);
	assert_string_equal(v.bmc, "1.71");
	assert_int_equal(bmc.n_mc_info, 2);
	assert_int_equal(bmc.last_stop_grace_ms, 0);
	fwd_fake_bmc_release(&bmc);
}

/* A sized struct smaller than its 2.0 layout is refused, not read. */
static void test_too_small_structs_refused(void **state)
{
	const struct fwd_host_api *host = fwd_host_api();
	struct fwd_bmc_info info = { .size = FWD_BMC_INFO_SIZE_2_0 - 1 };
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	static const char *const args[] = { "mc", "info", NULL };
	struct fwd_fake_bmc bmc;
	struct fwd_ctx ctx;

	(void)state;
	fwd_ctx_init(&ctx);
	fwd_fake_bmc_init(&bmc, "1.71");
	fwd_fake_bmc_attach(&bmc, &ctx);
	assert_int_equal(host->bmc_info(&ctx, &info), -FWD_E_INTERNAL);
	assert_non_null(strstr(ctx.err.msg, "fwd_bmc_info"));
	cmd.tool = "ipmitool";
	cmd.args = args;
	cmd.size = FWD_TOOL_CMD_SIZE_2_0 - sizeof(void *);
	assert_int_equal(host->run_tool(&ctx, &cmd, &res), -FWD_E_INTERNAL);
	assert_non_null(strstr(ctx.err.msg, "fwd_tool_cmd"));
	assert_int_equal(bmc.n_calls, 0);
	assert_null(res.out);
	fwd_fake_bmc_release(&bmc);
}

/* Out of memory at the start: the error says so (it was left unwritten,
 * and printed uninitialised). */
static void test_out_of_memory_is_said(void **state)
{
	struct fixture *f = *state;
	struct fwd_err err;
	struct fwd_ctx ctx;

	memset(&err, 'x', sizeof(err)); /* what an uninitialised buffer may hold */
	err.msg[sizeof(err.msg) - 1] = '\0';
	fail_next_strdup = 1;
	assert_int_equal(fwd_plugins_load(&f->set, f->dir, fwd_host_api(), &err), -ENOMEM);
	assert_int_equal(err.code, -ENOMEM);
	assert_string_equal(err.msg, "out of memory");
	fwd_plugins_release(&f->set);

	fwd_ctx_init(&ctx);
	fail_next_strdup = 1;
	assert_int_equal(fwd_plugins_open(&ctx, f->dir, &f->set), -ENOMEM);
	assert_string_equal(ctx.err.msg, "out of memory");
}

static void test_duplicate_name_refused(void **state)
{
	struct fixture *f = *state;
	const struct fwd_plugin_slot *a, *b;

	add_plugin(f->dir, "good", "good.so", 0644);
	add_plugin(f->dir, "good-dup", "good-dup.so", 0644);
	load(f);
	assert_int_equal(fwd_plugins_count_loaded(&f->set), 1);
	/* File-name order: good-dup.so sorts first and keeps the name. */
	a = by_file(&f->set, "good-dup.so");
	b = by_file(&f->set, "good.so");
	assert_true(a->loaded);
	assert_refused(&f->set, "good.so", "duplicate plugin name 'good'");
	assert_non_null(strstr(b->reason, "good-dup.so"));
}

static void test_foreign_owner_refused(void **state)
{
	struct fixture *f = *state;
	char *p;

	if (geteuid() != 0)
		skip();
	add_plugin(f->dir, "good", "good.so", 0644);
	p = fwd_test_path(f->dir, "good.so");
	assert_int_equal(chown(p, 4242, 4242), 0);
	free(p);
	load(f);
	assert_refused(&f->set, "good.so", "owned by uid 4242");
}

static void test_unsafe_folder_refused(void **state)
{
	struct fixture *f = *state;
	struct fwd_err err = { 0 };

	add_plugin(f->dir, "good", "good.so", 0644);
	assert_int_equal(chmod(f->dir, 0777), 0);
	assert_int_equal(fwd_plugins_load(&f->set, f->dir, fwd_host_api(), &err),
			 -FWD_E_REFUSED);
	assert_non_null(strstr(err.msg, "writable by others"));
	assert_int_equal(f->set.n, 0);
	fwd_plugins_release(&f->set);
	assert_int_equal(fwd_plugins_load(&f->set, "/nonexistent/fwd", fwd_host_api(), &err),
			 -FWD_E_NO_PLUGIN);
	assert_non_null(strstr(err.msg, "/nonexistent/fwd"));
}

/* Defect 1 of issue 12: a folder on the way that others can change is
 * a way to swap the plugin folder between its check and the load. */
static void test_unsafe_parent_refused(void **state)
{
	struct fixture *f = *state;
	char *parent = fwd_test_path(f->dir, "parent");
	char *dir = fwd_test_path(parent, "plugins");
	struct fwd_err err = { 0 };

	assert_int_equal(mkdir(parent, 0755), 0);
	assert_int_equal(mkdir(dir, 0755), 0);
	add_plugin(dir, "good", "good.so", 0644);
	assert_int_equal(chmod(parent, 0777), 0);
	assert_int_equal(fwd_plugins_load(&f->set, dir, fwd_host_api(), &err), -FWD_E_REFUSED);
	assert_non_null(strstr(err.msg, "is under"));
	assert_non_null(strstr(err.msg, parent));
	assert_non_null(strstr(err.msg, "writable by others (mode 0777) and not sticky"));
	assert_int_equal(f->set.n, 0);
	fwd_plugins_release(&f->set);

	/* Sticky, as /tmp: others cannot rename or remove what is ours in it. */
	assert_int_equal(chmod(parent, 01777), 0);
	assert_int_equal(fwd_plugins_load(&f->set, dir, fwd_host_api(), &err), 0);
	assert_true(by_file(&f->set, "good.so")->loaded);
	fwd_plugins_release(&f->set);

	if (geteuid() == 0) {
		assert_int_equal(chmod(parent, 0755), 0);
		assert_int_equal(chown(parent, 4242, 4242), 0);
		assert_int_equal(fwd_plugins_load(&f->set, dir, fwd_host_api(), &err),
				 -FWD_E_REFUSED);
		assert_non_null(strstr(err.msg, "owned by uid 4242"));
		fwd_plugins_release(&f->set);
	}
	free(dir);
	free(parent);
}

/* Defect 10 of issue 12: a plugin that crashes or hangs is named, and
 * the others still load and are still asked. */
static void test_broken_plugins_named(void **state)
{
	struct fixture *f = *state;
	struct fwd_identity id = { .size = sizeof(id), .board_vendor = "Acme" };
	struct fwd_choice choice;
	struct fwd_ctx ctx;
	char *fifo;

	add_plugin(f->dir, "good", "good.so", 0644);
	add_plugin(f->dir, "crash-entry", "crash-entry.so", 0644);
	add_plugin(f->dir, "crash-probe", "crash-probe.so", 0644);
	add_plugin(f->dir, "loop-probe", "loop-probe.so", 0644);
	fifo = fwd_test_path(f->dir, "fifo.so");
	assert_int_equal(mkfifo(fifo, 0644), 0);
	free(fifo);
	load(f);
	assert_refused(&f->set, "crash-entry.so", "its entry point crashed (SIGSEGV)");
	assert_refused(&f->set, "fifo.so", "not a regular file");
	assert_int_equal(fwd_plugins_count_loaded(&f->set), 3);

	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_choose_plugin(&ctx, &f->set, &id, NULL, &choice), 0);
	assert_string_equal(choice.chosen->name, "good");
	for (size_t i = 0; i < choice.n; i++) {
		const struct fwd_candidate *c = &choice.candidates[i];

		if (strcmp(c->slot->name, "crashprobe") == 0) {
			assert_int_equal(c->score, 0);
			assert_non_null(strstr(c->reason, "probe crashed (SIGSEGV)"));
		} else if (strcmp(c->slot->name, "loopprobe") == 0) {
			assert_int_equal(c->score, 0);
			assert_non_null(strstr(c->reason, "did not return within 5 s"));
		}
	}
	fwd_choice_release(&choice);
}

static void test_choice_tie_and_override(void **state)
{
	struct fixture *f = *state;
	struct fwd_identity id = { .size = sizeof(id), .board_vendor = "Acme" };
	struct fwd_choice choice;
	struct fwd_ctx ctx;

	add_plugin(f->dir, "tie-a", "tie-a.so", 0644);
	add_plugin(f->dir, "tie-b", "tie-b.so", 0644);
	add_plugin(f->dir, "probe-fails", "probe-fails.so", 0644);
	load(f);
	fwd_ctx_init(&ctx);

	assert_int_equal(fwd_choose_plugin(&ctx, &f->set, &id, NULL, &choice), -FWD_E_REFUSED);
	assert_non_null(strstr(ctx.err.msg, "'tie-a' and 'tie-b'"));
	assert_null(choice.chosen);
	assert_int_equal(choice.n, 3);
	/* A failing probe scores 0 and says why, it does not win with its 100. */
	assert_string_equal(choice.candidates[2].slot->name, "probefails");
	assert_int_equal(choice.candidates[2].score, 0);
	assert_non_null(strstr(choice.candidates[2].reason, "probefails cannot read this"));
	fwd_choice_release(&choice);

	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_choose_plugin(&ctx, &f->set, &id, "tie-b", &choice), 0);
	assert_string_equal(choice.chosen->name, "tie-b");
	fwd_choice_release(&choice);

	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_choose_plugin(&ctx, &f->set, &id, "nosuch", &choice),
			 -FWD_E_NO_PLUGIN);
	assert_non_null(strstr(ctx.err.msg, "'nosuch' is not loaded"));
	fwd_choice_release(&choice);
}

static void test_no_plugin_scores(void **state)
{
	struct fixture *f = *state;
	struct fwd_identity id = { .size = sizeof(id) };
	struct fwd_choice choice;
	struct fwd_ctx ctx;

	add_plugin(f->dir, "probe-fails", "probe-fails.so", 0644);
	load(f);
	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_choose_plugin(&ctx, &f->set, &id, NULL, &choice), -FWD_E_NO_PLUGIN);
	assert_non_null(strstr(ctx.err.msg, "no plugin for this machine"));
	fwd_choice_release(&choice);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_each_refusal_has_its_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(test_older_and_newer_minor_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_older_minor_runs_tools, setup, teardown),
		cmocka_unit_test(test_too_small_structs_refused),
		cmocka_unit_test_setup_teardown(test_out_of_memory_is_said, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_name_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_owner_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsafe_folder_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsafe_parent_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_plugins_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choice_tie_and_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_plugin_scores, setup, teardown),
	};

	(void)argc;
	build = fwd_test_build_dir(argv[0]);
	umask(022);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
