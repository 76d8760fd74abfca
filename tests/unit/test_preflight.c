/*
 * test_preflight.c: the checks between an image and a BMC before any
 * flash: `mc info` parsing, image-versus-BMC fit, the expected SHA-256
 * (option and sidecar).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipmi/bmc.h"
#include "image/hpm1-fit.h"
#include "util/version.h"
#include "hpm-build.h"
#include "image/image.h"
#include "test-util.h"

static const char mc_info_supermicro[] =
	"Device ID                 : 32\n"
	"Device Revision           : 1\n"
	"Firmware Revision         : 1.71\n"
	"IPMI Version              : 2.0\n"
	"Manufacturer ID           : 10876\n"
	"Manufacturer Name         : Super Micro Computer Inc.\n"
	"Product ID                : 2390 (0x0956)\n"
	"Product Name              : Unknown (0x956)\n"
	"Device Available          : yes\n"
	"Provides Device SDRs      : no\n"
	"Additional Device Support :\n"
	"    Sensor Device\n"
	"Aux Firmware Rev Info     : \n"
	"    0x01\n"
	"    0x02\n"
	"    0x00\n"
	"    0x00\n";

static void test_mc_info_parsed(void **state)
{
	struct fwd_bmc_info b;

	(void)state;
	assert_int_equal(fwd_bmc_parse_mc_info(mc_info_supermicro, &b), 0);
	assert_int_equal(b.manufacturer_id, 10876);
	assert_int_equal(b.product_id, 0x0956);
	assert_int_equal(b.device_id, 32);
	assert_string_equal(b.firmware, "1.71");
	assert_string_equal(b.manufacturer_name, "Super Micro Computer Inc.");
	assert_int_equal(b.aux[0], 1);
	assert_int_equal(b.aux[1], 2);
}

static void test_mc_info_garbage_refused(void **state)
{
	struct fwd_bmc_info b;

	(void)state;
	assert_int_equal(fwd_bmc_parse_mc_info("", &b), -FWD_E_BAD_INPUT);
	assert_int_equal(fwd_bmc_parse_mc_info("Error: Unable to establish IPMI v2 session\n", &b),
			 -FWD_E_BAD_INPUT);
	/* A manufacturer without a firmware revision: read, firmware empty (bmc_info refuses it). */
	assert_int_equal(fwd_bmc_parse_mc_info("Manufacturer ID : 674\n", &b), 0);
	assert_string_equal(b.firmware, "");
	assert_int_equal(fwd_bmc_parse_mc_info("Manufacturer ID : lots\nFirmware Revision : 1.0\n",
					       &b), -FWD_E_BAD_INPUT);
}

static void image_info(struct fwd_hpm1_info *img, const char *fw, const char *earliest)
{
	memset(img, 0, sizeof(*img));
	img->manufacturer_id = 10876;
	img->product_id = 0x0956;
	img->device_id = 32;
	assert_int_equal(fwd_hpm1_version_parse(fw, &img->firmware), 0);
	assert_int_equal(fwd_hpm1_version_parse(earliest, &img->earliest), 0);
}

static int fits(const struct fwd_hpm1_info *img, const char *running, unsigned flags,
		struct fwd_ctx *ctx)
{
	struct fwd_bmc_info b;

	assert_int_equal(fwd_bmc_parse_mc_info(mc_info_supermicro, &b), 0);
	snprintf(b.firmware, sizeof(b.firmware), "%s", running);
	fwd_ctx_init(ctx);
	return fwd_hpm1_fits_bmc(ctx, "bmc.hpm", img, &b, "Supermicro X11SSH-F", flags);
}

static void expect_refusal(int ret, const struct fwd_ctx *ctx, const char *part)
{
	assert_int_equal(ret, -FWD_E_REFUSED);
	if (!strstr(ctx->err.msg, part))
		fail_msg("refusal '%s' lacks '%s'", ctx->err.msg, part);
}

static void test_fit_rules(void **state)
{
	struct fwd_hpm1_info img;
	struct fwd_ctx ctx;

	(void)state;
	image_info(&img, "1.72", "1.50");
	assert_int_equal(fits(&img, "1.71", 0, &ctx), 0);

	/* Minor versions are BCD: 1.09 < 1.10 < 1.71. */
	assert_int_equal(fits(&img, "1.50", 0, &ctx), 0);
	expect_refusal(fits(&img, "1.49", 0, &ctx), &ctx, "earliest revision");
	expect_refusal(fits(&img, "0.99", FWD_FLASH_ALLOW_DOWNGRADE, &ctx), &ctx, "older than 1.50");

	expect_refusal(fits(&img, "1.72", 0, &ctx), &ctx, "already runs 1.72");
	assert_int_equal(fits(&img, "1.72", FWD_FLASH_ALLOW_REINSTALL, &ctx), 0);
	expect_refusal(fits(&img, "2.01", 0, &ctx), &ctx, "refusing a downgrade");
	assert_int_equal(fits(&img, "2.01", FWD_FLASH_ALLOW_DOWNGRADE, &ctx), 0);
	/* Allowing a reinstall does not allow a downgrade. */
	expect_refusal(fits(&img, "2.01", FWD_FLASH_ALLOW_REINSTALL, &ctx), &ctx, "downgrade");

	img.manufacturer_id = 674;
	expect_refusal(fits(&img, "1.71", FWD_FLASH_ALLOW_DOWNGRADE | FWD_FLASH_ALLOW_REINSTALL,
			    &ctx), &ctx, "for another board");
	/* The board is named as people know it, beside the IDs. */
	expect_refusal(-FWD_E_REFUSED, &ctx, "this board, Supermicro X11SSH-F, has a BMC of "
		       "manufacturer 10876");
	expect_refusal(-FWD_E_REFUSED, &ctx, "get the image made for Supermicro X11SSH-F");
	img.manufacturer_id = 10876;
	img.product_id = 0x0957;
	expect_refusal(fits(&img, "1.71", 0, &ctx), &ctx, "product 0x0957");
	img.product_id = 0x0956;
	img.device_id = 33;
	expect_refusal(fits(&img, "1.71", 0, &ctx), &ctx, "device 0x21");
	img.device_id = 32;
	expect_refusal(fits(&img, "garbage", 0, &ctx), &ctx, "not M.mm");

	/* A minor that is not BCD, as `mc info` prints it ("%02x"): read, and
	 * ordered by its byte, between 1.09 and 1.10. */
	image_info(&img, "1.10", "1.09");
	assert_int_equal(fits(&img, "1.0a", 0, &ctx), 0);
	expect_refusal(fits(&img, "1.1a", 0, &ctx), &ctx, "refusing a downgrade");
	image_info(&img, "1.0a", "1.00");
	expect_refusal(fits(&img, "1.0a", 0, &ctx), &ctx, "already runs 1.0a");
}

/* A valid image file in dir, with its SHA-256 in hex. */
static char *make_image(const char *dir, const char *name, char hex[65])
{
	struct hpmb_spec spec;
	struct hpmb_layout layout;
	char err[256], *path = fwd_test_path(dir, name);

	hpmb_spec_init(&spec);
	assert_int_equal(hpmb_write_file(&spec, path, &layout, err, sizeof(err)), 0);
	memcpy(hex, layout.sha256_hex, 65);
	return path;
}

static void test_expected_sha256(void **state)
{
	char *dir = fwd_test_mkdtemp("sha"), *img, *side, hex[65], upper[65], line[512];
	struct fwd_image_check chk;
	struct fwd_ctx ctx;

	(void)state;
	img = make_image(dir, "bmc.hpm", hex);
	if (asprintf(&side, "%s.sha256", img) < 0)
		abort();

	/* No expectation at all: valid, and says nothing was compared. */
	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_image_check_hpm1(&ctx, img, NULL, NULL, -1, &chk), 0);
	assert_string_equal(chk.sha256_source, "");
	assert_string_equal(chk.hpm.sha256_hex, hex);

	/* The option, in upper case too. */
	for (int i = 0; i < 65; i++)
		upper[i] = (char)(hex[i] >= 'a' && hex[i] <= 'f' ? hex[i] - 32 : hex[i]);
	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_image_check_hpm1(&ctx, img, upper, NULL, -1, &chk), 0);
	assert_string_equal(chk.sha256_source, "option");

	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_image_check_hpm1(&ctx, img, "abc", NULL, -1, &chk), -FWD_E_BAD_INPUT);
	assert_non_null(strstr(ctx.err.msg, "not a SHA-256"));
	fwd_ctx_init(&ctx);
	upper[0] = upper[0] == '0' ? '1' : '0';
	assert_int_equal(fwd_image_check_hpm1(&ctx, img, upper, NULL, -1, &chk), -FWD_E_REFUSED);
	assert_non_null(strstr(ctx.err.msg, "but the command line says"));
	/* A hash from a manifest or a journal is named as theirs. */
	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_image_check_hpm1(&ctx, img, upper, "manifest", -1, &chk),
			 -FWD_E_REFUSED);
	assert_non_null(strstr(ctx.err.msg, "but the manifest says"));
	assert_string_equal(chk.sha256_source, "manifest");
	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_image_check_hpm1(&ctx, img, upper, "journal", -1, &chk),
			 -FWD_E_REFUSED);
	assert_non_null(strstr(ctx.err.msg, "but the interrupted run's journal says"));

	/* The sidecar, in sha256sum's two formats. */
	snprintf(line, sizeof(line), "%s  bmc.hpm\n", hex);
	fwd_test_write_file(side, line, (size_t)-1, 0644);
	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_image_check_hpm1(&ctx, img, NULL, NULL, -1, &chk), 0);
	assert_string_equal(chk.sha256_source, "sidecar");
	snprintf(line, sizeof(line), "%s *other.hpm\n%s *bmc.hpm\n", upper, hex);
	fwd_test_write_file(side, line, (size_t)-1, 0644);
	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_image_check_hpm1(&ctx, img, NULL, NULL, -1, &chk), 0);

	/* A sidecar that disagrees, names another file, or is garbage: refused. */
	snprintf(line, sizeof(line), "%s  bmc.hpm\n", upper);
	fwd_test_write_file(side, line, (size_t)-1, 0644);
	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_image_check_hpm1(&ctx, img, NULL, NULL, -1, &chk), -FWD_E_REFUSED);
	assert_non_null(strstr(ctx.err.msg, "its .sha256 file says"));
	snprintf(line, sizeof(line), "%s  firmware-v2.hpm\n", hex);
	fwd_test_write_file(side, line, (size_t)-1, 0644);
	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_image_check_hpm1(&ctx, img, NULL, NULL, -1, &chk), -FWD_E_REFUSED);
	assert_non_null(strstr(ctx.err.msg, "no line for 'bmc.hpm'"));
	fwd_test_write_file(side, "<html>404 not found</html>\n", (size_t)-1, 0644);
	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_image_check_hpm1(&ctx, img, NULL, NULL, -1, &chk), -FWD_E_BAD_INPUT);
	assert_non_null(strstr(ctx.err.msg, "no SHA-256 in sha256sum format"));
	/* --sha256 wins over a broken sidecar. */
	fwd_ctx_init(&ctx);
	assert_int_equal(fwd_image_check_hpm1(&ctx, img, hex, NULL, -1, &chk), 0);

	free(side);
	free(img);
	fwd_test_rm_rf(dir);
	free(dir);
}

static void test_dotted_versions(void **state)
{
	(void)state;
	assert_int_equal(fwd_version_compare_dotted("1.72", "1.72"), 0);
	assert_true(fwd_version_compare_dotted("1.72", "1.8") > 0);   /* numbers, not text */
	assert_true(fwd_version_compare_dotted("6.10.30.00", "6.10.30.01") < 0);
	assert_true(fwd_version_compare_dotted("2.8.1", "2.10.0") < 0);
	assert_int_equal(fwd_version_compare_dotted("1.72", "1.72.0"), 0);
	assert_true(fwd_version_compare_dotted("1.72.1", "1.72") > 0);
	assert_true(fwd_version_compare_dotted("1.0a", "1.0b") < 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mc_info_parsed),
		cmocka_unit_test(test_mc_info_garbage_refused),
		cmocka_unit_test(test_fit_rules),
		cmocka_unit_test(test_expected_sha256),
		cmocka_unit_test(test_dotted_versions),
	};

	(void)argc;
	(void)argv;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
