/* ui: curses windows, scrollback rendering and the status bar. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include <term.h>
#include <unistd.h>

#include "fmt.h"
#include "nick.h"
#include "palette.h"
#include "text.h"
#include "unseen.h"
#include "url.h"
#include "ui.h"
#include "width.h"
#include "wrap.h"

enum {
	PAIR_NICK = 1, /* 1..PALETTE_MAX: nick colours */
	PAIR_STATUS = PALETTE_MAX + 1,
	PAIR_NOTICE,
	PAIR_ERROR,
	PAIR_MENTION,
	PAIR_TIME,
};
#define MAX_ROWS 512 /* rows one line may wrap to that are drawn */

static struct {
	int active, colors, timestamps, members_shown, dirty, full_redraw;
	int nick_colors; /* in the palette (palette.c) */
	attr_t time_attr;
	WINDOW *text, *members, *status, *input;
	long scroll;        /* rows scrolled back from the bottom */
	struct unseen unseen; /* what came while scrolled back or unfocused */
	uint64_t seen;      /* transcript_total at the last draw */
	const char *const *sheet; /* lines shown instead of the transcript */
	size_t nsheet, sel;
} ui;

static attr_t
pair(int p, attr_t mono)
{
	return ui.colors ? (attr_t)COLOR_PAIR(p) : mono;
}

int
ui_term_ok(char *why, size_t whylen)
{
	const char *term = getenv("TERM");
	int err;
	if (term == NULL || *term == '\0') {
		snprintf(why, whylen, "TERM is not set");
		return -1;
	}
	if (setupterm((char *)term, STDOUT_FILENO, &err) != OK) {
		snprintf(why, whylen, "the terminal type TERM=%.40s is not "
		    "known here", term);
		return -1;
	}
	const char *cup = tigetstr("cup");
	int ok = cup != NULL && cup != (char *)-1;
	/* initscr sets the terminal up again, its own way. */
	del_curterm(cur_term);
	if (!ok) {
		snprintf(why, whylen, "the terminal TERM=%.40s cannot move the "
		    "cursor", term);
		return -1;
	}
	return 0;
}

int
ui_init(const struct ui_opts *o)
{
	if (initscr() == NULL)
		return -1;
	ui.active = 1;
	unseen_init(&ui.unseen);
	ui.timestamps = o->timestamps;
	ui.colors = o->colors && has_colors();
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	if (ui.colors) {
		const short *fg;
		start_color();
		use_default_colors();
		ui.nick_colors = palette_nicks(COLORS, &fg);
		for (int i = 0; i < ui.nick_colors; i++)
			init_pair(PAIR_NICK + i, fg[i], -1);
		init_pair(PAIR_STATUS, COLOR_WHITE, COLOR_BLUE);
		init_pair(PAIR_NOTICE, COLOR_CYAN, -1);
		init_pair(PAIR_ERROR, COLOR_RED, -1);
		init_pair(PAIR_MENTION, COLOR_BLACK, COLOR_YELLOW);
		init_pair(PAIR_TIME, palette_time(COLORS), -1);
	}
	/* Grey where there is one; else the terminal's own colour, dim. */
	ui.time_attr = pair(PAIR_TIME, A_DIM);
	if (ui.colors && palette_time(COLORS) < 0)
		ui.time_attr |= A_DIM;
	ui.text = newwin(1, 1, 0, 0);
	ui.members = newwin(1, 1, 0, 0);
	ui.status = newwin(1, 1, 0, 0);
	ui.input = newwin(1, 1, 0, 0);
	if (!ui.text || !ui.members || !ui.status || !ui.input) {
		ui_end();
		return -1;
	}
	keypad(ui.input, TRUE);
	/* Bracketed paste: the terminal marks what is pasted, so a pasted
	 * line is never taken for a typed one (keys.c); focus events tell
	 * when the user looks away (unseen.c). Both off again at exit. */
	putp("\033[?2004h\033[?1004h");
	fflush(stdout);
	/* xterm's modified Home and End, which some terminfo entries lack:
	 * top and bottom of the scrollback. */
	define_key("\033[1;2H", KEY_SHOME);
	define_key("\033[1;2F", KEY_SEND);
	define_key("\033[1;5H", KEY_SHOME);
	define_key("\033[1;5F", KEY_SEND);
	nodelay(ui.input, TRUE);
	ui_resize();
	return 0;
}

int
ui_active(void)
{
	return ui.active;
}

void
ui_end(void)
{
	if (!ui.active)
		return;
	ui.active = 0;
	putp("\033[?1004l\033[?2004l");
	fflush(stdout);
	if (!isendwin())
		endwin();
}

WINDOW *
ui_input_window(void)
{
	return ui.input;
}

static int
text_rows(void)
{
	return LINES > 2 ? LINES - 2 : 1;
}

static int
text_cols(void)
{
	int w = COLS;
	if (ui.members_shown && COLS >= UI_MEMBERS_MIN)
		w -= UI_MEMBERS_W;
	return w > 1 ? w : 1;
}

void
ui_resize(void)
{
	int rows = text_rows(), cols = text_cols();
	wresize(ui.text, rows, cols);
	mvwin(ui.text, 0, 0);
	if (cols < COLS) {
		wresize(ui.members, rows, COLS - cols);
		mvwin(ui.members, 0, cols);
	}
	wresize(ui.status, 1, COLS);
	mvwin(ui.status, LINES > 1 ? LINES - 2 : 0, 0);
	wresize(ui.input, 1, COLS);
	mvwin(ui.input, LINES - 1, 0);
	ui.full_redraw = 1;
	ui.dirty = 1;
}

void
ui_redraw(void)
{
	clearok(curscr, TRUE);
	ui.full_redraw = 1;
	ui.dirty = 1;
}

void
ui_dirty(void)
{
	ui.dirty = 1;
}

int
ui_page(void)
{
	int r = text_rows() - 1;
	return r > 1 ? r : 1;
}

void
ui_toggle_members(void)
{
	ui.members_shown = !ui.members_shown;
	ui_resize();
}

/* Where a line's text starts (after the time and prefix), and the rows
 * its text takes at the current width. */
struct layout {
	char time[16];
	char prefix[64];
	size_t indent;
	struct wrap_row rows[MAX_ROWS];
	size_t nrows; /* rows needed; may exceed MAX_ROWS */
};

static void
lay_out(const struct tline *l, int cols, struct layout *lo)
{
	size_t tw = 0, pw;
	lo->time[0] = '\0';
	if (ui.timestamps && (l->flags & TL_QUEUED)) {
		/* Not in the room yet: no time it was said there. */
		snprintf(lo->time, sizeof lo->time, "wait  ");
		tw = strlen(lo->time);
	} else if (ui.timestamps) {
		/* History keeps the time it was said, and the day if not
		 * today. */
		struct tm tm;
		localtime_r(&l->ts, &tm);
		strftime(lo->time, sizeof lo->time, (l->flags & TL_PAST) &&
		    fmt_day(l->ts) != fmt_day(time(NULL)) ? "%m-%d %H:%M " :
		    "%H:%M ", &tm);
		tw = strlen(lo->time);
	}
	transcript_prefix(l, lo->prefix, sizeof lo->prefix);
	pw = width_str(lo->prefix, strlen(lo->prefix));
	lo->indent = tw + pw;
	/* On a narrow screen continuation rows use nearly the full width. */
	if ((size_t)cols < lo->indent + 10)
		lo->indent = cols > 12 ? 2 : 0;
	if (l->flags & TL_URL) {
		/* An address listed to be copied: nothing but it, from the
		 * first column, on every row. */
		lo->time[0] = lo->prefix[0] = '\0';
		tw = pw = lo->indent = 0;
	}
	size_t first = (size_t)cols > tw + pw ? cols - tw - pw : 1;
	lo->nrows = wrap_rows(l->text, strlen(l->text), first,
	    cols - lo->indent, lo->rows, MAX_ROWS);
}

static attr_t
text_attr(const struct tline *l)
{
	if (l->flags & (TL_QUEUED | TL_PAST))
		return A_DIM;
	if (l->flags & TL_MENTION)
		return pair(PAIR_MENTION, A_REVERSE);
	if (l->kind == TL_ERROR)
		return pair(PAIR_ERROR, A_BOLD);
	if (l->kind == TL_NOTICE || l->kind == TL_INFO)
		return pair(PAIR_NOTICE, A_NORMAL);
	return A_NORMAL;
}

static void
put(WINDOW *w, const char *s, size_t n, attr_t a)
{
	wattr_set(w, a, 0, NULL);
	if (ui.colors && (a & A_COLOR))
		wcolor_set(w, PAIR_NUMBER(a), NULL);
	waddnstr(w, s, (int)n);
	wattr_set(w, A_NORMAL, 0, NULL);
}

/* Draws the part of a line's text from off, len bytes, with the web
 * addresses in it underlined. */
static void
put_text(const struct tline *l, size_t off, size_t len)
{
	attr_t a = text_attr(l);
	size_t n = strlen(l->text), end = off + len, at = off, from = 0, us, ue;
	while (at < end && url_find(l->text, n, from, &us, &ue) && us < end) {
		from = ue;
		if (ue <= at)
			continue; /* it ended on an earlier row */
		if (us > at) {
			put(ui.text, l->text + at, us - at, a);
			at = us;
		}
		size_t stop = ue < end ? ue : end;
		put(ui.text, l->text + at, stop - at, a | A_UNDERLINE);
		at = stop;
	}
	if (at < end)
		put(ui.text, l->text + at, end - at, a);
}

/* Draws row r of a laid-out line at screen row y. */
static void
draw_row(const struct tline *l, const struct layout *lo, size_t r, int y,
    int cols)
{
	wmove(ui.text, y, 0);
	if (r == 0) {
		put(ui.text, lo->time, strlen(lo->time), ui.time_attr);
		const char *p = lo->prefix, *who = l->who;
		const char *at = *who ? strstr(p, who) : NULL;
		if (at) {
			/* The nick in its own colour, the rest plain. */
			attr_t na = (l->flags & TL_SELF) ? A_BOLD :
			    pair(PAIR_NICK + nick_color(who, ui.nick_colors), A_BOLD);
			put(ui.text, p, at - p, A_NORMAL);
			put(ui.text, who, strlen(who), na);
			put(ui.text, at + strlen(who), strlen(at + strlen(who)),
			    A_NORMAL);
		} else {
			put(ui.text, p, strlen(p), text_attr(l));
		}
	} else {
		for (size_t i = 0; i < lo->indent && (int)i < cols; i++)
			waddch(ui.text, ' ');
	}
	/* No clear to end of line: the window was erased, and a row that
	 * fills the width leaves the cursor on the row below, drawn already. */
	if (r < MAX_ROWS)
		put_text(l, lo->rows[r].off, lo->rows[r].len);
}

static void
draw_mark(int y, int cols)
{
	static const char mark[] = "--- new ---";
	attr_t a = pair(PAIR_NOTICE, A_BOLD) | A_BOLD;
	wmove(ui.text, y, 0);
	put(ui.text, mark, cols < (int)sizeof mark - 1 ? (size_t)cols :
	    sizeof mark - 1, a);
}

static void
draw_text(const struct transcript *t)
{
	static struct layout lo;
	int rows = text_rows(), cols = text_cols();
	long skip = ui.scroll;
	int y = rows; /* fill from the bottom up */
	size_t n = transcript_count(t);

	uint64_t first = transcript_total(t) - n;

	werase(ui.text);
	for (size_t i = n; i > 0 && y > 0; i--) {
		const struct tline *l = transcript_get(t, i - 1);
		lay_out(l, cols, &lo);
		/* The line where unseen ones begin has the mark as a row
		 * of its own above it. */
		int marked = first + i - 1 == ui.unseen.mark;
		long nr = (long)lo.nrows + marked;
		if (skip >= nr) {
			skip -= nr;
			continue;
		}
		/* rows nr-1-skip down to 0 of this line, bottom first */
		for (long r = nr - 1 - skip; r >= 0 && y > 0; r--) {
			if (marked && r == 0)
				draw_mark(--y, cols);
			else
				draw_row(l, &lo, (size_t)(r - marked), --y,
				    cols);
		}
		skip = 0;
	}
	if (skip > 0 || (y > 0 && ui.scroll > 0)) {
		/* Scrolled past the oldest line: pull back to the top and
		 * draw again (this time it fits). */
		ui.scroll -= skip + y;
		if (ui.scroll < 0)
			ui.scroll = 0;
		draw_text(t);
		return;
	}
	wnoutrefresh(ui.text);
}

/* A list over the transcript (the room picker): the chosen line in
 * reverse, each cut to the width, the chosen one kept in view. */
static void
draw_sheet(void)
{
	int rows = text_rows(), cols = text_cols();
	size_t top = ui.sel >= (size_t)rows ? ui.sel - (size_t)rows + 1 : 0;
	werase(ui.text);
	for (int y = 0; y < rows && top + (size_t)y < ui.nsheet; y++) {
		const char *l = ui.sheet[top + (size_t)y];
		size_t w, n = width_fit(l, strlen(l), (size_t)cols, &w);
		wattrset(ui.text, top + (size_t)y == ui.sel ? A_REVERSE :
		    A_NORMAL);
		mvwaddnstr(ui.text, y, 0, l, (int)n);
		for (; top + (size_t)y == ui.sel && w < (size_t)cols; w++)
			waddch(ui.text, ' ');
	}
	wattrset(ui.text, A_NORMAL);
	wnoutrefresh(ui.text);
}

void
ui_sheet(const char *const *text, size_t n, size_t sel)
{
	ui.sheet = text;
	ui.nsheet = text ? n : 0;
	ui.sel = sel;
	ui_dirty();
}

static void
draw_members(const struct roster *r)
{
	int rows = text_rows(), w = COLS - text_cols();
	if (w <= 1)
		return;
	werase(ui.members);
	for (int y = 0; y < rows; y++)
		mvwaddch(ui.members, y, 0, ACS_VLINE);
	size_t n = r ? r->n : 0;
	mvwprintw(ui.members, 0, 2, "%zu here", n);
	for (size_t i = 0; i < n && (int)i + 1 < rows; i++) {
		const char *m = r->nick[i];
		wmove(ui.members, (int)i + 1, 2);
		put(ui.members, m, strlen(m),
		    pair(PAIR_NICK + nick_color(m, ui.nick_colors), A_NORMAL));
	}
	wnoutrefresh(ui.members);
}

static void
draw_status(const struct ui_status *st)
{
	char left[512], right[64] = "";
	attr_t a = pair(PAIR_STATUS, A_REVERSE);
	int cols = COLS;

	/* Most important first: a narrow screen cuts from the right. */
	char count[32] = "";
	if (st->members >= 0)
		snprintf(count, sizeof count, "%ld here | ", st->members);
	/* The topic last: peer text, so made safe, and cut first. */
	char topic[3 * 120 + 4] = "";
	if (st->topic && *st->topic) {
		memcpy(topic, "| ", 2);
		text_sanitize(st->topic, strlen(st->topic), topic + 2,
		    sizeof topic - 3);
		strcat(topic, " ");
	}
	snprintf(left, sizeof left, " %s | %s | %s%s | %s %s", st->nick,
	    st->state, count, st->transport,
	    *st->server ? st->server : "no room", topic);
	if (ui.scroll > 0)
		unseen_status(&ui.unseen, right, sizeof right);
	wbkgdset(ui.status, ' ' | a);
	werase(ui.status);
	size_t rw = width_str(right, strlen(right));
	size_t room = (size_t)cols > rw ? cols - rw : 0;
	size_t lw, lb = width_fit(left, strlen(left), room, &lw);
	wmove(ui.status, 0, 0);
	wattr_set(ui.status, a, 0, NULL);
	if (ui.colors)
		wcolor_set(ui.status, PAIR_STATUS, NULL);
	waddnstr(ui.status, left, (int)lb);
	if (rw && (size_t)cols >= rw) {
		wattron(ui.status, A_BOLD);
		mvwaddstr(ui.status, 0, cols - (int)rw, right);
	}
	wnoutrefresh(ui.status);
}

void
ui_added(const struct transcript *t)
{
	static struct layout lo;
	uint64_t total = transcript_total(t);
	size_t n = transcript_count(t);
	for (uint64_t k = ui.seen; k < total && total - k <= n; k++) {
		const struct tline *l = transcript_get(t, n - (total - k));
		unseen_line(&ui.unseen, l->flags & TL_MENTION);
		if (ui.scroll > 0) {
			/* Keep the view where it is: push it back by the
			 * new rows. */
			lay_out(l, text_cols(), &lo);
			ui.scroll += (long)lo.nrows;
		}
	}
	ui.seen = total;
	ui.dirty = 1;
}

int
ui_draw(const struct transcript *t, const struct ui_status *st,
    const struct roster *members)
{
	if (!ui.dirty)
		return 0;
	if (ui.full_redraw) {
		wnoutrefresh(stdscr);
		ui.full_redraw = 0;
	}
	ui.dirty = 0;
	if (ui.sheet)
		draw_sheet();
	else
		draw_text(t);
	if (ui.members_shown)
		draw_members(members);
	draw_status(st);
	return 1;
}

/* The terminal's size may change between a SIGWINCH and the turn that
 * handles it; asking before each draw means no frame uses a stale size. */
void
ui_fit(int force)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || ws.ws_row == 0 ||
	    ws.ws_col == 0)
		return;
	if (force || ws.ws_row != LINES || ws.ws_col != COLS) {
		resizeterm(ws.ws_row, ws.ws_col);
		ui_resize();
	}
}

void
ui_flush(void)
{
	doupdate();
}

void
ui_scroll(int rows)
{
	if (ui.scroll == 0 && rows > 0)
		unseen_leave(&ui.unseen, UNSEEN_SCROLL, ui.seen);
	ui.scroll += rows;
	if (ui.scroll <= 0) {
		ui.scroll = 0;
		unseen_back(&ui.unseen, UNSEEN_SCROLL);
	}
	ui.dirty = 1;
}

void
ui_scroll_top(void)
{
	ui_scroll(1L << 30); /* draw_text pulls it back to the top */
}

void
ui_scroll_bottom(void)
{
	ui_scroll(-ui.scroll);
}

int
ui_focused(void)
{
	return !(ui.unseen.away & UNSEEN_FOCUS);
}

void
ui_notify(const char *seq, size_t len)
{
	/* Not through curses: nothing moves or shows on the screen. */
	fflush(stdout);
	if (write(STDOUT_FILENO, seq, len) < 0)
		return; /* a notification lost is no reason to stop */
}

void
ui_focus(int in)
{
	if (in)
		unseen_back(&ui.unseen, UNSEEN_FOCUS);
	else
		unseen_leave(&ui.unseen, UNSEEN_FOCUS, ui.seen);
	ui.dirty = 1;
}
