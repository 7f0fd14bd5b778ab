/* guard: per-address limits on the room server's connections: how many
 * may be open at once from one address, and how fast new ones may come.
 * An IPv6 address counts by its /64 (one host can hold a whole /64); an
 * IPv4 address, mapped or not, by itself. No I/O: the server asks before
 * it keeps a connection, and says when one ends. */
#ifndef GUARD_H
#define GUARD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "rate.h"

struct guard_limits {
	uint32_t per_addr;           /* connections at once; 0: no limit */
	struct rate_limit connects;  /* new connections a second */
	struct rate_limit guesses;   /* wrong room secrets a MINUTE */
};

struct guard_key {
	uint8_t b[16];
};

enum guard_verdict {
	GUARD_OK,
	GUARD_TOO_MANY, /* per_addr already open from there */
	GUARD_TOO_FAST, /* connecting faster than the connect rate */
};

struct guard;

struct guard *guard_new(const struct guard_limits *l);
void guard_free(struct guard *g);
void guard_set_limits(struct guard *g, const struct guard_limits *l);
/* The key an address counts under. */
void guard_key(const struct sockaddr *sa, struct guard_key *k);
/* Counts a new connection from k, unless a limit refuses it. */
enum guard_verdict guard_admit(struct guard *g, const struct guard_key *k,
    uint64_t now);
/* A connection admitted from k has ended. */
void guard_release(struct guard *g, const struct guard_key *k);
/* A private room: milliseconds until k may try a secret again (0: now),
 * and a wrong one counted. Only addresses with a connection open are
 * known, and only those guess. */
uint64_t guard_guess_wait(struct guard *g, const struct guard_key *k,
    uint64_t now);
void guard_guess_wrong(struct guard *g, const struct guard_key *k,
    uint64_t now);
/* Forgets addresses with nothing open whose connect budget is full again,
 * so the table holds only addresses seen lately. */
void guard_sweep(struct guard *g, uint64_t now);
/* Addresses remembered (for tests and logs). */
size_t guard_count(const struct guard *g);

#endif
