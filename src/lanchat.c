/* lanchat: the client's main: options, then batch mode or the UI. */
#include "config.h"

#include <err.h>
#include <locale.h>
#include <getopt.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "app.h"
#include "batch.h"
#include "conf.h"
#include "find.h"
#include "host.h"
#include "limit.h"
#include "log.h"
#include "mdns.h"
#include "net.h"
#include "nick.h"
#include "pass.h"
#include "secret.h"
#include "text.h"
#include "ui.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: lanchat [-s] [-n NICK] [HOST[:PORT]]\n"
	    "       lanchat --host [-s] [-p PORT] [-n NICK]\n"
	    "       lanchat --batch [-s] [-n NICK] [HOST[:PORT]]\n"
	    "       lanchat --batch --host [-s] [-p PORT] [-n NICK]\n"
	    "       lanchat --list [-p PORT]\n"
	    "  -b, --batch        no curses: lines in on stdin, room events "
	    "out on stdout\n"
	    "  -H, --host         start a room here and join it\n"
	    "      --name NAME    with --host: the room's name (default: the "
	    "host name)\n"
	    "  -l, --list         list the rooms on the LAN, one a line\n"
	    "  -p, --port PORT    the port to host on, or to look for rooms "
	    "on (default %s;\n                     0 picks one to host on)\n"
	    "  -u, --udp          send chat as UDP datagrams (/mode and F2 "
	    "switch)\n"
	    "  -r, --reconnect    batch mode: reconnect when the connection "
	    "is lost\n"
	    "      --ping S[:T]   ping a server silent for S seconds, leave "
	    "it T later (60:20)\n"
	    "      --no-history   ask the room for none of what was said "
	    "before\n"
	    "  -s, --secret       a private room: asks for its secret (or "
	    "reads LANCHAT_SECRET\n                     or the settings); "
	    "with --host, makes one up\n"
	    "      --secret-file FILE  the same, the secret read from FILE "
	    "(mode 600)\n"
	    "  -n, --nick NICK    your nick (default: your login name)\n"
	    "  -h, --help         this text\n"
	    "  -V, --version      the version\n"
	    "HOST may be a name, an IPv4 address or [IPv6]; PORT defaults to "
	    "%s.\nWith no HOST, lanchat looks for rooms on the LAN.\n"
	    "Settings: ~/.config/lanchat/config (nick, server, colors, "
	    "timestamps, bell, notify,\nscrollback, ping, log, discover, "
	    "room-name, secret).\n", NET_PORT_DEFAULT,
	    NET_PORT_DEFAULT);
}

/* The login name, made into a valid nick: invalid bytes become '_'. */
static void
default_nick(char *buf, size_t len)
{
	const char *name = getenv("USER");
	struct passwd *pw;
	char why[128];

	if ((name == NULL || *name == '\0') && (pw = getpwuid(getuid())))
		name = pw->pw_name;
	snprintf(buf, len, "%s", name && *name ? name : "user");
	for (char *p = buf; *p; p++)
		if (nick_check(p, 1, why, sizeof why) < 0 && p != buf &&
		    !(*p >= '0' && *p <= '9') && *p != '-')
			*p = '_';
	if (nick_check(buf, strlen(buf), why, sizeof why) < 0)
		snprintf(buf, len, "user%d", (int)(getpid() % 10000));
}

static const char *room_name; /* --name */

/* A private room's passphrase: from --secret-file, LANCHAT_SECRET, the
 * settings (conf, when not NULL), or typed; for a room hosted here with
 * none of those, a new one (host_describe shows it). Exits when there is
 * none to be had. */
static const char *
find_secret(const char *file, const char *conf, int hosting)
{
	static char secret[SECRET_MAX + 1];
	char why[SECRET_MAX + 1024];
	const char *env = getenv("LANCHAT_SECRET");
	if (file) {
		if (secret_read(file, secret, sizeof secret, why,
		    sizeof why) < 0)
			errx(2, "%s", why);
	} else if ((env && *env) || (conf && *conf)) {
		const char *from = env && *env ? env : conf;
		if (strlen(from) > SECRET_MAX)
			errx(2, "the room's secret is over %d bytes", SECRET_MAX);
		snprintf(secret, sizeof secret, "%s", from);
	} else if (hosting) {
		pass_make(secret, sizeof secret);
	} else if (pass_ask("room secret: ", secret, sizeof secret, why,
	    sizeof why) < 0) {
		errx(2, "%s", why);
	}
	return secret;
}

static void
print_line(void *arg, const char *line)
{
	(void)arg;
	printf("-!- %s\n", line);
}

static const char *find_one(const char *port);

/* Batch mode reads no settings file, so scripts behave the same for
 * everyone. With no address it joins the one room on the LAN. */
static int
run_batch(struct client_opts *o, int hosting, int reconnect,
    const char *hostport, int nargs, char **args)
{
	char nick[NICK_MAX + 1], host[NET_HOST_MAX], port[16], why[256];
	struct host *h = NULL;

	if (nargs > 1 || (hosting && nargs > 0)) {
		usage(stderr);
		return 2;
	}
	const char *spec = nargs ? args[0] : NULL;
	if (!hosting && spec == NULL && (spec = find_one(hostport)) == NULL)
		return 1;
	if (!hosting && net_split_hostport(spec, host, sizeof host, port,
	    sizeof port, why, sizeof why) < 0)
		errx(2, "%s", why);
	if (o->nick == NULL) {
		default_nick(nick, sizeof nick);
		o->nick = nick;
	}
	o->host = host;
	o->port = port;

	if (o->need_private)
		o->secret = find_secret(o->secret, NULL, hosting);
	struct event_base *base = event_base_new();
	if (base == NULL)
		errx(1, "cannot start the event loop");
	if (hosting) {
		log_init("lanchat", LOGL_ERR); /* the room's chatter stays quiet */
		h = host_start(base, hostport, room_name, o->secret, why,
		    sizeof why);
		if (h == NULL)
			errx(1, "cannot host a room: %s", why);
		host_describe(h, print_line, NULL);
		snprintf(host, sizeof host, "localhost");
		snprintf(port, sizeof port, "%d", host_port(h));
	}
	int status = batch_run(base, o, reconnect);
	if (h)
		host_stop(h);
	event_base_free(base);
	return status;
}

/* --list: the rooms on the LAN, one a line, tab-separated: name, where
 * to join, members, how long it has been up, and "private" for a room
 * with a secret. */
static void
list_room(void *arg, const struct find_room *r)
{
	char raw[sizeof r->info], name[3 * sizeof r->info], up[32] = "";
	FILE *out = arg ? arg : stdout;
	/* A name from the network: made safe before it meets a terminal. */
	find_name(r->info, raw, sizeof raw);
	text_sanitize(raw, strlen(raw), name, sizeof name);
	if (r->up_s >= 3600)
		snprintf(up, sizeof up, "up %ldh %ldm", r->up_s / 3600,
		    r->up_s / 60 % 60);
	else if (r->up_s >= 0)
		snprintf(up, sizeof up, "up %ldm", r->up_s / 60);
	char here[32] = "? here"; /* DNS-SD does not say */
	if (r->members >= 0)
		snprintf(here, sizeof here, "%ld here", r->members);
	fprintf(out, "%s\t%s\t%s\t%s%s\n", name, r->addr, here, up,
	    r->private_ ? "\tprivate" : "");
	fflush(out);
}

static void
list_shown(void *arg, const struct find_room *r)
{
	(void)arg;
	list_room(stdout, r);
}

static void
list_quiet(void *arg, const struct find_room *r)
{
	(void)arg, (void)r; /* told at the end */
}

static int list_found = -1;

static void
list_done(void *arg, size_t n, const char *why)
{
	struct event_base *base = arg;
	if (n == 0)
		fprintf(stderr, "lanchat: %s\n", why);
	list_found = (int)n;
	event_base_loopbreak(base);
}

/* Looks for rooms on port until the search is over (list_done ends the
 * loop); the caller reads them with find_rooms, then calls done_search. */
static struct find *
search(const char *port, const struct find_ops *ops, struct event_base **base)
{
	char why[256];
	if ((*base = event_base_new()) == NULL)
		errx(1, "cannot start the event loop");
	struct find *f = find_start(*base, port, ops, *base, why, sizeof why);
	if (f == NULL)
		errx(1, "cannot look for rooms: %s", why);
	event_base_dispatch(*base);
	return f;
}

static void
done_search(struct find *f, struct event_base *base)
{
	find_free(f);
	event_base_free(base);
}

/* --batch with no address: the one room on the LAN, said on stdout; with
 * several or none, says so on stderr and returns NULL. */
static const char *
find_one(const char *port)
{
	static char addr[NET_ADDR_MAX];
	static const struct find_ops ops = { list_quiet, list_done };
	struct event_base *base;
	struct find *f = search(port, &ops, &base);
	size_t n;
	const struct find_room *r = find_rooms(f, &n);
	if (n == 1) {
		snprintf(addr, sizeof addr, "%s", r[0].addr);
		printf("-!- joining the one room found, at %s\n", addr);
	} else if (n > 1) {
		fprintf(stderr, "lanchat: %zu rooms found; give one (lanchat "
		    "--list shows them):\n", n);
		for (size_t i = 0; i < n; i++)
			list_room(stderr, &r[i]);
	}
	done_search(f, base);
	return n == 1 ? addr : NULL;
}

static int
run_list(const char *port)
{
	static const struct find_ops ops = { list_shown, list_done };
	struct event_base *base;
	done_search(search(port, &ops, &base), base);
	return list_found > 0 ? 0 : 1;
}

static void
conf_warn(void *arg, const char *text)
{
	(void)arg;
	(void)text; /* shown in the transcript once the screen is up */
}

static int
run_app(struct client_opts *co, int hosting, const char *hostport, int nargs,
    char **args)
{
	static char host[NET_HOST_MAX], port[16], path[1024], nick[NICK_MAX + 1];
	struct app_opts o = { .hosting = hosting, .host_port = hostport,
	    .udp = co->udp, .no_history = co->no_history,
	    .room_name = room_name };
	char why[256];
	const char *spec = NULL;

	if (nargs > 1 || (hosting && nargs > 0)) {
		usage(stderr);
		return 2;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		errx(2, "the full-screen interface needs a terminal; for "
		    "scripts use --batch");
	if (ui_term_ok(why, sizeof why) < 0)
		errx(2, "%s, so the full-screen interface cannot run; for a "
		    "simple terminal or a script use lanchat --batch", why);
	setlocale(LC_ALL, "");
	conf_defaults(&o.conf);
	if (conf_path(path, sizeof path) == 0) {
		o.conf_path = path;
		if (conf_load(&o.conf, path, conf_warn, NULL) < 0)
			warn("cannot read %s", path);
	}
	/* The settings' secret joins a private room without --secret, but
	 * only from a file no one else may read. */
	if (o.conf.secret[0] && secret_private(path, why, sizeof why) < 0)
		errx(2, "%s", why);
	if (co->need_private)
		o.secret = find_secret(co->secret, o.conf.secret, hosting);
	else if (o.conf.secret[0])
		o.secret = o.conf.secret;
	o.need_private = co->need_private;
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		o.conf.colors = 0;
	if (co->nick)
		snprintf(nick, sizeof nick, "%s", co->nick);
	else if (o.conf.nick[0])
		snprintf(nick, sizeof nick, "%s", o.conf.nick);
	else
		default_nick(nick, sizeof nick);
	o.nick = nick;
	if (co->ping_ms >= 0) { /* --ping wins over the file */
		o.conf.ping_ms = co->ping_ms;
		o.conf.ping_timeout_ms = co->ping_timeout_ms;
	}
	if (nargs == 1)
		spec = args[0];
	else if (!hosting && o.conf.server[0])
		spec = o.conf.server;
	if (spec) {
		if (net_split_hostport(spec, host, sizeof host, port,
		    sizeof port, why, sizeof why) < 0)
			errx(2, "%s", why);
		o.host = host;
		o.port = port;
	}
	log_init("lanchat", LOGL_ERR); /* a hosted room's errors: app.c shows them */
	struct event_base *base = event_base_new();
	if (base == NULL)
		errx(1, "cannot start the event loop");
	int status = app_run(base, &o);
	event_base_free(base);
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "nick", required_argument, NULL, 'n' },
		{ "host", no_argument, NULL, 'H' },
		{ "port", required_argument, NULL, 'p' },
		{ "udp", no_argument, NULL, 'u' },
		{ "reconnect", no_argument, NULL, 'r' },
		{ "ping", required_argument, NULL, 'P' },
		{ "no-history", no_argument, NULL, 'N' },
		{ "list", no_argument, NULL, 'l' },
		{ "name", required_argument, NULL, 'R' },
		{ "secret", no_argument, NULL, 's' },
		{ "secret-file", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct client_opts o = { .ping_ms = -1 };
	struct limits lim;
	char why[256];
	int ch, batch = 0, hosting = 0, reconnect = 0, list = 0;
	const char *hostport = NET_PORT_DEFAULT;

	while ((ch = getopt_long(argc, argv, "bHln:p:urshV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b':
			batch = 1;
			break;
		case 'H':
			hosting = 1;
			break;
		case 'u':
			o.udp = 1;
			break;
		case 'r':
			reconnect = 1;
			break;
		case 'N':
			o.no_history = 1;
			break;
		case 's':
			o.need_private = 1;
			break;
		case 'F': /* run_*: read it there, as any other secret */
			o.need_private = 1;
			o.secret = optarg;
			break;
		case 'l':
			list = 1;
			break;
		case 'R':
			if (strlen(optarg) > 64)
				errx(2, "a room's name is at most 64 bytes");
			room_name = optarg;
			break;
		case 'P':
			limit_default(&lim);
			if (limit_set(&lim, "ping", optarg, why, sizeof why) < 0)
				errx(2, "%s", why);
			o.ping_ms = lim.ping_ms;
			o.ping_timeout_ms = lim.ping_timeout_ms;
			break;
		case 'p':
			if (strspn(optarg, "0123456789") != strlen(optarg) ||
			    *optarg == '\0' || atol(optarg) > 65535)
				errx(2, "bad port %s: give a number 0-65535",
				    optarg);
			hostport = optarg;
			break;
		case 'n':
			if (nick_check(optarg, strlen(optarg), why,
			    sizeof why) < 0)
				errx(2, "bad nick %s: %s", optarg, why);
			o.nick = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("lanchat %s%s\n", PACKAGE_VERSION, mdns_built() ?
			    " (DNS-SD through Avahi)" : "");
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	if (list) {
		if (hosting || argc > optind)
			errx(2, "--list takes no address: it looks on every "
			    "network (-p PORT for rooms on another port)");
		return run_list(hostport);
	}
	if (batch) {
		if (o.ping_ms < 0) { /* batch mode reads no settings file */
			o.ping_ms = CONF_PING_MS;
			o.ping_timeout_ms = CONF_PING_TIMEOUT_MS;
		}
		return run_batch(&o, hosting, reconnect, hostport,
		    argc - optind, argv + optind);
	}
	if (reconnect)
		errx(2, "--reconnect is for --batch; the full-screen client "
		    "always reconnects");
	return run_app(&o, hosting, hostport, argc - optind, argv + optind);
}

