/* retry: backoff, a countdown, and failures counted, not repeated. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "retry.h"

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct retry *r = arg;
	(void)fd, (void)what;
	evtimer_del(r->tick);
	r->go(r->arg);
}

static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct retry *r = arg;
	(void)fd, (void)what;
	r->each(r->arg);
}

int
retry_init(struct retry *r, struct event_base *base, void (*go)(void *arg),
    void (*each)(void *arg), void *arg)
{
	memset(r, 0, sizeof *r);
	r->go = go;
	r->each = each;
	r->arg = arg;
	r->timer = evtimer_new(base, on_timer, r);
	r->tick = event_new(base, -1, EV_PERSIST, on_tick, r);
	return r->timer && r->tick ? 0 : -1;
}

void
retry_free(struct retry *r)
{
	if (r->timer)
		event_free(r->timer);
	if (r->tick)
		event_free(r->tick);
	r->timer = r->tick = NULL;
}

int
retry_failed(struct retry *r, const char *why)
{
	struct timeval tv = { 0, 0 };
	int fresh = r->tries == 0 || strcmp(why, r->why) != 0;
	snprintf(r->why, sizeof r->why, "%s", why);
	r->tries++;
	r->backoff = r->backoff ? r->backoff * 2 : 1;
	if (r->backoff > RETRY_MAX_S)
		r->backoff = RETRY_MAX_S;
	r->at = time(NULL) + r->backoff;
	tv.tv_sec = r->backoff;
	evtimer_add(r->timer, &tv);
	if (r->each) {
		struct timeval second = { 1, 0 };
		evtimer_add(r->tick, &second);
		r->each(r->arg);
	}
	return fresh;
}

void
retry_stop(struct retry *r)
{
	evtimer_del(r->timer);
	evtimer_del(r->tick);
}

unsigned
retry_done(struct retry *r)
{
	unsigned n = r->tries;
	retry_stop(r);
	r->tries = 0;
	r->backoff = 0;
	r->why[0] = '\0';
	return n;
}

long
retry_left(const struct retry *r)
{
	long left = (long)(r->at - time(NULL));
	return left > 0 ? left : 0;
}

void
retry_state(const struct retry *r, char *buf, size_t size)
{
	if (r->tries > 1)
		snprintf(buf, size, "reconnecting in %lds, %u tries",
		    retry_left(r), r->tries);
	else
		snprintf(buf, size, "reconnecting in %lds", retry_left(r));
}
