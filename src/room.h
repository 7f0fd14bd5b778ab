/* room: the members of the one chat room and everything said in it.
 * No I/O: it hands messages to its fan-out (fanout.c), which queues them
 * on members' output queues, and leaves the sending, and the closing of
 * connections, to the server. */
#ifndef ROOM_H
#define ROOM_H

#include <stddef.h>
#include <stdint.h>

#include "backlog.h"
#include "member.h"
#include "msg.h"

#define ROOM_JOIN_GAP_MS 250 /* joins closer than this are announced together */
#define ROOM_JOIN_LIST 4     /* nicks named in a summarised burst */

struct room;

/* How the room hands chat to UDP receivers: one encoded datagram, sent to
 * every member with udp_rx set. */
typedef void room_fanout_fn(void *arg, const uint8_t *dgram, size_t len);

#define ROOM_TOPIC_MAX MSG_TOPIC_MAX
#define ROOM_AWAY_MAX MSG_AWAY_MAX

struct room *room_new(const char *server_info);
/* The room's name and version, told in every welcome. */
void room_set_info(struct room *r, const char *info);
const char *room_info_text(const struct room *r);
/* The room's rates as a `limits` text: told to each member just before
 * its welcome, and to everyone when they change. */
void room_set_rules(struct room *r, const char *text);
void room_free(struct room *r);
size_t room_count(const struct room *r);
/* How many messages the backlog keeps, none older than age seconds (0:
 * no age limit); max 0 keeps none and numbers none. -1 out of memory. */
int room_set_backlog(struct room *r, uint32_t max, uint32_t age);
/* Each message the backlog keeps, as its `history` frame, to whoever
 * stores it (the history file); b is the backlog after it was kept. now:
 * it goes out as datagrams at once, not at the end of the turn. */
typedef void room_keep_fn(void *arg, const struct span *rec,
    const struct backlog *b, int now);
void room_set_keeper(struct room *r, room_keep_fn *fn, void *arg);
/* The backlog, to fill from a history file at start. */
struct backlog *room_backlog(struct room *r);
/* The room's life, as its message ids know it: random at start, or the
 * history file's, whose ids go on. */
void room_set_epoch(struct room *r, uint32_t epoch);
uint32_t room_epoch(const struct room *r);
/* Sends m (framed, joined) what was said after message id since (0: all
 * the backlog keeps), if epoch names this life of the room; once. */
void room_history(struct room *r, struct member *m, uint32_t since,
    uint32_t epoch);

void room_member_init(struct member *m, const char *addr, int line);
/* Frees what room_member_init set up (the output queue); m must have left. */
void room_member_free(struct member *m);
/* Joins m with nick (NULL: a guest nick). Returns 0, or an ERR_ code with
 * a sentence in why; m may then try again. */
int room_join(struct room *r, struct member *m, const char *nick, size_t len,
    char *why, size_t whylen);
/* Removes m and tells the room, unless its join was never announced. */
void room_leave(struct room *r, struct member *m, const char *reason);
/* Removes m and tells no one (shutdown). */
void room_remove(struct room *r, struct member *m);
int room_rename(struct room *r, struct member *m, const char *nick,
    size_t len, char *why, size_t whylen);
/* type is MSG_CHAT or MSG_ACTION; the text was checked by the caller.
 * flags (MSG_LATE) travel with the datagram form. */
void room_say(struct room *r, struct member *m, int type, const char *text,
    size_t len, int flags);
void room_set_fanout(struct room *r, room_fanout_fn *fn, void *arg);
/* m receives chat as datagrams (on) or on its stream (off). */
void room_udp_rx(struct room *r, struct member *m, int on);
int room_tell(struct room *r, struct member *m, const char *to, size_t tolen,
    const char *text, size_t len, char *why, size_t whylen);
/* Each member's nick and address, and why it is away if it is. */
void room_names(struct room *r, struct member *m);
/* m is away with text (checked by the caller), or back when len is 0;
 * told to whoever writes to it and in the names list. */
void room_away(struct room *r, struct member *m, const char *text,
    size_t len);
/* m sets the topic (empty: none); everyone is told, and each member
 * that joins later. */
void room_topic(struct room *r, struct member *m, const char *text,
    size_t len);
/* Tells m the topic as it stands; with none, nothing, unless asked. */
void room_tell_topic(struct room *r, struct member *m, int asked);
/* Sends m alone one message. */
void room_send(struct room *r, struct member *m, const struct msg *msg);
/* Sends m alone bytes as they are, on any connection, joined or not. */
void room_send_raw(struct room *r, struct member *m, const void *p, size_t n);
void room_error(struct room *r, struct member *m, int code, const char *text);
void room_notice(struct room *r, struct member *m, const char *text);
void room_notice_all(struct room *r, const char *text);
/* Announces pending joins unless one went out in the last
 * ROOM_JOIN_GAP_MS. Returns ms until the next is due, or -1 if none. */
long room_announce(struct room *r, uint64_t now_ms);

/* Brings the queues of members that follow the broadcasts up to date
 * (fanout.h); the server calls it each turn before flushing. */
void room_settle(struct room *r);
/* Members whose queue passed FANOUT_SENDQ_MAX; each pop takes the member
 * off the list. */
struct member *room_doomed_pop(struct room *r);
/* The room's fan-out, whose dirty list the server flushes each turn. */
struct fanout *room_fanout(struct room *r);

#endif
