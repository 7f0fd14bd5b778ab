/* net: socket helpers that know nothing of the event loop. Errors are
 * written into the caller's buffer, never printed. */
#ifndef NET_H
#define NET_H

#include <stddef.h>
#include <sys/socket.h>

#define NET_ADDR_MAX 80   /* "[v6 address%interface]:port" fits */
#define NET_HOST_MAX 256
#define NET_PORT_DEFAULT "2428"

/* Splits "host", "host:port", "[v6]:port" or "[v6]". */
int net_split_hostport(const char *s, char *host, size_t hostlen,
    char *port, size_t portlen, char *err, size_t errlen);
/* Opens listening TCP sockets on host (NULL: every IPv6 and IPv4 address)
 * and port ("0" picks one). Returns the number opened (at most max), or -1. */
int net_listen(const char *host, const char *port, int *fds, int max,
    char *err, size_t errlen);
/* TCP keepalive, so that a peer that vanished without a FIN or RST (cable
 * pulled, laptop closed) is noticed: probes after idle seconds of silence,
 * intvl apart, cnt of them; data left unacknowledged that long ends the
 * connection too (TCP_USER_TIMEOUT). The kernel's own defaults take over
 * two hours. */
#define NET_KEEPIDLE_S 60
#define NET_KEEPINTVL_S 10
#define NET_KEEPCNT 3

struct net_keepalive {
	int idle, intvl, cnt; /* idle 0: the defaults above */
};

int net_nonblock(int fd);
/* Low latency and keepalive on a TCP socket. */
void net_tune(int fd, const struct net_keepalive *ka);
/* Parses "IDLE,INTVL,CNT" (seconds, seconds, probes); -1 on a bad one. */
int net_keepalive_parse(const char *s, struct net_keepalive *ka);
/* "1.2.3.4:5" or "[::1]:5"; IPv4-mapped IPv6 is shown as IPv4. */
void net_addr_str(const struct sockaddr *sa, char *buf, size_t len);
int net_local_str(int fd, char *buf, size_t len);
int net_local_port(int fd);
/* Asks the kernel to tell each datagram's arriving hop limit (TTL) on a
 * UDP socket of family, and to send with 255, as a host on the link
 * does (RFC 5082); the room-finding datagrams need both. */
void net_link_hops(int fd, int family);
/* The hop limit a datagram arrived with, from recvmsg's control data;
 * -1 when not told. */
int net_recv_hops(const struct msghdr *mh);
/* Room for the control data net_recv_hops reads. */
#define NET_HOPS_CMSG 64

#endif
