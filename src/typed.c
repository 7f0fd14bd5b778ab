/* typed: one case per command the client core has. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "nick.h"
#include "text.h"
#include "typed.h"

static int
refuse(struct typed *t, const char *why)
{
	t->kind = TYPED_REFUSE;
	snprintf(t->why, sizeof t->why, "%s", why);
	return 0;
}

/* Text the server would refuse is refused here, with the same words. */
static int
text_ok(struct typed *t, const char *s, size_t n)
{
	char why[128];
	if (n > TEXT_MAX) {
		snprintf(t->why, sizeof t->why, "message of %zu bytes is over "
		    "the limit of %d; it was not sent", n, TEXT_MAX);
		t->kind = TYPED_REFUSE;
		return 0;
	}
	if (text_check(s, n, why, sizeof why) < 0) {
		snprintf(t->why, sizeof t->why, "cannot send that: %s", why);
		t->kind = TYPED_REFUSE;
		return 0;
	}
	return 1;
}

/* An away message or a topic: the rules of chat, shorter, and empty is
 * allowed (back; no topic). */
static int
short_ok(struct typed *t, const char *s, size_t n, size_t max)
{
	if (n > max) {
		snprintf(t->why, sizeof t->why, "that is %zu bytes; at most %zu "
		    "fit", n, max);
		t->kind = TYPED_REFUSE;
		return 0;
	}
	return n == 0 || text_ok(t, s, n);
}

static struct msg_str
field(const char *p, size_t n)
{
	return (struct msg_str){ p, (uint16_t)(n > UINT16_MAX ? UINT16_MAX :
	    n) };
}

void
typed_parse(const char *line, size_t len, struct cmd *cmd, struct typed *t)
{
	char why[160];

	memset(t, 0, sizeof *t);
	if (cmd_parse(line, len, CMD_CLIENT | CMD_SCREEN, cmd, why,
	    sizeof why) < 0) {
		refuse(t, why);
		return;
	}
	switch (cmd->id) {
	case CMD_TEXT:
	case CMD_ME:
		if (cmd->restlen == 0)
			return; /* TYPED_NOTHING */
		if (!text_ok(t, cmd->rest, cmd->restlen))
			return;
		t->kind = TYPED_SEND;
		t->msg.type = cmd->id == CMD_ME ? MSG_ACT : MSG_SAY;
		t->msg.s[0] = field(cmd->rest, cmd->restlen);
		return;
	case CMD_MSG:
		if (!text_ok(t, cmd->rest, cmd->restlen))
			return;
		t->kind = TYPED_SEND;
		t->msg.type = MSG_TELL;
		t->msg.s[0] = field(cmd->word, cmd->wordlen);
		t->msg.s[1] = field(cmd->rest, cmd->restlen);
		return;
	case CMD_NICK:
		if (nick_check(cmd->word, cmd->wordlen, why, sizeof why) < 0) {
			refuse(t, why);
			return;
		}
		t->kind = TYPED_NICK;
		t->msg.type = MSG_NICK;
		t->msg.s[0] = field(cmd->word, cmd->wordlen);
		return;
	case CMD_NAMES:
		t->kind = TYPED_NAMES;
		return;
	case CMD_QUIT:
		t->kind = TYPED_QUIT;
		t->msg.type = MSG_QUIT;
		t->msg.s[0] = field(cmd->rest, cmd->restlen);
		return;
	case CMD_HELP:
		t->kind = TYPED_HELP;
		return;
	case CMD_IGNORE:
	case CMD_UNIGNORE: {
		const char *n = cmd->id == CMD_IGNORE ? cmd->rest : cmd->word;
		size_t nl = cmd->id == CMD_IGNORE ? cmd->restlen : cmd->wordlen;
		if (nl > 0 && nick_check(n, nl, why, sizeof why) < 0) {
			refuse(t, why);
			return;
		}
		t->kind = cmd->id == CMD_IGNORE ? TYPED_IGNORE : TYPED_UNIGNORE;
		t->msg.s[0] = field(n, nl);
		return;
	}
	case CMD_AWAY:
	case CMD_TOPIC:
		/* /topic alone shows it; "/topic -" clears it. */
		if (cmd->id == CMD_TOPIC && cmd->restlen == 0) {
			t->kind = TYPED_TOPIC;
			return;
		}
		if (cmd->id == CMD_TOPIC && cmd->restlen == 1 &&
		    cmd->rest[0] == '-')
			cmd->restlen = 0;
		if (!short_ok(t, cmd->rest, cmd->restlen, cmd->id == CMD_AWAY ?
		    MSG_AWAY_MAX : MSG_TOPIC_MAX))
			return;
		t->kind = TYPED_SEND;
		t->msg.type = cmd->id == CMD_AWAY ? MSG_AWAY : MSG_TOPIC;
		t->msg.s[0] = field(cmd->rest, cmd->restlen);
		return;
	case CMD_MODE:
		if (cmd->wordlen == 3 && (strncasecmp(cmd->word, "udp", 3) == 0 ||
		    strncasecmp(cmd->word, "tcp", 3) == 0)) {
			t->kind = TYPED_MODE;
			t->on = strncasecmp(cmd->word, "udp", 3) == 0;
		} else {
			snprintf(why, sizeof why, "usage: %s", cmd->def->help);
			refuse(t, why);
		}
		return;
	default:
		t->kind = TYPED_SCREEN;
		return;
	}
}
