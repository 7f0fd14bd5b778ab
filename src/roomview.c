/* roomview: the member list, and which names replies are ours. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "nick.h"
#include "roomview.h"
#include "text.h"

void
roomview_init(struct roomview *v, int track)
{
	*v = (struct roomview){ .track = track, .count = -1 };
	roster_init(&v->mem);
	roster_init(&v->names);
}

void
roomview_free(struct roomview *v)
{
	roster_free(&v->mem);
	roster_free(&v->names);
}

void
roomview_reset(struct roomview *v)
{
	roster_clear(&v->mem);
	roster_clear(&v->names);
	v->quiet = 0;
	v->nasks = 0;
	v->count = -1;
	v->listed = 0;
	v->in_quiet = 0;
	v->topic[0] = v->topic_by[0] = '\0';
}

int
roomview_ask(struct roomview *v, int quiet)
{
	if (v->nasks >= ROOMVIEW_ASKS_MAX)
		return 0;
	if (quiet)
		v->quiet |= 1u << v->nasks;
	v->nasks++;
	return 1;
}

/* Is the oldest request in flight a quiet one? */
static int
oldest_quiet(const struct roomview *v)
{
	return v->nasks > 0 && (v->quiet & 1);
}

static void
answered(struct roomview *v)
{
	if (v->nasks > 0) {
		v->quiet >>= 1;
		v->nasks--;
	}
}

/* Once the list is filled from a names reply it is the count: a join
 * told after the reply (already in it) then counts once. */
static void
recount(struct roomview *v)
{
	if (v->track && v->listed)
		v->count = (long)v->mem.n;
}

int
roomview_msg(struct roomview *v, const struct msg *m, const char *self)
{
	int me = m->s[0].len && nick_eq(m->s[0].p, m->s[0].len, self);

	switch (m->type) {
	case MSG_WELCOME:
		v->count = m->num; /* everyone, us included */
		v->self_pending = 1;
		return v->track ? ROOMVIEW_ASK : 0;
	case MSG_JOIN:
		/* Joins told after our welcome may be of members it counted
		 * already: once the names list came, the list decides. */
		if (me)
			v->self_pending = 0;
		else if (v->count >= 0)
			v->count++;
		if (v->track)
			roster_add(&v->mem, m->s[0].p, m->s[0].len);
		recount(v);
		return 0;
	case MSG_JOINS:
		/* The first burst after our welcome has our own join in it;
		 * the names asked for then settle the rest. */
		if (v->count >= 0)
			v->count += m->num - (v->self_pending && m->num ? 1 : 0);
		v->self_pending = 0;
		return v->track ? ROOMVIEW_ASK : 0; /* the burst named a few */
	case MSG_LEAVE:
		if (v->count > 0)
			v->count--;
		roster_del(&v->mem, m->s[0].p, m->s[0].len);
		recount(v);
		return 0;
	case MSG_RENAME:
		if (v->track) {
			roster_del(&v->mem, m->s[0].p, m->s[0].len);
			roster_add(&v->mem, m->s[1].p, m->s[1].len);
		}
		return 0;
	case MSG_NAME:
		if (!oldest_quiet(v))
			return 0;
		roster_push(&v->names, m->s[0].p, m->s[0].len);
		v->in_quiet = 1;
		return ROOMVIEW_HIDE;
	case MSG_AWAY_IS:
		/* In a names reply it follows that member's entry. */
		return v->in_quiet ? ROOMVIEW_HIDE : 0;
	case MSG_TOPIC_IS:
		snprintf(v->topic, sizeof v->topic, "%.*s", (int)m->s[1].len,
		    m->s[1].p);
		snprintf(v->topic_by, sizeof v->topic_by, "%.*s",
		    (int)(m->s[0].len > NICK_MAX ? NICK_MAX : m->s[0].len),
		    m->s[0].p);
		return 0;
	case MSG_NAMES_END:
		v->in_quiet = 0;
		v->count = m->num;
		if (!oldest_quiet(v)) {
			answered(v);
			return 0;
		}
		roster_sort(&v->names);
		roster_swap(&v->mem, &v->names);
		roster_clear(&v->names);
		answered(v);
		v->listed = 1;
		recount(v);
		return ROOMVIEW_HIDE | ROOMVIEW_LISTED;
	}
	return 0;
}

void
roomview_topic_line(const struct roomview *v, char *buf, size_t size)
{
	char text[3 * MSG_TOPIC_MAX + 1], by[3 * NICK_MAX + 1];
	if (v->topic[0] == '\0') {
		snprintf(buf, size, "no topic is set; /topic TEXT sets one");
		return;
	}
	text_sanitize(v->topic, strlen(v->topic), text, sizeof text);
	text_sanitize(v->topic_by, strlen(v->topic_by), by, sizeof by);
	snprintf(buf, size, "topic: %s (set by %s)", text, by);
}
