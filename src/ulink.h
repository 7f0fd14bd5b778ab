/* ulink: the client's UDP link to the room server: a UDP socket connected
 * to the address the TCP connection reached, so the kernel drops
 * datagrams from anyone else. It only sends and receives frames; the
 * client core decides what they mean. */
#ifndef ULINK_H
#define ULINK_H

#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

#include "msg.h"

struct ulink;

typedef void ulink_fn(void *arg, const struct msg *m);

/* Opens a link to the peer of tcpfd, for session and token. */
struct ulink *ulink_new(struct event_base *base, int tcpfd, uint32_t session,
    const char *token, ulink_fn *fn, void *arg, char *err, size_t errlen);
void ulink_free(struct ulink *l);
int ulink_register(struct ulink *l);
uint32_t ulink_session(const struct ulink *l);
/* Sends back the challenge the server sent to this address, proving the
 * address is ours. */
int ulink_prove(struct ulink *l, const struct msg_str *chal);
/* Handles every datagram already waiting; NULL is fine. */
void ulink_drain(struct ulink *l);
/* Sends one line as a datagram: 0 sent, 1 too long for one datagram (the
 * caller sends it over TCP), -1 not sent. */
int ulink_say(struct ulink *l, int action, uint32_t seq, const char *text,
    size_t len);

#endif
