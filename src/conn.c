/* conn: a connection's reads, verdicts, deadlines and close. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"
#include "fanout.h"
#include "log.h"
#include "loop.h"
#include "net.h"
#include "sniff.h"
#include "udp.h"

#define THROTTLE_BYTES 4096 /* a throttled reader waits for this many */
#define CONN_FLOOD_PAUSE_MS 1000 /* not held back this long: no flood */

static uint8_t rbuf[65536]; /* one thread reads one socket at a time */

static void on_read(evutil_socket_t fd, short what, void *arg);
static void on_write(evutil_socket_t fd, short what, void *arg);
static void on_timer(evutil_socket_t fd, short what, void *arg);

static const struct limits *
lim(const struct conn *c)
{
	return c->env->sv.lim;
}

static struct room *
room(const struct conn *c)
{
	return c->env->sv.room;
}

static void
arm(struct conn *c, uint64_t ms)
{
	struct timeval tv = { (time_t)(ms / 1000), (suseconds_t)(ms % 1000) *
	    1000 };
	evtimer_add(c->timer, &tv);
}

struct conn *
conn_new(const struct conn_env *env, int fd, const struct sockaddr *sa,
    const struct guard_key *gk, const char *greet, size_t greetlen,
    uint64_t now)
{
	struct conn *c = calloc(1, sizeof *c);
	char addr[NET_ADDR_MAX];

	if (c == NULL)
		return NULL;
	net_addr_str(sa, addr, sizeof addr);
	room_member_init(&c->m, addr, 0);
	rate_init(&c->m.lines, &env->sv.lim->lines, now);
	rate_init(&c->m.bytes, &env->sv.lim->bytes, now);
	rate_init(&c->m.errors, &env->sv.lim->errors, now);
	c->env = env;
	c->fd = fd;
	c->m.gk = *gk;
	c->mode = CONN_DETECT;
	c->born = now;
	alive_init(&c->al, env->sv.lim->ping_ms, env->sv.lim->ping_timeout_ms,
	    now);
	event_assign(&c->rev, env->base, fd, EV_READ | EV_PERSIST, on_read, c);
	c->wev = event_new(env->base, fd, EV_WRITE | EV_PERSIST, on_write, c);
	c->timer = evtimer_new(env->base, on_timer, c);
	if (c->wev == NULL || c->timer == NULL ||
	    event_add(&c->rev, NULL) < 0) {
		if (c->wev)
			event_free(c->wev);
		if (c->timer)
			event_free(c->timer);
		free(c);
		return NULL;
	}
	/* Greet at once: nc users see where they are before typing, and a
	 * client or tool that waits for the server's first byte is not held
	 * for the detection delay. The socket is new, so its buffer has room;
	 * a peer already gone shows up on the first read. */
	(void)send(fd, greet, greetlen, MSG_NOSIGNAL);
	arm(c, CONN_DETECT_MS);
	log_msg(LOGL_INFO, "connect %s", addr);
	return c;
}

void
conn_free(struct conn *c)
{
	free(c);
}

/* Tears the connection down now, without flushing; the server frees it
 * at the end of the turn, when no list can still point at it. */
void
conn_destroy(struct conn *c)
{
	if (c->dead)
		return;
	if (c->env->sv.udp)
		udp_revoke(c->env->sv.udp, &c->m, NULL);
	if (c->m.joined)
		room_leave(room(c), &c->m, c->why[0] ? c->why : NULL);
	c->dead = 1;
	event_del(&c->rev);
	if (c->wev)
		event_free(c->wev);
	if (c->timer)
		event_free(c->timer);
	c->wev = c->timer = NULL;
	close(c->fd);
	room_member_free(&c->m);
	if (c->mode != CONN_DETECT)
		serve_in_free(&c->in);
	free(c->held);
	c->held = NULL;
	c->env->gone(c->env->arg, c);
}

/* Output is flushed: half-close and wait briefly for the peer to finish,
 * so that closing with unread input does not reset the connection and
 * throw away the last thing we said (an error, a goodbye). */
static void
linger_start(struct conn *c)
{
	shutdown(c->fd, SHUT_WR);
	arm(c, CONN_LINGER_MS);
}

void
conn_close(struct conn *c, const char *why)
{
	if (c->closing || c->dead)
		return;
	snprintf(c->why, sizeof c->why, "%s", why ? why : "");
	log_msg(LOGL_INFO, "disconnect %s%s%s%s%s", c->m.addr,
	    c->m.joined ? " " : "", c->m.joined ? c->m.nick : "",
	    why ? ": " : "", why ? why : "");
	if (c->env->sv.udp)
		udp_revoke(c->env->sv.udp, &c->m, NULL);
	if (c->m.joined)
		room_leave(room(c), &c->m, why);
	c->closing = 1;
	if (c->throttled) {
		c->throttled = 0;
		event_add(&c->rev, NULL); /* to see the peer's FIN */
	}
	evtimer_del(c->timer);
	if (c->m.q.bytes == 0)
		linger_start(c);
	/* else it is dirty or blocked; the flush starts the linger */
}

void
conn_fail(struct conn *c, int code, const char *text)
{
	log_msg(LOGL_INFO, "error %s %s: %s", c->m.addr, c->m.nick, text);
	room_error(room(c), &c->m, code, text);
	conn_close(c, text);
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

void
conn_flush_dirty(struct room *r)
{
	struct fanout *f = room_fanout(r);
	struct member *m;
	while ((m = fanout_dirty_pop(f))) {
		struct conn *c = (struct conn *)m; /* the member is first */
		if (!c->dead)
			flushed(c, outq_flush(&c->m.q, c->fd));
	}
}

static void
on_write(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	(void)what;
	flushed(c, outq_flush(&c->m.q, fd));
}

/* Keeps n bytes at p to serve later: they were read past the member's
 * rate, or are too few to tell what the client is. p may lie in held. */
static int
hold(struct conn *c, const uint8_t *p, size_t n)
{
	if (c->held && p >= c->held && p <= c->held + c->nheld) {
		memmove(c->held, p, n);
		c->nheld = (uint32_t)n;
		return 0;
	}
	uint8_t *h = realloc(c->held, c->nheld + n);
	if (h == NULL && c->nheld + n > 0)
		return -1;
	memcpy(h + c->nheld, p, n);
	c->held = h;
	c->nheld += (uint32_t)n;
	return 0;
}

static void
drop_held(struct conn *c)
{
	free(c->held);
	c->held = NULL;
	c->nheld = 0;
}

/* Stops reading until the member may send again; the first time in a
 * flood, it is told why. */
static void
throttle(struct conn *c, uint64_t now, uint64_t wait)
{
	const struct limits *l = lim(c);
	char text[200];
	c->held_at = now;
	if (!c->throttled) {
		c->throttled = 1;
		event_del(&c->rev);
	}
	if (c->flood_at == 0) {
		c->flood_at = now;
		snprintf(text, sizeof text, "you are sending faster than %u "
		    "messages (%u bytes) a second, in bursts of %u: the rest "
		    "is read as your rate allows", l->lines.rate, l->bytes.rate,
		    l->lines.burst);
		room_notice(room(c), &c->m, text);
		log_msg(LOGL_INFO, "throttle %s %s", c->m.addr, c->m.nick);
	}
	arm(c, wait ? wait : 1);
}

/* Serves n bytes (from rbuf or from held) in the connection's mode. */
static void
feed(struct conn *c, const uint8_t *p, size_t n, uint64_t now)
{
	char why[sizeof c->why];
	size_t used = 0;
	int was = c->m.joined;

	enum serve_verdict v = serve_input(&c->env->sv, &c->m, &c->in, p, n,
	    now, &used, why, sizeof why);
	if (v == SERVE_CLOSE) {
		conn_close(c, why);
		return;
	}
	if (v == SERVE_THROTTLE) {
		if (hold(c, p + used, n - used) < 0) {
			conn_fail(c, ERR_SERVER_FULL, "out of memory");
			return;
		}
		throttle(c, now, rate_wait(&c->m.lines, &lim(c)->lines, now,
		    1));
	} else if (c->held && p >= c->held && p <= c->held + c->nheld) {
		drop_held(c);
	}
	if (!was && c->m.joined && !c->dead && c->mode == CONN_FRAMED) {
		frame_dec_limit(&c->in.dec.f, FRAME_MAX);
		c->env->joined(c->env->arg, c);
	}
	if (c->mode == CONN_LINE) {
		int partial = line_dec_partial(&c->in.dec.l);
		if (!partial)
			c->line_at = 0;
		else if (c->line_at == 0)
			c->line_at = now;
	}
}

/* Takes telnet's commands out of what a line client sent; answers its
 * option requests. Returns the data bytes left at p. */
static size_t
untelnet(struct conn *c, uint8_t *p, size_t n)
{
	uint8_t reply[96];
	size_t rlen = 0;
	n = telnet_filter(&c->tn, p, n, reply, sizeof reply, &rlen);
	if (rlen)
		room_send_raw(room(c), &c->m, reply, rlen);
	return n;
}

/* The client's first bytes (or its silence) tell what it is. */
static void
start(struct conn *c, enum sniff_kind k, uint64_t now)
{
	char why[sizeof c->why], text[512];

	switch (k) {
	case SNIFF_MORE:
		return;
	case SNIFF_TLS:
		log_msg(LOGL_INFO, "disconnect %s: a TLS client", c->m.addr);
		conn_destroy(c);
		return;
	case SNIFF_HTTP: {
		size_t n = sniff_http_reply(text, sizeof text, c->env->info,
		    c->env->port);
		room_send_raw(room(c), &c->m, text, n);
		drop_held(c);
		conn_close(c, "an HTTP client, not a chat client");
		return;
	}
	case SNIFF_FRAMED:
		c->mode = CONN_FRAMED;
		serve_in_init(&c->in, 0);
		frame_dec_limit(&c->in.dec.f, CONN_PREJOIN_FRAME);
		break;
	case SNIFF_LINE:
		c->mode = CONN_LINE;
		serve_in_init(&c->in, 1);
		if (serve_line_start(&c->env->sv, &c->m, why, sizeof why) ==
		    SERVE_CLOSE) {
			drop_held(c);
			conn_close(c, why);
			return;
		}
		c->env->joined(c->env->arg, c);
		c->nheld = (uint32_t)untelnet(c, c->held, c->nheld);
		break;
	}
	evtimer_del(c->timer);
	if (c->nheld)
		feed(c, c->held, c->nheld, now);
	else
		drop_held(c);
}

static void
detect(struct conn *c, const uint8_t *p, size_t n, uint64_t now)
{
	if (c->nheld == 0) {
		enum sniff_kind k = sniff(p, n);
		if (k != SNIFF_MORE && k != SNIFF_HTTP) {
			/* The usual case: decided on the first read, served
			 * straight from it. */
			start(c, k, now);
			if (c->dead || c->closing)
				return;
			if (c->mode == CONN_LINE)
				n = untelnet(c, (uint8_t *)p, n);
			feed(c, p, n, now);
			return;
		}
	}
	if (hold(c, p, n) < 0) {
		conn_destroy(c);
		return;
	}
	start(c, sniff(c->held, c->nheld), now);
}

static void
on_read(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	uint64_t now = loop_now_ms();
	size_t want = sizeof rbuf;
	ssize_t n;
	(void)what;

	if (c->mode != CONN_DETECT && !c->closing) {
		uint32_t avail = rate_avail(&c->m.bytes, &lim(c)->bytes, now);
		if (avail == 0) {
			throttle(c, now, rate_wait(&c->m.bytes, &lim(c)->bytes,
			    now, THROTTLE_BYTES));
			return;
		}
		if (avail < want)
			want = avail;
	}
	n = read(fd, rbuf, want);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (c->closing) {
		if (n <= 0)
			conn_destroy(c); /* the peer finished, or left */
		return;          /* input after goodbye is discarded */
	}
	int mid = c->mode == CONN_FRAMED && frame_dec_partial(&c->in.dec.f);
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
	alive_heard(&c->al, now);
	rate_take(&c->m.bytes, &lim(c)->bytes, now, (uint32_t)n);
	if (c->mode == CONN_DETECT) {
		detect(c, rbuf, (size_t)n, now);
		return;
	}
	if (c->mode == CONN_LINE)
		n = (ssize_t)untelnet(c, rbuf, (size_t)n);
	feed(c, rbuf, (size_t)n, now);
}

/* The member may send again: serve what was held, then read again. */
static void
resume(struct conn *c)
{
	uint64_t now = loop_now_ms();
	c->throttled = 0;
	if (c->nheld) {
		feed(c, c->held, c->nheld, now);
		if (c->throttled || c->dead || c->closing)
			return;
	}
	event_add(&c->rev, NULL);
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	(void)fd, (void)what;
	if (c->closing)
		conn_destroy(c); /* the linger is over */
	else if (c->mode == CONN_DETECT)
		start(c, SNIFF_LINE, loop_now_ms()); /* silent, or text */
	else if (c->throttled)
		resume(c);
}

void
conn_check(struct conn *c, uint64_t now)
{
	const struct limits *l = lim(c);
	char text[128];

	if (c->closing || c->dead || c->mode == CONN_DETECT)
		return;
	if (!c->m.joined && now - c->born >= (uint64_t)l->join_ms) {
		snprintf(text, sizeof text, "no hello within %g seconds",
		    l->join_ms / 1000.0);
		conn_fail(c, ERR_TIMEOUT, text);
		return;
	}
	if (c->line_at && now - c->line_at >= (uint64_t)l->line_ms) {
		snprintf(text, sizeof text, "a line begun and not finished "
		    "within %g seconds", l->line_ms / 1000.0);
		conn_fail(c, ERR_TIMEOUT, text);
		return;
	}
	if (c->flood_at) {
		/* A pause ends a flood: a second in which it was not held
		 * back (a client keeping to its rate, whose lines came in a
		 * bunch once), or its bucket half full again. */
		if (!c->throttled && (now - c->held_at >= CONN_FLOOD_PAUSE_MS ||
		    rate_avail(&c->m.lines, &l->lines, now) >=
		    (l->lines.burst + 1) / 2)) {
			c->flood_at = 0;
		} else if (now - c->flood_at >= (uint64_t)l->flood_ms) {
			snprintf(text, sizeof text, "flooding: over the rate "
			    "limit for %g seconds", l->flood_ms / 1000.0);
			conn_fail(c, ERR_FLOOD, text);
			return;
		}
	}
	/* Line clients (nc, telnet) cannot answer a ping: keepalive finds
	 * the dead among them. A throttled member is not read, so its
	 * silence means nothing. */
	if (!c->m.joined || c->mode != CONN_FRAMED)
		return;
	if (c->flood_at) {
		alive_heard(&c->al, now);
		return;
	}
	enum alive_verdict v = alive_check(&c->al, now);
	if (v == ALIVE_PING) {
		struct msg ping = { .type = MSG_PING };
		ping.s[0] = msg_str("lanchatd");
		room_send(room(c), &c->m, &ping);
	} else if (v == ALIVE_GONE) {
		conn_close(c, "ping timeout");
	}
}
