/* find: queries out, answers in, greetings checked. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "find.h"
#include "frame.h"
#include "mdns.h"
#include "msg.h"

#define ROUNDS 3
static const int round_ms[ROUNDS] = { 0, 300, 700 };

/* A room being checked: its greeting read over TCP. */
struct check {
	struct find *f;
	struct bufferevent *bev;
	struct find_room room;
	struct check *next;
};

struct find {
	struct event_base *base;
	const struct find_ops *ops;
	void *arg;
	uint16_t port;
	uint32_t nonce;
	int fd[2];               /* IPv4, IPv6; -1 when not open */
	struct event *ev[2];
	struct event *timer;
	int round;
	size_t sent;             /* queries that left */
	int window_over;
	uint64_t waited;         /* ms past the window, for Avahi */
	struct check *checks;
	struct mdns *md;         /* DNS-SD browsing, when Avahi is there */
	uint32_t seen[FIND_ROOMS]; /* instances answered, checked or not */
	size_t nseen;
	struct find_room rooms[FIND_ROOMS];
	size_t n;
	int done;
};

int
find_facts(const char *p, size_t n, unsigned *port, long *members,
    long *up_s, int *private_)
{
	char buf[128];
	if (n >= sizeof buf)
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	*port = 0;
	*members = *up_s = -1;
	*private_ = 0;
	char *save = NULL;
	for (char *w = strtok_r(buf, " ", &save); w;
	    w = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(w, '='), *end;
		if (eq == NULL || eq[1] == '\0')
			continue;
		long v = strtol(eq + 1, &end, 10);
		if (*end != '\0' || v < 0)
			continue; /* a fact we cannot read, or do not know */
		*eq = '\0';
		if (strcmp(w, "port") == 0 && v > 0 && v < 65536)
			*port = (unsigned)v;
		else if (strcmp(w, "members") == 0)
			*members = v;
		else if (strcmp(w, "up") == 0)
			*up_s = v;
		else if (strcmp(w, "private") == 0)
			*private_ = v != 0;
	}
	return *port ? 0 : -1;
}

void
find_name(const char *info, char *buf, size_t size)
{
	const char *cut = strstr(info, ", lanchat");
	size_t n = cut && cut > info ? (size_t)(cut - info) : strlen(info);
	snprintf(buf, size, "%.*s", (int)n, info);
}

static void
finish(struct find *f, const char *why)
{
	if (f->done)
		return;
	f->done = 1;
	f->ops->done(f->arg, f->n, f->n ? NULL : why);
}

/* The window is over and no check is left: the search is. */
static void
maybe_done(struct find *f)
{
	if (!f->window_over || f->checks)
		return;
	finish(f, f->sent == 0 ? "no network interface is up to look on "
	    "(IPv4 with a broadcast address, or IPv6)" : "no room answered: "
	    "there may be none on this network, or the network keeps "
	    "devices apart (Wi-Fi client isolation, a firewall dropping UDP "
	    "port 2428)");
}

static void
check_free(struct check *c)
{
	struct find *f = c->f;
	for (struct check **pp = &f->checks; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	bufferevent_free(c->bev);
	free(c);
}

/* The greeting is whole: it must be the one a room of that name sends. */
static void
on_check_read(struct bufferevent *bev, void *arg)
{
	struct check *c = arg;
	struct find *f = c->f;
	char want[FRAME_GREET_MAX], got[FRAME_GREET_MAX];
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t n = evbuffer_copyout(in, got, sizeof got - 1);
	got[n] = '\0';
	char *lf = memchr(got, '\n', n), *open = strstr(got, " room ("), *close;
	if (c->room.info[0] == '\0') {
		/* Found through DNS-SD: what the room is called is what its
		 * greeting says. */
		if (lf == NULL && n < sizeof got - 1)
			return; /* more to come */
		if (lf && open && open < lf && (close = memrchr(got, ')',
		    (size_t)(lf - got))) && close > open + 7 &&
		    frame_greeting_version(got, (size_t)(lf - got)) ==
		    MSG_VERSION)
			snprintf(c->room.info, sizeof c->room.info, "%.*s",
			    (int)(close - open - 7), open + 7);
	}
	size_t wl = frame_greeting(want, sizeof want, MSG_VERSION, c->room.info);
	if (n < wl && n < sizeof got - 1)
		return; /* more to come */
	int again = 0; /* heard both ways, or at two addresses */
	for (size_t i = 0; c->room.instance && i < f->n; i++)
		again |= f->rooms[i].instance == c->room.instance;
	if (c->room.info[0] && n >= wl && memcmp(got, want, wl) == 0 &&
	    f->n < FIND_ROOMS && !again) {
		f->rooms[f->n++] = c->room;
		f->ops->room(f->arg, &c->room);
	}
	check_free(c);
	maybe_done(f);
}

static void
on_check_event(struct bufferevent *bev, short what, void *arg)
{
	struct check *c = arg;
	struct find *f = c->f;
	(void)bev;
	if (what & BEV_EVENT_CONNECTED)
		return;
	check_free(c); /* refused, reset or too slow: not a room there */
	maybe_done(f);
}

static void
start_check(struct find *f, const struct sockaddr_storage *src,
    socklen_t sl, const struct find_room *room)
{
	struct check *c = calloc(1, sizeof *c);
	struct timeval tv = { FIND_CHECK_MS / 1000, FIND_CHECK_MS % 1000 *
	    1000 };
	if (c == NULL)
		return;
	c->f = f;
	c->room = *room;
	c->bev = bufferevent_socket_new(f->base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		free(c);
		return;
	}
	bufferevent_setcb(c->bev, on_check_read, NULL, on_check_event, c);
	bufferevent_set_timeouts(c->bev, &tv, &tv);
	bufferevent_enable(c->bev, EV_READ);
	c->next = f->checks;
	f->checks = c;
	if (bufferevent_socket_connect(c->bev, (const struct sockaddr *)src,
	    (int)sl) < 0)
		check_free(c);
}

int
find_parse(const uint8_t *buf, size_t len, uint32_t nonce,
    struct find_room *r, unsigned *port)
{
	struct msg m;
	memset(r, 0, sizeof *r);
	if (len < FRAME_HDR || frame_get_len(buf) != len - FRAME_HDR ||
	    msg_decode(buf + FRAME_HDR, len - FRAME_HDR, &m) != MSG_OK ||
	    m.type != MSG_HERE || m.num != nonce || m.s[0].len == 0 ||
	    m.s[0].len >= sizeof r->info ||
	    memchr(m.s[0].p, '\n', m.s[0].len) ||
	    memchr(m.s[0].p, '\0', m.s[0].len) ||
	    find_facts(m.s[1].p, m.s[1].len, port, &r->members, &r->up_s,
	    &r->private_) < 0)
		return -1;
	r->instance = m.seq;
	memcpy(r->info, m.s[0].p, m.s[0].len);
	return 0;
}

/* A room DNS-SD found: checked by its greeting like the others, and
 * listed once when its instance was heard by a query too. */
static void
on_mdns(void *arg, const struct sockaddr_storage *ss, socklen_t sl,
    const char *name, uint32_t instance)
{
	struct find *f = arg;
	struct find_room r = { .members = -1, .up_s = -1,
	    .instance = instance };
	(void)name; /* the greeting names it */
	if (f->done)
		return;
	/* Each address it resolves to is tried (a room may listen on one
	 * family only); the first that answers is listed. */
	net_addr_str((const struct sockaddr *)ss, r.addr, sizeof r.addr);
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->rooms[i].addr, r.addr) == 0 ||
		    (instance && f->rooms[i].instance == instance))
			return;
	start_check(f, ss, sl, &r);
}

/* One answer: ours, from the link, from the port asked, new. */
static void
take(struct find *f, const uint8_t *buf, size_t len, int hops,
    struct sockaddr_storage *src, socklen_t sl)
{
	struct find_room r;
	unsigned port;
	uint16_t from = src->ss_family == AF_INET ?
	    ntohs(((struct sockaddr_in *)src)->sin_port) :
	    ntohs(((struct sockaddr_in6 *)src)->sin6_port);
	if (hops != MSG_LINK_HOPS || from != f->port ||
	    find_parse(buf, len, f->nonce, &r, &port) < 0)
		return;
	for (size_t i = 0; i < f->nseen; i++)
		if (f->seen[i] == r.instance)
			return; /* heard already, on another address */
	if (f->nseen == FIND_ROOMS)
		return;
	f->seen[f->nseen++] = r.instance;
	/* The room is where the answer came from, on the port it names. */
	if (src->ss_family == AF_INET)
		((struct sockaddr_in *)src)->sin_port = htons((uint16_t)port);
	else
		((struct sockaddr_in6 *)src)->sin6_port = htons((uint16_t)port);
	net_addr_str((struct sockaddr *)src, r.addr, sizeof r.addr);
	start_check(f, src, sl, &r);
}

static void
on_read(evutil_socket_t fd, short what, void *arg)
{
	struct find *f = arg;
	uint8_t buf[MSG_DGRAM_MAX + 1], ctl[NET_HOPS_CMSG];
	(void)what;
	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage src;
		struct iovec iov = { buf, sizeof buf };
		struct msghdr mh = { .msg_name = &src, .msg_namelen = sizeof src,
		    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
		    .msg_controllen = sizeof ctl };
		ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
		if (n < 0)
			return;
		if ((size_t)n <= MSG_DGRAM_MAX && !(mh.msg_flags & MSG_TRUNC))
			take(f, buf, (size_t)n, net_recv_hops(&mh), &src,
			    mh.msg_namelen);
	}
}

static void
send_to(struct find *f, int fd, const struct sockaddr *sa, socklen_t sl,
    const uint8_t *q, size_t n)
{
	if (fd >= 0 && sendto(fd, q, n, 0, sa, sl) == (ssize_t)n)
		f->sent++;
}

/* One round of queries: every IPv4 subnet's broadcast address (the
 * interface named, so a LAN with no default route works), and all nodes
 * on every IPv6 interface. */
static void
send_round(struct find *f)
{
	uint8_t q[MSG_FIND_MIN], pad[MSG_FIND_MIN];
	struct msg m = { .type = MSG_FIND, .num = f->nonce };
	struct ifaddrs *ifs, *i;
	unsigned done6[64];
	size_t n6 = 0;
	memset(pad, 0, sizeof pad);
	m.s[0] = (struct msg_str){ (const char *)pad, MSG_FIND_MIN -
	    FRAME_HDR - 2 - 4 - 2 };
	int n = msg_encode(&m, q, sizeof q);
	if (n <= 0 || getifaddrs(&ifs) < 0)
		return;
	for (i = ifs; i; i = i->ifa_next) {
		if (i->ifa_addr == NULL || !(i->ifa_flags & IFF_UP) ||
		    (i->ifa_flags & IFF_LOOPBACK))
			continue;
		if (i->ifa_addr->sa_family == AF_INET &&
		    (i->ifa_flags & IFF_BROADCAST) && i->ifa_netmask) {
			/* The subnet's broadcast address, from the address
			 * and its mask: an interface given none ("ip addr add"
			 * without brd) reports its own address there. */
			struct sockaddr_in b;
			memcpy(&b, i->ifa_addr, sizeof b);
			b.sin_addr.s_addr |= ~((struct sockaddr_in *)
			    i->ifa_netmask)->sin_addr.s_addr;
			b.sin_port = htons(f->port);
			send_to(f, f->fd[0], (struct sockaddr *)&b, sizeof b, q,
			    (size_t)n);
		} else if (i->ifa_addr->sa_family == AF_INET6 &&
		    (i->ifa_flags & IFF_MULTICAST)) {
			unsigned idx = if_nametoindex(i->ifa_name), k;
			for (k = 0; k < n6 && done6[k] != idx; k++)
				;
			if (idx == 0 || k < n6 || n6 == 64)
				continue;
			done6[n6++] = idx;
			struct sockaddr_in6 a = { .sin6_family = AF_INET6,
			    .sin6_port = htons(f->port), .sin6_scope_id = idx };
			inet_pton(AF_INET6, "ff02::1", &a.sin6_addr);
			setsockopt(f->fd[1], IPPROTO_IPV6, IPV6_MULTICAST_IF,
			    &idx, sizeof idx);
			send_to(f, f->fd[1], (struct sockaddr *)&a, sizeof a, q,
			    (size_t)n);
		}
	}
	freeifaddrs(ifs);
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct find *f = arg;
	(void)fd, (void)what;
	if (f->round < ROUNDS) {
		send_round(f);
		f->round++;
		int next = f->round < ROUNDS ? round_ms[f->round] : FIND_MS;
		int ms = next - round_ms[f->round - 1];
		struct timeval tv = { ms / 1000, ms % 1000 * 1000 };
		evtimer_add(f->timer, &tv);
		return;
	}
	/* Avahi may still be telling or resolving what it knows (slow on
	 * a busy machine): looked at again every 100 ms, for a bounded
	 * while. */
	if (mdns_busy(f->md) && f->waited < FIND_DNSSD_MS - FIND_MS) {
		struct timeval tv = { 0, 100000 };
		f->waited += 100;
		evtimer_add(f->timer, &tv);
		return;
	}
	f->window_over = 1;
	maybe_done(f);
}

static int
open_socket(int family)
{
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int on = 1;
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof on);
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
	net_link_hops(fd, family);
	return fd;
}

struct find *
find_start(struct event_base *base, const char *port,
    const struct find_ops *ops, void *arg, char *err, size_t errlen)
{
	struct find *f = calloc(1, sizeof *f);
	char *end;
	long p = strtol(port ? port : NET_PORT_DEFAULT, &end, 10);
	if (f == NULL || *end != '\0' || p <= 0 || p > 65535) {
		snprintf(err, errlen, f ? "bad port %s" : "out of memory", port);
		free(f);
		return NULL;
	}
	f->base = base;
	f->ops = ops;
	f->arg = arg;
	f->port = (uint16_t)p;
	if (getrandom(&f->nonce, sizeof f->nonce, 0) != sizeof f->nonce)
		f->nonce = (uint32_t)getpid() ^ (uint32_t)(uintptr_t)f;
	f->fd[0] = open_socket(AF_INET);
	f->fd[1] = open_socket(AF_INET6);
	if (f->fd[0] < 0 && f->fd[1] < 0) {
		snprintf(err, errlen, "cannot open a UDP socket: %s",
		    strerror(errno));
		find_free(f);
		return NULL;
	}
	for (int k = 0; k < 2; k++)
		if (f->fd[k] >= 0 && ((f->ev[k] = event_new(base, f->fd[k],
		    EV_READ | EV_PERSIST, on_read, f)) == NULL ||
		    event_add(f->ev[k], NULL) < 0)) {
			snprintf(err, errlen, "cannot watch a UDP socket");
			find_free(f);
			return NULL;
		}
	f->md = mdns_browse(base, on_mdns, f);
	struct timeval now = { 0, 0 };
	if ((f->timer = evtimer_new(base, on_timer, f)) == NULL ||
	    evtimer_add(f->timer, &now) < 0) {
		snprintf(err, errlen, "out of memory");
		find_free(f);
		return NULL;
	}
	return f;
}

const struct find_room *
find_rooms(const struct find *f, size_t *n)
{
	*n = f->n;
	return f->rooms;
}

void
find_free(struct find *f)
{
	if (f == NULL)
		return;
	mdns_free(f->md);
	while (f->checks)
		check_free(f->checks);
	for (int k = 0; k < 2; k++) {
		if (f->ev[k])
			event_free(f->ev[k]);
		if (f->fd[k] >= 0)
			close(f->fd[k]);
	}
	if (f->timer)
		event_free(f->timer);
	free(f);
}
