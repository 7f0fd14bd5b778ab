/* net: listening, naming addresses and tuning sockets. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net.h"

int
net_split_hostport(const char *s, char *host, size_t hostlen, char *port,
    size_t portlen, char *err, size_t errlen)
{
	const char *h = s, *p = NULL;
	size_t hl;

	if (*s == '[') {
		const char *end = strchr(s, ']');
		if (end == NULL) {
			snprintf(err, errlen, "missing ']' in %s", s);
			return -1;
		}
		h = s + 1;
		hl = end - h;
		if (end[1] == ':')
			p = end + 2;
		else if (end[1] != '\0') {
			snprintf(err, errlen, "unexpected text after ']' in %s", s);
			return -1;
		}
	} else {
		const char *colon = strchr(s, ':');
		if (colon && strchr(colon + 1, ':'))
			colon = NULL; /* a bare IPv6 address */
		hl = colon ? (size_t)(colon - s) : strlen(s);
		if (colon)
			p = colon + 1;
	}
	if (hl == 0 || hl >= hostlen) {
		snprintf(err, errlen, "bad host in %s", s);
		return -1;
	}
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (p && (*p == '\0' || strlen(p) >= portlen ||
	    strspn(p, "0123456789") != strlen(p))) {
		snprintf(err, errlen, "bad port in %s", s);
		return -1;
	}
	snprintf(port, portlen, "%s", p ? p : NET_PORT_DEFAULT);
	return 0;
}

int
net_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* Low latency matters more than packet count for chat lines. */
void
net_tune(int fd, const struct net_keepalive *ka)
{
	int on = 1;
	int idle = ka && ka->idle ? ka->idle : NET_KEEPIDLE_S;
	int intvl = ka && ka->idle ? ka->intvl : NET_KEEPINTVL_S;
	int cnt = ka && ka->idle ? ka->cnt : NET_KEEPCNT;
	unsigned user = (unsigned)(idle + intvl * cnt) * 1000;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
	setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user, sizeof user);
}

int
net_keepalive_parse(const char *s, struct net_keepalive *ka)
{
	char tail;
	int idle, intvl, cnt;
	if (sscanf(s, "%d,%d,%d%c", &idle, &intvl, &cnt, &tail) != 3 ||
	    idle < 1 || idle > 32767 || intvl < 1 || intvl > 32767 ||
	    cnt < 1 || cnt > 127)
		return -1;
	ka->idle = idle;
	ka->intvl = intvl;
	ka->cnt = cnt;
	return 0;
}

static int
listen_one(const struct addrinfo *ai, char *err, size_t errlen)
{
	int on = 1, fd;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
	    ai->ai_protocol);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	if (ai->ai_family == AF_INET6) {
		/* Dual-stack on the wildcard; exactly what was asked otherwise. */
		int v6only = 0;
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ai->ai_addr;
		if (!IN6_IS_ADDR_UNSPECIFIED(&s6->sin6_addr))
			v6only = 1;
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
		    sizeof v6only);
	}
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 ||
	    listen(fd, 1024) < 0 || net_nonblock(fd) < 0) {
		char a[NET_ADDR_MAX];
		net_addr_str(ai->ai_addr, a, sizeof a);
		snprintf(err, errlen, "cannot listen on %s: %s", a,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void
set_port(struct sockaddr *sa, int port)
{
	if (sa->sa_family == AF_INET)
		((struct sockaddr_in *)sa)->sin_port = htons(port);
	else if (sa->sa_family == AF_INET6)
		((struct sockaddr_in6 *)sa)->sin6_port = htons(port);
}

int
net_listen(const char *host, const char *port, int *fds, int max, char *err,
    size_t errlen)
{
	struct addrinfo hints, *res, *ai;
	int n = 0, rc, chosen = 0;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = host ? AF_UNSPEC : AF_INET6;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0 && host == NULL) {
		hints.ai_family = AF_INET; /* a host without IPv6 */
		rc = getaddrinfo(host, port, &hints, &res);
	}
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", host ? host : "*",
		    gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai && n < max; ai = ai->ai_next) {
		if (chosen)
			set_port(ai->ai_addr, chosen);
		int fd = listen_one(ai, err, errlen);
		if (fd < 0 && host == NULL && ai->ai_family == AF_INET6) {
			struct sockaddr_in any4 = { .sin_family = AF_INET,
			    .sin_port = ((struct sockaddr_in6 *)ai->ai_addr)->sin6_port };
			struct addrinfo v4 = *ai;
			v4.ai_family = AF_INET;
			v4.ai_addr = (struct sockaddr *)&any4;
			v4.ai_addrlen = sizeof any4;
			fd = listen_one(&v4, err, errlen);
		}
		if (fd < 0) {
			while (n > 0)
				close(fds[--n]);
			freeaddrinfo(res);
			return -1;
		}
		fds[n++] = fd;
		/* Every socket of one server shares the port picked first. */
		if (chosen == 0)
			chosen = net_local_port(fd);
	}
	freeaddrinfo(res);
	return n;
}

void
net_addr_str(const struct sockaddr *sa, char *buf, size_t len)
{
	char h[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, h, sizeof h);
		snprintf(buf, len, "%s:%u", h, ntohs(s4->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
			inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], h,
			    sizeof h);
			snprintf(buf, len, "%s:%u", h, ntohs(s6->sin6_port));
		} else {
			/* A link-local address means nothing without its
			 * interface: fe80::1%eth0, as getaddrinfo reads it. */
			char scope[IF_NAMESIZE + 1] = "";
			inet_ntop(AF_INET6, &s6->sin6_addr, h, sizeof h);
			if (IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr) &&
			    s6->sin6_scope_id &&
			    if_indextoname(s6->sin6_scope_id, scope + 1))
				scope[0] = '%';
			snprintf(buf, len, "[%s%s]:%u", h, scope,
			    ntohs(s6->sin6_port));
		}
	} else {
		snprintf(buf, len, "?");
	}
}

int
net_local_str(int fd, char *buf, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0)
		return -1;
	net_addr_str((struct sockaddr *)&ss, buf, len);
	return 0;
}

int
net_local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0)
		return -1;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

void
net_link_hops(int fd, int family)
{
	int on = 1, hops = 255;
	/* IPv4 options apply to the IPv4 traffic of a dual-stack socket
	 * too; what a family lacks fails quietly. */
	setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &on, sizeof on);
	setsockopt(fd, IPPROTO_IP, IP_TTL, &hops, sizeof hops);
	setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &hops, sizeof hops);
	if (family == AF_INET6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on);
		setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops,
		    sizeof hops);
		setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
		    sizeof hops);
	}
}

int
net_recv_hops(const struct msghdr *mh)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR((struct msghdr *)mh); c;
	    c = CMSG_NXTHDR((struct msghdr *)mh, c)) {
		int v;
		if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
		    (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_HOPLIMIT)) {
			memcpy(&v, CMSG_DATA(c), sizeof v);
			return v;
		}
	}
	return -1;
}
