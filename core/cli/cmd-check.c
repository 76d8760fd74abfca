/*
 * cmd-check.c: `fwdispatch check IMAGE`: is this image whole, well formed
 * and the one the operator meant?  Reads it once; changes nothing.  A
 * vendor image's format is no business of fwdispatch: check says what it
 * could check of it and what it could not, and passes on what it could.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "util/error.h"
#include "image/image.h"
#include "image/manifest-signed.h"
#include "util/json-out.h"

/* One thing a check covered, or could not. */
struct coverage {
	const char *what;    /* stable name, for JSON */
	char detail[256];
};

struct coverage_list {
	struct coverage item[6];
	size_t n;
};

static void add(struct coverage_list *l, const char *what, const char *fmt, ...) FWD_PRINTF(3, 4);
static void add(struct coverage_list *l, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (l->n >= sizeof(l->item) / sizeof(l->item[0]))
		return;
	l->item[l->n].what = what;
	va_start(ap, fmt);
	vsnprintf(l->item[l->n].detail, sizeof(l->item[l->n].detail), fmt, ap);
	va_end(ap);
	l->n++;
}

static const char *sha256_from(const struct fwd_image_check *img)
{
	if (!strcmp(img->sha256_source, "manifest"))
		return "the manifest's";
	return img->sha256_source[0] == 'o' ? "--sha256" : "IMAGE.sha256";
}

/* The sha256 line's remark. */
static const char *sha256_remark(const struct fwd_image_check *img, char *buf, size_t size)
{
	if (!img->sha256_source[0])
		return "no expected value given";
	snprintf(buf, size, "matches %s", sha256_from(img));
	return buf;
}

/* What the check of img proved, and what no check of fwdispatch can. */
static void coverage(const struct fwd_image_check *img, struct coverage_list *done,
		     struct coverage_list *not_done)
{
	add(done, "file", "a regular file, read to its end: %llu bytes",
	    (unsigned long long)img->hpm.size);
	if (!img->vendor)
		add(done, "format", "the HPM.1 structure: signature, header and record "
		    "checksums, every length, the MD5 trailer");
	if (img->sha256_source[0])
		add(done, "sha256", "its SHA-256 matches %s", sha256_from(img));
	else
		add(not_done, "sha256", "its SHA-256: no expected value given (--sha256 or "
		    "IMAGE.sha256), so a corrupted or wrong download goes unseen");
	if (!img->vendor) {
		add(not_done, "board", "that it fits the BMC: 'fwdispatch update' compares its "
		    "IDs with the BMC's");
		return;
	}
	add(not_done, "format", "its format and the board it is for: fwdispatch cannot read "
	    "a vendor image, and no plugin checks one");
	add(not_done, "vendor-tool", "that the vendor's tool (Supermicro's sum, Dell's "
	    "racadm) accepts it: that shows only when it runs, at the update");
}

static json_t *coverage_json(const struct coverage_list *l)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s}", "what", l->item[i].what,
						     "detail", l->item[i].detail));
	return arr;
}

static void print_coverage(const char *title, const struct coverage_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		printf("  %-15s%s\n", i ? "" : title, l->item[i].detail);
}

static void print_vendor(const struct fwd_image_check *img, const struct coverage_list *done,
			 const struct coverage_list *not_done)
{
	char remark[64];

	printf("%s: vendor image (not HPM.1): what fwdispatch can check passed\n", img->path);
	printf("  sha256:        %s (%s)\n", img->hpm.sha256_hex,
	       sha256_remark(img, remark, sizeof(remark)));
	printf("  size:          %llu bytes\n", (unsigned long long)img->hpm.size);
	print_coverage("checked:", done);
	print_coverage("not checked:", not_done);
}

static void print_human(const struct fwd_image_check *img, const struct coverage_list *done)
{
	const struct fwd_hpm1_info *h = &img->hpm;
	char v[FWD_HPM1_VERSION_STR_SIZE], e[FWD_HPM1_VERSION_STR_SIZE], remark[64];

	fwd_hpm1_version_format(&h->firmware, v, sizeof(v));
	fwd_hpm1_version_format(&h->earliest, e, sizeof(e));
	printf("%s: valid HPM.1 image\n", img->path);
	printf("  sha256:        %s (%s)\n", h->sha256_hex,
	       sha256_remark(img, remark, sizeof(remark)));
	printf("  size:          %llu bytes\n", (unsigned long long)h->size);
	printf("  target:        manufacturer %u, product 0x%04x, device 0x%02x\n",
	       h->manufacturer_id, h->product_id, h->device_id);
	printf("  firmware:      %s (installs over %s or later)\n", v, e);
	for (size_t i = 0; i < done->n; i++)
		if (!strcmp(done->item[i].what, "manifest"))
			printf("  manifest:      %s\n", done->item[i].detail);
		else if (!strcmp(done->item[i].what, "signature"))
			printf("  signature:     %s\n", done->item[i].detail);
	for (unsigned i = 0; i < h->n_components; i++) {
		fwd_hpm1_version_format(&h->components[i].version, v, sizeof(v));
		printf("  component %u:   %-8s %-21s %u bytes\n", h->components[i].id, v,
		       h->components[i].description, h->components[i].payload_length);
	}
}

static void warn_no_sha256(struct fwd_ctx *ctx, const struct fwd_image_check *img)
{
	if (img->sha256_source[0])
		return;
	fwd_log(ctx, FWD_LOG_WARN, "no expected SHA-256 for '%s' (--sha256 or %s.sha256): "
		"only %s", img->path, img->path, img->vendor ?
		"that it is a readable file and not empty was checked" :
		"the image's own checksums were verified");
}

/* --manifest: the image's entry, whose SHA-256 is the one expected. */
static int manifest_entry(struct fwd_cli *cli, struct fwd_ctx *ctx, struct fwd_manifest **m,
			  const struct fwd_manifest_entry **e)
{
	const char *path = cli->args[0];
	struct fwd_manifest_trust trust = {
		.signature = cli->update.signature,
		.trust_key = cli->update.trust_key,
	};
	int ret;

	/* The same rule as update's: signed when a key is configured. */
	ret = fwd_manifest_load_signed(ctx, cli->update.manifest, &trust, m);
	if (!ret)
		ret = fwd_manifest_find_image(ctx, *m, path, e);
	if (!ret && cli->sha256 && strcasecmp(cli->sha256, (*e)->sha256) != 0)
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the SHA-256 given for '%s' (%s) is "
					"not the one manifest '%s' gives (%s)", path, cli->sha256,
					(*m)->path, (*e)->sha256);
	return ret;
}

/* The check against the manifest's SHA-256 is told as the manifest's. */
static int from_manifest(struct fwd_ctx *ctx, struct fwd_image_check *img,
			 const struct fwd_manifest *m, const struct fwd_manifest_entry *e, int ret)
{
	snprintf(img->sha256_source, sizeof(img->sha256_source), "manifest");
	if (!img->problem || strcmp(img->problem, "sha256-mismatch") != 0)
		return ret;
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "'%s' has SHA-256 %s, but manifest '%s' "
				 "says %s (%s %s): the file is not the one the manifest approved, "
				 "or it is corrupted; download it again", img->path,
				 img->hpm.sha256_hex, m->path, e->sha256, e->component, e->version);
}

static void add_manifest(struct coverage_list *done, const struct fwd_manifest *m,
			 const struct fwd_manifest_entry *e)
{
	char boards[128] = "";

	for (size_t i = 0; i < e->nboards; i++)
		snprintf(boards + strlen(boards), sizeof(boards) - strlen(boards), "%s%s",
			 i ? ", " : "", e->boards[i]);
	add(done, "manifest", "listed in manifest '%s': %s %s, for %s", m->path, e->component,
	    e->version, boards);
	if (m->signed_by[0])
		add(done, "signature", "manifest signed: verified with key '%s' (sha256 %s)",
		    m->signed_key, m->signed_by);
}

/* The image checked, against the manifest's SHA-256 when there is one (*e). */
static int check_image(struct fwd_cli *cli, struct fwd_ctx *ctx, struct fwd_image_check *img,
		       struct fwd_manifest **m, const struct fwd_manifest_entry **e)
{
	const char *path = cli->args[0], *expected = cli->sha256;
	int hpm1 = fwd_image_is_hpm1(path), ret = 0;

	memset(img, 0, sizeof(*img));
	img->path = path;
	img->vendor = !hpm1;
	if (cli->update.manifest)
		ret = manifest_entry(cli, ctx, m, e);
	if (ret)
		return ret;
	if (*e)
		expected = (*e)->sha256;
	if (hpm1)
		ret = fwd_image_check_hpm1(ctx, path, expected, *e ? "manifest" : NULL, -1, img);
	else
		ret = fwd_image_read_vendor(ctx, path, expected, *e ? "manifest" : NULL, img);
	return *e ? from_manifest(ctx, img, *m, *e, ret) : ret;
}

static int cmd_check(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	struct coverage_list done = { .n = 0 }, not_done = { .n = 0 };
	const struct fwd_manifest_entry *e = NULL;
	struct fwd_manifest *m = NULL;
	struct fwd_image_check img;
	json_t *doc = NULL;
	int ret;

	if (!cli->update.manifest && (cli->update.signature ||
				      (cli->update.trust_key && !cli->trust_key_from_config)))
		return fwd_cli_usage_error(cli->command, cli->json, "--signature and --trust-key "
					   "are the manifest's: give --manifest FILE too");
	ret = check_image(cli, ctx, &img, &m, &e);
	if (!ret) {
		coverage(&img, &done, &not_done);
		if (e)
			add_manifest(&done, m, e);
	}
	if (cli->json) {
		doc = fwd_json_doc_new();
		json_object_set_new(doc, "valid", json_boolean(ret == 0));
		json_object_update_new(doc, fwd_image_to_json(&img));
		if (m && m->signed_by[0])
			json_object_set_new(doc, "manifest_signed_by", json_string(m->signed_by));
		if (!ret) {
			json_object_set_new(doc, "checked", coverage_json(&done));
			json_object_set_new(doc, "not_checked", coverage_json(&not_done));
		}
	}
	fwd_manifest_free(m);
	if (ret)
		return fwd_cli_fail(cli, ctx, doc);
	warn_no_sha256(ctx, &img);
	if (doc)
		fwd_json_print(doc);
	else if (img.vendor)
		print_vendor(&img, &done, &not_done);
	else
		print_human(&img, &done);
	json_decref(doc);
	return FWD_EXIT_OK;
}

const struct fwd_cmd_entry fwd_cmd_check = {
	.name = "check",
	.usage = "IMAGE [--sha256 HEX] [--manifest FILE [--signature FILE] [--trust-key KEY.pem]] "
		 "[--json]",
	.summary = "validate a firmware image (format, checksums, expected SHA-256)",
	.help = "Checks an HPM.1 image completely: signature, format version, header and\n"
		"record checksums, that every length fits inside the file, component masks\n"
		"and the MD5 trailer, and computes the SHA-256 in the same single pass.  The\n"
		"expected SHA-256 comes from --sha256, IMAGE.sha256 (sha256sum format), or\n"
		"--manifest: the manifest's entry for the image (the same file, or the same\n"
		"name), whose component, version and boards are shown.\n"
		"A vendor image (a Supermicro .bin, a Dell update package: anything but\n"
		"HPM.1) cannot be read by fwdispatch: it is checked for what can be (a\n"
		"readable, non-empty file, and its SHA-256 when one is expected), and the\n"
		"output says what was not (its format, its board, whether the vendor's tool\n"
		"accepts it).  A directory, a FIFO or a device is refused, saying which.\n"
		"Exit 0 when what can be checked passes, 3 with the exact problem otherwise.\n",
	.options = FWD_OPT_JSON | FWD_OPT_VERBOSE | FWD_OPT_SHA256 | FWD_OPT_MANIFEST,
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_check,
};
