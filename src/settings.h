/* settings: everything lanchatd can be told, by name: where it listens,
 * the room's name, how much it logs, and every limit (limit.h). The same
 * names serve the settings file ("name = value", /etc/lanchat/lanchatd.conf
 * by default) and the command line ("--name value"); the command line
 * wins. Pure but for settings_load, which reads the file. */
#ifndef SETTINGS_H
#define SETTINGS_H

#include <stddef.h>

#include "limit.h"
#include "log.h"
#include "net.h"

#define SETTINGS_LISTEN_MAX 8
#define SETTINGS_NAME_MAX 64 /* bytes of a room's name */
#define SETTINGS_PATH_MAX 1024

struct settings {
	char listen[SETTINGS_LISTEN_MAX][NET_HOST_MAX];
	int nlisten;        /* 0: every IPv6 and IPv4 address */
	int listen_given;   /* the command line replaces the file's list */
	char port[16];
	char name[SETTINGS_NAME_MAX + 1]; /* "": the host name */
	int level;          /* LOGL_ */
	char history_file[SETTINGS_PATH_MAX]; /* "": none */
	char secret_file[SETTINGS_PATH_MAX];  /* a private room's passphrase */
	char key_file[SETTINGS_PATH_MAX];     /* ... or its admission key */
	int dns_sd;         /* publish the room through Avahi */
	struct limits lim;
};

void settings_default(struct settings *s);
/* Sets one by name; -1 with a sentence in why. from_cli: a "listen"
 * from the command line replaces the ones from the file. */
int settings_set(struct settings *s, const char *name, const char *value,
    int from_cli, char *why, size_t whylen);
/* Reads path; each bad line is told to bad ("PATH:LINE: why"). Returns
 * the number of bad lines, or -1 with errno when it cannot be read. */
int settings_load(struct settings *s, const char *path,
    void (*bad)(void *arg, const char *text), void *arg);
/* Calls fn with each setting's name, its value as text and a line of
 * help: --help, and what a reload changed. */
void settings_each(const struct settings *s,
    void (*fn)(void *arg, const char *name, const char *value,
    const char *help), void *arg);

#endif
