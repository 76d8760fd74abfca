/*
 * fuzz_rmcp_pong.c: a datagram read as the pong to a presence ping
 * (core/ipmi/rmcp-ping.c).  Byte 0 is the ping's tag, the rest the
 * datagram.  A pong read is whole and answers that tag; the answer does
 * not depend on whether the fields are wanted; a ping is never a pong.
 */
#include <string.h>

#include "fuzz-util.h"
#include "ipmi/rmcp-ping.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_rmcp_pong p;
	uint8_t ping[FWD_RMCP_PING_LEN];
	const uint8_t *dgram = data + 1;
	size_t len;
	uint8_t tag;
	int r;

	if (size < 1)
		return 0;
	tag = data[0];
	len = size - 1;
	memset(&p, 0xa5, sizeof(p));
	r = fwd_rmcp_pong_parse(dgram, len, tag, &p);
	FUZZ_CHECK(r == 0 || r == -1);
	FUZZ_CHECK(r == fwd_rmcp_pong_parse(dgram, len, tag, NULL));
	if (r == 0) {
		FUZZ_CHECK(len >= FWD_RMCP_PONG_LEN);
		FUZZ_CHECK(dgram[8] == 0x40 && dgram[9] == tag && dgram[11] == 16);
		FUZZ_CHECK(p.entities == dgram[20] && p.interactions == dgram[21]);
		/* Another tag's ping is not answered by it. */
		FUZZ_CHECK(fwd_rmcp_pong_parse(dgram, len, (uint8_t)(tag + 1), NULL) == -1);
	}
	fwd_rmcp_ping_build(tag, ping);
	FUZZ_CHECK(fwd_rmcp_pong_parse(ping, sizeof(ping), tag, NULL) == -1);
	return 0;
}
