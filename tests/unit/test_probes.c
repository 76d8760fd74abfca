/*
 * test_probes.c: the three built plugins' probes on the edge cases the
 * servers data does not cover or covers once: a Cisco board claiming a
 * PowerEdge, resold Supermicro boards, Dell desktops and workstations,
 * Dell DCS boxes, virtual machines, laptops, no DMI at all, identities
 * known only through the BMC.  Each case checks the scores, a reason for
 * every score (0 included) and what the core's choice makes of them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin-host/choose.h"
#include "util/ctx.h"
#include "plugin-host/host-api.h"
#include "identity/identity.h"
#include "plugin-host/plugins.h"
#include "test-util.h"

static const char *build;
static struct fwd_plugin_set set;

static int load_plugins(void **state)
{
	char *dir = fwd_test_path(build, "lib/fwdispatch/plugins");
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(fwd_plugins_load(&set, dir, fwd_host_api(), &err), 0);
	free(dir);
	assert_non_null(fwd_plugins_find(&set, "supermicro"));
	assert_non_null(fwd_plugins_find(&set, "dell"));
	assert_non_null(fwd_plugins_find(&set, "generic-hpm"));
	return 0;
}

static int unload_plugins(void **state)
{
	(void)state;
	fwd_plugins_release(&set);
	return 0;
}

/* An identity from "field", "value" pairs, NULL-terminated. */
static void make(struct fwd_identity_info *info, ...)
{
	va_list ap;
	const char *field;

	fwd_identity_init(info);
	info->id.source = "dmidecode";
	va_start(ap, info);
	while ((field = va_arg(ap, const char *))) {
		const char *value = va_arg(ap, const char *);

		assert_int_equal(fwd_identity_set(info, field, value), 0);
	}
	va_end(ap);
}

struct verdict {
	int score;
	char reason[256];
};

/* One plugin's probe, called as the core calls it. */
static struct verdict probe(const char *plugin, const struct fwd_identity *id)
{
	const struct fwd_plugin_slot *slot = fwd_plugins_find(&set, plugin);
	struct verdict v = { .score = -1 };
	struct fwd_ctx ctx;

	fwd_ctx_init(&ctx);
	assert_non_null(slot);
	memset(v.reason, 0, sizeof(v.reason));
	assert_int_equal(slot->vt->probe(&ctx, id, &v.score, v.reason, sizeof(v.reason)), 0);
	assert_in_range(v.score, 0, 100);
	/* Every score comes with a one-line reason, 0 included. */
	if (!v.reason[0] || strchr(v.reason, '\n'))
		fail_msg("%s gave score %d without a one-line reason", plugin, v.score);
	return v;
}

/* Checks one plugin's score and that its reason contains want. */
static void expect(const char *plugin, const struct fwd_identity *id, int score,
		   const char *want)
{
	struct verdict v = probe(plugin, id);

	if (v.score != score || (want && !strstr(v.reason, want)))
		fail_msg("%s: score %d '%s', expected %d with '%s'", plugin, v.score, v.reason,
			 score, want ? want : "");
}

/* The core's choice: a plugin name, or "none". */
static void expect_choice(const struct fwd_identity *id, const char *want)
{
	struct fwd_choice choice;
	struct fwd_ctx ctx;
	int ret;

	fwd_ctx_init(&ctx);
	ret = fwd_choose_plugin(&ctx, &set, id, NULL, &choice);
	if (strcmp(want, "none") == 0) {
		if (ret != -FWD_E_NO_PLUGIN)
			fail_msg("expected no plugin, got %s (%d)",
				 choice.chosen ? choice.chosen->name : "an error", ret);
		assert_non_null(strstr(ctx.err.msg, "no plugin for this machine"));
	} else {
		if (ret != 0)
			fail_msg("expected %s, got error %d: %s", want, ret, ctx.err.msg);
		assert_string_equal(choice.chosen->name, want);
	}
	fwd_choice_release(&choice);
}

static void test_cisco_claiming_poweredge(void **state)
{
	struct fwd_identity_info info;

	(void)state;
	make(&info, "board_vendor", "Cisco Systems Inc.", "board_name", "0T38HV",
	     "sys_vendor", "Cisco Systems Inc.", "product_name", "PowerEdge R710", NULL);
	expect("dell", &info.id, 0, "'Cisco Systems Inc.' is not Dell, although the product "
				    "name says 'PowerEdge R710'");
	expect("supermicro", &info.id, 0, "not Supermicro");
	expect("generic-hpm", &info.id, 20, NULL);
	expect_choice(&info.id, "generic-hpm");
	fwd_identity_release(&info);

	/* The same claim from a vendor generic-hpm does not know. */
	make(&info, "sys_vendor", "Acme Servers", "product_name", "PowerEdge R640", NULL);
	expect("dell", &info.id, 0, "is not Dell");
	fwd_identity_release(&info);
}

static void test_resold_supermicro(void **state)
{
	static const char *const resellers[][2] = {
		{ "Nutanix", "NX-3060-G5" },
		{ "iXsystems", "TrueNAS" },
		{ "Thomas-Krenn.AG", "1HE Intel Single-CPU SC813MF" },
		{ "bluechip Computer AG", NULL },
	};
	struct fwd_identity_info info;

	(void)state;
	for (size_t i = 0; i < sizeof(resellers) / sizeof(resellers[0]); i++) {
		make(&info, "board_vendor", "Supermicro", "board_name", "X10DRT-P",
		     "sys_vendor", resellers[i][0], "product_name", resellers[i][1], NULL);
		expect("supermicro", &info.id, 90, "Supermicro board X10DRT-P, sold as '");
		expect("supermicro", &info.id, 90, resellers[i][0]);
		expect("dell", &info.id, 0, NULL);
		expect("generic-hpm", &info.id, 0, "supermicro plugin");
		expect_choice(&info.id, "supermicro");
		fwd_identity_release(&info);
	}

	/* Every spelling of the manufacturer. */
	static const char *const spellings[] = {
		"Supermicro", "SUPERMICRO", "Super Micro Computer", "Super Micro Computer, Inc.",
		"SuperMicro Computer Inc", "SMCI",
	};
	for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		make(&info, "board_vendor", spellings[i], "board_name", "X11SSH-F",
		     "sys_vendor", "Supermicro", "product_name", "Super Server", NULL);
		expect("supermicro", &info.id, 90, "Supermicro board X11SSH-F");
		expect_choice(&info.id, "supermicro");
		fwd_identity_release(&info);
	}

	/* Not Supermicro: a name that only starts alike. */
	make(&info, "board_vendor", "Superb Microsystems", "board_name", "SB-1", NULL);
	expect("supermicro", &info.id, 0, "is not Supermicro");
	fwd_identity_release(&info);
}

static void test_supermicro_without_baseboard(void **state)
{
	struct fwd_identity_info info;

	(void)state;
	make(&info, "sys_vendor", "Supermicro", "product_name", "SYS-1029P-WTR", NULL);
	expect("supermicro", &info.id, 80, "no baseboard record");
	expect("generic-hpm", &info.id, 0, NULL);
	expect_choice(&info.id, "supermicro");
	fwd_identity_release(&info);

	/* The system says Supermicro but the baseboard another vendor: the
	 * baseboard decides. */
	make(&info, "board_vendor", "ASRockRack", "board_name", "ROMED8-2T",
	     "sys_vendor", "Supermicro", NULL);
	expect("supermicro", &info.id, 0, "baseboard manufacturer 'ASRockRack' is not Supermicro");
	expect_choice(&info.id, "generic-hpm");
	fwd_identity_release(&info);
}

static void test_dell_servers(void **state)
{
	static const char *const vendors[] = {
		"Dell Inc.", "Dell Inc. ", "Dell", "DELL Inc.", "Dell EMC", "Dell Computer Corporation",
		"Dell                  ",
	};
	static const char *const iDRAC_lines[] = {
		"PowerEdge R640", "PowerEdge C6420", "PowerEdge 2950", "OEM-R 720xd",
		"Precision 7920 Rack", "Precision Rack 7910", "Precision R7610",
		"XC740xd-12 CORE", "DSS 1500", "PowerVault NX3240",
	};
	struct fwd_identity_info info;

	(void)state;
	for (size_t i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++) {
		make(&info, "board_vendor", vendors[i], "board_name", "0KCKR5",
		     "sys_vendor", vendors[i], "product_name", "PowerEdge R620", NULL);
		expect("dell", &info.id, 90, "with iDRAC");
		expect("generic-hpm", &info.id, 0, "dell plugin");
		expect_choice(&info.id, "dell");
		fwd_identity_release(&info);
	}
	for (size_t i = 0; i < sizeof(iDRAC_lines) / sizeof(iDRAC_lines[0]); i++) {
		make(&info, "sys_vendor", "Dell Inc.", "product_name", iDRAC_lines[i], NULL);
		expect("dell", &info.id, 90, iDRAC_lines[i]);
		expect_choice(&info.id, "dell");
		fwd_identity_release(&info);
	}
	/* All-space board product name, as some Dell boards report. */
	make(&info, "board_vendor", "Dell Inc.", "board_name", "                      ",
	     "sys_vendor", "Dell Inc.", "product_name", "PowerEdge T420", NULL);
	assert_null(info.id.board_name);
	expect_choice(&info.id, "dell");
	fwd_identity_release(&info);
}

static void test_dell_clients(void **state)
{
	static const char *const clients[][2] = {
		{ "OptiPlex 7010", "a desktop without iDRAC" },
		{ "Latitude 7490", "a laptop without iDRAC" },
		{ "Inspiron 15 5000", "without iDRAC" },
		{ "Vostro 3670", "without iDRAC" },
		{ "XPS 13 9360", "without iDRAC" },
		{ "Precision 7920 Tower", "a Precision workstation without iDRAC" },
		{ "Precision Tower 7810", "a Precision workstation without iDRAC" },
		{ "Precision WorkStation T7500", "a Precision workstation without iDRAC" },
		{ "Precision 5520", "a Precision workstation without iDRAC" },
		{ "Alienware Aurora R7", "without iDRAC" },
		{ "Dell G15 5511", "a gaming laptop without iDRAC" },
	};
	struct fwd_identity_info info;

	(void)state;
	for (size_t i = 0; i < sizeof(clients) / sizeof(clients[0]); i++) {
		make(&info, "board_vendor", "Dell Inc.", "board_name", "0GY6Y8",
		     "sys_vendor", "Dell Inc.", "product_name", clients[i][0], NULL);
		expect("dell", &info.id, 0, clients[i][1]);
		expect("generic-hpm", &info.id, 0, NULL);
		expect("supermicro", &info.id, 0, NULL);
		expect_choice(&info.id, "none");
		fwd_identity_release(&info);
	}
}

static void test_dell_dcs_and_unknown_lines(void **state)
{
	struct fwd_identity_info info;

	(void)state;
	/* DCS cloud servers: a plain IPMI BMC, so generic-hpm's. */
	make(&info, "board_vendor", "Dell Inc.", "sys_vendor", "Dell Inc.",
	     "product_name", "CS24-TY", NULL);
	expect("dell", &info.id, 0, "DCS cloud server with a plain IPMI BMC");
	expect("generic-hpm", &info.id, 20, "DCS cloud server");
	expect_choice(&info.id, "generic-hpm");
	fwd_identity_release(&info);

	/* A Dell line nobody listed: the chassis decides. */
	make(&info, "sys_vendor", "Dell Inc.", "product_name", "Future Box 9000",
	     "chassis_type", "23", NULL);
	expect("dell", &info.id, 60, "assuming an iDRAC server");
	expect_choice(&info.id, "dell");
	fwd_identity_release(&info);
	make(&info, "sys_vendor", "Dell Inc.", "product_name", "Future Box 9000",
	     "chassis_type", "3", NULL);
	expect("dell", &info.id, 0, "not a listed server line");
	expect_choice(&info.id, "none");
	fwd_identity_release(&info);
}

static void test_virtual_machines(void **state)
{
	static const char *const vms[][3] = {
		{ "QEMU", "Standard PC (i440FX + PIIX, 1996)", "QEMU" },
		{ "Red Hat", "KVM", "KVM" },
		{ "VMware, Inc.", "VMware Virtual Platform", "VMware" },
		{ "innotek GmbH", "VirtualBox", "VirtualBox" },
		{ "Microsoft Corporation", "Virtual Machine", "Hyper-V" },
		{ "Xen", "HVM domU", "Xen" },
		{ "Amazon EC2", "m5.large", "Amazon EC2" },
		{ "Google", "Google Compute Engine", "Google Compute Engine" },
		{ "Parallels Software International Inc.", "Parallels Virtual Platform", "Parallels" },
		{ "Bochs", "Bochs", "Bochs" },
		{ "OpenStack Foundation", "OpenStack Nova", "OpenStack" },
	};
	struct fwd_identity_info info;

	(void)state;
	for (size_t i = 0; i < sizeof(vms) / sizeof(vms[0]); i++) {
		make(&info, "sys_vendor", vms[i][0], "product_name", vms[i][1],
		     "chassis_type", "1", NULL);
		expect("supermicro", &info.id, 0, vms[i][2]);
		expect("dell", &info.id, 0, "virtual machine");
		expect("generic-hpm", &info.id, 0, "virtual machine");
		expect_choice(&info.id, "none");
		fwd_identity_release(&info);
	}
	/* A hypervisor that copies the host's strings still says what it is. */
	make(&info, "board_vendor", "Supermicro", "board_name", "X11SSH-F",
	     "sys_vendor", "QEMU", "product_name", "Standard PC (Q35 + ICH9, 2009)", NULL);
	expect("supermicro", &info.id, 0, "virtual machine (QEMU)");
	expect_choice(&info.id, "none");
	fwd_identity_release(&info);
}

static void test_clients_of_other_vendors(void **state)
{
	struct fwd_identity_info info;

	(void)state;
	/* ASUS desktop board: placeholders everywhere, desktop chassis. */
	make(&info, "board_vendor", "ASUSTeK COMPUTER INC.", "board_name", "PRIME Z390-A",
	     "sys_vendor", "System manufacturer", "product_name", "System Product Name",
	     "chassis_type", "3", NULL);
	assert_null(info.id.sys_vendor);
	assert_null(info.id.product_name);
	expect("generic-hpm", &info.id, 0, "a desktop, no BMC");
	expect_choice(&info.id, "none");
	fwd_identity_release(&info);

	/* A laptop of any vendor, by its chassis. */
	make(&info, "board_vendor", "ASUSTeK COMPUTER INC.", "board_name", "X550LD",
	     "sys_vendor", "ASUSTeK COMPUTER INC.", "product_name", "X550LD",
	     "chassis_type", "Notebook", NULL);
	expect("generic-hpm", &info.id, 0, "portable computer");
	expect_choice(&info.id, "none");
	fwd_identity_release(&info);

	/* Laptop and workstation lines, by name. */
	make(&info, "sys_vendor", "LENOVO", "product_name", "20HRCTO1WW",
	     "product_sku", "LENOVO_MT_20HR_BU_Think_FM_ThinkPad X1 Carbon 5th", NULL);
	expect("generic-hpm", &info.id, 0, "a laptop without a BMC");
	expect_choice(&info.id, "none");
	fwd_identity_release(&info);
	make(&info, "sys_vendor", "HP", "product_name", "HP Z8 G4 Workstation",
	     "chassis_type", "7", NULL);
	expect("generic-hpm", &info.id, 0, "tower workstation without a BMC");
	fwd_identity_release(&info);
	make(&info, "sys_vendor", "Apple Inc.", "product_name", "MacBookPro14,1", NULL);
	expect("generic-hpm", &info.id, 0, "without a BMC");
	expect_choice(&info.id, "none");
	fwd_identity_release(&info);
	make(&info, "board_vendor", "Intel Corporation", "board_name", "NUC8BEB",
	     "sys_vendor", "Intel(R) Client Systems", "product_name", "NUC8i7BEH", NULL);
	expect("generic-hpm", &info.id, 0, "a mini PC");
	fwd_identity_release(&info);
}

static void test_other_servers(void **state)
{
	struct fwd_identity_info info;

	(void)state;
	/* A ProLiant with an iLO 5 or 6 goes to the hpe plugin (over Redfish);
	 * generic-hpm still scores it, lower. */
	make(&info, "sys_vendor", "HPE", "product_name", "ProLiant DL380 Gen10",
	     "chassis_type", "23", NULL);
	expect("generic-hpm", &info.id, 20, "HPE ProLiant server");
	expect("hpe", &info.id, 80, "over Redfish");
	expect("dell", &info.id, 0, "not Dell");
	expect("supermicro", &info.id, 0, NULL);
	expect_choice(&info.id, "hpe");
	fwd_identity_release(&info);
	/* A ThinkSystem (XCC) goes to the lenovo plugin; a System x (IMM2) and
	 * the XCC-less ST50 do not. */
	make(&info, "sys_vendor", "Lenovo", "product_name", "ThinkSystem SR650 V2",
	     "chassis_type", "23", NULL);
	expect("lenovo", &info.id, 80, "over Redfish");
	expect_choice(&info.id, "lenovo");
	fwd_identity_release(&info);
	make(&info, "sys_vendor", "LENOVO", "product_name", "System x3650 M5: -[8871AC1]-",
	     "chassis_type", "23", NULL);
	expect("lenovo", &info.id, 0, "not a Lenovo ThinkSystem");
	expect_choice(&info.id, "generic-hpm");
	fwd_identity_release(&info);
	make(&info, "sys_vendor", "Lenovo", "product_name", "ThinkSystem ST50",
	     "chassis_type", "7", NULL);
	expect("lenovo", &info.id, 0, NULL);
	fwd_identity_release(&info);
	/* Gen9 (iLO 4) and the iLO-less MicroServer Gen10 stay with generic-hpm. */
	make(&info, "sys_vendor", "HP", "product_name", "ProLiant DL360 Gen9",
	     "chassis_type", "23", NULL);
	expect("hpe", &info.id, 0, "before Gen10");
	expect_choice(&info.id, "generic-hpm");
	fwd_identity_release(&info);
	make(&info, "sys_vendor", "HPE", "product_name", "ProLiant MicroServer Gen10",
	     "chassis_type", "7", NULL);
	expect("hpe", &info.id, 0, "no iLO");
	fwd_identity_release(&info);

	/* An unknown vendor in a rack chassis: a server. */
	make(&info, "board_vendor", "Acme Boards", "board_name", "AB-1000",
	     "sys_vendor", "Acme Boards", "product_name", "AB-1000", "chassis_type", "23", NULL);
	expect("generic-hpm", &info.id, 20, "chassis type 'Rack Mount Chassis'");
	expect_choice(&info.id, "generic-hpm");
	fwd_identity_release(&info);

	/* An unknown vendor and nothing else: no plugin, and says how to force. */
	make(&info, "board_vendor", "Acme Boards", "board_name", "AB-1000",
	     "sys_vendor", "Acme Boards", "product_name", "AB-1000", NULL);
	expect("generic-hpm", &info.id, 0, "force with --plugin generic-hpm");
	expect_choice(&info.id, "none");
	fwd_identity_release(&info);
}

static void test_no_dmi_at_all(void **state)
{
	struct fwd_identity_info info;

	(void)state;
	fwd_identity_init(&info);
	expect("supermicro", &info.id, 0, "no DMI data");
	expect("dell", &info.id, 0, "no DMI data");
	expect("generic-hpm", &info.id, 0, "no DMI data");
	expect_choice(&info.id, "none");
	fwd_identity_release(&info);

	/* A host older than ABI 1.0's identity: refused politely. */
	make(&info, "board_vendor", "Supermicro", NULL);
	info.id.size = offsetof(struct fwd_identity, bmc_known);
	expect("supermicro", &info.id, 0, "ABI 1.0 fields missing");
	expect("dell", &info.id, 0, "ABI 1.0 fields missing");
	expect("generic-hpm", &info.id, 0, "ABI 1.0 fields missing");
	info.id.size = sizeof(info.id);
	fwd_identity_release(&info);
}

static void test_bmc_only(void **state)
{
	struct fwd_identity_info info;

	(void)state;
	/* Out-of-band, no SMBIOS: the BMC's IANA manufacturer decides. */
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_parse_mc_info(&info,
		"Device ID : 32\nFirmware Revision : 3.10\nManufacturer ID : 10876\n"
		"Product ID : 2390 (0x0956)\n"), 0);
	expect("supermicro", &info.id, 90, "BMC manufacturer ID 10876 is Supermicro");
	expect("dell", &info.id, 0, "is not Dell (674)");
	expect("generic-hpm", &info.id, 0, "supermicro plugin");
	expect_choice(&info.id, "supermicro");
	fwd_identity_release(&info);

	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_parse_mc_info(&info,
		"Device ID : 32\nFirmware Revision : 6.10\nManufacturer ID : 674\n"
		"Product ID : 256 (0x0100)\n"), 0);
	expect("dell", &info.id, 85, "BMC manufacturer ID 674 is Dell");
	expect("supermicro", &info.id, 0, "is not Supermicro (10876)");
	expect("generic-hpm", &info.id, 0, NULL);
	expect_choice(&info.id, "dell");
	fwd_identity_release(&info);

	/* Another vendor's BMC (Intel, 343): the HPM.1 fallback. */
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_parse_mc_info(&info,
		"Device ID : 33\nFirmware Revision : 2.48\nManufacturer ID : 343\n"
		"Product ID : 123 (0x007b)\n"), 0);
	expect("generic-hpm", &info.id, 20, "a BMC answers (manufacturer ID 343)");
	expect_choice(&info.id, "generic-hpm");
	fwd_identity_release(&info);

	/* FRU alone, no mc info. */
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_set(&info, "fru_board_vendor", "Supermicro"), 0);
	assert_int_equal(fwd_identity_set(&info, "fru_board_name", "X11SSH-F"), 0);
	expect("supermicro", &info.id, 85, "FRU board manufacturer");
	expect_choice(&info.id, "supermicro");
	fwd_identity_release(&info);

	/* SMBIOS and BMC agree: a little more certain. */
	make(&info, "board_vendor", "Supermicro", "board_name", "X11SSH-F", NULL);
	assert_int_equal(fwd_identity_parse_mc_info(&info, "Manufacturer ID : 10876\n"), 0);
	expect("supermicro", &info.id, 95, "agrees");
	fwd_identity_release(&info);
	make(&info, "sys_vendor", "Dell Inc.", "product_name", "PowerEdge R750", NULL);
	assert_int_equal(fwd_identity_parse_mc_info(&info, "Manufacturer ID : 674\n"), 0);
	expect("dell", &info.id, 95, "agrees");
	fwd_identity_release(&info);

	/* They disagree: the BMC's vendor scores low, SMBIOS's plugin wins. */
	make(&info, "sys_vendor", "Dell Inc.", "board_vendor", "Dell Inc.",
	     "product_name", "PowerEdge R750", NULL);
	assert_int_equal(fwd_identity_parse_mc_info(&info, "Manufacturer ID : 10876\n"), 0);
	expect("supermicro", &info.id, 40, "but the baseboard manufacturer is 'Dell Inc.'");
	expect_choice(&info.id, "dell");
	fwd_identity_release(&info);
}

/* The update entry points say clearly that they are not written yet.
 * The issues that write them replace this test with real ones. */
/* Every in-tree plugin fills every entry point of ABI 1.0; job_status
 * (1.1) is the Dell plugin's, for BIOS jobs that run at the next reboot. */
static void test_every_entry_point_is_there(void **state)
{
	static const char *const names[] = { "supermicro", "dell", "generic-hpm" };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		const struct fwd_plugin_slot *slot = fwd_plugins_find(&set, names[i]);

		assert_non_null(slot);
		assert_int_equal(slot->abi_minor, FWD_ABI_MINOR);
		assert_non_null(slot->vt->read_versions);
		assert_non_null(slot->vt->backup);
		assert_non_null(slot->vt->flash_bmc);
		assert_non_null(slot->vt->stage_bios);
		assert_non_null(slot->vt->recovery_hints);
	}
	assert_non_null(fwd_plugins_find(&set, "dell")->vt->job_status);
}

/* The Redfish-only plugins (hpe, lenovo), called in band without --redfish:
 * every entry point that would touch the BMC refuses, naming --redfish,
 * and fills nothing. */
static void test_redfish_only_plugins_in_band(void **state)
{
	static const char *const names[] = { "hpe", "lenovo" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		const struct fwd_plugin_slot *slot = fwd_plugins_find(&set, names[i]);
		struct fwd_identity_info info;
		struct fwd_versions v = { .size = sizeof(v) };
		struct fwd_ctx ctx;

		assert_non_null(slot);
		make(&info, "sys_vendor", i ? "Lenovo" : "HPE", "product_name",
		     i ? "ThinkSystem SR650 V2" : "ProLiant DL380 Gen10", NULL);
		fwd_ctx_init(&ctx);
		assert_int_equal(slot->vt->read_versions(&ctx, &info.id, FWD_VERSION_BMC, &v),
				 -FWD_E_REFUSED);
		assert_non_null(strstr(ctx.err.msg, "--redfish"));
		assert_non_null(strstr(ctx.err.msg, "nothing was changed"));
		assert_string_equal(v.bmc, "");
		fwd_ctx_init(&ctx);
		assert_int_equal(slot->vt->preflight(&ctx, &info.id, FWD_PART_BMC, NULL),
				 -FWD_E_REFUSED);
		assert_non_null(strstr(ctx.err.msg, "over Redfish"));
		fwd_identity_release(&info);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cisco_claiming_poweredge),
		cmocka_unit_test(test_resold_supermicro),
		cmocka_unit_test(test_supermicro_without_baseboard),
		cmocka_unit_test(test_dell_servers),
		cmocka_unit_test(test_dell_clients),
		cmocka_unit_test(test_dell_dcs_and_unknown_lines),
		cmocka_unit_test(test_virtual_machines),
		cmocka_unit_test(test_clients_of_other_vendors),
		cmocka_unit_test(test_other_servers),
		cmocka_unit_test(test_no_dmi_at_all),
		cmocka_unit_test(test_bmc_only),
		cmocka_unit_test(test_every_entry_point_is_there),
		cmocka_unit_test(test_redfish_only_plugins_in_band),
	};

	(void)argc;
	build = fwd_test_build_dir(argv[0]);
	return cmocka_run_group_tests(tests, load_plugins, unload_plugins);
}
