/* server: listeners, accepting under per-address limits, the set of
 * connections, the sweep of their deadlines, and shutdown. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "conn.h"
#include "frame.h"
#include "gate.h"
#include "guard.h"
#include "histfile.h"
#include "log.h"
#include "loop.h"
#include "msg.h"
#include "net.h"
#include "pace.h"
#include "room.h"
#include "server.h"
#include "udp.h"

#define SWEEP_MS 250          /* deadlines and pings are checked this often */
#define GUARD_SWEEP_MS 10000  /* idle addresses are forgotten this often */
#define EVICT_MAX 8           /* pre-join connections evicted per accept */

struct server {
	struct event_base *base;
	struct room *room;
	struct limits lim;
	struct conn_env env; /* what every connection shares */
	int lfd[SERVER_LISTEN_MAX];
	struct event *lev[SERVER_LISTEN_MAX];
	char addr[SERVER_LISTEN_MAX][NET_ADDR_MAX];
	int nl;
	struct event *resume, *join_timer, *sweep;
	struct udp *udp;
	struct guard *guard;
	struct histfile *hist; /* --history-file, or NULL */
	struct gate gate;      /* a private room's door */
	int private;
	uint64_t guard_swept;
	uint64_t evict_told; /* ms: evictions last logged */
	struct conn *conns, *grave;
	struct conn *pjhead, *pjtail; /* not joined yet, oldest first */
	long nconn;
	int shutting_down;
	char greet[FRAME_GREET_MAX]; /* sent to each connection at accept */
	size_t greetlen;
};

static struct conn *
conn_of(struct member *m)
{
	return (struct conn *)m; /* the member is the first field */
}

static void
pj_unlink(struct server *s, struct conn *c)
{
	if (c->pjprev)
		c->pjprev->pjnext = c->pjnext;
	else if (s->pjhead == c)
		s->pjhead = c->pjnext;
	else
		return; /* not on the list */
	if (c->pjnext)
		c->pjnext->pjprev = c->pjprev;
	else
		s->pjtail = c->pjprev;
	c->pjprev = c->pjnext = NULL;
}

static void
on_joined(void *arg, struct conn *c)
{
	pj_unlink(arg, c);
}

static void
on_gone(void *arg, struct conn *c)
{
	struct server *s = arg;
	pj_unlink(s, c);
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
	guard_release(s->guard, &c->m.gk);
	s->nconn--;
	c->gnext = s->grave;
	s->grave = c;
}

static void
accept_resume(evutil_socket_t fd, short what, void *arg)
{
	struct server *s = arg;
	(void)fd, (void)what;
	for (int i = 0; i < s->nl; i++)
		event_add(s->lev[i], NULL);
}

/* Out of descriptors: the oldest connection that has not joined makes
 * room, so that sockets which never say hello cannot keep members out. */
static int
evict_prejoin(struct server *s, uint64_t now)
{
	struct conn *c = s->pjhead;
	if (c == NULL)
		return -1;
	/* Worth an administrator's eye, but not once per socket. */
	if (now - s->evict_told >= 1000 || s->evict_told == 0) {
		log_msg(LOGL_ERR, "accept: %s; evicting connections that have "
		    "not joined (%s first)", strerror(errno), c->m.addr);
		s->evict_told = now;
	}
	pj_unlink(s, c);
	snprintf(c->why, sizeof c->why, "evicted: the server is busy");
	conn_destroy(c);
	return 0;
}

/* Says why and closes at once: nothing of it is kept. */
static void
refuse(struct server *s, int fd, enum guard_verdict v)
{
	char why[160], line[FRAME_GREET_MAX];
	if (v == GUARD_TOO_MANY)
		snprintf(why, sizeof why, "too many connections from your "
		    "address (%u at most); close one and try again",
		    s->lim.guard.per_addr);
	else
		snprintf(why, sizeof why, "connecting too fast from your "
		    "address (%u a second at most); wait and try again",
		    s->lim.guard.connects.rate);
	size_t n = frame_refusal(line, sizeof line, MSG_VERSION, why);
	(void)send(fd, line, n, MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
}

static void
admit(struct server *s, int fd, const struct sockaddr *sa, uint64_t now)
{
	struct guard_key k;
	char addr[NET_ADDR_MAX];

	guard_key(sa, &k);
	enum guard_verdict v = guard_admit(s->guard, &k, now);
	if (v != GUARD_OK) {
		net_addr_str(sa, addr, sizeof addr);
		log_msg(LOGL_DEBUG, "refuse %s: %s", addr, v == GUARD_TOO_MANY ?
		    "too many connections" : "connecting too fast");
		refuse(s, fd, v);
		return;
	}
	net_tune(fd, &s->lim.ka);
	struct conn *c = conn_new(&s->env, fd, sa, &k, s->greet, s->greetlen,
	    now);
	if (c == NULL) {
		log_msg(LOGL_ERR, "out of memory for a new connection");
		guard_release(s->guard, &k);
		close(fd);
		return;
	}
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	c->pjprev = s->pjtail;
	if (s->pjtail)
		s->pjtail->pjnext = c;
	else
		s->pjhead = c;
	s->pjtail = c;
	s->nconn++;
}

static void
on_accept(evutil_socket_t lfd, short what, void *arg)
{
	struct server *s = arg;
	uint64_t now = loop_now_ms();
	int evicted = 0;
	(void)what;

	for (int budget = 1024; budget > 0; budget--) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		int fd = accept4(lfd, (struct sockaddr *)&ss, &sl,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd >= 0) {
			admit(s, fd, (struct sockaddr *)&ss, now);
			continue;
		}
		if ((errno == EMFILE || errno == ENFILE) && s->pjhead) {
			/* The descriptor freed is reused at once: the
			 * connection it held was torn down now. A few per
			 * turn, and the listener stays ready for the next. */
			if (evicted++ < EVICT_MAX && evict_prejoin(s, now) == 0)
				continue;
			return;
		}
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM) {
			/* Out of descriptors: stop accepting for a second
			 * rather than spin on a ready listener. */
			struct timeval tv = { 1, 0 };
			log_msg(LOGL_ERR, "accept: %s; pausing for 1s",
			    strerror(errno));
			for (int i = 0; i < s->nl; i++)
				event_del(s->lev[i]);
			evtimer_add(s->resume, &tv);
		}
		return;
	}
}

static void
join_due(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what, (void)arg;
	/* server_turn runs right after this callback and announces. */
}

/* Deadlines, pings and floods, for every connection, a few times a
 * second: one pass costs a few nanoseconds a connection. */
static void
on_sweep(evutil_socket_t fd, short what, void *arg)
{
	struct server *s = arg;
	uint64_t now = loop_now_ms();
	struct conn *c, *next;
	(void)fd, (void)what;

	for (c = s->conns; c; c = next) {
		next = c->next;
		conn_check(c, now);
	}
	if (now - s->guard_swept >= GUARD_SWEEP_MS) {
		guard_sweep(s->guard, now);
		s->guard_swept = now;
	}
}

/* The rates each member is told, so it can keep to them (pace.h), and
 * the backlog's size. */
static void
tell_rates(struct server *s)
{
	char rules[128];
	pace_format(&s->lim.lines, &s->lim.bytes, rules, sizeof rules);
	room_set_rules(s->room, rules);
	if (room_set_backlog(s->room, s->lim.backlog, s->lim.backlog_age) < 0)
		log_msg(LOGL_ERR, "out of memory for a backlog of %u",
		    s->lim.backlog);
}

/* A write to the history file failed: that ends the file, not the
 * room. */
static void
hist_failed(struct server *s)
{
	log_msg(LOGL_ERR, "history file: %s; the room's history is no longer "
	    "written to it", strerror(errno));
	histfile_close(s->hist);
	s->hist = NULL;
	room_set_keeper(s->room, NULL, NULL);
}

/* Each message kept goes to the history file too, written at the end of
 * the turn before any socket is, or at once when datagrams carry it. */
static void
keep(void *arg, const struct span *rec, const struct backlog *b, int now)
{
	struct server *s = arg;
	if (histfile_append(s->hist, rec, b) < 0 ||
	    (now && histfile_flush(s->hist) < 0))
		hist_failed(s);
}

static void
load(void *arg, const struct msg *h)
{
	backlog_load(arg, h); /* what does not fit or is out of order goes */
}

/* The room's history as the file left it: its messages back in the
 * backlog, its epoch the room's, so ids go on where they stopped. */
static int
open_history(struct server *s, const char *path, char *err, size_t errlen)
{
	uint32_t epoch = room_epoch(s->room);
	size_t torn;
	struct backlog *b = room_backlog(s->room);
	s->hist = histfile_open(path, s->lim.history_max, &epoch, load, b,
	    &torn, err, errlen);
	if (s->hist == NULL)
		return -1;
	room_set_epoch(s->room, epoch);
	backlog_expire(b, backlog_now());
	room_set_keeper(s->room, keep, s);
	if (torn)
		log_msg(LOGL_ERR, "history file %s: cut off %zu bytes at byte %zu, "
		    "after the last whole record (a write cut short)", path, torn,
		    histfile_size(s->hist));
	log_msg(LOGL_INFO, "history file %s: %u messages kept, the next is "
	    "number %u", path, b->n, b->next);
	return 0;
}

/* Listens on every address asked for (all, when none was), on one port
 * number; -1 with a sentence in err. */
static int
listen_all(struct server *s, const struct server_opts *o, char *err,
    size_t errlen)
{
	for (int i = 0; i < (o->nlisten ? o->nlisten : 1); i++) {
		const char *port = o->port;
		char p[16];
		if (s->nl > 0) {
			/* Every address shares the port chosen first. */
			snprintf(p, sizeof p, "%d", net_local_port(s->lfd[0]));
			port = p;
		}
		int n = net_listen(o->nlisten ? o->listen[i] : NULL, port,
		    s->lfd + s->nl, SERVER_LISTEN_MAX - s->nl, err, errlen);
		if (n < 0)
			return -1;
		s->nl += n;
	}
	return 0;
}

struct server *
server_new(struct event_base *base, const struct server_opts *o, char *err,
    size_t errlen)
{
	struct server *s = calloc(1, sizeof *s);
	struct timeval tv = { 0, SWEEP_MS * 1000 };
	int n;

	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->base = base;
	s->lim = o->lim;
	s->room = room_new(o->info);
	s->guard = guard_new(&s->lim.guard);
	s->greetlen = frame_greeting(s->greet, sizeof s->greet, MSG_VERSION,
	    o->info);
	if (s->room)
		tell_rates(s);
	s->resume = evtimer_new(base, accept_resume, s);
	s->join_timer = evtimer_new(base, join_due, s);
	s->sweep = event_new(base, -1, EV_PERSIST, on_sweep, s);
	if (s->room == NULL || s->guard == NULL || s->resume == NULL ||
	    s->join_timer == NULL || s->sweep == NULL ||
	    evtimer_add(s->sweep, &tv) < 0) {
		snprintf(err, errlen, "out of memory");
		server_free(s);
		return NULL;
	}
	if (o->history_file && *o->history_file &&
	    open_history(s, o->history_file, err, errlen) < 0) {
		server_free(s);
		return NULL;
	}
	if ((s->private = o->gate != NULL))
		s->gate = *o->gate;
	const struct gate *g = s->private ? &s->gate : NULL;
	/* Port 0: the number the system picks for TCP may be taken for UDP
	 * by another program; then another is picked, a bounded number of
	 * times. */
	int ephemeral = o->port && strcmp(o->port, "0") == 0;
	for (int tries = 0; s->udp == NULL; tries++) {
		if (tries > 0) {
			if (!ephemeral || tries == SERVER_PORT_TRIES) {
				server_free(s);
				return NULL;
			}
			for (int i = 0; i < s->nl; i++)
				close(s->lfd[i]);
			s->nl = 0;
		}
		if ((n = listen_all(s, o, err, errlen)) < 0) {
			server_free(s);
			return NULL;
		}
		s->udp = udp_new(base, s->room, &s->lim, g, s->lfd, s->nl, err,
		    errlen);
	}
	s->env = (struct conn_env){ .base = base,
	    .sv = { s->room, s->udp, &s->lim, g, s->guard },
	    .info = room_info_text(s->room),
	    .port = net_local_port(s->lfd[0]), .arg = s,
	    .joined = on_joined, .gone = on_gone };
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
		conn_free(c);
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
	/* What members are about to be sent is on disk first. */
	if (s->hist && histfile_flush(s->hist) < 0)
		hist_failed(s);
	conn_flush_dirty(s->room);
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

uint32_t
server_instance(const struct server *s)
{
	return s->udp ? udp_instance(s->udp) : 0;
}

void
server_update(struct server *s, const char *info, const struct limits *lim)
{
	s->lim = *lim; /* the connections and UDP point at this */
	guard_set_limits(s->guard, &s->lim.guard);
	room_set_info(s->room, info);
	s->greetlen = frame_greeting(s->greet, sizeof s->greet, MSG_VERSION,
	    info);
	s->env.info = room_info_text(s->room);
	tell_rates(s);
	if (s->hist)
		histfile_set_max(s->hist, s->lim.history_max);
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
		udp_log_stats(s->udp);
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
	if (s->sweep)
		event_free(s->sweep);
	guard_free(s->guard);
	histfile_close(s->hist);
	room_free(s->room);
	free(s);
}
