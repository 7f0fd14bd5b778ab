/* session: joining, keeping and leaving the full-screen client's room. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "dial.h"
#include "host.h"
#include "input.h"
#include "log.h"
#include "net.h"
#include "retry.h"
#include "secret.h"
#include "session.h"

static struct {
	struct event_base *base;
	struct client_opts co;
	char room_name[65]; /* of the room we host; "": the host name */
	const struct session_ops *ops;
	struct client *client;
	struct host *hosted; /* the room hosted here, if any */
	char host[NET_HOST_MAX], port[16], nick[NICK_MAX + 1];
	char server[NET_ADDR_MAX + NET_HOST_MAX];
	char state[48];
	struct retry rt; /* trying the room again */
	int quitting;
	int warned; /* the host was told others are in its room */
	int failed; /* the last try to join or host failed */
	struct client_ops cops;
	char secret[SECRET_MAX + 1]; /* typed when a room asked for it */
} s;

static void
say(enum tl_kind kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
say(enum tl_kind kind, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	s.ops->say(kind, buf);
}

static void
say_line(void *arg, const char *line)
{
	(void)arg;
	s.ops->say(TL_INFO, line);
}

static void
set_state(const char *state)
{
	snprintf(s.state, sizeof s.state, "%s", state);
	s.ops->changed();
}

static void
on_joined(void *arg)
{
	(void)arg;
	unsigned tries = retry_done(&s.rt);
	if (tries > 1)
		say(TL_INFO, "back in the room after %u tries", tries);
	s.failed = 0;
	set_state("connected");
}

/* Once a second while waiting to reconnect, so the countdown moves. */
static void
on_tick(void *arg)
{
	(void)arg;
	retry_state(&s.rt, s.state, sizeof s.state);
	s.ops->changed();
}

/* A try failed: said once however often it fails the same way. */
static void
failed(const char *why)
{
	int first = s.rt.tries == 0;
	s.failed = 1;
	if (retry_failed(&s.rt, why))
		say(TL_ERROR, "%s%s", why, first ? "" : " (still trying)");
	if (first)
		say(TL_INFO, "what you type meanwhile is kept and sent when "
		    "the connection is back");
}

static void start_connect(void *arg);

/* The secret typed: the room is tried again with it; nothing typed, and
 * it is not. */
static void
got_secret(char *answer)
{
	size_t n = answer ? strlen(answer) : 0;
	if (n == 0 || n > SECRET_MAX) {
		say(TL_INFO, n ? "that secret is too long" : "not joining; "
		    "/connect tries again");
	} else {
		memcpy(s.secret, answer, n + 1);
		s.co.secret = s.secret;
		client_free(s.client); /* the next one holds the secret */
		s.client = NULL;
		retry_done(&s.rt);
		start_connect(NULL);
	}
	if (answer)
		explicit_bzero(answer, n);
	free(answer);
}

/* A private room asked for its secret, and we had none or the wrong
 * one: ask, the answer not shown (a wrong one too often is throttled by
 * the room, and said so, without asking again). */
static void
ask_secret(const char *why)
{
	s.failed = 1;
	retry_stop(&s.rt);
	set_state("offline");
	say(TL_ERROR, "%s", why);
	input_ask("room secret (Enter alone gives up): ", got_secret);
}

static void
on_closed(void *arg, int fatal, const char *why)
{
	(void)arg, (void)fatal;
	if (s.quitting || why == NULL) { /* we asked to leave */
		s.ops->gone();
		return;
	}
	int r = client_refusal(s.client);
	if (client_wants_secret(s.client)) {
		ask_secret(why);
		return;
	}
	/* A refused nick will be refused again: wait for the user. */
	if (r == ERR_NICK_TAKEN || r == ERR_BAD_NICK || r == ERR_VERSION ||
	    r == ERR_SECRET) {
		s.failed = 1;
		retry_stop(&s.rt);
		set_state("offline");
		say(TL_ERROR, "%s", why);
		say(TL_INFO, r == ERR_VERSION ? "check the address; /connect "
		    "HOST[:PORT] tries another" : r == ERR_SECRET ? "a private "
		    "room needs its secret: start lanchat with --secret" :
		    "pick another with /nick NAME, then /connect");
		return;
	}
	failed(why);
}

/* Tries to join (again: the retry timer calls it too). */
static void
start_connect(void *arg)
{
	char err[512];
	(void)arg;

	retry_stop(&s.rt);
	if (s.client == NULL) {
		struct client_opts co = s.co;
		co.host = s.host;
		co.port = s.port;
		co.nick = s.nick;
		co.track_members = 1;
		co.commands = CMD_SCREEN;
		s.client = client_new(s.base, &co, &s.cops, NULL);
		if (s.client == NULL) {
			say(TL_ERROR, "out of memory");
			return;
		}
	}
	snprintf(s.server, sizeof s.server, "%s:%s", s.host, s.port);
	set_state("connecting");
	int rc = client_connect(s.client, err, sizeof err);
	if (rc == DIAL_NOHOST) {
		/* A name that does not exist will not exist on the next try:
		 * say so and wait for the user. */
		s.failed = 1;
		set_state("offline");
		say(TL_ERROR, "%s", err);
		say(TL_INFO, "check the name; /connect HOST[:PORT] tries again");
		return;
	}
	if (rc < 0)
		failed(err);
}

/* The hosted room's errors (out of descriptors, say), in the transcript. */
static void
room_log(void *arg, const char *line)
{
	(void)arg;
	say(TL_ERROR, "hosted room: %s", line);
}

int
session_init(struct event_base *base, const struct client_opts *co,
    const struct session_ops *ops)
{
	s.base = base;
	s.co = *co;
	s.ops = ops;
	s.cops = (struct client_ops){ .msg = ops->msg, .info = say_line,
	    .joined = on_joined, .roster = ops->roster, .closed = on_closed,
	    .loss = ops->loss, .history = ops->history };
	snprintf(s.nick, sizeof s.nick, "%s", co->nick);
	log_sink(room_log, NULL);
	return retry_init(&s.rt, base, start_connect, on_tick, NULL);
}

void
session_end(void)
{
	log_sink(NULL, NULL);
	if (s.hosted)
		host_stop(s.hosted);
	s.hosted = NULL;
	client_free(s.client);
	s.client = NULL;
	retry_free(&s.rt);
}

void
session_join(const char *host, const char *port)
{
	if (host != s.host)
		snprintf(s.host, sizeof s.host, "%s", host);
	if (port != s.port)
		snprintf(s.port, sizeof s.port, "%s", port);
	if (s.client) {
		snprintf(s.nick, sizeof s.nick, "%s", client_nick(s.client));
		client_free(s.client);
		s.client = NULL;
	}
	retry_done(&s.rt);
	start_connect(NULL);
}

void
session_connect(const char *spec, size_t len)
{
	char buf[NET_HOST_MAX + 8], host[NET_HOST_MAX], port[16], why[256];
	snprintf(buf, sizeof buf, "%.*s", (int)len, spec);
	if (net_split_hostport(buf, host, sizeof host, port, sizeof port, why,
	    sizeof why) < 0) {
		say(TL_ERROR, "%s", why);
		return;
	}
	session_join(host, port);
}

void
session_room_name(const char *name)
{
	snprintf(s.room_name, sizeof s.room_name, "%s", name ? name : "");
}

void
session_host(const char *port)
{
	char why[512];
	if (s.hosted) {
		say(TL_INFO, "you are hosting this room already");
		return;
	}
	s.hosted = host_start(s.base, port, s.room_name, s.co.need_private ?
	    s.co.secret : NULL, why, sizeof why);
	if (s.hosted == NULL) {
		s.failed = 1;
		say(TL_ERROR, "cannot host a room: %s", why);
		return;
	}
	host_describe(s.hosted, say_line, NULL);
	char p[16];
	snprintf(p, sizeof p, "%d", host_port(s.hosted));
	session_join("localhost", p);
}

static void
leave(const char *reason)
{
	if (s.quitting) { /* again: no waiting for what is left to send */
		s.ops->gone();
		return;
	}
	s.quitting = 1;
	if (s.client && client_is_connecting(s.client))
		client_quit(s.client, reason);
	else
		s.ops->gone();
}

void
session_leave(void)
{
	leave("");
}

int
session_quit(const char *reason)
{
	/* Leaving closes a hosted room for everyone in it: asked once. */
	long others = s.hosted && s.client ? client_view(s.client)->count - 1 : 0;
	if (others > 0 && !s.warned && !s.quitting) {
		s.warned = 1;
		say(TL_INFO, "%ld %s in your room; /quit again to close it",
		    others, others == 1 ? "person is" : "people are");
		return 0;
	}
	leave(reason);
	return 1;
}

int
session_quitting(void)
{
	return s.quitting;
}

struct client *
session_client(void)
{
	return s.client;
}

const char *
session_nick(void)
{
	return s.client ? client_nick(s.client) : s.nick;
}

const char *
session_server(void)
{
	if (s.client == NULL)
		return "";
	return client_is_joined(s.client) ? client_server(s.client) : s.server;
}

const char *
session_state(void)
{
	return s.client ? s.state : "offline";
}

int
session_failed(void)
{
	return s.failed;
}
