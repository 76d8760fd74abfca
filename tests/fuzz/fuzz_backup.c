/*
 * fuzz_backup.c: a backup file read back (core/ipmi/backup.c), as
 * `restore` and a resumed run read it: loaded from a temp folder; the
 * board named from its identity; each LAN channel's settings described;
 * then a dry-run restore against the in-process BMC of tests/support
 * (fake-bmc.h, channel 1 scripted), which plans the `lan set` commands
 * and sends nothing.  What loads has valid settings, and the restore
 * ends with a report entry per channel or an error it names.
 */
#include <string.h>

#include "fake-bmc.h"
#include "fuzz-util.h"
#include "identity/identity.h"
#include "ipmi/backup.h"
#include "ipmi/lan.h"

static void channels_sound(const json_t *doc)
{
	const json_t *ch;
	char buf[256];
	size_t i;

	json_array_foreach(json_object_get(doc, "lan_channels"), i, ch) {
		const json_t *settings = json_object_get(ch, "settings");
		struct fwd_lan lan;
		struct fwd_err err = { 0 };

		FUZZ_CHECK(fwd_lan_from_json(settings, &lan, &err) == 0);
		fwd_lan_json_describe(settings, buf, sizeof(buf));
		FUZZ_CHECK(memchr(buf, '\0', sizeof(buf)) != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_ctx ctx;
	struct fwd_fake_bmc bmc;
	struct fwd_target_opts t;
	json_t *doc = NULL, *report;
	char path[4200], label[256];
	int ret;

	snprintf(path, sizeof(path), "%s/backup.json", fuzz_tmpdir());
	FUZZ_CHECK(fuzz_write_file(path, data, size) == 0);
	fuzz_ctx_init(&ctx);
	ret = fwd_backup_load(&ctx, path, &doc);
	if (ret != 0) {
		FUZZ_CHECK(ret == -FWD_E_BAD_INPUT && doc == NULL && ctx.err.msg[0]);
		return 0;
	}
	fwd_identity_board_label_json(json_object_get(doc, "identity"), label, sizeof(label));
	channels_sound(doc);

	fwd_target_init(&t);
	ctx.target = &t;
	fwd_fake_bmc_init(&bmc, "1.72");
	fwd_fake_bmc_lan(&bmc);
	fwd_fake_bmc_attach(&bmc, &ctx);
	report = json_array();
	FUZZ_CHECK(report != NULL);
	ret = fwd_lan_restore_from_backup(&ctx, doc, 1, report, NULL, NULL);
	if (ret != 0)
		FUZZ_CHECK(ctx.err.msg[0] != '\0');
	FUZZ_CHECK(json_array_size(report) <= json_array_size(json_object_get(doc,
						 "lan_channels")));
	json_decref(report);
	fwd_fake_bmc_release(&bmc);
	fwd_target_release(&t);
	json_decref(doc);
	return 0;
}
