/* client: the client core that batch mode and the curses UI share: the
 * connection, the handshake, commands typed by the user, and what the
 * room tells us. It draws nothing; frontends get callbacks. */
#ifndef CLIENT_H
#define CLIENT_H

#include <stddef.h>

#include <event2/event.h>

#include "cmd.h"
#include "history.h"
#include "msg.h"
#include "net.h"
#include "nick.h"
#include "roomview.h"
#include "roster.h"

#define CLIENT_QUIT_MS 3000 /* longest wait for the server's goodbye */
/* Bytes waiting to be sent, offline or held to the room's pace (pace.h):
 * room for a whole paste (PASTE_MAX) with a piped file's next read. */
#define CLIENT_QUEUE_MAX 262144

struct client_opts {
	const char *host;
	const char *port;
	const char *nick;
	int track_members; /* keep the member list (asks for names on join) */
	int udp;           /* switch to UDP mode once in the room */
	int commands;      /* the frontend's own (CMD_SCREEN), for /help */
	int ping_ms, ping_timeout_ms; /* ping a silent server; 0: never */
	int no_history;    /* ask for none of the room's history */
	const char *secret; /* a private room's passphrase; NULL: none */
	int need_private;   /* refuse a room that does not ask for it */
};

struct client_ops {
	/* Every message from the server, after the core has noted it. */
	void (*msg)(void *arg, const struct msg *m);
	/* A line from the client itself: help, refusals, progress. */
	void (*info)(void *arg, const char *text);
	/* The welcome arrived: we are in the room. */
	void (*joined)(void *arg);
	/* The member list was filled from the server's names list (after
	 * the welcome, after a burst of joins); may be NULL. */
	void (*roster)(void *arg);
	/* The connection is gone. fatal: it never got into the room, or was
	 * refused (nick taken); why says so in one sentence. NULL after a
	 * requested quit. */
	void (*closed)(void *arg, int fatal, const char *why);
	/* From the room's history, after a join or a reconnect: marker
	 * lines and the messages said before (history.h). */
	void (*history)(void *arg, const struct history_event *ev);
	/* Everything said has been sent; may be NULL. */
	void (*drained)(void *arg);
	/* UDP mode: n lines from nick are missing (certain 0: a gap opened
	 * just before the next line shown; 1: they are lost). self: they are
	 * ours, which reached the room, only the echo to us was lost. */
	void (*loss)(void *arg, const char *nick, uint32_t n, int certain,
	    int self);
};

struct client;

struct client *client_new(struct event_base *base, const struct client_opts *o,
    const struct client_ops *ops, void *arg);
void client_free(struct client *c);
/* Resolves the host and starts connecting; a DIAL_ code (dial.h), with a
 * sentence in err when it is not DIAL_OK: DIAL_NOHOST when the name does
 * not exist. May be called again after closed() to reconnect: what was
 * said meanwhile is sent once the room is joined, and the nick last held
 * is asked for again. */
int client_connect(struct client *c, char *err, size_t errlen);
/* One line the user typed. Returns 1 when the command is a frontend's own
 * (CMD_SCREEN; cmd is filled), 0 when handled here, -1 when refused (bad
 * text, an unknown command: info() said why). */
int client_input(struct client *c, const char *line, size_t len,
    struct cmd *cmd);
/* The room is private: what we say is sealed, what we read opened. */
int client_private(const struct client *c);
/* The last join ended because the room asked for its secret and we had
 * none, or the wrong one: another one may be asked for. */
int client_wants_secret(const struct client *c);
/* Handles n bytes as if read from the server, greeting first (for the
 * fuzz target and tests: the whole of a stream at once). */
void client_feed(struct client *c, const void *p, size_t n);
/* Says goodbye, after what still waits for the room's pace, and closes
 * once the server has it; closed() follows. */
void client_quit(struct client *c, const char *reason);
const char *client_nick(const struct client *c);
const char *client_server(const struct client *c);
int client_is_joined(const struct client *c);
/* The error code (ERR_NICK_TAKEN, ...) that refused the last handshake,
 * or 0. */
int client_refusal(const struct client *c);
/* Asks for UDP mode (on) or goes back to TCP (off); the result is told
 * through info(). */
void client_set_udp(struct client *c, int on);
/* "TCP", "UDP", or "TCP>UDP" while UDP is being tried. */
const char *client_transport(const struct client *c);
/* True while a connection is being made or is up. */
int client_is_connecting(const struct client *c);
/* The room as the core keeps it: the members, sorted (with
 * track_members), how many the server counts (-1 before the welcome), and
 * the topic as the server sent it (not yet made safe to show). */
const struct roomview *client_view(const struct client *c);
/* Messages said and not yet sent (offline, or held to the room's pace),
 * and their bytes in *bytes unless NULL. */
size_t client_waiting(const struct client *c, size_t *bytes);

#endif
