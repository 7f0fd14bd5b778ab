/* rxwin: a small array of per-sender windows, found by nick. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rxwin.h"

void
rxwins_init(struct rxwins *r)
{
	memset(r, 0, sizeof *r);
}

void
rxwins_free(struct rxwins *r)
{
	free(r->win);
	rxwins_init(r);
}

void
rxwins_clear(struct rxwins *r)
{
	r->n = 0;
}

static struct rxwin *
find(struct rxwins *r, const char *nick, size_t len, int make)
{
	for (size_t i = 0; i < r->n; i++)
		if (strlen(r->win[i].nick) == len &&
		    memcmp(r->win[i].nick, nick, len) == 0)
			return &r->win[i];
	char why[8];
	/* Only valid nicks get windows: a server could name anything. */
	if (!make || len == 0 || len > NICK_MAX || r->n == RXWIN_MAX ||
	    nick_check(nick, len, why, sizeof why) < 0)
		return NULL;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		void *w = realloc(r->win, cap * sizeof *r->win);
		if (w == NULL)
			return NULL;
		r->win = w;
		r->cap = cap;
	}
	struct rxwin *w = &r->win[r->n++];
	memcpy(w->nick, nick, len);
	w->nick[len] = '\0';
	seqwin_init(&w->w);
	return w;
}

int
rxwins_take(struct rxwins *r, const struct msg *m, uint64_t now,
    struct msg *out, uint32_t *lost, uint32_t *opened)
{
	enum seqwin_result res = SEQ_NEXT;
	if (m->type != MSG_UCHAT && m->type != MSG_UACTION)
		return 0;
	struct rxwin *w = find(r, m->s[0].p, m->s[0].len, 1);
	if (w) {
		uint32_t before = seqwin_holes(&w->w);
		res = seqwin_take(&w->w, m->seq, now, lost);
		uint32_t after = seqwin_holes(&w->w);
		if (after > before)
			*opened += after - before;
	}
	if (res == SEQ_DUP || res == SEQ_STALE)
		return 0;
	*out = (struct msg){ .type = m->type == MSG_UCHAT ? MSG_CHAT :
	    MSG_ACTION, .num = (m->num & MSG_LATE) |
	    (res == SEQ_LATE ? MSG_LATE : 0) };
	out->s[0] = m->s[0];
	out->s[1] = m->s[1];
	return 1;
}

void
rxwins_expire(struct rxwins *r, uint64_t now,
    void (*fn)(void *arg, const char *nick, uint32_t lost), void *arg)
{
	for (size_t i = 0; i < r->n; i++) {
		uint32_t n = seqwin_expire(&r->win[i].w, now);
		if (n)
			fn(arg, r->win[i].nick, n);
	}
}

void
rxwins_rename(struct rxwins *r, const struct msg_str *from,
    const struct msg_str *to)
{
	struct rxwin *w = find(r, from->p, from->len, 0);
	char why[8];
	if (w && to->len > 0 && to->len <= NICK_MAX &&
	    nick_check(to->p, to->len, why, sizeof why) == 0) {
		memcpy(w->nick, to->p, to->len);
		w->nick[to->len] = '\0';
	}
}
