/* ui: the curses screen: layout, the transcript with its scrollback, the
 * members pane and the status bar. It draws once per loop turn, when
 * something changed; the input line is input.c's. */
#ifndef UI_H
#define UI_H

#include <stddef.h>

#include <curses.h>

#include "roster.h"
#include "transcript.h"

#define UI_MEMBERS_W 18   /* width of the members pane, border included */
#define UI_MEMBERS_MIN 60 /* narrower screens hide the pane */

/* What the status bar tells; the app fills it before each draw. */
struct ui_status {
	const char *nick;
	const char *server;    /* the room's name and address; "" when
	                          offline with no server (made safe) */
	const char *transport; /* "TCP" */
	const char *state;     /* "connected", "reconnecting in 4s", ... */
	long members;          /* -1 when unknown */
	const char *topic;     /* as the server sent it; "" none */
};

struct ui_opts {
	int colors, timestamps;
};

/* Can this terminal show the full screen (is TERM known, can it move
 * the cursor)? 0, or -1 with a sentence in why. */
int ui_term_ok(char *why, size_t whylen);
/* Starts curses on the terminal; -1 when it cannot. */
int ui_init(const struct ui_opts *o);
/* Gives the terminal back; safe to call twice and from atexit. */
void ui_end(void);
int ui_active(void);
/* The terminal changed size: re-lay out and redraw everything. */
void ui_resize(void);
/* Ctrl-L: redraw every cell. */
void ui_redraw(void);
void ui_dirty(void);
/* Draws the transcript, members pane and status bar if anything changed
 * (wnoutrefresh only) and returns 1, else 0; ui_flush then puts it all
 * on the terminal. */
int ui_draw(const struct transcript *t, const struct ui_status *st,
    const struct roster *members);
void ui_flush(void);
/* Takes the terminal's size now, if it changed (or force). */
void ui_fit(int force);
/* Tells the UI new lines arrived, so a scrolled-up view stays put and
 * shows that more is below. */
void ui_added(const struct transcript *t);
/* Scrolling by rows (positive: back in time); 0 with top/bottom. */
void ui_scroll(int rows);
void ui_scroll_top(void);
void ui_scroll_bottom(void);
/* The terminal gained (1) or lost (0) the focus: what comes while it is
 * away is counted and marked (unseen.c). */
void ui_focus(int in);
/* Whether the terminal has the focus, as far as it has told (yes until
 * it says otherwise). */
int ui_focused(void);
/* Writes a notification sequence (notify.h) to the terminal. */
void ui_notify(const char *seq, size_t len);
int ui_page(void); /* rows in a page of transcript */
void ui_toggle_members(void);
WINDOW *ui_input_window(void);

/* Shows lines over the transcript, line sel chosen (the room picker);
 * NULL puts the transcript back. The lines must stay until then. */
void ui_sheet(const char *const *text, size_t n, size_t sel);

#endif
