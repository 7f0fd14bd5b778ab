/* guard: a hash table of addresses with open counts and connect buckets. */
#include "config.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"

struct entry {
	struct guard_key k;
	uint32_t open;
	struct rate connects;
	struct rate guesses; /* on the minute clock */
	struct entry *next;
};

struct guard {
	struct guard_limits l;
	struct entry **bucket;
	size_t nbucket, n;
};

struct guard *
guard_new(const struct guard_limits *l)
{
	struct guard *g = calloc(1, sizeof *g);
	if (g == NULL)
		return NULL;
	g->l = *l;
	g->nbucket = 64;
	g->bucket = calloc(g->nbucket, sizeof *g->bucket);
	if (g->bucket == NULL) {
		free(g);
		return NULL;
	}
	return g;
}

void
guard_free(struct guard *g)
{
	if (g == NULL)
		return;
	for (size_t i = 0; i < g->nbucket; i++) {
		struct entry *e = g->bucket[i], *next;
		for (; e; e = next) {
			next = e->next;
			free(e);
		}
	}
	free(g->bucket);
	free(g);
}

void
guard_set_limits(struct guard *g, const struct guard_limits *l)
{
	g->l = *l;
}

void
guard_key(const struct sockaddr *sa, struct guard_key *k)
{
	memset(k, 0, sizeof *k);
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
		k->b[10] = k->b[11] = 0xff; /* as IPv4-mapped IPv6 */
		memcpy(k->b + 12, &s4->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		memcpy(k->b, &s6->sin6_addr, 16);
		if (!IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
			memset(k->b + 8, 0, 8); /* the /64 */
	}
}

/* Guesses count a minute: their buckets run on a clock 60 times slower
 * (rate.h counts a second), and what they say of waits is scaled back. */
#define MINUTES(ms) ((ms) / 60)

static size_t
hash(const struct guard_key *k, size_t nbucket)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < sizeof k->b; i++)
		h = (h ^ k->b[i]) * 16777619u;
	return h & (nbucket - 1);
}

static struct entry **
slot(struct guard *g, const struct guard_key *k)
{
	struct entry **pp = &g->bucket[hash(k, g->nbucket)];
	while (*pp && memcmp(&(*pp)->k, k, sizeof *k) != 0)
		pp = &(*pp)->next;
	return pp;
}

static void
grow(struct guard *g)
{
	size_t nb = g->nbucket * 2;
	struct entry **b = calloc(nb, sizeof *b);
	if (b == NULL)
		return; /* longer chains; still correct */
	for (size_t i = 0; i < g->nbucket; i++) {
		struct entry *e = g->bucket[i], *next;
		for (; e; e = next) {
			next = e->next;
			size_t h = hash(&e->k, nb);
			e->next = b[h];
			b[h] = e;
		}
	}
	free(g->bucket);
	g->bucket = b;
	g->nbucket = nb;
}

enum guard_verdict
guard_admit(struct guard *g, const struct guard_key *k, uint64_t now)
{
	struct entry **pp = slot(g, k), *e = *pp;
	if (e == NULL) {
		/* Out of memory: admit rather than refuse everyone. */
		if ((e = calloc(1, sizeof *e)) == NULL)
			return GUARD_OK;
		e->k = *k;
		rate_init(&e->connects, &g->l.connects, now);
		rate_init(&e->guesses, &g->l.guesses, MINUTES(now));
		*pp = e;
		if (++g->n > g->nbucket)
			grow(g);
	}
	if (g->l.per_addr && e->open >= g->l.per_addr)
		return GUARD_TOO_MANY;
	if (!rate_take(&e->connects, &g->l.connects, now, 1))
		return GUARD_TOO_FAST;
	e->open++;
	return GUARD_OK;
}

void
guard_release(struct guard *g, const struct guard_key *k)
{
	struct entry *e = *slot(g, k);
	if (e && e->open > 0)
		e->open--;
}

uint64_t
guard_guess_wait(struct guard *g, const struct guard_key *k, uint64_t now)
{
	struct entry *e = *slot(g, k);
	if (e == NULL)
		return 0;
	return 60 * rate_wait(&e->guesses, &g->l.guesses, MINUTES(now), 1);
}

void
guard_guess_wrong(struct guard *g, const struct guard_key *k, uint64_t now)
{
	struct entry *e = *slot(g, k);
	if (e)
		(void)rate_take(&e->guesses, &g->l.guesses, MINUTES(now), 1);
}

void
guard_sweep(struct guard *g, uint64_t now)
{
	for (size_t i = 0; i < g->nbucket; i++) {
		struct entry **pp = &g->bucket[i];
		while (*pp) {
			struct entry *e = *pp;
			if (e->open == 0 && rate_avail(&e->connects,
			    &g->l.connects, now) >= g->l.connects.burst &&
			    rate_avail(&e->guesses, &g->l.guesses,
			    MINUTES(now)) >= g->l.guesses.burst) {
				*pp = e->next;
				free(e);
				g->n--;
			} else {
				pp = &e->next;
			}
		}
	}
}

size_t
guard_count(const struct guard *g)
{
	return g->n;
}
