/*
 * fuzz_sum.c: what Supermicro's `sum` printed, read by the supermicro
 * plugin (plugins/supermicro/sum-run.c, sum-exit.c: linked in, with the
 * mock host of tests/support in place of fwdispatch).
 *
 * The input is a run (fuzz-split.h): exit code, stdout, stderr.  It goes
 * through what a BIOS stage does with it: the progress counters, the
 * ERROR block and its fields, the last "Status:" line, the verdict, the
 * report, the failure message; and GetBiosInfo's "BIOS version".  A
 * failure's message is one bounded string and its code one of three.
 */
#include <string.h>

#include <jansson.h>

#include "fuzz-split.h"
#include "fuzz-util.h"
#include "mock-host.h"
#include "vendor-text.h"
#include "../../plugins/supermicro/sum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_run run;
	struct fwd_mock m;
	struct sm_sum_cmd c;
	struct sm_sum_outcome o;
	struct sm_sum_context sc = {
		.part = "BIOS", .board = "X11SSH-F", .image = "/tmp/bios.bin",
		.command = "UpdateBios", .preserve_setting = 1, .note = NULL,
	};
	char why[320], msg[SM_SUM_MSG_MAX], version[64];
	const struct fwd_host_api *host;
	json_t *result;
	int ret, nothing = -1;

	if (fuzz_run_split(data, size, &run) != 0)
		return 0;
	fwd_mock_init(&m);
	host = fwd_mock_api(&m);
	fuzz_run_script(&m, "sum", &run);
	FUZZ_CHECK(sm_sum_begin(host, fwd_mock_ctx(&m), &c, "UpdateBios") == 0);
	sm_sum_add(&c, "--file");
	sm_sum_add(&c, sc.image);
	ret = sm_sum_run(host, fwd_mock_ctx(&m), &c, FWD_STEP_BIOS_STAGE, 1000, &o);
	FUZZ_CHECK(ret == 0);
	FUZZ_CHECK(m.last_progress_done <= 100);
	FUZZ_CHECK(o.text && o.tail);
	FUZZ_CHECK(memchr(o.description, '\0', sizeof(o.description)) != NULL);
	FUZZ_CHECK(memchr(o.status, '\0', sizeof(o.status)) != NULL);

	result = json_object();
	FUZZ_CHECK(result != NULL);
	sm_sum_report(host, &o, (struct fwd_json *)result);
	sm_sum_said_rebooting(&o);
	if (!sm_sum_succeeded(&o, why, sizeof(why))) {
		FUZZ_CHECK(why[0] != '\0');
		sc.firmware_changed = run.exit_code & 1;
		ret = sm_sum_failure(&o, &sc, msg, sizeof(msg), &nothing);
		FUZZ_CHECK(ret == -FWD_E_REFUSED || ret == -FWD_E_BUSY || ret == -FWD_E_FLASH);
		FUZZ_CHECK(memchr(msg, '\0', sizeof(msg)) != NULL && msg[0]);
		FUZZ_CHECK(nothing == 0 || nothing == 1);
		if (sc.firmware_changed)
			FUZZ_CHECK(nothing == 0);
	}
	fwdp_text_field(o.text, "BIOS version", version, sizeof(version));
	FUZZ_CHECK(memchr(version, '\0', sizeof(version)) != NULL);
	json_decref(result);
	sm_sum_outcome_release(&o);
	fwd_mock_release(&m);
	fuzz_run_release(&run);
	return 0;
}
