/* unseen: counting what came while away, and marking where it starts. */
#include "config.h"

#include <stdio.h>

#include "unseen.h"

void
unseen_init(struct unseen *u)
{
	*u = (struct unseen){ .mark = UNSEEN_NONE };
}

void
unseen_leave(struct unseen *u, int why, uint64_t total)
{
	if (u->away == 0) {
		/* A new absence: the old mark has been seen. */
		u->from = total;
		u->fresh = u->mentions = 0;
		u->mark = UNSEEN_NONE;
	}
	u->away |= why;
}

void
unseen_back(struct unseen *u, int why)
{
	if (!(u->away & why))
		return;
	u->away &= ~why;
	if (u->away == 0 && u->fresh > 0)
		u->mark = u->from;
}

void
unseen_line(struct unseen *u, int mention)
{
	if (u->away == 0)
		return;
	u->fresh++;
	u->mentions += mention != 0;
}

size_t
unseen_status(const struct unseen *u, char *buf, size_t size)
{
	int n;
	if (u->fresh == 0)
		n = snprintf(buf, size, " -- scrolled -- ");
	else if (u->mentions == 0)
		n = snprintf(buf, size, " -- %zu new -- ", u->fresh);
	else
		n = snprintf(buf, size, " -- %zu new, %zu mention%s you -- ",
		    u->fresh, u->mentions, u->mentions == 1 ? "s" : "");
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}
