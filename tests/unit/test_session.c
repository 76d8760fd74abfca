/*
 * test_session.c: reading why ipmitool could not open a session
 * (core/ipmi/session.c), from what ipmitool 1.8.19 -v printed on stderr
 * against OpenIPMI's ipmi_sim (the texts of lib/ipmi_lanplus.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake-bmc.h"
#include "ipmi/bmc.h"
#include "ipmi/session.h"
#include "ipmi/target.h"
#include "util/error.h"

static const char wrong_password[] =
	"Loading IANA PEN Registry...\n"
	"> RAKP 2 HMAC is invalid\n"
	"Error: Unable to establish IPMI v2 / RMCP+ session\n";

static const char unknown_user[] =
	"Loading IANA PEN Registry...\n"
	"RAKP 2 message indicates an error : unauthorized name\n"
	"Error: Unable to establish IPMI v2 / RMCP+ session\n";

static const char refused_cipher[] =
	"Loading IANA PEN Registry...\n"
	"Error in open session response message : invalid authentication algorithm\n"
	"\n"
	"Error: Unable to establish IPMI v2 / RMCP+ session\n";

static const char no_answer[] =
	"Loading IANA PEN Registry...\n"
	"Get Auth Capabilities error\n"
	"Error issuing Get Channel Authentication Capabilities request\n"
	"Error: Unable to establish IPMI v2 / RMCP+ session\n";

static const char no_free_session[] =
	"Error in open session response message : insufficient resources to create new "
	"session (wait for existing sessions to timeout)\n"
	"Error: Unable to establish IPMI v2 / RMCP+ session\n";

static void test_each_refusal_is_told_apart(void **state)
{
	(void)state;
	assert_int_equal(fwd_session_refusal(wrong_password), FWD_SESSION_PASSWORD);
	assert_int_equal(fwd_session_refusal(unknown_user), FWD_SESSION_USER);
	assert_int_equal(fwd_session_refusal(refused_cipher), FWD_SESSION_CIPHER);
	assert_int_equal(fwd_session_refusal(no_answer), FWD_SESSION_NO_ANSWER);
	assert_int_equal(fwd_session_refusal(no_free_session), FWD_SESSION_BUSY);
}

static void test_other_failures_are_unknown(void **state)
{
	(void)state;
	assert_int_equal(fwd_session_refusal(NULL), FWD_SESSION_UNKNOWN);
	assert_int_equal(fwd_session_refusal(""), FWD_SESSION_UNKNOWN);
	assert_int_equal(fwd_session_refusal("Invalid command\n"), FWD_SESSION_UNKNOWN);
}

static void test_a_session_failure_is_recognised(void **state)
{
	(void)state;
	assert_true(fwd_session_failed(wrong_password));
	assert_true(fwd_session_failed(no_answer));
	assert_true(fwd_session_failed("Error: Unable to establish LAN session\n"));
	assert_false(fwd_session_failed("Get Device ID command failed: Invalid command\n"));
	assert_false(fwd_session_failed(NULL));
}

/* After a flash, a BMC that answers again but refuses the credentials (some
 * flashes reset users to the factory's) is said as such, not as gone. */
static void test_a_wait_that_ends_in_a_refused_session(void **state)
{
	struct fwd_target_opts t = { .host = "10.0.0.9", .user = "ADMIN",
				     .password_file = "/root/bmc.pw" };
	struct fwd_fake_bmc bmc;
	struct fwd_bmc_info info = { .size = sizeof(info) };
	struct fwd_ctx ctx;
	int ret;

	(void)state;
	fwd_ctx_init(&ctx);
	ctx.log_level = FWD_LOG_ERROR;
	t.pub.port = 623;
	t.pub.cipher = 3;
	ctx.target = &t;
	fwd_fake_bmc_init(&bmc, "1.72");
	fwd_fake_bmc_attach(&bmc, &ctx);
	bmc.refuses_sessions = 1;
	ret = fwd_bmc_wait(&ctx, 60, &info, NULL);
	assert_int_equal(ret, -FWD_E_AUTH);
	assert_non_null(strstr(ctx.err.msg, "answers again after 60 s, but refuses the session"));
	assert_non_null(strstr(ctx.err.msg, "refused the password (user 'ADMIN', the password "
				       "from '/root/bmc.pw', cipher suite 3)"));
	assert_non_null(strstr(ctx.err.msg, "reset the BMC's users"));

	/* Silent to the end: gone, not refused. */
	bmc.refuses_sessions = 0;
	fwd_fake_bmc_restart_in(&bmc, 0, 600000);
	fwd_ctx_clear_error(&ctx);
	ret = fwd_bmc_wait(&ctx, 60, &info, NULL);
	assert_int_equal(ret, -FWD_E_BMC_GONE);
	fwd_fake_bmc_release(&bmc);
}

/* Stopped (Ctrl-Z) through the bound while the BMC came back: one more ask
 * after the bound finds it, instead of calling it gone. */
static void test_a_stalled_wait_asks_once_more(void **state)
{
	struct fwd_bmc_info info = { .size = sizeof(info) };
	struct fwd_fake_bmc bmc;
	struct fwd_ctx ctx;
	uint64_t waited = 0;

	(void)state;
	fwd_ctx_init(&ctx);
	ctx.log_level = FWD_LOG_ERROR;
	fwd_fake_bmc_init(&bmc, "1.71");
	fwd_fake_bmc_attach(&bmc, &ctx);
	snprintf(bmc.pending, sizeof(bmc.pending), "1.72");
	fwd_fake_bmc_restart_in(&bmc, 0, 10000);   /* back 10 s in */
	bmc.stall_at_ms = bmc.now_ms + 8000;       /* the attempt at 8 s ends at 38 s */
	bmc.stall_ms = 30000;
	assert_int_equal(fwd_bmc_wait(&ctx, 20, &info, &waited), 0);
	assert_string_equal(info.firmware, "1.72");
	assert_true(waited >= 38000);
	fwd_fake_bmc_release(&bmc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_refusal_is_told_apart),
		cmocka_unit_test(test_other_failures_are_unknown),
		cmocka_unit_test(test_a_session_failure_is_recognised),
		cmocka_unit_test(test_a_wait_that_ends_in_a_refused_session),
		cmocka_unit_test(test_a_stalled_wait_asks_once_more),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
