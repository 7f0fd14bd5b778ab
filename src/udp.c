/* udp: sessions, datagram checks, and fan-out with sendmmsg. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "disco.h"
#include "frame.h"
#include "gate.h"
#include "log.h"
#include "loop.h"
#include "net.h"
#include "seqwin.h"
#include "udp.h"

#define BATCH 64 /* datagrams per sendmmsg / recvmmsg */

struct usess {
	uint32_t id;
	uint8_t token[MSG_TOKEN_LEN];
	uint8_t bound;
	int fd; /* the socket it registered on: replies leave from there */
	struct sockaddr_storage addr;
	socklen_t alen;
	uint64_t last; /* ms of its last datagram */
	struct seqwin up;
	uint32_t lost;   /* uplink losses not yet told */
	uint64_t told;   /* ms of the last loss notice about it */
	/* The challenge out for an address not proven yet. */
	uint8_t chal[MSG_CHAL_LEN];
	struct sockaddr_storage caddr;
	socklen_t calen;
	int cfd;
	uint64_t chal_at; /* ms it was sent; 0: none out */
	size_t rxidx;    /* position in the receivers array */
	struct member *m;
};

struct udp {
	struct event_base *base;
	struct room *room;
	int fd[UDP_SOCKETS];
	struct event *ev[UDP_SOCKETS];
	int n;
	struct usess **slot; /* session id - 1 indexes this */
	size_t nslot;
	struct usess **rx;   /* bound sessions: the fan-out list */
	size_t nrx, caprx;
	struct event *tick;
	uint64_t last_expiry;
	const struct limits *lim;
	const struct gate *gate; /* a private room's: text is sealed */
	struct udp_stats st;
	struct disco disco; /* answers to room-finding queries */
};

static void udp_read(evutil_socket_t fd, short what, void *arg);
static void fanout(void *arg, const uint8_t *dgram, size_t len);

static int
open_beside(int tcpfd, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	int fd, on = 1, off = 0;

	if (getsockname(tcpfd, (struct sockaddr *)&ss, &sl) < 0 ||
	    (fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) < 0) {
		snprintf(err, errlen, "UDP socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	net_link_hops(fd, ss.ss_family);
	if (ss.ss_family == AF_INET6) {
		int v6only = 0;
		socklen_t l = sizeof v6only;
		getsockopt(tcpfd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &l);
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, v6only ? &on : &off,
		    sizeof on);
	}
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0) {
		char a[NET_ADDR_MAX];
		net_addr_str((struct sockaddr *)&ss, a, sizeof a);
		snprintf(err, errlen, "cannot receive UDP on %s: %s", a,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void
on_tick(evutil_socket_t fd, short what, void *arg);

struct udp *
udp_new(struct event_base *base, struct room *room, const struct limits *lim,
    const struct gate *gate, const int *tcpfds, int n, char *err,
    size_t errlen)
{
	struct udp *u = calloc(1, sizeof *u);
	struct timeval tv = { 0, UDP_TICK_MS * 1000 };

	if (u == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	u->base = base;
	u->room = room;
	u->lim = lim;
	u->gate = gate;
	disco_init(&u->disco, loop_now_ms());
	for (int i = 0; i < n && i < UDP_SOCKETS; i++) {
		int fd = open_beside(tcpfds[i], err, errlen);
		if (fd < 0) {
			udp_free(u);
			return NULL;
		}
		u->fd[u->n] = fd;
		u->ev[u->n] = event_new(base, fd, EV_READ | EV_PERSIST,
		    udp_read, u);
		u->n++;
		if (u->ev[u->n - 1] == NULL ||
		    event_add(u->ev[u->n - 1], NULL) < 0) {
			snprintf(err, errlen, "cannot watch a UDP socket");
			udp_free(u);
			return NULL;
		}
	}
	u->tick = event_new(base, -1, EV_PERSIST, on_tick, u);
	if (u->tick == NULL || evtimer_add(u->tick, &tv) < 0) {
		snprintf(err, errlen, "out of memory");
		udp_free(u);
		return NULL;
	}
	room_set_fanout(room, fanout, u);
	return u;
}

static void
unbind(struct udp *u, struct usess *s)
{
	if (!s->bound)
		return;
	s->bound = 0;
	u->rx[s->rxidx] = u->rx[--u->nrx];
	u->rx[s->rxidx]->rxidx = s->rxidx;
	room_udp_rx(u->room, s->m, 0);
}

void
udp_revoke(struct udp *u, struct member *m, const char *why)
{
	struct usess *s = m->u;
	if (s == NULL)
		return;
	unbind(u, s);
	u->slot[s->id - 1] = NULL;
	m->u = NULL;
	free(s);
	if (why) {
		struct msg end = { .type = MSG_UDP_END };
		end.s[0] = msg_str(why);
		room_send(u->room, m, &end);
	}
}

void
udp_free(struct udp *u)
{
	if (u == NULL)
		return;
	for (size_t i = 0; i < u->nslot; i++)
		if (u->slot[i])
			udp_revoke(u, u->slot[i]->m, NULL);
	for (int i = 0; i < u->n; i++) {
		if (u->ev[i])
			event_free(u->ev[i]);
		close(u->fd[i]);
	}
	if (u->tick)
		event_free(u->tick);
	room_set_fanout(u->room, NULL, NULL);
	free(u->slot);
	free(u->rx);
	free(u);
}

const struct udp_stats *udp_stats(const struct udp *u) { return &u->st; }
uint32_t udp_instance(const struct udp *u) { return u->disco.instance; }

void
udp_log_stats(const struct udp *u)
{
	const struct udp_stats *st = &u->st;
	disco_log_stats(&u->disco);
	if (st->received == 0)
		return;
	log_msg(LOGL_INFO, "udp: %llu datagrams received, %llu relayed, %llu "
	    "challenges, %llu registrations; dropped: %llu malformed, %llu "
	    "oversize, %llu unknown, %llu forged, %llu stolen, %llu unproven, "
	    "%llu duplicate, %llu bad text, %llu over the rate; %llu expired",
	    (unsigned long long)st->received, (unsigned long long)st->relayed,
	    (unsigned long long)st->challenged,
	    (unsigned long long)st->registered,
	    (unsigned long long)st->malformed,
	    (unsigned long long)st->oversize, (unsigned long long)st->unknown,
	    (unsigned long long)st->forged, (unsigned long long)st->stolen,
	    (unsigned long long)st->unproven, (unsigned long long)st->dup,
	    (unsigned long long)st->badtext, (unsigned long long)st->throttled,
	    (unsigned long long)st->expired);
}

int
udp_grant(struct udp *u, struct member *m)
{
	struct usess *s = m->u;
	size_t i;

	if (s == NULL) {
		for (i = 0; i < u->nslot && u->slot[i]; i++)
			;
		if (i == u->nslot) {
			size_t n = u->nslot ? u->nslot * 2 : 16;
			struct usess **sl = realloc(u->slot, n * sizeof *sl);
			if (sl == NULL)
				return -1;
			memset(sl + u->nslot, 0, (n - u->nslot) * sizeof *sl);
			u->slot = sl;
			u->nslot = n;
		}
		if ((s = calloc(1, sizeof *s)) == NULL)
			return -1;
		s->id = (uint32_t)i + 1;
		s->m = m;
		u->slot[i] = s;
		m->u = s;
	}
	/* A new token, and a new binding: asking again starts over. */
	unbind(u, s);
	s->chal_at = 0;
	if (getrandom(s->token, sizeof s->token, 0) != sizeof s->token) {
		udp_revoke(u, m, NULL);
		return -1;
	}
	seqwin_init(&s->up);
	struct msg cred = { .type = MSG_UDP_CRED, .num = s->id };
	cred.s[0] = (struct msg_str){ (const char *)s->token, MSG_TOKEN_LEN };
	room_send(u->room, m, &cred);
	return 0;
}

/* Compares secrets in constant time: timing tells an attacker nothing. */
static int
same_bytes(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint8_t d = 0;
	for (size_t i = 0; i < n; i++)
		d |= a[i] ^ b[i];
	return d == 0;
}

static int
token_ok(const struct usess *s, const struct msg_str *t)
{
	return t->len == MSG_TOKEN_LEN &&
	    same_bytes(s->token, (const uint8_t *)t->p, MSG_TOKEN_LEN);
}

static int
same_addr(const struct usess *s, const struct sockaddr_storage *a,
    socklen_t l)
{
	return s->alen == l && memcmp(&s->addr, a, l) == 0;
}

static void
bind_sess(struct udp *u, struct usess *s, int fd,
    const struct sockaddr_storage *a, socklen_t l)
{
	if (u->nrx == u->caprx) {
		size_t n = u->caprx ? u->caprx * 2 : 16;
		struct usess **rx = realloc(u->rx, n * sizeof *rx);
		if (rx == NULL)
			return;
		u->rx = rx;
		u->caprx = n;
	}
	s->bound = 1;
	s->fd = fd;
	memcpy(&s->addr, a, l);
	s->alen = l;
	s->rxidx = u->nrx;
	u->rx[u->nrx++] = s;
	room_udp_rx(u->room, s->m, 1);
	u->st.registered++;
	log_msg(LOGL_INFO, "udp %s %s registered", s->m->addr, s->m->nick);
}

/* Sends a session-numbered answer (uack, uchal) no larger than what
 * asked for it: the server is never an amplifier. */
static void
reply(struct udp *u, struct usess *s, int fd,
    const struct sockaddr_storage *to, socklen_t tl, int type, size_t asked)
{
	uint8_t buf[32];
	struct msg a = { .type = type, .num = s->id };
	if (type == MSG_UCHAL)
		a.s[0] = (struct msg_str){ (const char *)s->chal, MSG_CHAL_LEN };
	int n = msg_encode(&a, buf, sizeof buf);
	(void)u;
	if (n > 0 && (size_t)n <= asked)
		sendto(fd, buf, (size_t)n, 0, (const struct sockaddr *)to, tl);
}

/* A registration from an address not proven for the session: the
 * address must show it can receive, by sending back a fresh challenge.
 * One challenge a session per UDP_CHAL_MS, so a forged source address
 * draws at most that many small datagrams to its victim. */
static void
challenge(struct udp *u, struct usess *s, int fd,
    const struct sockaddr_storage *src, socklen_t sl, size_t asked,
    uint64_t now)
{
	if (s->chal_at && now - s->chal_at < UDP_CHAL_MS)
		return;
	if (getrandom(s->chal, sizeof s->chal, 0) != sizeof s->chal)
		return;
	memcpy(&s->caddr, src, sl);
	s->calen = sl;
	s->cfd = fd;
	s->chal_at = now;
	u->st.challenged++;
	reply(u, s, fd, src, sl, MSG_UCHAL, asked);
}

/* The challenge came back: from the address it went to, in time, with
 * the token. Then the session is bound there. */
static void
prove(struct udp *u, struct usess *s, const struct msg *m, int fd,
    const struct sockaddr_storage *src, socklen_t sl, size_t len,
    uint64_t now)
{
	const struct msg_str *c = &m->s[1];
	if (s->chal_at == 0 || now - s->chal_at > UDP_CHAL_TTL_MS ||
	    s->calen != sl || memcmp(&s->caddr, src, sl) != 0 ||
	    c->len != MSG_CHAL_LEN ||
	    !same_bytes(s->chal, (const uint8_t *)c->p, MSG_CHAL_LEN)) {
		u->st.unproven++;
		return;
	}
	s->chal_at = 0;
	bind_sess(u, s, fd, src, sl);
	s->last = now;
	reply(u, s, fd, src, sl, MSG_UACK, len);
}

void
udp_input(struct udp *u, int fd, const uint8_t *buf, size_t len,
    const struct sockaddr_storage *src, socklen_t sl, int hops, uint64_t now)
{
	struct msg m;
	struct usess *s = NULL;

	u->st.received++;
	if (len < FRAME_HDR || frame_get_len(buf) != len - FRAME_HDR) {
		u->st.malformed++;
		return;
	}
	switch (msg_decode(buf + FRAME_HDR, len - FRAME_HDR, &m)) {
	case MSG_OK:
		break;
	case MSG_EUNKNOWN:
	case MSG_EVERSION:
		u->st.unknown++;
		return;
	default:
		u->st.malformed++;
		return;
	}
	if (m.type == MSG_FIND) {
		disco_reply(&u->disco, fd, &m, len, hops, src, sl, u->room,
		    u->gate != NULL, u->lim, now);
		return;
	}
	if (m.type != MSG_UREG && m.type != MSG_USAY && m.type != MSG_UACT &&
	    m.type != MSG_UPROVE) {
		u->st.unknown++;
		return;
	}
	if (m.num >= 1 && m.num <= u->nslot)
		s = u->slot[m.num - 1];
	if (s == NULL || !token_ok(s, &m.s[0])) {
		u->st.forged++;
		return;
	}
	if (s->bound && !same_addr(s, src, sl)) {
		/* A bound session stays where it was proven: a good token
		 * from elsewhere was seen on the wire, or the client moved
		 * (it asks again over TCP, for a new token). */
		u->st.stolen++;
		return;
	}
	if (m.type == MSG_UREG) {
		if (s->bound) {
			s->last = now;
			reply(u, s, fd, src, sl, MSG_UACK, len);
		} else {
			challenge(u, s, fd, src, sl, len, now);
		}
		return;
	}
	if (m.type == MSG_UPROVE) {
		if (!s->bound)
			prove(u, s, &m, fd, src, sl, len, now);
		return;
	}
	if (!s->bound) {
		u->st.forged++; /* chat before the address was proven */
		return;
	}
	s->last = now;
	enum seqwin_result r = seqwin_take(&s->up, m.seq, now, &s->lost);
	if (s->lost > UDP_LOSS_SHOWN)
		s->lost = UDP_LOSS_SHOWN + 1; /* "over" that many */
	if (r == SEQ_DUP || r == SEQ_STALE) {
		u->st.dup++;
		return;
	}
	/* A datagram costs what the same line costs over TCP; past the
	 * member's rate it is dropped (UDP cannot be made to wait). */
	if (!rate_take(&s->m->lines, &u->lim->lines, now, 1) ||
	    !rate_take(&s->m->bytes, &u->lim->bytes, now, (uint32_t)len)) {
		u->st.throttled++;
		return;
	}
	char why[192];
	const struct msg_str *t = &m.s[1];
	if (gate_text(u->gate, t->p, t->len, why, sizeof why) < 0) {
		u->st.badtext++;
		if (rate_take(&s->m->errors, &u->lim->errors, now, 1))
			room_error(u->room, s->m, ERR_BAD_TEXT, why);
		return;
	}
	u->st.relayed++;
	room_say(u->room, s->m, m.type == MSG_USAY ? MSG_CHAT : MSG_ACTION,
	    t->p, t->len, r == SEQ_LATE ? MSG_LATE : 0);
}

static void
udp_read(evutil_socket_t fd, short what, void *arg)
{
	struct udp *u = arg;
	static uint8_t bufs[BATCH][MSG_DGRAM_MAX + 1];
	static uint8_t ctl[BATCH][NET_HOPS_CMSG];
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_storage src[BATCH];
	uint64_t now = loop_now_ms();
	(void)what;

	for (int round = 0; round < 16; round++) {
		for (int i = 0; i < BATCH; i++) {
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = sizeof bufs[i];
			memset(&mm[i].msg_hdr, 0, sizeof mm[i].msg_hdr);
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
			mm[i].msg_hdr.msg_name = &src[i];
			mm[i].msg_hdr.msg_namelen = sizeof src[i];
			mm[i].msg_hdr.msg_control = ctl[i];
			mm[i].msg_hdr.msg_controllen = sizeof ctl[i];
		}
		int n = recvmmsg(fd, mm, BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return;
		for (int i = 0; i < n; i++) {
			if (mm[i].msg_len > MSG_DGRAM_MAX ||
			    (mm[i].msg_hdr.msg_flags & MSG_TRUNC)) {
				u->st.received++;
				u->st.oversize++;
				continue;
			}
			udp_input(u, fd, bufs[i], mm[i].msg_len, &src[i],
			    mm[i].msg_hdr.msg_namelen,
			    net_recv_hops(&mm[i].msg_hdr), now);
		}
		if (n < BATCH)
			return;
	}
}

/* One datagram to every bound session, BATCH at a time. */
static void
fanout(void *arg, const uint8_t *dgram, size_t len)
{
	struct udp *u = arg;
	struct mmsghdr mm[BATCH];
	struct iovec iov = { (void *)dgram, len };

	for (size_t i = 0; i < u->nrx;) {
		int k = 0, fd = u->rx[i]->fd;
		/* a batch leaves from one socket */
		while (k < BATCH && i < u->nrx && u->rx[i]->fd == fd) {
			struct usess *s = u->rx[i++];
			memset(&mm[k].msg_hdr, 0, sizeof mm[k].msg_hdr);
			mm[k].msg_hdr.msg_iov = &iov;
			mm[k].msg_hdr.msg_iovlen = 1;
			mm[k].msg_hdr.msg_name = &s->addr;
			mm[k].msg_hdr.msg_namelen = s->alen;
			k++;
		}
		for (int sent = 0; sent < k;) {
			int r = sendmmsg(fd, mm + sent, k - sent, 0);
			if (r <= 0) {
				/* A full buffer drops datagrams: that is UDP,
				 * and the receivers will say so. */
				break;
			}
			sent += r;
		}
	}
}

void
udp_tick(struct udp *u, uint64_t now)
{
	char text[128];

	for (size_t i = 0; i < u->nrx; i++) {
		struct usess *s = u->rx[i];
		s->lost += seqwin_expire(&s->up, now);
		/* One notice per member per loss-notice interval, however its
		 * numbers jump: a member cannot fill the room with them. */
		if (s->lost == 0 || (s->told &&
		    now - s->told < (uint64_t)u->lim->loss_notice_ms))
			continue;
		if (s->lost > UDP_LOSS_SHOWN)
			snprintf(text, sizeof text, "over %d messages from %s "
			    "were lost on the way to the server",
			    UDP_LOSS_SHOWN, s->m->nick);
		else
			snprintf(text, sizeof text, "%u message%s from %s %s "
			    "lost on the way to the server", s->lost,
			    s->lost == 1 ? "" : "s", s->m->nick,
			    s->lost == 1 ? "was" : "were");
		room_notice_all(u->room, text);
		s->lost = 0;
		s->told = now;
	}
	if (now - u->last_expiry < 1000)
		return;
	u->last_expiry = now;
	for (size_t i = 0; i < u->nrx;) {
		struct usess *s = u->rx[i];
		if (now - s->last < (uint64_t)u->lim->udp_expire_ms) {
			i++;
			continue;
		}
		u->st.expired++;
		log_msg(LOGL_INFO, "udp %s %s expired", s->m->addr, s->m->nick);
		snprintf(text, sizeof text, "no datagram for %g seconds",
		    u->lim->udp_expire_ms / 1000.0);
		udp_revoke(u, s->m, text);
	}
}

static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what;
	udp_tick(arg, loop_now_ms());
}

int
udp_peek(const struct member *m, uint32_t *id, uint8_t token[MSG_TOKEN_LEN],
    uint8_t chal[MSG_CHAL_LEN])
{
	const struct usess *s = m->u;
	if (s == NULL)
		return -1;
	*id = s->id;
	memcpy(token, s->token, MSG_TOKEN_LEN);
	memcpy(chal, s->chal, MSG_CHAL_LEN);
	return 0;
}
