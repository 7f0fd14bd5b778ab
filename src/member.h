/* member: one member of the room as the room and its fan-out see it: a
 * nick, an address, an output queue and the flags that place it in the
 * fan-out's lists. The server embeds it in its connection. */
#ifndef MEMBER_H
#define MEMBER_H

#include <stdint.h>

#include "guard.h"
#include "net.h"
#include "nick.h"
#include "outq.h"
#include "rate.h"

struct usess;
struct gate_ask;

enum { ROOM_HIST_NONE, ROOM_HIST_ASKED, ROOM_HIST_SENT };

struct member {
	char nick[NICK_MAX + 1];
	char addr[NET_ADDR_MAX];
	uint8_t line;      /* reads text lines rather than frames */
	uint8_t joined;    /* has a nick and receives the room's traffic */
	uint8_t announced; /* its join was told to the room */
	uint8_t dirty;     /* on the dirty list */
	uint8_t blocked;   /* the socket is full; the server waits to write */
	uint8_t doomed;    /* on the doomed list */
	uint8_t udp_rx;    /* gets chat as datagrams, not on its stream */
	uint8_t follow;    /* takes every broadcast implicitly (fanout_settle) */
	uint8_t hist;      /* ROOM_HIST_: the backlog asked for, or sent */
	uint8_t admitted;  /* proved the secret of a private room */
	uint32_t idx;      /* position in the fan-out's member array */
	uint32_t rseq;     /* its chat lines sent as datagrams so far */
	uint32_t hist_since, hist_epoch; /* asked before joining */
	struct usess *u;   /* UDP session, once it asked for one */
	char *away;        /* why it is away (ROOM_AWAY_MAX; sealed in a */
	uint16_t away_len; /* private room, so with its length), or NULL */
	struct gate_ask *ask; /* the challenge it is to answer, or NULL */
	struct guard_key gk;  /* the address it counts under (guard.h) */
	struct member *hnext, *dnext, *jnext, *xnext;
	struct outq q;
	struct rate lines, bytes; /* what it may send (limit.h) */
	struct rate errors;       /* error replies it may be told */
};

#endif
