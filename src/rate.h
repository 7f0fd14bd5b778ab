/* rate: a token bucket, the one shape every rate limit of lanchat takes
 * (lines and bytes a member may send, errors it is told, connects from an
 * address). Pure: the caller passes the time. A bucket holds up to burst
 * tokens and gains rate tokens a second; a bucket with rate 0 has no
 * limit. */
#ifndef RATE_H
#define RATE_H

#include <stdint.h>

struct rate_limit {
	uint32_t rate;  /* tokens a second; 0: unlimited */
	uint32_t burst; /* tokens held at most */
};

struct rate {
	uint64_t milli; /* tokens, in thousandths */
	uint64_t at;    /* ms of the last refill */
};

/* A full bucket at now. */
void rate_init(struct rate *b, const struct rate_limit *l, uint64_t now);
/* Takes cost tokens if there are that many (returns 1), else takes none
 * and returns 0. A cost above burst is taken from a full bucket, leaving
 * it empty, so one oversized message is never refused forever. */
int rate_take(struct rate *b, const struct rate_limit *l, uint64_t now,
    uint32_t cost);
/* Gives back n tokens taken for something that did not happen. */
void rate_give(struct rate *b, const struct rate_limit *l, uint32_t n);
/* Whole tokens available at now. */
uint32_t rate_avail(struct rate *b, const struct rate_limit *l, uint64_t now);
/* Milliseconds until cost tokens will be there (0: now). */
uint64_t rate_wait(struct rate *b, const struct rate_limit *l, uint64_t now,
    uint32_t cost);
/* Parses "N" or "N:BURST" (a missing burst is twice N, at least 1);
 * -1 on a bad one. */
int rate_parse(const char *s, struct rate_limit *l);

#endif
