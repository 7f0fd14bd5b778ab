/* roomview: the client's view of the room, kept from what the server
 * says: who is in it (joins, leaves, renames, and names replies the
 * client asked for quietly, to fill the list, rather than for the user to
 * see), and its topic. Pure: it decides, the client core sends. */
#ifndef ROOMVIEW_H
#define ROOMVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "nick.h"
#include "roster.h"

#define ROOMVIEW_ASKS_MAX 32 /* names requests tracked in flight */

struct roomview {
	int track;           /* keep the member list at all */
	struct roster mem;   /* who is in the room, sorted */
	struct roster names; /* being filled by a quiet names reply */
	uint32_t quiet;      /* requests in flight, oldest in the low bit: */
	int nasks;           /* 1 = quiet (ours), 0 = the user's */
	long count;          /* members as the server counts them; -1 unknown */
	int listed;          /* a quiet names reply has filled mem */
	int self_pending;    /* our own join is still to be told to us */
	int in_quiet;        /* inside a quiet names reply */
	char topic[MSG_TOPIC_MAX + 1]; /* as the server sent it; "" none */
	char topic_by[NICK_MAX + 1];
};

/* What roomview_msg asks of the caller. */
#define ROOMVIEW_HIDE 1 /* the message was the view's own: do not show it */
#define ROOMVIEW_ASK 2  /* the list is unsure: ask for names quietly */
#define ROOMVIEW_LISTED 4 /* mem was filled from a names reply */

void roomview_init(struct roomview *v, int track);
void roomview_free(struct roomview *v);
/* The connection is gone: forget the room and the requests in flight. */
void roomview_reset(struct roomview *v);
/* Notes a names request about to be sent; 0 when too many are in flight
 * and none should be sent. */
int roomview_ask(struct roomview *v, int quiet);
/* Takes one message from the server, for the member called self;
 * returns ROOMVIEW_ flags. */
int roomview_msg(struct roomview *v, const struct msg *m, const char *self);

/* "topic: TEXT (set by NICK)", made safe to show, or how to set one. */
void roomview_topic_line(const struct roomview *v, char *buf, size_t size);

#endif
