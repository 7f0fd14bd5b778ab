/* transcript: the bounded scrollback of what happened in the room. Pure.
 * When full, adding a line drops the oldest, so memory stays bounded. */
#ifndef TRANSCRIPT_H
#define TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "msg.h"

#define TRANSCRIPT_DEFAULT 10000
#define TRANSCRIPT_GAPS 16 /* senders whose missing lines are placed */

enum tl_kind {
	TL_CHAT,     /* <who> text */
	TL_ACTION,   /* * who text */
	TL_PRIV_IN,  /* *who* text */
	TL_PRIV_OUT, /* -> *who* text */
	TL_NOTICE,   /* -!- text: joins, leaves, server notices */
	TL_ERROR,    /* -!- text, shown as an error */
	TL_INFO,     /* -!- text from lanchat itself */
};

#define TL_SELF 1    /* said by us */
#define TL_MENTION 2 /* mentions our nick */
#define TL_QUEUED 4  /* ours, said while offline: not in the room yet */
#define TL_URL 8     /* a web address alone, listed to be copied (/url) */
#define TL_PAST 16   /* from the room's history: dimmed, its own time; an
                        info line of it is a marker, drawn bare */

struct tline {
	time_t ts;
	uint8_t kind, flags;
	char *who;  /* NUL-terminated, sanitised; "" for notices */
	char *text; /* NUL-terminated, sanitised */
};

struct transcript;

struct transcript *transcript_new(size_t cap);
void transcript_free(struct transcript *t);
/* Copies who and text, sanitising both. Returns 0, or -1 out of memory. */
int transcript_add(struct transcript *t, time_t ts, enum tl_kind kind,
    int flags, const char *who, size_t wholen, const char *text,
    size_t textlen);
size_t transcript_count(const struct transcript *t);
/* i = 0 is the oldest line kept. */
const struct tline *transcript_get(const struct transcript *t, size_t i);
/* Lines ever added, dropped ones included: a position that survives
 * dropping. */
uint64_t transcript_total(const struct transcript *t);
void transcript_clear(struct transcript *t);
/* Adds the line a message from the room makes (chat, action, private
 * message, welcome, notice) as the reader self sees it; room names the
 * room in the welcome line. Returns the line's TL_ flags, or -1 when the
 * message makes no line. */
int transcript_msg(struct transcript *t, time_t ts, const struct msg *m,
    const char *self, const char *room);
/* Adds a message from the room's history (chat, action or rename) as
 * said at ts, flagged TL_PAST: never a mention, never confirming one of
 * ours. Returns its flags, or -1 when it makes no line. */
int transcript_past(struct transcript *t, time_t ts, const struct msg *m,
    const char *self);
/* A line of ours said while offline (kind TL_CHAT or TL_ACTION), shown
 * as ours, pending. When the room echoes it back, transcript_msg confirms
 * it in place (the time it went out, the flag gone) instead of adding
 * it again. */
int transcript_pending(struct transcript *t, time_t ts, enum tl_kind kind,
    const char *self, const char *text, size_t len);
/* UDP mode: n lines from nick are missing just before the next line
 * added (they may still come, marked late). */
void transcript_gap(struct transcript *t, const char *nick, uint32_t n);
/* n lines from nick are certainly lost: a notice where the gap opened
 * ("lost here"), or at the end if that is gone. self: ours, and only
 * their echo was lost. */
int transcript_lost(struct transcript *t, time_t ts, const char *nick,
    uint32_t n, int self);
/* The last web addresses said, newest last: up to max of them, each
 * once, into urls (pointers into the transcript's lines, with lengths). */
size_t transcript_urls(const struct transcript *t, const char **urls,
    size_t *lens, size_t max);
/* The text drawn before a line's text ("<who> ", "* who ", "-!- "). */
size_t transcript_prefix(const struct tline *l, char *buf, size_t cap);
/* True when text mentions nick as a word, case-insensitively. */
int transcript_mentions(const char *text, size_t n, const char *nick);

#endif
