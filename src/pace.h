/* pace: what a client sends, held to the room's rates. The server reads a
 * member only as fast as its token buckets allow and cuts one it has held
 * back for --flood-timeout (doc/protocol.md, section 11); a client that
 * keeps its own copy of those buckets, and queues what they do not cover,
 * is never held back, so a long paste or a piped file reaches the room
 * whole, at the room's pace. The server says its rates in a `limits`
 * message just before the welcome (nothing but the hello is sent before
 * it, outbox.c); a server that says none leaves the protocol's defaults.
 * No I/O: frames wait in an evbuffer and the caller passes the time. */
#ifndef PACE_H
#define PACE_H

#include <stddef.h>
#include <stdint.h>

#include <event2/buffer.h>

#include "rate.h"

/* The room's rates as the protocol's defaults give them. */
#define PACE_LINES 5
#define PACE_LINES_BURST 10
#define PACE_BYTES 4096
#define PACE_BYTES_BURST 20480
#define PACE_MARGIN 90 /* percent of a rate used, for clock drift */

struct pace {
	struct rate_limit lines, bytes; /* as the server said them */
	struct rate l, b;               /* our copy of its buckets */
	struct evbuffer *q;             /* whole frames, waiting */
	size_t frames;                  /* frames in q */
};

int pace_init(struct pace *p);
void pace_free(struct pace *p);
/* A new connection: the server's buckets start full, at its defaults. */
void pace_restart(struct pace *p, uint64_t now);
/* Takes the text of a `limits` message ("lines=5:10 bytes=4096:20480";
 * names it does not know are skipped); -1 if a value is malformed. */
int pace_set(struct pace *p, const char *text, size_t len, uint64_t now);
/* Writes the text of a `limits` message for these rates. */
int pace_format(const struct rate_limit *lines, const struct rate_limit *bytes,
    char *buf, size_t size);
/* Queues one whole frame; -1 if the queue would pass max bytes. */
int pace_push(struct pace *p, const void *frame, size_t n, size_t max);
/* Charges frames that were written past the queue (the hello, and the
 * history asked for with it): that many, of n bytes. */
void pace_charge(struct pace *p, uint64_t now, uint32_t frames, size_t n);
/* Moves to out the frames the buckets allow now; returns the
 * milliseconds until the next may go, 0 when the queue is empty. */
uint64_t pace_pull(struct pace *p, uint64_t now, struct evbuffer *out);
/* Takes one message of n bytes going past the queue (a UDP datagram)
 * if nothing waits and the buckets cover it now; 0 if it must wait. */
int pace_take(struct pace *p, uint64_t now, size_t n);
/* Keeps only the frames of these message types (what is worth sending
 * on the next connection: chat, not the last one's pongs). */
void pace_keep(struct pace *p, const uint8_t *types, size_t ntypes);
size_t pace_frames(const struct pace *p);
size_t pace_bytes(const struct pace *p);

#endif
