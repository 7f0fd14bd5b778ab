/* outbox: frames queued, paced and written. */
#include "config.h"

#include "loop.h"
#include "msg.h"
#include "outbox.h"

static void on_timer(evutil_socket_t fd, short what, void *arg);

int
outbox_init(struct outbox *o, struct event_base *base, size_t max,
    void (*drained)(void *arg), void *arg)
{
	o->bev = NULL;
	o->open = o->last = o->lingering = 0;
	o->max = max;
	o->drained = drained;
	o->arg = arg;
	o->timer = evtimer_new(base, on_timer, o);
	if (pace_init(&o->pace) < 0 || o->timer == NULL)
		return -1;
	return 0;
}

void
outbox_free(struct outbox *o)
{
	pace_free(&o->pace);
	if (o->timer)
		event_free(o->timer);
	o->timer = NULL;
}

static void
arm(struct outbox *o, uint64_t ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	evtimer_add(o->timer, &tv);
}

/* After the goodbye we wait for the other side, not for ourselves: the
 * linger runs while a connection is being made, while the welcome is
 * awaited, and once the goodbye is written; never while our own pace
 * holds frames back. */
static void
linger(struct outbox *o)
{
	o->lingering = 1;
	arm(o, o->linger_ms);
}

/* Sends what the room's rates allow now; the timer sends the rest. */
static void
flush(struct outbox *o)
{
	uint64_t ms = pace_pull(&o->pace, loop_now_ms(),
	    bufferevent_get_output(o->bev));
	if (ms > 0) {
		arm(o, ms);
		return;
	}
	if (o->last && !o->lingering)
		linger(o);
	if (o->drained)
		o->drained(o->arg);
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct outbox *o = arg;
	(void)fd, (void)what;
	if (o->lingering)
		o->gone(o->gone_arg);
	else if (o->open)
		flush(o);
}

void
outbox_up(struct outbox *o, struct bufferevent *bev, const void *first,
    size_t n, uint32_t frames)
{
	o->bev = bev;
	o->open = 0;
	pace_restart(&o->pace, loop_now_ms());
	bufferevent_write(bev, first, n);
	pace_charge(&o->pace, loop_now_ms(), frames, n);
	if (o->last)
		linger(o); /* for the welcome, now */
}

void
outbox_handshake(struct outbox *o, const void *frame, size_t n)
{
	if (o->bev == NULL)
		return;
	bufferevent_write(o->bev, frame, n);
	pace_charge(&o->pace, loop_now_ms(), 1, n);
}

void
outbox_open(struct outbox *o)
{
	if (o->bev == NULL || o->open)
		return;
	o->open = 1;
	o->lingering = 0;
	evtimer_del(o->timer);
	flush(o);
}

void
outbox_down(struct outbox *o)
{
	/* Chat said and not yet sent goes on the next connection; the
	 * rest (pongs, a quit) belonged to this one. */
	static const uint8_t kept[] = { MSG_SAY, MSG_ACT, MSG_TELL };
	if (o->bev)
		pace_keep(&o->pace, kept, sizeof kept);
	o->bev = NULL;
	o->open = o->last = o->lingering = 0;
	evtimer_del(o->timer);
}

void
outbox_last(struct outbox *o, const void *frame, size_t n, uint64_t ms,
    void (*gone)(void *arg), void *arg)
{
	o->linger_ms = ms;
	o->gone = gone;
	o->gone_arg = arg;
	o->last = 1;
	if (n == 0 || outbox_send(o, frame, n) < 0 || !o->open)
		linger(o);
}

int
outbox_send(struct outbox *o, const void *frame, size_t n)
{
	if (pace_push(&o->pace, frame, n, o->max) < 0)
		return -1;
	if (o->open && !evtimer_pending(o->timer, NULL) && !o->lingering)
		flush(o);
	return 0;
}

int
outbox_past(struct outbox *o, size_t n)
{
	return o->open && !o->lingering &&
	    pace_take(&o->pace, loop_now_ms(), n);
}

void
outbox_limits(struct outbox *o, const char *text, size_t len)
{
	pace_set(&o->pace, text, len, loop_now_ms());
}

size_t
outbox_waiting(const struct outbox *o)
{
	return pace_frames(&o->pace);
}

size_t
outbox_bytes(const struct outbox *o)
{
	return pace_bytes(&o->pace);
}
