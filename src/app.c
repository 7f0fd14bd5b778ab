/* app: the full-screen frontend over the client core. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "client.h"
#include "dial.h"
#include "fmt.h"
#include "cmd.h"
#include "complete.h"
#include "host.h"
#include "input.h"
#include "keys.h"
#include "log.h"
#include "loop.h"
#include "net.h"
#include "retry.h"
#include "transcript.h"
#include "ui.h"

static struct {
	struct event_base *base;
	struct app_opts o;
	struct transcript *t;
	struct client *client;
	struct host *hosted; /* the room hosted here, if any */
	char host[NET_HOST_MAX], port[16], nick[NICK_MAX + 1];
	char server[NET_ADDR_MAX + NET_HOST_MAX];
	char state[48];
	struct event *keys, *sigs[4];
	struct retry rt; /* trying the room again */
	int quitting;
	int welcomed; /* joined; the joining line waits for the member list */
	int status; /* 1 while the last try to join or host failed */
	int stop;
	size_t waiting; /* lines said and not yet sent, as last shown */
} app;

static void
add(enum tl_kind kind, int flags, const char *who, size_t wl, const char *text,
    size_t tl)
{
	transcript_add(app.t, time(NULL), kind, flags, who, wl, text, tl);
	ui_added(app.t);
}

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
	add(kind, 0, NULL, 0, buf, strlen(buf));
}

static void
say_line(void *arg, const char *line)
{
	(void)arg;
	say(TL_INFO, "%s", line);
}

static void
set_state(const char *s)
{
	snprintf(app.state, sizeof app.state, "%s", s);
	ui_dirty();
}

/* Client core events. */

static void
on_msg(void *arg, const struct msg *m)
{
	(void)arg;
	/* The joining line waits for the member list, to say who is here. */
	if (m->type == MSG_WELCOME) {
		app.welcomed = 1;
		return;
	}
	int flags = transcript_msg(app.t, time(NULL), m,
	    client_nick(app.client), app.server);
	if (flags < 0)
		return;
	ui_added(app.t);
	if ((flags & TL_MENTION) && app.o.conf.bell)
		beep();
}

/* UDP mode: a gap is marked where it opened, a loss told there. */
static void
on_loss(void *arg, const char *nick, uint32_t n, int certain, int self)
{
	(void)arg;
	if (!certain)
		transcript_gap(app.t, nick, n);
	else if (transcript_lost(app.t, time(NULL), nick, n, self) == 0)
		ui_added(app.t);
}

/* The member list came: the first time after joining, say who is here. */
static void
on_roster(void *arg)
{
	char with[256];
	(void)arg;
	ui_dirty(); /* the count in the status bar */
	if (!app.welcomed)
		return;
	app.welcomed = 0;
	const struct roster *r = client_roster(app.client);
	const char *nicks[8];
	size_t n = r->n < nitems(nicks) ? r->n : nitems(nicks);
	for (size_t i = 0; i < n; i++)
		nicks[i] = r->nick[i];
	fmt_company(with, sizeof with, nicks, n, client_nick(app.client),
	    r->n > n ? (long)r->n : client_count(app.client));
	say(TL_INFO, "you are %s in the room at %s, %s",
	    client_nick(app.client), app.server, with);
}

static void
on_joined(void *arg)
{
	(void)arg;
	unsigned tries = retry_done(&app.rt);
	if (tries > 1)
		say(TL_INFO, "back in the room after %u tries", tries);
	app.status = 0;
	set_state("connected");
}

/* Once a second while waiting to reconnect, so the countdown moves. */
static void
on_tick(void *arg)
{
	(void)arg;
	if (app.rt.tries > 1)
		snprintf(app.state, sizeof app.state, "reconnecting in %lds, "
		    "%u tries", retry_left(&app.rt), app.rt.tries);
	else
		snprintf(app.state, sizeof app.state, "reconnecting in %lds",
		    retry_left(&app.rt));
	ui_dirty();
}

/* A try failed: said once however often it fails the same way. */
static void
failed(const char *why)
{
	int first = app.rt.tries == 0;
	app.status = 1;
	if (retry_failed(&app.rt, why))
		say(TL_ERROR, "%s%s", why, first ? "" : " (still trying)");
	if (first)
		say(TL_INFO, "what you type meanwhile is kept and sent when "
		    "the connection is back");
}

static void
on_closed(void *arg, int fatal, const char *why)
{
	(void)arg;
	if (app.quitting || why == NULL) { /* we asked to leave */
		app.stop = 1;
		return;
	}
	(void)fatal;
	/* A refused nick will be refused again: wait for the user. */
	int r = client_refusal(app.client);
	if (r == ERR_NICK_TAKEN || r == ERR_BAD_NICK || r == ERR_VERSION) {
		app.status = 1;
		retry_stop(&app.rt);
		set_state("offline");
		say(TL_ERROR, "%s", why);
		say(TL_INFO, r == ERR_VERSION ? "check the address; /connect "
		    "HOST[:PORT] tries another" : "pick another with /nick "
		    "NAME, then /connect");
		return;
	}
	failed(why);
}

/* Tries to join (again: the retry timer calls it too). */
static void
start_connect(void *arg)
{
	static const struct client_ops ops = { .msg = on_msg,
	    .info = say_line, .joined = on_joined, .roster = on_roster,
	    .closed = on_closed, .loss = on_loss };
	char err[512];
	(void)arg;

	retry_stop(&app.rt);
	if (app.client == NULL) {
		struct client_opts co = { .host = app.host, .port = app.port,
		    .nick = app.nick, .track_members = 1, .udp = app.o.udp,
		    .commands = CMD_SCREEN, .ping_ms = app.o.conf.ping_ms,
		    .ping_timeout_ms = app.o.conf.ping_timeout_ms };
		app.client = client_new(app.base, &co, &ops, NULL);
		if (app.client == NULL) {
			say(TL_ERROR, "out of memory");
			return;
		}
	}
	snprintf(app.server, sizeof app.server, "%s:%s", app.host, app.port);
	set_state("connecting");
	int rc = client_connect(app.client, err, sizeof err);
	if (rc == DIAL_NOHOST) {
		/* A name that does not exist will not exist on the next try:
		 * say so and wait for the user. */
		app.status = 1;
		set_state("offline");
		say(TL_ERROR, "%s", err);
		say(TL_INFO, "check the name; /connect HOST[:PORT] tries again");
		return;
	}
	if (rc < 0)
		failed(err);
}

/* Commands only the screen has. */

/* A room named anew: a new client, and tries counted from the start. */
static void
rejoin(void)
{
	if (app.client) {
		snprintf(app.nick, sizeof app.nick, "%s",
		    client_nick(app.client));
		client_free(app.client);
		app.client = NULL;
	}
	retry_done(&app.rt);
	start_connect(NULL);
}

static void
cmd_connect(const char *arg, size_t len)
{
	char spec[NET_HOST_MAX + 8], why[256];
	snprintf(spec, sizeof spec, "%.*s", (int)len, arg);
	if (net_split_hostport(spec, app.host, sizeof app.host, app.port,
	    sizeof app.port, why, sizeof why) < 0) {
		say(TL_ERROR, "%s", why);
		return;
	}
	rejoin();
}

static void
cmd_connect_spec(const char *host, const char *port)
{
	snprintf(app.host, sizeof app.host, "%s", host);
	snprintf(app.port, sizeof app.port, "%s", port);
	rejoin();
}

static void
start_hosting(const char *port)
{
	char why[512];
	if (app.hosted) {
		say(TL_INFO, "you are hosting this room already");
		return;
	}
	app.hosted = host_start(app.base, port, why, sizeof why);
	if (app.hosted == NULL) {
		app.status = 1;
		say(TL_ERROR, "cannot host a room: %s", why);
		return;
	}
	host_describe(app.hosted, say_line, NULL);
	char spec[32];
	snprintf(spec, sizeof spec, "localhost:%d", host_port(app.hosted));
	cmd_connect(spec, strlen(spec));
}

static void
leave(void)
{
	app.quitting = 1;
	if (app.client && client_is_connecting(app.client))
		client_quit(app.client, "");
	else
		app.stop = 1;
}

/* The screen's own commands (CMD_SCREEN in cmd.c), and what it does with
 * the core's when there is no core yet (not in a room). */

static void
sc_clear(const struct cmd *c)
{
	(void)c;
	transcript_clear(app.t);
	ui_added(app.t);
}

static void
sc_connect(const struct cmd *c)
{
	cmd_connect(c->word, c->wordlen);
}

static void
sc_host(const struct cmd *c)
{
	char port[16];
	if (c->restlen == 0) {
		start_hosting(app.o.host_port);
		return;
	}
	if (c->restlen >= sizeof port || strspn(c->rest, "0123456789") !=
	    c->restlen) {
		say(TL_ERROR, "usage: %s", c->def->help);
		return;
	}
	snprintf(port, sizeof port, "%.*s", (int)c->restlen, c->rest);
	start_hosting(port);
}

static void
sc_help(const struct cmd *c)
{
	(void)c;
	cmd_help(CMD_CLIENT | CMD_SCREEN, say_line, NULL);
	keys_help(say_line, NULL);
}

static void
sc_quit(const struct cmd *c)
{
	(void)c;
	leave();
}

static const struct {
	enum cmd_id id;
	void (*fn)(const struct cmd *);
} screen_cmds[] = {
	{ CMD_CLEAR, sc_clear },
	{ CMD_CONNECT, sc_connect },
	{ CMD_HOST, sc_host },
	{ CMD_HELP, sc_help },  /* offline only: the core has /help */
	{ CMD_QUIT, sc_quit },  /* offline only: the core has /quit */
};

/* Runs c if the screen has it; 0 if not. */
static int
screen_cmd(const struct cmd *c)
{
	for (size_t i = 0; i < nitems(screen_cmds); i++) {
		if (screen_cmds[i].id == c->id) {
			screen_cmds[i].fn(c);
			return 1;
		}
	}
	return 0;
}

/* A line typed, or pasted (then never a command: paste.c escapes).
 * Returns -1 when it was refused (not sent, not a command run). */
static int
send_line(const char *line, size_t len)
{
	struct cmd c;
	char why[160];

	ui_scroll_bottom();
	if (app.client == NULL) {
		if (cmd_parse(line, len, CMD_CLIENT | CMD_SCREEN, &c, why,
		    sizeof why) < 0) {
			say(TL_ERROR, "%s", why);
			return -1;
		}
		if (!screen_cmd(&c) && len) {
			say(TL_INFO, "not in a room: /connect HOST[:PORT] joins "
			    "one, /host starts one here");
			return -1;
		}
		return 0;
	}
	int joined = client_is_joined(app.client);
	int r = client_input(app.client, line, len, &c);
	if (r < 0)
		return -1;
	if (c.id == CMD_QUIT) {
		/* A second /quit does not wait for what is still to send. */
		if (app.quitting)
			app.stop = 1;
		app.quitting = 1; /* whatever becomes of the goodbye */
	}
	if (r == 1) {
		screen_cmd(&c);
	} else if (c.id == CMD_HELP) {
		keys_help(say_line, NULL);
	} else if (!joined && (c.id == CMD_TEXT || c.id == CMD_ME) &&
	    c.restlen > 0) {
		add(TL_INFO, TL_QUEUED, NULL, 0, line, len);
		say(TL_INFO, "(offline: the line above goes out when the "
		    "connection is back)");
	}
	return 0;
}

static int
on_input(char *line)
{
	if (line == NULL) { /* Ctrl-D on an empty line */
		leave();
		return 0;
	}
	int r = send_line(line, strlen(line));
	free(line);
	return r;
}

static const struct roster *
members(void)
{
	return app.client ? client_roster(app.client) : NULL;
}

static const char *
candidate(int i, int command)
{
	static char buf[NICK_MAX + 2];
	return complete_candidate(i, command, members(),
	    app.client ? client_nick(app.client) : NULL, buf, sizeof buf);
}

/* Tab's list of matches, a paste's fate: one line for the transcript. */
static void
note(const char *text)
{
	say(TL_INFO, "%s", text);
}

/* F2 */
static void
switch_transport(void)
{
	if (app.client)
		client_set_udp(app.client,
		    strcmp(client_transport(app.client), "TCP") == 0);
	else
		say(TL_INFO, "not in a room: nothing to switch");
}

static void
on_keys(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what, (void)arg;
	keys_read(ui_input_window(), &app.stop);
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)what, (void)arg;
	if (sig == SIGWINCH) {
		ui_fit(1);
		return;
	}
	/* SIGTERM, SIGHUP, SIGINT: leave politely, but leave now. */
	if (app.quitting)
		app.stop = 1;
	leave();
}

static void
draw(void *arg)
{
	struct ui_status st;
	char state[sizeof app.state + 32];
	size_t w = app.client ? client_waiting(app.client, NULL) : 0;
	(void)arg;

	if (!ui_active())
		return;
	ui_fit(0);
	if (w != app.waiting)
		ui_dirty(); /* a paste going out at the room's pace */
	app.waiting = w;
	snprintf(state, sizeof state, w ? "%s, %zu to send" : "%s",
	    app.state, w);
	st.nick = app.client ? client_nick(app.client) : app.nick;
	st.server = app.client ? (client_is_joined(app.client) ?
	    client_server(app.client) : app.server) : "";
	st.transport = app.client ? client_transport(app.client) : "TCP";
	st.state = app.client ? state : "offline";
	st.members = app.client ? client_count(app.client) : -1;
	/* The input line goes last so the cursor ends up in it. */
	if (ui_draw(app.t, &st, members()) || input_dirty()) {
		input_draw(ui_input_window());
		ui_flush();
	}
}

static void
welcome_screen(void)
{
	say(TL_INFO, "lanchat %s: not in a room yet.", PACKAGE_VERSION);
	say(TL_INFO, "  /connect HOST[:PORT]   join the room someone hosts "
	    "(lanchatd, or another lanchat --host)");
	say(TL_INFO, "  /host                  start a room here; others "
	    "join with lanchat or nc");
	say(TL_INFO, "  /help                  every command and key; /quit "
	    "or Ctrl-D leaves");
	say(TL_INFO, "Next time: lanchat HOST, lanchat --host, or set "
	    "'server = HOST' in %s.", app.o.conf_path ? app.o.conf_path :
	    "~/.config/lanchat/config");
}

/* The hosted room's errors (out of descriptors, say), in the transcript. */
static void
room_log(void *arg, const char *line)
{
	(void)arg;
	say(TL_ERROR, "hosted room: %s", line);
}

static void
restore_terminal(void)
{
	log_sink(NULL, NULL);
	input_end();
	ui_end();
}

int
app_run(struct event_base *base, const struct app_opts *o)
{
	static const struct input_ops iops = { on_input, candidate, note };
	static const struct keys_ops kops = { .transport = switch_transport,
	    .line = send_line, .info = note };
	static const int signals[] = { SIGWINCH, SIGTERM, SIGHUP, SIGINT };
	char hist[1024];
	struct ui_opts uo = { o->conf.colors, o->conf.timestamps };

	app.base = base;
	app.o = *o;
	snprintf(app.nick, sizeof app.nick, "%s", o->nick);
	app.t = transcript_new((size_t)o->conf.scrollback);
	if (app.t == NULL)
		return fprintf(stderr, "lanchat: out of memory\n"), 1;
	/* Every way out gives the terminal back, fatal errors first. */
	atexit(restore_terminal);
	if (ui_init(&uo) < 0) {
		fprintf(stderr, "lanchat: cannot start the screen (is TERM "
		    "set?); try --batch\n");
		return 1;
	}
	if (input_init(&iops, conf_state_path("history", hist,
	    sizeof hist) == 0 ? hist : NULL) < 0) {
		ui_end();
		fprintf(stderr, "lanchat: cannot start the input line\n");
		return 1;
	}
	keys_init(&kops);
	app.keys = event_new(base, STDIN_FILENO, EV_READ | EV_PERSIST,
	    on_keys, NULL);
	for (int i = 0; i < 4; i++) {
		app.sigs[i] = evsignal_new(base, signals[i], on_signal, NULL);
		if (app.sigs[i])
			evsignal_add(app.sigs[i], NULL);
	}
	if (!app.keys || retry_init(&app.rt, base, start_connect, on_tick,
	    NULL) < 0 || event_add(app.keys, NULL) < 0) {
		restore_terminal();
		fprintf(stderr, "lanchat: cannot watch the keyboard\n");
		return 1;
	}
	loop_add_hook(draw, NULL);
	log_sink(room_log, NULL);
	/* Settings-file complaints come after the screen is up. */
	if (o->conf_path) {
		struct conf scratch;
		conf_defaults(&scratch);
		conf_load(&scratch, o->conf_path, say_line, NULL);
	}
	if (o->hosting)
		start_hosting(o->host_port);
	else if (o->host)
		cmd_connect_spec(o->host, o->port);
	else
		welcome_screen();
	draw(NULL); /* before the first event, which may be a long way off */
	loop_run(base, &app.stop);

	restore_terminal();
	if (app.hosted)
		host_stop(app.hosted);
	client_free(app.client);
	for (int i = 0; i < 4; i++)
		if (app.sigs[i])
			event_free(app.sigs[i]);
	event_free(app.keys);
	retry_free(&app.rt);
	transcript_free(app.t);
	return app.status;
}
