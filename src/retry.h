/* retry: trying a room again after a failure, for both frontends. The
 * wait doubles from one second up to RETRY_MAX_S; a failure for the same
 * reason as the last is counted rather than told again, so a server that
 * stays down costs one line and a count, not a screenful. */
#ifndef RETRY_H
#define RETRY_H

#include <stddef.h>
#include <time.h>

#include <event2/event.h>

#define RETRY_MAX_S 30 /* seconds between tries, at most */

struct retry {
	struct event *timer, *tick;
	int backoff;      /* seconds of the wait now running */
	time_t at;        /* when the next try is */
	unsigned tries;   /* failures in a row */
	char why[256];    /* the last one's reason */
	void (*go)(void *arg);   /* time to try */
	void (*each)(void *arg); /* once a second while waiting; may be NULL */
	void *arg;
};

int retry_init(struct retry *r, struct event_base *base,
    void (*go)(void *arg), void (*each)(void *arg), void *arg);
void retry_free(struct retry *r);
/* A try failed: the next is scheduled. Returns 1 when why differs from
 * the last failure's (worth telling), 0 when it is the same again. */
int retry_failed(struct retry *r, const char *why);
/* No more tries for now (the user will say); the count is kept. */
void retry_stop(struct retry *r);
/* In the room: the next failure starts from one second again. Returns
 * the failures there were before (to say "after 5 tries"). */
unsigned retry_done(struct retry *r);
/* Seconds until the next try. */
long retry_left(const struct retry *r);
/* The wait as the status bar says it: "reconnecting in 8s, 5 tries". */
void retry_state(const struct retry *r, char *buf, size_t size);

#endif
