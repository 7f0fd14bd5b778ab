/* typed: what a line the user typed asks of the client core: a message
 * for the server, something for the core to do, the frontend's own
 * command, or a refusal saying why. Pure: the command is parsed and its
 * arguments checked here (text rules, nick rules, usage); client.c does
 * what it says. */
#ifndef TYPED_H
#define TYPED_H

#include <stddef.h>

#include "cmd.h"
#include "msg.h"

enum typed_kind {
	TYPED_NOTHING, /* an empty line */
	TYPED_REFUSE,  /* why says why; nothing is sent */
	TYPED_SEND,    /* send msg; chat and actions may go as datagrams */
	TYPED_NICK,    /* a valid nick in msg: sent, or kept for the next hello */
	TYPED_NAMES,
	TYPED_QUIT,    /* the reason in msg.s[0] */
	TYPED_HELP,
	TYPED_MODE,    /* on: UDP; else TCP */
	TYPED_TOPIC,   /* show the topic as the client knows it */
	TYPED_IGNORE,  /* a valid nick in msg.s[0] to hide, or none: list */
	TYPED_UNIGNORE, /* the nick in msg.s[0] */
	TYPED_SCREEN,  /* the frontend's own command (CMD_SCREEN) */
};

struct typed {
	enum typed_kind kind;
	struct msg msg; /* strings point into the line */
	int on;
	char why[160];
};

/* Parses one typed line (no line ending); cmd is filled as cmd_parse
 * fills it. */
void typed_parse(const char *line, size_t len, struct cmd *cmd,
    struct typed *t);

#endif
