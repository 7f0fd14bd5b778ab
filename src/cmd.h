/* cmd: parsing the slash commands people type (doc/protocol.md, "Line
 * mode", and lanchat(1)). Pure; the server's line mode and the client core
 * share it. */
#ifndef CMD_H
#define CMD_H

#include <stddef.h>

enum cmd_id {
	CMD_TEXT,  /* not a command: chat text */
	CMD_AWAY,
	CMD_CLEAR,
	CMD_CONNECT,
	CMD_HELP,
	CMD_HOST,
	CMD_IGNORE,
	CMD_ME,
	CMD_MODE,
	CMD_MSG,
	CMD_NAMES,
	CMD_NICK,
	CMD_QUIT,
	CMD_TOPIC,
	CMD_UNIGNORE,
	CMD_URL,
	CMD_LOG,
	CMD_ROOMS,
	CMD_JOIN,
};

/* Where a command runs: the server's line mode, the client core (every
 * frontend), or only the full-screen client. */
#define CMD_SERVER 1
#define CMD_CLIENT 2
#define CMD_SCREEN 4

struct cmd_def {
	const char *name;
	enum cmd_id id;
	const char *args;  /* "" none, "w" a word, "r" the rest, "wr" both,
	                      "R" optional rest */
	int where;
	const char *help;
};

struct cmd {
	enum cmd_id id;
	const struct cmd_def *def;
	const char *word; /* first argument, when the command takes one */
	size_t wordlen;
	const char *rest; /* the remaining text */
	size_t restlen;
};

enum {
	CMD_OK = 0,
	CMD_EUNKNOWN = -1,
	CMD_EUSAGE = -2,
};

/* Parses one line (no line ending). On error, why holds a sentence that
 * names the problem and the way out. */
int cmd_parse(const char *line, size_t len, int where, struct cmd *c,
    char *why, size_t whylen);
const struct cmd_def *cmd_defs(size_t *count);
/* Calls fn with a heading and then the help line of each command that
 * runs where (CMD_SERVER or CMD_CLIENT). */
void cmd_help(int where, void (*fn)(void *arg, const char *line), void *arg);

#endif
