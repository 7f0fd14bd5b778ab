/* outq: per-connection output queues that share encoded bytes.
 *
 * A broadcast is encoded once into an arena's chunk (arena.h); every
 * recipient's queue gets a span that holds a reference. A span that
 * continues the queue's last span in the same chunk just extends it, so a
 * member that receives everything queues one span per chunk, and one send
 * flushes a whole loop turn's traffic. A queue keeps its last span even
 * when everything in it was sent (at length 0), so that it still marks
 * where the queue's next bytes begin. */
#ifndef OUTQ_H
#define OUTQ_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct outq {
	struct span *s; /* ring of spans; cap is a power of two */
	uint32_t head, n, cap;
	size_t bytes;   /* queued and unsent */
};

void outq_init(struct outq *q);
void outq_free(struct outq *q);
int outq_put(struct outq *q, const struct span *sp);
/* Writes as much as the socket takes: 1 when the queue is empty, 0 when
 * the socket is full, -1 with errno on a write error. */
int outq_flush(struct outq *q, int fd);
/* True when the queue's last span ends where chunk c ends: whatever is
 * appended to c next continues it. */
int outq_tail_open(const struct outq *q, const struct chunk *c);
/* Extends the last span to the end of its chunk, for a queue that takes
 * everything appended there; returns the bytes added. */
size_t outq_settle(struct outq *q);

#endif
