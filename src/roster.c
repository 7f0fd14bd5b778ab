/* roster: a sorted array of nicks; small enough to keep simple. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "roster.h"

void
roster_init(struct roster *r)
{
	memset(r, 0, sizeof *r);
}

void
roster_free(struct roster *r)
{
	free(r->nick);
	roster_init(r);
}

void
roster_clear(struct roster *r)
{
	r->n = 0;
}

void
roster_swap(struct roster *a, struct roster *b)
{
	struct roster t = *a;
	*a = *b;
	*b = t;
}

/* Index of nick, or -1 with *at where it would go. */
static long
find(const struct roster *r, const char *nick, size_t *at)
{
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int d = nick_cmp(r->nick[mid], nick);
		if (d == 0)
			return *at = mid, (long)mid;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return -1;
}

static int
grow(struct roster *r)
{
	if (r->n < r->cap)
		return 0;
	size_t cap = r->cap ? r->cap * 2 : 16;
	void *p = realloc(r->nick, cap * sizeof *r->nick);
	if (p == NULL)
		return -1;
	r->nick = p;
	r->cap = cap;
	return 0;
}

/* Only valid nicks are kept: the server enforces the rules, but a client
 * trusts no server, and these are drawn and completed into the input. */
static int
copy(char *buf, const char *nick, size_t len)
{
	char why[8];
	if (len == 0 || len > NICK_MAX || nick_check(nick, len, why,
	    sizeof why) < 0)
		return -1;
	memcpy(buf, nick, len);
	buf[len] = '\0';
	return 0;
}

void
roster_add(struct roster *r, const char *nick, size_t len)
{
	char buf[NICK_MAX + 1];
	size_t at;
	if (copy(buf, nick, len) < 0 || find(r, buf, &at) >= 0 || grow(r) < 0)
		return;
	memmove(r->nick + at + 1, r->nick + at, (r->n - at) * sizeof *r->nick);
	memcpy(r->nick[at], buf, sizeof buf);
	r->n++;
}

void
roster_del(struct roster *r, const char *nick, size_t len)
{
	char buf[NICK_MAX + 1];
	size_t at;
	if (copy(buf, nick, len) < 0 || find(r, buf, &at) < 0)
		return;
	memmove(r->nick + at, r->nick + at + 1,
	    (r->n - at - 1) * sizeof *r->nick);
	r->n--;
}

void
roster_push(struct roster *r, const char *nick, size_t len)
{
	if (grow(r) == 0 && copy(r->nick[r->n], nick, len) == 0)
		r->n++;
}

static int
cmp(const void *a, const void *b)
{
	return nick_cmp(a, b);
}

void
roster_sort(struct roster *r)
{
	if (r->n > 1) /* an empty roster may have no array at all */
		qsort(r->nick, r->n, sizeof *r->nick, cmp);
}
