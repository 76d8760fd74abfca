/*
 * test_tool.c: the command lines tool.c shows (dry-run plans, traces):
 * fwd_tool_describe() quotes them so that a POSIX shell reads back the
 * same words, and fwd_tool_plan() adds the target options and never shows
 * the password.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tool/tool.h"
#include "ipmi/target.h"

static void expect_described(const char *const *argv, const char *want)
{
	struct fwd_buf line = FWD_BUF_INIT;

	assert_int_equal(fwd_tool_describe(argv, &line), 0);
	assert_string_equal(line.s, want);
	fwd_buf_release(&line);
}

static void test_plain_words_are_not_quoted(void **state)
{
	const char *argv[] = { "sum", "-c", "UpdateBios", "--file", "/img/X11.bin", NULL };

	(void)state;
	expect_described(argv, "sum -c UpdateBios --file /img/X11.bin");
}

static void test_words_the_shell_would_split_or_expand_are_quoted(void **state)
{
	const char *argv[] = { "tool", "two words", "", "$HOME", "a;b", "*.bin", "x`y`", NULL };

	(void)state;
	expect_described(argv, "tool 'two words' '' '$HOME' 'a;b' '*.bin' 'x`y`'");
}

static void test_a_single_quote_inside_is_closed_escaped_and_reopened(void **state)
{
	const char *argv[] = { "tool", "it's", "''", NULL };

	(void)state;
	expect_described(argv, "tool 'it'\\''s' ''\\'''\\'''");
}

static void test_the_password_sentinel_shows_as_stars(void **state)
{
	const char *argv[] = { "racadm", "-p", FWD_ARG_PASSWORD, "getversion", NULL };

	(void)state;
	expect_described(argv, "racadm -p **** getversion");
}

/* A long line is not cut: a plan that names a shorter path names another file. */
static void test_long_words_are_kept_whole(void **state)
{
	char *word = malloc(9001);
	const char *argv[] = { "tool", NULL, NULL };
	struct fwd_buf line = FWD_BUF_INIT;

	(void)state;
	assert_non_null(word);
	memset(word, 'a', 9000);
	word[9000] = '\0';
	argv[1] = word;
	assert_int_equal(fwd_tool_describe(argv, &line), 0);
	assert_int_equal(line.len, strlen("tool ") + 9000);
	fwd_buf_release(&line);
	free(word);
}

/* A test's runner makes every tool present, so the plan needs no program. */
static int never_run(void *payload, struct fwd_ctx *ctx, const char *const *argv,
		     const struct fwd_tool_cmd *cmd, struct fwd_tool_result *res)
{
	(void)payload; (void)ctx; (void)argv; (void)cmd; (void)res;
	fail_msg("a plan ran a tool");
	return -1;
}

static void test_plan_adds_the_target_and_hides_the_password(void **state)
{
	static const char *const args[] = { "mc", "info", NULL };
	static const char *const racadm_args[] = { "-p", FWD_ARG_PASSWORD, "getversion", NULL };
	struct fwd_tool_runner runner = { .run = never_run };
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	struct fwd_target_opts t;
	struct fwd_buf line = FWD_BUF_INIT;
	struct fwd_ctx ctx;

	(void)state;
	fwd_ctx_init(&ctx);
	fwd_target_init(&t);
	t.host = strdup("10.0.0.7");
	t.user = strdup("ADMIN");
	t.password = strdup("s3cret pass");
	t.pub.port = 623;
	ctx.target = &t;
	ctx.runner = &runner;

	cmd.tool = "ipmitool";
	cmd.args = args;
	cmd.flags = FWD_TOOL_TARGET;
	assert_int_equal(fwd_tool_plan(&ctx, &cmd, &line), 0);
	assert_string_equal(line.s, "ipmitool -I lanplus -H 10.0.0.7 -p 623 -U ADMIN -E mc info");

	fwd_buf_reset(&line);
	cmd.tool = "racadm";
	cmd.args = racadm_args;
	cmd.flags = 0;
	assert_int_equal(fwd_tool_plan(&ctx, &cmd, &line), 0);
	assert_string_equal(line.s, "racadm -p **** getversion");
	assert_null(strstr(line.s, "s3cret"));

	fwd_buf_release(&line);
	fwd_target_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_words_are_not_quoted),
		cmocka_unit_test(test_words_the_shell_would_split_or_expand_are_quoted),
		cmocka_unit_test(test_a_single_quote_inside_is_closed_escaped_and_reopened),
		cmocka_unit_test(test_the_password_sentinel_shows_as_stars),
		cmocka_unit_test(test_long_words_are_kept_whole),
		cmocka_unit_test(test_plan_adds_the_target_and_hides_the_password),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
