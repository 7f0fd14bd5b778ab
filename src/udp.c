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

#include "frame.h"
#include "log.h"
#include "loop.h"
#include "net.h"
#include "seqwin.h"
#include "text.h"
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
	int expire_s;
	struct udp_stats st;
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
udp_new(struct event_base *base, struct room *room, const int *tcpfds, int n,
    int expire_s, char *err, size_t errlen)
{
	struct udp *u = calloc(1, sizeof *u);
	struct timeval tv = { 0, UDP_TICK_MS * 1000 };

	if (u == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	u->base = base;
	u->room = room;
	u->expire_s = expire_s > 0 ? expire_s : UDP_EXPIRE_S;
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

const struct udp_stats *
udp_stats(const struct udp *u)
{
	return &u->st;
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

/* Compares tokens in constant time: timing tells an attacker nothing. */
static int
token_ok(const struct usess *s, const struct msg_str *t)
{
	uint8_t d = t->len != MSG_TOKEN_LEN;
	for (size_t i = 0; i < MSG_TOKEN_LEN && t->len == MSG_TOKEN_LEN; i++)
		d |= s->token[i] ^ (uint8_t)t->p[i];
	return d == 0;
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

static void
on_dgram(struct udp *u, int fd, const uint8_t *buf, size_t len,
    const struct sockaddr_storage *src, socklen_t sl, uint64_t now)
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
	if (m.type != MSG_UREG && m.type != MSG_USAY && m.type != MSG_UACT) {
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
		u->st.stolen++; /* a good token from another address */
		return;
	}
	if (m.type == MSG_UREG) {
		if (!s->bound)
			bind_sess(u, s, fd, src, sl);
		s->last = now;
		uint8_t ack[16];
		struct msg a = { .type = MSG_UACK, .num = s->id };
		int n = msg_encode(&a, ack, sizeof ack);
		/* 10 bytes back for a 28-byte registration: no amplifier. */
		if (n > 0 && (size_t)n <= len)
			sendto(fd, ack, n, 0, (const struct sockaddr *)src, sl);
		return;
	}
	if (!s->bound) {
		u->st.forged++; /* chat before registering */
		return;
	}
	s->last = now;
	enum seqwin_result r = seqwin_take(&s->up, m.seq, now, &s->lost);
	if (r == SEQ_DUP || r == SEQ_STALE) {
		u->st.dup++;
		return;
	}
	char why[128], text[192];
	const struct msg_str *t = &m.s[1];
	if (t->len == 0 || text_check(t->p, t->len, why, sizeof why) < 0) {
		u->st.badtext++;
		snprintf(text, sizeof text, "refused: %s; it was not sent",
		    t->len ? why : "empty message");
		room_error(u->room, s->m, ERR_BAD_TEXT, text);
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
			on_dgram(u, fd, bufs[i], mm[i].msg_len, &src[i],
			    mm[i].msg_hdr.msg_namelen, now);
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

static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct udp *u = arg;
	uint64_t now = loop_now_ms();
	char text[128];
	(void)fd, (void)what;

	for (size_t i = 0; i < u->nrx; i++) {
		struct usess *s = u->rx[i];
		s->lost += seqwin_expire(&s->up, now);
		if (s->lost) {
			snprintf(text, sizeof text, "%u message%s from %s %s lost "
			    "on the way to the server", s->lost, s->lost == 1 ?
			    "" : "s", s->m->nick, s->lost == 1 ? "was" : "were");
			room_notice_all(u->room, text);
			s->lost = 0;
		}
	}
	if (now - u->last_expiry < 1000)
		return;
	u->last_expiry = now;
	for (size_t i = 0; i < u->nrx;) {
		struct usess *s = u->rx[i];
		if (now - s->last < (uint64_t)u->expire_s * 1000) {
			i++;
			continue;
		}
		u->st.expired++;
		log_msg(LOGL_INFO, "udp %s %s expired", s->m->addr, s->m->nick);
		snprintf(text, sizeof text, "no datagram for %d seconds",
		    u->expire_s);
		udp_revoke(u, s->m, text);
	}
}
