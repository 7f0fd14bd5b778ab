/* serve: the framed protocol and line mode, both turned into room actions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "gate.h"
#include "log.h"
#include "serve.h"
#include "text.h"
#include "udp.h"

/* One client's input being served: where a verdict's reason goes. */
struct req {
	const struct serve_ctx *sv;
	struct member *m;
	uint64_t now;
	char *why;
	size_t whylen;
};

void
serve_in_init(struct serve_in *in, int line)
{
	in->line = !!line;
	if (in->line)
		line_dec_init(&in->dec.l);
	else
		frame_dec_init(&in->dec.f);
}

void
serve_in_free(struct serve_in *in)
{
	if (in->line)
		line_dec_free(&in->dec.l);
	else
		frame_dec_free(&in->dec.f);
}

void
serve_error(const struct serve_ctx *sv, struct member *m, int code,
    const char *text, uint64_t now)
{
	log_msg(LOGL_DEBUG, "error %s %s: %s", m->addr, m->nick, text);
	if (rate_take(&m->errors, &sv->lim->errors, now, 1))
		room_error(sv->room, m, code, text);
}

/* Tells the client what went wrong; the connection stays. */
static enum serve_verdict
reply_error(struct req *q, int code, const char *text)
{
	serve_error(q->sv, q->m, code, text, q->now);
	return SERVE_KEEP;
}

/* Tells the client its nick was refused, past the error rate: the client
 * waits for this answer (a hello for its welcome; in a private room, text
 * typed after a nick change for the new nick), and the request itself
 * was paced by the member's line rate. */
static enum serve_verdict
answer_error(struct req *q, int code, const char *text)
{
	log_msg(LOGL_DEBUG, "error %s %s: %s", q->m->addr, q->m->nick, text);
	room_error(q->sv->room, q->m, code, text);
	return SERVE_KEEP;
}

/* Tells the client what went wrong, and that it is the end. */
static enum serve_verdict
refuse(struct req *q, int code, const char *text)
{
	log_msg(LOGL_INFO, "error %s %s: %s", q->m->addr, q->m->nick, text);
	room_error(q->sv->room, q->m, code, text);
	snprintf(q->why, q->whylen, "%s", text);
	return SERVE_CLOSE;
}

/* Chat text, or in a private room a sealed box the server cannot read. */
static int
text_ok(struct req *q, const char *t, size_t n)
{
	char why[192];
	if (gate_text(q->sv->gate, t, n, why, sizeof why) < 0) {
		reply_error(q, ERR_BAD_TEXT, why);
		return 0;
	}
	return 1;
}

static int
seats_left(const struct serve_ctx *sv)
{
	return (long)room_count(sv->room) < sv->lim->max_clients;
}

static void
log_join(const struct member *m)
{
	log_msg(LOGL_INFO, "join %s as %s (%s)", m->addr, m->nick,
	    m->line ? "line" : "framed");
}

/* The actions both kinds of client share. */

static enum serve_verdict
do_say(struct req *q, int type, const char *t, size_t n)
{
	if (text_ok(q, t, n))
		room_say(q->sv->room, q->m, type, t, n, 0);
	return SERVE_KEEP;
}

static enum serve_verdict
do_tell(struct req *q, const char *to, size_t tolen, const char *t, size_t n)
{
	char why[128];
	if (!text_ok(q, t, n))
		return SERVE_KEEP;
	int e = room_tell(q->sv->room, q->m, to, tolen, t, n, why,
	    sizeof why);
	return e ? reply_error(q, e, why) : SERVE_KEEP;
}

static enum serve_verdict
do_nick(struct req *q, const char *nick, size_t n)
{
	struct member *m = q->m;
	char why[160], old[NICK_MAX + 1];
	memcpy(old, m->nick, sizeof old);
	int e = room_rename(q->sv->room, m, nick, n, why, sizeof why);
	if (e)
		return answer_error(q, e, why);
	if (strcmp(old, m->nick) != 0)
		log_msg(LOGL_INFO, "rename %s %s to %s", m->addr, old, m->nick);
	return SERVE_KEEP;
}

static enum serve_verdict
do_quit(struct req *q, const char *reason, size_t n)
{
	char why[128];
	/* A bad reason is dropped; the quit still happens. */
	if (n == 0 || n >= q->whylen ||
	    text_check(reason, n, why, sizeof why) < 0)
		snprintf(q->why, q->whylen, "quit");
	else
		snprintf(q->why, q->whylen, "%.*s", (int)n, reason);
	return SERVE_CLOSE;
}

/* Away text and topics follow the rules of chat text, shorter (sealed,
 * in a private room); empty is allowed (back; no topic). */
static int
short_text_ok(struct req *q, const char *t, size_t n, size_t max,
    const char *what)
{
	char why[192];
	if (gate_short(q->sv->gate, t, n, max, what, why, sizeof why) < 0) {
		reply_error(q, ERR_BAD_TEXT, why);
		return 0;
	}
	return 1;
}

static enum serve_verdict
do_away(struct req *q, const char *t, size_t n)
{
	if (short_text_ok(q, t, n, ROOM_AWAY_MAX, "an away message"))
		room_away(q->sv->room, q->m, t, n);
	return SERVE_KEEP;
}

static enum serve_verdict
do_topic(struct req *q, const char *t, size_t n)
{
	if (short_text_ok(q, t, n, ROOM_TOPIC_MAX, "a topic")) {
		room_topic(q->sv->room, q->m, t, n);
		log_msg(LOGL_INFO, "topic %s %s: %.*s", q->m->addr, q->m->nick,
		    q->sv->gate ? 8 : (int)n, q->sv->gate ? "(sealed)" : t);
	}
	return SERVE_KEEP;
}

static void
notice_line(void *arg, const char *line)
{
	struct req *q = arg;
	room_notice(q->sv->room, q->m, line);
}

static enum serve_verdict
do_help(struct req *q)
{
	cmd_help(CMD_SERVER, notice_line, q);
	return SERVE_KEEP;
}

/* Framed clients: one handler per client message type. */

static enum serve_verdict
join(struct req *q, const char *nick, size_t len)
{
	char why[160];
	if (!seats_left(q->sv))
		return refuse(q, ERR_SERVER_FULL, "the room is full");
	int e = room_join(q->sv->room, q->m, nick, len, why, sizeof why);
	if (e)
		return answer_error(q, e, why);
	log_join(q->m);
	return SERVE_KEEP;
}

/* A private room answers a hello with a challenge, unless the address
 * has used up its guesses (then it is not even asked). */
static enum serve_verdict
challenge(struct req *q, const struct msg_str *nick)
{
	char why[160];
	uint64_t wait = guard_guess_wait(q->sv->guard, &q->m->gk, q->now);
	if (wait) {
		snprintf(why, sizeof why, "too many wrong room secrets from "
		    "your address; try again in %llu seconds",
		    (unsigned long long)(wait + 999) / 1000);
		return refuse(q, ERR_SECRET, why);
	}
	if (nick_check(nick->p, nick->len, why, sizeof why) < 0)
		return answer_error(q, ERR_BAD_NICK, why);
	if (q->m->ask == NULL && (q->m->ask = malloc(sizeof *q->m->ask)) ==
	    NULL)
		return refuse(q, ERR_SERVER_FULL, "out of memory");
	gate_ask(q->m->ask, nick->p, nick->len);
	struct msg c = { .type = MSG_CHALLENGE };
	c.s[0] = (struct msg_str){ (const char *)q->sv->gate->salt,
	    SEAL_SALT };
	c.s[1] = (struct msg_str){ (const char *)q->m->ask->chal,
	    SEAL_CHAL };
	room_send(q->sv->room, q->m, &c);
	return SERVE_KEEP;
}

static enum serve_verdict
f_hello(struct req *q, const struct msg *m)
{
	if (q->m->joined)
		return reply_error(q, ERR_MALFORMED,
		    "already joined; use nick to rename");
	if (q->sv->gate && !q->m->admitted)
		return challenge(q, &m->s[0]);
	return join(q, m->s[0].p, m->s[0].len);
}

/* The answer to the challenge: right, and the hello it answered goes on;
 * wrong, and the connection ends and the address has one guess fewer. */
static enum serve_verdict
f_proof(struct req *q, const struct msg *m)
{
	struct member *mb = q->m;
	char nick[NICK_MAX + 1];
	if (q->sv->gate == NULL || mb->ask == NULL || mb->admitted)
		return reply_error(q, ERR_MALFORMED, "no challenge to answer");
	if (gate_check(q->sv->gate, mb->ask, m->s[0].p, m->s[0].len) < 0) {
		guard_guess_wrong(q->sv->guard, &mb->gk, q->now);
		return refuse(q, ERR_SECRET, "wrong room secret");
	}
	mb->admitted = 1;
	memcpy(nick, mb->ask->nick, sizeof nick);
	free(mb->ask);
	mb->ask = NULL;
	return join(q, nick, strlen(nick));
}

static enum serve_verdict f_say(struct req *q, const struct msg *m)
{ return do_say(q, MSG_CHAT, m->s[0].p, m->s[0].len); }
static enum serve_verdict f_act(struct req *q, const struct msg *m)
{ return do_say(q, MSG_ACTION, m->s[0].p, m->s[0].len); }
static enum serve_verdict f_tell(struct req *q, const struct msg *m)
{ return do_tell(q, m->s[0].p, m->s[0].len, m->s[1].p, m->s[1].len); }
static enum serve_verdict f_nick(struct req *q, const struct msg *m)
{ return do_nick(q, m->s[0].p, m->s[0].len); }
static enum serve_verdict f_quit(struct req *q, const struct msg *m)
{ return do_quit(q, m->s[0].p, m->s[0].len); }
static enum serve_verdict f_away(struct req *q, const struct msg *m)
{ return do_away(q, m->s[0].p, m->s[0].len); }
static enum serve_verdict f_topic(struct req *q, const struct msg *m)
{ return do_topic(q, m->s[0].p, m->s[0].len); }
static enum serve_verdict f_pong(struct req *q, const struct msg *m)
{ (void)q, (void)m; return SERVE_KEEP; }

static enum serve_verdict
f_who(struct req *q, const struct msg *m)
{
	(void)m;
	room_names(q->sv->room, q->m);
	return SERVE_KEEP;
}

static enum serve_verdict
f_udp_req(struct req *q, const struct msg *m)
{
	(void)m;
	if (udp_grant(q->sv->udp, q->m) < 0)
		return reply_error(q, ERR_SERVER_FULL,
		    "cannot open a UDP session now");
	return SERVE_KEEP;
}

static enum serve_verdict
f_udp_off(struct req *q, const struct msg *m)
{
	(void)m;
	/* The answer follows every datagram sent to it so far. */
	udp_revoke(q->sv->udp, q->m, "back to TCP, as asked");
	return SERVE_KEEP;
}

/* Once per connection: a replay is up to BACKLOG_SEND_MAX bytes, too
 * much to give again for a frame's cost. Before the welcome it waits
 * for the join (a client sends it right after its hello). */
static enum serve_verdict
f_history_req(struct req *q, const struct msg *m)
{
	if (q->m->hist != ROOM_HIST_NONE)
		return reply_error(q, ERR_MALFORMED, "the history was asked "
		    "for already");
	if (!q->m->joined) {
		q->m->hist = ROOM_HIST_ASKED;
		q->m->hist_since = m->num;
		q->m->hist_epoch = m->seq;
		return SERVE_KEEP;
	}
	room_history(q->sv->room, q->m, m->num, m->seq);
	return SERVE_KEEP;
}

static enum serve_verdict
f_ping(struct req *q, const struct msg *m)
{
	struct msg pong = { .type = MSG_PONG };
	pong.s[0] = m->s[0];
	room_send(q->sv->room, q->m, &pong);
	return SERVE_KEEP;
}

static const struct {
	uint8_t type;
	enum serve_verdict (*fn)(struct req *, const struct msg *);
	int need_join;
} handlers[] = {
	{ MSG_HELLO, f_hello, 0 },
	{ MSG_SAY, f_say, 1 },
	{ MSG_ACT, f_act, 1 },
	{ MSG_TELL, f_tell, 1 },
	{ MSG_NICK, f_nick, 1 },
	{ MSG_WHO, f_who, 1 },
	{ MSG_QUIT, f_quit, 0 },
	{ MSG_PING, f_ping, 0 },
	{ MSG_PONG, f_pong, 0 },
	{ MSG_UDP_REQ, f_udp_req, 1 },
	{ MSG_UDP_OFF, f_udp_off, 1 },
	{ MSG_AWAY, f_away, 1 },
	{ MSG_TOPIC, f_topic, 1 },
	{ MSG_HISTORY_REQ, f_history_req, 0 },
	{ MSG_PROOF, f_proof, 0 },
};

static enum serve_verdict
on_frame(struct req *q, const uint8_t *body, size_t len)
{
	struct msg m;
	char text[96];

	switch (msg_decode(body, len, &m)) {
	case MSG_OK:
		break;
	case MSG_EVERSION:
		snprintf(text, sizeof text, "protocol version %u is not "
		    "supported; this server speaks %d", len ? body[0] : 0,
		    MSG_VERSION);
		return refuse(q, ERR_VERSION, text);
	case MSG_EUNKNOWN:
		snprintf(text, sizeof text, "unknown message type 0x%02x",
		    body[1]);
		return reply_error(q, ERR_UNKNOWN_TYPE, text);
	default:
		snprintf(text, sizeof text, "malformed message (%zu bytes)",
		    len);
		return reply_error(q, ERR_MALFORMED, text);
	}
	for (size_t i = 0; i < nitems(handlers); i++) {
		if (handlers[i].type != m.type)
			continue;
		if (handlers[i].need_join && !q->m->joined)
			return reply_error(q, ERR_NOT_JOINED, "say hello first");
		return handlers[i].fn(q, &m);
	}
	snprintf(text, sizeof text, "message type %s is not for servers",
	    msg_kind(m.type)->name);
	return reply_error(q, ERR_UNKNOWN_TYPE, text);
}

/* Line clients: one case per command the server's line mode has. */

static enum serve_verdict
on_line(struct req *q, const char *line, size_t len)
{
	struct cmd cmd;
	char why[128];

	if (len == 0)
		return SERVE_KEEP;
	if (cmd_parse(line, len, CMD_SERVER, &cmd, why, sizeof why) < 0)
		return reply_error(q, ERR_UNKNOWN_COMMAND, why);
	switch (cmd.id) {
	case CMD_TEXT:
		return do_say(q, MSG_CHAT, cmd.rest, cmd.restlen);
	case CMD_ME:
		return do_say(q, MSG_ACTION, cmd.rest, cmd.restlen);
	case CMD_MSG:
		return do_tell(q, cmd.word, cmd.wordlen, cmd.rest, cmd.restlen);
	case CMD_NICK:
		return do_nick(q, cmd.word, cmd.wordlen);
	case CMD_NAMES:
		room_names(q->sv->room, q->m);
		return SERVE_KEEP;
	case CMD_QUIT:
		return do_quit(q, cmd.rest, cmd.restlen);
	case CMD_HELP:
		return do_help(q);
	case CMD_AWAY:
		return do_away(q, cmd.rest, cmd.restlen);
	case CMD_TOPIC:
		/* Alone it shows the topic; "-" clears it. */
		if (cmd.restlen == 0) {
			room_tell_topic(q->sv->room, q->m, 1);
			return SERVE_KEEP;
		}
		if (cmd.restlen == 1 && cmd.rest[0] == '-')
			cmd.restlen = 0;
		return do_topic(q, cmd.rest, cmd.restlen);
	default:
		return reply_error(q, ERR_UNKNOWN_COMMAND,
		    "that command is for lanchat");
	}
}

enum serve_verdict
serve_line_start(const struct serve_ctx *sv, struct member *m, char *why,
    size_t whylen)
{
	struct req q = { sv, m, 0, why, whylen };
	char text[160];

	m->line = 1;
	if (sv->gate)
		return refuse(&q, ERR_SECRET, "this room is private: its chat "
		    "is encrypted end to end, so nc and telnet cannot join; "
		    "join with lanchat --secret and this address");
	if (!seats_left(sv))
		return refuse(&q, ERR_SERVER_FULL, "the room is full");
	if (room_join(sv->room, m, NULL, 0, text, sizeof text))
		return refuse(&q, ERR_SERVER_FULL, text);
	log_join(m);
	room_notice(sv->room, m, "type a line to chat; /help lists commands, "
	    "/nick NAME picks your nick");
	return SERVE_KEEP;
}

/* Each message costs the member one of its lines; with none left, serving
 * stops before the next one. */
static int
may_send(struct req *q)
{
	return rate_take(&q->m->lines, &q->sv->lim->lines, q->now, 1);
}

/* Gives back the message charged for input that held no whole one. */
static void
refund(struct req *q)
{
	rate_give(&q->m->lines, &q->sv->lim->lines, 1);
}

static enum serve_verdict
input_frames(struct req *q, struct frame_dec *d, const uint8_t *p, size_t n,
    size_t *used)
{
	const uint8_t *start = p;
	struct frame f;
	char text[128];
	int rc = FRAME_MORE;

	while (n > 0) {
		if (!may_send(q)) {
			*used = (size_t)(p - start);
			return SERVE_THROTTLE;
		}
		rc = frame_dec_next(d, &p, &n, &f);
		if (rc == FRAME_MORE)
			refund(q);
		if (rc != FRAME_OK)
			break;
		if (on_frame(q, f.body, f.len) == SERVE_CLOSE)
			return SERVE_CLOSE;
	}
	*used = (size_t)(p - start);
	if (rc == FRAME_MORE || rc == FRAME_OK)
		return SERVE_KEEP;
	if (rc == FRAME_TOOBIG) {
		snprintf(text, sizeof text, "frame of %u bytes is over the "
		    "limit of %u%s", d->toobig, d->max ? d->max : FRAME_MAX,
		    q->m->joined ? "" : " before joining");
		return refuse(q, ERR_TOO_BIG, text);
	}
	return refuse(q, ERR_SERVER_FULL, "out of memory");
}

static enum serve_verdict
input_lines(struct req *q, struct line_dec *d, const char *p, size_t n,
    size_t *used)
{
	const char *start = p;
	struct line l;
	char text[128];

	while (n > 0) {
		if (!may_send(q)) {
			*used = (size_t)(p - start);
			return SERVE_THROTTLE;
		}
		int rc = line_dec_next(d, &p, &n, &l);
		if (rc == LINE_MORE) {
			refund(q);
			break;
		}
		if (rc == LINE_OK) {
			if (on_line(q, l.p, l.len) == SERVE_CLOSE)
				return SERVE_CLOSE;
		} else if (rc == LINE_TOOLONG) {
			snprintf(text, sizeof text, "line over %d bytes; it was "
			    "not sent", LINE_MAX);
			reply_error(q, ERR_LINE_TOO_LONG, text);
		} else {
			return refuse(q, ERR_SERVER_FULL, "out of memory");
		}
	}
	*used = (size_t)(p - start);
	return SERVE_KEEP;
}

enum serve_verdict
serve_input(const struct serve_ctx *sv, struct member *m,
    struct serve_in *in, const uint8_t *buf, size_t n, uint64_t now,
    size_t *used, char *why, size_t whylen)
{
	struct req q = { sv, m, now, why, whylen };
	if (in->line)
		return input_lines(&q, &in->dec.l, (const char *)buf, n, used);
	return input_frames(&q, &in->dec.f, buf, n, used);
}
