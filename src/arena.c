/* arena: chunks shared by reference, with a small spare list. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define SPARE_MAX 32

void
chunk_release(struct chunk *c)
{
	struct arena *a = c->a;
	if (a && a->nspare < SPARE_MAX) {
		c->next = a->spare;
		a->spare = c;
		a->nspare++;
	} else {
		free(c);
	}
}

void
arena_init(struct arena *a)
{
	memset(a, 0, sizeof *a);
}

/* Chunks still queued somewhere outlive the arena: they are orphaned and
 * freed by their last span. */
void
arena_free(struct arena *a)
{
	if (a->cur) {
		a->cur->a = NULL;
		chunk_unref(a->cur);
	}
	while (a->spare) {
		struct chunk *c = a->spare;
		a->spare = c->next;
		free(c);
	}
	arena_init(a);
}

uint8_t *
arena_reserve(struct arena *a, size_t len, struct span *sp)
{
	struct chunk *c = a->cur;

	sp->c = NULL;
	if (len > CHUNK_SIZE)
		return NULL;
	if (c == NULL || CHUNK_SIZE - c->len < len) {
		if (a->spare) {
			c = a->spare;
			a->spare = c->next;
			a->nspare--;
		} else if ((c = malloc(sizeof *c)) == NULL) {
			return NULL;
		}
		c->len = 0;
		c->refs = 1;
		c->a = a;
		if (a->cur)
			chunk_unref(a->cur);
		a->cur = c;
	}
	sp->c = c;
	sp->off = c->len;
	sp->len = len;
	c->len += len;
	return c->data + sp->off;
}

struct span
arena_add(struct arena *a, const void *data, size_t len)
{
	struct span sp;
	uint8_t *p = arena_reserve(a, len, &sp);
	if (p)
		memcpy(p, data, len);
	return sp;
}

const struct chunk *
arena_cur(const struct arena *a)
{
	return a->cur;
}
