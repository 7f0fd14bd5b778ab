/* libFuzzer target: room finding, both ends. The bytes are a datagram
 * lanchatd may be sent (a query) and one lanchat may be sent (an answer):
 * lanchatd's answer is never longer than the query and always decodes;
 * lanchat takes an answer only whole, with a room name it can show. */
#include "config.h"

#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "disco.h"
#include "find.h"
#include "frame.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct disco d;
	static int ready;
	static uint8_t out[MSG_DGRAM_MAX];
	static const struct rate_limit none = { 0, 0 };
	struct sockaddr_storage src = { .ss_family = AF_INET };
	struct msg m;
	if (!ready) {
		disco_init(&d, 0);
		ready = 1;
	}
	if (size > MSG_DGRAM_MAX)
		return 0;
	/* lanchatd's side. */
	if (size >= FRAME_HDR && frame_get_len(data) == size - FRAME_HDR &&
	    msg_decode(data + FRAME_HDR, size - FRAME_HDR, &m) == MSG_OK &&
	    m.type == MSG_FIND) {
		struct disco_room r = { "Fuzz room, lanchatd 0.1.0", 2428, 3,
		    0 };
		size_t n = disco_answer(&d, &m, size, MSG_LINK_HOPS, &src, &r,
		    &none, &none, 0, out);
		struct msg a;
		if (n > size || (n && (msg_decode(out + FRAME_HDR, n - FRAME_HDR,
		    &a) != MSG_OK || a.type != MSG_HERE || a.num != m.num)))
			abort();
	}
	/* lanchat's side: the nonce is the answer's own, so it is taken. */
	struct find_room room;
	unsigned port;
	uint32_t nonce = size >= 10 ? frame_get_len(data + 6) : 0;
	if (find_parse(data, size, nonce, &room, &port) == 0) {
		char why[64];
		size_t n = strlen(room.info);
		if (n == 0 || n >= sizeof room.info || port == 0 || port > 65535)
			abort();
		/* --list and the picker show it as text made safe. */
		char safe[3 * sizeof room.info];
		size_t k = text_sanitize(room.info, n, safe, sizeof safe);
		if (text_check(safe, k, why, sizeof why) < 0)
			abort();
	}
	return 0;
}
