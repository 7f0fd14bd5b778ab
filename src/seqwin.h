/* seqwin: a sliding window over sequence numbers, to tell new datagrams
 * from duplicates and late ones, and to count the ones that are certainly
 * lost. Pure; the caller supplies the time. */
#ifndef SEQWIN_H
#define SEQWIN_H

#include <stdint.h>

#define SEQWIN_SPAN 64       /* numbers remembered behind the highest */
#define SEQWIN_WAIT_MS 1000  /* a hole this old is taken as lost */

struct seqwin {
	uint32_t high;   /* highest number seen */
	uint64_t seen;   /* bit i: high - i arrived (or was given up on) */
	uint64_t since;  /* when the oldest open hole appeared; 0: none */
	uint8_t started;
};

enum seqwin_result {
	SEQ_NEXT,  /* the next number, or ahead of it (holes left behind) */
	SEQ_LATE,  /* fills a hole: arrived after later ones */
	SEQ_DUP,   /* seen before */
	SEQ_STALE, /* too far behind to place; its hole was counted lost */
};

void seqwin_init(struct seqwin *w);
/* Takes one number. Holes pushed out of the window are certainly lost:
 * their count is added to *lost. */
enum seqwin_result seqwin_take(struct seqwin *w, uint32_t seq, uint64_t now,
    uint32_t *lost);
/* Holes open for SEQWIN_WAIT_MS are given up on: returns how many. */
uint32_t seqwin_expire(struct seqwin *w, uint64_t now);
/* Open holes, for tests and status. */
uint32_t seqwin_holes(const struct seqwin *w);

#endif
