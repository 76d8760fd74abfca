/*
 * fake-bmc.c: see fake-bmc.h.
 */
#include "fake-bmc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what)
{
	fprintf(stderr, "fake-bmc: %s\n", what);
	abort();
}

static char *dup_text(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		die("out of memory");
	return d;
}

/* A restart that is over makes the pending version the running one. */
static void settle(struct fwd_fake_bmc *b)
{
	if (!b->down_until || b->now_ms < b->down_until)
		return;
	if (b->pending[0]) {
		snprintf(b->running, sizeof(b->running), "%s", b->pending);
		b->pending[0] = '\0';
	}
	b->back_at_ms = b->down_until;
	b->down_from = b->down_until = 0;
}

static int silent(struct fwd_fake_bmc *b)
{
	settle(b);
	return b->down_until && b->now_ms >= b->down_from && b->now_ms < b->down_until;
}

const char *fwd_fake_bmc_mc_version(struct fwd_fake_bmc *b, char *buf, size_t size)
{
	const char *dot;

	if (silent(b)) {
		snprintf(buf, size, "%s", "");
		return buf;
	}
	dot = strchr(b->running, '.');
	dot = dot ? strchr(dot + 1, '.') : NULL;
	snprintf(buf, size, "%.*s", dot ? (int)(dot - b->running) : (int)strlen(b->running),
		 b->running);
	return buf;
}

void fwd_fake_bmc_restart_in(struct fwd_fake_bmc *b, uint64_t after_ms, uint64_t silence_ms)
{
	b->down_from = b->now_ms + after_ms;
	b->down_until = b->down_from + silence_ms;
}

static uint64_t fake_now(void *payload)
{
	return ((struct fwd_fake_bmc *)payload)->now_ms;
}

static void fake_sleep(void *payload, uint64_t ms)
{
	struct fwd_fake_bmc *b = payload;

	b->now_ms += ms;
	b->n_sleeps++;
}

/* The words after ipmitool's interface and target options. */
#define NO_SESSION "Error: Unable to establish IPMI v2 / RMCP+ session\n"

static int verbose(const char *const *argv)
{
	for (size_t i = 1; argv[i]; i++)
		if (!strcmp(argv[i], "-v"))
			return 1;
	return 0;
}

static void words_of(const char *const *argv, char *buf, size_t size)
{
	static const char *const with_value[] = { "-I", "-H", "-p", "-U", "-C", "-N", "-R", NULL };
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 1; argv[i]; i++) {
		int skip = 0;

		for (size_t k = 0; with_value[k]; k++)
			if (!strcmp(argv[i], with_value[k]))
				skip = 1;
		if (skip) {
			if (argv[i + 1])
				i++;
			continue;
		}
		if (!strcmp(argv[i], "-E") || !strcmp(argv[i], "-v"))
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? " " : "", argv[i]);
		if (used >= size)
			break;
	}
}

static void answer(struct fwd_tool_result *res, int exit_code, const char *out, const char *err)
{
	res->exit_code = exit_code;
	res->out = dup_text(out);
	res->err = dup_text(err);
	res->out_len = strlen(res->out);
	res->err_len = strlen(res->err);
}

static int fake_run(void *payload, struct fwd_ctx *ctx, const char *const *argv,
		    const struct fwd_tool_cmd *cmd, struct fwd_tool_result *res)
{
	struct fwd_fake_bmc *b = payload;
	char words[512], line[1024], mc[32];
	size_t used = 0;

	(void)ctx;
	b->last_stop_grace_ms = cmd->stop_grace_ms;
	for (size_t i = 0; argv[i]; i++)
		used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s", i ? " " : "",
					 strcmp(argv[i], FWD_ARG_PASSWORD) ? argv[i] : "****");
	if (b->n_calls < sizeof(b->calls) / sizeof(b->calls[0]))
		b->calls[b->n_calls++] = dup_text(line);
	res->exit_code = -1;
	res->signal = res->timed_out = 0;
	res->duration_ms = 0;
	if (strcmp(argv[0], "ipmitool") != 0) {
		answer(res, 127, "", "fake-bmc: only ipmitool here\n");
		return 0;
	}
	words_of(argv, words, sizeof(words));
	if (!strcmp(words, "mc info")) {
		b->n_mc_info++;
		if (b->stall_ms && b->now_ms >= b->stall_at_ms) {
			b->now_ms += b->stall_ms;
			b->stall_ms = 0;
			answer(res, 1, "", NO_SESSION);
			return 0;
		}
		if (silent(b) || b->refuses_sessions) {
			/* What ipmitool says; -v adds why (lib/ipmi_lanplus.c). */
			answer(res, 1, "", !verbose(argv) ? NO_SESSION : silent(b) ?
			       "Get Auth Capabilities error\n" NO_SESSION :
			       "> RAKP 2 HMAC is invalid\n" NO_SESSION);
			return 0;
		}
		snprintf(line, sizeof(line),
			 "Device ID                 : 32\n"
			 "Device Revision           : 1\n"
			 "Firmware Revision         : %s\n"
			 "IPMI Version              : 2.0\n"
			 "Manufacturer ID           : %u\n"
			 "Manufacturer Name         : Unknown\n"
			 "Product ID                : %u (0x%04x)\n"
			 "Product Name              : Unknown\n"
			 "Device Available          : yes\n",
			 fwd_fake_bmc_mc_version(b, mc, sizeof(mc)), (unsigned)b->manufacturer_id,
			 (unsigned)b->product_id, (unsigned)b->product_id);
		answer(res, 0, line, "");
		return 0;
	}
	if (!strcmp(words, "mc reset cold")) {
		b->n_resets++;
		if (silent(b)) {
			answer(res, 1, "", "Error: Unable to establish IPMI v2 / RMCP+ session\n");
			return 0;
		}
		if (!b->reset_ignored)
			fwd_fake_bmc_restart_in(b, b->reset_delay_ms, b->reset_silence_ms);
		answer(res, 0, "Sent cold reset command to MC\n", "");
		return 0;
	}
	for (size_t i = 0; i < b->n_replies; i++) {
		if (!strcmp(words, b->replies[i].words)) {
			answer(res, b->replies[i].exit_code, b->replies[i].out, b->replies[i].err);
			return 0;
		}
	}
	answer(res, 1, "", "fake-bmc: command failed: nothing scripted for this command\n");
	return 0;
}

static int fake_ping(void *payload, struct fwd_ctx *ctx, unsigned timeout_ms)
{
	struct fwd_fake_bmc *b = payload;

	(void)ctx;
	b->n_pings++;
	if (b->asf_off || silent(b) || b->now_ms < b->back_at_ms + b->pong_delay_ms) {
		b->now_ms += timeout_ms;
		return 0;
	}
	b->now_ms += 1; /* a round trip */
	b->n_pongs++;
	return 1;
}

void fwd_fake_bmc_init(struct fwd_fake_bmc *b, const char *running)
{
	memset(b, 0, sizeof(*b));
	b->runner.run = fake_run;
	b->runner.payload = b;
	b->clock.now_ms = fake_now;
	b->clock.sleep_ms = fake_sleep;
	b->clock.payload = b;
	b->pinger.ping = fake_ping;
	b->pinger.payload = b;
	b->now_ms = 1000000; /* a clock that does not start at 0 */
	snprintf(b->running, sizeof(b->running), "%s", running);
	b->reset_silence_ms = 10000;
	b->manufacturer_id = 10876;
	b->product_id = 0x0884;
}

void fwd_fake_bmc_release(struct fwd_fake_bmc *b)
{
	for (size_t i = 0; i < b->n_calls; i++)
		free(b->calls[i]);
	for (size_t i = 0; i < b->n_replies; i++) {
		free(b->replies[i].words);
		free(b->replies[i].out);
		free(b->replies[i].err);
	}
	memset(b, 0, sizeof(*b));
}

void fwd_fake_bmc_attach(struct fwd_fake_bmc *b, struct fwd_ctx *ctx)
{
	ctx->runner = &b->runner;
	ctx->clock = &b->clock;
	ctx->pinger = &b->pinger;
}

void fwd_fake_bmc_reply(struct fwd_fake_bmc *b, const char *words, int exit_code,
			const char *out, const char *err)
{
	struct fwd_fake_reply *r;

	if (b->n_replies >= FWD_FAKE_MAX)
		die("too many replies");
	r = &b->replies[b->n_replies++];
	r->words = dup_text(words);
	r->exit_code = exit_code;
	r->out = dup_text(out);
	r->err = dup_text(err);
}

size_t fwd_fake_bmc_count(const struct fwd_fake_bmc *b, const char *text)
{
	size_t n = 0;

	for (size_t i = 0; i < b->n_calls; i++)
		n += strstr(b->calls[i], text) != NULL;
	return n;
}

void fwd_fake_bmc_lan(struct fwd_fake_bmc *b)
{
	fwd_fake_bmc_reply(b, "channel info 1", 0,
			   "Channel 0x1 info:\n"
			   "  Channel Medium Type   : 802.3 LAN\n"
			   "  Channel Protocol Type : IPMB-1.0\n", "");
	fwd_fake_bmc_reply(b, "lan print 1", 0,
			   "Set in Progress         : Set Complete\n"
			   "IP Address Source       : Static Address\n"
			   "IP Address              : 10.0.0.5\n"
			   "Subnet Mask             : 255.255.255.0\n"
			   "MAC Address             : 0c:c4:7a:6b:2e:31\n"
			   "Default Gateway IP      : 10.0.0.1\n"
			   "802.1q VLAN ID          : Disabled\n", "");
	fwd_fake_bmc_reply(b, "user list 1", 0,
			   "ID  Name\t     Callin  Link Auth\tIPMI Msg   Channel Priv Limit\n"
			   "2   ADMIN            true    false      true       ADMINISTRATOR\n", "");
	fwd_fake_bmc_reply(b, "channel getaccess 1", 0,
			   "User ID              : 2\n"
			   "User Name            : ADMIN\n"
			   "Enable Status        : enabled\n", "");
}
