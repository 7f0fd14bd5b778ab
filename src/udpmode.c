/* udpmode: UDP mode of the client core. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loop.h"
#include "nick.h"
#include "rxwin.h"
#include "ulink.h"
#include "udpmode.h"

struct udpmode {
	struct event_base *base;
	const struct udpmode_ops *ops;
	void *arg;
	struct ulink *ul;
	enum { U_OFF, U_ASKING, U_REGISTERING, U_ON, U_LEAVING } st;
	int want, joined, tcpfd;
	char server[80];
	uint32_t seq;          /* our datagrams' sequence */
	uint64_t start, reg;   /* when UDP was asked for; last registration */
	struct event *tick;
	struct rxwins rx;      /* one window per sender we get datagrams from */
};

static void
info(struct udpmode *u, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
info(struct udpmode *u, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	u->ops->info(u->arg, buf);
}

static void
send_tcp(struct udpmode *u, int type)
{
	struct msg m = { .type = type };
	u->ops->send_tcp(u->arg, &m);
}

struct udpmode *
udpmode_new(struct event_base *base, const struct udpmode_ops *ops, void *arg)
{
	struct udpmode *u = calloc(1, sizeof *u);
	if (u) {
		u->base = base;
		u->ops = ops;
		u->arg = arg;
	}
	return u;
}

/* Back to plain TCP: the link, the timer and the windows go. */
static void
stop(struct udpmode *u)
{
	ulink_free(u->ul);
	u->ul = NULL;
	u->st = U_OFF;
	rxwins_clear(&u->rx);
	if (u->tick)
		event_free(u->tick);
	u->tick = NULL;
}

void
udpmode_free(struct udpmode *u)
{
	if (u == NULL)
		return;
	stop(u);
	rxwins_free(&u->rx);
	free(u);
}

void
udpmode_drop(struct udpmode *u)
{
	stop(u);
	u->joined = 0;
}

static void
say_lost(void *arg, const char *nick, uint32_t n)
{
	struct udpmode *u = arg;
	if (n)
		u->ops->loss(u->arg, nick, n, 1);
}

/* A datagram from the server. */
static void
on_dgram(void *arg, const struct msg *m)
{
	struct udpmode *u = arg;
	uint64_t now = loop_now_ms();

	if (m->type == MSG_UCHAL) {
		/* The server checks that this address is ours before it
		 * sends it anything more. */
		if (u->st != U_OFF && m->num == ulink_session(u->ul) &&
		    m->s[0].len == MSG_CHAL_LEN)
			ulink_prove(u->ul, &m->s[0]);
		return;
	}
	if (m->type == MSG_UACK) {
		if (u->st == U_REGISTERING) {
			u->st = U_ON;
			info(u, "UDP mode: your messages travel as datagrams "
			    "now; any that go missing will be shown");
		}
		return;
	}
	if (u->st != U_ON && u->st != U_LEAVING)
		return;
	struct msg out;
	uint32_t lost = 0, opened = 0;
	int show = rxwins_take(&u->rx, m, now, &out, &lost, &opened);
	if (lost || opened) {
		char nick[NICK_MAX + 1];
		snprintf(nick, sizeof nick, "%.*s", (int)(m->s[0].len >
		    NICK_MAX ? NICK_MAX : m->s[0].len), m->s[0].p);
		say_lost(u, nick, lost);
		if (opened) /* before the line after the gap is shown */
			u->ops->loss(u->arg, nick, opened, 0);
	}
	if (show)
		u->ops->msg(u->arg, &out);
}

static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct udpmode *u = arg;
	uint64_t now = loop_now_ms();
	(void)fd, (void)what;

	if ((u->st == U_ASKING || u->st == U_REGISTERING) &&
	    now - u->start >= UDPMODE_WAIT_MS) {
		stop(u);
		u->want = 0;
		send_tcp(u, MSG_UDP_OFF);
		info(u, "UDP does not get through to %s (no answer in %d "
		    "seconds); staying on TCP", u->server,
		    UDPMODE_WAIT_MS / 1000);
		return;
	}
	if ((u->st == U_REGISTERING && now - u->reg >= UDPMODE_RETRY_MS) ||
	    (u->st == U_ON && now - u->reg >= UDPMODE_KEEP_MS)) {
		ulink_register(u->ul);
		u->reg = now;
	}
	rxwins_expire(&u->rx, now, say_lost, u);
}

static void
credentials(struct udpmode *u, const struct msg *m)
{
	char err[256];
	if (u->st != U_ASKING || m->s[0].len != MSG_TOKEN_LEN)
		return;
	u->ul = ulink_new(u->base, u->tcpfd, m->num, m->s[0].p, on_dgram, u,
	    err, sizeof err);
	if (u->ul == NULL) {
		stop(u);
		send_tcp(u, MSG_UDP_OFF);
		info(u, "%s; staying on TCP", err);
		return;
	}
	u->st = U_REGISTERING;
	u->reg = loop_now_ms();
	ulink_register(u->ul);
}

static void
ask(struct udpmode *u)
{
	struct timeval tv = { 0, 250000 };
	if (u->st != U_OFF)
		return;
	u->tick = event_new(u->base, -1, EV_PERSIST, on_tick, u);
	if (u->tick == NULL || evtimer_add(u->tick, &tv) < 0) {
		info(u, "out of memory; staying on TCP");
		return;
	}
	u->st = U_ASKING;
	u->start = loop_now_ms();
	send_tcp(u, MSG_UDP_REQ);
}

void
udpmode_set(struct udpmode *u, int on, int joined)
{
	u->joined = joined;
	if (!on) {
		u->want = 0;
		if (u->st == U_ON && joined) {
			/* Keep listening until the server says it has stopped
			 * sending datagrams (udp-end), so none in flight is
			 * lost. */
			u->st = U_LEAVING;
			send_tcp(u, MSG_UDP_OFF);
			return;
		}
		if (u->st != U_OFF && joined)
			send_tcp(u, MSG_UDP_OFF);
		stop(u);
		info(u, "TCP mode: your messages travel on the connection");
		return;
	}
	u->want = 1;
	if (!joined)
		info(u, "UDP mode once in the room");
	else
		ask(u);
}

void
udpmode_joined(struct udpmode *u, int tcpfd, const char *server)
{
	u->joined = 1;
	u->tcpfd = tcpfd;
	snprintf(u->server, sizeof u->server, "%s", server);
	if (u->want)
		ask(u);
}

int
udpmode_tcp(struct udpmode *u, const struct msg *m)
{
	switch (m->type) {
	case MSG_UDP_CRED:
		credentials(u, m);
		return 1;
	case MSG_UDP_END:
		/* Datagrams the server sent before this went out before it:
		 * take what has arrived, then close. */
		ulink_drain(u->ul);
		if (u->st == U_LEAVING)
			info(u, "TCP mode: your messages travel on the "
			    "connection");
		else
			info(u, "back to TCP: %.*s", m->s[0].len, m->s[0].p);
		stop(u);
		u->want = 0;
		return 1;
	case MSG_RENAME: /* the sender's window follows its new nick */
		rxwins_rename(&u->rx, &m->s[0], &m->s[1]);
		return 0;
	}
	return 0;
}

int
udpmode_on(const struct udpmode *u)
{
	return u->st == U_ON;
}

int
udpmode_say(struct udpmode *u, int act, const char *text, size_t len)
{
	if (u->st != U_ON || ulink_say(u->ul, act, u->seq + 1, text, len) != 0)
		return 1;
	u->seq++;
	return 0;
}

const char *
udpmode_transport(const struct udpmode *u)
{
	switch (u->st) {
	case U_ON:
		return "UDP";
	case U_LEAVING:
		return "UDP>TCP";
	case U_OFF:
		return "TCP";
	default:
		return "TCP>UDP";
	}
}
