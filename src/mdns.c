/* mdns: Avahi's poll API on libevent; publishing and browsing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mdns.h"

#ifndef HAVE_AVAHI

int mdns_built(void) { return 0; }

struct mdns *
mdns_publish(struct event_base *base, const char *name, unsigned port,
    uint32_t instance, void (*say)(const char *text))
{
	(void)base, (void)name, (void)port, (void)instance, (void)say;
	return NULL;
}

struct mdns *
mdns_browse(struct event_base *base, mdns_found_fn *found, void *arg)
{
	(void)base, (void)found, (void)arg;
	return NULL;
}

int mdns_busy(const struct mdns *m) { (void)m; return 0; }
void mdns_free(struct mdns *m) { (void)m; }

#else

#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/time.h>

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/watch.h>

/* The poll adapter: an AvahiWatch is a persistent libevent event on its
 * descriptor, an AvahiTimeout a timer at an absolute time. */
struct AvahiWatch {
	struct event *ev;
	int fd;
	AvahiWatchEvent want, got;
	AvahiWatchCallback cb;
	void *arg;
};

struct AvahiTimeout {
	struct event *ev;
	AvahiTimeoutCallback cb;
	void *arg;
};

static short
ev_flags(AvahiWatchEvent e)
{
	return (short)(EV_PERSIST | (e & AVAHI_WATCH_IN ? EV_READ : 0) |
	    (e & AVAHI_WATCH_OUT ? EV_WRITE : 0));
}

static void
on_watch(evutil_socket_t fd, short what, void *arg)
{
	AvahiWatch *w = arg;
	w->got = (AvahiWatchEvent)((what & EV_READ ? AVAHI_WATCH_IN : 0) |
	    (what & EV_WRITE ? AVAHI_WATCH_OUT : 0));
	w->cb(w, (int)fd, w->got, w->arg);
}

static AvahiWatch *
watch_new(const AvahiPoll *api, int fd, AvahiWatchEvent e,
    AvahiWatchCallback cb, void *arg)
{
	AvahiWatch *w = calloc(1, sizeof *w);
	if (w == NULL)
		return NULL;
	w->fd = fd;
	w->want = e;
	w->cb = cb;
	w->arg = arg;
	w->ev = event_new(api->userdata, fd, ev_flags(e), on_watch, w);
	if (w->ev == NULL || event_add(w->ev, NULL) < 0) {
		if (w->ev)
			event_free(w->ev);
		free(w);
		return NULL;
	}
	return w;
}

static void
watch_update(AvahiWatch *w, AvahiWatchEvent e)
{
	struct event_base *base = event_get_base(w->ev);
	event_del(w->ev);
	w->want = e;
	event_assign(w->ev, base, w->fd, ev_flags(e), on_watch, w);
	event_add(w->ev, NULL);
}

static AvahiWatchEvent
watch_get_events(AvahiWatch *w)
{
	return w->got;
}

static void
watch_free(AvahiWatch *w)
{
	event_free(w->ev);
	free(w);
}

static void
on_timeout(evutil_socket_t fd, short what, void *arg)
{
	AvahiTimeout *t = arg;
	(void)fd, (void)what;
	t->cb(t, t->arg);
}

/* Avahi gives absolute times (gettimeofday); libevent wants how long. */
static void
timeout_update(AvahiTimeout *t, const struct timeval *tv)
{
	struct timeval now, in = { 0, 0 };
	evtimer_del(t->ev);
	if (tv == NULL)
		return;
	gettimeofday(&now, NULL);
	if (timercmp(tv, &now, >))
		timersub(tv, &now, &in);
	evtimer_add(t->ev, &in);
}

static AvahiTimeout *
timeout_new(const AvahiPoll *api, const struct timeval *tv,
    AvahiTimeoutCallback cb, void *arg)
{
	AvahiTimeout *t = calloc(1, sizeof *t);
	if (t == NULL)
		return NULL;
	t->cb = cb;
	t->arg = arg;
	if ((t->ev = evtimer_new(api->userdata, on_timeout, t)) == NULL) {
		free(t);
		return NULL;
	}
	timeout_update(t, tv);
	return t;
}

static void
timeout_free(AvahiTimeout *t)
{
	event_free(t->ev);
	free(t);
}

struct mdns {
	AvahiPoll poll;
	AvahiClient *client;
	/* publishing */
	AvahiEntryGroup *group;
	char *name;
	unsigned port;
	uint32_t instance;
	void (*say)(const char *text);
	int told;
	/* browsing */
	AvahiServiceBrowser *browser;
	mdns_found_fn *found;
	void *arg;
	int resolving; /* resolvers not answered yet */
	int told_all;  /* the browser said ALL_FOR_NOW, or failed */
};

int mdns_built(void) { return 1; }

static struct mdns *
mdns_new(struct event_base *base)
{
	struct mdns *m = calloc(1, sizeof *m);
	if (m == NULL)
		return NULL;
	m->poll = (AvahiPoll){ base, watch_new, watch_update,
	    watch_get_events, watch_free, timeout_new, timeout_update,
	    timeout_free };
	return m;
}

static void
say(struct mdns *m, const char *text)
{
	if (m->say && !m->told) {
		m->told = 1;
		m->say(text);
	}
}

static void add_service(struct mdns *m, AvahiClient *c);

static void
on_group(AvahiEntryGroup *g, AvahiEntryGroupState st, void *arg)
{
	struct mdns *m = arg;
	char text[160];
	if (st == AVAHI_ENTRY_GROUP_ESTABLISHED) {
		snprintf(text, sizeof text, "published through Avahi as \"%s\" "
		    "(%s)", m->name, MDNS_TYPE);
		say(m, text);
	} else if (st == AVAHI_ENTRY_GROUP_COLLISION) {
		/* Another room of that name: "Kitchen #2", and so on. */
		char *alt = avahi_alternative_service_name(m->name);
		if (alt) {
			avahi_free(m->name);
			m->name = alt;
		}
		avahi_entry_group_reset(g);
		add_service(m, avahi_entry_group_get_client(g));
	}
}

static void
add_service(struct mdns *m, AvahiClient *c)
{
	char inst[32];
	if (m->group == NULL &&
	    (m->group = avahi_entry_group_new(c, on_group, m)) == NULL)
		return;
	snprintf(inst, sizeof inst, "instance=%u", (unsigned)m->instance);
	if (avahi_entry_group_add_service(m->group, AVAHI_IF_UNSPEC,
	    AVAHI_PROTO_UNSPEC, 0, m->name, MDNS_TYPE, NULL, NULL,
	    (uint16_t)m->port, "v=1", inst, NULL) < 0 ||
	    avahi_entry_group_commit(m->group) < 0)
		say(m, "the room could not be published through Avahi");
}

static void
on_client_publish(AvahiClient *c, AvahiClientState st, void *arg)
{
	struct mdns *m = arg;
	if (st == AVAHI_CLIENT_S_RUNNING)
		add_service(m, c);
	else if (st == AVAHI_CLIENT_CONNECTING)
		say(m, "avahi-daemon is not running: lanchat finds the room by "
		    "its own queries, and it is published if the daemon "
		    "starts");
	else if (st == AVAHI_CLIENT_S_COLLISION && m->group)
		avahi_entry_group_reset(m->group); /* again once running */
}

struct mdns *
mdns_publish(struct event_base *base, const char *name, unsigned port,
    uint32_t instance, void (*tell)(const char *text))
{
	struct mdns *m = mdns_new(base);
	int err;
	if (m == NULL)
		return NULL;
	/* A DNS-SD name is at most 63 bytes. */
	m->name = avahi_strndup(name, 63);
	m->port = port;
	m->instance = instance;
	m->say = tell;
	m->client = avahi_client_new(&m->poll, AVAHI_CLIENT_NO_FAIL,
	    on_client_publish, m, &err);
	if (m->client == NULL || m->name == NULL) {
		say(m, "no system bus to reach Avahi on: the room is not "
		    "published through DNS-SD (lanchat finds it by its own "
		    "queries)");
		mdns_free(m);
		return NULL;
	}
	return m;
}

static void
on_resolved(AvahiServiceResolver *r, AvahiIfIndex ifx, AvahiProtocol proto,
    AvahiResolverEvent ev, const char *name, const char *type,
    const char *domain, const char *host, const AvahiAddress *a,
    uint16_t port, AvahiStringList *txt, AvahiLookupResultFlags flags,
    void *arg)
{
	struct mdns *m = arg;
	struct sockaddr_storage ss;
	socklen_t sl = 0;
	uint32_t instance = 0;
	(void)proto, (void)type, (void)domain, (void)host, (void)flags;
	memset(&ss, 0, sizeof ss);
	if (ev == AVAHI_RESOLVER_FOUND && a->proto == AVAHI_PROTO_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		s4->sin_addr.s_addr = a->data.ipv4.address;
		sl = sizeof *s4;
	} else if (ev == AVAHI_RESOLVER_FOUND) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		memcpy(&s6->sin6_addr, a->data.ipv6.address, 16);
		if (IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr))
			s6->sin6_scope_id = (uint32_t)ifx;
		sl = sizeof *s6;
	}
	AvahiStringList *i = avahi_string_list_find(txt, "instance");
	char *key, *val;
	if (i && avahi_string_list_get_pair(i, &key, &val, NULL) == 0) {
		if (val)
			instance = (uint32_t)strtoul(val, NULL, 10);
		avahi_free(key);
		avahi_free(val);
	}
	m->resolving--;
	if (sl)
		m->found(m->arg, &ss, sl, name, instance);
	avahi_service_resolver_free(r);
}

static void
on_browse(AvahiServiceBrowser *b, AvahiIfIndex ifx, AvahiProtocol proto,
    AvahiBrowserEvent ev, const char *name, const char *type,
    const char *domain, AvahiLookupResultFlags flags, void *arg)
{
	struct mdns *m = arg;
	(void)flags;
	if (ev == AVAHI_BROWSER_NEW &&
	    avahi_service_resolver_new(avahi_service_browser_get_client(b),
	    ifx, proto, name, type, domain, AVAHI_PROTO_UNSPEC, 0,
	    on_resolved, m))
		m->resolving++;
	else if (ev == AVAHI_BROWSER_ALL_FOR_NOW || ev == AVAHI_BROWSER_FAILURE)
		m->told_all = 1;
}

int
mdns_busy(const struct mdns *m)
{
	if (m == NULL || m->client == NULL ||
	    avahi_client_get_state(m->client) != AVAHI_CLIENT_S_RUNNING)
		return 0;
	return !m->told_all || m->resolving > 0;
}

static void
on_client_browse(AvahiClient *c, AvahiClientState st, void *arg)
{
	struct mdns *m = arg;
	if (st == AVAHI_CLIENT_S_RUNNING && m->browser == NULL)
		m->browser = avahi_service_browser_new(c, AVAHI_IF_UNSPEC,
		    AVAHI_PROTO_UNSPEC, MDNS_TYPE, NULL, 0, on_browse, m);
}

struct mdns *
mdns_browse(struct event_base *base, mdns_found_fn *found, void *arg)
{
	struct mdns *m = mdns_new(base);
	int err;
	if (m == NULL)
		return NULL;
	m->found = found;
	m->arg = arg;
	/* With no daemon, nothing is found: the queries still are. */
	m->client = avahi_client_new(&m->poll, AVAHI_CLIENT_NO_FAIL,
	    on_client_browse, m, &err);
	if (m->client == NULL) {
		mdns_free(m);
		return NULL;
	}
	return m;
}

void
mdns_free(struct mdns *m)
{
	if (m == NULL)
		return;
	if (m->client)
		avahi_client_free(m->client); /* its groups and browsers too */
	avahi_free(m->name);
	free(m);
}

#endif
