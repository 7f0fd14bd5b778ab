/* libFuzzer target: the client's UDP receive path: datagrams from the
 * server, decoded as ulink decodes them, into the per-sender sequence
 * windows and their loss counts, with time passing and senders renaming
 * as the input says. What comes out to be shown must be a chat or action
 * whose strings lie inside the datagram, and every loss reported must be
 * bounded by the sequence numbers seen. Gaps and losses are placed in a
 * small transcript as the screen places them ("lost here"): it must stay
 * whole. Each record: op, len, bytes; op 0-3 a datagram, 4 time passes
 * (bytes[0] x 50 ms), 5 a rename. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "msg.h"
#include "rxwin.h"
#include "transcript.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t reported;
static struct transcript *t;

static void
lost(void *arg, const char *nick, uint32_t n)
{
	(void)arg;
	if (n == 0 || strlen(nick) == 0 || strlen(nick) > NICK_MAX)
		abort();
	reported += n;
	if (transcript_lost(t, 0, nick, n, nick[0] == 'm') < 0)
		abort();
}

/* The transcript holds its lines in order, none lost or doubled. */
static void
check_transcript(void)
{
	size_t n = transcript_count(t);
	if (n > 32 || transcript_total(t) < n)
		abort();
	for (size_t i = 0; i < n; i++)
		if (transcript_get(t, i) == NULL ||
		    transcript_get(t, i)->text == NULL)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rxwins r;
	uint64_t now = 1;

	rxwins_init(&r);
	reported = 0;
	if (t == NULL)
		t = transcript_new(32); /* small: lines dropped, gaps gone */
	transcript_clear(t);
	while (size >= 2) {
		uint8_t op = data[0] % 6;
		size_t len = data[1] < size - 2 ? data[1] : size - 2;
		const uint8_t *p = data + 2;
		data += 2 + len, size -= 2 + len;
		struct msg m, out;
		uint32_t n = 0;
		if (op == 4) {
			now += (len ? p[0] : 1) * 50u;
			rxwins_expire(&r, now, lost, NULL);
			continue;
		}
		if (op == 5) {
			struct msg_str a = { (const char *)p, (uint16_t)(len / 2) },
			    b = { (const char *)p + len / 2,
			    (uint16_t)(len - len / 2) };
			rxwins_rename(&r, &a, &b);
			continue;
		}
		/* as ulink takes a datagram: one whole frame */
		if (len < FRAME_HDR || frame_get_len(p) != len - FRAME_HDR ||
		    msg_decode(p + FRAME_HDR, len - FRAME_HDR, &m) != MSG_OK)
			continue;
		uint32_t opened = 0;
		int show = rxwins_take(&r, &m, now, &out, &n, &opened);
		if (n || opened) {
			char nick[NICK_MAX + 1];
			snprintf(nick, sizeof nick, "%.*s", (int)(m.s[0].len >
			    NICK_MAX ? NICK_MAX : m.s[0].len), m.s[0].p);
			if (n)
				lost(NULL, nick, n);
			if (opened)
				transcript_gap(t, nick, opened);
			n = 0; /* counted */
		}
		if (show) {
			transcript_msg(t, 0, &out, "me", "room");
			check_transcript();
			if (out.type != MSG_CHAT && out.type != MSG_ACTION)
				abort();
			for (int f = 0; f < 2; f++)
				if (out.s[f].len && ((const uint8_t *)out.s[f].p < p ||
				    (const uint8_t *)out.s[f].p + out.s[f].len >
				    p + len))
					abort();
		}
		reported += n;
		if (r.n > RXWIN_MAX)
			abort();
	}
	rxwins_free(&r);
	return 0;
}
