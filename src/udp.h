/* udp: lanchatd's UDP fast-message mode (doc/protocol.md, "UDP mode").
 * Datagrams arrive on the TCP listeners' addresses and port. A member asks
 * over TCP for a session id and a random token; the first datagram that
 * carries them binds the session to its source address, and from then on
 * only datagrams from that address with that token are accepted. Nothing
 * is ever sent to an address that has not proven itself so, and the one
 * reply to a registration is smaller than the registration. */
#ifndef UDP_H
#define UDP_H

#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

#include "room.h"

#define UDP_EXPIRE_S 60 /* a registration silent this long ends (default) */
#define UDP_TICK_MS 250     /* how often holes and silence are checked */
#define UDP_SOCKETS 8

struct udp_stats {
	uint64_t received, relayed, registered;
	uint64_t malformed, oversize, unknown, forged, stolen, dup, badtext,
	    expired;
};

struct udp;

/* Opens a UDP socket beside each listening TCP socket in tcpfds. */
struct udp *udp_new(struct event_base *base, struct room *room,
    const int *tcpfds, int n, int expire_s, char *err, size_t errlen);
void udp_free(struct udp *u);
/* A member asked for UDP: (re)issue its credentials over TCP. */
int udp_grant(struct udp *u, struct member *m);
/* A member goes back to TCP or leaves; why, when not NULL, is told over
 * TCP. */
void udp_revoke(struct udp *u, struct member *m, const char *why);
const struct udp_stats *udp_stats(const struct udp *u);

#endif
