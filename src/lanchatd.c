/* lanchatd: the room server's main: options, limits, signals, the loop. */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <event2/event.h>

#include "log.h"
#include "loop.h"
#include "net.h"
#include "server.h"

#define SHUTDOWN_GRACE_S 3 /* longest wait for slow readers at exit */
#define RESERVED_FDS 32    /* listeners, logs and headroom */

static int stop;
static struct server *srv;
static struct event *grace;

static void
usage_limit(void *arg, const char *name, const char *value,
    const char *help)
{
	fprintf(arg, "  --%-15s %s (default %s)\n", name, help, value);
}

static void
usage(FILE *f)
{
	struct limits l;
	fprintf(f, "usage: lanchatd [-l ADDR]... [-p PORT] [-v|-q] "
	    "[--LIMIT VALUE]...\n"
	    "  -l, --listen ADDR     listen on ADDR (default: every IPv6 and "
	    "IPv4 address)\n"
	    "  -p, --port PORT       TCP port (default %s; 0 picks a free "
	    "one)\n"
	    "  -m N                  the same as --max-clients N\n"
	    "  -U SECONDS            the same as --udp-expire SECONDS\n"
	    "  -v, --verbose         log more; -q, --quiet logs errors only\n"
	    "  -h, --help            this text\n"
	    "  -V, --version         the version\n"
	    "limits (lanchatd(8)):\n", NET_PORT_DEFAULT);
	limit_default(&l);
	limit_each(&l, usage_limit, f);
}

/* getopt_long's table: the fixed options, then one per limit, told
 * apart by a val past any short option's. */
#define LIMIT_OPT 1000
#define LIMITS_MAX 32

static const char *limit_names[LIMITS_MAX];
static int nlimit;

static void
add_limit_name(void *arg, const char *name, const char *value,
    const char *help)
{
	(void)arg, (void)value, (void)help;
	if (nlimit < LIMITS_MAX)
		limit_names[nlimit++] = name;
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

int
main(int argc, char **argv)
{
	static const struct option fixed[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "port", required_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
	};
	struct option longopts[nitems(fixed) + LIMITS_MAX + 1];
	struct server_opts o = { .port = NET_PORT_DEFAULT,
	    .info = PACKAGE_NAME "d " PACKAGE_VERSION };
	int ch, level = LOGL_INFO;
	char *end, errbuf[256];

	limit_default(&o.lim);
	limit_each(&o.lim, add_limit_name, NULL);
	memcpy(longopts, fixed, sizeof fixed);
	for (int i = 0; i < nlimit; i++)
		longopts[nitems(fixed) + i] = (struct option){ limit_names[i],
		    required_argument, NULL, LIMIT_OPT + i };
	longopts[nitems(fixed) + nlimit] = (struct option){ 0 };
	while ((ch = getopt_long(argc, argv, "l:p:m:U:vqhV", longopts,
	    NULL)) != -1) {
		const char *name = ch == 'm' ? "max-clients" :
		    ch == 'U' ? "udp-expire" : ch >= LIMIT_OPT ?
		    limit_names[ch - LIMIT_OPT] : NULL;
		if (name) {
			if (limit_set(&o.lim, name, optarg, errbuf,
			    sizeof errbuf) < 0)
				errx(2, "%s", errbuf);
			continue;
		}
		switch (ch) {
		case 'l':
			if (o.nlisten == SERVER_LISTEN_MAX)
				errx(2, "at most %d -l addresses",
				    SERVER_LISTEN_MAX);
			o.listen[o.nlisten++] = optarg;
			break;
		case 'p':
			strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' ||
			    strtol(optarg, NULL, 10) > 65535)
				errx(2, "bad port %s: give a number 0-65535",
				    optarg);
			o.port = optarg;
			break;
		case 'v':
			level = LOGL_DEBUG;
			break;
		case 'q':
			level = LOGL_ERR;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("lanchatd %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	log_init("lanchatd", level);
	signal(SIGPIPE, SIG_IGN);
	o.lim.max_clients = raise_fd_limit(o.lim.max_clients);

	struct event_base *base = event_base_new();
	if (base == NULL)
		errx(1, "cannot start the event loop");
	srv = server_new(base, &o, errbuf, sizeof errbuf);
	if (srv == NULL)
		errx(1, "%s", errbuf);
	/* Signals are watched before the address is told, so that whoever
	 * reads it may stop us at once. */
	struct event *sigint = evsignal_new(base, SIGINT, on_signal, NULL);
	struct event *sigterm = evsignal_new(base, SIGTERM, on_signal, NULL);
	grace = evtimer_new(base, on_grace, NULL);
	if (!sigint || !sigterm || !grace || evsignal_add(sigint, NULL) < 0 ||
	    evsignal_add(sigterm, NULL) < 0)
		errx(1, "cannot watch signals");
	const char *addrs[SERVER_LISTEN_MAX];
	int n = server_addrs(srv, addrs, SERVER_LISTEN_MAX);
	for (int i = 0; i < n; i++)
		printf("listening on %s\n", addrs[i]);
	fflush(stdout);

	loop_add_hook(server_turn, srv);
	loop_add_hook(check_done, NULL);
	loop_run(base, &stop);

	server_free(srv);
	event_free(sigint);
	event_free(sigterm);
	event_free(grace);
	event_base_free(base);
	log_msg(LOGL_INFO, "exit");
	return 0;
}
