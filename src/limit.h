/* limit: every limit and timer of the room server, its default, and how
 * it is set by name ("ping", "rate"...) from an option or a settings line
 * (lanchatd(8), doc/protocol.md "Limits"). Pure. Times are kept in
 * milliseconds and given in seconds, fractions allowed. */
#ifndef LIMIT_H
#define LIMIT_H

#include <stddef.h>
#include <stdint.h>

#include "guard.h"
#include "net.h"
#include "rate.h"

#define LIMIT_PING_MS 60000        /* a silent framed member is pinged */
#define LIMIT_PING_TIMEOUT_MS 20000 /* then dropped if still silent */
#define LIMIT_JOIN_MS 10000        /* a framed client must say hello by then */
#define LIMIT_LINE_MS 30000        /* a line begun must end by then */
#define LIMIT_PER_ADDR 8           /* connections at once per address */
#define LIMIT_CONNECTS 5           /* new connections a second per address */
#define LIMIT_CONNECTS_BURST 10
#define LIMIT_GUESSES 5            /* wrong room secrets a minute per */
#define LIMIT_GUESSES_BURST 10     /* address (a private room) */
#define LIMIT_LINES 5              /* messages a second per member */
#define LIMIT_LINES_BURST 10
#define LIMIT_BYTES 4096           /* bytes a second per member */
#define LIMIT_BYTES_BURST 20480
#define LIMIT_ERRORS 2             /* error replies a second per member */
#define LIMIT_ERRORS_BURST 10
#define LIMIT_FLOOD_MS 30000       /* throttled this long, no pause: cut */
#define LIMIT_LOSS_NOTICE_MS 10000 /* at most one UDP loss notice per
                                       member this often */
#define LIMIT_UDP_EXPIRE_MS 60000  /* a silent UDP registration ends */
#define LIMIT_BACKLOG 100          /* messages a joiner is shown */
#define LIMIT_BACKLOG_AGE 86400    /* seconds: none older is shown */
#define LIMIT_BACKLOG_MAX 100000   /* the most the backlog may keep */
#define LIMIT_HISTORY_FILE (16 * 1024 * 1024) /* bytes before rotating */
#define LIMIT_FIND 5               /* room-finding answers a second, */
#define LIMIT_FIND_BURST 10        /* to one source */
#define LIMIT_FIND_TOTAL 200       /* ... and to all of them */
#define LIMIT_FIND_TOTAL_BURST 400

struct limits {
	long max_clients;             /* members at once; 0: descriptors */
	int ping_ms, ping_timeout_ms; /* ping_ms 0: no pings */
	struct net_keepalive ka;
	int join_ms, line_ms;
	struct guard_limits guard;
	struct rate_limit lines, bytes, errors;
	int flood_ms;
	int loss_notice_ms;
	int udp_expire_ms;
	uint32_t backlog, backlog_age; /* 0 age: no age limit */
	uint32_t history_max; /* bytes of the history file before rotating */
	struct rate_limit find, find_total; /* answers to room-finding queries */
};

void limit_default(struct limits *l);
/* Sets the limit called name from text; -1 with a sentence in why for an
 * unknown name or a bad value. */
int limit_set(struct limits *l, const char *name, const char *value,
    char *why, size_t whylen);
/* Calls fn with each limit's name, its value now as text, and a line of
 * help (for --help, the settings file and logs). */
void limit_each(const struct limits *l,
    void (*fn)(void *arg, const char *name, const char *value,
    const char *help), void *arg);

#endif
