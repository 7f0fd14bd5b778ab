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
#include "find.h"
#include "fmt.h"
#include "chatlog.h"
#include "cmd.h"
#include "complete.h"
#include "input.h"
#include "keys.h"
#include "kv.h"
#include "log.h"
#include "notify.h"
#include "picker.h"
#include "text.h"
#include "loop.h"
#include "session.h"
#include "transcript.h"
#include "ui.h"

static struct {
	struct app_opts o;
	struct transcript *t;
	struct event *sigs[4];
	int welcomed; /* joined; the joining line waits for the member list */
	int stop;
	size_t waiting; /* lines said and not yet sent, as last shown */
	struct chatlog log; /* /log, the log setting */
	struct event_base *base;
	char room[64];      /* the room's name (or address), for the log */
} app;

static void say(enum tl_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Lines were added: on the screen, and in the log if one is kept. */
static void
shown(void)
{
	ui_added(app.t);
	if (chatlog_sync(&app.log, app.t, app.room) < 0)
		say(TL_ERROR, "cannot write the log %s: %s; logging stopped",
		    app.log.path, strerror(errno));
}

static void
add(enum tl_kind kind, int flags, const char *who, size_t wl, const char *text,
    size_t tl)
{
	transcript_add(app.t, time(NULL), kind, flags, who, wl, text, tl);
	shown();
}

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

/* A mention or a private message while the terminal is not focused: a
 * desktop notification, if the settings ask for one. */
static void
tell_desktop(const struct msg *m)
{
	char title[NICK_MAX + 16], body[NOTIFY_TEXT_MAX + 1], seq[512];
	const struct msg_str *text = &m->s[m->type == MSG_PRIVATE ? 2 : 1];
	snprintf(title, sizeof title, "lanchat: %.*s", (int)m->s[0].len,
	    m->s[0].p);
	snprintf(body, sizeof body, "%.*s", (int)text->len, text->p);
	size_t n = notify_osc(app.o.conf.notify, title, body, seq, sizeof seq);
	if (n)
		ui_notify(seq, n);
}

/* Client core events. */

/* The room's name: what its welcome says before ", lanchat" (find.c
 * reads it so from the answers to queries), or else its address. */
static void
name_room(const struct msg_str *info)
{
	char text[sizeof app.room * 2];
	snprintf(text, sizeof text, "%.*s", (int)info->len, info->p);
	find_name(text, app.room, sizeof app.room);
	if (app.room[0] == '\0' || strcmp(app.room, text) == 0)
		snprintf(app.room, sizeof app.room, "%s", session_server());
}

static void
on_msg(void *arg, const struct msg *m)
{
	(void)arg;
	/* The joining line waits for the member list, to say who is here. */
	if (m->type == MSG_WELCOME) {
		app.welcomed = 1;
		name_room(&m->s[1]);
		return;
	}
	int flags = transcript_msg(app.t, time(NULL), m, session_nick(),
	    session_server());
	if (flags < 0)
		return;
	shown();
	if ((flags & TL_MENTION) && app.o.conf.bell)
		beep();
	if ((flags & TL_MENTION) && app.o.conf.notify && !ui_focused())
		tell_desktop(m);
}

/* The room's history: dimmed, with the times it was said. */
static void
on_history(void *arg, const struct history_event *ev)
{
	(void)arg;
	for (size_t i = 0; i < nitems(ev->before); i++)
		if (ev->before[i][0])
			add(TL_INFO, TL_PAST, NULL, 0, ev->before[i],
			    strlen(ev->before[i]));
	if (ev->item.type)
		transcript_past(app.t, ev->when, &ev->item, session_nick());
	if (ev->after[0])
		add(TL_INFO, TL_PAST, NULL, 0, ev->after, strlen(ev->after));
	shown();
}

/* UDP mode: a gap is marked where it opened, a loss told there. */
static void
on_loss(void *arg, const char *nick, uint32_t n, int certain, int self)
{
	(void)arg;
	if (!certain)
		transcript_gap(app.t, nick, n);
	else if (transcript_lost(app.t, time(NULL), nick, n, self) == 0)
		shown();
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
	struct client *c = session_client();
	const struct roster *r = &client_view(c)->mem;
	const char *nicks[8];
	size_t n = r->n < nitems(nicks) ? r->n : nitems(nicks);
	for (size_t i = 0; i < n; i++)
		nicks[i] = r->nick[i];
	fmt_company(with, sizeof with, nicks, n, client_nick(c),
	    r->n > n ? (long)r->n : client_view(c)->count);
	char name[3 * sizeof app.room];
	text_sanitize(app.room, strlen(app.room), name, sizeof name);
	if (strcmp(app.room, session_server()) != 0)
		say(TL_INFO, "you are %s in %s at %s, %s", client_nick(c), name,
		    session_server(), with);
	else
		say(TL_INFO, "you are %s in the room at %s, %s", client_nick(c),
		    session_server(), with);
}

/* The screen's own commands (CMD_SCREEN in cmd.c), and what it does with
 * the core's when there is no core yet (not in a room). */

static void
sc_clear(const struct cmd *c)
{
	(void)c;
	transcript_clear(app.t);
	shown();
}

/* Each address on lines of its own, from the first column, so a long one
 * copies whole. */
static void
sc_url(const struct cmd *c)
{
	static char copy[APP_URLS][APP_URL_MAX];
	const char *urls[APP_URLS];
	size_t lens[APP_URLS], n = transcript_urls(app.t, urls, lens, APP_URLS);
	(void)c;
	if (n == 0) {
		say(TL_INFO, "no web addresses said yet");
		return;
	}
	/* Copied first: lines added may push out the ones they are in. */
	for (size_t i = 0; i < n; i++)
		snprintf(copy[i], sizeof copy[i], "%.*s", (int)lens[i], urls[i]);
	say(TL_INFO, "the last web addresses said, newest last:");
	for (size_t i = 0; i < n; i++)
		add(TL_INFO, TL_URL, NULL, 0, copy[i], strlen(copy[i]));
}

static void welcome_screen(void);
static void say_info(const char *text);
static void quit_now(void);
static const struct picker_ops pops = { say_info, session_join,
    welcome_screen, quit_now };

static void
quit_now(void)
{
	session_quit("");
}

/* /rooms: the list, to pick from; /join NAME picks from it by name. */
static void
sc_rooms(const struct cmd *c)
{
	(void)c;
	picker_start(app.base, NULL, &pops, 1);
}

static void
sc_join(const struct cmd *c)
{
	if (picker_join(c->word, c->wordlen) < 0) {
		picker_stop();
		session_connect(c->word, c->wordlen);
	}
}

/* /log on|off, alone: says whether, and where. */
static void
sc_log(const struct cmd *c)
{
	char word[8];
	int on = app.log.on;
	snprintf(word, sizeof word, "%.*s", (int)c->restlen, c->rest);
	if (c->restlen && (c->restlen >= sizeof word || kv_bool(word, &on) < 0)) {
		say(TL_ERROR, "/log on or /log off");
		return;
	}
	if (c->restlen)
		chatlog_set(&app.log, on, app.t);
	if (!app.log.on)
		say(TL_INFO, "not logging; /log on keeps a log of this room");
	else if (app.log.path[0])
		say(TL_INFO, "logging to %s", app.log.path);
	else
		say(TL_INFO, "logging, from the next line, under "
		    "~/.local/share/lanchat/logs");
}

static void
sc_connect(const struct cmd *c)
{
	picker_stop();
	session_connect(c->word, c->wordlen);
}

static void
sc_host(const struct cmd *c)
{
	char port[16];
	picker_stop();
	if (c->restlen == 0) {
		session_host(app.o.host_port);
		return;
	}
	if (c->restlen >= sizeof port || strspn(c->rest, "0123456789") !=
	    c->restlen) {
		say(TL_ERROR, "usage: %s", c->def->help);
		return;
	}
	snprintf(port, sizeof port, "%.*s", (int)c->restlen, c->rest);
	session_host(port);
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
	char reason[160];
	snprintf(reason, sizeof reason, "%.*s", (int)c->restlen, c->rest);
	session_quit(reason);
}

static const struct {
	enum cmd_id id;
	void (*fn)(const struct cmd *);
} screen_cmds[] = {
	{ CMD_CLEAR, sc_clear },
	{ CMD_URL, sc_url },
	{ CMD_LOG, sc_log },
	{ CMD_ROOMS, sc_rooms },
	{ CMD_JOIN, sc_join },
	{ CMD_CONNECT, sc_connect },
	{ CMD_HOST, sc_host },
	{ CMD_HELP, sc_help },  /* offline only: the core has /help */
	{ CMD_QUIT, sc_quit },  /* the host is asked first (session.c) */
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
	struct client *cl = session_client();
	struct cmd c;
	char why[160];

	ui_scroll_bottom();
	int parsed = cmd_parse(line, len, CMD_CLIENT | CMD_SCREEN, &c, why,
	    sizeof why) == 0;
	if (parsed && c.id == CMD_QUIT) { /* the session may ask first */
		snprintf(why, sizeof why, "%.*s", (int)c.restlen, c.rest);
		session_quit(why);
		return 0;
	}
	if (cl == NULL) {
		if (!parsed) {
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
	int joined = client_is_joined(cl);
	int r = client_input(cl, line, len, &c);
	if (r < 0)
		return -1;
	if (r == 1) {
		screen_cmd(&c);
	} else if (c.id == CMD_HELP) {
		keys_help(say_line, NULL);
	} else if (!joined && (c.id == CMD_TEXT || c.id == CMD_ME) &&
	    c.restlen > 0) {
		/* Ours, pending until the room echoes it (transcript.c). */
		transcript_pending(app.t, time(NULL), c.id == CMD_ME ?
		    TL_ACTION : TL_CHAT, session_nick(), c.rest, c.restlen);
		shown();
	}
	return 0;
}

static int
on_input(char *line)
{
	if (line == NULL) { /* Ctrl-D on an empty line */
		session_quit("");
		return 0;
	}
	int r = send_line(line, strlen(line));
	free(line);
	return r;
}

static const struct roster *
members(void)
{
	return session_client() ? &client_view(session_client())->mem : NULL;
}

static const char *
candidate(int i, int command)
{
	static char buf[NICK_MAX + 2];
	return complete_candidate(i, command, members(),
	    session_client() ? session_nick() : NULL, buf, sizeof buf);
}

/* F2 */
static void
switch_transport(void)
{
	struct client *c = session_client();
	if (c)
		client_set_udp(c, strcmp(client_transport(c), "TCP") == 0);
	else
		say(TL_INFO, "not in a room: nothing to switch");
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
	session_leave();
}

static void
draw(void *arg)
{
	struct ui_status st;
	char state[96];
	struct client *c = session_client();
	size_t w = c ? client_waiting(c, NULL) : 0;
	(void)arg;

	if (!ui_active())
		return;
	ui_fit(0);
	if (w != app.waiting)
		ui_dirty(); /* a paste going out at the room's pace */
	app.waiting = w;
	snprintf(state, sizeof state, w ? "%s, %zu to send" : "%s",
	    session_state(), w);
	st.nick = session_nick();
	/* The room's name, from the network, made safe, then where it is. */
	char where[3 * sizeof app.room + NET_ADDR_MAX + 2] = "";
	if (c && client_is_joined(c) && strcmp(app.room, session_server())) {
		size_t n = text_sanitize(app.room, strlen(app.room), where,
		    sizeof where - NET_ADDR_MAX - 2);
		where[n++] = ' ';
		where[n] = '\0';
	}
	strncat(where, session_server(), NET_ADDR_MAX);
	st.server = where;
	char tr[32]; /* a private room's lock goes with how we talk to it */
	snprintf(tr, sizeof tr, "%s%s", c && client_private(c) ? "private " :
	    "", c ? client_transport(c) : "TCP");
	st.transport = tr;
	st.state = state;
	st.members = c ? client_view(c)->count : -1;
	st.topic = c ? client_view(c)->topic : "";
	/* The input line goes last so the cursor ends up in it. */
	if (ui_draw(app.t, &st, members()) || input_dirty()) {
		input_draw(ui_input_window());
		ui_flush();
	}
}

static void
say_info(const char *text)
{
	say(TL_INFO, "%s", text);
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

static void
restore_terminal(void)
{
	log_sink(NULL, NULL); /* fatal errors from here on go to stderr */
	input_end();
	ui_end();
}

/* What the session says, and its news. */
static void
session_says(enum tl_kind kind, const char *text)
{
	add(kind, 0, NULL, 0, text, strlen(text));
}

static void
stop(void)
{
	app.stop = 1;
}

int
app_run(struct event_base *base, const struct app_opts *o)
{
	static const struct input_ops iops = { on_input, candidate,
	    say_line };
	static const struct keys_ops kops = { .transport = switch_transport,
	    .line = send_line, .info = say_line };
	static const struct session_ops sops = { .say = session_says,
	    .msg = on_msg, .roster = on_roster, .loss = on_loss,
	    .history = on_history, .changed = ui_dirty, .gone = stop };
	static const int signals[] = { SIGWINCH, SIGTERM, SIGHUP, SIGINT };

	char hist[1024];
	struct ui_opts uo = { o->conf.colors, o->conf.timestamps };

	app.o = *o;
	app.base = base;
	app.t = transcript_new((size_t)o->conf.scrollback);
	chatlog_init(&app.log);
	if (app.t)
		chatlog_set(&app.log, o->conf.log, app.t);
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
	for (int i = 0; i < 4; i++) {
		app.sigs[i] = evsignal_new(base, signals[i], on_signal, NULL);
		if (app.sigs[i])
			evsignal_add(app.sigs[i], NULL);
	}
	struct client_opts co = { .nick = o->nick, .udp = o->udp,
	    .no_history = o->no_history, .ping_ms = o->conf.ping_ms,
	    .ping_timeout_ms = o->conf.ping_timeout_ms, .secret = o->secret,
	    .need_private = o->need_private };
	if (keys_init(base, ui_input_window(), &app.stop, &kops) < 0 ||
	    session_init(base, &co, &sops) < 0) {
		restore_terminal();
		fprintf(stderr, "lanchat: cannot watch the keyboard\n");
		return 1;
	}
	loop_add_hook(draw, NULL);
	/* Settings-file complaints come after the screen is up. */
	if (o->conf_path) {
		struct conf scratch;
		conf_defaults(&scratch);
		conf_load(&scratch, o->conf_path, say_line, NULL);
	}
	session_room_name(o->room_name ? o->room_name : o->conf.room_name);
	if (o->hosting)
		session_host(o->host_port);
	else if (o->host)
		session_join(o->host, o->port);
	else if (!o->conf.discover || picker_start(base, NULL, &pops, 0) < 0)
		welcome_screen();
	draw(NULL); /* before the first event, which may be a long way off */
	loop_run(base, &app.stop);

	picker_stop();
	restore_terminal();
	session_end();
	for (int i = 0; i < 4; i++)
		if (app.sigs[i])
			event_free(app.sigs[i]);
	keys_end();
	chatlog_close(&app.log);
	transcript_free(app.t);
	return session_failed();
}
