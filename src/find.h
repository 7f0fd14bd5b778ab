/* find: looking for rooms on the LAN (lanchat with no host, --list), as
 * doc/protocol.md "Finding rooms" says: a `find` query, padded to
 * MSG_FIND_MIN bytes, goes to the broadcast address of every up IPv4
 * interface and to all nodes (ff02::1) on every IPv6 one, three times over
 * FIND_MS; an answer counts only when it arrives with hop limit 255 (from
 * this link), carries our nonce and comes from the port asked. Then each
 * room is checked by reading its greeting over TCP, which must name the
 * same room: an answer whose source was forged to point at another host
 * is not listed as a room of that host. No address is ever given: where a
 * room is, is where its answer came from. */
#ifndef FIND_H
#define FIND_H

#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

#include "net.h"

#define FIND_MS 1200       /* how long queries are answered */
#define FIND_DNSSD_MS 3000 /* ... and how long Avahi may take, at most */
#define FIND_CHECK_MS 800  /* how long a room's greeting may take */
#define FIND_ROOMS 64      /* rooms kept at most */

struct find_room {
	char info[128];           /* name and version, as its greeting says */
	char addr[NET_ADDR_MAX];  /* host:port to join: 10.0.0.5:2428,
	                             [fe80::1%eth0]:2428 */
	long members, up_s;       /* -1: not told */
	int private_;
	uint32_t instance;
};

struct find_ops {
	/* A room answered and its greeting agreed. */
	void (*room)(void *arg, const struct find_room *r);
	/* The search is over: n rooms were found; with none, why says
	 * what may be wrong, in one sentence. */
	void (*done)(void *arg, size_t n, const char *why);
};

struct find;

/* Starts looking for rooms on port (the default: NET_PORT_DEFAULT). NULL
 * with a sentence in err when no socket can be opened. */
struct find *find_start(struct event_base *base, const char *port,
    const struct find_ops *ops, void *arg, char *err, size_t errlen);
void find_free(struct find *f);
/* The rooms found so far, in the order they were found. */
const struct find_room *find_rooms(const struct find *f, size_t *n);
/* The room's name in info (what comes before ", lanchat"), or all of it. */
void find_name(const char *info, char *buf, size_t size);
/* An answer (a whole datagram) to the query with nonce: its room (info,
 * facts, instance; not its address) and the port it names. -1 when it is
 * not one. Pure. */
int find_parse(const uint8_t *buf, size_t len, uint32_t nonce,
    struct find_room *r, unsigned *port);
/* Reads the facts of an answer ("port=2428 members=3 up=120 private=0");
 * -1 without a good port. Pure. */
int find_facts(const char *p, size_t n, unsigned *port, long *members,
    long *up_s, int *private_);

#endif
