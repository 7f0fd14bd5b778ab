/* libFuzzer target: whatever a server sends, through the client core
 * (greeting, frames, the room view, UDP mode's control messages) and on
 * into the screen's pure parts: the transcript, and wrapping for a virtual
 * screen of a few widths. Nothing that reaches a row may hold a control
 * character, an escape, a bidi override or invalid UTF-8, and no row may
 * be wider than its screen: the properties that keep a terminal whole.
 * No terminal, no socket: the bytes go in through client_feed. */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "client.h"
#include "fmt.h"
#include "text.h"
#include "transcript.h"
#include "width.h"
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct transcript *t;
static struct client *c;

static void
on_msg(void *arg, const struct msg *m)
{
	static char line[FMT_MAX];
	(void)arg;
	transcript_msg(t, 0, m, client_nick(c), "127.0.0.1:2428");
	/* batch mode's line is made safe the same way */
	char why[64];
	size_t n = fmt_msg(m, client_nick(c), line, sizeof line);
	if (n && text_check(line, n, why, sizeof why) < 0)
		abort();
}

static void
on_info(void *arg, const char *text)
{
	(void)arg;
	transcript_add(t, 0, TL_INFO, 0, NULL, 0, text, strlen(text));
}

/* History, as the screen and batch mode show it. */
static void
on_history(void *arg, const struct history_event *ev)
{
	static char line[FMT_MAX];
	char why[64];
	for (size_t i = 0; i < 2; i++)
		if (ev->before[i][0])
			on_info(arg, ev->before[i]);
	if (ev->item.type) {
		transcript_past(t, ev->when, &ev->item, client_nick(c));
		size_t n = fmt_msg(&ev->item, client_nick(c), line, sizeof line);
		if (n && text_check(line, n, why, sizeof why) < 0)
			abort();
	}
	if (ev->after[0])
		on_info(arg, ev->after);
}

static void on_joined(void *arg) { (void)arg; }
static void on_closed(void *arg, int f, const char *why)
{ (void)arg, (void)f; if (why) on_info(NULL, why); }

/* Every line, as the screen would lay it out at cols columns. */
static void
check_screen(size_t cols)
{
	static struct wrap_row rows[4096];
	char prefix[FMT_MAX];
	char why[128];

	for (size_t i = 0; i < transcript_count(t); i++) {
		const struct tline *l = transcript_get(t, i);
		size_t pl = transcript_prefix(l, prefix, sizeof prefix);
		size_t tl = strlen(l->text);
		if (text_check(prefix, pl, why, sizeof why) < 0 ||
		    text_check(l->text, tl, why, sizeof why) < 0 ||
		    text_check(l->who, strlen(l->who), why, sizeof why) < 0)
			abort(); /* something unsafe reached the drawing layer */
		size_t pw = width_str(prefix, pl);
		size_t first = pw < cols ? cols - pw : 1;
		size_t n = wrap_rows(l->text, tl, first, cols, rows,
		    sizeof rows / sizeof rows[0]);
		if (n > sizeof rows / sizeof rows[0])
			n = sizeof rows / sizeof rows[0];
		for (size_t r = 0; r < n; r++) {
			if (rows[r].off + rows[r].len > tl)
				abort();
			size_t w = width_str(l->text + rows[r].off, rows[r].len);
			if (w > (r == 0 ? first : cols))
				abort(); /* a row wider than the screen */
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct event_base *base;
	static const struct client_ops ops = { .msg = on_msg,
	    .info = on_info, .joined = on_joined, .closed = on_closed,
	    .history = on_history };
	struct client_opts o = { .host = "127.0.0.1", .port = "1",
	    .nick = "me", .track_members = 1 };

	if (base == NULL) {
		setlocale(LC_ALL, "C.UTF-8");
		base = event_base_new();
	}
	t = transcript_new(256);
	c = client_new(base, &o, &ops, NULL);
	if (t == NULL || c == NULL)
		abort();
	client_feed(c, data, size);
	/* The member list the status bar and Tab completion show. */
	const struct roster *r = &client_view(c)->mem;
	for (size_t i = 0; i < r->n; i++) {
		char why[64];
		if (strlen(r->nick[i]) == 0 ||
		    text_check(r->nick[i], strlen(r->nick[i]), why, sizeof why) < 0)
			abort();
	}
	check_screen(20);
	check_screen(80);
	client_free(c);
	transcript_free(t);
	return 0;
}
