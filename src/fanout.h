/* fanout: how the room's messages reach its members' output queues.
 *
 * A broadcast is encoded once per kind of reader (frames, text lines)
 * into a shared arena. A member whose queue already ends where that
 * arena's chunk ends is a follower: the broadcast costs it nothing until
 * fanout_settle extends its last span, once per turn. The member array
 * keeps followers first, so a broadcast visits only the members it must
 * queue on. Messages for one member go to arenas of their own so they
 * never slip into a follower's span. Members whose queue passes
 * FANOUT_SENDQ_MAX are put on the doomed list; members with new output on
 * the dirty list. doc/hacking.md, "Fan-out", tells the whole story. */
#ifndef FANOUT_H
#define FANOUT_H

#include <stddef.h>

#include "arena.h"
#include "member.h"
#include "msg.h"

#define FANOUT_SENDQ_MAX (1024 * 1024) /* queued bytes before a member is cut */

struct fanout {
	struct member **m; /* the nfol followers first, then the rest */
	size_t n, cap, nfol;
	struct arena framed, lines;   /* broadcasts, one per kind of reader */
	struct arena uframed, ulines; /* messages to one member */
	size_t nline;
	size_t nudp; /* members with udp_rx */
	int unsettled; /* followers may have gained since fanout_settle */
	struct member *dirty, *doomed;
};

void fanout_init(struct fanout *f);
void fanout_free(struct fanout *f);
/* A member starts or stops receiving broadcasts. */
int fanout_add(struct fanout *f, struct member *m);
void fanout_del(struct fanout *f, struct member *m);
/* Encodes msg once per kind of reader and queues it on every member, but
 * those that get chat as datagrams when skip_udp. */
void fanout_broadcast(struct fanout *f, const struct msg *msg, int skip_udp);
/* m stops following the broadcasts implicitly. Sending to m alone does
 * this too, and moves m within f->m: a loop over the members that sends
 * to one of them calls this first. */
void fanout_unfollow(struct fanout *f, struct member *m);
/* Sends m alone one message. */
void fanout_send(struct fanout *f, struct member *m, const struct msg *msg);
/* Queues on m alone bytes already encoded elsewhere (the backlog's),
 * shared, not copied. */
void fanout_send_span(struct fanout *f, struct member *m,
    const struct span *sp);
/* Sends m alone bytes as they are (a telnet refusal, an HTTP answer). */
void fanout_send_raw(struct fanout *f, struct member *m, const void *p,
    size_t n);
/* m receives chat as datagrams (on) or on its stream (off). */
void fanout_udp_rx(struct fanout *f, struct member *m, int on);
/* Brings the queues of followers up to date: byte counts, the send-queue
 * limit, the dirty list. Costs nothing in a turn with no broadcast. */
void fanout_settle(struct fanout *f);
/* Pops a member with newly queued output, or one whose queue overflowed;
 * NULL when the list is empty. Once per member per turn: inline. */
static inline struct member *
fanout_dirty_pop(struct fanout *f)
{
	struct member *m = f->dirty;
	if (m) {
		f->dirty = m->dnext;
		m->dnext = NULL;
		m->dirty = 0;
	}
	return m;
}

struct member *fanout_doomed_pop(struct fanout *f);

#endif
