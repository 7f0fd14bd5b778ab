/* keys: what the terminal sends the full-screen client. Keys that act on
 * the screen (scrolling, panes, redraw) are looked up in a table and done
 * here; the few that reach past the screen call back into the app; every
 * other key goes to readline (input.c). */
#ifndef KEYS_H
#define KEYS_H

#include <curses.h>

struct keys_ops {
	void (*transport)(void); /* F2: switch between TCP and UDP */
};

void keys_init(const struct keys_ops *ops);
/* Reads every key waiting in w; returns early once *stop is set. */
void keys_read(WINDOW *w, const int *stop);

#endif
