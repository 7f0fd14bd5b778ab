/* app: the full-screen client: the room's events into the transcript,
 * what is typed into commands and chat, the status bar, and every way out
 * restoring the terminal; session.c keeps it in its room. batch.c is its
 * counterpart without curses. */
#ifndef APP_H
#define APP_H

#include <event2/event.h>

#include "conf.h"

#define APP_URLS 10       /* addresses /url lists */
#define APP_URL_MAX 2048  /* bytes of one shown */

struct app_opts {
	const char *host; /* NULL: not in a room yet */
	const char *port;
	const char *nick;
	int hosting;           /* --host */
	int udp;               /* --udp */
	int no_history;        /* --no-history */
	const char *room_name; /* --name: of a room hosted; NULL: settings */
	const char *host_port; /* port to host on */
	const char *conf_path; /* for telling the user; may be NULL */
	const char *secret;    /* a private room's passphrase; NULL: none */
	int need_private;      /* --secret: hosted rooms private, open refused */
	struct conf conf;
};


/* Runs until the user leaves; returns the exit status. */
int app_run(struct event_base *base, const struct app_opts *o);

#endif
