/* limit: one table row per limit: its name, where it lives in struct
 * limits, what kind of value it takes, and a line of help. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limit.h"

void
limit_default(struct limits *l)
{
	*l = (struct limits){
		.ping_ms = LIMIT_PING_MS,
		.ping_timeout_ms = LIMIT_PING_TIMEOUT_MS,
		.ka = { NET_KEEPIDLE_S, NET_KEEPINTVL_S, NET_KEEPCNT },
		.join_ms = LIMIT_JOIN_MS,
		.line_ms = LIMIT_LINE_MS,
		.guard = { LIMIT_PER_ADDR,
		    { LIMIT_CONNECTS, LIMIT_CONNECTS_BURST },
		    { LIMIT_GUESSES, LIMIT_GUESSES_BURST } },
		.lines = { LIMIT_LINES, LIMIT_LINES_BURST },
		.bytes = { LIMIT_BYTES, LIMIT_BYTES_BURST },
		.errors = { LIMIT_ERRORS, LIMIT_ERRORS_BURST },
		.flood_ms = LIMIT_FLOOD_MS,
		.loss_notice_ms = LIMIT_LOSS_NOTICE_MS,
		.udp_expire_ms = LIMIT_UDP_EXPIRE_MS,
		.backlog = LIMIT_BACKLOG,
		.backlog_age = LIMIT_BACKLOG_AGE,
		.history_max = LIMIT_HISTORY_FILE,
		.find = { LIMIT_FIND, LIMIT_FIND_BURST },
		.find_total = { LIMIT_FIND_TOTAL, LIMIT_FIND_TOTAL_BURST },
	};
}

enum kind {
	K_SECONDS,   /* int ms, given as seconds */
	K_RATE,      /* struct rate_limit, as N[:BURST] */
	K_COUNT,     /* uint32_t */
	K_LONG,      /* long */
	K_PING,      /* SECONDS[:TIMEOUT] into ping_ms and ping_timeout_ms */
	K_KEEPALIVE, /* IDLE,INTVL,CNT */
	K_BACKLOG,   /* N[:AGE] into backlog and backlog_age */
};

/* Sorted by name. */
static const struct {
	const char *name;
	enum kind kind;
	size_t off;
	double min, max; /* seconds, or counts */
	const char *help;
} table[] = {
	{ "backlog", K_BACKLOG, offsetof(struct limits, backlog), 0,
	    LIMIT_BACKLOG_MAX, "N[:AGE] messages a joiner is shown, none "
	    "older than AGE (seconds, or with m, h or d); 0 none" },
	{ "byte-rate", K_RATE, offsetof(struct limits, bytes), 0, 0,
	    "BYTES[:BURST] a member may send a second; 0 no limit" },
	{ "connect-rate", K_RATE, offsetof(struct limits, guard.connects), 0, 0,
	    "N[:BURST] new connections a second from one address" },
	{ "error-rate", K_RATE, offsetof(struct limits, errors), 0, 0,
	    "N[:BURST] error replies a second to one member; the rest are "
	    "dropped" },
	{ "find-rate", K_RATE, offsetof(struct limits, find), 0, 0,
	    "N[:BURST] answers to room-finding queries a second to one "
	    "source; 0 no limit" },
	{ "find-total", K_RATE, offsetof(struct limits, find_total), 0, 0,
	    "N[:BURST] answers to room-finding queries a second in all; 0 "
	    "no limit" },
	{ "flood-timeout", K_SECONDS, offsetof(struct limits, flood_ms), 0.1,
	    86400, "SECONDS a member may stay throttled without a pause "
	    "before it is cut" },
	{ "guess-rate", K_RATE, offsetof(struct limits, guard.guesses), 0, 0,
	    "N[:BURST] wrong room secrets a minute from one address; past "
	    "them it is refused until one is earned again; 0 no limit" },
	{ "history-file-max", K_COUNT, offsetof(struct limits, history_max),
	    65536, 1073741824, "BYTES of the history file before it is "
	    "rotated to FILE.1 (64 KiB to 1 GiB)" },
	{ "join-timeout", K_SECONDS, offsetof(struct limits, join_ms), 0.1,
	    3600, "SECONDS a framed client has to say hello" },
	{ "keepalive", K_KEEPALIVE, offsetof(struct limits, ka), 0, 0,
	    "IDLE,INTVL,CNT TCP keepalive: seconds idle, seconds between "
	    "probes, probes" },
	{ "line-timeout", K_SECONDS, offsetof(struct limits, line_ms), 0.1,
	    3600, "SECONDS a line client has to end a line it began" },
	{ "loss-notice", K_SECONDS, offsetof(struct limits, loss_notice_ms), 0,
	    86400, "SECONDS between UDP loss notices about one member" },
	{ "max-clients", K_LONG, offsetof(struct limits, max_clients), 0,
	    10000000, "N members at once; 0 as descriptors allow" },
	{ "per-address", K_COUNT, offsetof(struct limits, guard.per_addr), 0,
	    1000000, "N connections at once from one address (IPv6: one "
	    "/64); 0 no limit" },
	{ "ping", K_PING, offsetof(struct limits, ping_ms), 0, 86400,
	    "SECONDS[:TIMEOUT] ping a silent member after SECONDS, drop it "
	    "TIMEOUT later; 0 no pings" },
	{ "rate", K_RATE, offsetof(struct limits, lines), 0, 0,
	    "N[:BURST] messages a member may send a second; 0 no limit" },
	{ "udp-expire", K_SECONDS, offsetof(struct limits, udp_expire_ms), 0.1,
	    86400, "SECONDS a UDP registration may stay silent" },
};

/* Seconds, fractions allowed, as milliseconds. */
static int
seconds(const char *s, int *ms, double min, double max)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end != '\0' || errno || !(v >= min && v <= max))
		return -1; /* NaN fails the range test too */
	*ms = (int)(v * 1000 + 0.5);
	return 0;
}

static int
number(const char *s, long *out, double min, double max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* "A[:B]": A copied into a (NUL-terminated), B returned, or NULL when
 * there is no colon; -1 when A does not fit. */
static int
split_colon(const char *v, char *a, size_t size, const char **b)
{
	const char *colon = strchr(v, ':');
	size_t n = colon ? (size_t)(colon - v) : strlen(v);
	if (n >= size)
		return -1;
	memcpy(a, v, n);
	a[n] = '\0';
	*b = colon ? colon + 1 : NULL;
	return 0;
}

static int
set_ping(struct limits *l, const char *v, double max)
{
	char a[32];
	const char *colon;
	int ping, timeout = l->ping_timeout_ms;
	if (split_colon(v, a, sizeof a, &colon) < 0)
		return -1;
	if (seconds(a, &ping, 0, max) < 0 ||
	    (colon && seconds(colon, &timeout, 0.1, max) < 0))
		return -1;
	l->ping_ms = ping;
	l->ping_timeout_ms = timeout;
	return 0;
}

/* An age: seconds, or minutes, hours or days with m, h or d. */
static int
age(const char *s, uint32_t *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	unsigned long unit = 1;
	if (end == s || *s == '-' || errno)
		return -1;
	switch (*end) {
	case 'd': unit *= 24; /* FALLTHROUGH */
	case 'h': unit *= 60; /* FALLTHROUGH */
	case 'm': unit *= 60; /* FALLTHROUGH */
	case 's': end++;
	}
	if (*end != '\0' || v > 3650UL * 86400 / unit)
		return -1;
	*out = (uint32_t)(v * unit);
	return 0;
}

static int
set_backlog(struct limits *l, const char *v, double max)
{
	char a[32];
	const char *colon;
	long count;
	uint32_t secs = l->backlog_age;
	if (split_colon(v, a, sizeof a, &colon) < 0 ||
	    number(a, &count, 0, max) < 0 || (colon && age(colon, &secs) < 0))
		return -1;
	l->backlog = (uint32_t)count;
	l->backlog_age = secs;
	return 0;
}

int
limit_set(struct limits *l, const char *name, const char *value, char *why,
    size_t whylen)
{
	for (size_t i = 0; i < nitems(table); i++) {
		if (strcmp(table[i].name, name) != 0)
			continue;
		void *at = (char *)l + table[i].off;
		long n = 0;
		int rc = -1;
		switch (table[i].kind) {
		case K_SECONDS:
			rc = seconds(value, at, table[i].min, table[i].max);
			break;
		case K_RATE:
			rc = rate_parse(value, at);
			break;
		case K_COUNT:
			if ((rc = number(value, &n, table[i].min,
			    table[i].max)) == 0)
				*(uint32_t *)at = (uint32_t)n;
			break;
		case K_LONG:
			rc = number(value, at, table[i].min, table[i].max);
			break;
		case K_PING:
			rc = set_ping(l, value, table[i].max);
			break;
		case K_KEEPALIVE:
			rc = net_keepalive_parse(value, at);
			break;
		case K_BACKLOG:
			rc = set_backlog(l, value, table[i].max);
			break;
		}
		if (rc == 0)
			return 0;
		snprintf(why, whylen, "bad %s \"%s\": give %s", name, value,
		    table[i].help);
		return -1;
	}
	snprintf(why, whylen, "unknown setting \"%s\"", name);
	return -1;
}

static void
show_seconds(char *buf, size_t n, int ms)
{
	if (ms % 1000)
		snprintf(buf, n, "%g", ms / 1000.0);
	else
		snprintf(buf, n, "%d", ms / 1000);
}

void
limit_each(const struct limits *l,
    void (*fn)(void *arg, const char *name, const char *value,
    const char *help), void *arg)
{
	char buf[64], t[24];
	for (size_t i = 0; i < nitems(table); i++) {
		const void *at = (const char *)l + table[i].off;
		const struct rate_limit *r = at;
		const struct net_keepalive *ka = at;
		switch (table[i].kind) {
		case K_SECONDS:
			show_seconds(buf, sizeof buf, *(const int *)at);
			break;
		case K_RATE:
			snprintf(buf, sizeof buf, "%u:%u", r->rate, r->burst);
			break;
		case K_COUNT:
			snprintf(buf, sizeof buf, "%u", *(const uint32_t *)at);
			break;
		case K_LONG:
			snprintf(buf, sizeof buf, "%ld", *(const long *)at);
			break;
		case K_PING:
			show_seconds(t, sizeof t, l->ping_timeout_ms);
			show_seconds(buf, sizeof buf - sizeof t - 1, l->ping_ms);
			strcat(buf, ":");
			strcat(buf, t);
			break;
		case K_KEEPALIVE:
			snprintf(buf, sizeof buf, "%d,%d,%d", ka->idle,
			    ka->intvl, ka->cnt);
			break;
		case K_BACKLOG:
			snprintf(buf, sizeof buf, "%u:%u", l->backlog,
			    l->backlog_age);
			break;
		}
		fn(arg, table[i].name, buf, table[i].help);
	}
}
