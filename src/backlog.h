/* backlog: what the room said lately, for members who join late or come
 * back after a short outage (doc/protocol.md, "History"). Each chat line,
 * action and rename the room relays gets a message id, one after another
 * for the room's life, and a time; the last LIMIT_BACKLOG of them (by default), none
 * older than the age limit, are kept encoded, once for framed members (a
 * `history` frame) and once for line members (a text line), in arenas of
 * their own, so replaying them queues shared spans and never encodes per
 * member. Private messages are never kept. Time is the caller's: tests
 * pass any. */
#ifndef BACKLOG_H
#define BACKLOG_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "fanout.h"
#include "limit.h"
#include "member.h"
#include "msg.h"

/* Bytes one replay may queue on a member: the newest that fit go, well
 * clear of the send-queue limit that would cut it. */
#define BACKLOG_SEND_MAX (FANOUT_SENDQ_MAX / 2)

struct backlog_item {
	uint32_t id, time;
	/* each holds a reference: the frame, and the line with the time
	 * alone and with the date too (for a day other than the joiner's),
	 * made when a line client is first shown the item */
	struct span framed, line, dline;
};

struct backlog {
	struct arena framed, line;
	struct backlog_item *item; /* ring of max */
	uint32_t head, n;
	uint32_t max, age;   /* 0 max: nothing is kept */
	uint32_t next;       /* the id the next message gets */
	size_t bytes;        /* of the framed forms kept */
};

/* first: the id of the first message (1, or where a history file left
 * off). -1 out of memory. */
int backlog_init(struct backlog *b, uint32_t max, uint32_t age,
    uint32_t first);
void backlog_free(struct backlog *b);
/* New limits (a reload): what no longer fits goes. -1 out of memory. */
int backlog_set(struct backlog *b, uint32_t max, uint32_t age);
/* Keeps m (chat, action or rename) relayed at time now with id (from
 * backlog_next); nothing when the backlog is off. */
void backlog_add(struct backlog *b, const struct msg *m, uint32_t id,
    uint32_t now);
/* Makes the text lines of the items that have none yet (the first time
 * a line client is shown them), then keeps them: a room no line client
 * joins, such as a private one, never formats its backlog. */
void backlog_lines(struct backlog *b);
/* Keeps a `history` message read back from a history file (its id and
 * time, and a chat line, action or rename inside); ids must grow. -1
 * when it is not such a message, or out of order. */
int backlog_load(struct backlog *b, const struct msg *h);
/* Takes the next id (it is used whether or not the message is kept). */
uint32_t backlog_next(struct backlog *b);
/* Forgets what is older than the age limit at now. */
void backlog_expire(struct backlog *b, uint32_t now);
/* The items after since (0: all kept), oldest first: returns how many,
 * and *first the index of the first for backlog_get; *gap is 1 when
 * since was given and messages after it are no longer kept. */
uint32_t backlog_after(const struct backlog *b, uint32_t since,
    uint32_t *first, int *gap);
/* The i-th item kept, oldest first. */
const struct backlog_item *backlog_get(const struct backlog *b, uint32_t i);
/* Unix seconds, as the backlog keeps time: time(2), or fn once set
 * (NULL: time(2) again); tests of ages move it. */
void backlog_set_clock(uint32_t (*fn)(void));
uint32_t backlog_now(void);
/* Sends m, a framed member, the `backlog` header and the messages after
 * since (0: all kept) as shared spans; since counts only when epoch is
 * the room's (see doc/protocol.md, "History"). */
void backlog_send(struct backlog *b, struct fanout *f, struct member *m,
    uint32_t since, uint32_t epoch, uint32_t room_epoch, uint32_t now);
/* Sends m, a line member, the kept messages as text between two marker
 * lines (none when nothing is kept); dated when not of today. */
void backlog_send_lines(struct backlog *b, struct fanout *f, struct member *m,
    uint32_t now);
/* Writes the line form of m at time t ("[09:12] <alice> hi\n"); the
 * date goes in front when day says so. Returns the length. */
size_t backlog_line(const struct msg *m, uint32_t t, int with_date,
    char *buf, size_t size);

#endif
