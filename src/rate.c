/* rate: token buckets in thousandths of a token. */
#include "config.h"

#include <stdlib.h>

#include "rate.h"

static void
refill(struct rate *b, const struct rate_limit *l, uint64_t now)
{
	uint64_t cap = (uint64_t)l->burst * 1000;
	if (now <= b->at)
		return; /* the clock is monotonic; nothing to add */
	uint64_t dt = now - b->at;
	b->at = now;
	if (b->milli >= cap || dt >= (cap - b->milli) / l->rate + 1)
		b->milli = cap;
	else
		b->milli += dt * l->rate; /* ms * tokens/s = thousandths */
}

void
rate_init(struct rate *b, const struct rate_limit *l, uint64_t now)
{
	b->milli = (uint64_t)l->burst * 1000;
	b->at = now;
}

int
rate_take(struct rate *b, const struct rate_limit *l, uint64_t now,
    uint32_t cost)
{
	uint64_t need = (uint64_t)(cost > l->burst ? l->burst : cost) * 1000;
	if (l->rate == 0)
		return 1;
	refill(b, l, now);
	if (b->milli < need)
		return 0;
	b->milli -= need;
	return 1;
}

void
rate_give(struct rate *b, const struct rate_limit *l, uint32_t n)
{
	uint64_t cap = (uint64_t)l->burst * 1000;
	if (l->rate == 0)
		return;
	b->milli = b->milli + (uint64_t)n * 1000 > cap ? cap :
	    b->milli + (uint64_t)n * 1000;
}

uint32_t
rate_avail(struct rate *b, const struct rate_limit *l, uint64_t now)
{
	if (l->rate == 0)
		return UINT32_MAX;
	refill(b, l, now);
	return (uint32_t)(b->milli / 1000);
}

uint64_t
rate_wait(struct rate *b, const struct rate_limit *l, uint64_t now,
    uint32_t cost)
{
	uint64_t need = (uint64_t)(cost > l->burst ? l->burst : cost) * 1000;
	if (l->rate == 0)
		return 0;
	refill(b, l, now);
	if (b->milli >= need)
		return 0;
	return (need - b->milli + l->rate - 1) / l->rate;
}

int
rate_parse(const char *s, struct rate_limit *l)
{
	char *end;
	unsigned long r, b;

	r = strtoul(s, &end, 10);
	if (end == s || r > 1000000000UL)
		return -1;
	if (*end == ':') {
		const char *p = end + 1;
		b = strtoul(p, &end, 10);
		if (end == p || b == 0 || b > 1000000000UL)
			return -1;
	} else {
		/* twice the rate, within the cap a burst given outright has,
		 * so that what limit_each shows of it reads back */
		b = r > 500000000UL ? 1000000000UL : 2 * r;
	}
	if (*end != '\0' || *s == '-')
		return -1;
	l->rate = (uint32_t)r;
	l->burst = (uint32_t)(b ? b : 1);
	return 0;
}
