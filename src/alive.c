/* alive: two deadlines, one after the other. */
#include "config.h"

#include "alive.h"

void
alive_init(struct alive *a, int ping_ms, int timeout_ms, uint64_t now)
{
	a->ping_ms = ping_ms;
	a->timeout_ms = timeout_ms;
	a->rx = now;
	a->ping_at = 0;
}

void
alive_heard(struct alive *a, uint64_t now)
{
	a->rx = now;
	a->ping_at = 0;
}

enum alive_verdict
alive_check(struct alive *a, uint64_t now)
{
	if (a->ping_ms <= 0)
		return ALIVE_OK;
	if (a->ping_at == 0) {
		if (now < a->rx || now - a->rx < (uint64_t)a->ping_ms)
			return ALIVE_OK;
		a->ping_at = now;
		return ALIVE_PING;
	}
	if (now - a->ping_at < (uint64_t)a->timeout_ms)
		return ALIVE_OK;
	return ALIVE_GONE;
}

int
alive_period_ms(const struct alive *a)
{
	int p = a->ping_ms < a->timeout_ms ? a->ping_ms : a->timeout_ms;
	p /= 4;
	return p < 50 ? 50 : p > 1000 ? 1000 : p;
}
