/* seqwin: duplicate, reorder and loss detection over a 64-number window. */
#include "config.h"

#include <string.h>

#include "seqwin.h"

void
seqwin_init(struct seqwin *w)
{
	memset(w, 0, sizeof *w);
}

/* Zero bits among the n lowest bits of x. */
static uint32_t
zeros(uint64_t x, unsigned n)
{
	uint64_t mask = n >= 64 ? ~0ULL : (1ULL << n) - 1;
	return (uint32_t)__builtin_popcountll(~x & mask);
}

uint32_t
seqwin_holes(const struct seqwin *w)
{
	return w->started ? zeros(w->seen, SEQWIN_SPAN) : 0;
}

enum seqwin_result
seqwin_take(struct seqwin *w, uint32_t seq, uint64_t now, uint32_t *lost)
{
	if (!w->started) {
		/* Whatever came before the first we see is none of ours. */
		w->started = 1;
		w->high = seq;
		w->seen = ~0ULL;
		return SEQ_NEXT;
	}
	if (seq == w->high)
		return SEQ_DUP;
	if ((int32_t)(seq - w->high) > 0) {
		uint32_t shift = seq - w->high;
		if (shift >= SEQWIN_SPAN) {
			*lost += zeros(w->seen, SEQWIN_SPAN) + (shift - SEQWIN_SPAN);
			w->seen = 1;
		} else {
			/* The top bits fall out of the window. */
			*lost += zeros(w->seen >> (SEQWIN_SPAN - shift), shift);
			w->seen = w->seen << shift | 1;
		}
		w->high = seq;
		if (seqwin_holes(w) == 0)
			w->since = 0;
		else if (w->since == 0)
			w->since = now ? now : 1;
		return SEQ_NEXT;
	}
	uint32_t back = w->high - seq;
	if (back >= SEQWIN_SPAN)
		return SEQ_STALE;
	if (w->seen & (1ULL << back))
		return SEQ_DUP;
	w->seen |= 1ULL << back;
	if (seqwin_holes(w) == 0)
		w->since = 0;
	return SEQ_LATE;
}

uint32_t
seqwin_expire(struct seqwin *w, uint64_t now)
{
	if (!w->started || w->since == 0 || now - w->since < SEQWIN_WAIT_MS)
		return 0;
	uint32_t n = seqwin_holes(w);
	w->seen = ~0ULL;
	w->since = 0;
	return n;
}
