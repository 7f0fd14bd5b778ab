/* host: `lanchat --host`, a room server inside the client, on the
 * client's own event loop, and the addresses others can use to join it. */
#ifndef HOST_H
#define HOST_H

#include <stddef.h>

#include <event2/event.h>

#define HOST_STOP_MS 2000     /* longest wait to say goodbye to guests */
#define HOST_MAX_CLIENTS 1000 /* members a hosted room takes */

struct host;

/* Starts a room on every address at port ("0" picks one), called name
 * (NULL or "": the host name), private when secret is not NULL (its
 * passphrase; the room keeps only what lanchatd would). The server's
 * per-turn flush is added to the loop. NULL with a sentence in err. */
struct host *host_start(struct event_base *base, const char *port,
    const char *name, const char *secret, char *err, size_t errlen);
int host_port(const struct host *h);
/* Calls fn once per line telling people how to join (and the secret of
 * a private room); addresses come from the local interfaces (nothing is
 * sent on the network). */
void host_describe(const struct host *h,
    void (*fn)(void *arg, const char *line), void *arg);
/* Tells the guests the room is closing, flushes for at most HOST_STOP_MS,
 * takes the server off the loop and frees it all. */
void host_stop(struct host *h);

#endif
