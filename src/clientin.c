/* clientin: what the user typed, done: chat sealed (in a private room)
 * and sent on the stream or as a datagram, the client's own commands, the
 * goodbye. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>

#include "client.h"
#include "clientdef.h"
#include "frame.h"
#include "typed.h"

/* The server did not close after our goodbye: we do. */
static void
quit_timeout(void *arg)
{
	client_closed(arg, 0, NULL);
}

void
client_quit(struct client *c, const char *reason)
{
	struct msg quit = { .type = MSG_QUIT };
	uint8_t buf[FRAME_HDR + FRAME_MAX];

	if (c->quitting)
		return;
	/* No connection, not even one being made (before the first, or
	 * between retries): there is no one to say goodbye to. While one is
	 * being made, the goodbye waits with what else was said; once up,
	 * it follows what waits for the room's pace. */
	if (!client_is_connecting(c)) {
		client_drop(c);
		c->ops->closed(c->arg, 0, NULL);
		return;
	}
	c->quitting = 1;
	quit.s[0] = msg_str(reason ? reason : "");
	int n = msg_encode(&quit, buf, sizeof buf);
	outbox_last(&c->out, buf, n > 0 ? (size_t)n : 0, CLIENT_QUIT_MS,
	    quit_timeout, c);
}

size_t
client_waiting(const struct client *c, size_t *bytes)
{
	size_t e = c->early ? evbuffer_get_length(c->early) : 0;
	if (bytes)
		*bytes = outbox_bytes(&c->out) + e;
	return outbox_waiting(&c->out) + c->nearly;
}

/* Chat typed before the private room's key is made (before the first
 * join) waits as typed, in memory only, to be sealed then. */
static int
keep_early(struct client *c, const char *line, size_t len)
{
	uint16_t n = (uint16_t)len;
	if (c->early == NULL && (c->early = evbuffer_new()) == NULL)
		return -1;
	if (len > UINT16_MAX || evbuffer_get_length(c->early) + len >
	    CLIENT_QUEUE_MAX || evbuffer_add(c->early, &n, sizeof n) < 0 ||
	    evbuffer_add(c->early, line, len) < 0)
		return -1;
	c->nearly++;
	return 0;
}

void
client_early(struct client *c)
{
	char line[UINT16_MAX + 1];
	struct cmd cmd;
	uint16_t n;
	while (c->early && c->nearly > 0 &&
	    evbuffer_remove(c->early, &n, sizeof n) == sizeof n &&
	    evbuffer_remove(c->early, line, n) == n) {
		c->nearly--;
		client_input(c, line, n, &cmd);
	}
	if (c->early)
		evbuffer_free(c->early);
	c->early = NULL;
	c->nearly = 0;
}

int
client_input(struct client *c, const char *line, size_t len, struct cmd *cmd)
{
	struct typed t;
	char reason[3 * MSG_TOPIC_MAX + 3 * NICK_MAX + 64];

	typed_parse(line, len, cmd, &t);
	switch (t.kind) {
	case TYPED_NOTHING:
		return 0;
	case TYPED_REFUSE:
		client_info(c, "%s", t.why);
		return -1;
	case TYPED_SCREEN:
		return 1;
	case TYPED_NAMES:
		client_ask_names(c, 0);
		return 0;
	case TYPED_QUIT:
		snprintf(reason, sizeof reason, "%.*s", (int)t.msg.s[0].len,
		    t.msg.s[0].p);
		client_quit(c, c->sealed ? "" : reason); /* not sealed */
		return 0;
	case TYPED_HELP:
		cmd_help(CMD_CLIENT | c->commands, client_info_line, c);
		return 0;
	case TYPED_MODE:
		client_set_udp(c, t.on);
		return 0;
	case TYPED_IGNORE:
	case TYPED_UNIGNORE:
		ignore_command(&c->ign, t.kind == TYPED_IGNORE, t.msg.s[0].p,
		    t.msg.s[0].len, reason, sizeof reason);
		client_info(c, "%s", reason);
		return 0;
	case TYPED_TOPIC:
		roomview_topic_line(&c->view, reason, sizeof reason);
		client_info(c, "%s", reason);
		return 0;
	case TYPED_NICK:
		if (!c->joined) {
			/* Not in yet: the next hello uses it. */
			snprintf(c->want, sizeof c->want, "%.*s",
			    (int)t.msg.s[0].len, t.msg.s[0].p);
			client_info(c, "you will join as %s", c->want);
			return 0;
		}
		/* A private room's text names its sender: what is said
		 * until the room tells the new nick back waits for it. */
		c->renaming = c->sealed && (t.msg.s[0].len != strlen(c->nick) ||
		    memcmp(t.msg.s[0].p, c->nick, t.msg.s[0].len) != 0);
		break;
	case TYPED_SEND:
		if (c->renaming && t.msg.type != MSG_NICK &&
		    keep_early(c, line, len) == 0)
			return 0;
		/* A private room's text goes sealed, or not at all; before
		 * its key is made, it waits to be. */
		if ((c->sealed || c->need_private) && priv_seal(c->priv,
		    &t.msg, c->joined ? c->nick : c->want) < 0) {
			if (!c->priv->keyed && keep_early(c, line, len) == 0)
				return 0;
			client_info(c, "%s; nothing was sent", c->priv->keyed ?
			    "too long to seal" : "too much typed before joining");
			return -1;
		}
		/* Chat goes as a datagram in UDP mode; a line too long for
		 * one goes over TCP, unnoticed, and so does one the room's
		 * rates hold back (it waits its turn in the queue). */
		if ((t.msg.type == MSG_SAY || t.msg.type == MSG_ACT) &&
		    udpmode_on(c->um) &&
		    outbox_past(&c->out, t.msg.s[0].len + UDPMODE_OVERHEAD) &&
		    udpmode_say(c->um, t.msg.type == MSG_ACT, t.msg.s[0].p,
		    t.msg.s[0].len) == 0)
			return 0;
		break;
	}
	client_send(c, &t.msg);
	return 0;
}
