/*
 * fuzz_manifest.c: an operator's manifest (core/image/manifest.c), as a
 * file in a temp folder.  What loads is whole: every entry has its
 * component, file, version, 64-hex SHA-256 and boards.  Then it is asked
 * what `update` and `check` ask: the entry for each component on the
 * first entry's board (from nothing, then from a running version), and
 * each entry's own file by name.
 */
#include <string.h>

#include "fuzz-util.h"
#include "image/manifest.h"

static void select_sound(struct fwd_ctx *ctx, const struct fwd_manifest *m, const char *component,
			 const char *image, const char *board, const char *running)
{
	const char *boards[] = { board, "", NULL };
	const struct fwd_manifest_entry *e = NULL;
	char note[256];
	int ret;

	ret = fwd_manifest_select(ctx, m, component, image, boards, running, &e, note,
				  sizeof(note));
	FUZZ_CHECK(ret == 0 || ret == -FWD_E_REFUSED);
	if (ret == 0)
		FUZZ_CHECK(e >= m->entries && e < m->entries + m->n &&
			   strcmp(e->component, component) == 0);
	else
		FUZZ_CHECK(ctx->err.msg[0] != '\0');
	fwd_ctx_clear_error(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_ctx ctx;
	struct fwd_manifest *m = NULL;
	char path[4200];
	int ret;

	snprintf(path, sizeof(path), "%s/manifest.json", fuzz_tmpdir());
	FUZZ_CHECK(fuzz_write_file(path, data, size) == 0);
	fuzz_ctx_init(&ctx);
	ret = fwd_manifest_load(&ctx, path, &m);
	if (ret != 0) {
		FUZZ_CHECK(ret == -FWD_E_BAD_INPUT && m == NULL && ctx.err.msg[0]);
		return 0;
	}
	for (size_t i = 0; i < m->n; i++) {
		const struct fwd_manifest_entry *e = &m->entries[i], *found = NULL;

		FUZZ_CHECK(!strcmp(e->component, "bmc") || !strcmp(e->component, "bios"));
		FUZZ_CHECK(e->file && e->version && e->nboards > 0 && e->boards[0]);
		FUZZ_CHECK(strlen(e->sha256) == 64 && strspn(e->sha256, "0123456789abcdef") == 64);
		if (fwd_manifest_find_image(&ctx, m, e->file, &found) == 0)
			FUZZ_CHECK(found && strcmp(found->sha256, e->sha256) == 0);
		fwd_ctx_clear_error(&ctx);
		select_sound(&ctx, m, e->component, e->file, e->boards[0], e->version);
	}
	if (m->n) {
		select_sound(&ctx, m, "bmc", NULL, m->entries[0].boards[0], NULL);
		select_sound(&ctx, m, "bios", NULL, m->entries[0].boards[0], "1.0");
		select_sound(&ctx, m, "bmc", NULL, m->entries[0].boards[0],
			     m->entries[0].min_running ? m->entries[0].min_running : "0.1");
	}
	fwd_manifest_free(m);
	return 0;
}
