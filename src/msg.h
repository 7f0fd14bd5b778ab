/* msg: the message bodies carried in frames (doc/protocol.md, "Messages").
 * Pure: encoding and decoding with no I/O. A body is a version byte, a type
 * byte and the fields the type's schema lists. */
#ifndef MSG_H
#define MSG_H

#include <stddef.h>
#include <stdint.h>

#define MSG_VERSION 1
#define MSG_FIELDS 3

/* Message types. C: client to server, S: server to client. */
enum msg_type {
	MSG_HELLO = 0x01,     /* C  nick */
	MSG_SAY = 0x02,       /* C  text */
	MSG_ACT = 0x03,       /* C  text */
	MSG_TELL = 0x04,      /* C  to, text */
	MSG_NICK = 0x05,      /* C  nick */
	MSG_WHO = 0x06,       /* C  (names request) */
	MSG_QUIT = 0x07,      /* C  reason */
	MSG_PING = 0x08,      /* CS token */
	MSG_PONG = 0x09,      /* CS token */
	MSG_UDP_REQ = 0x0a,   /* C  (ask for UDP credentials) */
	MSG_UDP_OFF = 0x0b,   /* C  (back to TCP) */
	MSG_AWAY = 0x0c,      /* C  text (away with text; empty: back) */
	MSG_TOPIC = 0x0d,     /* C  text (the room's topic; empty: none) */
	MSG_HISTORY_REQ = 0x0e, /* C  since, epoch (the backlog after an id) */
	MSG_PROOF = 0x0f,     /* C  proof (a private room's challenge answered) */
	MSG_WELCOME = 0x20,   /* S  nick, members, server */
	MSG_CHAT = 0x21,      /* S  from, text */
	MSG_ACTION = 0x22,    /* S  from, text */
	MSG_PRIVATE = 0x23,   /* S  from, to, text */
	MSG_JOIN = 0x24,      /* S  nick, address */
	MSG_JOINS = 0x25,     /* S  count, nicks (a burst, summarised) */
	MSG_LEAVE = 0x26,     /* S  nick, reason */
	MSG_RENAME = 0x27,    /* S  old, new */
	MSG_NAME = 0x28,      /* S  nick, address (one names entry) */
	MSG_NAMES_END = 0x29, /* S  count */
	MSG_NOTICE = 0x2a,    /* S  text */
	MSG_ERROR = 0x2b,     /* S  code, text */
	MSG_UDP_CRED = 0x2c,  /* S  session, token */
	MSG_UDP_END = 0x2d,   /* S  reason (the UDP registration ended) */
	MSG_LIMITS = 0x2e,    /* S  text (the room's rates, before welcome) */
	MSG_AWAY_IS = 0x2f,   /* S  nick, text (that member is away) */
	MSG_TOPIC_IS = 0x30,  /* S  standing, nick, text (the topic, set by) */
	MSG_STAMP = 0x31,     /* S  id, time: of the chat, action or rename next */
	MSG_BACKLOG = 0x32,   /* S  count (| BACKLOG_GAP), epoch; then items */
	MSG_HISTORY = 0x33,   /* S  id, time (in seq), body (one from before) */
	MSG_CHALLENGE = 0x34, /* S  salt, challenge (a private room: prove it) */
	/* Datagrams, one frame each (doc/protocol.md, "UDP mode"). */
	MSG_UREG = 0x40,      /* C  session, token */
	MSG_UACK = 0x41,      /* S  session */
	MSG_USAY = 0x42,      /* C  session, token, seq, text */
	MSG_UACT = 0x43,      /* C  session, token, seq, text */
	MSG_UCHAT = 0x44,     /* S  seq, flags, from, text */
	MSG_UACTION = 0x45,   /* S  seq, flags, from, text */
	MSG_UCHAL = 0x46,     /* S  session, challenge (prove this address) */
	MSG_UPROVE = 0x47,    /* C  session, token, challenge */
	/* Finding rooms on the LAN (doc/protocol.md, "Finding rooms"). */
	MSG_FIND = 0x48,      /* C  nonce, padding (a query, broadcast) */
	MSG_HERE = 0x49,      /* S  nonce, instance, room, facts (an answer) */
};

#define MSG_LATE 1 /* UCHAT flag: reached the server out of order */
#define MSG_BACKLOG_GAP 0x80000000u /* in a `backlog` count: some lost */
#define MSG_TOPIC_MAX 300 /* bytes of the room's topic */
#define MSG_AWAY_MAX 160  /* bytes of a member's away message */
#define MSG_DGRAM_MAX 1200 /* bytes in one datagram: clear of fragmentation */
#define MSG_TOKEN_LEN 16   /* bytes of a UDP session token */
#define MSG_CHAL_LEN 8     /* bytes of a UDP address challenge */
#define MSG_FIND_MIN 256   /* bytes of a `find`: answers are never longer */
#define MSG_LINK_HOPS 255  /* finding rooms: sent with, must arrive with */

/* Error codes carried in MSG_ERROR. */
enum msg_err {
	ERR_MALFORMED = 1,
	ERR_TOO_BIG = 2,
	ERR_VERSION = 3,
	ERR_UNKNOWN_TYPE = 4,
	ERR_BAD_TEXT = 5,
	ERR_BAD_NICK = 6,
	ERR_NICK_TAKEN = 7,
	ERR_NO_SUCH_NICK = 8,
	ERR_NOT_JOINED = 9,
	ERR_SERVER_FULL = 10,
	ERR_UNKNOWN_COMMAND = 11,
	ERR_LINE_TOO_LONG = 12,
	ERR_SENDQ = 13,
	ERR_TIMEOUT = 14,
	ERR_FLOOD = 15,
	ERR_SECRET = 16,
};

struct msg_str {
	const char *p; /* not NUL-terminated; points into the frame */
	uint16_t len;
};

struct msg {
	uint8_t type;
	uint32_t num; /* the 'n' field: an error code, count, session, flags */
	uint32_t seq; /* the 'q' field: a sequence number */
	struct msg_str s[MSG_FIELDS];
};

/* One row of the type table: a name and a schema of field kinds,
 * 's' a string (u16 length, bytes), 'n' a u32 number and 'q' a u32
 * sequence number. */
struct msg_kind {
	uint8_t type;
	const char *name;
	const char *schema;
};

const struct msg_kind *msg_kind(uint8_t type);
const struct msg_kind *msg_kinds(size_t *count);

enum {
	MSG_OK = 0,
	MSG_EMALFORMED = -1, /* short, long or badly laid out body */
	MSG_EVERSION = -2,   /* a version this code does not speak */
	MSG_EUNKNOWN = -3,   /* a type this code does not know */
	MSG_ESPACE = -4,     /* encoding does not fit the buffer */
};

/* Decodes a frame body; string fields point into body. */
int msg_decode(const uint8_t *body, size_t len, struct msg *m);
/* Encodes m as a whole frame (header included) into buf. Returns the
 * frame's length or MSG_ESPACE. */
int msg_encode(const struct msg *m, uint8_t *buf, size_t cap);
/* Encoded frame length of m, or -1 when it exceeds FRAME_MAX. */
int msg_frame_len(const struct msg *m);

struct msg_str msg_str(const char *s);
const char *msg_err_name(uint32_t code);

#endif
