/*
 * cmd-check.c: `fwdispatch check IMAGE`: is this image whole, well formed
 * and the one the operator meant?  Reads it once; changes nothing.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "util/error.h"
#include "image/image.h"
#include "util/json-out.h"

static void print_human(const struct fwd_image_check *img)
{
	const struct fwd_hpm1_info *h = &img->hpm;
	char v[FWD_HPM1_VERSION_STR_SIZE], e[FWD_HPM1_VERSION_STR_SIZE];

	fwd_hpm1_version_format(&h->firmware, v, sizeof(v));
	fwd_hpm1_version_format(&h->earliest, e, sizeof(e));
	printf("%s: valid HPM.1 image\n", img->path);
	printf("  sha256:        %s (%s)\n", h->sha256_hex,
	       !img->sha256_source[0] ? "no expected value given" :
	       img->sha256_source[0] == 'o' ? "matches --sha256" : "matches IMAGE.sha256");
	printf("  size:          %llu bytes\n", (unsigned long long)h->size);
	printf("  target:        manufacturer %u, product 0x%04x, device 0x%02x\n",
	       h->manufacturer_id, h->product_id, h->device_id);
	printf("  firmware:      %s (installs over %s or later)\n", v, e);
	for (unsigned i = 0; i < h->n_components; i++) {
		fwd_hpm1_version_format(&h->components[i].version, v, sizeof(v));
		printf("  component %u:   %-8s %-21s %u bytes\n", h->components[i].id, v,
		       h->components[i].description, h->components[i].payload_length);
	}
}

static int cmd_check(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	struct fwd_image_check img;
	json_t *doc = NULL;
	int ret;

	ret = fwd_image_check_hpm1(ctx, cli->args[0], cli->sha256, -1, &img);
	if (cli->json) {
		doc = fwd_json_doc_new();
		json_object_set_new(doc, "valid", json_boolean(ret == 0));
		json_object_update_new(doc, fwd_image_to_json(&img));
	}
	if (ret)
		return fwd_cli_fail(cli, ctx, doc);
	if (!img.sha256_source[0])
		fwd_log(ctx, FWD_LOG_WARN, "no expected SHA-256 for '%s' (--sha256 or %s.sha256): "
			"only the image's own checksums were verified", img.path, img.path);
	if (doc)
		fwd_json_print(doc);
	else
		print_human(&img);
	json_decref(doc);
	return FWD_EXIT_OK;
}

const struct fwd_cmd_entry fwd_cmd_check = {
	.name = "check",
	.usage = "IMAGE [--sha256 HEX] [--json]",
	.summary = "validate a firmware image (format, checksums, expected SHA-256)",
	.help = "Checks an HPM.1 image completely: signature, format version, header and\n"
		"record checksums, that every length fits inside the file, component masks\n"
		"and the MD5 trailer, and computes the SHA-256 in the same single pass.  The\n"
		"expected SHA-256 comes from --sha256 or IMAGE.sha256 (sha256sum format).\n"
		"Exit 0 for a valid image, 3 with the exact problem otherwise.\n",
	.options = FWD_OPT_JSON | FWD_OPT_VERBOSE | FWD_OPT_SHA256,
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_check,
};
