/*
 * test_captures.c: every parser against output people captured on real
 * BMCs and published (tests/data/captures/, each file's source in its
 * PROVENANCE.md).  Each test reads one capture and checks the values a
 * person reads in it: addresses, users and privileges, revisions, IDs,
 * board names, job states.  The ipmitool parsers are called directly; what
 * sum, racadm and `ipmitool hpm` print is read by the plugins themselves
 * (loaded from the build, as fwdispatch loads them, against the scripted
 * host of tests/support/mock-host.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identity/identity.h"
#include "ipmi/bmc.h"
#include "ipmi/lan.h"
#include "mock-host.h"
#include "plugin-load.h"
#include "test-util.h"

static const char *top, *build;
static fwd_plugin_entry_fn sm_entry, dell_entry, ghpm_entry;
static void *handles[3];

/* ---- reading captures ---- */

/* The capture's bytes, NUL-terminated, malloc'd; aborts when unreadable
 * (a missing capture must never look like a passing test). */
static char *capture(const char *name)
{
	char *rel, *path, *text;
	FILE *f;
	long len;

	if (asprintf(&rel, "tests/data/captures/%s", name) < 0)
		abort();
	path = fwd_test_path(top, rel);
	free(rel);
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "cannot read capture '%s'\n", path);
		abort();
	}
	text = malloc((size_t)len + 1);
	if (!text || fread(text, 1, (size_t)len, f) != (size_t)len)
		abort();
	text[len] = '\0';
	fclose(f);
	free(path);
	return text;
}

#define assert_contains(hay, needle)                                             \
	do {                                                                     \
		const char *hay_ = (hay);                                        \
		if (!hay_ || !strstr(hay_, (needle)))                            \
			fail_msg("'%s' not in: %s", (needle), hay_ ? hay_ : "(null)"); \
	} while (0)

/* ---- ipmitool lan print ---- */

#define ALL_AND_MAC (FWD_LAN_F_ALL | FWD_LAN_F_MAC)

static const struct lan_case {
	const char *file;
	unsigned known;            /* exactly these FWD_LAN_F_* were read */
	enum fwd_lan_ipsrc src;
	const char *ip, *mask, *gateway, *mac;
	int vlan;
} lan_cases[] = {
	/* OpenBMC in QEMU: empty Auth Type lines, DHCP. */
	{ "ipmitool-lan-print-openbmc-qemu-palmetto-openbmc-issue3704.txt", ALL_AND_MAC,
	  FWD_LAN_IPSRC_DHCP, "10.0.2.15", "255.255.255.0", "10.0.2.2", "52:2e:32:a5:86:66",
	  FWD_LAN_VLAN_OFF },
	/* An AMI BMC on VLAN 1013. */
	{ "ipmitool-lan-print-ami-vlan-ipmitool-issue283.txt", ALL_AND_MAC,
	  FWD_LAN_IPSRC_STATIC, "10.82.113.116", "255.255.255.0", "10.82.113.1",
	  "a0:42:3f:3d:96:be", 1013 },
	/* An Intel BMC never configured: static 0.0.0.0 everywhere. */
	{ "ipmitool-lan-print-intel-puppet-ipmi-pr14.txt", ALL_AND_MAC,
	  FWD_LAN_IPSRC_STATIC, "0.0.0.0", "0.0.0.0", "0.0.0.0", "00:1e:67:58:97:56",
	  FWD_LAN_VLAN_OFF },
	/* An HP iLO: no SNMP, backup gateway or cipher lines. */
	{ "ipmitool-lan-print-hp-ilo-fusioninventory-issue140.txt", ALL_AND_MAC,
	  FWD_LAN_IPSRC_DHCP, "192.168.191.119", "255.255.252.0", "192.168.190.254",
	  "00:1b:78:df:c7:48", FWD_LAN_VLAN_OFF },
	/* The reporter blanked the address and the gateway ("xx.xx.xx.xx"):
	 * those stay unknown, the rest is read. */
	{ "ipmitool-lan-print-1-witherspoon-openbmc-issue3036.txt",
	  FWD_LAN_F_IP_SOURCE | FWD_LAN_F_NETMASK | FWD_LAN_F_VLAN | FWD_LAN_F_MAC,
	  FWD_LAN_IPSRC_STATIC, "", "255.255.252.0", "", "70:e2:84:14:24:a6",
	  FWD_LAN_VLAN_OFF },
	/* The second channel of the same BMC: "Unspecified", no MAC, no
	 * gateway, no VLAN line at all. */
	{ "ipmitool-lan-print-2-witherspoon-openbmc-issue3036.txt",
	  FWD_LAN_F_IP_SOURCE | FWD_LAN_F_IP | FWD_LAN_F_NETMASK,
	  FWD_LAN_IPSRC_NONE, "0.0.0.0", "255.255.252.0", "", "", FWD_LAN_VLAN_OFF },
	/* Supermicro, ipmitool 1.8.x before 1.8.18. */
	{ "ipmitool-lan-print-supermicro-static-go-hal.txt", ALL_AND_MAC,
	  FWD_LAN_IPSRC_STATIC, "10.248.36.246", "255.255.252.0", "10.248.36.1",
	  "0c:c4:7a:ed:3e:27", FWD_LAN_VLAN_OFF },
	/* Supermicro, ipmitool 1.8.18 or later (the lockout lines at the end),
	 * trailing blanks after the auth types. */
	{ "ipmitool-lan-print-supermicro-dhcp-go-hal.txt", ALL_AND_MAC,
	  FWD_LAN_IPSRC_DHCP, "192.168.2.53", "255.255.255.0", "192.168.2.1",
	  "ac:1f:6b:73:c9:f0", FWD_LAN_VLAN_OFF },
	/* Lenovo. */
	{ "ipmitool-lan-print-lenovo-19046-nodeconfig-operator.txt", ALL_AND_MAC,
	  FWD_LAN_IPSRC_STATIC, "192.168.111.202", "255.255.255.0", "192.168.111.1",
	  "08:94:ef:01:ed:c4", FWD_LAN_VLAN_OFF },
};

static void check_lan(const struct lan_case *c, const struct fwd_lan *lan)
{
	if (lan->known != c->known)
		fail_msg("%s: known 0x%x, expected 0x%x", c->file, lan->known, c->known);
	assert_int_equal(lan->ip_source, c->src);
	if (c->known & FWD_LAN_F_IP)
		assert_string_equal(lan->ip, c->ip);
	if (c->known & FWD_LAN_F_NETMASK)
		assert_string_equal(lan->netmask, c->mask);
	if (c->known & FWD_LAN_F_GATEWAY)
		assert_string_equal(lan->gateway, c->gateway);
	if (c->known & FWD_LAN_F_MAC)
		assert_string_equal(lan->mac, c->mac);
	if (c->known & FWD_LAN_F_VLAN)
		assert_int_equal(lan->vlan, c->vlan);
}

static void test_lan_print(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(lan_cases) / sizeof(lan_cases[0]); i++) {
		char *text = capture(lan_cases[i].file);
		struct fwd_lan lan;

		assert_int_equal(fwd_lan_parse_print(text, &lan), 0);
		check_lan(&lan_cases[i], &lan);
		free(text);
	}
}

/* ---- ipmitool channel info ---- */

static void test_channel_info(void **state)
{
	char medium[32];
	char *lan = capture("ipmitool-channel-info-openbmc-802-3-lan-xcat-issue6454.txt");
	char *other = capture("ipmitool-channel-info-openbmc-other-lan-xcat-issue6454.txt");

	(void)state;
	assert_int_equal(fwd_lan_parse_channel_info(lan, 1, medium, sizeof(medium)), 1);
	assert_string_equal(medium, "802.3 LAN");
	/* The heading names channel 0x1: it is no answer about channel 2. */
	assert_int_equal(fwd_lan_parse_channel_info(lan, 2, medium, sizeof(medium)),
			 -FWD_E_BAD_INPUT);

	/* Earlier OpenBMC builds called the same channel "Other LAN"; ipmitool
	 * runs `lan print` on either medium (is_lan_channel in ipmi_lanp.c). */
	assert_int_equal(fwd_lan_parse_channel_info(other, 1, medium, sizeof(medium)), 1);
	assert_string_equal(medium, "Other LAN");
	free(lan);
	free(other);
}

/* ---- ipmitool user list ---- */

static void assert_user(const struct fwd_lan_user *u, unsigned id, const char *name,
			int callin, int link_auth, int ipmi_msg, const char *privilege)
{
	assert_int_equal(u->id, id);
	assert_string_equal(u->name, name);
	assert_int_equal(u->callin, callin);
	assert_int_equal(u->link_auth, link_auth);
	assert_int_equal(u->ipmi_msg, ipmi_msg);
	assert_string_equal(u->privilege, privilege);
	assert_int_equal(u->enabled, -1);
}

static void test_user_list_openbmc(void **state)
{
	char *text = capture("ipmitool-user-list-openbmc-phosphor-host-ipmid-issue124.txt");
	struct fwd_lan_user *users;
	size_t n;

	(void)state;
	assert_int_equal(fwd_lan_parse_users(text, &users, &n), 0);
	assert_int_equal(n, 15);
	/* root cannot call in, yet has link auth and IPMI messaging. */
	assert_user(&users[0], 1, "root", 0, 1, 1, "ADMINISTRATOR");
	/* Empty slots: no name at all between the ID and the flags. */
	assert_user(&users[1], 2, "", 1, 0, 0, "NO ACCESS");
	assert_user(&users[9], 10, "", 1, 0, 0, "NO ACCESS");
	assert_user(&users[14], 15, "", 1, 0, 0, "NO ACCESS");
	free(users);
	free(text);
}

static void test_user_list_lenovo(void **state)
{
	char *text = capture("ipmitool-user-list-lenovo-empty-user-nodeconfig-operator.txt");
	struct fwd_lan_user *users;
	size_t n;

	(void)state;
	assert_int_equal(fwd_lan_parse_users(text, &users, &n), 0);
	assert_int_equal(n, 13);
	assert_user(&users[0], 1, "", 1, 0, 0, "NO ACCESS");
	assert_user(&users[1], 2, "Administrator", 1, 0, 1, "ADMINISTRATOR");
	/* This BMC names its empty slots "(Empty User)": no user is called
	 * that, every such slot is empty, as slot 1 is. */
	for (size_t i = 2; i < n; i++)
		assert_user(&users[i], (unsigned)i + 1, "", 1, 0, 1, "NO ACCESS");
	free(users);
	free(text);
}

/* The backup records those slots as empty: no user named "(Empty User)".
 * They have IPMI messaging on, with NO ACCESS on the channel: the human
 * report shows only the one user in use. */
static void test_user_list_lenovo_json(void **state)
{
	char *text = capture("ipmitool-user-list-lenovo-empty-user-nodeconfig-operator.txt");
	struct fwd_lan_user *users;
	json_t *arr, *u;
	size_t n, i, named = 0, in_use = 0;

	(void)state;
	assert_int_equal(fwd_lan_parse_users(text, &users, &n), 0);
	arr = fwd_lan_users_to_json(users, n);
	assert_int_equal(json_array_size(arr), 13);
	json_array_foreach(arr, i, u) {
		const char *name = json_string_value(json_object_get(u, "name"));

		assert_non_null(name);
		if (*name) {
			assert_string_equal(name, "Administrator");
			named++;
		}
		if (fwd_lan_user_json_in_use(u)) {
			assert_int_equal(i, 1);
			in_use++;
		}
	}
	assert_int_equal(named, 1);
	assert_int_equal(in_use, 1);
	json_decref(arr);
	free(users);
	free(text);
}

/* A row pasted without ipmitool's header is not a user list: refused
 * rather than half-read. */
static void test_user_list_without_header(void **state)
{
	char *text = capture("ipmitool-user-list-row-only-ipmitool-issue31.txt");
	struct fwd_lan_user *users = NULL;
	size_t n = 1;

	(void)state;
	assert_int_equal(fwd_lan_parse_users(text, &users, &n), -FWD_E_BAD_INPUT);
	assert_null(users);
	assert_int_equal(n, 0);
	free(text);
}

/* ---- ipmitool channel getaccess ---- */

static void test_getaccess(void **state)
{
	char *openbmc =
		capture("ipmitool-channel-getaccess-openbmc-phosphor-host-ipmid-issue125.txt");
	char *old = capture("ipmitool-channel-getaccess-no-enable-status-ipmitool-issue31.txt");
	struct fwd_lan_user users[2] = {
		{ .id = 2, .enabled = -1 }, { .id = 6, .enabled = -1 },
	};

	(void)state;
	/* User 2 enabled, whatever the reporter wrote after the other values. */
	assert_int_equal(fwd_lan_parse_access(openbmc, users, 2), 1);
	assert_int_equal(users[0].enabled, 1);
	assert_int_equal(users[1].enabled, -1);

	/* ipmitool before 1.8.18 prints no Enable Status: user 6 stays unknown. */
	assert_int_equal(fwd_lan_parse_access(old, users, 2), 0);
	assert_int_equal(users[1].enabled, -1);
	free(openbmc);
	free(old);
}

/* ---- ipmitool mc info ---- */

static const struct mc_case {
	const char *file;
	uint32_t manufacturer_id, product_id, device_id;
	unsigned device_revision;
	const char *firmware, *manufacturer_name, *ipmi_version;
	uint8_t aux[4];
} mc_cases[] = {
	/* IANA 15370, which ipmitool does not name. */
	{ "ipmitool-mc-info-fmadio-ast2500-fmadio-docs.txt", 15370, 308, 32, 1, "12.41",
	  "Unknown (0x3C0A)", "2.0", { 0x0d, 0x00, 0x00, 0x00 } },
	/* Dell iDRAC (major.minor only: 7.00). */
	{ "ipmitool-mc-info-idrac-go-hal.txt", 674, 256, 32, 1, "7.00", "Dell Inc.", "2.0",
	  { 0x00, 0x03, 0x00, 0xb7 } },
	/* Intel S2600WFT, pasted with its padding collapsed to a few blanks. */
	{ "ipmitool-mc-info-intel-s2600wft-ipmitool-issue155.txt", 343, 123, 34, 1, "1.74",
	  "Unknown (0x157)", "2.0", { 0x2a, 0x40, 0x39, 0xee } },
	/* Lenovo: no Aux Firmware Rev Info section. */
	{ "ipmitool-mc-info-lenovo-19046-nodeconfig-operator.txt", 19046, 1044, 32, 0, "5.40",
	  "Unknown (0x4A66)", "2.0", { 0, 0, 0, 0 } },
};

static void test_mc_info(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(mc_cases) / sizeof(mc_cases[0]); i++) {
		const struct mc_case *c = &mc_cases[i];
		char *text = capture(c->file);
		struct fwd_bmc_info bmc;

		assert_int_equal(fwd_bmc_parse_mc_info(text, &bmc), 0);
		assert_int_equal(bmc.manufacturer_id, c->manufacturer_id);
		assert_int_equal(bmc.product_id, c->product_id);
		assert_int_equal(bmc.device_id, c->device_id);
		assert_int_equal(bmc.device_revision, c->device_revision);
		assert_string_equal(bmc.firmware, c->firmware);
		assert_string_equal(bmc.manufacturer_name, c->manufacturer_name);
		assert_string_equal(bmc.ipmi_version, c->ipmi_version);
		assert_int_equal(bmc.device_available, 1);
		assert_memory_equal(bmc.aux, c->aux, 4);
		free(text);
	}
}

/* The identity takes the BMC's side from the same text. */
static void test_mc_info_identity(void **state)
{
	char *text = capture("ipmitool-mc-info-idrac-go-hal.txt");
	struct fwd_identity_info info;

	(void)state;
	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_parse_mc_info(&info, text), 0);
	assert_int_equal(info.id.bmc_known, 1);
	assert_int_equal(info.id.bmc_manufacturer_id, 674);
	assert_int_equal(info.id.bmc_product_id, 256);
	assert_string_equal(info.id.bmc_firmware, "7.00");
	fwd_identity_release(&info);
	free(text);
}

/* ---- ipmitool fru print ---- */

static void check_fru(const char *file, const char *vendor, const char *board,
		      const char *product)
{
	char *text = capture(file);
	struct fwd_identity_info info;

	fwd_identity_init(&info);
	assert_int_equal(fwd_identity_parse_fru(&info, text), 0);
	assert_string_equal(info.id.fru_board_vendor, vendor);
	assert_string_equal(info.id.fru_board_name, board);
	assert_string_equal(info.id.fru_product_name, product);
	fwd_identity_release(&info);
	free(text);
}

static void test_fru_print(void **state)
{
	(void)state;
	/* Lines padded with blanks to the terminal's width; the power supplies'
	 * and backplane's Board Mfg/Product that follow are not the board. */
	check_fru("ipmitool-fru-print-dell-r540-go-hal.txt", "DELL", "PowerEdge R540",
		  "PowerEdge R540");
	/* An ATCA blade's IPMC (`fru list`, the same printer). */
	check_fru("ipmitool-fru-print-cern-apollo-ipmc-eshazen-wiki.txt", "Cirly/Addax",
		  "TEST_FRUFROLLBACK", "APOLLO-BLADE");
}

/* ---- the plugins ---- */

static const struct fwd_plugin *start(struct fwd_mock *m, fwd_plugin_entry_fn entry)
{
	const struct fwd_plugin *vt;

	fwd_mock_init(m);
	vt = entry(fwd_mock_api(m));
	assert_non_null(vt);
	return vt;
}

static void finish(struct fwd_mock *m)
{
	if (m->unscripted)
		fail_msg("%zu tool call(s) without a scripted answer", m->unscripted);
	fwd_mock_release(m);
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("'%s' is not a string", key);
	return json_string_value(v);
}

#define HPM_IMAGE "/var/lib/fwdispatch/staging/bmc-Ab12Cd.hpm"

/* components: what the image's upload records hold, "ID=M.mm,..." */
static struct fwd_flash_request hpm_request(const char *version, unsigned flags,
					    const char *components)
{
	struct fwd_flash_request req = { .size = sizeof(req) };
	unsigned id, major, minor;
	int used;

	req.image_path = HPM_IMAGE;
	req.sha256 = "00";
	req.format = "hpm1";
	req.flags = flags;
	req.version = version;
	while (components && sscanf(components, "%u=%u.%2x%n", &id, &major, &minor, &used) == 3) {
		assert_true(id < 8);
		req.hpm_components |= 1u << id;
		req.hpm_revisions[id][0] = (uint8_t)major;
		req.hpm_revisions[id][1] = (uint8_t)minor;
		components += used + (components[used] == ',');
	}
	return req;
}

/*
 * A resumed run asks `hpm check` whether every component the image uploads
 * already has the image's revision active (then only the reset is
 * missing).  On these Supermicro BMCs every row starts with '*' (the
 * component needs a payload cold reset).
 */
static void check_hpm_resume_req(const char *file, struct fwd_flash_request req,
				 int asks, int skipped)
{
	struct fwd_bmc_flashed next = { .size = sizeof(next) };
	json_t *result = json_object();
	char *text = capture(file);
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m, ghpm_entry);
	int ret;

	if (asks)
		fwd_mock_reply(&m, "ipmitool", 0, text, "");
	if (!skipped)
		fwd_mock_reply_fail(&m, "ipmitool", -FWD_E_TOOL_MISSING, "'ipmitool' not found");
	ret = vt->flash_bmc(fwd_mock_ctx(&m), NULL, &req, &next, (struct fwd_json *)result);
	if (asks)
		assert_string_equal(fwd_mock_call_line(&m, 0), "ipmitool hpm check");
	if (skipped) {
		assert_int_equal(ret, 0);
		assert_int_equal(m.n_calls, 1);
		assert_int_equal(fwd_mock_step_state(&m, "bmc-upload", NULL), FWD_STEP_SKIPPED);
	} else {
		assert_int_equal(ret, -FWD_E_TOOL_MISSING);
		assert_int_equal(m.n_calls, asks + 1);
		assert_string_equal(fwd_mock_call_line(&m, (size_t)asks),
				    "ipmitool hpm upgrade " HPM_IMAGE " force activate");
	}
	json_decref(result);
	free(text);
	finish(&m);
}

static void check_hpm_resume(const char *file, const char *version, const char *components,
			     int skipped)
{
	check_hpm_resume_req(file, hpm_request(version, FWD_FLASH_RESUME, components), 1,
			     skipped);
}

#define HPM_0933 "ipmitool-hpm-check-supermicro-0933-xcat-issue3460.txt"
#define HPM_0985 "ipmitool-hpm-check-supermicro-0985-xcat-pr6277.txt"

static void test_hpm_check(void **state)
{
	struct fwd_flash_request old;

	(void)state;
	check_hpm_resume(HPM_0985, "2.04", "0=2.04", 1);
	check_hpm_resume(HPM_0933, "1.14", "0=1.14", 1);
	check_hpm_resume(HPM_0985, "2.05", "0=2.05", 0);
	/* 9.20 is the PNOR's (component 1), not the BMC's: an image that
	 * gives the BMC firmware 9.20 is not in place. */
	check_hpm_resume(HPM_0933, "9.20", "0=9.20", 0);

	/*
	 * What the image uploads is what is compared, component by component,
	 * whatever its header's version and whichever ID the BMC's own
	 * firmware has.  An image of both: in place only when both are.
	 */
	check_hpm_resume(HPM_0933, "1.14", "0=1.14,1=9.20", 1);
	check_hpm_resume(HPM_0933, "1.14", "0=1.14,1=9.21", 0);
	/* An image of the PNOR alone (component 1), its header 9.20: in place,
	 * though component 0 runs 1.14. */
	check_hpm_resume(HPM_0933, "9.20", "1=9.20", 1);
	check_hpm_resume(HPM_0933, "9.21", "1=9.21", 0);
	/* A component the BMC does not list is not in place. */
	check_hpm_resume(HPM_0985, "2.04", "0=2.04,1=9.20", 0);

	/* A host before ABI 2.3 does not say what the image holds: uploaded
	 * again, without asking. */
	old = hpm_request("2.04", FWD_FLASH_RESUME, "0=2.04");
	old.size = FWD_FLASH_REQUEST_SIZE_2_0;
	check_hpm_resume_req(HPM_0985, old, 0, 0);
}

/*
 * A whole `hpm upgrade ... force activate` as ipmitool printed it: the
 * notices and the final verdict are its lprintf lines, which go to stderr
 * (lib/log.c), so the capture is stderr here.
 */
static void test_hpm_upgrade(void **state)
{
	struct fwd_flash_request req = hpm_request("2.17", 0, "1=2.17,0=2.17,2=2.17");
	struct fwd_bmc_flashed next = { .size = sizeof(next) };
	json_t *result = json_object();
	char *text = capture("ipmitool-hpm-upgrade-cern-apollo-ipmc-eshazen-wiki.txt");
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m, ghpm_entry);

	(void)state;
	fwd_mock_reply(&m, "ipmitool", 0, "", text);
	assert_int_equal(vt->flash_bmc(fwd_mock_ctx(&m), NULL, &req, &next,
				       (struct fwd_json *)result), 0);
	assert_string_equal(fwd_mock_call_line(&m, 0),
			    "ipmitool hpm upgrade " HPM_IMAGE " force activate");
	assert_int_equal(fwd_mock_step_state(&m, "bmc-upload", NULL), FWD_STEP_DONE);
	assert_int_equal(json_integer_value(json_object_get(result, "upload_exit_code")), 0);
	/* The table's "100%|" cells are the upload's progress. */
	assert_int_equal(m.last_progress_done, 100);
	assert_int_equal(next.reset, FWD_BMC_RESET_COLD);
	json_decref(result);
	free(text);
	finish(&m);
}

/* ---- sum ---- */

#define SUM_IMAGE "/var/lib/fwdispatch/staging/X10SDVF1.604"

/* Out-of-band, with no BIOS version in the identity: sum tells it. */
static void test_sum_get_bios_info(void **state)
{
	struct fwd_identity id = { .size = sizeof(id), .source = "bmc" };
	struct fwd_versions v = { .size = sizeof(v) };
	char *text = capture("sum-getbiosinfo-arm64-bmclib.txt");
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m, sm_entry);

	(void)state;
	fwd_mock_out_of_band(&m, "10.0.0.5", "ADMIN");
	fwd_mock_reply(&m, "sum", 0, text, "");
	fwd_mock_bmc(&m, 0, "1.71");
	assert_int_equal(vt->read_versions(fwd_mock_ctx(&m), &id,
					   FWD_VERSION_BMC | FWD_VERSION_BIOS, &v), 0);
	assert_string_equal(fwd_mock_call_line(&m, 0),
			    "sum -i 10.0.0.5 -u ADMIN -p **** -c GetBiosInfo");
	assert_string_equal(v.bios, "1.9");
	free(text);
	finish(&m);
}

/* In-band, without --preserve_setting, as the capture was run: written,
 * the host not rebooted ("Must power cycle or restart"). */
static void test_sum_update_bios(void **state)
{
	struct fwd_identity id = {
		.size = sizeof(id), .source = "dmidecode", .board_vendor = "Supermicro",
		.board_name = "X10SDV-TLN4F", .bios_version = "1.0",
	};
	struct fwd_flash_request req = {
		.size = sizeof(req), .image_path = SUM_IMAGE, .sha256 = "00",
		.flags = FWD_FLASH_NO_PRESERVE_SETTINGS,
	};
	json_t *result = json_object();
	char *text = capture("sum-updatebios-x10sdv-tln4f-major-io.txt");
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m, sm_entry);

	(void)state;
	fwd_mock_reply(&m, "sum", 0, text, "");
	assert_int_equal(vt->stage_bios(fwd_mock_ctx(&m), &id, &req, (struct fwd_json *)result), 0);
	assert_string_equal(fwd_mock_call_line(&m, 0), "sum -c UpdateBios --file " SUM_IMAGE);
	assert_true(json_is_true(json_object_get(result, "reboot_required")));
	assert_true(json_is_false(json_object_get(result, "rebooting")));
	assert_contains(jstr(result, "tool_output"), "WARNING:Must power cycle or restart the "
			"system for the changes to take effect!");
	/* "Writing BIOS flash ..... (100%)" and the like are progress. */
	assert_int_equal(m.last_progress_done, 100);
	assert_int_equal(fwd_mock_step_state(&m, "bios-stage", NULL), FWD_STEP_DONE);
	json_decref(result);
	free(text);
	finish(&m);
}

/* ---- racadm ---- */

#define IDRAC_IMAGE "/var/lib/fwdispatch/staging/" \
	"iDRAC-with-Lifecycle-Controller_Firmware_KRCXX_WN32_2.75.75.75_A00.EXE"

static const struct fwd_identity *dell_identity(void)
{
	static struct fwd_identity id = {
		.size = sizeof(struct fwd_identity), .source = "sysfs",
		.sys_vendor = "Dell Inc.", .bmc_known = 1, .bmc_manufacturer_id = 674,
	};
	return &id;
}

/* Values after " = ", every line after the first indented by a blank and
 * separated by an empty line, as racadm for Windows printed them. */
static void test_racadm_getversion(void **state)
{
	struct fwd_versions v = { .size = sizeof(v) };
	char *text = capture("racadm-getversion-idrac7-8-redfish-scripting-issue118.txt");
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m, dell_entry);

	(void)state;
	fwd_mock_reply(&m, "racadm", 0, text, "");
	assert_int_equal(vt->read_versions(fwd_mock_ctx(&m), dell_identity(),
					   FWD_VERSION_BMC | FWD_VERSION_BIOS, &v), 0);
	assert_string_equal(fwd_mock_call_line(&m, 0), "racadm getversion");
	assert_string_equal(v.bmc, "2.30.30.30");
	assert_string_equal(v.bios, "2.11.0");
	free(text);
	finish(&m);
}

/*
 * An iDRAC update as one reporter ran it: RAC987 without a job ID, then a
 * queue holding the new job, Failed with RED007.  The queue before the
 * update is not in the source: it is scripted empty.  The follower's
 * `jobqueue view -i JID` gets the same published queue (the parser reads
 * blocks, whatever the header).
 */
static void test_racadm_update_red007(void **state)
{
	struct fwd_flash_request req = {
		.size = sizeof(req), .image_path = IDRAC_IMAGE, .sha256 = "00",
		.running_version = "2.70", .job_wait_s = 60,
	};
	struct fwd_bmc_flashed next = { .size = sizeof(next) };
	json_t *result = json_object();
	char *update = capture("racadm-update-idrac-fc630-redfish-scripting-issue118.txt");
	char *queue = capture("racadm-jobqueue-view-red007-fc630-redfish-scripting-issue118.txt");
	struct fwd_mock m;
	const struct fwd_plugin *vt = start(&m, dell_entry);

	(void)state;
	fwd_mock_reply(&m, "racadm", 0, "", "");
	fwd_mock_reply(&m, "racadm", 0, update, "");
	fwd_mock_reply(&m, "racadm", 0, queue, "");
	fwd_mock_reply(&m, "racadm", 0, queue, "");
	fwd_mock_bmc(&m, 0, "2.70");
	assert_int_equal(vt->flash_bmc(fwd_mock_ctx(&m), dell_identity(), &req, &next,
				       (struct fwd_json *)result), -FWD_E_FLASH);
	assert_string_equal(fwd_mock_call_line(&m, 1), "racadm update -f " IDRAC_IMAGE);
	assert_string_equal(fwd_mock_call_line(&m, 3),
			    "racadm jobqueue view -i JID_954667719598");
	assert_string_equal(jstr(result, "job_id"), "JID_954667719598");
	assert_string_equal(jstr(result, "job_status"), "Failed");
	assert_string_equal(jstr(result, "job_message"),
			    "RED007: Unable to verify Update Package signature.");
	assert_contains(m.error, "RED007");
	free(update);
	free(queue);
	json_decref(result);
	finish(&m);
}

/* ---- fixtures ---- */

static int load_plugins(void **state)
{
	(void)state;
	handles[0] = fwd_test_load_plugin(build, "supermicro", &sm_entry);
	handles[1] = fwd_test_load_plugin(build, "dell", &dell_entry);
	handles[2] = fwd_test_load_plugin(build, "generic-hpm", &ghpm_entry);
	return 0;
}

static int unload_plugins(void **state)
{
	(void)state;
	for (size_t i = 0; i < 3; i++)
		if (handles[i])
			dlclose(handles[i]);
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lan_print),
		cmocka_unit_test(test_channel_info),
		cmocka_unit_test(test_user_list_openbmc),
		cmocka_unit_test(test_user_list_lenovo),
		cmocka_unit_test(test_user_list_lenovo_json),
		cmocka_unit_test(test_user_list_without_header),
		cmocka_unit_test(test_getaccess),
		cmocka_unit_test(test_mc_info),
		cmocka_unit_test(test_mc_info_identity),
		cmocka_unit_test(test_fru_print),
		cmocka_unit_test(test_hpm_check),
		cmocka_unit_test(test_hpm_upgrade),
		cmocka_unit_test(test_sum_get_bios_info),
		cmocka_unit_test(test_sum_update_bios),
		cmocka_unit_test(test_racadm_getversion),
		cmocka_unit_test(test_racadm_update_red007),
	};

	(void)argc;
	build = fwd_test_build_dir(argv[0]);
	top = fwd_test_top_dir(build);
	return cmocka_run_group_tests(tests, load_plugins, unload_plugins);
}
