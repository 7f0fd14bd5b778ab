/* client: one connection to a room, spoken in frames. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "client.h"
#include "clientdef.h"
#include "frame.h"
#include "loop.h"
#include "text.h"

static void on_event(struct bufferevent *bev, short what, void *arg);
static void on_dialed(void *arg, struct bufferevent *bev, const char *err);
static void on_read(struct bufferevent *bev, void *arg);
static void on_live(evutil_socket_t fd, short what, void *arg);
static int um_send(void *arg, const struct msg *m);
static void um_msg(void *arg, const struct msg *m);
static void um_loss(void *arg, const char *nick, uint32_t n, int certain);
static int ignored(const struct client *c, const struct msg *m);

static const struct udpmode_ops um_ops = { um_send, client_info_line, um_msg,
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
	if (o->secret && (c->priv = malloc(sizeof *c->priv)) == NULL) {
		client_free(c);
		return NULL;
	}
	if (o->secret)
		priv_init(c->priv, o->secret, strlen(o->secret),
		    (uint32_t)time(NULL));
	c->need_private = o->secret && o->need_private;
	if (o->udp)
		udpmode_set(c->um, 1, 0);
	return c;
}

void
client_drop(struct client *c)
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
	c->challenged = c->renaming = 0;
	roomview_reset(&c->view);
}

void
client_free(struct client *c)
{
	if (c == NULL)
		return;
	client_drop(c);
	outbox_free(&c->out);
	roomview_free(&c->view);
	udpmode_free(c->um);
	dial_free(c->dial);
	if (c->live)
		event_free(c->live);
	if (c->priv)
		priv_free(c->priv);
	free(c->priv);
	if (c->early)
		evbuffer_free(c->early);
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

int
client_private(const struct client *c)
{
	return c->sealed;
}

int
client_wants_secret(const struct client *c)
{
	return c->refusal == ERR_SECRET && c->want_secret;
}

const struct roomview *
client_view(const struct client *c)
{
	return &c->view;
}

void
client_info(struct client *c, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	c->ops->info(c->arg, buf);
}

void
client_closed(struct client *c, int fatal, const char *why)
{
	client_drop(c);
	c->ops->closed(c->arg, fatal, why);
}

int
client_send(struct client *c, const struct msg *m)
{
	uint8_t buf[FRAME_HDR + FRAME_MAX];
	int n = msg_encode(m, buf, sizeof buf);
	if (n < 0) {
		client_info(c, "message too long to send; nothing was sent");
		return -1;
	}
	if (outbox_send(&c->out, buf, (size_t)n) < 0) {
		client_info(c, "%s%zu bytes already wait to be sent; this was not "
		    "kept", c->up ? "" : "offline, and ", outbox_bytes(&c->out));
		return -1;
	}
	return 0;
}

/* Asks for the names list; quiet replies feed the member list and are not
 * shown. Past ROOMVIEW_ASKS_MAX in flight, no more are made. */
void
client_ask_names(struct client *c, int quiet)
{
	struct msg who = { .type = MSG_WHO };
	if (roomview_ask(&c->view, quiet))
		client_send(c, &who);
}

int
client_connect(struct client *c, char *err, size_t errlen)
{
	client_drop(c);
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
		client_send(c, &ping);
		break;
	}
	case ALIVE_GONE:
		snprintf(why, sizeof why, "the server at %s stopped answering "
		    "(nothing heard for %g seconds)", c->server,
		    (c->al.ping_ms + c->al.timeout_ms) / 1000.0);
		client_closed(c, 0, c->quitting ? NULL : why);
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
		client_closed(c, 1, err);
		return;
	}
	c->bev = bev;
	snprintf(c->server, sizeof c->server, "%s", dial_addr(c->dial));
	bufferevent_setcb(bev, on_read, NULL, on_event, c);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
	c->up = 1;
	c->refusal = c->want_secret = 0;
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
	client_closed(c, 1, why);
}

/* A private room: m's text opened, in place, or -1 after a notice when it
 * is not to be shown. Nothing to open in an open room. */
static int
unseal(struct client *c, struct msg *m, int history)
{
	char why[256];
	if (!c->sealed || !priv_sealed(m))
		return 0;
	enum priv_result r = priv_open(c->priv, m, history);
	if (r == PRIV_OK)
		return 0;
	priv_why(r, m, why, sizeof why);
	client_info(c, "%s", why);
	return -1;
}

/* UDP mode's ways out: the TCP connection, the user, the frontend. */
static int
um_send(void *arg, const struct msg *m)
{
	return client_send(arg, m);
}

void
client_info_line(void *arg, const char *text)
{
	struct client *c = arg;
	c->ops->info(c->arg, text);
}

static void
um_msg(void *arg, const struct msg *m)
{
	struct client *c = arg;
	struct history_event ev;
	struct msg open = *m;
	if (unseal(c, &open, 0) < 0)
		return;
	m = &open;
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

/* A private room's challenge: answered, once the secret's keys are made
 * for its salt; without a secret, the end. */
static int
answer(struct client *c, const struct msg *m)
{
	struct msg proof = { .type = MSG_PROOF };
	uint8_t p[SEAL_PROOF], buf[FRAME_HDR + 4 + SEAL_PROOF];
	char why[NET_ADDR_MAX + NET_HOST_MAX + 128];
	c->refusal = ERR_SECRET;
	c->want_secret = c->priv == NULL;
	if (c->priv == NULL) {
		snprintf(why, sizeof why, "the room at %s is private (its chat "
		    "is encrypted end to end): join with lanchat --secret %s",
		    c->server, c->server);
		client_closed(c, 1, why);
		return -1;
	}
	if (priv_key(c->priv, m->s[0].p, m->s[0].len) < 0 ||
	    priv_prove(c->priv, m->s[1].p, m->s[1].len, c->want, p) < 0) {
		client_closed(c, 1, "cannot answer the private room's challenge (out "
		    "of memory for the secret's hash, or a malformed one)");
		return -1;
	}
	c->refusal = 0;
	c->sealed = c->challenged = 1;
	proof.s[0] = (struct msg_str){ (const char *)p, SEAL_PROOF };
	int n = msg_encode(&proof, buf, sizeof buf);
	outbox_handshake(&c->out, buf, (size_t)n);
	client_early(c);
	return 0;
}

/* The rename we asked for is settled: what waited for it is sealed under
 * the nick we have now, and sent. */
static void
renamed(struct client *c)
{
	if (!c->renaming)
		return;
	c->renaming = 0;
	client_early(c);
}

/* Keeps the little room state the core tracks, then tells the frontend. */
static int
on_msg(struct client *c, const struct msg *m)
{
	struct history_event ev;
	struct msg open = *m;
	if (udpmode_tcp(c->um, m))
		return 0;
	if (unseal(c, &open, 0) < 0)
		return 0;
	m = &open;
	switch (history_take(&c->hist, m, time(NULL), &ev)) {
	case HISTORY_SHOW:
		if (ev.item.type && (unseal(c, &ev.item, 1) < 0 ||
		    ignored(c, &ev.item)))
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
		client_ask_names(c, 1);
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
	case MSG_CHALLENGE:
		return answer(c, m);
	case MSG_WELCOME:
		if ((c->need_private || c->sealed) && !c->challenged) {
			/* Someone may be posing as the room to read us. */
			c->refusal = ERR_SECRET;
			client_closed(c, 1, c->sealed ? "the room was private and "
			    "now is not: not joining it (someone may be posing "
			    "as it)" : "the room is not private, but you gave a "
			    "secret: not joining it (if you meant an open room, "
			    "join without one)");
			return -1;
		}
		c->joined = 1;
		outbox_open(&c->out);
		set_nick(c, &m->s[0]);
		c->ops->msg(c->arg, m);
		if (c->sealed)
			client_info(c, "a private room: what is said here is "
			    "encrypted end to end");
		c->ops->joined(c->arg);
		udpmode_joined(c->um, c->bev ? bufferevent_getfd(c->bev) : -1,
		    c->server);
		return 0;
	case MSG_ERROR:
		if (!c->joined && (m->num == ERR_NICK_TAKEN ||
		    m->num == ERR_BAD_NICK || m->num == ERR_VERSION ||
		    m->num == ERR_SERVER_FULL || m->num == ERR_SECRET)) {
			/* Answered a challenge, and wrong: not a throttle. */
			c->want_secret = c->challenged;
			handshake_failed(c, m);
			return -1;
		}
		if (m->num == ERR_NICK_TAKEN || m->num == ERR_BAD_NICK)
			renamed(c); /* refused: the old nick stands */
		break;
	case MSG_RENAME:
		if (nick_eq(m->s[0].p, m->s[0].len, c->nick)) {
			set_nick(c, &m->s[1]);
			renamed(c);
		}
		break;
	case MSG_PING: {
		struct msg pong = { .type = MSG_PONG };
		pong.s[0] = m->s[0];
		client_send(c, &pong);
		return 0;
	}
	case MSG_PONG:
		return 0;
	case MSG_LIMITS:
		outbox_limits(&c->out, m->s[0].p, m->s[0].len);
		return 0;
	}
	c->ops->msg(c->arg, m);
	if (m->type == MSG_NAMES_END && c->sealed)
		client_info(c, "(a private room: end-to-end encrypted)");
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
		client_closed(c, 1, text);
	} else if (r == INBOX_TOOBIG) {
		client_closed(c, !c->joined, "the server sent a frame over the size "
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
		client_closed(c, 0, c->quitting ? NULL : why);
		return;
	}
	if (what & BEV_EVENT_EOF) {
		on_read(bev, c);
		if (c->bev == NULL)
			return;
		if (c->quitting) {
			client_closed(c, 0, NULL);
			return;
		}
		snprintf(why, sizeof why, "the server at %s closed the "
		    "connection", c->server);
		client_closed(c, !c->joined, why);
	}
}

/* Lines from someone we ignore go no further. */
static int
ignored(const struct client *c, const struct msg *m)
{
	return (m->type == MSG_CHAT || m->type == MSG_ACTION ||
	    m->type == MSG_PRIVATE) &&
	    ignore_has(&c->ign, m->s[0].p, m->s[0].len);
}
