/* keys: the screen's own keys by table, pastes held for a yes, the rest
 * to readline. */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "input.h"
#include "keys.h"
#include "loop.h"
#include "paste.h"
#include "ui.h"

static const struct keys_ops *ops;
static struct event *ev; /* standard input */
static WINDOW *win;
static const int *stop;
static struct {
	int on;              /* between the paste brackets */
	char raw[PASTE_MAX]; /* what came between them */
	size_t len;
	int held;            /* lines wait for Enter or Esc */
	uint64_t at;         /* when the last of the paste came */
	int loose;           /* it came without brackets, as a burst */
	struct paste lines;
} ps;

static void page_up(void) { ui_scroll(ui_page()); }
static void page_down(void) { ui_scroll(-ui_page()); }
static void transport(void) { ops->transport(); }
static void focus_in(void) { ui_focus(1); }

/* The wheel scrolls the transcript. Only wheel events are asked for, so
 * the terminal still selects text with Shift held; without them a
 * terminal may turn the wheel into arrow keys, which recall history. */
static void
mouse(void)
{
	MEVENT m;
	if (getmouse(&m) != OK)
		return;
	if (m.bstate & BUTTON4_PRESSED)
		ui_scroll(KEYS_WHEEL_ROWS);
	else if (m.bstate & BUTTON5_PRESSED)
		ui_scroll(-KEYS_WHEEL_ROWS);
}
static void focus_out(void) { ui_focus(0); }

/* The screen's keys; the names and what they do are /help's too. */
static const struct {
	int key;
	void (*fn)(void);
	const char *name, *does;
} table[] = {
	{ KEY_PPAGE, page_up, "PageUp", "scroll back" },
	{ KEY_NPAGE, page_down, "PageDown", "scroll on" },
	{ KEY_SHOME, ui_scroll_top, "Shift-Home", "the top" },
	{ KEY_SEND, ui_scroll_bottom, "Shift-End", "the bottom" },
	{ KEY_F(2), transport, "F2", "TCP/UDP" },
	{ KEY_F(3), ui_toggle_members, "F3", "members pane" },
	{ KEY_RESIZE, ui_resize, NULL, NULL },
	{ KEYS_FOCUS_IN, focus_in, NULL, NULL },
	{ KEY_MOUSE, mouse, "wheel", "scrolls" },
	{ KEYS_FOCUS_OUT, focus_out, NULL, NULL },
	{ '\f', ui_redraw, "Ctrl-L", "redraw" },
};

static void on_keys(evutil_socket_t fd, short what, void *arg);

int
keys_init(struct event_base *base, WINDOW *w, const int *stopped,
    const struct keys_ops *o)
{
	ops = o;
	win = w;
	stop = stopped;
	define_key("\033[200~", KEYS_PASTE_BEGIN);
	define_key("\033[201~", KEYS_PASTE_END);
	mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	define_key("\033[I", KEYS_FOCUS_IN);
	define_key("\033[O", KEYS_FOCUS_OUT);
	ev = event_new(base, STDIN_FILENO, EV_READ | EV_PERSIST, on_keys, NULL);
	return ev && event_add(ev, NULL) == 0 ? 0 : -1;
}

void
keys_end(void)
{
	if (ev)
		event_free(ev);
	ev = NULL;
}

void
keys_help(void (*fn)(void *arg, const char *line), void *arg)
{
	char buf[512];
	int n = snprintf(buf, sizeof buf, "keys:");
	for (size_t i = 0; i < nitems(table); i++)
		if (table[i].name && n > 0 && (size_t)n < sizeof buf)
			n += snprintf(buf + n, sizeof buf - (size_t)n, " %s %s,",
			    table[i].name, table[i].does);
	if (n > 0 && (size_t)n < sizeof buf)
		snprintf(buf + n, sizeof buf - (size_t)n, " Tab completes, "
		    "Ctrl-R searches history, Ctrl-D on an empty line quits");
	fn(arg, buf);
	fn(arg, "a paste of several lines waits: Enter sends it as chat "
	    "(a line starting with / is text), Esc drops it");
}

static void
send_line(void *arg, const char *line, size_t len)
{
	(void)arg;
	ops->line(line, len);
}

static void
show_held(void)
{
	char text[160];
	size_t n = paste_lines(&ps.lines);
	snprintf(text, sizeof text, "[paste: %zu lines%s%s] Enter sends "
	    "them as chat, Esc drops them", n,
	    n > (size_t)ui_page() ? ", more than a screen" : "",
	    ps.lines.truncated ? ", cut at 64 KiB" : "");
	input_overlay(text);
}

static void
let_go(const char *why)
{
	ps.held = 0;
	input_overlay(NULL);
	if (why)
		ops->info(NULL, why);
}

/* A paste, whole. One line is put in the input line to be edited and
 * sent as usual; more wait for the user's word. */
static void
pasted(const char *raw, size_t len)
{
	ps.at = loop_now_ms();
	if (ps.held) { /* more of it, or another: one answer for all */
		paste_add(&ps.lines, raw, len);
		show_held();
		return;
	}
	paste_init(&ps.lines);
	paste_add(&ps.lines, raw, len);
	size_t n = paste_lines(&ps.lines);
	if (n == 0)
		return;
	/* A question's answer (a secret) takes one line; nothing pasted is
	 * ever held to be sent then. */
	if (n == 1 || input_asking()) {
		const char *text = ps.lines.buf;
		size_t tl = 0;
		while (tl < ps.lines.len && text[tl] != '\n' && text[tl] != '\r')
			tl++;
		input_insert(text, tl);
		return;
	}
	ps.held = 1;
	show_held();
}

/* While a paste waits, only its answer and the screen's keys count. */
static int
held_key(int k)
{
	char text[64];
	switch (k) {
	case '\r':
	case '\n':
	case KEY_ENTER:
		snprintf(text, sizeof text, "sending %zu pasted lines",
		    paste_lines(&ps.lines));
		let_go(text);
		paste_each(&ps.lines, send_line, NULL);
		return 1;
	case 27:        /* Esc */
	case 'C' & 037: /* Ctrl-C */
	case 'G' & 037: /* Ctrl-G */
	case 'U' & 037: /* Ctrl-U */
		let_go("the paste was dropped; nothing was sent");
		return 1;
	}
	for (size_t i = 0; i < nitems(table); i++)
		if (table[i].key == k)
			return 0;
	return 1; /* typing waits until the paste is answered */
}

static int (*modal)(int k); /* a list open over the screen (picker.c) */

void
keys_modal(int (*fn)(int k))
{
	modal = fn;
}

static void
key(int k)
{
	if (modal && modal(k))
		return;
	if (ps.held && held_key(k))
		return;
	for (size_t i = 0; i < nitems(table); i++) {
		if (table[i].key == k) {
			table[i].fn();
			if (k == KEY_RESIZE && ps.held)
				show_held(); /* the page size changed */
			return;
		}
	}
	input_key(k);
}

static void
paste_key(int k)
{
	if (k == KEY_ENTER)
		k = '\r';
	if (k < 256 && ps.len < sizeof ps.raw)
		ps.raw[ps.len++] = (char)k;
}

static void
paste_done(void)
{
	ps.on = 0;
	if (ps.len)
		pasted(ps.raw, ps.len);
	ps.len = 0;
}

/* Without paste brackets, a paste comes as a burst of keys faster than
 * anyone types: several lines read all at once. One or two lines that
 * came together are taken as typed (a busy moment can bunch keys). A
 * burst hard on the heels of a paste is the rest of it: the terminal
 * writes a long one in pieces, and no one answers that fast. */
static int
looks_pasted(const int *k, size_t n)
{
	if (ps.held && ps.loose && loop_now_ms() - ps.at < KEYS_PASTE_GAP_MS)
		return 1;
	size_t ends = 0;
	for (size_t i = 0; i < n; i++) {
		if (k[i] >= 256)
			return 0;
		if (k[i] == '\r' || k[i] == '\n')
			ends++;
	}
	int last = n && (k[n - 1] == '\r' || k[n - 1] == '\n');
	return ends + !last >= KEYS_BURST_LINES;
}

/* Reads every key waiting. */
static void
on_keys(evutil_socket_t fd, short what, void *arg)
{
	static int burst[KEYS_BURST_MAX];
	size_t n = 0;
	int k;
	(void)fd, (void)what, (void)arg;

	while (n < KEYS_BURST_MAX && (k = wgetch(win)) != ERR)
		burst[n++] = k;
	if (!ps.on && looks_pasted(burst, n)) {
		for (size_t i = 0; i < n; i++)
			paste_key(burst[i]);
		paste_done();
		ps.loose = 1;
		return;
	}
	for (size_t i = 0; i < n && !*stop; i++) {
		k = burst[i];
		if (k == KEYS_PASTE_BEGIN) {
			ps.on = 1;
			ps.loose = 0;
			ps.len = 0;
		} else if (k == KEYS_PASTE_END) {
			paste_done();
		} else if (ps.on) {
			paste_key(k);
		} else {
			key(k);
		}
	}
}
