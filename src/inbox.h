/* inbox: what the client reads, on its way in: the greeting line a
 * server opens with, then frames, each decoded into a message and handed
 * over. outbox.c is the other direction. No events of its own: the
 * client passes what its connection read. */
#ifndef INBOX_H
#define INBOX_H

#include <stddef.h>

#include <event2/buffer.h>

#include "frame.h"
#include "msg.h"

struct inbox {
	int greeted; /* the greeting line has been read */
	struct frame_dec dec;
};

enum inbox_result {
	INBOX_OK,       /* all taken, or waiting for more */
	INBOX_STOPPED,  /* the handler said stop (the connection is gone) */
	INBOX_BUSY,     /* the server refused us for now: why says why */
	INBOX_FOREIGN,  /* not a lanchat room of our version: why says what */
	INBOX_TOOBIG,   /* a frame over the size limit */
};

void inbox_init(struct inbox *b);
/* Forgets a connection's leftovers. */
void inbox_reset(struct inbox *b);
/* Takes what in holds; fn gets each message and returns -1 to stop. A
 * message of a type this client does not know is skipped (a newer server
 * may say more). */
enum inbox_result inbox_take(struct inbox *b, struct evbuffer *in,
    int (*fn)(void *arg, const struct msg *m), void *arg, char *why,
    size_t whylen);

#endif
