/* udpmode: the client's UDP mode, as a state machine beside the TCP
 * connection: asking for credentials, registering (with retries and a
 * deadline), keeping the registration alive, numbering what we send, and
 * telling duplicates, late lines and certain losses apart in what we get.
 * It reaches the TCP connection, the user and the frontend only through
 * the callbacks it was handed. */
#ifndef UDPMODE_H
#define UDPMODE_H

#include <stddef.h>

#include <event2/event.h>

#include "msg.h"

#define UDPMODE_WAIT_MS 3000   /* no UDP answer by then: stay on TCP */
#define UDPMODE_RETRY_MS 500   /* registration resent this often meanwhile */
#define UDPMODE_KEEP_MS 20000  /* registration renewed this often */

struct udpmode_ops {
	int (*send_tcp)(void *arg, const struct msg *m);
	void (*info)(void *arg, const char *text);
	void (*msg)(void *arg, const struct msg *m); /* chat from datagrams */
	/* n lines from nick are missing: a gap opened before the line about
	 * to be shown (certain 0: they may still come late), or they are
	 * certainly lost (certain 1). */
	void (*loss)(void *arg, const char *nick, uint32_t n, int certain);
};

struct udpmode;

struct udpmode *udpmode_new(struct event_base *base,
    const struct udpmode_ops *ops, void *arg);
void udpmode_free(struct udpmode *u);
/* The user asked for UDP (on) or TCP. server names the peer in messages;
 * joined tells whether the room was joined (else it waits for it). */
void udpmode_set(struct udpmode *u, int on, int joined);
/* The room was joined: start UDP if it was asked for. */
void udpmode_joined(struct udpmode *u, int tcpfd, const char *server);
/* The TCP connection is gone; a wish for UDP is kept for the next one. */
void udpmode_drop(struct udpmode *u);
/* Looks at a message from the TCP stream; 1 when it was UDP mode's own. */
int udpmode_tcp(struct udpmode *u, const struct msg *m);
/* Bytes of a chat datagram besides its text (usay: version, type,
 * session, token, sequence number, the text's length). */
#define UDPMODE_OVERHEAD (2 + 4 + 2 + MSG_TOKEN_LEN + 4 + 2)
/* True while chat goes as datagrams. */
int udpmode_on(const struct udpmode *u);
/* Sends a chat line (action when act) as a datagram: 0 sent, 1 the
 * caller sends it over TCP (not in UDP mode, or too long). */
int udpmode_say(struct udpmode *u, int act, const char *text, size_t len);
/* "TCP", "UDP", "TCP>UDP" while trying, "UDP>TCP" while leaving. */
const char *udpmode_transport(const struct udpmode *u);

#endif
