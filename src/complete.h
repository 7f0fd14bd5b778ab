/* complete: what Tab offers on the input line. Pure. At the start of a
 * line that begins with '/', the client's commands; elsewhere the nicks in
 * the room, ourselves left out. */
#ifndef COMPLETE_H
#define COMPLETE_H

#include <stddef.h>

#include "roster.h"

/* The i-th candidate, or NULL after the last. Command names are written
 * into buf ("/nick"); nicks are returned as given. */
const char *complete_candidate(int i, int command, const struct roster *r,
    const char *self, char *buf, size_t len);

#endif
