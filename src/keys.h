/* keys: what the terminal sends the full-screen client. Keys that act on
 * the screen (scrolling, panes, redraw) are looked up in a table and done
 * here; pastes are told apart from typing (between the terminal's paste
 * brackets, or, where a terminal has none, a burst of several lines read
 * at once). A pasted line goes into the input line to be edited; pasted
 * lines wait, shown in its place, until Enter sends them all as chat
 * (never as commands) or Esc drops them. Every other key goes to
 * readline (input.c). */
#ifndef KEYS_H
#define KEYS_H

#include <stddef.h>

#include <curses.h>
#include <event2/event.h>

/* Key codes for the bracketed paste marks (ESC [200~ and ESC [201~). */
#define KEYS_PASTE_BEGIN (KEY_MAX + 1)
#define KEYS_PASTE_END (KEY_MAX + 2)
/* And for focus events (ESC [ I, ESC [ O). */
#define KEYS_FOCUS_IN (KEY_MAX + 3)
#define KEYS_FOCUS_OUT (KEY_MAX + 4)
#define KEYS_WHEEL_ROWS 3 /* rows a wheel notch scrolls */
#define KEYS_BURST_MAX 4096 /* keys read at once and judged together */
#define KEYS_BURST_LINES 3  /* lines in one burst that make it a paste */
#define KEYS_PASTE_GAP_MS 100 /* a burst this soon after a paste is more */

struct keys_ops {
	void (*transport)(void); /* F2: switch between TCP and UDP */
	/* One pasted line to send as chat, as the user would type it. */
	int (*line)(const char *text, size_t len);
	/* A sentence for the transcript (arg is NULL). */
	void (*info)(void *arg, const char *text);
};

/* Watches standard input on base; keys are read from w, and reading
 * stops early once *stop is set. -1 if it cannot. */
int keys_init(struct event_base *base, WINDOW *w, const int *stop,
    const struct keys_ops *ops);
void keys_end(void);
/* While fn is set, every key goes to it first; what it takes (returns 1)
 * goes no further (the room picker). NULL: keys as usual. */
void keys_modal(int (*fn)(int k));
/* Tells fn, a line at a time, what the keys do (for /help). */
void keys_help(void (*fn)(void *arg, const char *line), void *arg);

#endif
