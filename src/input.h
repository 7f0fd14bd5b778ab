/* input: the input line, edited by GNU readline through its callback
 * interface while curses owns the terminal. Readline touches neither the
 * terminal, signals nor the environment; curses reads keys and hands them
 * over; we draw readline's buffer ourselves, scrolled sideways to keep the
 * cursor in view. ~/.inputrc applies (`$if lanchat`). */
#ifndef INPUT_H
#define INPUT_H

#include <stddef.h>

#include <curses.h>

#define INPUT_HISTORY 1000 /* lines kept across runs */

struct input_ops {
	/* A line was entered; NULL on Ctrl-D on an empty line. The line is
	 * the callee's to free. Returns -1 when the line was refused (it is
	 * kept for Up, but not saved in the history file). */
	int (*line)(char *line);
	/* Completion candidates: the i-th word that may complete text, or
	 * NULL after the last. */
	const char *(*candidate)(int i, int command);
	/* Several completions are possible, or a note: tell the user (arg
	 * is NULL). */
	void (*matches)(void *arg, const char *text);
};

/* histpath may be NULL (no history file). */
int input_init(const struct input_ops *ops, const char *histpath);
/* Trims the history file and lets go of readline; safe to call twice.
 * (Lines are saved as they are entered.) */
void input_end(void);
/* One key from wgetch. */
void input_key(int key);
/* Text shown in place of the line being edited (a paste waiting to be
 * sent); NULL shows the line again. */
void input_overlay(const char *text);
/* Inserts text at the cursor, as if typed. */
void input_insert(const char *text, size_t len);
/* Asks one question whose answer is neither shown nor kept (a room's
 * secret): prompt, then nothing of what is typed; the answer goes to
 * done (the callee's to free and wipe; NULL on Ctrl-D), never to the
 * history. What was being typed is put back afterwards. */
void input_ask(const char *prompt, void (*done)(char *answer));
int input_asking(void);
/* Draws the prompt and line into w and leaves the cursor there. */
void input_draw(WINDOW *w);
int input_dirty(void);

#endif
