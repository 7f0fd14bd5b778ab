/* session: the room the full-screen client is in. Joining it by address
 * or by hosting it here, trying again with a countdown when it is lost
 * (each failure told once), and leaving it: the host is asked once while
 * others are in its room. It owns the client core's connection and the
 * hosted room; what the room says goes to the frontend's callbacks, what
 * the session has to say goes to say(). */
#ifndef SESSION_H
#define SESSION_H

#include <stdint.h>

#include <event2/event.h>

#include "client.h"
#include "transcript.h"

struct session_ops {
	void (*say)(enum tl_kind kind, const char *text);
	/* The room's messages, member list, UDP losses and history
	 * (client.h). */
	void (*msg)(void *arg, const struct msg *m);
	void (*roster)(void *arg);
	void (*loss)(void *arg, const char *nick, uint32_t n, int certain,
	    int self);
	void (*history)(void *arg, const struct history_event *ev);
	void (*changed)(void); /* the state to show changed */
	void (*gone)(void);    /* we left: the frontend may end */
};

/* co gives the nick to join as, UDP mode and the ping timers; the
 * session fills in the rest. */
int session_init(struct event_base *base, const struct client_opts *co,
    const struct session_ops *ops);
void session_end(void);
/* Joins host:port, with a new connection and tries counted afresh. */
void session_join(const char *host, const char *port);
/* /connect HOST[:PORT]. */
void session_connect(const char *spec, size_t len);
/* The name a room we host gets (--name, room-name); NULL or "": the host
 * name. */
void session_room_name(const char *name);
/* --host, /host [PORT]: starts the room here and joins it. */
void session_host(const char *port);
/* /quit or Ctrl-D. Returns 0 when the host was only warned that others
 * are in its room (asked once), 1 when leaving. A second call while
 * leaving stops at once, without waiting for what is still to send. */
int session_quit(const char *reason);
/* A signal: leave politely but now. */
void session_leave(void);
int session_quitting(void);
/* NULL while not in a room. */
struct client *session_client(void);
const char *session_nick(void);
const char *session_server(void); /* "" with no room */
const char *session_state(void);  /* "connected", "reconnecting in 4s" */
/* 1 while the last try to join or host failed (the exit status). */
int session_failed(void);

#endif
