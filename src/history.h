/* history: the room's history as the client core takes it
 * (doc/protocol.md, "History"): the id of the last chat line, action or
 * rename seen, kept across reconnects to the room so that only what was
 * missed is asked for; the `history-req` sent after the hello; and the
 * marker lines around what comes back. Pure: times are the caller's. */
#ifndef HISTORY_H
#define HISTORY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "msg.h"

#define HISTORY_NOTE_MAX 96

struct history {
	int off;        /* --no-history: ask for nothing */
	uint32_t epoch; /* the room's life the ids belong to */
	uint32_t last;  /* the last id seen; 0: none yet */
	uint32_t stamp; /* an id told, its message not yet seen */
	uint32_t count, left; /* items in the replay, and still to come */
	int again;      /* the replay follows a reconnect */
	int gap;        /* it says some messages were lost */
};

/* What history_take made of a message from the room. */
enum history_take {
	HISTORY_PASS, /* not history's: handle it as usual */
	HISTORY_DONE, /* taken; nothing to show */
	HISTORY_SHOW, /* show what the event holds */
};

/* What to show, in order: up to two notes before, the item, a note
 * after; an empty note or a NULL item is nothing. */
struct history_event {
	char before[2][HISTORY_NOTE_MAX];
	struct msg item; /* type 0: none; strings point into the frame */
	time_t when;     /* when the room relayed the item */
	char after[HISTORY_NOTE_MAX];
};

/* Fills m with the `history-req` to send after the hello; 0 when none
 * is to be sent (off). */
int history_request(struct history *h, struct msg *m);
/* Takes a message from the room: stamps, the `backlog` header and its
 * items, and notes the id of each chat line, action or rename seen.
 * now is the local time, for the date of items not of today. */
enum history_take history_take(struct history *h, const struct msg *m,
    time_t now, struct history_event *ev);
/* The time of an item as shown: "09:12", or "2026-11-29 09:12" when not
 * of the day of now. */
size_t history_when(time_t t, time_t now, char *buf, size_t size);

#endif
