/* clientdef: the client core's one connection as its own files see it
 * (client.c: the connection, the handshake, what the room says;
 * clientin.c: what the user typed). Frontends see client.h only. */
#ifndef CLIENTDEF_H
#define CLIENTDEF_H

#include <event2/bufferevent.h>
#include <event2/event.h>

#include "alive.h"
#include "dial.h"
#include "history.h"
#include "ignore.h"
#include "inbox.h"
#include "outbox.h"
#include "priv.h"
#include "roomview.h"
#include "udpmode.h"

struct client_ops;

struct client {
	struct event_base *base;
	const struct client_ops *ops;
	void *arg;
	char host[NET_HOST_MAX], port[16], want[NICK_MAX + 1];
	char nick[NICK_MAX + 1];
	char server[NET_ADDR_MAX];
	struct dial *dial;       /* connecting */
	struct bufferevent *bev; /* connected */
	struct outbox out; /* what we send, at the room's pace */
	int up;
	struct inbox in;   /* what we read: the greeting, then frames */
	int joined, quitting;
	int commands; /* the frontend's own, listed by /help */
	int refusal; /* the error code that ended the last handshake */
	struct udpmode *um; /* UDP mode, beside this connection */
	struct roomview view; /* who is in the room */
	struct ignore ign;    /* whose lines we hide */
	struct history hist;  /* the last message seen, and replays */
	struct alive al;      /* is the server still there? */
	struct event *live;   /* checks al while connected */
	struct priv *priv;    /* the secret of a private room, or NULL */
	int need_private;     /* --secret: an open room is refused */
	int sealed;           /* the room is private: text goes sealed */
	int challenged;       /* this connection was asked for the secret */
	int want_secret;      /* it ended for want of the right secret */
	int renaming;         /* a private room: our new nick not yet told
	                         back; text waits (it is sealed under it) */
	struct evbuffer *early; /* lines typed before the room's key: u16
	                           length, then the line; NULL: none */
	size_t nearly;
};

/* A line from the client itself, to the frontend. */
void client_info(struct client *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void client_info_line(void *c, const char *text);
/* The connection is over; fatal: trying again will not help. */
void client_closed(struct client *c, int fatal, const char *why);
/* Down with the connection, keeping what waits to be said. */
void client_drop(struct client *c);
/* Queues m for the room; -1 (told) when it cannot be. */
int client_send(struct client *c, const struct msg *m);
/* The room's key is made: what was typed before it is sealed and sent. */
void client_early(struct client *c);
/* Asks for the names list; quiet: to keep the roster, not to show. */
void client_ask_names(struct client *c, int quiet);

#endif
