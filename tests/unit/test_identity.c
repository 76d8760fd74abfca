/*
 * test_identity.c: the identity readers and their normalisation:
 * placeholders, the sysfs reader on a made-up tree, the dmidecode parser
 * on real-format dumps (tests/data/dmi/) and on bad input, the
 * `ipmitool mc info` / `fru print` parsers, and the JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "identity/identity.h"
#include "test-util.h"

static const char *top;

static char *sample(const char *name)
{
	char *rel, *path;

	if (asprintf(&rel, "tests/data/dmi/%s", name) < 0)
		abort();
	path = fwd_test_path(top, rel);
	free(rel);
	return path;
}

/* An error message in git's style: lowercase start, no full stop. */
static void assert_git_style(const char *msg)
{
	size_t n = strlen(msg);

	assert_true(n > 0);
	assert_false(msg[0] >= 'A' && msg[0] <= 'Z' && msg[1] >= 'a' && msg[1] <= 'z');
	assert_true(msg[n - 1] != '.');
	assert_null(strchr(msg, '\n'));
}

static void assert_str_or_null(const char *got, const char *want)
{
	if (!want)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
}

/* ---- normalisation ---- */

static void test_normalise_table(void **state)
{
	static const struct {
		const char *in;
		const char *out; /* NULL: absent */
	} cases[] = {
		{ "Supermicro", "Supermicro" },
		{ "  Supermicro  ", "Supermicro" },
		{ "\tDell Inc. \r\n", "Dell Inc." },
		{ "Dell Inc. ", "Dell Inc." },
		{ "H8DGT   ", "H8DGT" },
		{ "X9SCL/X9SCM", "X9SCL/X9SCM" },
		{ "SKU=NotProvided;ModelName=PowerEdge R720",
		  "SKU=NotProvided;ModelName=PowerEdge R720" },
		{ "OEM-R 720xd", "OEM-R 720xd" },
		{ "S2600CP ..........", "S2600CP .........." },
		{ "Typewriter", "Typewriter" },
		{ "NoneSuch", "NoneSuch" },
		{ "Caf\xc3\xa9", "Caf\xc3\xa9" },         /* valid UTF-8 kept */
		{ "Caf\xe9 GmbH", "Caf? GmbH" },          /* Latin-1 byte replaced */
		{ "To Be Filled By O.E.M.", NULL },
		{ "To be filled by O.E.M.", NULL },
		{ "to be filled by o.e.m.", NULL },
		{ "  To be filled by O.E.M.                                            ", NULL },
		{ "Default string", NULL },
		{ "DEFAULT STRING", NULL },
		{ "Not Specified", NULL },
		{ "Not Applicable", NULL },
		{ "System Product Name", NULL },
		{ "System manufacturer", NULL },
		{ "SKU Number", NULL },
		{ "O.E.M.", NULL },
		{ "OEM", NULL },
		{ "None", NULL },
		{ "(none)", NULL },
		{ "(null)", NULL },
		{ "N/A", NULL },
		{ "empty", NULL },
		{ "INVALID", NULL },
		{ "0123456789", NULL },
		{ "1234567890", NULL },
		{ "01234567890123456789AB", NULL },
		{ "XxXxXxX", NULL },
		{ "Type1ProductConfigId", NULL },
		{ "Type1Sku0", NULL },
		{ "Type2 - Board Product Name1", NULL },
		{ "Reserved for System Vendor", NULL },
		{ "..........", NULL },
		{ ". . .", NULL },
		{ "<BAD INDEX>", NULL },
		{ "", NULL },
		{ "      ", NULL },
		{ "\t \r\n", NULL },
		{ "Dell\x1b[31m Inc.", NULL },            /* a terminal escape */
		{ "Dell\x01", NULL },
	};
	char buf[FWD_ID_VALUE_MAX + 1];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = fwd_identity_normalise(cases[i].in, buf, sizeof(buf));

		if (cases[i].out && (!got || strcmp(got, cases[i].out) != 0))
			fail_msg("normalise('%s') gave '%s', expected '%s'", cases[i].in,
				 got ? got : "(null)", cases[i].out);
		if (!cases[i].out && got)
			fail_msg("normalise('%s') gave '%s', expected absent", cases[i].in, got);
	}
	assert_null(fwd_identity_normalise(NULL, buf, sizeof(buf)));
}

static void test_normalise_cuts_long_values(void **state)
{
	char in[1000], buf[FWD_ID_VALUE_MAX + 1], small[8];

	(void)state;
	memset(in, 'A', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	assert_int_equal(strlen(fwd_identity_normalise(in, buf, sizeof(buf))), FWD_ID_VALUE_MAX);
	assert_string_equal(fwd_identity_normalise("PowerEdge R640", small, sizeof(small)),
			    "PowerEd");
	/* Never in the middle of a UTF-8 sequence. */
	assert_string_equal(fwd_identity_normalise("abcdef\xc3\xa9", small, sizeof(small)),
			    "abcdef");
}

static void test_set_fields(void **state)
{
	struct fwd_identity_info info;

	(void)state;
	fwd_identity_init(&info);
	assert_true(fwd_identity_is_empty(&info.id));
	assert_string_equal(info.id.source, "none");
	assert_int_equal(info.id.size, sizeof(struct fwd_identity));

	assert_int_equal(fwd_identity_set(&info, "board_vendor", " Supermicro "), 0);
	assert_string_equal(info.id.board_vendor, "Supermicro");
	assert_false(fwd_identity_is_empty(&info.id));
	/* Replacing frees the old copy (ASan would see a leak). */
	assert_int_equal(fwd_identity_set(&info, "board_vendor", "SMCI"), 0);
	assert_string_equal(info.id.board_vendor, "SMCI");
	assert_int_equal(fwd_identity_set(&info, "board_vendor", "To Be Filled By O.E.M."), 0);
	assert_null(info.id.board_vendor);
	assert_int_equal(fwd_identity_set(&info, "product_sku", NULL), 0);
	assert_null(info.id.product_sku);
	assert_int_equal(fwd_identity_set(&info, "fru_board_name", "X11SSH-F"), 0);
	assert_string_equal(info.id.fru_board_name, "X11SSH-F");
	assert_int_equal(fwd_identity_set(&info, "serial_number", "x"), -EINVAL);
	assert_int_equal(fwd_identity_set(&info, NULL, "x"), -EINVAL);

	assert_int_equal(fwd_identity_set(&info, "chassis_type", "23"), 0);
	assert_int_equal(info.id.chassis_type, 23);
	assert_int_equal(fwd_identity_set(&info, "chassis_type", "151\n"), 0); /* lock bit */
	assert_int_equal(info.id.chassis_type, 23);
	assert_int_equal(fwd_identity_set(&info, "chassis_type", "notebook"), 0);
	assert_int_equal(info.id.chassis_type, 10);
	assert_int_equal(fwd_identity_set(&info, "chassis_type", "junk"), 0);
	assert_int_equal(info.id.chassis_type, 0);
	fwd_identity_release(&info);
	assert_true(fwd_identity_is_empty(&info.id));
}

static void test_chassis_names(void **state)
{
	(void)state;
	assert_int_equal(fwd_chassis_type_from_name("Rack Mount Chassis"), 23);
	assert_int_equal(fwd_chassis_type_from_name("rack mount chassis"), 23);
	assert_int_equal(fwd_chassis_type_from_name("Main Server Chassis"), 17);
	assert_int_equal(fwd_chassis_type_from_name("Main System Chassis"), 17);
	assert_int_equal(fwd_chassis_type_from_name("Desktop"), 3);
	assert_int_equal(fwd_chassis_type_from_name("Stick PC"), 36);
	assert_int_equal(fwd_chassis_type_from_name("<OUT OF SPEC>"), 0);
	assert_int_equal(fwd_chassis_type_from_name("37"), 0);
	assert_int_equal(fwd_chassis_type_from_name(NULL), 0);
	assert_string_equal(fwd_chassis_type_name(23), "Rack Mount Chassis");
	assert_null(fwd_chassis_type_name(0));
	assert_null(fwd_chassis_type_name(99));
}

/* ---- sysfs ---- */

static void put(const char *dir, const char *name, const char *text)
{
	char *path = fwd_test_path(dir, name);

	fwd_test_write_file(path, text, (size_t)-1, 0644);
	free(path);
}

static char *make_tree(char **id_dir)
{
	char *root = fwd_test_mkdtemp("sysfs");
	char *cls = fwd_test_path(root, "class"), *dmi = fwd_test_path(cls, "dmi");

	*id_dir = fwd_test_path(dmi, "id");
	assert_int_equal(mkdir(cls, 0755), 0);
	assert_int_equal(mkdir(dmi, 0755), 0);
	assert_int_equal(mkdir(*id_dir, 0755), 0);
	free(cls);
	free(dmi);
	return root;
}

static void test_sysfs_reader(void **state)
{
	struct fwd_identity_info info;
	char *id_dir, *root = make_tree(&id_dir);
	struct fwd_err err = { 0 };

	(void)state;
	put(id_dir, "board_vendor", "Supermicro\n");
	put(id_dir, "board_name", "X11SSH-F\n");
	put(id_dir, "sys_vendor", "Supermicro\n");
	put(id_dir, "product_name", "Super Server\n");
	/* no product_sku: an absent field */
	put(id_dir, "bios_vendor", "American Megatrends Inc.\n");
	put(id_dir, "bios_version", "2.7\n");
	put(id_dir, "bios_date", "12/07/2021\n");
	put(id_dir, "chassis_type", "17\n");
	put(id_dir, "product_serial", "must not be read\n");

	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_read_sysfs(&info, root, &err), 0);
	assert_string_equal(info.id.source, "sysfs");
	assert_string_equal(info.id.board_vendor, "Supermicro");
	assert_string_equal(info.id.board_name, "X11SSH-F");
	assert_string_equal(info.id.sys_vendor, "Supermicro");
	assert_string_equal(info.id.product_name, "Super Server");
	assert_null(info.id.product_sku);
	assert_string_equal(info.id.bios_vendor, "American Megatrends Inc.");
	assert_string_equal(info.id.bios_version, "2.7");
	assert_string_equal(info.id.bios_date, "12/07/2021");
	assert_int_equal(info.id.chassis_type, 17);
	fwd_identity_release(&info);

	/* Placeholders are absent, also from sysfs. */
	put(id_dir, "product_sku", "To be filled by O.E.M.\n");
	put(id_dir, "sys_vendor", "Default string\n");
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_read_sysfs(&info, root, &err), 0);
	assert_null(info.id.product_sku);
	assert_null(info.id.sys_vendor);
	fwd_identity_release(&info);

	/* chassis_type must be a number. */
	put(id_dir, "chassis_type", "Rack\n");
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_read_sysfs(&info, root, &err), -FWD_E_BAD_INPUT);
	assert_non_null(strstr(err.msg, "chassis_type' is not a number"));
	assert_git_style(err.msg);
	fwd_identity_release(&info);
	put(id_dir, "chassis_type", "23\n");

	/* A field with NUL bytes is not text. */
	{
		char *path = fwd_test_path(id_dir, "board_name");

		fwd_test_write_file(path, "X11\0SSH", 7, 0644);
		free(path);
	}
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_read_sysfs(&info, root, &err), -FWD_E_BAD_INPUT);
	assert_non_null(strstr(err.msg, "board_name' is not text"));
	fwd_identity_release(&info);

	/* Nor is a field larger than a page. */
	{
		char big[5000];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		put(id_dir, "board_name", big);
	}
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_read_sysfs(&info, root, &err), -FWD_E_BAD_INPUT);
	assert_non_null(strstr(err.msg, "not a DMI field"));
	fwd_identity_release(&info);

	fwd_test_rm_rf(root);
	free(root);
	free(id_dir);
}

static void test_sysfs_without_dmi(void **state)
{
	struct fwd_identity_info info;
	char *root = fwd_test_mkdtemp("nodmi"), *missing, *cls, *dmi, *id;
	struct fwd_err err = { 0 };

	(void)state;
	/* A /sys without class/dmi/id: a machine without DMI, not an error. */
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_read_sysfs(&info, root, &err), 0);
	assert_string_equal(info.id.source, "none");
	assert_true(fwd_identity_is_empty(&info.id));
	fwd_identity_release(&info);

	/* class/dmi/id that is a file. */
	cls = fwd_test_path(root, "class");
	dmi = fwd_test_path(cls, "dmi");
	id = fwd_test_path(dmi, "id");
	assert_int_equal(mkdir(cls, 0755), 0);
	assert_int_equal(mkdir(dmi, 0755), 0);
	fwd_test_write_file(id, "", 0, 0644);
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_read_sysfs(&info, root, &err), -FWD_E_BAD_INPUT);
	assert_non_null(strstr(err.msg, "is not a folder"));
	fwd_identity_release(&info);

	/* A root that does not exist is a mistake in --sysfs-root. */
	missing = fwd_test_path(root, "no-such-dir");
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_read_sysfs(&info, missing, &err),
			 -FWD_E_BAD_INPUT);
	assert_non_null(strstr(err.msg, "no-such-dir' is not a folder"));
	assert_git_style(err.msg);
	fwd_identity_release(&info);

	fwd_test_rm_rf(root);
	free(missing);
	free(cls);
	free(dmi);
	free(id);
	free(root);
}

/* ---- dmidecode dumps ---- */

struct want {
	const char *board_vendor, *board_name, *sys_vendor, *product_name, *product_sku;
	const char *bios_vendor, *bios_version, *bios_date;
	int chassis_type;
};

static void assert_identity(const struct fwd_identity *id, const struct want *w)
{
	assert_str_or_null(id->board_vendor, w->board_vendor);
	assert_str_or_null(id->board_name, w->board_name);
	assert_str_or_null(id->sys_vendor, w->sys_vendor);
	assert_str_or_null(id->product_name, w->product_name);
	assert_str_or_null(id->product_sku, w->product_sku);
	assert_str_or_null(id->bios_vendor, w->bios_vendor);
	assert_str_or_null(id->bios_version, w->bios_version);
	assert_str_or_null(id->bios_date, w->bios_date);
	assert_int_equal(id->chassis_type, w->chassis_type);
}

static void read_sample(const char *name, const struct want *w)
{
	struct fwd_identity_info info;
	char *path = sample(name);
	struct fwd_err err = { 0 };
	int ret;

	fwd_identity_init(&info);
	ret = fwd_identity_read_dmidecode(&info, path, &err);
	if (ret)
		fail_msg("'%s': %d %s", name, ret, err.msg);
	assert_string_equal(info.id.source, "dmidecode");
	assert_identity(&info.id, w);
	fwd_identity_release(&info);
	free(path);
}

static void test_dump_supermicro(void **state)
{
	const struct want w = {
		"Supermicro", "X11SSH-F", "Supermicro", "Super Server", NULL,
		"American Megatrends Inc.", "2.7", "12/07/2021", 17,
	};

	(void)state;
	read_sample("supermicro-x11ssh-f.txt", &w);
}

static void test_dump_dell_r640(void **state)
{
	const struct want w = {
		"Dell Inc.", "0H28RR", "Dell Inc.", "PowerEdge R640",
		"SKU=0716;ModelName=PowerEdge R640", "Dell Inc.", "2.17.1", "11/15/2022", 23,
	};

	(void)state;
	read_sample("dell-poweredge-r640.txt", &w);
}

static void test_dump_resold_supermicro_old_layout(void **state)
{
	/* dmidecode 2.x: "Handle" and an indented "DMI type" line; the
	 * all-space product name is absent. */
	const struct want w = {
		"Supermicro", "X10DRi", "bluechip Computer AG", NULL, "072815D9",
		"American Megatrends Inc.", "3.1", "09/14/2018", 1,
	};

	(void)state;
	read_sample("resold-supermicro-bluechip.txt", &w);
}

static void test_dump_hpe_crlf(void **state)
{
	const struct want w = {
		"HPE", "ProLiant DL360 Gen10", "HPE", "ProLiant DL360 Gen10", "867960-B21",
		"HPE", "U32", "01/23/2021", 23,
	};

	(void)state;
	read_sample("hpe-proliant-dl360-gen10.txt", &w);
}

static void test_dump_qemu(void **state)
{
	const struct want w = {
		NULL, NULL, "QEMU", "Standard PC (Q35 + ICH9, 2009)", NULL,
		"SeaBIOS", "rel-1.16.2-0-gea1b7a073390-prebuilt.qemu.org", "04/01/2014", 1,
	};

	(void)state;
	read_sample("qemu-vm.txt", &w);
}

static void test_dump_optiplex(void **state)
{
	const struct want w = {
		"Dell Inc.", "0000000", "Dell Inc.", "OptiPlex 7010", "OptiPlex 7010",
		"Dell Inc.", "A29", "06/28/2018", 3,
	};

	(void)state;
	read_sample("dell-optiplex-7010.txt", &w);
}

static void test_dump_quiet_laptop(void **state)
{
	/* `dmidecode -q`: no Handle lines, the titles start the records. */
	const struct want w = {
		"LENOVO", "20HRCTO1WW", "LENOVO", "20HRCTO1WW",
		"LENOVO_MT_20HR_BU_Think_FM_ThinkPad X1 Carbon 5th",
		"LENOVO", "N1MET70W (1.55 )", "05/10/2022", 10,
	};

	(void)state;
	read_sample("lenovo-thinkpad-quiet.txt", &w);
}

/* Reads a sample that must fail; returns the message (static). */
static const char *read_bad(const char *name)
{
	static struct fwd_err err;
	struct fwd_identity_info info;
	char *path = sample(name);

	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_set(&info, "board_vendor", "Untouched"), 0);
	assert_int_equal(fwd_identity_read_dmidecode(&info, path, &err),
			 -FWD_E_BAD_INPUT);
	/* A failure changes nothing. */
	assert_string_equal(info.id.board_vendor, "Untouched");
	assert_string_equal(info.id.source, "none");
	fwd_identity_release(&info);
	assert_non_null(strstr(err.msg, name)); /* names the file */
	assert_git_style(err.msg);
	free(path);
	return err.msg;
}

static void test_dump_bad_files(void **state)
{
	(void)state;
	assert_non_null(strstr(read_bad("garbage.bin"), "is binary data, not a dmidecode dump"));
	assert_non_null(strstr(read_bad("empty.txt"), "is empty"));
	assert_non_null(strstr(read_bad("not-dmidecode.txt"),
			       "is not a dmidecode dump: no 'DMI type' record found; run "
			       "'dmidecode > FILE' on the server"));
	assert_non_null(strstr(read_bad("truncated.txt"), "is cut short"));
}

static void test_dump_missing_and_folder(void **state)
{
	struct fwd_identity_info info;
	char *dir = sample(""), *missing = sample("no-such-dump.txt");
	struct fwd_err err = { 0 };

	(void)state;
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_read_dmidecode(&info, missing, &err),
			 -FWD_E_BAD_INPUT);
	assert_non_null(strstr(err.msg, "cannot open '"));
	assert_non_null(strstr(err.msg, "no-such-dump.txt"));
	assert_int_equal(fwd_identity_read_dmidecode(&info, dir, &err),
			 -FWD_E_BAD_INPUT);
	assert_non_null(strstr(err.msg, "is a folder"));
	assert_int_equal(fwd_identity_read_dmidecode(&info, "", &err),
			 -FWD_E_BAD_INPUT);
	fwd_identity_release(&info);
	free(dir);
	free(missing);
}

static void test_dump_huge(void **state)
{
	struct fwd_identity_info info;
	char *dir = fwd_test_mkdtemp("huge"), *path = fwd_test_path(dir, "big.txt");
	struct fwd_err err = { 0 };
	size_t len = FWD_DMI_FILE_MAX + 1;
	char *text = malloc(len);

	(void)state;
	assert_non_null(text);
	memset(text, '\n', len);
	fwd_test_write_file(path, text, len, 0644);
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_read_dmidecode(&info, path, &err),
			 -FWD_E_BAD_INPUT);
	assert_non_null(strstr(err.msg, "is larger than 4 MiB"));
	fwd_identity_release(&info);
	/* Exactly at the limit is read (and found not to be a dump). */
	fwd_test_write_file(path, text, len - 1, 0644);
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_read_dmidecode(&info, path, &err),
			 -FWD_E_BAD_INPUT);
	assert_non_null(strstr(err.msg, "is empty"));
	fwd_identity_release(&info);
	fwd_test_rm_rf(dir);
	free(text);
	free(path);
	free(dir);
}

static void test_dump_stdin(void **state)
{
	struct fwd_identity_info info;
	char *path = sample("dell-poweredge-r640.txt");
	struct fwd_err err = { 0 };
	int fd = open(path, O_RDONLY), saved = dup(0);

	(void)state;
	assert_true(fd >= 0 && saved >= 0);
	assert_int_equal(dup2(fd, 0), 0);
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_read_dmidecode(&info, "-", &err), 0);
	assert_string_equal(info.id.product_name, "PowerEdge R640");
	fwd_identity_release(&info);
	assert_int_equal(dup2(saved, 0), 0);
	close(saved);
	close(fd);
	free(path);
}

/* Parses text that must succeed. */
static void parse_ok(const char *text, struct fwd_identity_info *info)
{
	struct fwd_err err = { 0 };
	int ret;

	fwd_identity_init(info);
	ret = fwd_identity_parse_dmidecode(info, text, strlen(text), &err);
	if (ret)
		fail_msg("parse failed: %s", err.msg);
}

/* Parses text that must fail (len (size_t)-1: strlen); returns the message. */
static const char *parse_bad(const char *text, size_t len)
{
	static struct fwd_err err;
	struct fwd_identity_info info;

	if (text && len == (size_t)-1)
		len = strlen(text);
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_parse_dmidecode(&info, text, len, &err),
			 -FWD_E_BAD_INPUT);
	fwd_identity_release(&info);
	assert_git_style(err.msg);
	return err.msg;
}

static void test_dump_variants(void **state)
{
	struct fwd_identity_info info;

	(void)state;
	/* Only the first record of a type counts; nested list items and the
	 * Base Board's "Type: Motherboard" are not fields. */
	parse_ok("Handle 0x0002, DMI type 2, 15 bytes\n"
		 "Base Board Information\n"
		 "\tManufacturer: Supermicro\n"
		 "\tProduct Name: X10DRT-P\n"
		 "\tFeatures:\n"
		 "\t\tManufacturer: nested, not a field\n"
		 "\tType: Motherboard\n"
		 "\n"
		 "Handle 0x0003, DMI type 2, 15 bytes\n"
		 "Base Board Information\n"
		 "\tManufacturer: Second Board Inc.\n"
		 "\tProduct Name: second\n"
		 "\n", &info);
	assert_string_equal(info.id.board_vendor, "Supermicro");
	assert_string_equal(info.id.board_name, "X10DRT-P");
	assert_int_equal(info.id.chassis_type, 0);
	fwd_identity_release(&info);

	/* dmidecode 1.x: "... Information Block", Vendor/Product/Release keys. */
	parse_ok("# dmidecode 1.8\nSMBIOS 2.1 present.\n"
		 "Handle 0x0000\n\tDMI type 0, 19 bytes.\n\tBIOS Information Block\n"
		 "\t\tVendor: Award Software International, Inc.\n\t\tVersion: 4.51 PG\n"
		 "\t\tRelease: 09/13/00\n"
		 "Handle 0x0001\n\tDMI type 1, 25 bytes.\n\tSystem Information Block\n"
		 "\t\tVendor: VIA Technologies, Inc.\n\t\tProduct: VT82C692BX\n"
		 "Handle 0x0003\n\tDMI type 3, 13 bytes.\n\tChassis Information Block\n"
		 "\t\tChassis Type: Desktop\n", &info);
	assert_string_equal(info.id.bios_vendor, "Award Software International, Inc.");
	assert_string_equal(info.id.bios_date, "09/13/00");
	assert_string_equal(info.id.sys_vendor, "VIA Technologies, Inc.");
	assert_string_equal(info.id.product_name, "VT82C692BX");
	assert_int_equal(info.id.chassis_type, 3);
	fwd_identity_release(&info);

	/* `dmidecode -t system`: only type 1 (and 12, 15, 23, 32). */
	parse_ok("# dmidecode 3.4\nGetting SMBIOS data from sysfs.\nSMBIOS 3.2 present.\n\n"
		 "Handle 0x0100, DMI type 1, 27 bytes\nSystem Information\n"
		 "\tManufacturer: Dell Inc.\n\tProduct Name: PowerEdge R740\n\n"
		 "Handle 0x0C00, DMI type 12, 5 bytes\nSystem Configuration Options\n"
		 "\tOption 1: NVRAM_CLR:  Clear user settable NVRAM areas and set defaults\n\n"
		 "Handle 0x2000, DMI type 32, 11 bytes\nSystem Boot Information\n"
		 "\tStatus: No errors detected\n\n", &info);
	assert_string_equal(info.id.sys_vendor, "Dell Inc.");
	assert_string_equal(info.id.product_name, "PowerEdge R740");
	assert_null(info.id.board_vendor);
	fwd_identity_release(&info);

	/* A UTF-8 byte order mark, as an editor may add. */
	parse_ok("\xef\xbb\xbfHandle 0x0001, DMI type 1, 27 bytes\nSystem Information\n"
		 "\tManufacturer: HPE\n\n", &info);
	assert_string_equal(info.id.sys_vendor, "HPE");
	fwd_identity_release(&info);

	/* Cut after the records that matter: nothing lost, so it is read. */
	parse_ok("Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n"
		 "\tManufacturer: HPE\n\n"
		 "Handle 0x1100, DMI type 17, 84 bytes\nMemory Device\n\tSize: 32 G", &info);
	assert_string_equal(info.id.sys_vendor, "HPE");
	fwd_identity_release(&info);

	/* dmidecode found no tables: an empty identity, not an error. */
	parse_ok("# dmidecode 3.4\n# No SMBIOS nor DMI entry point found, sorry.\n", &info);
	assert_true(fwd_identity_is_empty(&info.id));
	assert_string_equal(info.id.source, "dmidecode");
	fwd_identity_release(&info);
}

static void test_dump_bad_text(void **state)
{
	static const char utf16[] = "\xff\xfeH\0a\0n\0d\0l\0e\0";
	static const char smbios_bin[] = "_SM3_\x1f\x18\x03\x02";
	static const char cut_at_handle[] = "Handle 0x0001, DMI type 1, 27 bytes\n"
					    "System Information\n\tManufacturer: HPE\n\nHan";
	const char *msg;

	(void)state;
	assert_non_null(strstr(parse_bad(utf16, sizeof(utf16) - 1), "is UTF-16 text"));
	assert_non_null(strstr(parse_bad(smbios_bin, sizeof(smbios_bin) - 1),
			       "dmidecode --from-dump"));
	assert_non_null(strstr(parse_bad(cut_at_handle, strlen(cut_at_handle)), "is cut short"));
	assert_non_null(strstr(parse_bad("", 0), "'input' is empty"));
	assert_non_null(strstr(parse_bad(NULL, 5), "is empty"));
	msg = parse_bad("# dmidecode 3.4\n/sys/firmware/dmi/tables/smbios_entry_point: "
			"Permission denied\nScanning /dev/mem for entry point.\n"
			"/dev/mem: Permission denied\n", (size_t)-1);
	assert_non_null(strstr(msg, "run 'sudo dmidecode > FILE'"));
	msg = parse_bad("Handle 0x1100, DMI type 17, 84 bytes\nMemory Device\n\tSize: 32 GB\n\n",
			(size_t)-1);
	assert_non_null(strstr(msg, "has no BIOS, system, base board or chassis record"));
	/* Control bytes without NUL: still binary. */
	{
		char noise[400];

		for (size_t i = 0; i < sizeof(noise); i++)
			noise[i] = (char)(1 + i % 8);
		assert_non_null(strstr(parse_bad(noise, sizeof(noise)), "is binary data"));
	}
}

/* ---- BMC ---- */

static const char mc_info_supermicro[] =
	"Device ID                 : 32\n"
	"Device Revision           : 1\n"
	"Firmware Revision         : 3.10\n"
	"IPMI Version              : 2.0\n"
	"Manufacturer ID           : 10876\n"
	"Manufacturer Name         : Super Micro Computer Inc.\n"
	"Product ID                : 2390 (0x0956)\n"
	"Product Name              : Unknown (0x956)\n"
	"Device Available          : yes\n"
	"Provides Device SDRs      : no\n"
	"Additional Device Support :\n"
	"    Sensor Device\n"
	"    SDR Repository Device\n"
	"Aux Firmware Rev Info     : \n"
	"    0x00\n    0x00\n    0x00\n    0x00\n";

static void test_mc_info(void **state)
{
	struct fwd_identity_info info;

	(void)state;
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_parse_mc_info(&info, mc_info_supermicro), 0);
	assert_true(info.id.bmc_known);
	assert_int_equal(info.id.bmc_manufacturer_id, 10876);
	assert_int_equal(info.id.bmc_product_id, 2390);
	assert_int_equal(info.id.bmc_device_id, 32);
	assert_string_equal(info.id.bmc_firmware, "3.10");
	assert_string_equal(info.id.source, "bmc");
	fwd_identity_release(&info);

	/* CRLF and a Dell iDRAC. */
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_parse_mc_info(&info,
		"Device ID                 : 32\r\nFirmware Revision         : 6.10\r\n"
		"Manufacturer ID           : 674\r\nManufacturer Name         : DELL Inc\r\n"
		"Product ID                : 256 (0x0100)\r\n"), 0);
	assert_int_equal(info.id.bmc_manufacturer_id, 674);
	assert_int_equal(info.id.bmc_product_id, 256);
	assert_string_equal(info.id.bmc_firmware, "6.10");
	fwd_identity_release(&info);

	/* No numeric Manufacturer ID: refused, nothing changed. */
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_parse_mc_info(&info, "Device ID : 32\n"), -FWD_E_BAD_INPUT);
	assert_int_equal(fwd_identity_parse_mc_info(&info, "Manufacturer ID : Dell\n"),
			 -FWD_E_BAD_INPUT);
	assert_int_equal(fwd_identity_parse_mc_info(&info, ""), -FWD_E_BAD_INPUT);
	assert_int_equal(fwd_identity_parse_mc_info(&info,
		"Error: Unable to establish IPMI v2 / RMCP+ session\n"), -FWD_E_BAD_INPUT);
	assert_false(info.id.bmc_known);
	assert_null(info.id.bmc_firmware);
	fwd_identity_release(&info);
}

static void test_set_bmc(void **state)
{
	struct fwd_identity_info info;
	struct fwd_bmc_info bmc = { .size = sizeof(bmc), .manufacturer_id = 674,
				    .product_id = 256, .device_id = 32 };

	(void)state;
	memcpy(bmc.firmware, "7.00", 5);
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_set_bmc(&info, &bmc), 0);
	assert_true(info.id.bmc_known);
	assert_int_equal(info.id.bmc_manufacturer_id, 674);
	assert_string_equal(info.id.bmc_firmware, "7.00");
	assert_string_equal(info.id.source, "bmc");
	fwd_identity_release(&info);
}

static void test_fru(void **state)
{
	struct fwd_identity_info info;

	(void)state;
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_parse_fru(&info,
		"FRU Device Description : Builtin FRU Device (ID 0)\n"
		" Chassis Type          : Other\n"
		" Chassis Part Number   : CSE-813MFTQC-R407CB\n"
		" Board Mfg Date        : Mon Jan  1 00:00:00 1996\n"
		" Board Mfg             : Supermicro\n"
		" Board Product         : X11SSH-F\n"
		" Board Serial          : ZM000000000\n"
		" Product Manufacturer  : Supermicro\n"
		" Product Name          : SYS-5019S-MR\n"
		"\n"
		"FRU Device Description : PS1 (ID 1)\n"
		" Board Mfg             : Power Supply Inc.\n"
		" Product Name          : PWS-407P-1R\n"), 0);
	assert_string_equal(info.id.fru_board_vendor, "Supermicro");
	assert_string_equal(info.id.fru_board_name, "X11SSH-F");
	assert_string_equal(info.id.fru_product_name, "SYS-5019S-MR");
	/* FRU alone does not make the BMC known. */
	assert_false(info.id.bmc_known);
	assert_int_equal(fwd_identity_parse_fru(&info, "FRU Device Description : x (ID 0)\n"),
			 -FWD_E_BAD_INPUT);
	assert_string_equal(info.id.fru_board_vendor, "Supermicro");
	/* Placeholders and control characters name nothing either (found by
	 * tests/fuzz/fuzz_fru): it said 0 and wiped the names it had. */
	assert_int_equal(fwd_identity_parse_fru(&info,
		"FRU Device Description : Builtin FRU Device (ID 0)\n"
		" Board Mfg             : To Be Filled By O.E.M.\n"
		" Board Product         : X11\026SSH\n"), -FWD_E_BAD_INPUT);
	assert_string_equal(info.id.fru_board_vendor, "Supermicro");
	assert_string_equal(info.id.fru_board_name, "X11SSH-F");
	/* A placeholder does not hide a real value after it. */
	assert_int_equal(fwd_identity_parse_fru(&info,
		"FRU Device Description : Builtin FRU Device (ID 0)\n"
		" Product Name          : Default string\n"
		" Product Name          : SYS-1029U-TRT\n"), 0);
	assert_string_equal(info.id.fru_product_name, "SYS-1029U-TRT");
	fwd_identity_release(&info);
}

/* ---- the board's name for messages ---- */

static void expect_label(const char *sample_name, const char *want)
{
	struct fwd_identity_info info;
	char *path = sample(sample_name), buf[128];
	struct fwd_err err = { 0 };

	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_read_dmidecode(&info, path, &err), 0);
	assert_string_equal(fwd_identity_board_label(&info.id, buf, sizeof(buf)), want);
	fwd_identity_release(&info);
	free(path);
}

static void test_board_label(void **state)
{
	struct fwd_identity_info info;
	char buf[128];

	(void)state;
	expect_label("supermicro-x11ssh-f.txt", "Supermicro X11SSH-F");
	/* Dell's board name is a part number: the system's name instead. */
	expect_label("dell-poweredge-r640.txt", "Dell Inc. PowerEdge R640");
	expect_label("resold-supermicro-bluechip.txt", "Supermicro X10DRi");
	expect_label("hpe-proliant-dl360-gen10.txt", "HPE ProLiant DL360 Gen10");

	/* Out-of-band: the FRU's names; nothing at all: NULL and "". */
	fwd_identity_init(&info);
	assert_null(fwd_identity_board_label(&info.id, buf, sizeof(buf)));
	assert_string_equal(buf, "");
	assert_int_equal(fwd_identity_set(&info, "fru_board_vendor", "Supermicro"), 0);
	assert_int_equal(fwd_identity_set(&info, "fru_board_name", "X11SSH-F"), 0);
	assert_string_equal(fwd_identity_board_label(&info.id, buf, sizeof(buf)),
			    "Supermicro X11SSH-F");
	fwd_identity_release(&info);
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_set(&info, "fru_board_vendor", "DELL"), 0);
	assert_int_equal(fwd_identity_set(&info, "fru_board_name", "0W23H8"), 0);
	assert_int_equal(fwd_identity_set(&info, "fru_product_name", "PowerEdge R640"), 0);
	assert_string_equal(fwd_identity_board_label(&info.id, buf, sizeof(buf)),
			    "DELL PowerEdge R640");
	fwd_identity_release(&info);
}

/* ---- JSON ---- */

static void test_json(void **state)
{
	struct fwd_identity_info info;
	static const char *const keys[] = {
		"source", "board_vendor", "board_name", "sys_vendor", "product_name",
		"product_sku", "bios_vendor", "bios_version", "bios_date", "chassis_type", "bmc",
	};
	json_t *j, *bmc;

	(void)state;
	fwd_identity_init(&info);
	j = fwd_identity_to_json(&info.id);
	assert_non_null(j);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!json_object_get(j, keys[i]))
			fail_msg("key '%s' missing", keys[i]);
	assert_string_equal(json_string_value(json_object_get(j, "source")), "none");
	assert_true(json_is_null(json_object_get(j, "board_vendor")));
	assert_true(json_is_null(json_object_get(j, "chassis_type")));
	assert_true(json_is_null(json_object_get(j, "bmc")));
	json_decref(j);

	assert_int_equal(fwd_identity_set(&info, "board_vendor", "Supermicro"), 0);
	assert_int_equal(fwd_identity_set(&info, "chassis_type", "23"), 0);
	assert_int_equal(fwd_identity_parse_mc_info(&info, mc_info_supermicro), 0);
	j = fwd_identity_to_json(&info.id);
	assert_string_equal(json_string_value(json_object_get(j, "board_vendor")), "Supermicro");
	assert_int_equal(json_integer_value(json_object_get(j, "chassis_type")), 23);
	bmc = json_object_get(j, "bmc");
	assert_true(json_is_object(bmc));
	assert_int_equal(json_integer_value(json_object_get(bmc, "manufacturer_id")), 10876);
	assert_int_equal(json_integer_value(json_object_get(bmc, "product_id")), 2390);
	assert_int_equal(json_integer_value(json_object_get(bmc, "device_id")), 32);
	assert_string_equal(json_string_value(json_object_get(bmc, "firmware")), "3.10");
	assert_true(json_is_null(json_object_get(bmc, "fru_board_vendor")));
	assert_true(json_is_null(json_object_get(bmc, "fru_board_name")));
	assert_true(json_is_null(json_object_get(bmc, "fru_product_name")));
	json_decref(j);
	fwd_identity_release(&info);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalise_table),
		cmocka_unit_test(test_normalise_cuts_long_values),
		cmocka_unit_test(test_set_fields),
		cmocka_unit_test(test_chassis_names),
		cmocka_unit_test(test_sysfs_reader),
		cmocka_unit_test(test_sysfs_without_dmi),
		cmocka_unit_test(test_dump_supermicro),
		cmocka_unit_test(test_dump_dell_r640),
		cmocka_unit_test(test_dump_resold_supermicro_old_layout),
		cmocka_unit_test(test_dump_hpe_crlf),
		cmocka_unit_test(test_dump_qemu),
		cmocka_unit_test(test_dump_optiplex),
		cmocka_unit_test(test_dump_quiet_laptop),
		cmocka_unit_test(test_dump_bad_files),
		cmocka_unit_test(test_dump_missing_and_folder),
		cmocka_unit_test(test_dump_huge),
		cmocka_unit_test(test_dump_stdin),
		cmocka_unit_test(test_board_label),
		cmocka_unit_test(test_dump_variants),
		cmocka_unit_test(test_dump_bad_text),
		cmocka_unit_test(test_mc_info),
		cmocka_unit_test(test_set_bmc),
		cmocka_unit_test(test_fru),
		cmocka_unit_test(test_json),
	};

	(void)argc;
	top = fwd_test_top_dir(fwd_test_build_dir(argv[0]));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
