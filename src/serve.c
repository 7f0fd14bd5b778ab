/* serve: the framed protocol and line mode, both turned into room actions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "log.h"
#include "serve.h"
#include "text.h"
#include "udp.h"

void
conn_fail(struct conn *c, int code, const char *text)
{
	log_msg(LOG_INFO, "error %s %s: %s", c->m.addr, c->m.nick, text);
	room_error(c->srv->room, &c->m, code, text);
	conn_close(c, text);
}

static void
err(struct conn *c, int code, const char *text)
{
	log_msg(LOG_DEBUG, "error %s %s: %s", c->m.addr, c->m.nick, text);
	room_error(c->srv->room, &c->m, code, text);
}

static int
text_ok(struct conn *c, const char *t, size_t n)
{
	char why[128], msg[192];

	if (n == 0) {
		err(c, ERR_BAD_TEXT, "empty message; nothing was sent");
		return 0;
	}
	if (n > TEXT_MAX) {
		snprintf(msg, sizeof msg, "message of %zu bytes is over the "
		    "limit of %d; it was not sent", n, TEXT_MAX);
		err(c, ERR_BAD_TEXT, msg);
		return 0;
	}
	if (text_check(t, n, why, sizeof why) < 0) {
		snprintf(msg, sizeof msg, "refused: %s; it was not sent", why);
		err(c, ERR_BAD_TEXT, msg);
		return 0;
	}
	return 1;
}

static int
room_full(struct conn *c)
{
	struct server *s = c->srv;
	if ((long)room_count(s->room) < s->max_clients)
		return 0;
	conn_fail(c, ERR_SERVER_FULL, "the room is full");
	return 1;
}

static void
joined(struct conn *c)
{
	if (c->timer) {
		event_free(c->timer);
		c->timer = NULL;
	}
	log_msg(LOG_INFO, "join %s as %s (%s)", c->m.addr, c->m.nick,
	    c->m.line ? "line" : "framed");
}

/* The actions both kinds of client share. */

static void
do_say(struct conn *c, int type, const char *t, size_t n)
{
	if (text_ok(c, t, n))
		room_say(c->srv->room, &c->m, type, t, n, 0);
}

static void
do_tell(struct conn *c, const char *to, size_t tolen, const char *t, size_t n)
{
	char why[128];
	int e;
	if (!text_ok(c, t, n))
		return;
	e = room_tell(c->srv->room, &c->m, to, tolen, t, n, why, sizeof why);
	if (e)
		err(c, e, why);
}

static void
do_nick(struct conn *c, const char *nick, size_t n)
{
	char why[160], old[NICK_MAX + 1];
	memcpy(old, c->m.nick, sizeof old);
	int e = room_rename(c->srv->room, &c->m, nick, n, why, sizeof why);
	if (e)
		err(c, e, why);
	else if (strcmp(old, c->m.nick) != 0)
		log_msg(LOG_INFO, "rename %s %s to %s", c->m.addr, old,
		    c->m.nick);
}

static void
do_quit(struct conn *c, const char *reason, size_t n)
{
	char why[128], r[96];
	if (n >= sizeof r || text_check(reason, n, why, sizeof why) < 0)
		n = 0; /* a bad reason is dropped, the quit still happens */
	memcpy(r, reason, n);
	r[n] = '\0';
	conn_close(c, n ? r : "quit");
}

static void
notice_line(void *arg, const char *line)
{
	struct conn *c = arg;
	room_notice(c->srv->room, &c->m, line);
}

static void
do_help(struct conn *c)
{
	cmd_help(CMD_SERVER, notice_line, c);
}

/* Framed clients: one handler per client message type. */

static void
f_hello(struct conn *c, const struct msg *m)
{
	char why[160];
	if (c->m.joined) {
		err(c, ERR_MALFORMED, "already joined; use nick to rename");
		return;
	}
	if (room_full(c))
		return;
	int e = room_join(c->srv->room, &c->m, m->s[0].p, m->s[0].len, why,
	    sizeof why);
	if (e)
		err(c, e, why);
	else
		joined(c);
}

static void f_say(struct conn *c, const struct msg *m)
{ do_say(c, MSG_CHAT, m->s[0].p, m->s[0].len); }
static void f_act(struct conn *c, const struct msg *m)
{ do_say(c, MSG_ACTION, m->s[0].p, m->s[0].len); }
static void f_tell(struct conn *c, const struct msg *m)
{ do_tell(c, m->s[0].p, m->s[0].len, m->s[1].p, m->s[1].len); }
static void f_nick(struct conn *c, const struct msg *m)
{ do_nick(c, m->s[0].p, m->s[0].len); }
static void f_who(struct conn *c, const struct msg *m)
{ (void)m; room_names(c->srv->room, &c->m); }
static void f_quit(struct conn *c, const struct msg *m)
{ do_quit(c, m->s[0].p, m->s[0].len); }
static void f_pong(struct conn *c, const struct msg *m)
{ (void)c, (void)m; }

static void
f_udp_req(struct conn *c, const struct msg *m)
{
	(void)m;
	if (udp_grant(c->srv->udp, &c->m) < 0)
		err(c, ERR_SERVER_FULL, "cannot open a UDP session now");
}

static void
f_udp_off(struct conn *c, const struct msg *m)
{
	(void)m;
	/* The answer follows every datagram sent to it so far. */
	udp_revoke(c->srv->udp, &c->m, "back to TCP, as asked");
}

static void
f_ping(struct conn *c, const struct msg *m)
{
	struct msg pong = { .type = MSG_PONG };
	pong.s[0] = m->s[0];
	room_send(c->srv->room, &c->m, &pong);
}

static const struct {
	uint8_t type;
	void (*fn)(struct conn *, const struct msg *);
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
};

static void
on_frame(struct conn *c, const uint8_t *body, size_t len)
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
		conn_fail(c, ERR_VERSION, text);
		return;
	case MSG_EUNKNOWN:
		snprintf(text, sizeof text, "unknown message type 0x%02x",
		    body[1]);
		err(c, ERR_UNKNOWN_TYPE, text);
		return;
	default:
		snprintf(text, sizeof text, "malformed message (%zu bytes)",
		    len);
		err(c, ERR_MALFORMED, text);
		return;
	}
	for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
		if (handlers[i].type != m.type)
			continue;
		if (handlers[i].need_join && !c->m.joined)
			err(c, ERR_NOT_JOINED, "say hello first");
		else
			handlers[i].fn(c, &m);
		return;
	}
	snprintf(text, sizeof text, "message type %s is not for servers",
	    msg_kind(m.type)->name);
	err(c, ERR_UNKNOWN_TYPE, text);
}

/* Line clients: one handler per command. */

static void
on_line(struct conn *c, const char *line, size_t len)
{
	struct cmd cmd;
	char why[128];

	if (len == 0)
		return;
	if (cmd_parse(line, len, CMD_SERVER, &cmd, why, sizeof why) < 0) {
		err(c, ERR_UNKNOWN_COMMAND, why);
		return;
	}
	switch (cmd.id) {
	case CMD_TEXT:
		do_say(c, MSG_CHAT, cmd.rest, cmd.restlen);
		break;
	case CMD_ME:
		do_say(c, MSG_ACTION, cmd.rest, cmd.restlen);
		break;
	case CMD_MSG:
		do_tell(c, cmd.word, cmd.wordlen, cmd.rest, cmd.restlen);
		break;
	case CMD_NICK:
		do_nick(c, cmd.word, cmd.wordlen);
		break;
	case CMD_NAMES:
		room_names(c->srv->room, &c->m);
		break;
	case CMD_QUIT:
		do_quit(c, cmd.rest, cmd.restlen);
		break;
	case CMD_HELP:
		do_help(c);
		break;
	default:
		err(c, ERR_UNKNOWN_COMMAND, "that command is for lanchat");
		break;
	}
}

void
serve_start(struct conn *c, enum conn_mode mode)
{
	struct timeval tv = { SERVER_HELLO_MS / 1000, 0 };
	char why[160];

	c->mode = mode;
	if (mode == CONN_FRAMED) {
		evtimer_add(c->timer, &tv); /* now the hello deadline */
		return;
	}
	frame_dec_free(&c->dec.f);
	line_dec_init(&c->dec.l);
	c->m.line = 1;
	if (room_full(c))
		return;
	if (room_join(c->srv->room, &c->m, NULL, 0, why, sizeof why)) {
		conn_fail(c, ERR_SERVER_FULL, why);
		return;
	}
	joined(c);
	room_notice(c->srv->room, &c->m, "type a line to chat; /help lists "
	    "commands, /nick NAME picks your nick");
}

void
serve_input(struct conn *c, const uint8_t *buf, size_t n)
{
	char text[128];

	if (c->mode == CONN_FRAMED) {
		const uint8_t *p = buf;
		struct frame f;
		while (!c->closing && !c->dead) {
			int rc = frame_dec_next(&c->dec.f, &p, &n, &f);
			if (rc == FRAME_MORE)
				break;
			if (rc == FRAME_OK) {
				on_frame(c, f.body, f.len);
				continue;
			}
			if (rc == FRAME_TOOBIG)
				snprintf(text, sizeof text, "frame of %u bytes "
				    "is over the limit of %d", c->dec.f.toobig,
				    FRAME_MAX);
			else
				snprintf(text, sizeof text, "out of memory");
			conn_fail(c, rc == FRAME_TOOBIG ? ERR_TOO_BIG :
			    ERR_SERVER_FULL, text);
		}
		return;
	}
	const char *p = (const char *)buf;
	struct line l;
	while (!c->closing && !c->dead) {
		int rc = line_dec_next(&c->dec.l, &p, &n, &l);
		if (rc == LINE_MORE)
			break;
		if (rc == LINE_OK) {
			on_line(c, l.p, l.len);
		} else if (rc == LINE_TOOLONG) {
			snprintf(text, sizeof text, "line over %d bytes; it was "
			    "not sent", LINE_MAX);
			err(c, ERR_LINE_TOO_LONG, text);
		} else {
			conn_fail(c, ERR_SERVER_FULL, "out of memory");
		}
	}
}
