/* disco: lanchatd's answers to room-finding queries (doc/protocol.md,
 * "Finding rooms"): a `find` datagram, broadcast by a lanchat looking for
 * rooms, gets a `here` with the room's name and facts. It cannot be used
 * to amplify or to reach past the link: a query shorter than
 * DISCO_QUERY_MIN gets nothing, an answer is never longer than its query,
 * only a datagram that arrives with a hop limit of 255 (sent by a host on
 * this link: routers lower it) is answered, and answers are held to a
 * rate per source and a rate in all. disco_answer decides and writes
 * (pure); disco_reply sends. */
#ifndef DISCO_H
#define DISCO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "limit.h"
#include "msg.h"
#include "rate.h"

#define DISCO_QUERY_MIN MSG_FIND_MIN /* bytes of the smallest query answered */
#define DISCO_SOURCES 1024    /* sources whose rate is kept */
#define DISCO_HOPS MSG_LINK_HOPS /* the hop limit a query must arrive with */

struct disco_stats {
	uint64_t answered, short_, offlink, limited;
};

struct disco {
	struct disco_src {
		uint8_t key[16]; /* an IPv4 address, or an IPv6 /64 */
		uint8_t used;
		struct rate r;
	} src[DISCO_SOURCES];
	struct rate total;
	uint32_t instance; /* this start of the room */
	uint64_t started;  /* ms */
	struct disco_stats st;
};

/* What an answer tells. */
struct disco_room {
	const char *info;  /* the room's name and version, as its greeting */
	unsigned port;     /* its TCP port */
	size_t members;
	int private_;      /* needs a secret (private rooms) */
};

void disco_init(struct disco *d, uint64_t now);
/* The answer to query m (len bytes, arrived with hop limit hops, -1 when
 * unknown) from src, into out (at most len bytes); returns its length, or
 * 0 when it gets none (counted in d->st). */
size_t disco_answer(struct disco *d, const struct msg *m, size_t len,
    int hops, const struct sockaddr_storage *src, const struct disco_room *r,
    const struct rate_limit *per, const struct rate_limit *total,
    uint64_t now, uint8_t *out);
struct room;

/* Answers query m on fd, to src, about room, if it gets an answer
 * (udp.c). */
void disco_reply(struct disco *d, int fd, const struct msg *m, size_t len,
    int hops, const struct sockaddr_storage *src, socklen_t sl,
    struct room *room, int private_, const struct limits *lim,
    uint64_t now);
/* Logs the counters, if any query came. */
void disco_log_stats(const struct disco *d);
/* The facts of an answer: "port=2428 members=3 up=120 private=0" (find.c
 * reads them). */
size_t disco_facts(const struct disco_room *r, uint64_t up_s, char *buf,
    size_t size);

#endif
