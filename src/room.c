/* room: membership, the nick table, and fan-out of encoded messages. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "frame.h"
#include "room.h"
#include "text.h"

struct room {
	struct member **m; /* members: the nfol followers first, then the rest */
	size_t n, cap, nfol;
	struct member **bucket; /* nick hash table, chained by hnext */
	size_t nbucket;
	struct arena framed, lines;   /* broadcasts, one per kind of reader */
	struct arena uframed, ulines; /* messages to one member */
	size_t nline;
	size_t nudp; /* members with udp_rx */
	int unsettled; /* followers may have gained since room_settle */
	room_fanout_fn *fanout;
	void *fanout_arg;
	struct member *dirty, *doomed;
	struct member *jhead, *jtail; /* joins not yet announced */
	size_t njoins;
	uint64_t join_next; /* earliest time for the next announcement */
	uint32_t guests;
	char info[64];
};

static char linebuf[FMT_MAX + 1];

struct room *
room_new(const char *server_info)
{
	struct room *r = calloc(1, sizeof *r);
	if (r == NULL)
		return NULL;
	r->nbucket = 64;
	r->bucket = calloc(r->nbucket, sizeof *r->bucket);
	if (r->bucket == NULL) {
		free(r);
		return NULL;
	}
	arena_init(&r->framed);
	arena_init(&r->lines);
	arena_init(&r->uframed);
	arena_init(&r->ulines);
	snprintf(r->info, sizeof r->info, "%s", server_info);
	return r;
}

void
room_free(struct room *r)
{
	if (r == NULL)
		return;
	free(r->m);
	free(r->bucket);
	arena_free(&r->framed);
	arena_free(&r->lines);
	arena_free(&r->uframed);
	arena_free(&r->ulines);
	free(r);
}

size_t
room_count(const struct room *r)
{
	return r->n;
}

void
room_member_init(struct member *m, const char *addr, int line)
{
	memset(m, 0, sizeof *m);
	snprintf(m->addr, sizeof m->addr, "%s", addr);
	m->line = line;
	outq_init(&m->q);
}

void
room_member_free(struct member *m)
{
	outq_free(&m->q);
}

static struct member *
find(struct room *r, const char *nick)
{
	struct member *m = r->bucket[nick_hash(nick) & (r->nbucket - 1)];
	while (m && nick_cmp(m->nick, nick) != 0)
		m = m->hnext;
	return m;
}

static void
hash_del(struct room *r, struct member *m)
{
	struct member **pp = &r->bucket[nick_hash(m->nick) & (r->nbucket - 1)];
	while (*pp && *pp != m)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = m->hnext;
	m->hnext = NULL;
}

static void
hash_add(struct room *r, struct member *m)
{
	if (r->n >= r->nbucket) {
		size_t nb = r->nbucket * 2;
		struct member **b = calloc(nb, sizeof *b);
		if (b) {
			for (size_t i = 0; i < r->nbucket; i++) {
				struct member *x = r->bucket[i], *next;
				for (; x; x = next) {
					next = x->hnext;
					size_t h = nick_hash(x->nick) & (nb - 1);
					x->hnext = b[h];
					b[h] = x;
				}
			}
			free(r->bucket);
			r->bucket = b;
			r->nbucket = nb;
		}
	}
	size_t h = nick_hash(m->nick) & (r->nbucket - 1);
	m->hnext = r->bucket[h];
	r->bucket[h] = m;
}

static void
swap_members(struct room *r, size_t a, size_t b)
{
	struct member *t = r->m[a];
	r->m[a] = r->m[b];
	r->m[a]->idx = a;
	r->m[b] = t;
	t->idx = b;
}

/* Keeps followers at the front of r->m, so that a broadcast visits only
 * the members it must queue on (and settling visits only followers): with
 * everyone following, a message costs O(1) until its chunk fills. */
static void
set_follow(struct room *r, struct member *m, int on)
{
	if (m->follow == on)
		return;
	if (on)
		swap_members(r, m->idx, r->nfol++);
	else
		swap_members(r, m->idx, --r->nfol);
	m->follow = on;
}

static void
doom(struct room *r, struct member *m)
{
	m->doomed = 1;
	set_follow(r, m, 0);
	m->xnext = r->doomed;
	r->doomed = m;
}

static void
mark_dirty(struct room *r, struct member *m)
{
	if (!m->dirty && !m->blocked) {
		m->dirty = 1;
		m->dnext = r->dirty;
		r->dirty = m;
	}
}

/* Queues a span on m, marking m dirty, or doomed when it stops reading. */
static void
put(struct room *r, struct member *m, const struct span *sp)
{
	if (m->doomed || sp->c == NULL)
		return;
	if (m->q.bytes + sp->len > ROOM_SENDQ_MAX || outq_put(&m->q, sp) < 0) {
		doom(r, m);
		return;
	}
	mark_dirty(r, m);
}

/* A follower's queue takes every broadcast without being touched; this
 * counts what it took since, and checks the limit. */
static void
settle(struct room *r, struct member *m)
{
	if (outq_settle(&m->q) == 0)
		return;
	if (m->q.bytes > ROOM_SENDQ_MAX)
		doom(r, m);
	else
		mark_dirty(r, m);
}

static void
unfollow(struct room *r, struct member *m)
{
	if (m->follow) {
		settle(r, m);
		set_follow(r, m, 0);
	}
}

void
room_settle(struct room *r)
{
	/* Only a broadcast moves followers along; a turn without one (an
	 * accept, a hello, a private message) must not cost a pass over
	 * every member, or seating N clients costs O(N^2). */
	if (!r->unsettled)
		return;
	r->unsettled = 0;
	for (size_t i = 0; i < r->nfol;) {
		struct member *m = r->m[i];
		settle(r, m);
		if (r->m[i] == m)
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
	size_t n = fmt_msg(msg, self, linebuf, sizeof linebuf - 1);
	if (n == 0)
		return sp;
	linebuf[n++] = '\n';
	return arena_add(a, linebuf, n);
}

/* One member's own messages go in arenas of their own, so they never
 * show up in the open span of a member that follows the broadcasts. */
void
room_send(struct room *r, struct member *m, const struct msg *msg)
{
	unfollow(r, m);
	struct span sp = m->line ? encode_line(&r->ulines, msg, m->nick) :
	    encode_framed(&r->uframed, msg);
	put(r, m, &sp);
}

/* Encodes msg once per kind of reader and queues it on every member,
 * but those that get it as a datagram when skip_udp. */
static void
broadcast_to(struct room *r, const struct msg *msg, int skip_udp)
{
	const struct chunk *fc = arena_cur(&r->framed),
	    *lc = arena_cur(&r->lines);
	struct span f = { 0 }, l = { 0 };
	if (r->n > r->nline)
		f = encode_framed(&r->framed, msg);
	if (r->nline > 0)
		l = encode_line(&r->lines, msg, NULL);
	/* Did the message start a new chunk, out of followers' reach? */
	int froll = f.c != fc, lroll = l.c != lc;
	r->unsettled = 1;
	/* Followers of a chunk the message did not fit in stop following;
	 * the others have it already. Unfollowing moves a member behind the
	 * followers and the last follower to i, so i stays. */
	for (size_t i = 0; (froll || lroll) && i < r->nfol;) {
		struct member *m = r->m[i];
		if (m->line ? lroll : froll)
			unfollow(r, m);
		else
			i++;
	}
	/* Following moves a member to the end of the followers, swapping in
	 * one this loop has already visited. */
	for (size_t i = r->nfol; i < r->n; i++) {
		struct member *m = r->m[i];
		if (skip_udp && m->udp_rx)
			continue;
		const struct span *sp = m->line ? &l : &f;
		put(r, m, sp);
		/* Datagram receivers skip some broadcasts: they never follow. */
		if (!m->doomed && !m->udp_rx && outq_tail_open(&m->q, sp->c))
			set_follow(r, m, 1);
	}
}

static void
broadcast(struct room *r, const struct msg *msg)
{
	broadcast_to(r, msg, 0);
}

void
room_set_fanout(struct room *r, room_fanout_fn *fn, void *arg)
{
	r->fanout = fn;
	r->fanout_arg = arg;
}

void
room_udp_rx(struct room *r, struct member *m, int on)
{
	if (m->udp_rx == !!on)
		return;
	unfollow(r, m);
	m->udp_rx = !!on;
	if (on)
		r->nudp++;
	else
		r->nudp--;
}

static void
announce_now(struct room *r)
{
	struct msg msg = { 0 };
	char list[ROOM_JOIN_LIST * (NICK_MAX + 1) + 1];
	size_t k = r->njoins, len = 0, listed = 0;
	struct member *m, *next;

	if (k == 0)
		return;
	list[0] = '\0';
	for (m = r->jhead; m; m = next) {
		next = m->jnext;
		m->jnext = NULL;
		m->announced = 1;
		if (k <= ROOM_JOIN_LIST) {
			msg.type = MSG_JOIN;
			msg.s[0] = msg_str(m->nick);
			msg.s[1] = msg_str(m->addr);
			broadcast(r, &msg);
		} else if (listed++ < ROOM_JOIN_LIST) {
			len += snprintf(list + len, sizeof list - len, "%s%s",
			    len ? " " : "", m->nick);
		}
	}
	if (k > ROOM_JOIN_LIST) {
		msg.type = MSG_JOINS;
		msg.num = k;
		msg.s[0] = msg_str(list);
		broadcast(r, &msg);
	}
	r->jhead = r->jtail = NULL;
	r->njoins = 0;
}

long
room_announce(struct room *r, uint64_t now)
{
	if (r->njoins == 0)
		return -1;
	if (now < r->join_next)
		return (long)(r->join_next - now);
	announce_now(r);
	r->join_next = now + ROOM_JOIN_GAP_MS;
	return -1;
}

/* Anything a member does is told after its own join. */
static void
announce_self(struct room *r, struct member *m)
{
	if (!m->announced)
		announce_now(r);
}

static int
check_nick(struct room *r, struct member *self, const char *nick, size_t len,
    char *buf, char *why, size_t whylen)
{
	if (nick_check(nick, len, why, whylen) < 0)
		return ERR_BAD_NICK;
	memcpy(buf, nick, len);
	buf[len] = '\0';
	struct member *o = find(r, buf);
	if (o && o != self) {
		snprintf(why, whylen, "the nick %s is taken", buf);
		return ERR_NICK_TAKEN;
	}
	return 0;
}

int
room_join(struct room *r, struct member *m, const char *nick, size_t len,
    char *why, size_t whylen)
{
	char buf[NICK_MAX + 1];
	int err;

	if (nick == NULL) {
		do
			snprintf(buf, sizeof buf, "guest%u", ++r->guests);
		while (find(r, buf));
	} else if ((err = check_nick(r, NULL, nick, len, buf, why, whylen))) {
		return err;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct member **a = realloc(r->m, cap * sizeof *a);
		if (a == NULL) {
			snprintf(why, whylen, "the server is out of memory");
			return ERR_SERVER_FULL;
		}
		r->m = a;
		r->cap = cap;
	}
	memcpy(m->nick, buf, sizeof buf);
	m->idx = r->n;
	r->m[r->n++] = m;
	r->nline += m->line;
	m->joined = 1;
	hash_add(r, m);

	struct msg msg = { .type = MSG_WELCOME, .num = r->n };
	msg.s[0] = msg_str(m->nick);
	msg.s[1] = msg_str(r->info);
	room_send(r, m, &msg);
	if (r->jtail)
		r->jtail->jnext = m;
	else
		r->jhead = m;
	r->jtail = m;
	r->njoins++;
	return 0;
}

void
room_remove(struct room *r, struct member *m)
{
	if (!m->joined)
		return;
	if (!m->announced) {
		struct member **pp = &r->jhead, *x;
		while (*pp && *pp != m)
			pp = &(*pp)->jnext;
		if (*pp) {
			*pp = m->jnext;
			r->njoins--;
		}
		for (r->jtail = NULL, x = r->jhead; x; x = x->jnext)
			r->jtail = x;
	}
	unfollow(r, m);
	hash_del(r, m);
	r->m[m->idx] = r->m[--r->n];
	r->m[m->idx]->idx = m->idx;
	r->nline -= m->line;
	room_udp_rx(r, m, 0);
	m->joined = 0;
}

void
room_leave(struct room *r, struct member *m, const char *reason)
{
	if (!m->joined)
		return;
	room_remove(r, m);
	/* A join never told to the room is followed by no leave either. */
	if (m->announced) {
		struct msg msg = { .type = MSG_LEAVE };
		msg.s[0] = msg_str(m->nick);
		msg.s[1] = msg_str(reason ? reason : "");
		broadcast(r, &msg);
	}
}

int
room_rename(struct room *r, struct member *m, const char *nick, size_t len,
    char *why, size_t whylen)
{
	char buf[NICK_MAX + 1], old[NICK_MAX + 1];
	int err = check_nick(r, m, nick, len, buf, why, whylen);
	if (err)
		return err;
	if (strcmp(buf, m->nick) == 0)
		return 0;
	announce_self(r, m);
	memcpy(old, m->nick, sizeof old);
	hash_del(r, m);
	memcpy(m->nick, buf, sizeof buf);
	hash_add(r, m);
	struct msg msg = { .type = MSG_RENAME };
	msg.s[0] = msg_str(old);
	msg.s[1] = msg_str(m->nick);
	broadcast(r, &msg);
	return 0;
}

void
room_say(struct room *r, struct member *m, int type, const char *text,
    size_t len, int flags)
{
	static uint8_t dgram[MSG_DGRAM_MAX];
	announce_self(r, m);
	struct msg msg = { .type = type };
	msg.s[0] = msg_str(m->nick);
	msg.s[1] = (struct msg_str){ text, (uint16_t)len };
	if (r->nudp > 0 && r->fanout) {
		/* UDP receivers get one datagram, numbered per sender; a line
		 * too long for one goes on their streams instead, unnumbered. */
		struct msg u = { .type = type == MSG_CHAT ? MSG_UCHAT :
		    MSG_UACTION, .seq = m->rseq + 1, .num = flags };
		u.s[0] = msg.s[0];
		u.s[1] = msg.s[1];
		int n = msg_encode(&u, dgram, sizeof dgram);
		if (n > 0) {
			m->rseq++;
			broadcast_to(r, &msg, 1);
			r->fanout(r->fanout_arg, dgram, (size_t)n);
			return;
		}
	}
	broadcast(r, &msg);
}

int
room_tell(struct room *r, struct member *m, const char *to, size_t tolen,
    const char *text, size_t len, char *why, size_t whylen)
{
	char buf[NICK_MAX + 1];
	struct member *o = NULL;

	if (tolen <= NICK_MAX) {
		memcpy(buf, to, tolen);
		buf[tolen] = '\0';
		o = find(r, buf);
	}
	if (o == NULL) {
		snprintf(why, whylen, "no one here is called %.*s",
		    (int)(tolen > NICK_MAX ? NICK_MAX : tolen), to);
		return ERR_NO_SUCH_NICK;
	}
	struct msg msg = { .type = MSG_PRIVATE };
	msg.s[0] = msg_str(m->nick);
	msg.s[1] = msg_str(o->nick);
	msg.s[2] = (struct msg_str){ text, (uint16_t)len };
	room_send(r, o, &msg);
	if (o != m)
		room_send(r, m, &msg);
	return 0;
}

void
room_names(struct room *r, struct member *m)
{
	struct msg msg = { .type = MSG_NAME };
	for (size_t i = 0; i < r->n; i++) {
		msg.s[0] = msg_str(r->m[i]->nick);
		msg.s[1] = msg_str(r->m[i]->addr);
		room_send(r, m, &msg);
	}
	msg = (struct msg){ .type = MSG_NAMES_END, .num = r->n };
	room_send(r, m, &msg);
}

void
room_error(struct room *r, struct member *m, int code, const char *text)
{
	struct msg msg = { .type = MSG_ERROR, .num = code };
	msg.s[0] = msg_str(text);
	room_send(r, m, &msg);
}

void
room_notice(struct room *r, struct member *m, const char *text)
{
	struct msg msg = { .type = MSG_NOTICE };
	msg.s[0] = msg_str(text);
	room_send(r, m, &msg);
}

void
room_notice_all(struct room *r, const char *text)
{
	announce_now(r);
	struct msg msg = { .type = MSG_NOTICE };
	msg.s[0] = msg_str(text);
	broadcast(r, &msg);
}

struct member *
room_dirty_pop(struct room *r)
{
	struct member *m = r->dirty;
	if (m) {
		r->dirty = m->dnext;
		m->dnext = NULL;
		m->dirty = 0;
	}
	return m;
}

struct member *
room_doomed_pop(struct room *r)
{
	struct member *m = r->doomed;
	if (m) {
		r->doomed = m->xnext;
		m->xnext = NULL;
	}
	return m;
}

void
room_each(struct room *r, void (*fn)(struct member *, void *), void *arg)
{
	for (size_t i = 0; i < r->n; i++)
		fn(r->m[i], arg);
}
