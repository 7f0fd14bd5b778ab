/* serve: what the room server does with each frame or line a client
 * sends. It acts on the room and answers the client, then returns a
 * verdict; closing a connection is server.c's alone. */
#ifndef SERVE_H
#define SERVE_H

#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "room.h"

struct udp;

/* What serving needs from the server around it. */
struct serve_ctx {
	struct room *room;
	struct udp *udp;
	long max_clients;
};

enum serve_verdict {
	SERVE_KEEP = 0,  /* go on reading */
	SERVE_CLOSE = 1, /* close the connection; why says why */
};

/* The connection turned out to be framed or line mode. A line client
 * joins at once as a guest. */
enum serve_verdict serve_start(const struct serve_ctx *sv, struct conn *c,
    enum conn_mode mode, char *why, size_t whylen);
/* Bytes the client sent, in its mode. */
enum serve_verdict serve_input(const struct serve_ctx *sv, struct conn *c,
    const uint8_t *buf, size_t n, char *why, size_t whylen);

#endif
