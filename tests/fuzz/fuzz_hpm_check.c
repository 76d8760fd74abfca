/*
 * fuzz_hpm_check.c: `ipmitool hpm check` and `ipmitool hpm upgrade`, as
 * the HPM.1 upload of the plugins reads them (plugins/common/hpm-flash.c,
 * linked in, with the mock host of tests/support).
 *
 * A resumed run first asks `hpm check` whether the image's components
 * (0 at 2.04 and 1 at 9.20 here) are already active: stdout of the input
 * run (fuzz-split.h) is that answer.  When they are not, the upload runs
 * and its output is the input run as a whole: the progress in its table,
 * the final verdict on stderr, the self-test and rollback notices.
 */
#include <string.h>

#include <jansson.h>

#include "fuzz-split.h"
#include "fuzz-util.h"
#include "hpm-flash.h"
#include "mock-host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_run run;
	struct fwd_mock m;
	struct fwd_flash_request req;
	struct fwd_bmc_flashed next = { .size = sizeof(next) };
	json_t *result;
	int ret;

	if (fuzz_run_split(data, size, &run) != 0)
		return 0;
	memset(&req, 0, sizeof(req));
	req.size = sizeof(req);
	req.image_path = "/var/lib/fwdispatch/staging/bmc.hpm";
	req.format = "hpm1";
	req.version = "2.04";
	req.flags = FWD_FLASH_RESUME;
	req.hpm_components = 0x3;
	req.hpm_revisions[0][0] = 2;
	req.hpm_revisions[0][1] = 0x04;
	req.hpm_revisions[1][0] = 9;
	req.hpm_revisions[1][1] = 0x20;

	fwd_mock_init(&m);
	fwd_mock_reply(&m, "ipmitool", 0, run.out, "");
	fuzz_run_script(&m, "ipmitool", &run);
	result = json_object();
	FUZZ_CHECK(result != NULL);
	ret = fwdp_hpm_flash_bmc(fwd_mock_api(&m), fwd_mock_ctx(&m), &req, &next,
				 (struct fwd_json *)result);
	FUZZ_CHECK(ret == 0 || ret == -FWD_E_FLASH);
	FUZZ_CHECK(m.n_calls == 1 || m.n_calls == 2);
	FUZZ_CHECK(m.last_progress_done <= 100);
	if (ret == 0 && m.n_calls == 2)
		FUZZ_CHECK(run.exit_code == 0 &&
			   strstr(run.err, "Firmware upgrade procedure successful"));
	if (ret)
		FUZZ_CHECK(m.error[0] != '\0');
	json_decref(result);
	fwd_mock_release(&m);
	fuzz_run_release(&run);
	return 0;
}
