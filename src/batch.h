/* batch: `lanchat --batch`, the client without curses: lines in on
 * standard input, room events out on standard output, one per line. */
#ifndef BATCH_H
#define BATCH_H

#include <event2/event.h>

#include "client.h"

/* Input is read no further while this much waits for the room's pace. */
#define BATCH_HOLD_LINES 256
#define BATCH_HOLD_BYTES 65536

/* Runs until the end of input (or, without reconnect, the end of the
 * connection); returns the exit status. */
int batch_run(struct event_base *base, const struct client_opts *o,
    int reconnect);

#endif
