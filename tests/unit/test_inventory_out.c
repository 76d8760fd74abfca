/*
 * test_inventory_out.c: the inventory in Prometheus' text exposition
 * format (core/cli/inventory-out.c): every target's up gauge, one
 * firmware_info sample a part with its labels, the pending BIOS and the
 * last update only where they are, times as Unix seconds; and label values
 * from a BMC (a quote, a backslash, a newline) escaped so that no version
 * string can end a label or start a line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "cli/inventory.h"

static char *render(const char *json)
{
	struct fwd_buf out = FWD_BUF_INIT;
	json_error_t e;
	json_t *doc = json_loads(json, 0, &e);

	assert_non_null(doc);
	assert_int_equal(fwd_inventory_prometheus(doc, &out), 0);
	json_decref(doc);
	return fwd_buf_detach(&out);
}

static void test_samples(void **state)
{
	char *text = render("{\"time\": \"2026-12-04T10:00:00Z\", \"targets\": ["
		"{\"target\": \"10.0.0.1:623\", \"up\": true, \"plugin\": \"supermicro\","
		" \"board\": \"Supermicro X11SSH-F\", \"bmc\": \"1.72\", \"bios\": \"2.1\","
		" \"pending\": {\"component\": \"bios\", \"version\": \"2.2\"},"
		" \"last_update\": {\"time\": \"2026-12-03T09:00:00Z\", \"result\": \"ok\"}},"
		"{\"target\": \"10.0.0.2:623\", \"up\": false, \"plugin\": null, \"bmc\": null,"
		" \"bios\": null, \"pending\": null, \"last_update\": null}]}");

	(void)state;
	assert_non_null(strstr(text, "fwdispatch_inventory_up{target=\"10.0.0.1:623\"} 1\n"));
	assert_non_null(strstr(text, "fwdispatch_inventory_up{target=\"10.0.0.2:623\"} 0\n"));
	assert_non_null(strstr(text, "fwdispatch_firmware_info{target=\"10.0.0.1:623\","
			       "component=\"bmc\",version=\"1.72\",plugin=\"supermicro\","
			       "board=\"Supermicro X11SSH-F\"} 1\n"));
	assert_non_null(strstr(text, "component=\"bios\",version=\"2.1\""));
	assert_null(strstr(text, "fwdispatch_firmware_info{target=\"10.0.0.2:623\""));
	assert_non_null(strstr(text, "fwdispatch_bios_pending_info{target=\"10.0.0.1:623\","
			       "version=\"2.2\"} 1\n"));
	assert_non_null(strstr(text, "fwdispatch_last_update_success{target=\"10.0.0.1:623\"} 1\n"));
	/* 2026-12-03T09:00:00Z */
	assert_non_null(strstr(text, "fwdispatch_last_update_timestamp_seconds{target="
			       "\"10.0.0.1:623\"} 1796288400\n"));
	assert_non_null(strstr(text, "fwdispatch_inventory_timestamp_seconds 1796378400\n"));
	/* Every metric is declared once, as a gauge. */
	assert_non_null(strstr(text, "# TYPE fwdispatch_firmware_info gauge\n"));
	assert_null(strstr(strstr(text, "# TYPE fwdispatch_firmware_info gauge\n") + 1,
			   "# TYPE fwdispatch_firmware_info gauge\n"));
	free(text);
}

static void test_hostile_labels(void **state)
{
	char *text = render("{\"time\": \"2026-12-04T10:00:00Z\", \"targets\": ["
		"{\"target\": \"bmc\", \"up\": true, \"plugin\": \"x\", \"board\": \"a\\\\b\","
		" \"bmc\": \"1.0\\\"} 1\\nfwdispatch_inventory_up{target=\\\"evil\\\"} 1\","
		" \"bios\": null, \"pending\": null, \"last_update\": null}]}");

	(void)state;
	/* The quote and the newline are escaped: still one sample line. */
	assert_non_null(strstr(text, "version=\"1.0\\\"} 1\\nfwdispatch_inventory_up{target="
			       "\\\"evil\\\"} 1\""));
	assert_null(strstr(text, "\nfwdispatch_inventory_up{target=\"evil\"}"));
	assert_non_null(strstr(text, "board=\"a\\\\b\""));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_hostile_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
