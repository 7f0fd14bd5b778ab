/* rxwin: the client's sequence windows over what each sender's lines
 * arrive as, in UDP mode: a duplicate is dropped, a line that fills a gap
 * is marked late, and a gap that stays open is counted lost, per sender.
 * Pure; the caller says the time and shows what comes out. A server could
 * name any number of senders: windows are capped at RXWIN_MAX, and a
 * sender past that is shown unwindowed. */
#ifndef RXWIN_H
#define RXWIN_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "nick.h"
#include "seqwin.h"

#define RXWIN_MAX 1024

struct rxwin {
	char nick[NICK_MAX + 1];
	struct seqwin w;
};

struct rxwins {
	struct rxwin *win;
	size_t n, cap;
};

void rxwins_init(struct rxwins *r);
void rxwins_free(struct rxwins *r);
void rxwins_clear(struct rxwins *r);
/* Takes a uchat or uaction datagram. Returns 1 with *out the chat or
 * action to show (its strings point into m, the late flag set as it
 * arrived), 0 when it is a duplicate or not a line at all. Losses it
 * makes certain are added to *lost; gaps it opens (lines missing before
 * it, which may still come) to *opened. */
int rxwins_take(struct rxwins *r, const struct msg *m, uint64_t now,
    struct msg *out, uint32_t *lost, uint32_t *opened);
/* Gaps open too long at now are lost: fn is told, sender by sender. */
void rxwins_expire(struct rxwins *r, uint64_t now,
    void (*fn)(void *arg, const char *nick, uint32_t lost), void *arg);
/* A sender renamed: its window follows. */
void rxwins_rename(struct rxwins *r, const struct msg_str *from,
    const struct msg_str *to);

#endif
