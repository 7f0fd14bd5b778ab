/* dial: connecting to HOST:PORT the way a chat client wants: resolve the
 * name, then try each address in turn until one answers, and tune the
 * socket (no Nagle delay; keepalive, so a vanished peer is noticed). It
 * knows nothing of lanchat: the connected bufferevent is handed over. */
#ifndef DIAL_H
#define DIAL_H

#include <stddef.h>

#include <event2/bufferevent.h>
#include <event2/event.h>

#include "net.h"

/* Called once per dial_start: with the connected bufferevent (now the
 * callee's), or with NULL and a sentence saying why none answered. */
typedef void dial_fn(void *arg, struct bufferevent *bev, const char *err);

enum {
	DIAL_OK = 0,
	DIAL_NOHOST = -1, /* the name does not exist: trying again is no use */
	DIAL_AGAIN = -2,  /* it cannot be looked up now, or no socket */
};

struct dial;

struct dial *dial_new(struct event_base *base, dial_fn *fn, void *arg);
void dial_free(struct dial *d);
/* Resolves host and starts connecting; a DIAL_ code, with a sentence in
 * err when it is not DIAL_OK (fn is then not called). */
int dial_start(struct dial *d, const char *host, const char *port,
    char *err, size_t errlen);
/* Gives up the attempt under way, if any. */
void dial_stop(struct dial *d);
int dial_busy(const struct dial *d);
/* The address tried last, "1.2.3.4:2428" or "[::1]:2428". */
const char *dial_addr(const struct dial *d);

#endif
