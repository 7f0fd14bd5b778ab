/* roomview: the member list, and which names replies are ours. */
#include "config.h"

#include "roomview.h"

void
roomview_init(struct roomview *v, int track)
{
	*v = (struct roomview){ .track = track };
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

int
roomview_msg(struct roomview *v, const struct msg *m)
{
	switch (m->type) {
	case MSG_WELCOME:
		return v->track ? ROOMVIEW_ASK : 0;
	case MSG_JOIN:
		if (v->track)
			roster_add(&v->mem, m->s[0].p, m->s[0].len);
		return 0;
	case MSG_JOINS:
		return v->track ? ROOMVIEW_ASK : 0; /* the burst named a few */
	case MSG_LEAVE:
		roster_del(&v->mem, m->s[0].p, m->s[0].len);
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
		return ROOMVIEW_HIDE;
	case MSG_NAMES_END:
		if (!oldest_quiet(v)) {
			answered(v);
			return 0;
		}
		roster_sort(&v->names);
		roster_swap(&v->mem, &v->names);
		roster_clear(&v->names);
		answered(v);
		return ROOMVIEW_HIDE;
	}
	return 0;
}
