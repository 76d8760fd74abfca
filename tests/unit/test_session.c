/*
 * test_session.c: reading why ipmitool could not open a session
 * (core/ipmi/session.c), from what ipmitool 1.8.19 -v printed on stderr
 * against OpenIPMI's ipmi_sim (the texts of lib/ipmi_lanplus.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ipmi/session.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_refusal_is_told_apart),
		cmocka_unit_test(test_other_failures_are_unknown),
		cmocka_unit_test(test_a_session_failure_is_recognised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
