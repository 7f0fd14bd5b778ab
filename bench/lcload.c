/* lcload: a load generator that speaks the lanchat protocol, the path real
 * lanchat clients take (fanout-bench in ../shared/bench covers line mode).
 *
 * N framed clients join a lanchatd on loopback; K of them send chat lines
 * at a fixed rate (or flat out, with a bounded window) over TCP or UDP;
 * every client receives, over TCP or as datagrams. Each line carries its
 * sender, a sequence number and its send time, so receivers measure
 * latency, deliveries, loss and duplicates. The server's CPU time comes
 * from /proc. The last line of output is "JSON {...}".
 *
 * Loopback only: any other target is refused. Every phase has a deadline.
 *
 * -S KEY joins a private room (doc/security.md) with its admission key in
 * hex (lanchatd --print-admission-key): built with -DLCLOAD_SODIUM and
 * libsodium, it answers each challenge with the proof. Lines are not
 * sealed: the server only checks their size, so -s with the size of a
 * sealed line (text + 52) costs it what real members' lines cost.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#ifdef LCLOAD_SODIUM
#include <sodium.h>
#endif

#define MAXK 64
#define LAT_MAX 1000000 /* latency samples kept */

enum { T_HELLO = 1, T_SAY = 2, T_PING = 8, T_PONG = 9, T_UDP_REQ = 0x0a,
	T_HISTORY_REQ = 0x0e, T_BACKLOG = 0x32, T_HISTORY = 0x33,
	T_WELCOME = 0x20, T_CHAT = 0x21, T_UDP_CRED = 0x2c, T_UREG = 0x40,
	T_UACK = 0x41, T_USAY = 0x42, T_UCHAT = 0x44, T_UCHAL = 0x46,
	T_UPROVE = 0x47, T_PROOF = 0x0f, T_CHALLENGE = 0x34 };

struct cl {
	int fd, ufd;
	int greeted, joined, udp_ok;
	int backlog;       /* -B: the backlog header came */
	uint32_t hist_left; /* its items still to come */
	uint32_t session;
	uint8_t token[16];
	uint8_t *in;
	size_t inlen, incap;
	uint8_t *out; /* unsent TCP bytes */
	size_t outlen, outcap;
	uint64_t got[MAXK]; /* highest seq seen from each sender */
	uint64_t sent, echoed;
};

static const char *opt_host = "127.0.0.1";
static int opt_port, opt_n = 100, opt_k = 1, opt_rate = 10, opt_dur = 5,
    opt_size = 64, opt_udp, opt_window = 64, opt_pid, opt_crate, opt_backlog,
    opt_private;
static uint8_t admit[32];
static struct cl *cls;
static int ep;
static uint64_t delivered, dups, gaps, sent_total, history_items;
static uint64_t *lat;
static size_t nlat;

static uint64_t
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void
die(const char *what)
{
	fprintf(stderr, "lcload: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static size_t
putstr(uint8_t *p, const void *s, size_t n)
{
	p[0] = n >> 8, p[1] = n;
	memcpy(p + 2, s, n);
	return 2 + n;
}

/* Frames a body (version and type already in b[4], b[5]). */
static size_t
frame(uint8_t *b, size_t bodylen)
{
	put32(b, bodylen);
	return 4 + bodylen;
}

static void
queue(struct cl *c, const uint8_t *p, size_t n)
{
	if (c->outlen + n > c->outcap) {
		c->outcap = (c->outlen + n) * 2;
		c->out = realloc(c->out, c->outcap);
	}
	memcpy(c->out + c->outlen, p, n);
	c->outlen += n;
}

static void
flush(struct cl *c)
{
	while (c->outlen) {
		ssize_t w = write(c->fd, c->out, c->outlen);
		if (w <= 0)
			return;
		memmove(c->out, c->out + w, c->outlen - w);
		c->outlen -= w;
	}
}

/* The line a sender sends: "~LC<k>:<seq>:<ns>" padded to opt_size. */
static size_t
payload(char *t, int k, uint64_t seq)
{
	int n = snprintf(t, 128, "~LC%d:%llu:%llu", k, (unsigned long long)seq,
	    (unsigned long long)now_ns());
	while (n < opt_size - 1)
		t[n++] = 'x';
	return n;
}

static void
send_line(int i, int k)
{
	struct cl *c = &cls[i];
	uint8_t b[4096];
	char t[2048];
	size_t tl = payload(t, k, c->sent + 1), o = 4;

	b[o++] = 1;
	if (opt_udp && c->udp_ok) {
		b[o++] = T_USAY;
		put32(b + o, c->session), o += 4;
		o += putstr(b + o, c->token, 16);
		put32(b + o, (uint32_t)(c->sent + 1)), o += 4;
		o += putstr(b + o, t, tl);
		size_t n = frame(b, o - 4);
		if (send(c->ufd, b, n, 0) != (ssize_t)n)
			return; /* a full buffer drops it, as UDP does */
	} else {
		b[o++] = T_SAY;
		o += putstr(b + o, t, tl);
		queue(c, b, frame(b, o - 4));
		flush(c);
	}
	c->sent++;
	sent_total++;
}

static void
on_line(int i, const uint8_t *s, size_t n, uint64_t now)
{
	char t[160];
	int k;
	unsigned long long seq, ns;
	if (n < 4 || memcmp(s, "~LC", 3) != 0)
		return;
	memcpy(t, s, n < sizeof t - 1 ? n : sizeof t - 1);
	t[n < sizeof t - 1 ? n : sizeof t - 1] = '\0';
	if (sscanf(t, "~LC%d:%llu:%llu", &k, &seq, &ns) != 3 || k < 0 ||
	    k >= MAXK)
		return;
	struct cl *c = &cls[i];
	if (seq <= c->got[k]) {
		dups++;
		return;
	}
	if (seq > c->got[k] + 1)
		gaps += seq - c->got[k] - 1;
	c->got[k] = seq;
	delivered++;
	if (i == k)
		c->echoed = seq;
	if (nlat < LAT_MAX && now > ns)
		lat[nlat++] = now - ns;
}

/* A private room's challenge: salt (16), then 32 random bytes. */
static void
prove(int i, const uint8_t *b, size_t n)
{
#ifdef LCLOAD_SODIUM
	static const char tag[] = "lanchat-admit-1";
	uint8_t in[128], p[64];
	char nick[16];
	size_t o = 0, k = 4;
	if (n != 2 + 2 + 16 + 2 + 32)
		return;
	snprintf(nick, sizeof nick, "lc%05d", i);
	memcpy(in, tag, sizeof tag), o += sizeof tag;
	memcpy(in + o, b + 2 + 2 + 16 + 2, 32), o += 32;
	in[o++] = (uint8_t)strlen(nick);
	memcpy(in + o, nick, strlen(nick)), o += strlen(nick);
	p[k++] = 1, p[k++] = T_PROOF, p[k++] = 0, p[k++] = 32;
	crypto_auth(p + k, in, o, admit), k += 32;
	queue(&cls[i], p, frame(p, k - 4));
	flush(&cls[i]);
#else
	(void)i, (void)b, (void)n;
#endif
}

/* One frame body from the server. */
static void
on_body(int i, const uint8_t *b, size_t n, uint64_t now)
{
	struct cl *c = &cls[i];
	if (n < 2)
		return;
	if (b[1] == T_CHALLENGE) {
		prove(i, b, n);
	} else if (b[1] == T_WELCOME) {
		c->joined = 1;
	} else if (b[1] == T_BACKLOG && n >= 10) {
		c->backlog = 1;
		c->hist_left = get32(b + 2) & 0x7fffffff;
	} else if (b[1] == T_HISTORY) {
		history_items++;
		if (c->hist_left)
			c->hist_left--;
	} else if (b[1] == T_PING && n >= 4 && (size_t)(4 + (b[2] << 8 |
	    b[3])) <= n) {
		/* A member that does not answer is dropped: answer, as
		 * lanchat does. */
		uint8_t p[300];
		size_t tl = b[2] << 8 | b[3], o = 4;
		if (tl <= 256) {
			p[o++] = 1, p[o++] = T_PONG;
			o += putstr(p + o, b + 4, tl);
			queue(c, p, frame(p, o - 4));
			flush(c);
		}
	} else if (b[1] == T_CHAT && n >= 4) {
		size_t fl = b[2] << 8 | b[3];
		if (4 + fl + 2 <= n)
			on_line(i, b + 4 + fl + 2, b[4 + fl] << 8 | b[5 + fl],
			    now);
	} else if (b[1] == T_UDP_CRED && n >= 2 + 4 + 2 + 16) {
		c->session = get32(b + 2);
		memcpy(c->token, b + 8, 16);
	}
}

static void
on_dgram(int i, const uint8_t *d, size_t n, uint64_t now)
{
	if (n < 6 || get32(d) != n - 4)
		return;
	const uint8_t *b = d + 4;
	n -= 4;
	if (b[1] == T_UACK) {
		cls[i].udp_ok = 1;
	} else if (b[1] == T_UCHAL && n == 2 + 4 + 2 + 8) {
		/* The server checks the address is ours: send it back. */
		struct cl *c = &cls[i];
		uint8_t p[64];
		size_t o = 4;
		p[o++] = 1, p[o++] = T_UPROVE;
		put32(p + o, c->session), o += 4;
		o += putstr(p + o, c->token, 16);
		o += putstr(p + o, b + 8, 8);
		send(c->ufd, p, frame(p, o - 4), 0);
	} else if (b[1] == T_UCHAT && n >= 2 + 8 + 2) {
		size_t fl = b[10] << 8 | b[11];
		if (12 + fl + 2 <= n)
			on_line(i, b + 12 + fl + 2, b[12 + fl] << 8 |
			    b[13 + fl], now);
	}
}

static void
readable(int i, uint64_t now)
{
	struct cl *c = &cls[i];
	for (;;) {
		if (c->incap - c->inlen < 65536) {
			c->incap = c->inlen + 65536 * 2;
			c->in = realloc(c->in, c->incap);
		}
		ssize_t r = read(c->fd, c->in + c->inlen, c->incap - c->inlen);
		if (r <= 0)
			break;
		c->inlen += r;
	}
	size_t off = 0;
	if (!c->greeted) {
		/* The server's greeting line comes before its first frame. */
		uint8_t *lf = memchr(c->in, '\n', c->inlen);
		if (lf == NULL)
			return;
		if (c->inlen < 12 || memcmp(c->in, "-!- lanchat/", 12) != 0) {
			fprintf(stderr, "lcload: not a lanchat server\n");
			exit(1);
		}
		c->greeted = 1;
		off = (size_t)(lf - c->in) + 1;
	}
	while (c->inlen - off >= 4) {
		uint32_t len = get32(c->in + off);
		if (c->inlen - off - 4 < len)
			break;
		on_body(i, c->in + off + 4, len, now);
		off += 4 + len;
	}
	memmove(c->in, c->in + off, c->inlen - off);
	c->inlen -= off;
}

static void
poll_once(int ms)
{
	struct epoll_event ev[256];
	uint8_t d[2048];
	int n = epoll_wait(ep, ev, 256, ms);
	uint64_t now = now_ns();
	for (int j = 0; j < n; j++) {
		int tag = (int)ev[j].data.u64;
		int i = tag >> 1;
		if (tag & 1) {
			ssize_t r;
			while ((r = recv(cls[i].ufd, d, sizeof d, 0)) > 0)
				on_dgram(i, d, r, now);
		} else {
			if (ev[j].events & EPOLLOUT)
				flush(&cls[i]);
			readable(i, now);
		}
	}
}

/* In the room, and with -B its backlog all there. */
static int
seated(const struct cl *c)
{
	return c->joined && (!opt_backlog || (c->backlog && c->hist_left == 0));
}

static double
cpu_s(int pid)
{
	char p[64], buf[1024];
	unsigned long ut, st;
	snprintf(p, sizeof p, "/proc/%d/stat", pid);
	FILE *f = fopen(p, "r");
	if (f == NULL)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *q = strrchr(buf, ')');
	if (q == NULL || sscanf(q + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u "
	    "%*u %*u %lu %lu", &ut, &st) != 2)
		return 0;
	return (double)(ut + st) / sysconf(_SC_CLK_TCK);
}

static long
rss_kb(int pid)
{
	char p[64], line[256];
	long kb = 0;
	snprintf(p, sizeof p, "/proc/%d/status", pid);
	FILE *f = fopen(p, "r");
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static int
cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static double
pct(double p)
{
	if (nlat == 0)
		return 0;
	size_t i = (size_t)(p * (nlat - 1));
	return lat[i] / 1e6; /* ns to ms */
}

static void
usage(void)
{
	fprintf(stderr, "usage: lcload -p PORT [-H 127.0.0.1] [-n CLIENTS] "
	    "[-k SENDERS] [-r MSGS/S per sender, 0 flat out] [-d SECONDS] "
	    "[-s BYTES] [-u (UDP)] [-w WINDOW] [-P SERVER_PID] "
	    "[-C CONNECTS/S] [-B (ask for the backlog; seated once it came)] "
	    "[-S ADMISSION_KEY_HEX (a private room)]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	int ch;
	while ((ch = getopt(argc, argv, "H:p:n:k:r:d:s:uw:P:C:BS:")) != -1) {
		switch (ch) {
		case 'H': opt_host = optarg; break;
		case 'p': opt_port = atoi(optarg); break;
		case 'n': opt_n = atoi(optarg); break;
		case 'k': opt_k = atoi(optarg); break;
		case 'r': opt_rate = atoi(optarg); break;
		case 'd': opt_dur = atoi(optarg); break;
		case 's': opt_size = atoi(optarg); break;
		case 'u': opt_udp = 1; break;
		case 'w': opt_window = atoi(optarg); break;
		case 'P': opt_pid = atoi(optarg); break;
		case 'C': opt_crate = atoi(optarg); break;
		case 'B': opt_backlog = 1; break;
		case 'S':
			opt_private = 1;
			for (int j = 0; j < 32; j++)
				if (sscanf(optarg + 2 * j, "%2hhx", &admit[j]) != 1)
					usage();
			break;
		default: usage();
		}
	}
	struct sockaddr_in sa = { .sin_family = AF_INET,
	    .sin_port = htons(opt_port) };
	if (opt_port <= 0 || inet_pton(AF_INET, opt_host, &sa.sin_addr) != 1 ||
	    (ntohl(sa.sin_addr.s_addr) >> 24) != 127) {
		fprintf(stderr, "lcload: only 127.0.0.0/8 targets\n");
		return 2;
	}
	if (opt_k > opt_n || opt_k > MAXK || opt_size < 40 || opt_size > 1000)
		usage();
#ifndef LCLOAD_SODIUM
	if (opt_private) {
		fprintf(stderr, "lcload: -S needs a build with -DLCLOAD_SODIUM "
		    "and libsodium\n");
		return 2;
	}
#endif
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	cls = calloc(opt_n, sizeof *cls);
	lat = malloc(LAT_MAX * sizeof *lat);
	ep = epoll_create1(0);

	/* Join everyone, paced at -C connects per second if given; time the
	 * seating, and how long after the last connect the last welcome came. */
	uint64_t t0 = now_ns(), deadline = t0 + 60ull * 1000000000ull;
	double scpu0 = opt_pid ? cpu_s(opt_pid) : 0;
	for (int i = 0; i < opt_n; i++) {
		struct cl *c = &cls[i];
		int one = 1;
		uint64_t due = opt_crate > 0 ?
		    t0 + (uint64_t)i * 1000000000ull / opt_crate : 0;
		while (now_ns() < due)
			poll_once(1);
		c->fd = socket(AF_INET, SOCK_STREAM, 0);
		if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sa,
		    sizeof sa) < 0)
			die("connect");
		setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		fcntl(c->fd, F_SETFL, O_NONBLOCK);
		struct epoll_event e = { EPOLLIN, { .u64 = (uint64_t)i << 1 } };
		epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &e);
		uint8_t b[64];
		char nick[16];
		size_t o = 4;
		snprintf(nick, sizeof nick, "lc%05d", i);
		b[o++] = 1, b[o++] = T_HELLO;
		o += putstr(b + o, nick, strlen(nick));
		queue(c, b, frame(b, o - 4));
		if (opt_backlog) { /* as lanchat asks, right after hello */
			uint8_t h[14] = { 0, 0, 0, 10, 1, T_HISTORY_REQ };
			queue(c, h, sizeof h);
		}
		flush(c);
		if (i % 64 == 63)
			poll_once(0);
	}
	uint64_t t_last_conn = now_ns();
	int joined = 0;
	while (joined < opt_n && now_ns() < deadline) {
		poll_once(10);
		joined = 0;
		for (int i = 0; i < opt_n; i++)
			joined += seated(&cls[i]);
	}
	uint64_t t_seated = now_ns();
	double seat_s = (t_seated - t0) / 1e9;
	double seat_lag_s = (t_seated - t_last_conn) / 1e9;
	double seat_cpu = opt_pid ? cpu_s(opt_pid) - scpu0 : 0;
	if (joined < opt_n) {
		fprintf(stderr, "lcload: only %d of %d joined\n", joined, opt_n);
		return 1;
	}
	if (opt_udp) {
		for (int i = 0; i < opt_n; i++) {
			uint8_t b[16] = { 0, 0, 0, 2, 1, T_UDP_REQ };
			queue(&cls[i], b, 6);
			flush(&cls[i]);
		}
		uint64_t end = now_ns() + 10ull * 1000000000ull;
		int ok = 0;
		while (ok < opt_n && now_ns() < end) {
			poll_once(10);
			ok = 0;
			for (int i = 0; i < opt_n; i++) {
				struct cl *c = &cls[i];
				if (c->session && c->ufd == 0) {
					c->ufd = socket(AF_INET, SOCK_DGRAM |
					    SOCK_NONBLOCK, 0);
					int big = 1 << 21;
					setsockopt(c->ufd, SOL_SOCKET,
					    SO_RCVBUF, &big, sizeof big);
					connect(c->ufd, (struct sockaddr *)&sa,
					    sizeof sa);
					struct epoll_event e = { EPOLLIN,
					    { .u64 = (uint64_t)i << 1 | 1 } };
					epoll_ctl(ep, EPOLL_CTL_ADD, c->ufd, &e);
				}
				if (c->ufd && !c->udp_ok) {
					uint8_t b[64];
					size_t o = 4;
					b[o++] = 1, b[o++] = T_UREG;
					put32(b + o, c->session), o += 4;
					o += putstr(b + o, c->token, 16);
					send(c->ufd, b, frame(b, o - 4), 0);
				}
				ok += c->udp_ok;
			}
		}
		if (ok < opt_n) {
			fprintf(stderr, "lcload: only %d of %d on UDP\n", ok,
			    opt_n);
			return 1;
		}
	}
	/* Let the join announcements settle. */
	for (uint64_t end = now_ns() + 500000000ull; now_ns() < end;)
		poll_once(10);
	long rss = opt_pid ? rss_kb(opt_pid) : 0;

	/* Send for opt_dur seconds, then drain for at most 5. */
	double cpu0 = opt_pid ? cpu_s(opt_pid) : 0;
	memset(lat, 0, sizeof *lat);
	nlat = 0;
	delivered = dups = gaps = 0;
	uint64_t start = now_ns(), stop = start + opt_dur * 1000000000ull;
	uint64_t next = start, step = opt_rate ? 1000000000ull / opt_rate : 0;
	while (now_ns() < stop) {
		uint64_t now = now_ns();
		if (opt_rate) {
			while (next <= now) {
				for (int k = 0; k < opt_k; k++)
					send_line(k, k);
				next += step;
			}
			poll_once(1);
		} else {
			for (int k = 0; k < opt_k; k++)
				while (cls[k].sent - cls[k].echoed <
				    (uint64_t)opt_window)
					send_line(k, k);
			poll_once(0);
		}
	}
	uint64_t expect = sent_total * (uint64_t)opt_n;
	uint64_t drain = now_ns() + 5000000000ull;
	while (delivered < expect && now_ns() < drain)
		poll_once(10);
	double span = (now_ns() - start) / 1e9;
	double cpu = opt_pid ? cpu_s(opt_pid) - cpu0 : 0;
	qsort(lat, nlat, sizeof *lat, cmp64);
	uint64_t lost = expect > delivered ? expect - delivered : 0;
	double rate = delivered / span;
	printf("%s: %d clients, %d senders at %s%d msg/s, %d-byte lines\n",
	    opt_udp ? "UDP" : "TCP", opt_n, opt_k, opt_rate ? "" : "flat out, "
	    "window ", opt_rate ? opt_rate : opt_window, opt_size);
	printf("seated in %.2fs (the last %.3fs after the last connect; server "
	    "cpu %.2fs)\n", seat_s, seat_lag_s, seat_cpu);
	printf("sent %llu, delivered %llu of %llu, lost %llu, "
	    "dup %llu\n", (unsigned long long)sent_total,
	    (unsigned long long)delivered, (unsigned long long)expect,
	    (unsigned long long)lost, (unsigned long long)dups);
	printf("deliveries/s %.0f; server cpu %.2fs, efficiency %.0f per "
	    "cpu-s; latency ms p50 %.3f p99 %.3f max %.3f\n", rate, cpu,
	    cpu > 0 ? delivered / cpu : 0, pct(0.5), pct(0.99), pct(1.0));
	printf("JSON {\"mode\":\"%s\",\"clients\":%d,\"senders\":%d,\"rate\":%d,"
	    "\"size\":%d,\"seat_s\":%.3f,\"seat_lag_s\":%.3f,"
	    "\"seat_cpu_s\":%.3f,\"connect_rate\":%d,\"sent\":%llu,\"delivered\":%llu,"
	    "\"lost\":%llu,\"dup\":%llu,\"deliv_per_s\":%.0f,\"server_cpu_s\":"
	    "%.3f,\"efficiency\":%.0f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
	    "\"max_ms\":%.3f,\"rss_kb\":%ld,\"history_items\":%llu}\n",
	    opt_udp ? "udp" : "tcp", opt_n,
	    opt_k, opt_rate, opt_size, seat_s, seat_lag_s, seat_cpu,
	    opt_crate, (unsigned long long)sent_total,
	    (unsigned long long)delivered, (unsigned long long)lost,
	    (unsigned long long)dups, rate, cpu, cpu > 0 ? delivered / cpu : 0,
	    pct(0.5), pct(0.99), pct(1.0), rss,
	    (unsigned long long)history_items);
	return 0;
}
