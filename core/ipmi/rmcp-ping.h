/*
 * rmcp-ping.h: the RMCP/ASF presence ping (ASF 2.0, section 3.2.4), the
 * cheapest question a BMC on the network answers: one unauthenticated
 * UDP datagram to its IPMI port, one Presence Pong back, no session.
 *
 * fwd_bmc_wait (bmc.h) polls with it while a BMC restarts and confirms
 * with `mc info` once it answers.  The parser is a pure function (unit
 * test and fuzz target); the socket side is fwd_rmcp_ping.  Tests replace
 * the socket through ctx->pinger (fake-bmc.h), as they replace ipmitool
 * through ctx->runner.  Nothing here is owned beyond one call.
 */
#ifndef FWD_RMCP_PING_H
#define FWD_RMCP_PING_H

#include <stddef.h>
#include <stdint.h>

struct fwd_ctx;

#define FWD_RMCP_PING_LEN 12u
/* A pong: the 12-byte header and the 16 bytes of its data. */
#define FWD_RMCP_PONG_LEN 28u
#define FWD_ASF_IANA 4542u

struct fwd_rmcp_pong {
	uint32_t iana;       /* the enterprise of the OEM field (4542: none) */
	uint32_t oem;
	uint8_t entities;    /* bit 7: IPMI supported; low bits: ASF version */
	uint8_t interactions;
};

/* Writes a Presence Ping with message tag tag into buf (at least
 * FWD_RMCP_PING_LEN bytes); returns its length. */
size_t fwd_rmcp_ping_build(uint8_t tag, uint8_t *buf);

/*
 * Reads one datagram as the pong to the ping tagged tag.  Strict: RMCP
 * version 1.0 (0x06), sequence 0xFF (no ACK asked), class ASF and not an
 * ACK, ASF's IANA number, message type 0x40, the same tag, data length 16
 * and the whole data there.  Returns 0 with *out filled (out may be NULL),
 * -1 for anything else (a stray datagram, an ACK, a truncated pong).
 */
int fwd_rmcp_pong_parse(const uint8_t *buf, size_t len, uint8_t tag,
			struct fwd_rmcp_pong *out);

/*
 * Pings addr (numeric, IPv4 or IPv6) on port and waits at most timeout_ms
 * for the pong.  Returns 1 answered, 0 no answer in time (or the host
 * said nothing listens there: an ICMP error), or a negative errno when no
 * ping could be sent (no socket, a bad address).  Reads the real clock:
 * it times a real socket.
 */
int fwd_rmcp_ping(const char *addr, unsigned port, unsigned timeout_ms);

/* A stand-in for fwd_rmcp_ping (tests): ping returns what it would. */
struct fwd_pinger {
	int (*ping)(void *payload, struct fwd_ctx *ctx, unsigned timeout_ms);
	void *payload;
};

/*
 * Pings ctx's target: through ctx->pinger when a test set one, else the
 * socket, to the target's resolved address and port.  Returns as
 * fwd_rmcp_ping, or -ENOENT when the target cannot be pinged (in-band, or
 * its address did not resolve).
 */
int fwd_rmcp_ping_target(struct fwd_ctx *ctx, unsigned timeout_ms);

/* Whether fwd_rmcp_ping_target can ping at all. */
int fwd_rmcp_can_ping(const struct fwd_ctx *ctx);

#endif
