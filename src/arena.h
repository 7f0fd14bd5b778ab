/* arena: reference-counted 64 KiB chunks that encoded messages are
 * written into once, and the spans (chunk, offset, length) that output
 * queues hold into them. A chunk is freed, or kept for reuse, when its
 * last span lets go of it. */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>
#include <stdint.h>

#define CHUNK_SIZE 65536

struct chunk {
	uint32_t refs; /* spans in queues, plus one while it is the arena's cur */
	uint32_t len;
	struct arena *a;
	struct chunk *next; /* on the spare list */
	uint8_t data[CHUNK_SIZE];
};

struct span {
	struct chunk *c;
	uint32_t off, len;
};

struct arena {
	struct chunk *cur;
	struct chunk *spare; /* freed chunks kept for reuse */
	uint32_t nspare;
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Copies len bytes (at most CHUNK_SIZE) into the arena; the span holds no
 * reference until outq_put takes one. NULL chunk on allocation failure. */
struct span arena_add(struct arena *a, const void *data, size_t len);
/* Reserves len bytes for the caller to fill in place. */
uint8_t *arena_reserve(struct arena *a, size_t len, struct span *sp);
/* The chunk the arena appends to now (NULL before the first). */
const struct chunk *arena_cur(const struct arena *a);
/* The last reference to c went: it is kept for reuse or freed. */
void chunk_release(struct chunk *c);

/* A span takes or drops its reference to a chunk; once per delivery, so
 * inline. */
static inline void
chunk_ref(struct chunk *c)
{
	c->refs++;
}

static inline void
chunk_unref(struct chunk *c)
{
	if (--c->refs == 0)
		chunk_release(c);
}

#endif
