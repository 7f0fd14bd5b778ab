/* conn: one client connection of the room server, from accept to the
 * lingering close: reading as fast as its rate limits allow (holding back
 * what it sent past them), telling its mode from its first bytes, taking
 * telnet's commands out of a line client's stream, handing the rest to
 * serve.c and acting on the verdict, its deadlines and pings, flushing,
 * and closing. What it needs of the server around it comes in a
 * conn_env, and it tells the server of its life through callbacks. */
#ifndef CONN_H
#define CONN_H

#include <stdint.h>

#include <event2/event.h>
#include <event2/event_struct.h>

#include "alive.h"
#include "guard.h"
#include "member.h"
#include "serve.h"
#include "telnet.h"

#define CONN_DETECT_MS 300     /* silence that makes a client a line client */
#define CONN_LINGER_MS 2000    /* closing: wait this long for the peer's FIN */
#define CONN_PREJOIN_FRAME 512 /* largest frame before joining */

enum conn_mode { CONN_DETECT, CONN_FRAMED, CONN_LINE };

struct conn;

/* What every connection of one server shares. */
struct conn_env {
	struct event_base *base;
	struct serve_ctx sv; /* room, udp, limits: what serve.c needs */
	const char *info;    /* name and version, for HTTP clients */
	int port;
	void *arg;
	/* It joined the room (it is no longer a pre-join connection). */
	void (*joined)(void *arg, struct conn *c);
	/* It is torn down; conn_free it at the end of the turn. */
	void (*gone)(void *arg, struct conn *c);
};

struct conn {
	struct member m; /* first, so a member leads back to its conn */
	const struct conn_env *env;
	int fd;
	uint8_t mode;
	uint8_t closing;   /* flushing what is queued, then lingering */
	uint8_t dead;      /* torn down; freed at the end of the turn */
	uint8_t throttled; /* over its rate: not read until its timer */
	struct event rev;
	struct event *wev;   /* added only while the socket is full */
	struct event *timer; /* detect, throttle or linger deadline */
	struct serve_in in;
	struct telnet tn;
	uint8_t *held;     /* read but not served yet (throttled, sniffing) */
	uint32_t nheld;
	uint64_t born;     /* ms: accepted */
	struct alive al;   /* heard from lately, or pinged */
	uint64_t line_at;  /* ms: a line begun and not ended; 0: none */
	uint64_t flood_at; /* ms: throttled without a pause since; 0: not */
	uint64_t held_at;  /* ms: when it was last held back */
	struct conn *prev, *next;     /* the server's connections */
	struct conn *pjprev, *pjnext; /* not joined yet, oldest first */
	struct conn *gnext;           /* freed at the end of the turn */
	char why[96]; /* why it is closing; the room is told */
};

/* Starts serving fd, accepted from sa: greets it and waits for its first
 * bytes. NULL out of memory. */
struct conn *conn_new(const struct conn_env *env, int fd,
    const struct sockaddr *sa, const struct guard_key *gk,
    const char *greet, size_t greetlen, uint64_t now);
/* Flushes what is queued, then lingers for the peer's FIN; the room is
 * told why. */
void conn_close(struct conn *c, const char *why);
/* Tells the client what went wrong, then closes it. */
void conn_fail(struct conn *c, int code, const char *text);
/* Tears it down now, without flushing. */
void conn_destroy(struct conn *c);
/* Writes the queue of every member with new output, once a turn: one
 * send each. */
void conn_flush_dirty(struct room *r);
/* Checks its deadlines, pings and flooding at now (the server's sweep). */
void conn_check(struct conn *c, uint64_t now);
/* Frees a destroyed connection. */
void conn_free(struct conn *c);

#endif
