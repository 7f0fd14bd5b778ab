/* server: connections of lanchatd, from accept to the lingering close. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"
#include "frame.h"
#include "line.h"
#include "log.h"
#include "msg.h"
#include "loop.h"
#include "net.h"
#include "room.h"
#include "server.h"
#include "serve.h"
#include "udp.h"

struct server {
	struct event_base *base;
	struct room *room;
	struct serve_ctx sv; /* what serve.c needs: room, udp, limits */
	int lfd[SERVER_LISTEN_MAX];
	struct event *lev[SERVER_LISTEN_MAX];
	char addr[SERVER_LISTEN_MAX][NET_ADDR_MAX];
	int nl;
	struct event *resume, *join_timer;
	struct udp *udp;
	struct conn *conns, *grave;
	long nconn;
	int shutting_down;
	char greet[FRAME_GREET_MAX]; /* sent to each connection at accept */
	size_t greetlen;
};

static uint8_t rbuf[65536]; /* one thread reads one socket at a time */

static void conn_read(evutil_socket_t fd, short what, void *arg);

static struct conn *
conn_of(struct member *m)
{
	return (struct conn *)m; /* the member is the first field */
}

static void
conn_unlink(struct conn *c)
{
	struct server *s = c->srv;
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
}

/* Tears a connection down now, without flushing; it is freed at the end of
 * the turn, when no list can still point at it. */
static void
conn_destroy(struct conn *c)
{
	struct server *s = c->srv;
	if (c->dead)
		return;
	if (s->udp)
		udp_revoke(s->udp, &c->m, NULL);
	if (c->m.joined)
		room_leave(s->room, &c->m, c->why[0] ? c->why : NULL);
	c->dead = 1;
	event_del(&c->rev);
	if (c->wev)
		event_free(c->wev);
	if (c->timer)
		event_free(c->timer);
	c->wev = c->timer = NULL;
	close(c->fd);
	room_member_free(&c->m);
	if (c->mode == CONN_LINE)
		line_dec_free(&c->dec.l);
	else
		frame_dec_free(&c->dec.f);
	conn_unlink(c);
	s->nconn--;
	c->gnext = s->grave;
	s->grave = c;
}

static void
linger_timeout(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what;
	conn_destroy(arg);
}

/* Output is flushed: half-close and wait briefly for the peer to finish,
 * so that closing with unread input does not reset the connection and
 * throw away the last thing we said (an error, a goodbye). */
static void
linger_start(struct conn *c)
{
	struct timeval tv = { SERVER_LINGER_MS / 1000,
	    (SERVER_LINGER_MS % 1000) * 1000 };
	shutdown(c->fd, SHUT_WR);
	if (c->timer)
		event_free(c->timer);
	c->timer = evtimer_new(c->srv->base, linger_timeout, c);
	if (c->timer == NULL) {
		conn_destroy(c);
		return;
	}
	evtimer_add(c->timer, &tv);
}

static void
conn_close(struct conn *c, const char *why)
{
	if (c->closing || c->dead)
		return;
	snprintf(c->why, sizeof c->why, "%s", why ? why : "");
	log_msg(LOGL_INFO, "disconnect %s%s%s%s%s", c->m.addr,
	    c->m.joined ? " " : "", c->m.joined ? c->m.nick : "",
	    why ? ": " : "", why ? why : "");
	if (c->srv->udp)
		udp_revoke(c->srv->udp, &c->m, NULL);
	if (c->m.joined)
		room_leave(c->srv->room, &c->m, why);
	c->closing = 1;
	if (c->m.q.bytes == 0)
		linger_start(c);
	/* else it is dirty or blocked; the flush starts the linger */
}

/* Tells the client what went wrong, then closes it. */
static void
conn_fail(struct conn *c, int code, const char *text)
{
	log_msg(LOGL_INFO, "error %s %s: %s", c->m.addr, c->m.nick, text);
	room_error(c->srv->room, &c->m, code, text);
	conn_close(c, text);
}

/* Acts on serve.c's verdict; a framed client that has joined no longer
 * has a hello deadline. */
static void
served(struct conn *c, enum serve_verdict v, const char *why)
{
	if (v == SERVE_CLOSE) {
		conn_close(c, why);
		return;
	}
	if (c->m.joined && c->timer && !c->closing) {
		event_free(c->timer);
		c->timer = NULL;
	}
}

/* The first bytes (or the detection delay) tell the connection's mode. */
static void
start(struct conn *c, enum conn_mode mode)
{
	struct timeval tv = { SERVER_HELLO_MS / 1000, 0 };
	char why[160];
	enum serve_verdict v = serve_start(&c->srv->sv, c, mode, why,
	    sizeof why);
	if (v == SERVE_KEEP && mode == CONN_FRAMED)
		evtimer_add(c->timer, &tv); /* now the hello deadline */
	served(c, v, why);
}

static void
flushed(struct conn *c, int rc)
{
	if (rc < 0) {
		if (!c->closing)
			log_msg(LOGL_INFO, "disconnect %s %s: write: %s",
			    c->m.addr, c->m.nick, strerror(errno));
		conn_destroy(c);
	} else if (rc == 0 && !c->m.blocked) {
		c->m.blocked = 1;
		event_add(c->wev, NULL);
	} else if (rc == 1) {
		if (c->m.blocked) {
			c->m.blocked = 0;
			event_del(c->wev);
		}
		if (c->closing)
			linger_start(c);
	}
}

static void
conn_write(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	(void)what;
	flushed(c, outq_flush(&c->m.q, fd));
}

static void
detect_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	(void)fd, (void)what;
	if (c->mode == CONN_DETECT)
		start(c, CONN_LINE);
	else
		conn_fail(c, ERR_TIMEOUT, "no hello within 30 seconds");
}

static void
conn_read(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	ssize_t n;
	(void)what;

	n = read(fd, rbuf, sizeof rbuf);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (c->closing) {
		if (n <= 0)
			conn_destroy(c); /* the peer finished, or left */
		return;          /* input after goodbye is discarded */
	}
	int mid = c->mode == CONN_FRAMED && frame_dec_partial(&c->dec.f);
	if (n == 0) {
		conn_close(c, mid ? "closed in the middle of a frame" :
		    "connection closed");
		return;
	}
	if (n < 0) {
		snprintf(c->why, sizeof c->why, "read: %s%s", strerror(errno),
		    mid ? " in the middle of a frame" : "");
		log_msg(LOGL_INFO, "disconnect %s %s: %s", c->m.addr, c->m.nick,
		    c->why);
		conn_destroy(c);
		return;
	}
	if (c->mode == CONN_DETECT)
		start(c, rbuf[0] == 0 ? CONN_FRAMED : CONN_LINE);
	if (!c->closing && !c->dead) {
		char why[sizeof c->why];
		served(c, serve_input(&c->srv->sv, c, rbuf, (size_t)n, why,
		    sizeof why), why);
	}
}

static int
conn_new(struct server *s, int fd, const struct sockaddr *sa)
{
	struct conn *c = calloc(1, sizeof *c);
	char addr[NET_ADDR_MAX];
	struct timeval tv = { 0, SERVER_DETECT_MS * 1000 };

	if (c == NULL)
		return -1;
	net_addr_str(sa, addr, sizeof addr);
	room_member_init(&c->m, addr, 0);
	c->srv = s;
	c->fd = fd;
	c->mode = CONN_DETECT;
	frame_dec_init(&c->dec.f);
	event_assign(&c->rev, s->base, fd, EV_READ | EV_PERSIST, conn_read, c);
	c->wev = event_new(s->base, fd, EV_WRITE | EV_PERSIST, conn_write, c);
	c->timer = evtimer_new(s->base, detect_timeout, c);
	if (c->wev == NULL || c->timer == NULL || event_add(&c->rev, NULL) < 0) {
		if (c->wev)
			event_free(c->wev);
		if (c->timer)
			event_free(c->timer);
		free(c);
		return -1;
	}
	/* Greet at once: nc users see where they are before typing, and a
	 * client or tool that waits for the server's first byte is not held
	 * for the detection delay. The socket is new, so its buffer has room;
	 * a peer already gone shows up on the first read. */
	(void)send(fd, s->greet, s->greetlen, MSG_NOSIGNAL);
	evtimer_add(c->timer, &tv);
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	s->nconn++;
	log_msg(LOGL_INFO, "connect %s", addr);
	return 0;
}

static void
accept_resume(evutil_socket_t fd, short what, void *arg)
{
	struct server *s = arg;
	(void)fd, (void)what;
	for (int i = 0; i < s->nl; i++)
		event_add(s->lev[i], NULL);
}

static void
on_accept(evutil_socket_t lfd, short what, void *arg)
{
	struct server *s = arg;
	(void)what;

	for (int budget = 1024; budget > 0; budget--) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		int fd = accept4(lfd, (struct sockaddr *)&ss, &sl,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM) {
				/* Out of descriptors: stop accepting for a
				 * second rather than spin on a ready listener. */
				struct timeval tv = { 1, 0 };
				log_msg(LOGL_ERR, "accept: %s; pausing for 1s",
				    strerror(errno));
				for (int i = 0; i < s->nl; i++)
					event_del(s->lev[i]);
				evtimer_add(s->resume, &tv);
			}
			return;
		}
		net_tune(fd);
		if (conn_new(s, fd, (struct sockaddr *)&ss) < 0) {
			log_msg(LOGL_ERR, "out of memory for a new connection");
			close(fd);
		}
	}
}

static void
join_due(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what, (void)arg;
	/* server_turn runs right after this callback and announces. */
}

struct server *
server_new(struct event_base *base, const struct server_opts *o, char *err,
    size_t errlen)
{
	struct server *s = calloc(1, sizeof *s);
	int n;

	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->base = base;
	s->room = room_new(o->info);
	s->sv.room = s->room;
	s->sv.max_clients = o->max_clients;
	s->greetlen = frame_greeting(s->greet, sizeof s->greet, MSG_VERSION,
	    o->info);
	s->resume = evtimer_new(base, accept_resume, s);
	s->join_timer = evtimer_new(base, join_due, s);
	if (s->room == NULL || s->resume == NULL || s->join_timer == NULL) {
		snprintf(err, errlen, "out of memory");
		server_free(s);
		return NULL;
	}
	for (int i = 0; i < (o->nlisten ? o->nlisten : 1); i++) {
		const char *port = o->port;
		char p[16];
		if (s->nl > 0) {
			/* Every address shares the port chosen first. */
			snprintf(p, sizeof p, "%d", net_local_port(s->lfd[0]));
			port = p;
		}
		n = net_listen(o->nlisten ? o->listen[i] : NULL, port,
		    s->lfd + s->nl, SERVER_LISTEN_MAX - s->nl, err, errlen);
		if (n < 0) {
			server_free(s);
			return NULL;
		}
		s->nl += n;
	}
	s->udp = udp_new(base, s->room, s->lfd, s->nl, o->udp_expire, err,
	    errlen);
	if (s->udp == NULL) {
		server_free(s);
		return NULL;
	}
	s->sv.udp = s->udp;
	for (int i = 0; i < s->nl; i++) {
		net_local_str(s->lfd[i], s->addr[i], sizeof s->addr[i]);
		s->lev[i] = event_new(base, s->lfd[i], EV_READ | EV_PERSIST,
		    on_accept, s);
		if (s->lev[i] == NULL || event_add(s->lev[i], NULL) < 0) {
			snprintf(err, errlen, "cannot watch the listening socket");
			server_free(s);
			return NULL;
		}
	}
	return s;
}

int
server_addrs(const struct server *s, const char **out, int max)
{
	int i;
	for (i = 0; i < s->nl && i < max; i++)
		out[i] = s->addr[i];
	return i;
}

int
server_port(const struct server *s)
{
	return s->nl ? net_local_port(s->lfd[0]) : -1;
}

static void
reap(struct server *s)
{
	while (s->grave) {
		struct conn *c = s->grave;
		s->grave = c->gnext;
		free(c);
	}
}

void
server_turn(void *arg)
{
	struct server *s = arg;
	struct member *m;

	long due = room_announce(s->room, loop_now_ms());
	if (due >= 0) {
		struct timeval tv = { due / 1000, (due % 1000) * 1000 };
		evtimer_add(s->join_timer, &tv);
	}
	/* Cutting slow readers tells the room, which may need settling
	 * again (and may cut more). */
	int cut;
	do {
		room_settle(s->room);
		for (cut = 0; (m = room_doomed_pop(s->room)); cut++) {
			struct conn *c = conn_of(m);
			if (c->dead)
				continue;
			snprintf(c->why, sizeof c->why,
			    "send queue full: not reading");
			log_msg(LOGL_INFO, "disconnect %s %s: %s", m->addr,
			    m->nick, c->why);
			conn_destroy(c);
		}
	} while (cut > 0);
	while ((m = room_dirty_pop(s->room))) {
		struct conn *c = conn_of(m);
		if (!c->dead)
			flushed(c, outq_flush(&m->q, c->fd));
	}
	reap(s);
}

void
server_shutdown(struct server *s)
{
	struct conn *c, *next;

	s->shutting_down = 1;
	for (int i = 0; i < s->nl; i++) {
		event_free(s->lev[i]);
		close(s->lfd[i]);
	}
	s->nl = 0;
	room_notice_all(s->room, "the server is shutting down");
	for (c = s->conns; c; c = next) {
		next = c->next;
		if (c->m.joined)
			room_remove(s->room, &c->m);
		conn_close(c, "server shutting down");
	}
}

int
server_done(const struct server *s)
{
	return s->shutting_down && s->nconn == 0;
}

void
server_free(struct server *s)
{
	if (s == NULL)
		return;
	while (s->conns) {
		if (s->conns->m.joined)
			room_remove(s->room, &s->conns->m);
		conn_destroy(s->conns);
	}
	reap(s);
	if (s->udp) {
		const struct udp_stats *st = udp_stats(s->udp);
		if (st->received)
			log_msg(LOGL_INFO, "udp: %llu datagrams received, %llu "
			    "relayed, %llu registrations; dropped: %llu "
			    "malformed, %llu oversize, %llu unknown, %llu forged, "
			    "%llu stolen, %llu duplicate, %llu bad text; %llu "
			    "expired", (unsigned long long)st->received,
			    (unsigned long long)st->relayed,
			    (unsigned long long)st->registered,
			    (unsigned long long)st->malformed,
			    (unsigned long long)st->oversize,
			    (unsigned long long)st->unknown,
			    (unsigned long long)st->forged,
			    (unsigned long long)st->stolen,
			    (unsigned long long)st->dup,
			    (unsigned long long)st->badtext,
			    (unsigned long long)st->expired);
		udp_free(s->udp);
	}
	for (int i = 0; i < s->nl; i++) {
		if (s->lev[i])
			event_free(s->lev[i]);
		close(s->lfd[i]);
	}
	if (s->resume)
		event_free(s->resume);
	if (s->join_timer)
		event_free(s->join_timer);
	room_free(s->room);
	free(s);
}
