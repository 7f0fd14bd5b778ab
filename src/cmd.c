/* cmd: the slash-command table and its parser. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define BOTH (CMD_SERVER | CMD_CLIENT)

/* Sorted by name for bsearch; a unit test checks the order. */
static const struct cmd_def defs[] = {
	{ "away", CMD_AWAY, "R", BOTH,
	    "/away [TEXT]: say you are away (told to whoever writes to you); "
	    "alone: back" },
	{ "clear", CMD_CLEAR, "", CMD_SCREEN, "/clear: clear the transcript" },
	{ "connect", CMD_CONNECT, "w", CMD_SCREEN,
	    "/connect HOST[:PORT]: join another room" },
	{ "help", CMD_HELP, "", BOTH, "/help: list commands" },
	{ "host", CMD_HOST, "R", CMD_SCREEN,
	    "/host [PORT]: start a room here and join it" },
	{ "ignore", CMD_IGNORE, "R", CMD_CLIENT,
	    "/ignore [NICK]: hide a member's lines here; alone: the list" },
	{ "join", CMD_JOIN, "w", CMD_SCREEN,
	    "/join NAME|HOST[:PORT]: join a room found with /rooms, or by "
	    "address" },
	{ "log", CMD_LOG, "R", CMD_SCREEN,
	    "/log [on|off]: keep a plain-text log of the room; alone: where" },
	{ "me", CMD_ME, "r", BOTH, "/me TEXT: describe an action" },
	{ "mode", CMD_MODE, "w", CMD_CLIENT,
	    "/mode tcp|udp: choose how your messages travel" },
	{ "msg", CMD_MSG, "wr", BOTH, "/msg NICK TEXT: a private message" },
	{ "names", CMD_NAMES, "", BOTH, "/names: list who is here" },
	{ "nick", CMD_NICK, "w", BOTH, "/nick NAME: change your nick" },
	{ "quit", CMD_QUIT, "R", BOTH, "/quit [REASON]: leave" },
	{ "rooms", CMD_ROOMS, "", CMD_SCREEN,
	    "/rooms: the rooms on this network, to pick one" },
	{ "topic", CMD_TOPIC, "R", BOTH,
	    "/topic [TEXT]: set the room's topic; alone: show it; - clears it" },
	{ "unignore", CMD_UNIGNORE, "w", CMD_CLIENT,
	    "/unignore NICK: show a member's lines again" },
	{ "url", CMD_URL, "", CMD_SCREEN,
	    "/url: the last web addresses said, each alone to copy" },
};

const struct cmd_def *
cmd_defs(size_t *count)
{
	*count = nitems(defs);
	return defs;
}

struct key {
	const char *s;
	size_t n;
};

static int
def_cmp(const void *k, const void *e)
{
	const struct key *key = k;
	const struct cmd_def *d = e;
	size_t nl = strlen(d->name);
	/* memcmp, not strncmp: the typed name may hold a NUL byte. */
	int r = memcmp(key->s, d->name, key->n < nl ? key->n : nl);
	if (r == 0)
		r = (key->n > nl) - (key->n < nl);
	return r;
}

static size_t
skip_spaces(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

int
cmd_parse(const char *line, size_t len, int where, struct cmd *c,
    char *why, size_t whylen)
{
	memset(c, 0, sizeof *c);
	if (len == 0 || line[0] != '/' || (len > 1 && line[1] == '/')) {
		/* "//text" says "/text". */
		size_t skip = len > 1 && line[0] == '/' ? 1 : 0;
		c->id = CMD_TEXT;
		c->rest = line + skip;
		c->restlen = len - skip;
		return CMD_OK;
	}
	size_t i = 1;
	while (i < len && line[i] != ' ')
		i++;
	struct key key = { line + 1, i - 1 };
	const struct cmd_def *d = NULL;
	if (key.n > 0)
		d = bsearch(&key, defs, nitems(defs),
		    sizeof defs[0], def_cmp);
	if (d == NULL || !(d->where & where)) {
		snprintf(why, whylen, "unknown command /%.*s; try /help",
		    (int)(key.n > 32 ? 32 : key.n), key.s);
		return CMD_EUNKNOWN;
	}
	c->id = d->id;
	c->def = d;
	i = skip_spaces(line, i, len);
	if (strchr(d->args, 'w')) {
		size_t w = i;
		while (i < len && line[i] != ' ')
			i++;
		c->word = line + w;
		c->wordlen = i - w;
		i = skip_spaces(line, i, len);
	}
	c->rest = line + i;
	c->restlen = len - i;
	int want_word = strchr(d->args, 'w') != NULL;
	int want_rest = strchr(d->args, 'r') != NULL;
	int any_rest = want_rest || strchr(d->args, 'R') != NULL;
	if ((want_word && c->wordlen == 0) || (want_rest && c->restlen == 0) ||
	    (!any_rest && c->restlen > 0)) {
		snprintf(why, whylen, "usage: %s", d->help);
		return CMD_EUSAGE;
	}
	return CMD_OK;
}

void
cmd_help(int where, void (*fn)(void *arg, const char *line), void *arg)
{
	fn(arg, "type a line to chat; commands:");
	for (size_t i = 0; i < nitems(defs); i++)
		if (defs[i].where & where)
			fn(arg, defs[i].help);
}
