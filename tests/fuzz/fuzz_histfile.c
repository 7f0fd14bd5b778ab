/* libFuzzer target: the history file reader (histfile_scan) and the
 * backlog it fills, as lanchatd reads a file at start that a crash, a
 * full disk or a hostile hand may have left in any state. Checks that
 * what is loaded is what a replay may send: ids that grow, frames that
 * decode as `history`, lines with no control character but their end. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "backlog.h"
#include "frame.h"
#include "histfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
load(void *arg, const struct msg *h)
{
	backlog_load(arg, h);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct backlog b;
	uint32_t epoch = 0;
	if (backlog_init(&b, 8, 0, 1) < 0)
		abort();
	long good = histfile_scan(data, size, &epoch, load, &b);
	if (good > (long)size)
		abort();
	backlog_lines(&b); /* as the first line client's replay makes them */
	uint32_t last = 0;
	for (uint32_t i = 0; i < b.n; i++) {
		const struct backlog_item *it = backlog_get(&b, i);
		struct msg h;
		if (it->id <= last || it->id >= b.next)
			abort();
		last = it->id;
		const uint8_t *f = it->framed.c->data + it->framed.off;
		if (it->framed.len < FRAME_HDR || frame_get_len(f) !=
		    it->framed.len - FRAME_HDR || msg_decode(f + FRAME_HDR,
		    it->framed.len - FRAME_HDR, &h) != MSG_OK ||
		    h.type != MSG_HISTORY || h.num != it->id)
			abort();
		const struct span *lines[] = { &it->line, &it->dline };
		for (int k = 0; k < 2; k++) {
			const uint8_t *p = lines[k]->c->data + lines[k]->off;
			size_t n = lines[k]->len;
			if (n == 0 || p[n - 1] != '\n')
				abort();
			for (size_t j = 0; j + 1 < n; j++)
				if (p[j] < 0x20 || p[j] == 0x7f)
					abort(); /* reaches an nc user's terminal */
		}
	}
	backlog_free(&b);
	return 0;
}
