/* unseen: what came while the user was not looking. Pure. Looking away
 * is scrolling back or the terminal losing focus; lines that arrive
 * meanwhile are counted (and the mentions among them) for the status
 * bar, and on coming back a "--- new ---" mark stands before the first
 * of them, until the user looks away again. Lines are counted by their
 * position in the transcript (transcript_total). */
#ifndef UNSEEN_H
#define UNSEEN_H

#include <stddef.h>
#include <stdint.h>

#define UNSEEN_NONE UINT64_MAX

enum { UNSEEN_SCROLL = 1, UNSEEN_FOCUS = 2 };

struct unseen {
	int away;         /* UNSEEN_ bits: why the user is not looking */
	uint64_t from;    /* the first position that came while away */
	uint64_t mark;    /* where "--- new ---" stands, or UNSEEN_NONE */
	size_t fresh, mentions; /* lines that came, and mentions among them */
};

void unseen_init(struct unseen *u);
/* The user looks away for why, with total lines in the transcript. */
void unseen_leave(struct unseen *u, int why, uint64_t total);
/* That reason is gone; once none is left, the mark is placed. */
void unseen_back(struct unseen *u, int why);
/* A line was added (its TL_MENTION flag counts as a mention). */
void unseen_line(struct unseen *u, int mention);
/* The status bar's words while scrolled back: "-- 12 new, 1 mentions
 * you --", or "-- scrolled --" when nothing came. */
size_t unseen_status(const struct unseen *u, char *buf, size_t size);

#endif
