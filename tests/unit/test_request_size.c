/*
 * test_request_size.c: FWD_TOOL_LARGE_REQUESTS (plugin ABI 2.5) and the
 * probe behind it (core/ipmi/request-size.c): an out-of-band upload gets
 * ipmitool's -z only after the BMC answered a request of that size, asked
 * once per run; unanswered, in-band or --ipmi-request-size default, the
 * command line is what it was; a fixed size is used unasked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipmi/request-size.h"
#include "ipmi/target.h"
#include "plugin-host/host-api.h"
#include "tool/tool.h"
#include "util/buf.h"

enum answer { ANSWER_OK, ANSWER_CC, ANSWER_NONE, ANSWER_CANNOT_RUN };

/* A BMC behind a runner: how it answers the probe, and every command line. */
struct bmc {
	enum answer probe;
	int probes, uploads;
	char upload_line[1024];
	size_t probe_words;
};

static int is_probe(const char *const *argv, size_t *words)
{
	size_t n = 0;
	int raw = 0;

	for (size_t i = 0; argv[i]; i++) {
		if (!strcmp(argv[i], "raw") && argv[i + 1] && !strcmp(argv[i + 1], "0x06") &&
		    argv[i + 2] && !strcmp(argv[i + 2], "0x01"))
			raw = 1;
		n++;
	}
	*words = n;
	return raw;
}

static int run(void *payload, struct fwd_ctx *ctx, const char *const *argv,
	       const struct fwd_tool_cmd *cmd, struct fwd_tool_result *res)
{
	struct bmc *b = payload;
	struct fwd_buf line = FWD_BUF_INIT;
	size_t words;

	(void)cmd;
	res->exit_code = 0;
	if (is_probe(argv, &words)) {
		b->probes++;
		b->probe_words = words;
		if (b->probe == ANSWER_CANNOT_RUN)
			return fwd_ctx_set_error(ctx, -FWD_E_TOOL_MISSING, "no ipmitool");
		if (b->probe == ANSWER_CC) {
			res->exit_code = 1;
			res->err = strdup("Unable to send RAW command (channel=0x0 netfn=0x6 "
					  "lun=0x0 cmd=0x1 rsp=0xc7): Request data length "
					  "invalid\n");
		} else if (b->probe == ANSWER_NONE) {
			res->exit_code = 1;
			res->err = strdup("Unable to send RAW command (channel=0x0 netfn=0x6 "
					  "lun=0x0 cmd=0x1)\n");
		} else {
			res->out = strdup(" 20 01 01 71 02 9f\n");
		}
		return 0;
	}
	b->uploads++;
	assert_int_equal(fwd_tool_describe(argv, &line), 0);
	snprintf(b->upload_line, sizeof(b->upload_line), "%s", line.s);
	fwd_buf_release(&line);
	res->err = strdup("Firmware upgrade procedure successful\n");
	return 0;
}

struct fixture {
	struct bmc bmc;
	struct fwd_tool_runner runner;
	struct fwd_target_opts t;
	struct fwd_ctx ctx;
};

static void setup(struct fixture *f, const char *host, enum answer probe)
{
	memset(f, 0, sizeof(*f));
	f->bmc.probe = probe;
	f->runner = (struct fwd_tool_runner){ .run = run, .payload = &f->bmc };
	fwd_ctx_init(&f->ctx);
	f->ctx.log_level = FWD_LOG_ERROR;
	fwd_target_init(&f->t);
	if (host) {
		f->t.host = strdup(host);
		f->t.pub.port = 623;
		f->t.pub.cipher = 3;
	}
	f->ctx.target = &f->t;
	f->ctx.runner = &f->runner;
}

/* A plugin's upload through the host's table, as hpm-flash.c sends it. */
static int upload(struct fixture *f, unsigned flags)
{
	static const char *const args[] = { "hpm", "upgrade", "/img/new.hpm", "force",
					    "activate", NULL };
	const struct fwd_host_api *host = fwd_host_api();
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	int ret;

	cmd.tool = "ipmitool";
	cmd.args = args;
	cmd.flags = flags;
	ret = host->run_tool(&f->ctx, &cmd, &res);
	host->tool_result_release(&res);
	return ret;
}

#define LARGE (FWD_TOOL_TARGET | FWD_TOOL_LARGE_REQUESTS)
#define TARGET "ipmitool -I lanplus -H 10.0.0.7 -p 623 -C 3 "

static void test_an_answered_probe_gives_z_once_per_run(void **state)
{
	struct fixture f;

	(void)state;
	setup(&f, "10.0.0.7", ANSWER_OK);
	assert_int_equal(upload(&f, LARGE), 0);
	assert_int_equal(f.bmc.probes, 1);
	/* "ipmitool" "-I" ... "-C" "3" "-N" "2" "-R" "1" "raw" "0x06" "0x01" + 192 */
	assert_int_equal(f.bmc.probe_words, 9 + 7 + 192);
	assert_string_equal(f.bmc.upload_line,
			    TARGET "-z 0xc0 hpm upgrade /img/new.hpm force activate");
	assert_int_equal(upload(&f, LARGE), 0);
	assert_int_equal(f.bmc.probes, 1);
	assert_int_equal(f.bmc.uploads, 2);
	fwd_target_release(&f.t);
}

/* A completion code for the padding is an answer: the datagram arrived. */
static void test_a_refusal_of_the_extra_bytes_is_an_answer(void **state)
{
	struct fixture f;

	(void)state;
	setup(&f, "10.0.0.7", ANSWER_CC);
	assert_int_equal(upload(&f, LARGE), 0);
	assert_non_null(strstr(f.bmc.upload_line, " -z 0xc0 hpm upgrade"));
	fwd_target_release(&f.t);
}

static void test_no_answer_keeps_ipmitools_default(void **state)
{
	struct fixture f;

	(void)state;
	setup(&f, "10.0.0.7", ANSWER_NONE);
	assert_int_equal(upload(&f, LARGE), 0);
	assert_int_equal(f.bmc.probes, 1);
	assert_string_equal(f.bmc.upload_line, TARGET "hpm upgrade /img/new.hpm force activate");
	/* Not asked again within the run. */
	assert_int_equal(upload(&f, LARGE), 0);
	assert_int_equal(f.bmc.probes, 1);
	fwd_target_release(&f.t);
}

/* Not being able to run the probe does not stop the upload, nor leave an error. */
static void test_a_probe_that_cannot_run_changes_nothing(void **state)
{
	struct fixture f;

	(void)state;
	setup(&f, "10.0.0.7", ANSWER_CANNOT_RUN);
	assert_int_equal(upload(&f, LARGE), 0);
	assert_int_equal(f.ctx.err.code, 0);
	assert_string_equal(f.bmc.upload_line, TARGET "hpm upgrade /img/new.hpm force activate");
	fwd_target_release(&f.t);
}

static void test_default_and_fixed_sizes_ask_nothing(void **state)
{
	struct fixture f;

	(void)state;
	setup(&f, "10.0.0.7", ANSWER_OK);
	f.t.request_size = 0;
	assert_int_equal(upload(&f, LARGE), 0);
	assert_int_equal(f.bmc.probes, 0);
	assert_string_equal(f.bmc.upload_line, TARGET "hpm upgrade /img/new.hpm force activate");
	fwd_target_release(&f.t);

	setup(&f, "10.0.0.7", ANSWER_NONE);
	f.t.request_size = 512;
	assert_int_equal(upload(&f, LARGE), 0);
	assert_int_equal(f.bmc.probes, 0);
	assert_non_null(strstr(f.bmc.upload_line, " -z 0x200 hpm upgrade"));
	fwd_target_release(&f.t);
}

/* In-band, or a command that did not ask for it: no probe, no -z. */
static void test_in_band_and_other_commands_are_untouched(void **state)
{
	struct fixture f;

	(void)state;
	setup(&f, NULL, ANSWER_OK);
	assert_int_equal(upload(&f, LARGE), 0);
	assert_int_equal(f.bmc.probes, 0);
	assert_string_equal(f.bmc.upload_line,
			    "ipmitool -I open hpm upgrade /img/new.hpm force activate");
	fwd_target_release(&f.t);

	setup(&f, "10.0.0.7", ANSWER_OK);
	assert_int_equal(upload(&f, FWD_TOOL_TARGET), 0);
	assert_int_equal(f.bmc.probes, 0);
	assert_null(strstr(f.bmc.upload_line, "-z"));
	fwd_target_release(&f.t);
}

static void test_request_data_as_ipmitool_counts_it(void **state)
{
	(void)state;
	/* Cipher suite 3: whole 16-byte blocks, less 17. */
	assert_int_equal(fwd_ipmi_request_data(0xc0, 3), 175);
	assert_int_equal(fwd_ipmi_request_data(0xcf, 3), 175);
	assert_int_equal(fwd_ipmi_request_data(0x100, 3), 239);
	/* Others, and ipmitool's own choice: the size itself at most. */
	assert_int_equal(fwd_ipmi_request_data(0xc0, 17), 192);
	assert_int_equal(fwd_ipmi_request_data(0xc0, -1), 192);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_an_answered_probe_gives_z_once_per_run),
		cmocka_unit_test(test_a_refusal_of_the_extra_bytes_is_an_answer),
		cmocka_unit_test(test_no_answer_keeps_ipmitools_default),
		cmocka_unit_test(test_a_probe_that_cannot_run_changes_nothing),
		cmocka_unit_test(test_default_and_fixed_sizes_ask_nothing),
		cmocka_unit_test(test_in_band_and_other_commands_are_untouched),
		cmocka_unit_test(test_request_data_as_ipmitool_counts_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
