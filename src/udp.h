/* udp: lanchatd's UDP fast-message mode (doc/protocol.md, "UDP mode").
 * Datagrams arrive on the TCP listeners' addresses and port. A member asks
 * over TCP for a session id and a random token. A registration datagram
 * carrying them is answered with a fresh challenge sent to its source
 * address, smaller than the registration; only when the challenge comes
 * back from that address with the token is the session bound to it (a
 * return-routability check: the token alone does not prove an address,
 * since its holder can forge the source of a datagram). From then on only
 * datagrams from that address with that token are accepted, charged to
 * the member's rate; the session never moves (a client that moved asks
 * again over TCP, for a new token). Chat is only ever sent to addresses
 * so proven. */
#ifndef UDP_H
#define UDP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <event2/event.h>

#include "limit.h"
#include "room.h"

#define UDP_TICK_MS 250      /* how often holes and silence are checked */
#define UDP_SOCKETS 8
#define UDP_CHAL_MS 1000     /* at most one challenge a session this often */
#define UDP_CHAL_TTL_MS 5000 /* a challenge must come back within this */
#define UDP_LOSS_SHOWN 1000  /* a loss notice names at most this many */

struct udp_stats {
	uint64_t received, relayed, registered, challenged;
	uint64_t malformed, oversize, unknown, forged, stolen, dup, badtext,
	    expired, throttled, unproven;
};

struct udp;
struct gate;

/* Opens a UDP socket beside each listening TCP socket in tcpfds. */
struct udp *udp_new(struct event_base *base, struct room *room,
    const struct limits *lim, const struct gate *gate, const int *tcpfds,
    int n, char *err, size_t errlen);
void udp_free(struct udp *u);
/* Logs the counters, if any datagram came. */
void udp_log_stats(const struct udp *u);
/* A member asked for UDP: (re)issue its credentials over TCP. */
int udp_grant(struct udp *u, struct member *m);
/* A member goes back to TCP or leaves; why, when not NULL, is told over
 * TCP. */
void udp_revoke(struct udp *u, struct member *m, const char *why);
const struct udp_stats *udp_stats(const struct udp *u);
/* The instance its answers to room-finding queries carry. */
uint32_t udp_instance(const struct udp *u);
/* One datagram from src, received on fd at now with hop limit hops (-1
 * unknown) (the socket reader calls it; so does the fuzz target). */
void udp_input(struct udp *u, int fd, const uint8_t *buf, size_t len,
    const struct sockaddr_storage *src, socklen_t sl, int hops,
    uint64_t now);
/* Holes and silence checked at now: loss notices and expiry (the timer
 * calls it every UDP_TICK_MS). */
void udp_tick(struct udp *u, uint64_t now);
/* What the holder of m's session knows: its id, its token and the last
 * challenge sent to it (tests and the fuzz target); -1 without one. */
int udp_peek(const struct member *m, uint32_t *id,
    uint8_t token[MSG_TOKEN_LEN], uint8_t chal[MSG_CHAL_LEN]);

#endif
