/* libFuzzer target: lanchatd's datagram path with a room around it: two
 * framed members and a line member, two of them holding UDP sessions.
 * The input is a script of records, so the fuzzer reaches past the token
 * checks into registration, challenges, proofs, sequence windows, rates,
 * relaying, expiry and loss notices, not only message decoding:
 *
 *   op, len, len bytes
 *
 * op & 7: 0 a raw datagram; 1 a registration with session (op>>3)&1's own
 * token; 2 a proof with its current challenge; 3 chat with its token
 * (first 4 bytes the sequence number); 4 a proof with the bytes as the
 * challenge; 5 time passes (bytes[0] x 100 ms) and the tick runs; 6 the
 * member asks again, goes back to TCP, or leaves and rejoins.
 * The sender's address is one of a few loopback ports (op>>4): anything
 * the server sends goes to 127.0.0.1 only. */
#include "config.h"

#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>

#include "frame.h"
#include "limit.h"
#include "log.h"
#include "msg.h"
#include "room.h"
#include "udp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NM 3

static size_t
dgram(uint8_t *buf, size_t cap, int type, uint32_t num, uint32_t seq,
    const void *a, size_t al, const void *b, size_t bl)
{
	struct msg m = { .type = type, .num = num, .seq = seq };
	m.s[0] = (struct msg_str){ a, (uint16_t)al };
	m.s[1] = (struct msg_str){ b, (uint16_t)bl };
	int n = msg_encode(&m, buf, cap);
	return n > 0 ? (size_t)n : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct event_base *base;
	static int lfd = -1, ufd = -1;
	struct limits lim;
	struct member m[NM];
	uint8_t buf[MSG_DGRAM_MAX + 64], token[MSG_TOKEN_LEN], chal[MSG_CHAL_LEN];
	char why[128];
	uint64_t now = 1000;

	if (base == NULL) {
		struct sockaddr_in sa = { .sin_family = AF_INET,
		    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		socklen_t sl = sizeof sa;
		base = event_base_new();
		log_init("fuzz_udp", LOGL_ERR); /* registrations are not news */
		lfd = socket(AF_INET, SOCK_STREAM, 0);
		if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
		    getsockname(lfd, (struct sockaddr *)&sa, &sl) < 0)
			abort();
		/* What the server sends leaves from here, to 127.0.0.1. */
		sa.sin_port = 0;
		ufd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
		if (bind(ufd, (struct sockaddr *)&sa, sizeof sa) < 0)
			abort();
	}
	limit_default(&lim);
	struct room *r = room_new("fuzz");
	struct udp *u = udp_new(base, r, &lim, NULL, &lfd, 1, why, sizeof why);
	if (r == NULL || u == NULL)
		abort();
	for (int i = 0; i < NM; i++) {
		char nick[8] = { 'm', (char)('0' + i), 0 };
		room_member_init(&m[i], "127.0.0.1:1", i == NM - 1);
		rate_init(&m[i].lines, &lim.lines, now);
		rate_init(&m[i].bytes, &lim.bytes, now);
		rate_init(&m[i].errors, &lim.errors, now);
		room_join(r, &m[i], nick, 2, why, sizeof why);
		if (i < 2)
			udp_grant(u, &m[i]);
	}
	while (size >= 2) {
		uint8_t op = data[0];
		size_t len = data[1] < size - 2 ? data[1] : size - 2;
		const uint8_t *p = data + 2;
		data += 2 + len, size -= 2 + len;
		struct member *who = &m[(op >> 3) & 1];
		struct sockaddr_in src = { .sin_family = AF_INET,
		    .sin_port = htons((uint16_t)(40000 + (op >> 4))),
		    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		struct sockaddr_storage ss;
		memset(&ss, 0, sizeof ss);
		memcpy(&ss, &src, sizeof src);
		uint32_t id = 0, seq = 0;
		size_t n = 0;
		int have = udp_peek(who, &id, token, chal) == 0;
		switch (op & 7) {
		case 0:
			n = len < sizeof buf ? len : sizeof buf;
			memcpy(buf, p, n);
			break;
		case 1:
			if (have)
				n = dgram(buf, sizeof buf, MSG_UREG, id, 0, token,
				    sizeof token, NULL, 0);
			break;
		case 2:
		case 4: {
			struct msg pm = { .type = MSG_UPROVE, .num = id };
			if (!have)
				break;
			pm.s[0] = (struct msg_str){ (const char *)token,
			    sizeof token };
			pm.s[1] = (op & 7) == 2 ?
			    (struct msg_str){ (const char *)chal, sizeof chal } :
			    (struct msg_str){ (const char *)p, (uint16_t)len };
			int k = msg_encode(&pm, buf, sizeof buf);
			n = k > 0 ? (size_t)k : 0;
			break;
		}
		case 3:
			if (!have || len < 4)
				break;
			seq = (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
			{
				struct msg cm = { .type = MSG_USAY, .num = id,
				    .seq = seq };
				cm.s[0] = (struct msg_str){ (const char *)token,
				    sizeof token };
				cm.s[1] = (struct msg_str){ (const char *)p + 4,
				    (uint16_t)(len - 4) };
				int k = msg_encode(&cm, buf, sizeof buf);
				n = k > 0 ? (size_t)k : 0;
			}
			break;
		case 5:
			now += (uint64_t)(len ? p[0] : 1) * 100;
			udp_tick(u, now);
			break;
		case 6:
			if (len && p[0] % 3 == 0) {
				udp_grant(u, who);
			} else if (len && p[0] % 3 == 1) {
				udp_revoke(u, who, "back to TCP");
			} else if (who->joined) {
				udp_revoke(u, who, NULL);
				room_leave(r, who, "fuzz");
			} else {
				room_join(r, who, NULL, 0, why, sizeof why);
			}
			break;
		default:
			now += 10;
			break;
		}
		if (n)
			udp_input(u, ufd, buf, n, &ss, sizeof src, 255, now);
		while (room_doomed_pop(r))
			;
	}
	udp_free(u);
	for (int i = 0; i < NM; i++) {
		room_remove(r, &m[i]);
		room_member_free(&m[i]);
	}
	room_free(r);
	return 0;
}
