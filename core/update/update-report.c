/*
 * update-report.c: every key of an update's document, present whatever
 * happened (update-report.h).
 */
#include "update/update-report.h"

/* In the order docs/json.md lists them; test-update-json.sh checks both ways. */
const char *const fwd_update_report_keys[] = {
	"schema", "command", "run_id", "started", "finished", "duration_ms", "dry_run",
	"resumed_from", "abandoned", "options", "manifest_signed_by", "target", "target_args", "tls", "pid", "pid_start",
	"plugin", "identity", "candidates", "refused_plugins", "preflight", "power", "backup", "bmc",
	"bios", "lan", "vendor_settings",
	"steps", "plan", "result", "stopped_at", "changed", "reboot_required", "stop_request",
	"recovery_hints", "images_removed", "history", "journal_error", "error", NULL
};

const char *const fwd_update_part_keys[] = {
	"image_path", "image_url", "image", "version", "before", "running_at_resume", "after", "outcome",
	"changed", "skipped", "flash_started", "command", "upload_exit_code",
	"ipmi_request_size", "wait_ms",
	"job_id", "reboot_required", "host_boot", NULL
};

static int fill(json_t *obj, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++)
		if (!json_object_get(obj, keys[i]) &&
		    json_object_set_new(obj, keys[i], json_null()) != 0)
			return -1;
	return 0;
}

int fwd_update_report_complete(json_t *report)
{
	static const char *const parts[] = { "bmc", "bios" };

	if (fill(report, fwd_update_report_keys) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		json_t *part = json_object_get(report, parts[i]);

		if (json_is_object(part) && fill(part, fwd_update_part_keys) != 0)
			return -1;
	}
	return 0;
}
