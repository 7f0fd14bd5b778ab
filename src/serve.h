/* serve: what the server does with each frame or line a client sends.
 * This header is also the server's internal interface: the connection and
 * server structs, and the connection life cycle kept in server.c. */
#ifndef SERVE_H
#define SERVE_H

#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>
#include <event2/event_struct.h>

#include "frame.h"
#include "line.h"
#include "room.h"
#include "server.h"

enum conn_mode { CONN_DETECT, CONN_FRAMED, CONN_LINE };

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

struct server {
	struct event_base *base;
	struct room *room;
	int lfd[SERVER_LISTEN_MAX];
	struct event *lev[SERVER_LISTEN_MAX];
	char addr[SERVER_LISTEN_MAX][NET_ADDR_MAX];
	int nl;
	struct event *resume, *join_timer;
	struct udp *udp;
	struct conn *conns, *grave;
	long nconn, max_clients;
	int shutting_down;
	char greet[FRAME_GREET_MAX]; /* sent to each connection at accept */
	size_t greetlen;
};

/* server.c */
void conn_close(struct conn *c, const char *why);
void conn_destroy(struct conn *c);

/* serve.c */
void serve_start(struct conn *c, enum conn_mode mode);
void serve_input(struct conn *c, const uint8_t *buf, size_t n);
/* Tells the client what went wrong, then closes it. */
void conn_fail(struct conn *c, int code, const char *text);

#endif
