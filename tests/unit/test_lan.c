/*
 * test_lan.c: the LAN side of backup and restore without a BMC: parsing
 * `channel info`, `lan print`, `user list` and `channel getaccess` as
 * ipmitool 1.8.19 prints them (from the simulator, a Dell-style layout,
 * and odd cases), comparing settings, their JSON form, and the exact
 * `lan set` sequence a restore sends.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipmi/lan.h"

/* ---- Samples ---- */

/* ipmi_sim with the project's module, Supermicro profile (seen here). */
static const char print_sim[] =
	"Set in Progress         : Set Complete\n"
	"Auth Type Support       : NONE MD2 MD5 PASSWORD \n"
	"Auth Type Enable        : Callback : MD5 \n"
	"                        : User     : MD5 \n"
	"                        : Operator : MD5 \n"
	"                        : Admin    : MD5 \n"
	"                        : OEM      : \n"
	"IP Address Source       : Static Address\n"
	"IP Address              : 10.20.30.41\n"
	"Subnet Mask             : 255.255.255.0\n"
	"MAC Address             : 0c:c4:7a:6b:2e:31\n"
	"SNMP Community String   : public\n"
	"IP Header               : TTL=0x00 Flags=0x00 Precedence=0x00 TOS=0x00\n"
	"Default Gateway IP      : 10.20.30.1\n"
	"Default Gateway MAC     : 00:00:00:00:00:00\n"
	"Backup Gateway IP       : 0.0.0.0\n"
	"Backup Gateway MAC      : 00:00:00:00:00:00\n"
	"802.1q VLAN ID          : Disabled\n"
	"802.1q VLAN Priority    : 0\n"
	"RMCP+ Cipher Suites     : 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	"Cipher Suite Priv Max   : aaaaaaaaaaaaaaa\n"
	"                        :     X=Cipher Suite Unused\n"
	"                        :     c=CALLBACK\n"
	"                        :     a=ADMIN\n"
	"Bad Password Threshold  : Not Available\n";

/* The layout an iDRAC shows: DHCP, a VLAN, upper-case MAC, ARP lines. */
static const char print_dell_dhcp_vlan[] =
	"Set in Progress         : Set Complete\n"
	"Auth Type Support       : NONE MD2 MD5 PASSWORD \n"
	"IP Address Source       : DHCP Address\n"
	"IP Address              : 192.168.40.17\n"
	"Subnet Mask             : 255.255.252.0\n"
	"MAC Address             : 18:66:DA:0A:BB:CC\n"
	"SNMP Community String   : public\n"
	"BMC ARP Control         : ARP Responses Enabled, Gratuitous ARP Disabled\n"
	"Gratituous ARP Intrvl   : 2.0 seconds\n"
	"Default Gateway IP      : 192.168.40.1\n"
	"Default Gateway MAC     : 00:00:00:00:00:00\n"
	"802.1q VLAN ID          : 100\n"
	"802.1q VLAN Priority    : 0\n";

/* Odd: CRLF, BIOS source, an unreadable address, a continuation line that
 * looks like a key, a later duplicate key, no VLAN line. */
static const char print_odd[] =
	"IP Address Source       : BIOS Assigned Address\r\n"
	"IP Address              : not available\r\n"
	"                        : IP Address : 9.9.9.9\r\n"
	"Subnet Mask             : 255.0.0.0\r\n"
	"Subnet Mask             : 255.255.0.0\r\n"
	"Default Gateway IP      : 10.0.0.1\r\n"
	"802.1q VLAN Priority    : 3\r\n";

static const char chinfo_lan[] =
	"Channel 0x1 info:\n"
	"  Channel Medium Type   : 802.3 LAN\n"
	"  Channel Protocol Type : IPMB-1.0\n"
	"  Session Support       : multi-session\n"
	"  Active Session Count  : 1\n"
	"  Protocol Vendor ID    : 7154\n"
	"  Volatile(active) Settings\n"
	"    Alerting            : enabled\n";

static const char chinfo_kcs[] =
	"Channel 0xf info:\n"
	"  Channel Medium Type   : System Interface\n"
	"  Channel Protocol Type : KCS\n";

/* The sim's user list (ipmitool: "%-4d%-17s%-8s%-11s%-11s%s"), cut short. */
static const char users_sim[] =
	"ID  Name\t     Callin  Link Auth\tIPMI Msg   Channel Priv Limit\n"
	"1                    true    false      false      Unknown (0x00)\n"
	"2   ADMIN            true    false      true       ADMINISTRATOR\n"
	"3                    true    false      false      Unknown (0x00)\n";

/* Odd names: spaces, "true", 16 characters (one space left), CRLF,
 * NO ACCESS, and a message line between rows. */
static const char users_odd[] =
	"ID  Name\t     Callin  Link Auth\tIPMI Msg   Channel Priv Limit\r\n"
	"2   ops team         false   true       true       OPERATOR\r\n"
	"3   true             true    false      false      USER\r\n"
	"4   abcdefghijklmnop true    true       true       ADMINISTRATOR\r\n"
	"5                    true    false      false      NO ACCESS\r\n"
	"Get User Name command failed (user 6)\r\n"
	"63  last             true    false      true       OEM\r\n";

static const char access_sample[] =
	"Maximum User IDs     : 10\n"
	"Enabled User IDs     : 2\n"
	"\n"
	"User ID              : 1\n"
	"User Name            : \n"
	"Enable Status        : disabled\n"
	"\n"
	"User ID              : 2\n"
	"User Name            : ADMIN\n"
	"Privilege Level      : ADMINISTRATOR\n"
	"Enable Status        : enabled\n"
	"\n"
	"User ID              : 3\n"
	"Enable Status        : unknown\n";

/* ---- channel info ---- */

static void test_channel_info(void **state)
{
	char medium[64];

	(void)state;
	assert_int_equal(fwd_lan_parse_channel_info(chinfo_lan, 1, medium, sizeof(medium)), 1);
	assert_string_equal(medium, "802.3 LAN");
	assert_int_equal(fwd_lan_parse_channel_info(chinfo_kcs, 15, medium, sizeof(medium)), 0);
	assert_string_equal(medium, "System Interface");
	/* Channel 14 is "this channel": the answer describes channel 1. */
	assert_int_equal(fwd_lan_parse_channel_info(chinfo_lan, 14, medium, sizeof(medium)),
			 -FWD_E_BAD_INPUT);
	assert_int_equal(fwd_lan_parse_channel_info("Invalid channel: 2\n", 2, medium,
						     sizeof(medium)), -FWD_E_BAD_INPUT);
	assert_int_equal(fwd_lan_parse_channel_info("", 1, medium, sizeof(medium)),
			 -FWD_E_BAD_INPUT);
}

/* ---- lan print ---- */

static void test_print_sim(void **state)
{
	struct fwd_lan l;

	(void)state;
	assert_int_equal(fwd_lan_parse_print(print_sim, &l), 0);
	assert_int_equal(l.known, FWD_LAN_F_ALL | FWD_LAN_F_MAC);
	assert_int_equal(l.ip_source, FWD_LAN_IPSRC_STATIC);
	assert_string_equal(l.ip, "10.20.30.41");
	assert_string_equal(l.netmask, "255.255.255.0");
	assert_string_equal(l.gateway, "10.20.30.1");
	assert_int_equal(l.vlan, FWD_LAN_VLAN_OFF);
	assert_string_equal(l.mac, "0c:c4:7a:6b:2e:31");
}

static void test_print_dell(void **state)
{
	struct fwd_lan l;

	(void)state;
	assert_int_equal(fwd_lan_parse_print(print_dell_dhcp_vlan, &l), 0);
	assert_int_equal(l.ip_source, FWD_LAN_IPSRC_DHCP);
	assert_string_equal(l.ip, "192.168.40.17");
	assert_string_equal(l.netmask, "255.255.252.0");
	assert_int_equal(l.vlan, 100);
	assert_string_equal(l.mac, "18:66:da:0a:bb:cc");   /* normalised */
}

static void test_print_odd(void **state)
{
	struct fwd_lan l;

	(void)state;
	assert_int_equal(fwd_lan_parse_print(print_odd, &l), 0);
	assert_int_equal(l.ip_source, FWD_LAN_IPSRC_BIOS);
	/* Unreadable, and not taken from the continuation line either. */
	assert_false(l.known & FWD_LAN_F_IP);
	assert_string_equal(l.netmask, "255.0.0.0");   /* the first one counts */
	assert_string_equal(l.gateway, "10.0.0.1");
	assert_false(l.known & FWD_LAN_F_VLAN);
	assert_false(l.known & FWD_LAN_F_MAC);
}

static void test_print_garbage(void **state)
{
	struct fwd_lan l;

	(void)state;
	assert_int_equal(fwd_lan_parse_print("", &l), -FWD_E_BAD_INPUT);
	assert_int_equal(fwd_lan_parse_print("Invalid channel: 2\n", &l), -FWD_E_BAD_INPUT);
	assert_int_equal(fwd_lan_parse_print("802.1q VLAN ID : 4095\nIP Address : 1.2.3\n", &l),
			 -FWD_E_BAD_INPUT);
	/* Other wordings of the source are kept as "other", never guessed. */
	assert_int_equal(fwd_lan_parse_print("IP Address Source : Something New\n", &l), 0);
	assert_int_equal(l.ip_source, FWD_LAN_IPSRC_OTHER);
	assert_int_equal(fwd_lan_parse_print("IP Address Source : Unspecified\n", &l), 0);
	assert_int_equal(l.ip_source, FWD_LAN_IPSRC_NONE);
}

static void test_ipv4(void **state)
{
	char out[16];

	(void)state;
	assert_int_equal(fwd_lan_parse_ipv4("0.0.0.0", out), 0);
	assert_string_equal(out, "0.0.0.0");
	assert_int_equal(fwd_lan_parse_ipv4("255.255.255.255", out), 0);
	assert_int_equal(fwd_lan_parse_ipv4("010.001.2.3", out), 0);
	assert_string_equal(out, "10.1.2.3");
	assert_int_equal(fwd_lan_parse_ipv4("256.1.1.1", out), -1);
	assert_int_equal(fwd_lan_parse_ipv4("1.2.3", out), -1);
	assert_int_equal(fwd_lan_parse_ipv4("1.2.3.4.5", out), -1);
	assert_int_equal(fwd_lan_parse_ipv4("1.2.3.4 ", out), -1);
	assert_int_equal(fwd_lan_parse_ipv4(" 1.2.3.4", out), -1);
	assert_int_equal(fwd_lan_parse_ipv4("1..3.4", out), -1);
	assert_int_equal(fwd_lan_parse_ipv4("1.2.3.0004", out), -1);
	assert_int_equal(fwd_lan_parse_ipv4("-1.2.3.4", out), -1);
	assert_int_equal(fwd_lan_parse_ipv4("", out), -1);
	assert_int_equal(fwd_lan_parse_ipv4(NULL, out), -1);
}

/* ---- users ---- */

static void test_users_sim(void **state)
{
	struct fwd_lan_user *u;
	size_t n;

	(void)state;
	assert_int_equal(fwd_lan_parse_users(users_sim, &u, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(u[0].id, 1);
	assert_string_equal(u[0].name, "");
	assert_string_equal(u[0].privilege, "Unknown (0x00)");
	assert_int_equal(u[1].id, 2);
	assert_string_equal(u[1].name, "ADMIN");
	assert_int_equal(u[1].callin, 1);
	assert_int_equal(u[1].link_auth, 0);
	assert_int_equal(u[1].ipmi_msg, 1);
	assert_string_equal(u[1].privilege, "ADMINISTRATOR");
	assert_int_equal(u[1].enabled, -1);
	free(u);
}

static void test_users_odd(void **state)
{
	struct fwd_lan_user *u;
	size_t n;

	(void)state;
	assert_int_equal(fwd_lan_parse_users(users_odd, &u, &n), 0);
	assert_int_equal(n, 5);
	assert_string_equal(u[0].name, "ops team");
	assert_int_equal(u[0].callin, 0);
	assert_int_equal(u[0].link_auth, 1);
	assert_string_equal(u[0].privilege, "OPERATOR");
	assert_string_equal(u[1].name, "true");
	assert_int_equal(u[1].callin, 1);
	assert_int_equal(u[1].ipmi_msg, 0);
	assert_string_equal(u[1].privilege, "USER");
	assert_string_equal(u[2].name, "abcdefghijklmnop");
	assert_string_equal(u[2].privilege, "ADMINISTRATOR");
	assert_string_equal(u[3].name, "");
	assert_string_equal(u[3].privilege, "NO ACCESS");
	assert_int_equal(u[4].id, 63);
	assert_string_equal(u[4].name, "last");
	free(u);
}

/* A user name with a newline in it (a BMC takes one): its row goes on on
 * the next line, and must not make every backup fail. */
static void test_users_newline_in_a_name(void **state)
{
	static const char text[] =
		"ID  Name\t     Callin  Link Auth\tIPMI Msg   Channel Priv Limit\n"
		"2   ADMIN            true    false      true       ADMINISTRATOR\n"
		"3   ev\n"
		"il             true    false      true       ADMINISTRATOR\n"
		"4   last             true    false      true       USER\n";
	struct fwd_lan_user *u;
	size_t n;

	(void)state;
	assert_int_equal(fwd_lan_parse_users(text, &u, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(u[1].id, 3);
	assert_string_equal(u[1].name, "ev\nil");
	assert_string_equal(u[1].privilege, "ADMINISTRATOR");
	assert_string_equal(u[2].name, "last");
	free(u);
	/* A row that no next line completes is still refused. */
	assert_int_equal(fwd_lan_parse_users("ID  Name Callin Link Auth IPMI Msg Channel Priv Limit\n"
					     "3   ev\n", &u, &n), -FWD_E_BAD_INPUT);
	/* Nor does a row of its own: the held one is garbage, not half a name. */
	assert_int_equal(fwd_lan_parse_users("ID  Name Callin Link Auth IPMI Msg Channel Priv Limit\n"
					     "2   ADMIN    yes\n"
					     "3   x  true false true USER\n", &u, &n),
			 -FWD_E_BAD_INPUT);
}

static void test_users_bad(void **state)
{
	struct fwd_lan_user *u = (void *)1;
	size_t n = 7;

	(void)state;
	/* No header: not a user list at all. */
	assert_int_equal(fwd_lan_parse_users("2   ADMIN  true false true ADMINISTRATOR\n", &u, &n),
			 -FWD_E_BAD_INPUT);
	assert_null(u);
	assert_int_equal(n, 0);
	assert_int_equal(fwd_lan_parse_users("", &u, &n), -FWD_E_BAD_INPUT);
	/* A row without its three flags. */
	assert_int_equal(fwd_lan_parse_users("ID  Name Callin Link Auth IPMI Msg Channel Priv Limit\n"
					     "2   ADMIN    yes\n", &u, &n), -FWD_E_BAD_INPUT);
	/* A header alone: no users, not an error. */
	assert_int_equal(fwd_lan_parse_users("ID  Name Callin Link Auth IPMI Msg Channel Priv Limit\n",
					     &u, &n), 0);
	assert_int_equal(n, 0);
	free(u);
}

static void test_access(void **state)
{
	struct fwd_lan_user *u;
	size_t n;

	(void)state;
	assert_int_equal(fwd_lan_parse_users(users_sim, &u, &n), 0);
	assert_int_equal(fwd_lan_parse_access(access_sample, u, n), 3);
	assert_int_equal(u[0].enabled, 0);
	assert_int_equal(u[1].enabled, 1);
	assert_int_equal(u[2].enabled, -1);
	{
		json_t *j = fwd_lan_users_to_json(u, n);

		assert_non_null(j);
		assert_true(json_is_false(json_object_get(json_array_get(j, 0), "enabled")));
		assert_true(json_is_true(json_object_get(json_array_get(j, 1), "enabled")));
		assert_true(json_is_null(json_object_get(json_array_get(j, 2), "enabled")));
		assert_string_equal(json_string_value(json_object_get(json_array_get(j, 1), "name")),
				    "ADMIN");
		json_decref(j);
	}
	/* A user listed twice is one user; when its blocks disagree its status
	 * is not known (found by tests/fuzz/fuzz_channel: it counted blocks,
	 * more users than there are, and the last block won). */
	assert_int_equal(fwd_lan_parse_access("User ID : 2\nEnable Status : disabled\n"
					      "User ID : 2\nEnable Status : enabled\n"
					      "User ID : 1\nEnable Status : enabled\n"
					      "User ID : 1\nEnable Status : enabled\n", u, n), 2);
	assert_int_equal(u[0].enabled, 1);
	assert_int_equal(u[1].enabled, -1);
	free(u);
}

/* ---- compare ---- */

static struct fwd_lan lan_static(void)
{
	struct fwd_lan l;

	assert_int_equal(fwd_lan_parse_print(print_sim, &l), 0);
	return l;
}

static void test_compare(void **state)
{
	struct fwd_lan b = lan_static(), now = b;

	(void)state;
	assert_int_equal(fwd_lan_compare(&b, &now), 0);
	/* The MAC is identification, not a setting. */
	strcpy(now.mac, "00:00:00:00:00:01");
	assert_int_equal(fwd_lan_compare(&b, &now), 0);
	/* What a flash with flash_resets_lan leaves. */
	now.ip_source = FWD_LAN_IPSRC_DHCP;
	strcpy(now.ip, "0.0.0.0");
	strcpy(now.netmask, "0.0.0.0");
	strcpy(now.gateway, "0.0.0.0");
	assert_int_equal(fwd_lan_compare(&b, &now), FWD_LAN_F_IP_SOURCE | FWD_LAN_F_IP |
			 FWD_LAN_F_NETMASK | FWD_LAN_F_GATEWAY);
	now = b;
	now.vlan = 42;
	assert_int_equal(fwd_lan_compare(&b, &now), FWD_LAN_F_VLAN);
	/* A field the BMC no longer prints differs. */
	now = b;
	now.known &= ~FWD_LAN_F_GATEWAY;
	assert_int_equal(fwd_lan_compare(&b, &now), FWD_LAN_F_GATEWAY);
	/* A field the backup does not know is not compared. */
	b.known &= ~FWD_LAN_F_NETMASK;
	now = b;
	strcpy(now.netmask, "255.0.0.0");
	now.known |= FWD_LAN_F_NETMASK;
	assert_int_equal(fwd_lan_compare(&b, &now), 0);
}

static void test_compare_dhcp(void **state)
{
	struct fwd_lan b, now;

	(void)state;
	assert_int_equal(fwd_lan_parse_print(print_dell_dhcp_vlan, &b), 0);
	now = b;
	/* DHCP handed out another address: not a setting, no difference. */
	strcpy(now.ip, "192.168.40.99");
	strcpy(now.gateway, "192.168.40.254");
	assert_int_equal(fwd_lan_compare(&b, &now), 0);
	now.vlan = FWD_LAN_VLAN_OFF;
	assert_int_equal(fwd_lan_compare(&b, &now), FWD_LAN_F_VLAN);
	now.ip_source = FWD_LAN_IPSRC_STATIC;
	assert_int_equal(fwd_lan_compare(&b, &now), FWD_LAN_F_VLAN | FWD_LAN_F_IP_SOURCE);
}

/* ---- JSON ---- */

static void test_json_round_trip(void **state)
{
	struct fwd_lan b = lan_static(), back;
	struct fwd_err err = { 0 };
	json_t *j;

	(void)state;
	b.vlan = 300;
	j = fwd_lan_to_json(&b);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "ip_source")), "static");
	assert_int_equal(json_integer_value(json_object_get(j, "vlan")), 300);
	assert_int_equal(fwd_lan_from_json(j, &back, &err), 0);
	assert_int_equal(back.known, b.known);
	assert_int_equal(fwd_lan_compare(&b, &back), 0);
	assert_string_equal(back.mac, b.mac);
	json_decref(j);

	/* Unknown fields are null, and read back as unknown. */
	b.known = FWD_LAN_F_IP_SOURCE | FWD_LAN_F_VLAN;
	b.vlan = FWD_LAN_VLAN_OFF;
	j = fwd_lan_to_json(&b);
	assert_true(json_is_null(json_object_get(j, "ip")));
	assert_int_equal(json_integer_value(json_object_get(j, "vlan")), -1);
	assert_int_equal(fwd_lan_from_json(j, &back, &err), 0);
	assert_int_equal(back.known, FWD_LAN_F_IP_SOURCE | FWD_LAN_F_VLAN);
	assert_int_equal(back.vlan, FWD_LAN_VLAN_OFF);
	json_decref(j);
}

static void expect_json_refused(const char *text, const char *why)
{
	struct fwd_lan l;
	struct fwd_err err = { 0 };
	json_t *j = json_loads(text, 0, NULL);

	assert_non_null(j);
	assert_int_equal(fwd_lan_from_json(j, &l, &err), -FWD_E_BAD_INPUT);
	if (!strstr(err.msg, why))
		fail_msg("'%s': message '%s' lacks '%s'", text, err.msg, why);
	json_decref(j);
}

static void test_json_refused(void **state)
{
	(void)state;
	expect_json_refused("{\"ip_source\": \"static\", \"ip\": \"1.2.3\"}", "'ip'");
	expect_json_refused("{\"ip_source\": \"static\", \"netmask\": 5}", "'netmask'");
	expect_json_refused("{\"ip_source\": \"static\", \"gateway\": \"1.2.3.4; reboot\"}",
			    "'gateway'");
	expect_json_refused("{\"ip_source\": \"fixed\"}", "'ip_source'");
	expect_json_refused("{\"vlan\": 4095}", "'vlan'");
	expect_json_refused("{\"vlan\": 0}", "'vlan'");
	expect_json_refused("{\"vlan\": \"off\"}", "'vlan'");
	expect_json_refused("{\"vlan\": 1, \"mac\": \"xx\"}", "'mac'");
	expect_json_refused("{\"mac\": \"0c:c4:7a:6b:2e:31\"}", "none of");
	expect_json_refused("[]", "not an object");
}

/* ---- the restore sequence ---- */

static void expect_cmd(const struct fwd_lan_cmd *c, const char *want)
{
	struct fwd_buf line = FWD_BUF_INIT;

	assert_int_equal(fwd_lan_cmd_describe(c, &line), 0);
	assert_string_equal(line.s, want);
	fwd_buf_release(&line);
}

static void test_plan_static_full(void **state)
{
	struct fwd_lan_cmd cmds[FWD_LAN_MAX_CMDS];
	struct fwd_lan b = lan_static();
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(fwd_lan_restore_plan(1, &b, FWD_LAN_F_ALL, cmds, &err), 5);
	expect_cmd(&cmds[0], "ipmitool lan set 1 ipsrc static");
	expect_cmd(&cmds[1], "ipmitool lan set 1 ipaddr 10.20.30.41");
	expect_cmd(&cmds[2], "ipmitool lan set 1 netmask 255.255.255.0");
	expect_cmd(&cmds[3], "ipmitool lan set 1 defgw ipaddr 10.20.30.1");
	expect_cmd(&cmds[4], "ipmitool lan set 1 vlan id off");
	/* The argv handed to ipmitool, exactly. */
	assert_string_equal(cmds[3].argv[0], "lan");
	assert_string_equal(cmds[3].argv[2], "1");
	assert_string_equal(cmds[3].argv[3], "defgw");
	assert_string_equal(cmds[3].argv[4], "ipaddr");
	assert_string_equal(cmds[3].argv[5], "10.20.30.1");
	assert_null(cmds[3].argv[6]);
	assert_null(cmds[0].argv[5]);
}

static void test_plan_partial(void **state)
{
	struct fwd_lan_cmd cmds[FWD_LAN_MAX_CMDS];
	struct fwd_lan b = lan_static();
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(fwd_lan_restore_plan(8, &b, 0, cmds, &err), 0);
	/* Only what differs, when the source is right. */
	assert_int_equal(fwd_lan_restore_plan(8, &b, FWD_LAN_F_IP, cmds, &err), 1);
	expect_cmd(&cmds[0], "ipmitool lan set 8 ipaddr 10.20.30.41");
	b.vlan = 42;
	assert_int_equal(fwd_lan_restore_plan(8, &b, FWD_LAN_F_GATEWAY | FWD_LAN_F_VLAN, cmds,
					      &err), 2);
	expect_cmd(&cmds[0], "ipmitool lan set 8 defgw ipaddr 10.20.30.1");
	expect_cmd(&cmds[1], "ipmitool lan set 8 vlan id 42");
	/* A different source brings the whole address with it. */
	assert_int_equal(fwd_lan_restore_plan(8, &b, FWD_LAN_F_IP_SOURCE, cmds, &err),
			 4);
	expect_cmd(&cmds[0], "ipmitool lan set 8 ipsrc static");
	expect_cmd(&cmds[3], "ipmitool lan set 8 defgw ipaddr 10.20.30.1");
}

static void test_plan_dhcp(void **state)
{
	struct fwd_lan_cmd cmds[FWD_LAN_MAX_CMDS];
	struct fwd_lan b;
	struct fwd_err err = { 0 };

	(void)state;
	assert_int_equal(fwd_lan_parse_print(print_dell_dhcp_vlan, &b), 0);
	assert_int_equal(fwd_lan_restore_plan(1, &b, FWD_LAN_F_ALL, cmds, &err), 2);
	expect_cmd(&cmds[0], "ipmitool lan set 1 ipsrc dhcp");
	expect_cmd(&cmds[1], "ipmitool lan set 1 vlan id 100");
}

static void test_plan_refused(void **state)
{
	struct fwd_lan_cmd cmds[FWD_LAN_MAX_CMDS];
	struct fwd_lan b = lan_static();
	struct fwd_err err = { 0 };

	(void)state;
	b.ip_source = FWD_LAN_IPSRC_OTHER;
	assert_int_equal(fwd_lan_restore_plan(1, &b, FWD_LAN_F_ALL, cmds, &err),
			 -FWD_E_REFUSED);
	assert_non_null(strstr(err.msg, "by hand"));
	b = lan_static();
	b.known &= ~FWD_LAN_F_NETMASK;
	assert_int_equal(fwd_lan_restore_plan(1, &b, FWD_LAN_F_IP, cmds, &err),
			 -FWD_E_REFUSED);
	assert_non_null(strstr(err.msg, "subnet mask"));
	b = lan_static();
	b.known &= ~FWD_LAN_F_IP_SOURCE;
	assert_int_equal(fwd_lan_restore_plan(1, &b, FWD_LAN_F_VLAN, cmds, &err),
			 -FWD_E_REFUSED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_channel_info),
		cmocka_unit_test(test_print_sim),
		cmocka_unit_test(test_print_dell),
		cmocka_unit_test(test_print_odd),
		cmocka_unit_test(test_print_garbage),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_users_sim),
		cmocka_unit_test(test_users_odd),
		cmocka_unit_test(test_users_newline_in_a_name),
		cmocka_unit_test(test_users_bad),
		cmocka_unit_test(test_access),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_compare_dhcp),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_refused),
		cmocka_unit_test(test_plan_static_full),
		cmocka_unit_test(test_plan_partial),
		cmocka_unit_test(test_plan_dhcp),
		cmocka_unit_test(test_plan_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
