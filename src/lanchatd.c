/* lanchatd: the room server's main: options, limits, signals, the loop. */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <errno.h>

#include <event2/event.h>

#include "gate.h"
#include "log.h"
#include "mdns.h"
#include "loop.h"
#include "net.h"
#include "server.h"
#include "settings.h"

#ifndef DEFAULT_CONFIG
#define DEFAULT_CONFIG "/etc/lanchat/lanchatd.conf"
#endif

#define SHUTDOWN_GRACE_S 3 /* longest wait for slow readers at exit */
#define RESERVED_FDS 32    /* listeners, logs and headroom */

static int stop;
static struct server *srv;
static struct event *grace;

static void
usage_line(void *arg, const char *name, const char *value, const char *help)
{
	fprintf(arg, "  --%-15s %s (now %s)\n", name, help,
	    *value ? value : "\"\"");
}

static void
usage(FILE *f, const struct settings *st)
{
	fprintf(f, "usage: lanchatd [-c FILE] [--check-config] [-l ADDR]... "
	    "[-p PORT] [-v|-q] [--NAME VALUE]...\n"
	    "  -c, --config FILE     read settings from FILE (default %s, "
	    "if there)\n"
	    "      --check-config    check the settings and exit\n"
	    "      --print-admission-key  with --secret-file: print the "
	    "line an\n                        --admission-key-file holds, "
	    "and exit\n"
	    "  -l ADDR, -p PORT      the same as --listen ADDR, --port PORT\n"
	    "  -m N, -U SECONDS      the same as --max-clients N, "
	    "--udp-expire SECONDS\n"
	    "  -v, -q                the same as --log debug, --log error\n"
	    "  -h, --help            this text\n"
	    "  -V, --version         the version\n"
	    "settings (lanchatd(8); the command line wins over the file):\n",
	    DEFAULT_CONFIG);
	settings_each(st, usage_line, f);
}

/* getopt_long's table: the fixed options, then one per setting, told
 * apart by a val past any short option's. */
#define SETTING_OPT 1000
#define SETTINGS_MAX 40

static const char *setting_names[SETTINGS_MAX];
static int nsetting;

static void
add_setting_name(void *arg, const char *name, const char *value,
    const char *help)
{
	(void)arg, (void)value, (void)help;
	if (nsetting < SETTINGS_MAX)
		setting_names[nsetting++] = name;
}

/* The client limit follows the descriptor limit, raised as far as the
 * hard limit lets us. */
static long
raise_fd_limit(long want)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return want;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	long avail = rl.rlim_cur == RLIM_INFINITY ? 1000000 :
	    (long)rl.rlim_cur - RESERVED_FDS;
	if (want <= 0)
		return avail;
	if (want > avail) {
		log_msg(LOGL_ERR, "the descriptor limit (%ld) caps members at "
		    "%ld, below the %ld asked for; raise it with ulimit -n",
		    (long)rl.rlim_cur, avail, want);
		return avail;
	}
	return want;
}

static void
on_grace(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what, (void)arg;
	log_msg(LOGL_INFO, "shutdown: gave up waiting for slow readers");
	stop = 1;
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct timeval tv = { SHUTDOWN_GRACE_S, 0 };
	(void)what, (void)arg;
	if (grace && evtimer_pending(grace, NULL)) {
		stop = 1; /* a second signal: leave now */
		return;
	}
	log_msg(LOGL_INFO, "shutdown on signal %d", (int)sig);
	server_shutdown(srv);
	evtimer_add(grace, &tv);
}

static void
check_done(void *arg)
{
	(void)arg;
	if (server_done(srv))
		stop = 1;
}

static void
bad_line(void *arg, const char *text)
{
	int *nbad = arg;
	fprintf(stderr, "lanchatd: %s\n", text);
	(*nbad)++;
}

/* The settings: the defaults, then the file, then the command line. Only
 * main exits: a bad setting is told and -1 returned. */
static int
read_settings(struct settings *st, int argc, char **argv, const char **path,
    int *check, int reload)
{
	static struct option longopts[SETTINGS_MAX + 8];
	static const struct option fixed[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "print-admission-key", no_argument, NULL, 'K' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
	};
	const char *shortopts = "c:l:p:m:U:vqhV";
	char why[512];
	int ch, nbad = 0, given = 0;

	settings_default(st);
	if (nsetting == 0) {
		settings_each(st, add_setting_name, NULL);
		memcpy(longopts, fixed, sizeof fixed);
		for (int i = 0; i < nsetting; i++)
			longopts[nitems(fixed) + i] = (struct option){
			    setting_names[i], required_argument, NULL,
			    SETTING_OPT + i };
	}
	/* First the file, wherever the command line says it is. */
	*path = DEFAULT_CONFIG;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (ch == 'c') {
			*path = optarg;
			given = 1;
		} else if (ch == 'C' || ch == 'K') {
			*check = ch == 'C' ? 1 : 2;
		}
	}
	if (settings_load(st, *path, bad_line, &nbad) < 0 &&
	    (given || errno != ENOENT)) {
		fprintf(stderr, "lanchatd: cannot read %s: %s\n", *path,
		    strerror(errno));
		return -1;
	}
	/* Then the command line, over it. */
	optind = 0;
	opterr = !reload;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const char *name = ch == 'l' ? "listen" : ch == 'p' ? "port" :
		    ch == 'm' ? "max-clients" : ch == 'U' ? "udp-expire" :
		    ch == 'v' ? "log" : ch == 'q' ? "log" :
		    ch >= SETTING_OPT ? setting_names[ch - SETTING_OPT] : NULL;
		const char *val = ch == 'v' ? "debug" : ch == 'q' ? "error" :
		    optarg;
		if (name) {
			if (settings_set(st, name, val, 1, why, sizeof why) < 0) {
				fprintf(stderr, "lanchatd: %s\n", why);
				nbad++;
			}
		} else if (ch == 'h') {
			usage(stdout, st);
			exit(0);
		} else if (ch == 'V') {
			printf("lanchatd %s\n", PACKAGE_VERSION);
			exit(0);
		} else if (ch != 'c' && ch != 'C' && ch != 'K') {
			usage(stderr, st);
			exit(2);
		}
	}
	if (optind != argc) {
		usage(stderr, st);
		exit(2);
	}
	return nbad ? -1 : 0;
}

/* What a reload compares: every setting as text, before and after. */
struct shown {
	char name[SETTINGS_MAX][24];
	char value[SETTINGS_MAX][SETTINGS_LISTEN_MAX * (NET_HOST_MAX + 1)];
	int n;
};

static void
show(void *arg, const char *name, const char *value, const char *help)
{
	struct shown *sh = arg;
	(void)help;
	if (sh->n == SETTINGS_MAX)
		return;
	snprintf(sh->name[sh->n], sizeof sh->name[0], "%s", name);
	snprintf(sh->value[sh->n], sizeof sh->value[0], "%s", value);
	sh->n++;
}

static struct settings cur;
static int g_argc;
static char **g_argv;

/* The room's name: as set, or the host's. */
static const char *
room_name(const struct settings *st, char host[SETTINGS_NAME_MAX + 1])
{
	host[0] = '\0';
	if (*st->name == '\0' && gethostname(host, SETTINGS_NAME_MAX) == 0)
		return host;
	return st->name;
}

/* The room's name and version, as the greeting and welcome tell it. */
static void
room_info(const struct settings *st, char *buf, size_t len)
{
	char host[SETTINGS_NAME_MAX + 1];
	const char *name = room_name(st, host);
	snprintf(buf, len, "%s%s" PACKAGE_NAME "d " PACKAGE_VERSION, name,
	    *name ? ", " : "");
}

/* A private room's door, from its passphrase or its admission key; 0
 * when the room is open, -1 when it cannot be opened (told). The salt
 * comes from the room's name as it is at start. */
static int
open_gate(const struct settings *st, struct gate *g)
{
	char host[SETTINGS_NAME_MAX + 1], why[SETTINGS_PATH_MAX + 256];
	int r;
	if (*st->secret_file && *st->key_file) {
		fprintf(stderr, "lanchatd: give secret-file or "
		    "admission-key-file, not both\n");
		return -1;
	}
	if (*st->secret_file)
		r = gate_from_secret_file(g, st->secret_file,
		    room_name(st, host), why, sizeof why);
	else if (*st->key_file)
		r = gate_from_key_file(g, st->key_file, why, sizeof why);
	else
		return 0;
	if (r < 0) {
		fprintf(stderr, "lanchatd: %s\n", why);
		return -1;
	}
	return 1;
}

/* DNS-SD: the room published under its name, when Avahi is there. */
static struct mdns *published;
static struct event_base *g_base;

static void
mdns_said(const char *text)
{
	log_msg(LOGL_INFO, "%s", text);
}

static void
publish(struct event_base *base, const struct settings *st)
{
	char host[SETTINGS_NAME_MAX + 1];
	const char *name = room_name(st, host);
	mdns_free(published);
	published = NULL;
	if (!st->dns_sd)
		return;
	published = mdns_publish(base, *name ? name : "lanchat room",
	    (unsigned)server_port(srv), server_instance(srv), mdns_said);
}

/* SIGHUP: the file again, the command line over it, and what can change
 * live (the name, the log level, every limit) changes; what cannot
 * (addresses, port) waits for a restart. Either way it says what. */
static void
reload(void)
{
	static struct settings next;
	static struct shown a, b;
	const char *path;
	char info[128];
	int check = 0;

	if (read_settings(&next, g_argc, g_argv, &path, &check, 1) < 0) {
		log_msg(LOGL_ERR, "reload: %s has bad settings; keeping those in "
		    "use", path);
		return;
	}
	next.lim.max_clients = next.lim.max_clients ?
	    raise_fd_limit(next.lim.max_clients) : cur.lim.max_clients;
	a.n = b.n = 0;
	settings_each(&cur, show, &a);
	settings_each(&next, show, &b);
	int changed = 0;
	for (int i = 0; i < a.n && i < b.n; i++) {
		if (strcmp(a.value[i], b.value[i]) == 0)
			continue;
		int later = strcmp(a.name[i], "listen") == 0 ||
		    strcmp(a.name[i], "port") == 0 ||
		    strcmp(a.name[i], "history-file") == 0 ||
		    strcmp(a.name[i], "secret-file") == 0 ||
		    strcmp(a.name[i], "admission-key-file") == 0;
		log_msg(LOGL_ERR, "reload: %s %s -> %s%s", a.name[i], a.value[i],
		    b.value[i], later ? " (at the next restart)" : "");
		changed++;
	}
	if (!changed)
		log_msg(LOGL_ERR, "reload: %s: nothing changed", path);
	/* What can only change at a restart stays as it is. */
	memcpy(next.listen, cur.listen, sizeof next.listen);
	next.nlisten = cur.nlisten;
	memcpy(next.port, cur.port, sizeof next.port);
	memcpy(next.history_file, cur.history_file, sizeof next.history_file);
	memcpy(next.secret_file, cur.secret_file, sizeof next.secret_file);
	memcpy(next.key_file, cur.key_file, sizeof next.key_file);
	int renamed = strcmp(cur.name, next.name) != 0;
	cur = next;
	room_info(&cur, info, sizeof info);
	if (renamed || !cur.dns_sd != !published)
		publish(g_base, &cur);
	log_init("lanchatd", cur.level);
	server_update(srv, info, &cur.lim);
}

static void
on_hup(evutil_socket_t sig, short what, void *arg)
{
	(void)sig, (void)what, (void)arg;
	reload();
}

int
main(int argc, char **argv)
{
	struct server_opts o = { 0 };
	static struct gate gate;
	const char *path;
	char errbuf[256], info[128], line[SEAL_KEYLINE];
	int check = 0, private;

	g_argc = argc;
	g_argv = argv;
	if (read_settings(&cur, argc, argv, &path, &check, 0) < 0)
		return check ? 1 : 2;
	if (seal_init() < 0)
		errx(1, "libsodium cannot start");
	if ((private = open_gate(&cur, &gate)) < 0)
		return check ? 1 : 2;
	if (check == 2) {
		if (!*cur.secret_file)
			errx(2, "--print-admission-key needs --secret-file");
		seal_keyline(gate.salt, gate.admit, line);
		printf("%s\n", line);
		return 0;
	}
	if (check) {
		printf("lanchatd: the settings in %s and on the command line are "
		    "valid\n", path);
		return 0;
	}
	log_init("lanchatd", cur.level);
	signal(SIGPIPE, SIG_IGN);
	cur.lim.max_clients = raise_fd_limit(cur.lim.max_clients);
	for (int i = 0; i < cur.nlisten; i++)
		o.listen[o.nlisten++] = cur.listen[i];
	o.port = cur.port;
	room_info(&cur, info, sizeof info);
	o.info = info;
	o.history_file = cur.history_file;
	o.gate = private ? &gate : NULL;
	o.lim = cur.lim;

	struct event_base *base = g_base = event_base_new();
	if (base == NULL)
		errx(1, "cannot start the event loop");
	srv = server_new(base, &o, errbuf, sizeof errbuf);
	if (srv == NULL)
		errx(1, "%s", errbuf);
	/* Signals are watched before the address is told, so that whoever
	 * reads it may stop us at once. */
	struct event *sigint = evsignal_new(base, SIGINT, on_signal, NULL);
	struct event *sigterm = evsignal_new(base, SIGTERM, on_signal, NULL);
	struct event *sighup = evsignal_new(base, SIGHUP, on_hup, NULL);
	grace = evtimer_new(base, on_grace, NULL);
	if (!sigint || !sigterm || !sighup || !grace ||
	    evsignal_add(sigint, NULL) < 0 || evsignal_add(sigterm, NULL) < 0 ||
	    evsignal_add(sighup, NULL) < 0)
		errx(1, "cannot watch signals");
	const char *addrs[SERVER_LISTEN_MAX];
	int n = server_addrs(srv, addrs, SERVER_LISTEN_MAX);
	for (int i = 0; i < n; i++)
		printf("listening on %s\n", addrs[i]);
	fflush(stdout);
	log_msg(LOGL_INFO, "%s \"%s\" on port %d", private ? "private room" :
	    "room", info, server_port(srv));

	publish(base, &cur);
	loop_add_hook(server_turn, srv);
	loop_add_hook(check_done, NULL);
	loop_run(base, &stop);

	mdns_free(published);
	server_free(srv);
	event_free(sigint);
	event_free(sigterm);
	event_free(sighup);
	event_free(grace);
	event_base_free(base);
	log_msg(LOGL_INFO, "exit");
	return 0;
}
