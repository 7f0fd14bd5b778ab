/* conf: the client's settings file, ~/.config/lanchat/config (XDG paths
 * honoured), and where lanchat keeps its state. Lines are "key = value";
 * '#' starts a comment. Command-line options win over the file. */
#ifndef CONF_H
#define CONF_H

#include <stddef.h>

#include "net.h"
#include "nick.h"
#include "secret.h"

struct conf {
	char nick[NICK_MAX + 1]; /* "" when unset */
	char server[NET_HOST_MAX + 8];
	int colors;     /* 0 off, 1 on (NO_COLOR and monochrome also turn off) */
	int timestamps; /* HH:MM before each line */
	int bell;       /* ring when a line mentions us */
	int notify;     /* CONF_NOTIFY_: ask the terminal for a notification */
	int log;        /* keep a plain-text log (chatlog.h) */
	int discover;   /* with no address, look for rooms on the LAN */
	char room_name[65]; /* a room hosted here is called; "": host name */
	char secret[SECRET_MAX + 1]; /* private rooms' passphrase; "": none */
	long scrollback; /* lines kept */
	int ping_ms, ping_timeout_ms; /* a silent server is pinged, then left */
};

/* The values of notify, as enum notify_kind (notify.h) counts them. */
enum { CONF_NOTIFY_NO, CONF_NOTIFY_OSC777, CONF_NOTIFY_OSC9 };

#define CONF_PING_MS 60000
#define CONF_PING_TIMEOUT_MS 20000

void conf_defaults(struct conf *c);
/* Applies one line of the file; -1 with a sentence in why for a bad one. */
int conf_line(struct conf *c, const char *line, char *why, size_t whylen);
/* Reads path if it exists. Each bad line is reported through warn and
 * skipped. Returns -1 only when the file exists and cannot be read. */
int conf_load(struct conf *c, const char *path,
    void (*warn)(void *arg, const char *text), void *arg);
/* $XDG_CONFIG_HOME/lanchat/config, or ~/.config/lanchat/config. */
int conf_path(char *buf, size_t len);
/* $XDG_STATE_HOME/lanchat/NAME, or ~/.local/state/lanchat/NAME; the
 * directory is created. */
int conf_state_path(const char *name, char *buf, size_t len);
/* $XDG_DATA_HOME/lanchat/NAME, or ~/.local/share/lanchat/NAME; the
 * directories are created (0700). */
int conf_data_path(const char *name, char *buf, size_t len);

#endif
