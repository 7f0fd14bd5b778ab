/* client: one connection to a room, spoken in frames. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "alive.h"
#include "client.h"
#include "dial.h"
#include "frame.h"
#include "history.h"
#include "ignore.h"
#include "inbox.h"
#include "loop.h"
#include "outbox.h"
#include "roomview.h"
#include "udpmode.h"
#include "text.h"
#include "typed.h"

struct client {
	struct event_base *base;
	const struct client_ops *ops;
	void *arg;
	char host[NET_HOST_MAX], port[16], want[NICK_MAX + 1];
	char nick[NICK_MAX + 1];
	char server[NET_ADDR_MAX];
	struct dial *dial;       /* connecting */
	struct bufferevent *bev; /* connected */
	struct outbox out; /* what we send, at the room's pace */
	int up;
	struct inbox in;   /* what we read: the greeting, then frames */
	int joined, quitting;
	int commands; /* the frontend's own, listed by /help */
	int refusal; /* the error code that ended the last handshake */
	struct udpmode *um; /* UDP mode, beside this connection */
	struct roomview view; /* who is in the room */
	struct ignore ign;    /* whose lines we hide */
	struct history hist;  /* the last message seen, and replays */
	struct alive al;      /* is the server still there? */
	struct event *live;   /* checks al while connected */
};

static void on_event(struct bufferevent *bev, short what, void *arg);
static void on_dialed(void *arg, struct bufferevent *bev, const char *err);
static void on_read(struct bufferevent *bev, void *arg);
static void on_live(evutil_socket_t fd, short what, void *arg);
static int um_send(void *arg, const struct msg *m);
static void info_line(void *arg, const char *text);
static void um_msg(void *arg, const struct msg *m);

static void um_loss(void *arg, const char *nick, uint32_t n, int certain);
static int ignored(const struct client *c, const struct msg *m);

static const struct udpmode_ops um_ops = { um_send, info_line, um_msg,
	um_loss };

struct client *
client_new(struct event_base *base, const struct client_opts *o,
    const struct client_ops *ops, void *arg)
{
	struct client *c = calloc(1, sizeof *c);
	if (c == NULL)
		return NULL;
	c->base = base;
	c->ops = ops;
	c->arg = arg;
	snprintf(c->host, sizeof c->host, "%s", o->host);
	snprintf(c->port, sizeof c->port, "%s", o->port);
	snprintf(c->want, sizeof c->want, "%s", o->nick);
	roomview_init(&c->view, o->track_members);
	ignore_init(&c->ign);
	c->commands = o->commands;
	c->hist.off = o->no_history;
	inbox_init(&c->in);
	alive_init(&c->al, o->ping_ms, o->ping_timeout_ms, 0);
	c->um = udpmode_new(base, &um_ops, c);
	c->dial = dial_new(base, on_dialed, c);
	c->live = event_new(base, -1, EV_PERSIST, on_live, c);
	if (outbox_init(&c->out, base, CLIENT_QUEUE_MAX, ops->drained, arg) < 0 ||
	    c->um == NULL || c->dial == NULL || c->live == NULL) {
		client_free(c);
		return NULL;
	}
	if (o->udp)
		udpmode_set(c->um, 1, 0);
	return c;
}

static void
drop_conn(struct client *c)
{
	outbox_down(&c->out);
	if (c->um)
		udpmode_drop(c->um);
	if (c->dial)
		dial_stop(c->dial);
	if (c->live)
		evtimer_del(c->live);
	if (c->bev)
		bufferevent_free(c->bev);
	c->bev = NULL;
	inbox_reset(&c->in);
	c->joined = 0;
	c->up = 0;
	roomview_reset(&c->view);
}

void
client_free(struct client *c)
{
	if (c == NULL)
		return;
	drop_conn(c);
	outbox_free(&c->out);
	roomview_free(&c->view);
	udpmode_free(c->um);
	dial_free(c->dial);
	if (c->live)
		event_free(c->live);
	free(c);
}

const char *
client_nick(const struct client *c)
{
	return c->joined ? c->nick : c->want;
}

const char *
client_server(const struct client *c)
{
	return c->server;
}

int
client_is_joined(const struct client *c)
{
	return c->joined;
}

int
client_refusal(const struct client *c)
{
	return c->refusal;
}

int
client_is_connecting(const struct client *c)
{
	return c->bev != NULL || dial_busy(c->dial);
}

const struct roomview *
client_view(const struct client *c)
{
	return &c->view;
}

static void
info(struct client *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
info(struct client *c, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	c->ops->info(c->arg, buf);
}

static void
closed(struct client *c, int fatal, const char *why)
{
	drop_conn(c);
	c->ops->closed(c->arg, fatal, why);
}

static int
send_msg(struct client *c, const struct msg *m)
{
	uint8_t buf[FRAME_HDR + FRAME_MAX];
	int n = msg_encode(m, buf, sizeof buf);
	if (n < 0) {
		info(c, "message too long to send; nothing was sent");
		return -1;
	}
	if (outbox_send(&c->out, buf, (size_t)n) < 0) {
		info(c, "%s%zu bytes already wait to be sent; this was not "
		    "kept", c->up ? "" : "offline, and ", outbox_bytes(&c->out));
		return -1;
	}
	return 0;
}

/* Asks for the names list; quiet replies feed the member list and are not
 * shown. Past ROOMVIEW_ASKS_MAX in flight, no more are made. */
static void
ask_names(struct client *c, int quiet)
{
	struct msg who = { .type = MSG_WHO };
	if (roomview_ask(&c->view, quiet))
		send_msg(c, &who);
}

int
client_connect(struct client *c, char *err, size_t errlen)
{
	drop_conn(c);
	c->quitting = 0;
	return dial_start(c->dial, c->host, c->port, err, errlen);
}

/* The server has been quiet: ping it, or give up on it. */
static void
on_live(evutil_socket_t fd, short what, void *arg)
{
	struct client *c = arg;
	char why[300];
	(void)fd, (void)what;

	switch (alive_check(&c->al, loop_now_ms())) {
	case ALIVE_OK:
		break;
	case ALIVE_PING: {
		struct msg ping = { .type = MSG_PING };
		ping.s[0] = msg_str("lanchat");
		send_msg(c, &ping);
		break;
	}
	case ALIVE_GONE:
		snprintf(why, sizeof why, "the server at %s stopped answering "
		    "(nothing heard for %g seconds)", c->server,
		    (c->al.ping_ms + c->al.timeout_ms) / 1000.0);
		closed(c, 0, c->quitting ? NULL : why);
		break;
	}
}

/* Connected, or every address failed. */
static void
on_dialed(void *arg, struct bufferevent *bev, const char *err)
{
	struct client *c = arg;
	struct msg hello = { .type = MSG_HELLO }, req;

	if (bev == NULL) {
		closed(c, 1, err);
		return;
	}
	c->bev = bev;
	snprintf(c->server, sizeof c->server, "%s", dial_addr(c->dial));
	bufferevent_setcb(bev, on_read, NULL, on_event, c);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
	c->up = 1;
	c->refusal = 0;
	hello.s[0] = msg_str(c->want);
	/* The hello goes first, before anything said while offline, and
	 * the history asked for with it, to come right after the welcome. */
	uint8_t buf[FRAME_HDR + 2 + 2 + NICK_MAX + 64];
	int n = msg_encode(&hello, buf, sizeof buf), r = 0;
	if (n > 0 && history_request(&c->hist, &req))
		r = msg_encode(&req, buf + n, sizeof buf - (size_t)n);
	outbox_up(&c->out, bev, buf, n > 0 ? (size_t)(n + (r > 0 ? r : 0)) :
	    0, 1 + (r > 0));
	if (c->al.ping_ms > 0) {
		int ms = alive_period_ms(&c->al);
		struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
		alive_heard(&c->al, loop_now_ms());
		evtimer_add(c->live, &tv);
	}
}

static void
handshake_failed(struct client *c, const struct msg *m)
{
	char text[256], why[400];
	c->refusal = (int)m->num;
	text_sanitize(m->s[0].p, m->s[0].len, text, sizeof text);
	snprintf(why, sizeof why, "cannot join the room at %s: %s",
	    c->server, text);
	closed(c, 1, why);
}

/* UDP mode's ways out: the TCP connection, the user, the frontend. */
static int
um_send(void *arg, const struct msg *m)
{
	return send_msg(arg, m);
}

static void
info_line(void *arg, const char *text)
{
	struct client *c = arg;
	c->ops->info(c->arg, text);
}

static void
um_msg(void *arg, const struct msg *m)
{
	struct client *c = arg;
	struct history_event ev;
	history_take(&c->hist, m, 0, &ev); /* notes that it came */
	if (!ignored(c, m))
		c->ops->msg(c->arg, m);
}

static void
um_loss(void *arg, const char *nick, uint32_t n, int certain)
{
	struct client *c = arg;
	c->ops->loss(c->arg, nick, n, certain, nick_eq(nick, strlen(nick),
	    c->nick));
}

void
client_set_udp(struct client *c, int on)
{
	udpmode_set(c->um, on, c->joined);
}

const char *
client_transport(const struct client *c)
{
	return udpmode_transport(c->um);
}

/* Our nick as the server says it now (welcome, rename). */
static void
set_nick(struct client *c, const struct msg_str *s)
{
	if (s->len == 0 || s->len > NICK_MAX)
		return;
	memcpy(c->nick, s->p, s->len);
	c->nick[s->len] = '\0';
	memcpy(c->want, c->nick, sizeof c->want);
}

/* Keeps the little room state the core tracks, then tells the frontend. */
static int
on_msg(struct client *c, const struct msg *m)
{
	struct history_event ev;
	if (udpmode_tcp(c->um, m))
		return 0;
	switch (history_take(&c->hist, m, time(NULL), &ev)) {
	case HISTORY_SHOW:
		if (ev.item.type && ignored(c, &ev.item))
			ev.item.type = 0;
		c->ops->history(c->arg, &ev);
		/* FALLTHROUGH */
	case HISTORY_DONE:
		return 0;
	case HISTORY_PASS:
		break;
	}
	int view = roomview_msg(&c->view, m, client_nick(c));
	if (view & ROOMVIEW_ASK)
		ask_names(c, 1);
	if ((view & ROOMVIEW_LISTED) && c->ops->roster)
		c->ops->roster(c->arg);
	if (m->type == MSG_RENAME)
		ignore_rename(&c->ign, m->s[0].p, m->s[0].len, m->s[1].p,
		    m->s[1].len);
	if (ignored(c, m))
		return 0;
	if (view & ROOMVIEW_HIDE)
		return 0;
	switch (m->type) {
	case MSG_WELCOME:
		c->joined = 1;
		outbox_open(&c->out);
		set_nick(c, &m->s[0]);
		c->ops->msg(c->arg, m);
		c->ops->joined(c->arg);
		udpmode_joined(c->um, c->bev ? bufferevent_getfd(c->bev) : -1,
		    c->server);
		return 0;
	case MSG_ERROR:
		if (!c->joined && (m->num == ERR_NICK_TAKEN ||
		    m->num == ERR_BAD_NICK || m->num == ERR_VERSION ||
		    m->num == ERR_SERVER_FULL)) {
			handshake_failed(c, m);
			return -1;
		}
		break;
	case MSG_RENAME:
		if (nick_eq(m->s[0].p, m->s[0].len, c->nick))
			set_nick(c, &m->s[1]);
		break;
	case MSG_PING: {
		struct msg pong = { .type = MSG_PONG };
		pong.s[0] = m->s[0];
		send_msg(c, &pong);
		return 0;
	}
	case MSG_PONG:
		return 0;
	case MSG_LIMITS:
		outbox_limits(&c->out, m->s[0].p, m->s[0].len);
		return 0;
	}
	c->ops->msg(c->arg, m);
	return 0;
}

static int
take_msg(void *arg, const struct msg *m)
{
	return on_msg(arg, m);
}

/* Takes what the server sent: the greeting, then frames. */
static void
take(struct client *c, struct evbuffer *in)
{
	char why[300], text[300 + NET_ADDR_MAX + 64];
	enum inbox_result r = inbox_take(&c->in, in, take_msg, c, why,
	    sizeof why);
	if (r == INBOX_BUSY || r == INBOX_FOREIGN) {
		/* Busy for now (too many from our address) is worth trying
		 * again later; another version would meet the same. */
		c->refusal = r == INBOX_BUSY ? ERR_SERVER_FULL : ERR_VERSION;
		snprintf(text, sizeof text, "the server at %s %s%s", c->server,
		    r == INBOX_BUSY ? "refused the connection: " : "", why);
		closed(c, 1, text);
	} else if (r == INBOX_TOOBIG) {
		closed(c, !c->joined, "the server sent a frame over the size "
		    "limit");
	}
}

static void
on_read(struct bufferevent *bev, void *arg)
{
	struct client *c = arg;
	alive_heard(&c->al, loop_now_ms());
	take(c, bufferevent_get_input(bev));
}

void
client_feed(struct client *c, const void *p, size_t n)
{
	struct evbuffer *in = evbuffer_new();
	if (in && evbuffer_add(in, p, n) == 0)
		take(c, in);
	if (in)
		evbuffer_free(in);
}

static void
on_event(struct bufferevent *bev, short what, void *arg)
{
	struct client *c = arg;
	char why[600];

	if (what & BEV_EVENT_ERROR) {
		int e = EVUTIL_SOCKET_ERROR();
		snprintf(why, sizeof why, "lost the connection to %s: %s",
		    c->server, evutil_socket_error_to_string(e));
		closed(c, 0, c->quitting ? NULL : why);
		return;
	}
	if (what & BEV_EVENT_EOF) {
		on_read(bev, c);
		if (c->bev == NULL)
			return;
		if (c->quitting) {
			closed(c, 0, NULL);
			return;
		}
		snprintf(why, sizeof why, "the server at %s closed the "
		    "connection", c->server);
		closed(c, !c->joined, why);
	}
}

/* The server did not close after our goodbye: we do. */
static void
quit_timeout(void *arg)
{
	closed(arg, 0, NULL);
}

void
client_quit(struct client *c, const char *reason)
{
	struct msg quit = { .type = MSG_QUIT };
	uint8_t buf[FRAME_HDR + FRAME_MAX];

	if (c->quitting)
		return;
	/* No connection, not even one being made (before the first, or
	 * between retries): there is no one to say goodbye to. While one is
	 * being made, the goodbye waits with what else was said; once up,
	 * it follows what waits for the room's pace. */
	if (!client_is_connecting(c)) {
		drop_conn(c);
		c->ops->closed(c->arg, 0, NULL);
		return;
	}
	c->quitting = 1;
	quit.s[0] = msg_str(reason ? reason : "");
	int n = msg_encode(&quit, buf, sizeof buf);
	outbox_last(&c->out, buf, n > 0 ? (size_t)n : 0, CLIENT_QUIT_MS,
	    quit_timeout, c);
}

size_t
client_waiting(const struct client *c, size_t *bytes)
{
	if (bytes)
		*bytes = outbox_bytes(&c->out);
	return outbox_waiting(&c->out);
}

/* Lines from someone we ignore go no further. */
static int
ignored(const struct client *c, const struct msg *m)
{
	return (m->type == MSG_CHAT || m->type == MSG_ACTION ||
	    m->type == MSG_PRIVATE) &&
	    ignore_has(&c->ign, m->s[0].p, m->s[0].len);
}

int
client_input(struct client *c, const char *line, size_t len, struct cmd *cmd)
{
	struct typed t;
	char reason[3 * MSG_TOPIC_MAX + 3 * NICK_MAX + 64];

	typed_parse(line, len, cmd, &t);
	switch (t.kind) {
	case TYPED_NOTHING:
		return 0;
	case TYPED_REFUSE:
		info(c, "%s", t.why);
		return -1;
	case TYPED_SCREEN:
		return 1;
	case TYPED_NAMES:
		ask_names(c, 0);
		return 0;
	case TYPED_QUIT:
		snprintf(reason, sizeof reason, "%.*s", (int)t.msg.s[0].len,
		    t.msg.s[0].p);
		client_quit(c, reason);
		return 0;
	case TYPED_HELP:
		cmd_help(CMD_CLIENT | c->commands, info_line, c);
		return 0;
	case TYPED_MODE:
		client_set_udp(c, t.on);
		return 0;
	case TYPED_IGNORE:
	case TYPED_UNIGNORE:
		ignore_command(&c->ign, t.kind == TYPED_IGNORE, t.msg.s[0].p,
		    t.msg.s[0].len, reason, sizeof reason);
		info(c, "%s", reason);
		return 0;
	case TYPED_TOPIC:
		roomview_topic_line(&c->view, reason, sizeof reason);
		info(c, "%s", reason);
		return 0;
	case TYPED_NICK:
		if (!c->joined) {
			/* Not in yet: the next hello uses it. */
			snprintf(c->want, sizeof c->want, "%.*s",
			    (int)t.msg.s[0].len, t.msg.s[0].p);
			info(c, "you will join as %s", c->want);
			return 0;
		}
		break;
	case TYPED_SEND:
		/* Chat goes as a datagram in UDP mode; a line too long for
		 * one goes over TCP, unnoticed, and so does one the room's
		 * rates hold back (it waits its turn in the queue). */
		if ((t.msg.type == MSG_SAY || t.msg.type == MSG_ACT) &&
		    udpmode_on(c->um) &&
		    outbox_past(&c->out, t.msg.s[0].len + UDPMODE_OVERHEAD) &&
		    udpmode_say(c->um, t.msg.type == MSG_ACT, t.msg.s[0].p,
		    t.msg.s[0].len) == 0)
			return 0;
		break;
	}
	send_msg(c, &t.msg);
	return 0;
}
