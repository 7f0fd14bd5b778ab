/* fanout: followers, arenas, and the dirty and doomed lists. */
#include "config.h"

#include <stdlib.h>

#include "fanout.h"
#include "fmt.h"
#include "outq.h"

static char linebuf[FMT_MAX + 1];

void
fanout_init(struct fanout *f)
{
	*f = (struct fanout){ 0 };
	arena_init(&f->framed);
	arena_init(&f->lines);
	arena_init(&f->uframed);
	arena_init(&f->ulines);
}

void
fanout_free(struct fanout *f)
{
	free(f->m);
	arena_free(&f->framed);
	arena_free(&f->lines);
	arena_free(&f->uframed);
	arena_free(&f->ulines);
	*f = (struct fanout){ 0 };
}

static void
swap_members(struct fanout *f, size_t a, size_t b)
{
	struct member *t = f->m[a];
	f->m[a] = f->m[b];
	f->m[a]->idx = a;
	f->m[b] = t;
	t->idx = b;
}

/* Keeps followers at the front of f->m, so that a broadcast visits only
 * the members it must queue on (and settling visits only followers): with
 * everyone following, a message costs O(1) until its chunk fills. */
static void
set_follow(struct fanout *f, struct member *m, int on)
{
	if (m->follow == on)
		return;
	if (on)
		swap_members(f, m->idx, f->nfol++);
	else
		swap_members(f, m->idx, --f->nfol);
	m->follow = on;
}

static void
doom(struct fanout *f, struct member *m)
{
	m->doomed = 1;
	set_follow(f, m, 0);
	m->xnext = f->doomed;
	f->doomed = m;
}

static void
mark_dirty(struct fanout *f, struct member *m)
{
	if (!m->dirty && !m->blocked) {
		m->dirty = 1;
		m->dnext = f->dirty;
		f->dirty = m;
	}
}

/* Queues a span on m, marking m dirty, or doomed when it stops reading. */
static void
put(struct fanout *f, struct member *m, const struct span *sp)
{
	if (m->doomed || sp->c == NULL)
		return;
	if (m->q.bytes + sp->len > FANOUT_SENDQ_MAX ||
	    outq_put(&m->q, sp) < 0) {
		doom(f, m);
		return;
	}
	mark_dirty(f, m);
}

/* A follower's queue takes every broadcast without being touched; this
 * counts what it took since, and checks the limit. */
static void
settle(struct fanout *f, struct member *m)
{
	if (outq_settle(&m->q) == 0)
		return;
	if (m->q.bytes > FANOUT_SENDQ_MAX)
		doom(f, m);
	else
		mark_dirty(f, m);
}

static void
unfollow(struct fanout *f, struct member *m)
{
	if (m->follow) {
		settle(f, m);
		set_follow(f, m, 0);
	}
}

void
fanout_unfollow(struct fanout *f, struct member *m)
{
	unfollow(f, m);
}

int
fanout_add(struct fanout *f, struct member *m)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		struct member **a = realloc(f->m, cap * sizeof *a);
		if (a == NULL)
			return -1;
		f->m = a;
		f->cap = cap;
	}
	m->idx = f->n;
	f->m[f->n++] = m;
	f->nline += m->line;
	return 0;
}

void
fanout_del(struct fanout *f, struct member *m)
{
	unfollow(f, m);
	f->m[m->idx] = f->m[--f->n];
	f->m[m->idx]->idx = m->idx;
	f->nline -= m->line;
	fanout_udp_rx(f, m, 0);
}

void
fanout_settle(struct fanout *f)
{
	/* Only a broadcast moves followers along; a turn without one (an
	 * accept, a hello, a private message) must not cost a pass over
	 * every member, or seating N clients costs O(N^2). */
	if (!f->unsettled)
		return;
	f->unsettled = 0;
	for (size_t i = 0; i < f->nfol;) {
		struct member *m = f->m[i];
		settle(f, m);
		if (f->m[i] == m)
			i++; /* else it was cut, and the last follower moved here */
	}
}

static struct span
encode_framed(struct arena *a, const struct msg *msg)
{
	struct span sp = { 0 };
	int n = msg_frame_len(msg);
	uint8_t *p = n < 0 ? NULL : arena_reserve(a, n, &sp);
	if (p)
		msg_encode(msg, p, n);
	return sp;
}

static struct span
encode_line(struct arena *a, const struct msg *msg, const char *self)
{
	struct span sp = { 0 };
	size_t n = fmt_line(msg, self, linebuf, sizeof linebuf - 1);
	if (n == 0)
		return sp;
	linebuf[n++] = '\n';
	return arena_add(a, linebuf, n);
}

void
fanout_send(struct fanout *f, struct member *m, const struct msg *msg)
{
	unfollow(f, m);
	struct span sp = m->line ? encode_line(&f->ulines, msg, m->nick) :
	    encode_framed(&f->uframed, msg);
	put(f, m, &sp);
}

void
fanout_send_span(struct fanout *f, struct member *m, const struct span *sp)
{
	unfollow(f, m);
	put(f, m, sp);
}

void
fanout_send_raw(struct fanout *f, struct member *m, const void *p, size_t n)
{
	unfollow(f, m);
	struct span sp = arena_add(&f->ulines, p, n);
	put(f, m, &sp);
}

void
fanout_broadcast(struct fanout *f, const struct msg *msg, int skip_udp)
{
	const struct chunk *fc = arena_cur(&f->framed),
	    *lc = arena_cur(&f->lines);
	struct span fs = { 0 }, ls = { 0 };
	if (f->n > f->nline)
		fs = encode_framed(&f->framed, msg);
	if (f->nline > 0)
		ls = encode_line(&f->lines, msg, NULL);
	/* Did the message start a new chunk, out of followers' reach? (A
	 * message one kind of reader does not get, a stamp for lines, moves
	 * none of them.) */
	int froll = fs.c && fs.c != fc, lroll = ls.c && ls.c != lc;
	f->unsettled = 1;
	/* Followers of a chunk the message did not fit in stop following;
	 * the others have it already. Unfollowing moves a member behind the
	 * followers and the last follower to i, so i stays. */
	for (size_t i = 0; (froll || lroll) && i < f->nfol;) {
		struct member *m = f->m[i];
		if (m->line ? lroll : froll)
			unfollow(f, m);
		else
			i++;
	}
	/* Following moves a member to the end of the followers, swapping in
	 * one this loop has already visited. */
	for (size_t i = f->nfol; i < f->n; i++) {
		struct member *m = f->m[i];
		if (skip_udp && m->udp_rx)
			continue;
		const struct span *sp = m->line ? &ls : &fs;
		put(f, m, sp);
		/* Datagram receivers skip some broadcasts: they never follow. */
		if (!m->doomed && !m->udp_rx && outq_tail_open(&m->q, sp->c))
			set_follow(f, m, 1);
	}
}

void
fanout_udp_rx(struct fanout *f, struct member *m, int on)
{
	if (m->udp_rx == !!on)
		return;
	unfollow(f, m);
	m->udp_rx = !!on;
	if (on)
		f->nudp++;
	else
		f->nudp--;
}

struct member *
fanout_doomed_pop(struct fanout *f)
{
	struct member *m = f->doomed;
	if (m) {
		f->doomed = m->xnext;
		m->xnext = NULL;
	}
	return m;
}
