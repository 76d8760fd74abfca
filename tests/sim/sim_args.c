/*
 * sim_args.c: the module's argument string, from the ipmi_sim config line
 *   loadlib "/path/hpm_target.so" "state=/dir fw=1.71 reset_silence=3 ..."
 *
 * Space-separated key=value pairs; a later key overrides an earlier one, so
 * fwd-sim can put the profile first and the test's switches after it.  An
 * unknown key or a bad value stops ipmi_sim at start-up with a message that
 * names it: a typo in a fault switch must not silently test nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

static void set_defaults(struct sim_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	/* 1.00 until the profile says otherwise. */
	cfg->fw[0].v[0] = 1;
	cfg->fw[1].v[0] = 1;
	cfg->reset_silence_s = 5;
	cfg->stop_after_blocks = -1;
	cfg->auto_rollback = 1;
	cfg->long_duration_ms = 2000;
	cfg->upgrade_timeout = 6;   /* 30 s */
	cfg->selftest_timeout = 2;  /* 10 s */
	cfg->rollback_timeout = 2;  /* 10 s */
	cfg->inaccess_timeout = 1;  /* 5 s: a silent target fails fast */
	cfg->lan.ip_src = 1;        /* static */
	cfg->lan.mask[0] = cfg->lan.mask[1] = cfg->lan.mask[2] = 255;
}

static int parse_ulong(const char *text, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!*text || *text == '-' || *text == '+')
		return -1;
	errno = 0;
	v = strtoul(text, &end, 0);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_bool(const char *text, int *out)
{
	if (!strcmp(text, "1") || !strcmp(text, "yes") || !strcmp(text, "on")) {
		*out = 1;
		return 0;
	}
	if (!strcmp(text, "0") || !strcmp(text, "no") || !strcmp(text, "off")) {
		*out = 0;
		return 0;
	}
	return -1;
}

static int hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "AA<sep>BB<sep>..." with exactly n two-digit hex bytes. */
int sim_hex_parse(unsigned char *out, size_t n, const char *text,
			   char sep)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int hi = hex_nibble(text[0]);
		int lo = hi < 0 ? -1 : hex_nibble(text[1]);

		if (lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
		text += 2;
		if (i + 1 < n) {
			if (*text != sep)
				return -1;
			text++;
		}
	}
	return *text ? -1 : 0;
}

/*
 * "1.72" or "1.72.00.00.00.00": major in decimal (0..127), minor as the two
 * BCD digits ipmitool prints, then optionally the 4 aux bytes in hex.
 */
int sim_version_parse(struct sim_version *out, const char *text)
{
	unsigned long major;
	char buf[8];
	const char *dot = strchr(text, '.');
	size_t n;
	int hi, lo;

	if (!dot || dot == text || (size_t)(dot - text) >= sizeof(buf))
		return -1;
	n = (size_t)(dot - text);
	memcpy(buf, text, n);
	buf[n] = '\0';
	if (parse_ulong(buf, 127, &major))
		return -1;
	hi = dot[1] >= '0' && dot[1] <= '9' ? dot[1] - '0' : -1;
	lo = hi >= 0 && dot[2] >= '0' && dot[2] <= '9' ? dot[2] - '0' : -1;
	if (lo < 0)
		return -1;
	memset(out, 0, sizeof(*out));
	out->v[0] = (unsigned char)major;
	out->v[1] = (unsigned char)(hi << 4 | lo);
	if (dot[3] == '\0')
		return 0;
	if (dot[3] != '.')
		return -1;
	return sim_hex_parse(out->v + 2, 4, dot + 4, '.');
}

int sim_ipv4_parse(unsigned char out[4], const char *text)
{
	unsigned v[4];
	char tail;

	if (sscanf(text, "%3u.%3u.%3u.%3u%c", &v[0], &v[1], &v[2], &v[3],
		   &tail) != 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		if (v[i] > 255)
			return -1;
		out[i] = (unsigned char)v[i];
	}
	return 0;
}

static int parse_ipsrc(const char *text, unsigned char *out)
{
	static const char *const names[] = { "none", "static", "dhcp", "bios" };

	for (unsigned i = 0; i < 4; i++) {
		if (!strcmp(text, names[i])) {
			*out = (unsigned char)i;
			return 0;
		}
	}
	return -1;
}

static int parse_vlan(const char *text, unsigned char out[2])
{
	unsigned long id;

	if (!strcmp(text, "off")) {
		out[0] = out[1] = 0;
		return 0;
	}
	if (parse_ulong(text, 4094, &id) || id == 0)
		return -1;
	out[0] = (unsigned char)(id & 0xff);
	out[1] = (unsigned char)((id >> 8) | 0x80);
	return 0;
}

static int parse_u8(const char *text, unsigned char *out)
{
	unsigned long v;

	if (parse_ulong(text, 255, &v))
		return -1;
	*out = (unsigned char)v;
	return 0;
}

static int set_key(struct sim_config *cfg, const char *key, const char *val)
{
	unsigned long ul;

	if (!strcmp(key, "state")) {
		if (val[0] != '/' || strlen(val) >= sizeof(cfg->state_dir))
			return -1;
		strcpy(cfg->state_dir, val);
		return 0;
	}
	if (!strcmp(key, "fw"))
		return sim_version_parse(&cfg->fw[0], val);
	if (!strcmp(key, "boot"))
		return sim_version_parse(&cfg->fw[1], val);
	if (!strcmp(key, "reset_silence")) {
		if (parse_ulong(val, 3600, &ul))
			return -1;
		cfg->reset_silence_s = (unsigned)ul;
		return 0;
	}
	if (!strcmp(key, "stop_after_blocks")) {
		if (!strcmp(val, "off")) {
			cfg->stop_after_blocks = -1;
			return 0;
		}
		if (parse_ulong(val, 1000000000UL, &ul))
			return -1;
		cfg->stop_after_blocks = (long)ul;
		return 0;
	}
	if (!strcmp(key, "stop_silence")) {
		if (parse_ulong(val, 86400, &ul))
			return -1;
		cfg->stop_silence_s = (unsigned)ul;
		return 0;
	}
	if (!strcmp(key, "finish_checksum_error"))
		return parse_bool(val, &cfg->finish_checksum_error);
	if (!strcmp(key, "selftest_fail"))
		return parse_bool(val, &cfg->selftest_fail);
	if (!strcmp(key, "auto_rollback"))
		return parse_bool(val, &cfg->auto_rollback);
	if (!strcmp(key, "long_duration"))
		return parse_bool(val, &cfg->long_duration);
	if (!strcmp(key, "long_duration_ms")) {
		if (parse_ulong(val, 600000, &ul))
			return -1;
		cfg->long_duration_ms = (unsigned)ul;
		return 0;
	}
	if (!strcmp(key, "max_block")) {
		/* An upload block carries at most ~250 bytes on any interface. */
		if (parse_ulong(val, 255, &ul))
			return -1;
		cfg->max_block = (unsigned)ul;
		return 0;
	}
	if (!strcmp(key, "flash_resets_lan"))
		return parse_bool(val, &cfg->flash_resets_lan);
	if (!strcmp(key, "activation")) {
		static const char *const names[] = { "now", "reset", "reboot" };

		for (int i = 0; i < 3; i++)
			if (!strcmp(val, names[i])) {
				cfg->activation = i;
				return 0;
			}
		return -1;
	}
	if (!strcmp(key, "mc_selftest")) {
		static const char *const names[] = { "pass", "notimpl", "fail", "fatal" };

		for (int i = 0; i < 4; i++)
			if (!strcmp(val, names[i])) {
				cfg->mc_selftest = i;
				return 0;
			}
		return -1;
	}
	if (!strcmp(key, "nic_mode")) {
		cfg->nic_mode_known = 1;
		return sim_nic_mode_parse(val, &cfg->nic_mode);
	}
	if (!strcmp(key, "flash_resets_nic_mode"))
		return parse_bool(val, &cfg->flash_resets_nic_mode);
	if (!strcmp(key, "reset_rollback"))
		return parse_bool(val, &cfg->reset_rollback);
	if (!strcmp(key, "upgrade_timeout"))
		return parse_u8(val, &cfg->upgrade_timeout);
	if (!strcmp(key, "selftest_timeout"))
		return parse_u8(val, &cfg->selftest_timeout);
	if (!strcmp(key, "rollback_timeout"))
		return parse_u8(val, &cfg->rollback_timeout);
	if (!strcmp(key, "inaccess_timeout"))
		return parse_u8(val, &cfg->inaccess_timeout);
	if (!strcmp(key, "lan_ipsrc"))
		return parse_ipsrc(val, &cfg->lan.ip_src);
	if (!strcmp(key, "lan_ip"))
		return sim_ipv4_parse(cfg->lan.ip, val);
	if (!strcmp(key, "lan_mask"))
		return sim_ipv4_parse(cfg->lan.mask, val);
	if (!strcmp(key, "lan_gw"))
		return sim_ipv4_parse(cfg->lan.gw, val);
	if (!strcmp(key, "lan_gw_mac"))
		return sim_hex_parse(cfg->lan.gw_mac, 6, val, ':');
	if (!strcmp(key, "lan_mac"))
		return sim_hex_parse(cfg->lan.mac, 6, val, ':');
	if (!strcmp(key, "lan_vlan"))
		return parse_vlan(val, cfg->lan.vlan);
	if (!strcmp(key, "lan_vlan_prio")) {
		if (parse_ulong(val, 7, &ul))
			return -1;
		cfg->lan.vlan_prio = (unsigned char)ul;
		return 0;
	}
	return -2;
}

int sim_args_parse(struct sim_config *cfg, const char *initstr)
{
	char *copy, *tok, *save = NULL;
	int rc = 0;

	set_defaults(cfg);
	copy = strdup(initstr ? initstr : "");
	if (!copy) {
		fprintf(stderr, "hpm_target: out of memory\n");
		return -1;
	}
	for (tok = strtok_r(copy, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		char *eq = strchr(tok, '=');
		int err;

		if (!eq || eq == tok) {
			fprintf(stderr, "hpm_target: argument '%s' is not key=value\n",
				tok);
			rc = -1;
			continue;
		}
		*eq = '\0';
		err = set_key(cfg, tok, eq + 1);
		if (err == -2) {
			fprintf(stderr, "hpm_target: unknown argument '%s'\n", tok);
			rc = -1;
		} else if (err) {
			fprintf(stderr, "hpm_target: bad value '%s' for '%s'\n",
				eq + 1, tok);
			rc = -1;
		}
	}
	free(copy);
	if (!rc && !cfg->state_dir[0]) {
		fprintf(stderr, "hpm_target: argument 'state=/abs/dir' is required\n");
		rc = -1;
	}
	if (!rc && cfg->long_duration && cfg->upgrade_timeout == 0) {
		/* ipmitool polls a 0x80 answer for upgrade_timeout x 5 s only. */
		fprintf(stderr, "hpm_target: long_duration needs upgrade_timeout >= 1\n");
		rc = -1;
	}
	return rc;
}
