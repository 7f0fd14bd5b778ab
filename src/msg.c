/* msg: table-driven encoding of message bodies. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "msg.h"

/* Sorted by type so msg_kind can bsearch; a unit test checks the order. */
static const struct msg_kind kinds[] = {
	{ MSG_HELLO, "hello", "s" },
	{ MSG_SAY, "say", "s" },
	{ MSG_ACT, "act", "s" },
	{ MSG_TELL, "tell", "ss" },
	{ MSG_NICK, "nick", "s" },
	{ MSG_WHO, "who", "" },
	{ MSG_QUIT, "quit", "s" },
	{ MSG_PING, "ping", "s" },
	{ MSG_PONG, "pong", "s" },
	{ MSG_UDP_REQ, "udp-req", "" },
	{ MSG_UDP_OFF, "udp-off", "" },
	{ MSG_AWAY, "away", "s" },
	{ MSG_TOPIC, "topic", "s" },
	{ MSG_HISTORY_REQ, "history-req", "nq" },
	{ MSG_PROOF, "proof", "s" },
	{ MSG_WELCOME, "welcome", "sns" },
	{ MSG_CHAT, "chat", "ss" },
	{ MSG_ACTION, "action", "ss" },
	{ MSG_PRIVATE, "private", "sss" },
	{ MSG_JOIN, "join", "ss" },
	{ MSG_JOINS, "joins", "ns" },
	{ MSG_LEAVE, "leave", "ss" },
	{ MSG_RENAME, "rename", "ss" },
	{ MSG_NAME, "name", "ss" },
	{ MSG_NAMES_END, "names-end", "n" },
	{ MSG_NOTICE, "notice", "s" },
	{ MSG_ERROR, "error", "ns" },
	{ MSG_UDP_CRED, "udp-cred", "ns" },
	{ MSG_UDP_END, "udp-end", "s" },
	{ MSG_LIMITS, "limits", "s" },
	{ MSG_AWAY_IS, "away-is", "ss" },
	{ MSG_TOPIC_IS, "topic-is", "nss" },
	{ MSG_STAMP, "stamp", "nq" },
	{ MSG_BACKLOG, "backlog", "nq" },
	{ MSG_HISTORY, "history", "nqs" },
	{ MSG_CHALLENGE, "challenge", "ss" },
	{ MSG_UREG, "ureg", "ns" },
	{ MSG_UACK, "uack", "n" },
	{ MSG_USAY, "usay", "nsqs" },
	{ MSG_UACT, "uact", "nsqs" },
	{ MSG_UCHAT, "uchat", "qnss" },
	{ MSG_UACTION, "uaction", "qnss" },
	{ MSG_UCHAL, "uchal", "ns" },
	{ MSG_UPROVE, "uprove", "nss" },
	{ MSG_FIND, "find", "ns" },
	{ MSG_HERE, "here", "nqss" },
};

static int
kind_cmp(const void *key, const void *elem)
{
	const uint8_t *t = key;
	const struct msg_kind *k = elem;
	return (int)*t - (int)k->type;
}

const struct msg_kind *
msg_kind(uint8_t type)
{
	return bsearch(&type, kinds, nitems(kinds), sizeof kinds[0],
	    kind_cmp);
}

const struct msg_kind *
msg_kinds(size_t *count)
{
	*count = nitems(kinds);
	return kinds;
}

struct msg_str
msg_str(const char *s)
{
	size_t n = strlen(s);
	return (struct msg_str){ s, n > UINT16_MAX ? UINT16_MAX : (uint16_t)n };
}

int
msg_decode(const uint8_t *body, size_t len, struct msg *m)
{
	memset(m, 0, sizeof *m);
	if (len < 2)
		return MSG_EMALFORMED;
	if (body[0] != MSG_VERSION)
		return MSG_EVERSION;
	m->type = body[1];
	const struct msg_kind *k = msg_kind(m->type);
	if (k == NULL)
		return MSG_EUNKNOWN;
	size_t off = 2;
	int si = 0;
	for (const char *f = k->schema; *f; f++) {
		if (*f == 'n' || *f == 'q') {
			if (len - off < 4)
				return MSG_EMALFORMED;
			*(*f == 'n' ? &m->num : &m->seq) =
			    frame_get_len(body + off);
			off += 4;
		} else {
			if (len - off < 2)
				return MSG_EMALFORMED;
			uint16_t sl = (uint16_t)(body[off] << 8 | body[off + 1]);
			off += 2;
			if (len - off < sl)
				return MSG_EMALFORMED;
			m->s[si].p = (const char *)body + off;
			m->s[si].len = sl;
			si++;
			off += sl;
		}
	}
	return off == len ? MSG_OK : MSG_EMALFORMED;
}

int
msg_frame_len(const struct msg *m)
{
	const struct msg_kind *k = msg_kind(m->type);
	if (k == NULL)
		return -1;
	size_t n = FRAME_HDR + 2;
	int si = 0;
	for (const char *f = k->schema; *f; f++)
		n += *f == 's' ? 2 + (size_t)m->s[si++].len : 4;
	return n - FRAME_HDR > FRAME_MAX ? -1 : (int)n;
}

int
msg_encode(const struct msg *m, uint8_t *buf, size_t cap)
{
	int n = msg_frame_len(m);
	if (n < 0 || (size_t)n > cap)
		return MSG_ESPACE;
	const struct msg_kind *k = msg_kind(m->type);
	frame_put_len(buf, (uint32_t)n - FRAME_HDR);
	size_t off = FRAME_HDR;
	buf[off++] = MSG_VERSION;
	buf[off++] = m->type;
	int si = 0;
	for (const char *f = k->schema; *f; f++) {
		if (*f == 'n' || *f == 'q') {
			frame_put_len(buf + off, *f == 'n' ? m->num : m->seq);
			off += 4;
		} else {
			const struct msg_str *s = &m->s[si++];
			buf[off++] = s->len >> 8;
			buf[off++] = s->len & 0xff;
			if (s->len)
				memcpy(buf + off, s->p, s->len);
			off += s->len;
		}
	}
	return n;
}

static const char *const err_names[] = {
	[ERR_MALFORMED] = "malformed message",
	[ERR_TOO_BIG] = "frame too big",
	[ERR_VERSION] = "unsupported protocol version",
	[ERR_UNKNOWN_TYPE] = "unknown message type",
	[ERR_BAD_TEXT] = "bad text",
	[ERR_BAD_NICK] = "bad nick",
	[ERR_NICK_TAKEN] = "nick taken",
	[ERR_NO_SUCH_NICK] = "no such nick",
	[ERR_NOT_JOINED] = "not joined",
	[ERR_SERVER_FULL] = "server full",
	[ERR_UNKNOWN_COMMAND] = "unknown command",
	[ERR_LINE_TOO_LONG] = "line too long",
	[ERR_SENDQ] = "send queue full",
	[ERR_TIMEOUT] = "timed out",
	[ERR_FLOOD] = "sending too fast",
	[ERR_SECRET] = "wrong room secret",
};

const char *
msg_err_name(uint32_t code)
{
	if (code < nitems(err_names) && err_names[code])
		return err_names[code];
	return "error";
}
