/*
 * rmcp-ping.c: the RMCP/ASF presence ping (rmcp-ping.h).
 */
#include "ipmi/rmcp-ping.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/ctx.h"

#define RMCP_VERSION 0x06
#define RMCP_SEQ_NO_ACK 0xff
#define RMCP_CLASS_ASF 0x06
#define RMCP_CLASS_ACK 0x80
#define ASF_PING 0x80
#define ASF_PONG 0x40
#define ASF_PONG_DATA 16u

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

size_t fwd_rmcp_ping_build(uint8_t tag, uint8_t *buf)
{
	/* RMCP header: version, reserved, sequence (0xFF: no RMCP ACK wanted),
	 * class.  ASF header: IANA, type, tag, reserved, data length 0. */
	buf[0] = RMCP_VERSION;
	buf[1] = 0;
	buf[2] = RMCP_SEQ_NO_ACK;
	buf[3] = RMCP_CLASS_ASF;
	put32(buf + 4, FWD_ASF_IANA);
	buf[8] = ASF_PING;
	buf[9] = tag;
	buf[10] = 0;
	buf[11] = 0;
	return FWD_RMCP_PING_LEN;
}

int fwd_rmcp_pong_parse(const uint8_t *buf, size_t len, uint8_t tag,
			struct fwd_rmcp_pong *out)
{
	/* Bytes past the data are tolerated (a padding BMC); fewer are not. */
	if (!buf || len < FWD_RMCP_PONG_LEN)
		return -1;
	if (buf[0] != RMCP_VERSION || buf[2] != RMCP_SEQ_NO_ACK || buf[3] != RMCP_CLASS_ASF)
		return -1;
	if (get32(buf + 4) != FWD_ASF_IANA || buf[8] != ASF_PONG || buf[9] != tag ||
	    buf[11] != ASF_PONG_DATA)
		return -1;
	if (out) {
		out->iana = get32(buf + 12);
		out->oem = get32(buf + 16);
		out->entities = buf[20];
		out->interactions = buf[21];
	}
	return 0;
}

static int open_to(const char *addr, unsigned port)
{
	struct addrinfo hints, *res;
	char service[8];
	int fd, saved;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	snprintf(service, sizeof(service), "%u", port);
	if (getaddrinfo(addr, service, &hints, &res) != 0)
		return -EINVAL;
	fd = socket(res->ai_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		saved = errno;
		freeaddrinfo(res);
		return -saved;
	}
	/* Connected: only the BMC's datagrams arrive, and an ICMP "port
	 * unreachable" comes back as ECONNREFUSED instead of a silent wait. */
	if (connect(fd, res->ai_addr, res->ai_addrlen) < 0) {
		saved = errno;
		close(fd);
		freeaddrinfo(res);
		return -saved;
	}
	freeaddrinfo(res);
	return fd;
}

int fwd_rmcp_ping(const char *addr, unsigned port, unsigned timeout_ms)
{
	static uint8_t next_tag;
	uint8_t ping[FWD_RMCP_PING_LEN], pong[512];
	uint64_t end = fwd_clock_real_ms() + timeout_ms, now;
	uint8_t tag;
	int fd, ret = 0;

	fd = open_to(addr, port);
	if (fd < 0)
		return fd;
	/* A new tag each ping (never 0xFF, which ASF reserves): a late pong to
	 * an earlier one does not answer this one. */
	tag = next_tag = (uint8_t)(next_tag % 0xfe + 1);
	fwd_rmcp_ping_build(tag, ping);
	if (send(fd, ping, sizeof(ping), 0) < 0) {
		ret = errno == ECONNREFUSED || errno == EHOSTUNREACH || errno == ENETUNREACH ?
		      0 : -errno;
		close(fd);
		return ret;
	}
	while ((now = fwd_clock_real_ms()) < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;
		int r = poll(&p, 1, (int)(end - now));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n = recv(fd, pong, sizeof(pong), 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0)
			break;   /* an ICMP error: nothing listens there (yet) */
		if (fwd_rmcp_pong_parse(pong, (size_t)n, tag, NULL) == 0) {
			ret = 1;
			break;
		}
	}
	close(fd);
	return ret;
}

int fwd_rmcp_can_ping(const struct fwd_ctx *ctx)
{
	if (!ctx->target || !ctx->target->pub.out_of_band || ctx->target->redfish)
		return 0;
	return ctx->pinger != NULL || ctx->target->addr[0] != '\0';
}

int fwd_rmcp_ping_target(struct fwd_ctx *ctx, unsigned timeout_ms)
{
	if (!fwd_rmcp_can_ping(ctx))
		return -ENOENT;
	if (ctx->pinger)
		return ctx->pinger->ping(ctx->pinger->payload, ctx, timeout_ms);
	return fwd_rmcp_ping(ctx->target->addr, ctx->target->pub.port, timeout_ms);
}
