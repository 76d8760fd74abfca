/*
 * test_rmcp_ping.c: the RMCP/ASF presence ping (core/ipmi/rmcp-ping.c)
 * and the pace of the wait for a BMC's return (core/ipmi/bmc-wait.c),
 * on the fake BMC's clock (tests/support/fake-bmc.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fake-bmc.h"
#include "ipmi/bmc.h"
#include "ipmi/rmcp-ping.h"
#include "util/clock.h"

/* What OpenIPMI 2.0.33's ipmi_sim answered to a ping tagged 7 (IPMI
 * supported, ASF 1.0). */
static const uint8_t sim_pong[FWD_RMCP_PONG_LEN] = {
	0x06, 0x00, 0xff, 0x06, 0x00, 0x00, 0x11, 0xbe, 0x40, 0x07, 0x00, 0x10,
	0x00, 0x00, 0x11, 0xbe, 0x00, 0x00, 0x00, 0x00, 0x81, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static void test_ping_bytes(void **state)
{
	static const uint8_t want[] = { 0x06, 0x00, 0xff, 0x06, 0x00, 0x00, 0x11, 0xbe,
					0x80, 0x2a, 0x00, 0x00 };
	uint8_t buf[FWD_RMCP_PING_LEN];

	(void)state;
	assert_int_equal(fwd_rmcp_ping_build(0x2a, buf), sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));
}

static void test_pong_is_read_strictly(void **state)
{
	struct fwd_rmcp_pong p;
	uint8_t b[FWD_RMCP_PONG_LEN + 4];
	/* One wrong byte each: offset and value. */
	static const struct { size_t at; uint8_t v; } bad[] = {
		{ 0, 0x07 },  /* RMCP version */
		{ 2, 0x00 },  /* a sequence number that asks for an ACK */
		{ 3, 0x07 },  /* class IPMI, not ASF */
		{ 3, 0x86 },  /* an RMCP ACK */
		{ 7, 0xbf },  /* IANA */
		{ 8, 0x80 },  /* a ping, not a pong */
		{ 9, 0x08 },  /* another ping's tag */
		{ 11, 0x0f }, /* data length */
	};

	(void)state;
	assert_int_equal(fwd_rmcp_pong_parse(sim_pong, sizeof(sim_pong), 7, &p), 0);
	assert_int_equal(p.iana, FWD_ASF_IANA);
	assert_int_equal(p.oem, 0);
	assert_int_equal(p.entities, 0x81);
	assert_int_equal(p.interactions, 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(b, sim_pong, sizeof(sim_pong));
		b[bad[i].at] = bad[i].v;
		assert_int_equal(fwd_rmcp_pong_parse(b, sizeof(sim_pong), 7, NULL), -1);
	}
	/* Truncated anywhere: refused; padding after the data: read. */
	for (size_t n = 0; n < sizeof(sim_pong); n++)
		assert_int_equal(fwd_rmcp_pong_parse(sim_pong, n, 7, NULL), -1);
	memcpy(b, sim_pong, sizeof(sim_pong));
	memset(b + sizeof(sim_pong), 0, 4);
	assert_int_equal(fwd_rmcp_pong_parse(b, sizeof(b), 7, NULL), 0);
	assert_int_equal(fwd_rmcp_pong_parse(NULL, 28, 7, NULL), -1);
}

/* The socket: a BMC on loopback (a child) that answers a stray datagram
 * first, then the pong; then nobody listening. */
static void test_ping_over_a_socket(void **state)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	uint64_t t0;
	pid_t pid;
	int fd, st;

	(void)state;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		uint8_t in[64], out[FWD_RMCP_PONG_LEN];
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, in, sizeof(in), 0, (struct sockaddr *)&from, &fl);

		if (n != FWD_RMCP_PING_LEN || in[8] != 0x80)
			_exit(1);
		memcpy(out, sim_pong, sizeof(out));
		out[9] = (uint8_t)(in[9] + 1);   /* not this ping's */
		sendto(fd, out, sizeof(out), 0, (struct sockaddr *)&from, fl);
		out[9] = in[9];
		sendto(fd, out, sizeof(out), 0, (struct sockaddr *)&from, fl);
		_exit(0);
	}
	assert_int_equal(fwd_rmcp_ping("127.0.0.1", ntohs(a.sin_port), 5000), 1);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* Nothing answers now (the port is still bound: the ping waits the
	 * whole timeout); closed, the ICMP error may end it early. */
	t0 = fwd_clock_real_ms();
	assert_int_equal(fwd_rmcp_ping("127.0.0.1", ntohs(a.sin_port), 200), 0);
	assert_true(fwd_clock_real_ms() - t0 >= 190);
	close(fd);
	assert_int_equal(fwd_rmcp_ping("127.0.0.1", ntohs(a.sin_port), 200), 0);
	assert_true(fwd_rmcp_ping("not-an-address", 623, 200) < 0);
}

struct waiter {
	struct fwd_target_opts t;
	struct fwd_fake_bmc bmc;
	struct fwd_ctx ctx;
	struct fwd_bmc_info info;
	uint64_t waited;
	unsigned reports, last_report;
};

static void on_progress(void *payload, enum fwd_step step, uint64_t done, uint64_t total)
{
	struct waiter *w = payload;

	assert_int_equal(step, FWD_STEP_BMC_WAIT);
	assert_true(total == 120);
	if (w->reports)
		assert_true(done > w->last_report);   /* at most once a second */
	w->last_report = (unsigned)done;
	w->reports++;
}

/* A BMC silent for silence_ms from now; out of band or in-band. */
static void waiter_init(struct waiter *w, int out_of_band, uint64_t silence_ms)
{
	memset(w, 0, sizeof(*w));
	fwd_target_init(&w->t);
	w->t.pub.out_of_band = out_of_band;
	fwd_ctx_init(&w->ctx);
	w->ctx.log_level = FWD_LOG_ERROR;
	w->ctx.target = &w->t;
	w->ctx.on_progress = on_progress;
	w->ctx.progress_payload = w;
	w->info.size = sizeof(w->info);
	fwd_fake_bmc_init(&w->bmc, "1.71");
	fwd_fake_bmc_attach(&w->bmc, &w->ctx);
	snprintf(w->bmc.pending, sizeof(w->bmc.pending), "1.72");
	fwd_fake_bmc_restart_in(&w->bmc, 0, silence_ms);
}

static void waiter_run(struct waiter *w)
{
	assert_int_equal(fwd_bmc_wait(&w->ctx, 120, &w->info, &w->waited), 0);
	assert_string_equal(w->info.firmware, "1.72");
}

/* Pings every 250 ms, then 500 ms, then 1 s: a BMC back after 5, 20 or 60 s
 * is seen within one interval, and each pong confirmed by mc info. */
static void test_pings_see_the_return_within_an_interval(void **state)
{
	static const struct { uint64_t silence, within; } c[] = {
		/* Off the blind attempts' whole seconds, so that a ping sees it. */
		{ 5100, FWD_BMC_PING_FAST_MS }, { 20100, FWD_BMC_PING_MID_MS },
		{ 60100, FWD_BMC_PING_SLOW_MS },
	};
	struct waiter w;

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		waiter_init(&w, 1, c[i].silence);
		waiter_run(&w);
		assert_true(w.waited >= c[i].silence);
		assert_true(w.waited - c[i].silence <= c[i].within);
		assert_true(w.bmc.n_pings >= c[i].silence / FWD_BMC_PING_SLOW_MS);
		/* After 30 s the pings (1 s) are no faster than the blind
		 * attempts (every 1 s of pings while no pong was seen): either
		 * may see the return first. */
		if (c[i].within < FWD_BMC_PING_SLOW_MS) {
			assert_int_equal(w.bmc.n_pongs, 1);
			assert_int_equal(w.ctx.bmc_pongs, 1);
		}
		/* Reported, but not on every ping. */
		assert_true(w.reports >= 2 && w.reports <= c[i].silence / 1000 + 1);
		fwd_fake_bmc_release(&w.bmc);
	}
}

/* A BMC known to answer pings (ctx->bmc_pongs, from the probe before its
 * reset) is asked blind only every 10 s: a 60 s silence costs few mc info
 * attempts. */
static void test_a_pinging_bmc_is_asked_blind_rarely(void **state)
{
	struct waiter w;

	(void)state;
	waiter_init(&w, 1, 60100);
	w.ctx.bmc_pongs = 1;
	waiter_run(&w);
	assert_true(w.waited - 60100 <= FWD_BMC_PING_SLOW_MS);
	assert_int_equal(w.bmc.n_pongs, 1);
	/* Between blind attempts the pings report progress every second. */
	assert_true(w.reports >= 60100 / 1000 - 1);
	assert_true(w.bmc.n_mc_info <= 60000 / FWD_BMC_BLIND_PONGS_MS + 2);
	/* Blind or after a pong, each attempt is a quick one. */
	assert_int_equal(fwd_fake_bmc_count(&w.bmc, "-N 1 -R 1 mc info"), w.bmc.n_mc_info);
	fwd_fake_bmc_release(&w.bmc);
}

/* ASF turned off, or pongs that come late after the restart: the blind mc
 * info attempts find the BMC, at least at the old pace (every 2 s). */
static void test_a_bmc_without_pongs_is_found_by_mc_info(void **state)
{
	struct waiter w;

	(void)state;
	waiter_init(&w, 1, 20000);
	w.bmc.asf_off = 1;
	waiter_run(&w);
	assert_true(w.waited - 20000 <= FWD_BMC_POLL_MS);
	assert_true(w.bmc.n_pings > 0);
	assert_int_equal(w.bmc.n_pongs, 0);
	assert_true(w.ctx.bmc_pongs <= 0);
	fwd_fake_bmc_release(&w.bmc);

	waiter_init(&w, 1, 20000);
	w.bmc.pong_delay_ms = 30000;
	waiter_run(&w);
	assert_true(w.waited - 20000 <= FWD_BMC_POLL_MS);
	assert_int_equal(w.bmc.n_pongs, 0);
	fwd_fake_bmc_release(&w.bmc);
}

/* In-band: no ping, quick mc info attempts every 500 ms. */
static void test_in_band_polls_quickly(void **state)
{
	struct waiter w;

	(void)state;
	waiter_init(&w, 0, 20000);
	waiter_run(&w);
	assert_int_equal(w.bmc.n_pings, 0);
	assert_true(w.waited - 20000 <= FWD_BMC_INBAND_GAP_MS);
	assert_true(w.bmc.n_mc_info >= 20000 / FWD_BMC_INBAND_GAP_MS);
	fwd_fake_bmc_release(&w.bmc);
}

/* The benchmark's knob: the pace before pings, mc info then 2 s of sleep. */
static void test_old_pace_for_the_benchmark(void **state)
{
	struct waiter w;

	(void)state;
	setenv("FWD_BENCH_OLD_BMC_POLL", "1", 1);
	waiter_init(&w, 1, 20000);
	waiter_run(&w);
	unsetenv("FWD_BENCH_OLD_BMC_POLL");
	assert_int_equal(w.bmc.n_pings, 0);
	assert_int_equal(w.bmc.n_mc_info, 20000 / FWD_BMC_POLL_MS + 1);
	assert_int_equal(fwd_fake_bmc_count(&w.bmc, "-N 2 -R 1 mc info"), w.bmc.n_mc_info);
	fwd_fake_bmc_release(&w.bmc);
}

/* The bound holds with pings: a BMC that never comes back is gone after
 * --bmc-timeout, not later than one interval past it. */
static void test_the_bound_holds(void **state)
{
	struct waiter w;

	(void)state;
	waiter_init(&w, 1, 600000);
	assert_int_equal(fwd_bmc_wait(&w.ctx, 120, &w.info, &w.waited), -FWD_E_BMC_GONE);
	assert_true(w.waited >= 120000 && w.waited <= 120000 + FWD_BMC_PING_SLOW_MS);
	assert_non_null(strstr(w.ctx.err.msg, "did not answer again within 120 s"));
	fwd_fake_bmc_release(&w.bmc);
}

/* The probe before a cold reset learns whether the BMC answers pings. */
static void test_the_reset_probes_pings(void **state)
{
	struct waiter w;

	(void)state;
	waiter_init(&w, 1, 0);
	assert_int_equal(fwd_bmc_reset_cold(&w.ctx), 0);
	assert_int_equal(w.ctx.bmc_pongs, 1);
	assert_int_equal(w.bmc.n_pings, 1);
	fwd_fake_bmc_release(&w.bmc);
	waiter_init(&w, 1, 0);
	w.bmc.asf_off = 1;
	assert_int_equal(fwd_bmc_reset_cold(&w.ctx), 0);
	assert_int_equal(w.ctx.bmc_pongs, -1);
	fwd_fake_bmc_release(&w.bmc);
	waiter_init(&w, 0, 0);
	assert_int_equal(fwd_bmc_reset_cold(&w.ctx), 0);
	assert_int_equal(w.bmc.n_pings, 0);
	fwd_fake_bmc_release(&w.bmc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ping_bytes),
		cmocka_unit_test(test_pong_is_read_strictly),
		cmocka_unit_test(test_ping_over_a_socket),
		cmocka_unit_test(test_pings_see_the_return_within_an_interval),
		cmocka_unit_test(test_a_pinging_bmc_is_asked_blind_rarely),
		cmocka_unit_test(test_a_bmc_without_pongs_is_found_by_mc_info),
		cmocka_unit_test(test_in_band_polls_quickly),
		cmocka_unit_test(test_old_pace_for_the_benchmark),
		cmocka_unit_test(test_the_bound_holds),
		cmocka_unit_test(test_the_reset_probes_pings),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
