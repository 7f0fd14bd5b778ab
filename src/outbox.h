/* outbox: what the client sends, on its way. Frames wait here while the
 * connection is down (said offline, sent on the next one) and while the
 * room's rates do not cover them yet (pace.h); a timer lets each go when
 * it may. The client core's only way to send. */
#ifndef OUTBOX_H
#define OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include <event2/bufferevent.h>
#include <event2/event.h>

#include "pace.h"

struct outbox {
	struct pace pace;
	struct event *timer;     /* the next frame may go */
	struct bufferevent *bev; /* the connection, while up */
	int open;                /* in the room: frames may flow */
	size_t max;              /* bytes that may wait */
	void (*drained)(void *arg); /* nothing waits any more */
	void *arg;
	int last;        /* the goodbye is queued: nothing may follow */
	int lingering;   /* it is sent; the timer now waits for the close */
	uint64_t linger_ms;
	void (*gone)(void *arg); /* the linger ran out */
	void *gone_arg;
};

int outbox_init(struct outbox *o, struct event_base *base, size_t max,
    void (*drained)(void *arg), void *arg);
void outbox_free(struct outbox *o);
/* The connection is up: the first frames (the hello, and the history
 * asked for with it) go at once, before anything that waits, charged to
 * the pace as that many; the rest waits for outbox_open. */
void outbox_up(struct outbox *o, struct bufferevent *bev,
    const void *first, size_t n, uint32_t frames);
/* A frame of the handshake (a private room's proof): at once, before
 * what waits, charged to the pace. */
void outbox_handshake(struct outbox *o, const void *frame, size_t n);
/* Welcomed: the room's rates came just before (or it has none to say,
 * and the protocol's defaults hold); what waits may go. */
void outbox_open(struct outbox *o);
/* The connection is gone: only chat is kept for the next one. */
void outbox_down(struct outbox *o);
/* Queues a frame and sends what may go now; -1 when the queue is full. */
int outbox_send(struct outbox *o, const void *frame, size_t n);
/* Queues the goodbye, after what waits. gone is called when the other
 * side keeps us waiting ms: to close after the goodbye is written, or
 * for the connection or the welcome before it. */
void outbox_last(struct outbox *o, const void *frame, size_t n, uint64_t ms,
    void (*gone)(void *arg), void *arg);
/* May a message of n bytes go now past the queue (as a datagram)? If
 * so it is counted against the room's rates; if not, it should be
 * queued with outbox_send, to keep its place and the pace. */
int outbox_past(struct outbox *o, size_t n);
/* The server said its rates (a `limits` message's text). */
void outbox_limits(struct outbox *o, const char *text, size_t len);
size_t outbox_waiting(const struct outbox *o); /* frames */
size_t outbox_bytes(const struct outbox *o);

#endif
