/* mdns: rooms over DNS-SD, type _lanchat._tcp, through the Avahi daemon
 * (libavahi-client, optional at configure time): lanchatd publishes its
 * room, lanchat browses for rooms beside its own queries (find.c). The
 * Avahi client runs in our libevent loop through a poll adapter of our
 * own (Avahi ships none for libevent). Without Avahi built in, or with no
 * daemon running, nothing here fails: publishing says so once, browsing
 * finds nothing. */
#ifndef MDNS_H
#define MDNS_H

#include <stdint.h>
#include <sys/socket.h>

#include <event2/event.h>

#define MDNS_TYPE "_lanchat._tcp"

struct mdns;

/* A room browsing found: where (address and port), its name, and its
 * instance (TXT instance=, 0 when not told). */
typedef void mdns_found_fn(void *arg, const struct sockaddr_storage *ss,
    socklen_t sl, const char *name, uint32_t instance);

/* True when built with Avahi. */
int mdns_built(void);
/* lanchatd: publishes the room name on port, with TXT v=1 and
 * instance=; say tells, once, what became of it (published, renamed
 * after a clash, no daemon). NULL when not built with Avahi. */
struct mdns *mdns_publish(struct event_base *base, const char *name,
    unsigned port, uint32_t instance, void (*say)(const char *text));
/* lanchat: browses for rooms until freed; found is called for each one
 * resolved. NULL when not built with Avahi or out of memory. */
struct mdns *mdns_browse(struct event_base *base, mdns_found_fn *found,
    void *arg);
/* Browsing still has answers coming: the daemon has not yet said it told
 * all it knows, or a room found is being resolved. 0 with no daemon. */
int mdns_busy(const struct mdns *m);
void mdns_free(struct mdns *m);

#endif
