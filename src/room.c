/* room: membership, the nick table, join bursts, and what is said. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backlog.h"
#include "fanout.h"
#include "room.h"
#include "seal.h"

struct room {
	struct fanout f; /* the members, in fan-out order */
	struct member **bucket; /* nick hash table, chained by hnext */
	size_t nbucket;
	room_fanout_fn *fanout; /* chat as one datagram to UDP receivers */
	void *fanout_arg;
	struct member *jhead, *jtail; /* joins not yet announced */
	size_t njoins;
	uint64_t join_next; /* earliest time for the next announcement */
	uint32_t guests;
	char info[128];
	char rules[128]; /* the rates, told before each welcome (pace.h) */
	char topic[ROOM_TOPIC_MAX + SEAL_OVERHEAD], topic_by[NICK_MAX + 1];
	uint16_t topic_len; /* sealed in a private room: not a C string */
	struct backlog bl; /* what was said lately, for late joiners */
	uint32_t epoch;    /* this life of the room: its message ids' scope */
	room_keep_fn *keep; /* each message kept, to a history file */
	void *keep_arg;
};

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
	fanout_init(&r->f);
	snprintf(r->info, sizeof r->info, "%s", server_info);
	if (backlog_init(&r->bl, LIMIT_BACKLOG, LIMIT_BACKLOG_AGE, 1) < 0) {
		room_free(r);
		return NULL;
	}
	/* Not a secret: it only tells one life of the room from the next. */
	r->epoch = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 16);
	r->epoch += r->epoch == 0;
	return r;
}

void
room_free(struct room *r)
{
	if (r == NULL)
		return;
	backlog_free(&r->bl);
	fanout_free(&r->f);
	free(r->bucket);
	free(r);
}

void
room_set_info(struct room *r, const char *info)
{
	snprintf(r->info, sizeof r->info, "%s", info);
}

const char *
room_info_text(const struct room *r)
{
	return r->info;
}

void
room_set_rules(struct room *r, const char *text)
{
	if (strcmp(r->rules, text) == 0)
		return;
	snprintf(r->rules, sizeof r->rules, "%s", text);
	/* Rates changed on a reload: every member keeps to the new ones. */
	struct msg msg = { .type = MSG_LIMITS };
	msg.s[0] = msg_str(r->rules);
	if (r->f.n > 0)
		fanout_broadcast(&r->f, &msg, 0);
}

int
room_set_backlog(struct room *r, uint32_t max, uint32_t age)
{
	return backlog_set(&r->bl, max, age);
}

/* m, a chat line, an action or a rename, is about to be relayed: framed
 * members are told its id first (a `stamp`), and the backlog keeps it. */
static void
remember(struct room *r, const struct msg *m)
{
	if (r->bl.max == 0)
		return;
	uint32_t now = backlog_now();
	struct msg st = { .type = MSG_STAMP, .num = backlog_next(&r->bl),
	    .seq = now };
	fanout_broadcast(&r->f, &st, 0);
	backlog_expire(&r->bl, now);
	backlog_add(&r->bl, m, st.num, now);
	const struct backlog_item *it = backlog_get(&r->bl, r->bl.n - 1);
	if (r->keep && it && it->id == st.num)
		r->keep(r->keep_arg, &it->framed, &r->bl, r->f.nudp > 0);
}

void
room_set_keeper(struct room *r, room_keep_fn *fn, void *arg)
{
	r->keep = fn;
	r->keep_arg = arg;
}

struct backlog *
room_backlog(struct room *r)
{
	return &r->bl;
}

void
room_set_epoch(struct room *r, uint32_t epoch)
{
	r->epoch = epoch;
}

uint32_t
room_epoch(const struct room *r)
{
	return r->epoch;
}

void
room_history(struct room *r, struct member *m, uint32_t since, uint32_t epoch)
{
	m->hist = ROOM_HIST_SENT;
	backlog_send(&r->bl, &r->f, m, since, epoch, r->epoch, backlog_now());
}

size_t
room_count(const struct room *r)
{
	return r->f.n;
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
	free(m->away);
	free(m->ask);
	m->away = NULL, m->ask = NULL;
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
	if (r->f.n >= r->nbucket) {
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

void
room_send(struct room *r, struct member *m, const struct msg *msg)
{
	fanout_send(&r->f, m, msg);
}

void
room_send_raw(struct room *r, struct member *m, const void *p, size_t n)
{
	fanout_send_raw(&r->f, m, p, n);
}

static void
broadcast(struct room *r, const struct msg *msg)
{
	fanout_broadcast(&r->f, msg, 0);
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
	fanout_udp_rx(&r->f, m, on);
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
	if (fanout_add(&r->f, m) < 0) {
		snprintf(why, whylen, "the server is out of memory");
		return ERR_SERVER_FULL;
	}
	memcpy(m->nick, buf, sizeof buf);
	m->joined = 1;
	hash_add(r, m);

	struct msg msg = { .type = MSG_LIMITS };
	msg.s[0] = msg_str(r->rules);
	if (r->rules[0])
		room_send(r, m, &msg); /* before the welcome: see pace.h */
	msg = (struct msg){ .type = MSG_WELCOME, .num = r->f.n };
	msg.s[0] = msg_str(m->nick);
	msg.s[1] = msg_str(r->info);
	room_send(r, m, &msg);
	room_tell_topic(r, m, 0);
	/* What was said lately: line members always, framed ones if they
	 * asked before the welcome. */
	if (m->line && m->hist != ROOM_HIST_SENT) {
		m->hist = ROOM_HIST_SENT;
		backlog_send_lines(&r->bl, &r->f, m, backlog_now());
	} else if (m->hist == ROOM_HIST_ASKED) {
		room_history(r, m, m->hist_since, m->hist_epoch);
	}
	m->jnext = NULL;
	m->announced = 0; /* a new join, to be told (a rejoin too) */
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
		m->jnext = NULL; /* it may join again (found by fuzzing) */
		for (r->jtail = NULL, x = r->jhead; x; x = x->jnext)
			r->jtail = x;
	}
	hash_del(r, m);
	fanout_del(&r->f, m);
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
	remember(r, &msg);
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
	remember(r, &msg);
	if (r->f.nudp > 0 && r->fanout) {
		/* UDP receivers get one datagram, numbered per sender; a line
		 * too long for one goes on their streams instead, unnumbered. */
		struct msg u = { .type = type == MSG_CHAT ? MSG_UCHAT :
		    MSG_UACTION, .seq = m->rseq + 1, .num = flags };
		u.s[0] = msg.s[0];
		u.s[1] = msg.s[1];
		int n = msg_encode(&u, dgram, sizeof dgram);
		if (n > 0) {
			m->rseq++;
			fanout_broadcast(&r->f, &msg, 1);
			r->fanout(r->fanout_arg, dgram, (size_t)n);
			return;
		}
	}
	broadcast(r, &msg);
}

/* Tells m that o is away, and why. */
static void
away_is(struct room *r, struct member *m, const struct member *o)
{
	struct msg msg = { .type = MSG_AWAY_IS };
	msg.s[0] = msg_str(o->nick);
	msg.s[1] = (struct msg_str){ o->away, o->away_len };
	room_send(r, m, &msg);
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
	if (o->away)
		away_is(r, m, o);
	return 0;
}

void
room_names(struct room *r, struct member *m)
{
	struct msg msg = { .type = MSG_NAME };
	fanout_unfollow(&r->f, m); /* so the loop's order holds still */
	for (size_t i = 0; i < r->f.n; i++) {
		msg.s[0] = msg_str(r->f.m[i]->nick);
		msg.s[1] = msg_str(r->f.m[i]->addr);
		room_send(r, m, &msg);
		if (r->f.m[i]->away)
			away_is(r, m, r->f.m[i]);
	}
	msg = (struct msg){ .type = MSG_NAMES_END, .num = r->f.n };
	room_send(r, m, &msg);
}

void
room_away(struct room *r, struct member *m, const char *text, size_t len)
{
	free(m->away);
	m->away = NULL;
	if (len > 0 && (m->away = malloc(len + 1)) != NULL) {
		memcpy(m->away, text, len);
		m->away[len] = '\0';
		m->away_len = (uint16_t)len;
	}
	room_notice(r, m, m->away ? "you are marked away; whoever writes to "
	    "you is told why" : "you are back");
}

void
room_topic(struct room *r, struct member *m, const char *text, size_t len)
{
	announce_self(r, m);
	r->topic_len = (uint16_t)(len < sizeof r->topic ? len : sizeof r->topic);
	memcpy(r->topic, text, r->topic_len);
	snprintf(r->topic_by, sizeof r->topic_by, "%s", m->nick);
	struct msg msg = { .type = MSG_TOPIC_IS, .num = 0 };
	msg.s[0] = msg_str(r->topic_by);
	msg.s[1] = (struct msg_str){ r->topic, r->topic_len };
	broadcast(r, &msg);
}

void
room_tell_topic(struct room *r, struct member *m, int asked)
{
	struct msg msg = { .type = MSG_TOPIC_IS, .num = 1 };
	if (r->topic_len == 0) {
		if (asked)
			room_notice(r, m, "no topic is set; /topic TEXT sets one");
		return;
	}
	msg.s[0] = msg_str(r->topic_by);
	msg.s[1] = (struct msg_str){ r->topic, r->topic_len };
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

void
room_settle(struct room *r)
{
	fanout_settle(&r->f);
}

struct fanout *
room_fanout(struct room *r)
{
	return &r->f;
}

struct member *
room_doomed_pop(struct room *r)
{
	return fanout_doomed_pop(&r->f);
}
