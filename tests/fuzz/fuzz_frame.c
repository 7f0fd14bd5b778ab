/* libFuzzer target: the frame decoder, message decoding and formatting.
 * The first byte picks how the rest is cut into reads, so the fuzzer also
 * explores frames split at every position. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "frame.h"
#include "msg.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[FMT_MAX];
	static uint8_t again[FRAME_HDR + FRAME_MAX];
	struct frame_dec d;
	size_t step;

	if (size < 1)
		return 0;
	/* The greeting check a client makes on the server's first line. */
	int v = frame_greeting_version((const char *)data, size);
	if (v < -1 || v > 999)
		abort();
	step = data[0] ? data[0] : size;
	data++, size--;
	frame_dec_init(&d);
	while (size > 0) {
		size_t n = step < size ? step : size;
		const uint8_t *p = data;
		size_t left = n;
		struct frame f;
		int rc;
		while ((rc = frame_dec_next(&d, &p, &left, &f)) == FRAME_OK) {
			struct msg m;
			if (f.len > FRAME_MAX)
				abort();
			if (msg_decode(f.body, f.len, &m) != MSG_OK)
				continue;
			/* What decodes re-encodes to the same bytes. */
			int len = msg_encode(&m, again, sizeof again);
			if (len != (int)f.len + FRAME_HDR ||
			    memcmp(again + FRAME_HDR, f.body, f.len) != 0)
				abort();
			size_t o = fmt_msg(&m, "me", out, sizeof out);
			/* What is shown holds no control character. */
			char why[128];
			if (o >= sizeof out || text_check(out, o, why,
			    sizeof why) < 0)
				abort();
		}
		if (rc < 0)
			break;
		if (left != 0)
			abort();
		data += n;
		size -= n;
	}
	frame_dec_free(&d);
	return 0;
}
