/* conn: one client connection of the room server. server.c owns its life
 * (accept, read, flush, close); serve.c reads its member, mode and
 * decoder to act on what it sent, and never closes it. */
#ifndef CONN_H
#define CONN_H

#include <stdint.h>

#include <event2/event.h>
#include <event2/event_struct.h>

#include "frame.h"
#include "line.h"
#include "room.h"

enum conn_mode { CONN_DETECT, CONN_FRAMED, CONN_LINE };

struct server;

struct conn {
	struct member m; /* first, so a member leads back to its conn */
	struct server *srv;
	int fd;
	uint8_t mode;
	uint8_t closing; /* flushing what is queued, then lingering */
	uint8_t dead;    /* closed; freed at the end of the turn */
	struct event rev;
	struct event *wev;   /* added only while the socket is full */
	struct event *timer; /* detect, hello or linger deadline */
	union {
		struct frame_dec f;
		struct line_dec l;
	} dec;
	struct conn *prev, *next, *gnext;
	char why[96]; /* why it is closing; the room is told */
};

#endif
