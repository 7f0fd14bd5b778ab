/* outq: per-connection output queues that share encoded bytes.
 *
 * A broadcast is encoded once into the current chunk of an arena; every
 * recipient's queue gets a span (chunk, offset, length) that holds a
 * reference. A span that continues the queue's last span in the same chunk
 * just extends it, so a member that receives everything queues one span
 * per chunk, and one writev sends a whole loop turn's traffic. A queue
 * keeps its last span even when everything in it was sent (at length 0),
 * so that it still marks where the queue's next bytes begin. */
#ifndef OUTQ_H
#define OUTQ_H

#include <stddef.h>
#include <stdint.h>

#define CHUNK_SIZE 65536

struct chunk;

struct span {
	struct chunk *c;
	uint32_t off, len;
};

struct arena {
	struct chunk *cur;
	struct chunk *spare; /* freed chunks kept for reuse */
	uint32_t nspare;
};

struct outq {
	struct span *s; /* ring of spans; cap is a power of two */
	uint32_t head, n, cap;
	size_t bytes;   /* queued and unsent */
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Copies len bytes (at most CHUNK_SIZE) into the arena; the span holds no
 * reference until outq_put takes one. NULL chunk on allocation failure. */
struct span arena_add(struct arena *a, const void *data, size_t len);
/* Reserves len bytes for the caller to fill in place. */
uint8_t *arena_reserve(struct arena *a, size_t len, struct span *sp);

void outq_init(struct outq *q);
void outq_free(struct outq *q);
int outq_put(struct outq *q, const struct span *sp);
/* Writes as much as the socket takes: 1 when the queue is empty, 0 when
 * the socket is full, -1 with errno on a write error. */
int outq_flush(struct outq *q, int fd);
/* The chunk the arena appends to now (NULL before the first). */
const struct chunk *arena_cur(const struct arena *a);
/* True when the queue's last span ends where chunk c ends: whatever is
 * appended to c next continues it. */
int outq_tail_open(const struct outq *q, const struct chunk *c);
/* Extends the last span to the end of its chunk, for a queue that takes
 * everything appended there; returns the bytes added. */
size_t outq_settle(struct outq *q);
/* Copies up to cap queued bytes into buf without consuming them. */
size_t outq_peek(const struct outq *q, void *buf, size_t cap);

#endif
