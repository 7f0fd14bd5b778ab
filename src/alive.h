/* alive: is the other end still there? The application-level ping both
 * sides use: after ping_ms with nothing heard, ping; after timeout_ms
 * more with still nothing, it is gone. TCP alone can take hours to notice
 * a peer that vanished (a pulled cable, a closed laptop). Pure: the caller
 * says when something arrived and asks what to do now. */
#ifndef ALIVE_H
#define ALIVE_H

#include <stdint.h>

struct alive {
	int ping_ms, timeout_ms; /* ping_ms 0: never ping */
	uint64_t rx;      /* ms: the last thing heard */
	uint64_t ping_at; /* ms: pinged, no answer yet; 0: not pinged */
};

enum alive_verdict {
	ALIVE_OK,
	ALIVE_PING, /* send a ping now */
	ALIVE_GONE, /* pinged, and nothing came back in time */
};

void alive_init(struct alive *a, int ping_ms, int timeout_ms, uint64_t now);
/* Something arrived from the peer (any byte will do). */
void alive_heard(struct alive *a, uint64_t now);
enum alive_verdict alive_check(struct alive *a, uint64_t now);
/* How often to call alive_check so that neither deadline is missed by
 * much: a quarter of the shorter, within 50 ms to 1 s. */
int alive_period_ms(const struct alive *a);

#endif
