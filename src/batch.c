/* batch: a thin frontend over the client core for scripts and tests. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "batch.h"
#include "dial.h"
#include "fmt.h"
#include "line.h"
#include "loop.h"
#include "retry.h"

struct batch {
	struct client *client;
	struct event *in;  /* standard input, when it can be watched */
	struct retry rt;
	struct line_dec dec;
	int status, eof;
	int stop;
	int reconnect; /* --reconnect: a lost connection is tried again */
	int held;      /* input waits while the room's pace catches up */
};

static void
print_msg(void *arg, const struct msg *m)
{
	static char buf[FMT_MAX];
	struct batch *b = arg;
	if (fmt_msg(m, client_nick(b->client), buf, sizeof buf) > 0)
		puts(buf);
}

/* The room's history: every line of it begins "history ", for scripts
 * to skip; the time it was said in full. */
static void
print_history(void *arg, const struct history_event *ev)
{
	static char buf[FMT_MAX];
	struct batch *b = arg;
	struct tm tm;
	char when[32];
	for (size_t i = 0; i < nitems(ev->before); i++)
		if (ev->before[i][0])
			printf("history %s\n", ev->before[i]);
	if (ev->item.type && fmt_msg(&ev->item, client_nick(b->client), buf,
	    sizeof buf) > 0) {
		localtime_r(&ev->when, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		printf("history [%s] %s\n", when, buf);
	}
	if (ev->after[0])
		printf("history %s\n", ev->after);
}

static void
print_info(void *arg, const char *text)
{
	(void)arg;
	printf("-!- %s\n", text);
}

static void
print_loss(void *arg, const char *nick, uint32_t n, int certain, int self)
{
	char text[256];
	(void)arg;
	if (certain && fmt_loss(text, sizeof text, nick, n, self, 0))
		printf("-!- %s\n", text);
}

static void
joined(void *arg)
{
	struct batch *b = arg;
	unsigned tries = retry_done(&b->rt);
	if (tries > 1)
		printf("-!- back in the room after %u tries\n", tries);
	b->status = 0;
}

/* --reconnect: after 1, 2, 4... up to RETRY_MAX_S seconds. Every try is
 * told (a script may count them), the reason only when it changes. */
static void
retry_later(struct batch *b, const char *why)
{
	int fresh = retry_failed(&b->rt, why);
	if (fresh)
		printf("-!- %s; trying again in %d second%s\n", why,
		    b->rt.backoff, b->rt.backoff == 1 ? "" : "s");
	else
		printf("-!- still failing (%u tries); trying again in %d "
		    "second%s\n", b->rt.tries, b->rt.backoff,
		    b->rt.backoff == 1 ? "" : "s");
}

static void
try_again(void *arg)
{
	struct batch *b = arg;
	char err[512];
	if (client_connect(b->client, err, sizeof err) != DIAL_OK)
		retry_later(b, err);
}

static void
closed(void *arg, int fatal, const char *why)
{
	struct batch *b = arg;
	int r = client_refusal(b->client);
	(void)fatal;
	if (why == NULL) { /* we quit */
		b->stop = 1;
		return;
	}
	b->status = 1;
	/* Another version, or a nick that can never be valid, will be
	 * refused again: no use trying. */
	if (b->reconnect && !b->eof && r != ERR_VERSION && r != ERR_BAD_NICK &&
	    r != ERR_SECRET) {
		retry_later(b, why);
		return;
	}
	fflush(stdout);
	fprintf(stderr, "lanchat: %s\n", why);
	b->stop = 1;
}

static void
input_line(struct batch *b, const char *p, size_t n)
{
	struct cmd cmd;
	if (client_input(b->client, p, n, &cmd) == 1)
		printf("-!- /%s is not available in batch mode\n",
		    cmd.def->name);
}

static void
input_eof(struct batch *b)
{
	retry_stop(&b->rt); /* no more tries: say goodbye, or go */
	struct line l;
	int rc = line_dec_finish(&b->dec, &l);
	if (rc == LINE_OK)
		input_line(b, l.p, l.len);
	else if (rc == LINE_TOOLONG)
		printf("-!- a line over %d bytes was not sent\n", LINE_MAX);
	b->eof = 1;
	if (b->in)
		event_del(b->in);
	client_quit(b->client, "end of input");
}

/* Feeds n bytes of standard input; returns 0 at end of input. */
static int
input_bytes(struct batch *b, const char *buf, ssize_t n)
{
	struct line l;
	size_t left = n;
	int rc;

	if (n <= 0)
		return 0;
	while ((rc = line_dec_next(&b->dec, &buf, &left, &l)) != LINE_MORE) {
		if (rc == LINE_OK)
			input_line(b, l.p, l.len);
		else if (rc == LINE_TOOLONG)
			printf("-!- a line over %d bytes was not sent\n",
			    LINE_MAX);
		else
			return 0;
	}
	return 1;
}

/* Enough waits to be sent: reading more would only grow the queue. */
static int
backlogged(const struct batch *b)
{
	size_t bytes, lines = client_waiting(b->client, &bytes);
	return lines >= BATCH_HOLD_LINES || bytes >= BATCH_HOLD_BYTES;
}

/* Reads standard input: once when it is watched (it said it is ready),
 * else (a regular file) until the end or a backlog. A backlog holds the
 * reading until the queue has drained. */
static void
read_input(struct batch *b)
{
	char buf[16384];
	while (!b->eof && !backlogged(b)) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (!input_bytes(b, buf, n)) {
			input_eof(b);
			return;
		}
		if (b->in)
			break;
	}
	if (!b->eof && backlogged(b) && !b->held) {
		b->held = 1;
		if (b->in)
			event_del(b->in);
	}
}

static void
drained(void *arg)
{
	struct batch *b = arg;
	if (!b->held)
		return;
	b->held = 0;
	if (b->in)
		event_add(b->in, NULL);
	else
		read_input(b);
}

static void
on_stdin(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what;
	read_input(arg);
}

static int
pollable(int fd)
{
	struct stat st;
	if (isatty(fd))
		return 1;
	if (fstat(fd, &st) < 0)
		return 0;
	return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
}

static void
flush_turn(void *arg)
{
	(void)arg;
	fflush(stdout);
}

int
batch_run(struct event_base *base, const struct client_opts *o,
    int reconnect)
{
	static const struct client_ops ops = { .msg = print_msg,
	    .info = print_info, .joined = joined, .closed = closed,
	    .drained = drained, .loss = print_loss, .history = print_history };
	struct batch b = { .reconnect = reconnect };
	char err[512];
	int rc;

	line_dec_init(&b.dec);
	b.client = client_new(base, o, &ops, &b);
	if (b.client == NULL || retry_init(&b.rt, base, try_again, NULL,
	    &b) < 0) {
		fprintf(stderr, "lanchat: out of memory\n");
		client_free(b.client);
		retry_free(&b.rt);
		return 1;
	}
	/* A name that does not exist will not exist on the next try. */
	rc = client_connect(b.client, err, sizeof err);
	if (rc != DIAL_OK && reconnect && rc != DIAL_NOHOST) {
		retry_later(&b, err);
	} else if (rc != DIAL_OK) {
		fprintf(stderr, "lanchat: %s\n", err);
		retry_free(&b.rt);
		client_free(b.client);
		return 1;
	}
	/* epoll cannot watch regular files or /dev/null: such input is
	 * read now, as far as the queue allows, and the rest as it drains. */
	if (pollable(STDIN_FILENO)) {
		b.in = event_new(base, STDIN_FILENO, EV_READ | EV_PERSIST,
		    on_stdin, &b);
		if (b.in == NULL || event_add(b.in, NULL) < 0) {
			fprintf(stderr, "lanchat: cannot watch standard input\n");
			client_free(b.client);
			return 1;
		}
	} else {
		read_input(&b);
	}
	loop_add_hook(flush_turn, &b);
	loop_run(base, &b.stop);
	fflush(stdout);
	if (b.in)
		event_free(b.in);
	retry_free(&b.rt);
	line_dec_free(&b.dec);
	client_free(b.client);
	return b.status;
}
