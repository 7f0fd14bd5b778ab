/* host: a room in the client's process. */
#include "config.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gate.h"
#include "host.h"
#include "loop.h"
#include "net.h"
#include "server.h"

struct host {
	struct event_base *base;
	struct server *srv;
	int stop; /* the goodbye is flushed, or took too long */
	const char *secret; /* a private room's, to show; NULL: open */
	struct gate gate;
};

struct host *
host_start(struct event_base *base, const char *port, const char *name,
    const char *secret, char *err, size_t errlen)
{
	static char info[128];
	char hostname[65] = "";
	if ((name == NULL || *name == '\0') &&
	    gethostname(hostname, sizeof hostname - 1) == 0)
		name = hostname;
	/* Named like lanchatd's rooms: "NAME, lanchat VERSION (hosted)". */
	snprintf(info, sizeof info, "%s%s" PACKAGE_NAME " " PACKAGE_VERSION
	    " (hosted)", name && *name ? name : "", name && *name ? ", " : "");
	struct server_opts o = { .port = port, .info = info };
	struct host *h = calloc(1, sizeof *h);
	limit_default(&o.lim);
	o.lim.max_clients = HOST_MAX_CLIENTS;
	if (h == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	h->base = base;
	h->secret = secret;
	if (secret && gate_from_pass(&h->gate, secret, strlen(secret),
	    name ? name : "") < 0) {
		snprintf(err, errlen, "out of memory for the secret's hash");
		free(h);
		return NULL;
	}
	o.gate = secret ? &h->gate : NULL;
	h->srv = server_new(base, &o, err, errlen);
	if (h->srv == NULL) {
		/* The common case, said plainly, with the ways out. */
		if (strstr(err, strerror(EADDRINUSE)))
			snprintf(err, errlen, "port %s is taken, most likely by a "
			    "room already running there: join it with "
			    "lanchat localhost:%s, or host on a free port with "
			    "lanchat --host -p 0 (or /host 0)", port, port);
		free(h);
		return NULL;
	}
	if (loop_add_hook(server_turn, h->srv) < 0) {
		snprintf(err, errlen, "too many loop hooks");
		server_free(h->srv);
		free(h);
		return NULL;
	}
	return h;
}

int
host_port(const struct host *h)
{
	return server_port(h->srv);
}

/* Addresses a neighbour could reach: up, not loopback, not link-local. */
static int
useful(const struct ifaddrs *ifa)
{
	if (ifa->ifa_addr == NULL || !(ifa->ifa_flags & IFF_UP) ||
	    (ifa->ifa_flags & IFF_LOOPBACK))
		return 0;
	if (ifa->ifa_addr->sa_family == AF_INET)
		return 1;
	if (ifa->ifa_addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 =
		    (const struct sockaddr_in6 *)ifa->ifa_addr;
		return !IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr);
	}
	return 0;
}

void
host_describe(const struct host *h,
    void (*fn)(void *arg, const char *line), void *arg)
{
	struct ifaddrs *ifs = NULL, *ifa;
	char line[256], a[NET_ADDR_MAX];
	int port = host_port(h), n = 0;

	if (h->secret) {
		snprintf(line, sizeof line, "hosting a private room on port %d; "
		    "its secret is   %s", port, h->secret);
		fn(arg, line);
		fn(arg, "give the secret only to those who may read the room; "
		    "they join with:");
	} else {
		snprintf(line, sizeof line, "hosting a room on port %d; others "
		    "on your network can join with:", port);
		fn(arg, line);
	}
	if (getifaddrs(&ifs) == 0) {
		for (ifa = ifs; ifa; ifa = ifa->ifa_next) {
			if (!useful(ifa))
				continue;
			char bare[NET_ADDR_MAX];
			net_addr_str(ifa->ifa_addr, a, sizeof a);
			*strrchr(a, ':') = '\0'; /* "1.2.3.4" or "[v6]" */
			snprintf(bare, sizeof bare, "%s", a + (a[0] == '['));
			if (a[0] == '[')
				bare[strlen(bare) - 1] = '\0';
			if (h->secret)
				snprintf(line, sizeof line, "  lanchat --secret "
				    "%s:%d", a, port);
			else
				snprintf(line, sizeof line, "  lanchat %s:%d   or"
				    "   nc %s %d", a, port, bare, port);
			fn(arg, line);
			n++;
		}
		freeifaddrs(ifs);
	}
	if (n == 0) {
		snprintf(line, sizeof line, "  (no network address is up; on "
		    "this machine: lanchat%s localhost:%d)", h->secret ?
		    " --secret" : "", port);
		fn(arg, line);
	}
}

static void
stop_when_done(void *arg)
{
	struct host *h = arg;
	if (server_done(h->srv))
		h->stop = 1;
}

static void
give_up(evutil_socket_t fd, short what, void *arg)
{
	struct host *h = arg;
	(void)fd, (void)what;
	h->stop = 1;
}

void
host_stop(struct host *h)
{
	struct timeval tv = { HOST_STOP_MS / 1000, (HOST_STOP_MS % 1000) * 1000 };
	struct event *t = evtimer_new(h->base, give_up, h);

	server_shutdown(h->srv);
	if (t && loop_add_hook(stop_when_done, h) == 0) {
		evtimer_add(t, &tv);
		loop_run(h->base, &h->stop);
		loop_del_hook(stop_when_done, h);
	}
	if (t)
		event_free(t);
	loop_del_hook(server_turn, h->srv);
	server_free(h->srv);
	free(h);
}
