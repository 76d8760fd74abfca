/*
 * mkhpm: make a valid or deliberately broken HPM.1 image for tests.
 *
 * A command-line face for tests/support/hpm-build: see usage() for options.
 * Exit status: 0 written, 1 could not write, 2 bad arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hpm-build.h"
#include "image/hpm1.h"

#define MAX_PAYLOAD_OUTS FWD_HPM1_MAX_COMPONENTS

static void usage(FILE *f)
{
	fprintf(f,
"usage: mkhpm --out FILE [options]\n"
"       mkhpm --list-breaks\n"
"\n"
"Writes an HPM.1 image (atomically, mode 0600) and prints what it wrote as\n"
"key=value lines.  Numbers are decimal or 0x hex; sizes take a K, M or G\n"
"suffix (binary multiples).\n"
"\n"
"  --out FILE            image to write\n"
"  --size BYTES          exact size of the whole file (of the valid image, before\n"
"                        --break); the first component's payload takes up the rest\n"
"  --payload-size BYTES  payload of every component (default: a 1024-byte file);\n"
"                        at least 16 (the version stamp)\n"
"  --components LIST     upload records for these component IDs, e.g. 0,1 (default 0)\n"
"  --device N            device ID (default 0)\n"
"  --manufacturer N      IANA manufacturer ID (default 10876, Supermicro)\n"
"  --product N           product ID (default 0x0956)\n"
"  --version M.mm        firmware version of the header and every component (1.00)\n"
"  --earliest M.mm       earliest compatible running version (default 0.00)\n"
"  --description TEXT    first component's description (up to 20 characters)\n"
"  --seed N              payload pseudo-random seed (default 1)\n"
"  --with-backup         a backup record before the uploads\n"
"  --with-prepare        a prepare record before the uploads\n"
"  --alt-checksum        upload record checksums over header and descriptor\n"
"  --capabilities N      image capabilities byte (default 0)\n"
"  --self-test-timeout N, --rollback-timeout N   in 5 s units (default 0)\n"
"  --oem-length N        bytes of OEM data in the header (default 0)\n"
"  --time N              build time in the header, Unix seconds (default 0)\n"
"  --break KIND          make a broken image (see --list-breaks)\n"
"  --payload-out FILE    also write the first component's payload alone\n"
"  --payload-out ID=FILE also write component ID's payload alone\n"
"  --sha256-out FILE     also write a sha256sum-style sidecar for the image\n"
"  --list-breaks         list the break kinds and the validator error each gives\n");
}

static int bad_arg(const char *opt, const char *value, const char *why)
{
	fprintf(stderr, "mkhpm: bad value '%s' for %s: %s\n", value, opt, why);
	return 2;
}

/* Decimal or 0x hex, optional K/M/G (x1024^n) when sizes is set. */
static int parse_u64(const char *s, uint64_t max, bool sizes, uint64_t *out)
{
	int base = 10;
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || end == s)
		return -1;
	if (sizes && *end) {
		switch (*end) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		default: return -1;
		}
		end++;
	}
	if (*end)
		return -1;
	if (shift && v > (UINT64_MAX >> shift))
		return -1;
	v <<= shift;
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_components(const char *s, uint8_t *ids, unsigned *n)
{
	uint8_t seen = 0;

	*n = 0;
	for (;;) {
		if (s[0] < '0' || s[0] > '7' || (s[1] && s[1] != ','))
			return -1;
		if (seen & (1u << (s[0] - '0')))
			return -1;
		seen |= (uint8_t)(1u << (s[0] - '0'));
		ids[(*n)++] = (uint8_t)(s[0] - '0');
		if (!s[1])
			return 0;
		s += 2;
	}
}

/* Writes "HEX  NAME\n" beside the image: temp file, fsync, rename. */
static int write_sidecar(const char *path, const char *hex, const char *image)
{
	char *copy = strdup(image);
	char tmp[4096];
	FILE *f;
	int fd, rc = -1;

	if (!copy || snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp)) {
		fprintf(stderr, "mkhpm: cannot write '%s': path too long or out of memory\n", path);
		free(copy);
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "mkhpm: cannot create a temporary file beside '%s': %s\n", path,
			strerror(errno));
		free(copy);
		return -1;
	}
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		goto out;
	}
	fprintf(f, "%s  %s\n", hex, basename(copy));
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		fclose(f);
		goto out;
	}
	if (fclose(f) != 0)
		goto out;
	if (rename(tmp, path) == 0)
		rc = 0;
out:
	if (rc < 0) {
		fprintf(stderr, "mkhpm: cannot write '%s': %s\n", path, strerror(errno));
		unlink(tmp);
	}
	free(copy);
	return rc;
}

static void list_breaks(void)
{
	const struct hpmb_break_info *t = hpmb_break_table();

	for (int i = 1; i < HPMB_BREAK_COUNT; i++)
		printf("%-26s %-24s %s\n", t[i].name, fwd_hpm1_error_name(t[i].expected_error),
		       t[i].summary);
}

enum {
	OPT_OUT = 256, OPT_SIZE, OPT_PAYLOAD_SIZE, OPT_COMPONENTS, OPT_DEVICE,
	OPT_MANUFACTURER, OPT_PRODUCT, OPT_VERSION, OPT_EARLIEST, OPT_DESCRIPTION,
	OPT_SEED, OPT_WITH_BACKUP, OPT_WITH_PREPARE, OPT_ALT_CHECKSUM, OPT_CAPABILITIES,
	OPT_SELF_TEST_TIMEOUT, OPT_ROLLBACK_TIMEOUT, OPT_OEM_LENGTH, OPT_TIME, OPT_BREAK,
	OPT_PAYLOAD_OUT, OPT_SHA256_OUT, OPT_LIST_BREAKS, OPT_HELP,
};

static const struct option options[] = {
	{ "out", required_argument, NULL, OPT_OUT },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "payload-size", required_argument, NULL, OPT_PAYLOAD_SIZE },
	{ "components", required_argument, NULL, OPT_COMPONENTS },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "manufacturer", required_argument, NULL, OPT_MANUFACTURER },
	{ "product", required_argument, NULL, OPT_PRODUCT },
	{ "version", required_argument, NULL, OPT_VERSION },
	{ "earliest", required_argument, NULL, OPT_EARLIEST },
	{ "description", required_argument, NULL, OPT_DESCRIPTION },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "with-backup", no_argument, NULL, OPT_WITH_BACKUP },
	{ "with-prepare", no_argument, NULL, OPT_WITH_PREPARE },
	{ "alt-checksum", no_argument, NULL, OPT_ALT_CHECKSUM },
	{ "capabilities", required_argument, NULL, OPT_CAPABILITIES },
	{ "self-test-timeout", required_argument, NULL, OPT_SELF_TEST_TIMEOUT },
	{ "rollback-timeout", required_argument, NULL, OPT_ROLLBACK_TIMEOUT },
	{ "oem-length", required_argument, NULL, OPT_OEM_LENGTH },
	{ "time", required_argument, NULL, OPT_TIME },
	{ "break", required_argument, NULL, OPT_BREAK },
	{ "payload-out", required_argument, NULL, OPT_PAYLOAD_OUT },
	{ "sha256-out", required_argument, NULL, OPT_SHA256_OUT },
	{ "list-breaks", no_argument, NULL, OPT_LIST_BREAKS },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	struct hpmb_spec spec;
	struct hpmb_layout lay;
	const char *out = NULL, *sha_out = NULL, *description = NULL;
	const char *payload_out[MAX_PAYLOAD_OUTS];
	int payload_out_id[MAX_PAYLOAD_OUTS];
	unsigned n_payload_out = 0;
	uint8_t ids[FWD_HPM1_MAX_COMPONENTS] = { 0 };
	unsigned n_ids = 1;
	uint64_t size = 0, payload_size = 0, v;
	struct fwd_hpm1_version version;
	char err[512];
	int opt;

	hpmb_spec_init(&spec);
	version = spec.firmware;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		const char *name = optind > 0 && optind <= argc ? argv[optind - 1] : "option";

		switch (opt) {
		case OPT_OUT:
			out = optarg;
			break;
		case OPT_SIZE:
			if (parse_u64(optarg, UINT64_MAX, true, &size) < 0 || size == 0)
				return bad_arg("--size", optarg, "expected a byte count like 1024, 0x400 or 64M");
			break;
		case OPT_PAYLOAD_SIZE:
			if (parse_u64(optarg, UINT32_MAX, true, &payload_size) < 0 ||
			    payload_size < HPMB_STAMP_SIZE)
				return bad_arg("--payload-size", optarg,
					       "expected 16 bytes to 4 GiB, like 4096 or 32M");
			break;
		case OPT_COMPONENTS:
			if (parse_components(optarg, ids, &n_ids) < 0)
				return bad_arg("--components", optarg,
					       "expected distinct IDs 0-7 separated by commas, like 0,1");
			break;
		case OPT_DEVICE:
			if (parse_u64(optarg, 0xff, false, &v) < 0)
				return bad_arg("--device", optarg, "expected 0 to 255");
			spec.device_id = (uint8_t)v;
			break;
		case OPT_MANUFACTURER:
			if (parse_u64(optarg, 0xffffff, false, &v) < 0)
				return bad_arg("--manufacturer", optarg, "expected 0 to 0xffffff");
			spec.manufacturer_id = (uint32_t)v;
			break;
		case OPT_PRODUCT:
			if (parse_u64(optarg, 0xffff, false, &v) < 0)
				return bad_arg("--product", optarg, "expected 0 to 0xffff");
			spec.product_id = (uint16_t)v;
			break;
		case OPT_VERSION:
			if (fwd_hpm1_version_parse(optarg, &version) < 0)
				return bad_arg("--version", optarg,
					       "expected MAJOR.MM like 1.72 (major 0-127, two minor digits)");
			break;
		case OPT_EARLIEST:
			if (fwd_hpm1_version_parse(optarg, &spec.earliest) < 0)
				return bad_arg("--earliest", optarg,
					       "expected MAJOR.MM like 1.05 (major 0-127, two minor digits)");
			break;
		case OPT_DESCRIPTION:
			if (strlen(optarg) >= FWD_HPM1_DESCRIPTION_SIZE)
				return bad_arg("--description", optarg, "at most 20 characters");
			description = optarg;
			break;
		case OPT_SEED:
			if (parse_u64(optarg, UINT64_MAX, false, &spec.seed) < 0)
				return bad_arg("--seed", optarg, "expected a number");
			break;
		case OPT_WITH_BACKUP:
			spec.with_backup = true;
			break;
		case OPT_WITH_PREPARE:
			spec.with_prepare = true;
			break;
		case OPT_ALT_CHECKSUM:
			spec.alt_checksum = true;
			break;
		case OPT_CAPABILITIES:
			if (parse_u64(optarg, 0xff, false, &v) < 0)
				return bad_arg("--capabilities", optarg, "expected 0 to 255");
			spec.capabilities = (uint8_t)v;
			break;
		case OPT_SELF_TEST_TIMEOUT:
		case OPT_ROLLBACK_TIMEOUT:
			if (parse_u64(optarg, 0xff, false, &v) < 0)
				return bad_arg(opt == OPT_SELF_TEST_TIMEOUT ? "--self-test-timeout"
					       : "--rollback-timeout", optarg, "expected 0 to 255");
			if (opt == OPT_SELF_TEST_TIMEOUT)
				spec.self_test_timeout = (uint8_t)v;
			else
				spec.rollback_timeout = (uint8_t)v;
			break;
		case OPT_OEM_LENGTH:
			if (parse_u64(optarg, 0xffff, false, &v) < 0)
				return bad_arg("--oem-length", optarg, "expected 0 to 65535");
			spec.oem_length = (uint16_t)v;
			break;
		case OPT_TIME:
			if (parse_u64(optarg, UINT32_MAX, false, &v) < 0)
				return bad_arg("--time", optarg, "expected 0 to 4294967295");
			spec.time = (uint32_t)v;
			break;
		case OPT_BREAK: {
			int k = hpmb_break_from_name(optarg);

			if (k < 0)
				return bad_arg("--break", optarg, "unknown kind; see mkhpm --list-breaks");
			spec.brk = (enum hpmb_break)k;
			break;
		}
		case OPT_PAYLOAD_OUT:
			if (n_payload_out == MAX_PAYLOAD_OUTS)
				return bad_arg("--payload-out", optarg, "given too many times");
			if (optarg[0] >= '0' && optarg[0] <= '7' && optarg[1] == '=' && optarg[2]) {
				payload_out_id[n_payload_out] = optarg[0] - '0';
				payload_out[n_payload_out++] = optarg + 2;
			} else if (optarg[0]) {
				payload_out_id[n_payload_out] = -1;
				payload_out[n_payload_out++] = optarg;
			} else {
				return bad_arg("--payload-out", optarg, "expected FILE or ID=FILE");
			}
			break;
		case OPT_SHA256_OUT:
			sha_out = optarg;
			break;
		case OPT_LIST_BREAKS:
			list_breaks();
			return 0;
		case OPT_HELP:
			usage(stdout);
			return 0;
		case ':':
			fprintf(stderr, "mkhpm: %s needs a value\n", name);
			return 2;
		default:
			fprintf(stderr, "mkhpm: unknown option '%s'; see mkhpm --help\n", name);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mkhpm: unexpected argument '%s'; see mkhpm --help\n", argv[optind]);
		return 2;
	}
	if (!out) {
		fprintf(stderr, "mkhpm: --out FILE is required; see mkhpm --help\n");
		return 2;
	}

	/* Build the component list: same version for all, payloads as asked. */
	spec.firmware = version;
	spec.n_components = 0;
	for (unsigned i = 0; i < n_ids; i++) {
		uint64_t p = payload_size ? payload_size : spec.components[0].payload_size;

		if (i == 0) {
			spec.components[0].id = ids[0];
			spec.components[0].version = version;
			spec.components[0].payload_size = p;
			spec.n_components = 1;
			if (ids[0] != 0)
				snprintf(spec.components[0].description,
					 sizeof(spec.components[0].description), "component %u", ids[0]);
		} else if (hpmb_spec_add_component(&spec, ids[i], p) < 0) {
			fprintf(stderr, "mkhpm: cannot add component %u\n", ids[i]);
			return 2;
		}
	}
	if (description) {
		memset(spec.components[0].description, 0, FWD_HPM1_DESCRIPTION_SIZE);
		memcpy(spec.components[0].description, description, strlen(description));
	}
	if (size && hpmb_spec_fit_size(&spec, size, err, sizeof(err)) < 0) {
		fprintf(stderr, "mkhpm: bad value for --size: %s\n", err);
		return 2;
	}
	if (hpmb_spec_validate(&spec, err, sizeof(err)) < 0) {
		fprintf(stderr, "mkhpm: %s\n", err);
		return 2;
	}
	for (unsigned i = 0; i < n_payload_out; i++) {
		bool found = payload_out_id[i] < 0;

		for (unsigned j = 0; j < spec.n_components && !found; j++)
			found = spec.components[j].id == payload_out_id[i];
		if (!found) {
			fprintf(stderr, "mkhpm: --payload-out names component %d, which the image "
				"does not upload (see --components)\n", payload_out_id[i]);
			return 2;
		}
	}

	if (hpmb_write_file(&spec, out, &lay, err, sizeof(err)) < 0) {
		fprintf(stderr, "mkhpm: cannot write '%s': %s\n", out, err);
		return 1;
	}
	for (unsigned i = 0; i < n_payload_out; i++) {
		unsigned index = 0;

		for (unsigned j = 0; j < spec.n_components; j++)
			if (spec.components[j].id == payload_out_id[i])
				index = j;
		if (hpmb_write_payload_file(&spec, index, payload_out[i], err, sizeof(err)) < 0) {
			fprintf(stderr, "mkhpm: cannot write payload '%s': %s\n", payload_out[i], err);
			return 1;
		}
	}
	if (sha_out && write_sidecar(sha_out, lay.sha256_hex, out) < 0)
		return 1;

	printf("file=%s\nsize=%" PRIu64 "\nsha256=%s\nbreak=%s\n", out, lay.size,
	       lay.sha256_hex, hpmb_break_table()[spec.brk].name);
	for (unsigned i = 0; i < lay.n_components; i++) {
		char vs[FWD_HPM1_VERSION_STR_SIZE];
		const struct hpmb_component *c = &spec.components[0];

		for (unsigned j = 0; j < spec.n_components; j++)
			if (spec.components[j].id == lay.components[i].id)
				c = &spec.components[j];
		fwd_hpm1_version_format(&c->version, vs, sizeof(vs));
		printf("component=%u version=%s payload_offset=%" PRIu64 " payload_length=%" PRIu64
		       "\n", lay.components[i].id, vs, lay.components[i].payload_offset,
		       lay.components[i].payload_length);
	}
	return 0;
}
