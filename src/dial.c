/* dial: getaddrinfo, then one nonblocking connect after another. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dial.h"

struct dial {
	struct event_base *base;
	dial_fn *fn;
	void *arg;
	char host[NET_HOST_MAX], port[16];
	struct addrinfo *ai, *next; /* addresses left to try */
	struct bufferevent *bev;    /* the attempt under way */
	char addr[NET_ADDR_MAX];
	char lasterr[128];
};

struct dial *
dial_new(struct event_base *base, dial_fn *fn, void *arg)
{
	struct dial *d = calloc(1, sizeof *d);
	if (d) {
		d->base = base;
		d->fn = fn;
		d->arg = arg;
	}
	return d;
}

void
dial_stop(struct dial *d)
{
	if (d->bev)
		bufferevent_free(d->bev);
	d->bev = NULL;
	if (d->ai)
		freeaddrinfo(d->ai);
	d->ai = d->next = NULL;
}

void
dial_free(struct dial *d)
{
	if (d == NULL)
		return;
	dial_stop(d);
	free(d);
}

int
dial_busy(const struct dial *d)
{
	return d->bev != NULL;
}

const char *
dial_addr(const struct dial *d)
{
	return d->addr;
}

static void on_event(struct bufferevent *bev, short what, void *arg);

/* Starts connecting to the next address; -1 when none is left. */
static int
try_next(struct dial *d)
{
	while (d->next) {
		struct addrinfo *ai = d->next;
		d->next = ai->ai_next;
		if (d->bev)
			bufferevent_free(d->bev);
		d->bev = bufferevent_socket_new(d->base, -1,
		    BEV_OPT_CLOSE_ON_FREE);
		if (d->bev == NULL) {
			snprintf(d->lasterr, sizeof d->lasterr, "out of memory");
			return -1;
		}
		bufferevent_setcb(d->bev, NULL, NULL, on_event, d);
		net_addr_str(ai->ai_addr, d->addr, sizeof d->addr);
		if (bufferevent_socket_connect(d->bev, ai->ai_addr,
		    ai->ai_addrlen) == 0)
			return 0;
		snprintf(d->lasterr, sizeof d->lasterr, "%s", strerror(errno));
	}
	if (d->bev)
		bufferevent_free(d->bev);
	d->bev = NULL;
	return -1;
}

static void
on_event(struct bufferevent *bev, short what, void *arg)
{
	struct dial *d = arg;
	char why[NET_HOST_MAX + 200];

	if (what & BEV_EVENT_CONNECTED) {
		d->bev = NULL;
		net_tune(bufferevent_getfd(bev), NULL);
		bufferevent_setcb(bev, NULL, NULL, NULL, NULL);
		dial_stop(d);
		d->fn(d->arg, bev, NULL);
		return;
	}
	if (what & (BEV_EVENT_ERROR | BEV_EVENT_EOF)) {
		snprintf(d->lasterr, sizeof d->lasterr, "%s",
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
		if (try_next(d) == 0)
			return;
		snprintf(why, sizeof why, "cannot connect to %s port %s: %s",
		    d->host, d->port, d->lasterr);
		dial_stop(d);
		d->fn(d->arg, NULL, why);
	}
}

int
dial_start(struct dial *d, const char *host, const char *port, char *err,
    size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
	    .ai_flags = AI_ADDRCONFIG };
	int rc;

	dial_stop(d);
	snprintf(d->host, sizeof d->host, "%s", host);
	snprintf(d->port, sizeof d->port, "%s", port);
	rc = getaddrinfo(host, port, &hints, &d->ai);
	if (rc != 0 && rc != EAI_SYSTEM) {
		/* AI_ADDRCONFIG hides ::1 on a host with only loopback. */
		hints.ai_flags = 0;
		rc = getaddrinfo(host, port, &hints, &d->ai);
	}
	if (rc != 0) {
		snprintf(err, errlen, "cannot find host %s: %s", host,
		    gai_strerror(rc));
		d->ai = NULL;
		return rc == EAI_NONAME || rc == EAI_SERVICE ? DIAL_NOHOST :
		    DIAL_AGAIN;
	}
	d->next = d->ai;
	snprintf(d->lasterr, sizeof d->lasterr, "no address");
	if (try_next(d) < 0) {
		snprintf(err, errlen, "cannot connect to %s port %s: %s",
		    host, port, d->lasterr);
		dial_stop(d);
		return DIAL_AGAIN;
	}
	return DIAL_OK;
}
