/* server: lanchatd's room server on a libevent base: listening, accepting
 * under per-address limits, and the connections' liveness and deadlines,
 * checked once a sweep. Each connection's own life is conn.c's.
 * lanchatd runs it alone; `lanchat --host` runs it beside the client. */
#ifndef SERVER_H
#define SERVER_H

#include <stddef.h>

#include <event2/event.h>

#include "limit.h"

#define SERVER_LISTEN_MAX 8
#define SERVER_PORT_TRIES 20   /* port 0: ports tried for TCP and UDP both */
#define SERVER_DETECT_MS 300    /* silence that makes a client a line client */
#define SERVER_LINGER_MS 2000   /* closing: wait this long for the peer's FIN */
#define SERVER_PREJOIN_FRAME 512 /* largest frame before joining */

struct gate;

struct server_opts {
	const char *listen[SERVER_LISTEN_MAX]; /* none: all addresses */
	int nlisten;
	const char *port;
	const char *info; /* name and version, told to each client */
	const char *history_file; /* the room's history kept here; NULL none */
	const struct gate *gate;  /* a private room's door; NULL: open */
	struct limits lim;
};

struct server;

struct server *server_new(struct event_base *base,
    const struct server_opts *o, char *err, size_t errlen);
void server_free(struct server *s);
/* The addresses listened on, as "host:port". */
int server_addrs(const struct server *s, const char **out, int max);
int server_port(const struct server *s);
/* This start of the room, as its answers to room-finding queries and its
 * DNS-SD record name it. */
uint32_t server_instance(const struct server *s);
/* Flushes output; the loop calls it once per turn. */
void server_turn(void *s);
/* Tells everyone, stops listening, closes each connection after its
 * output; server_done is then true once every connection is gone. */
void server_shutdown(struct server *s);
int server_done(const struct server *s);
/* New settings, live: the room's name and version (greeting, welcome) and
 * every limit; connections keep theirs until their next check. */
void server_update(struct server *s, const char *info,
    const struct limits *lim);

#endif
