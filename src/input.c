/* input: readline's callback interface fed by curses. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>
#include <term.h>

#include "input.h"
#include "text.h"
#include "width.h"

#define PROMPT "> "
#define INPUT_SHOW_MAX 16384 /* bytes of prompt and line drawn */

static struct {
	const struct input_ops *ops;
	char histpath[1024];
	FILE *devnull;
	int active, dirty, key, avail;
	size_t hscroll; /* columns of prompt+line scrolled off the left */
	char overlay[256]; /* shown instead of the line when set */
	int warned; /* told that Ctrl-R takes ASCII only */
	void (*ask)(char *answer); /* a question whose answer is not shown */
	char *saved; /* the line being typed when it was asked */
	int restore; /* put it back at the next draw */
} in;

/* readline pulls the key we were handed. */
static int
getc_hook(FILE *f)
{
	(void)f;
	in.avail = 0;
	return in.key;
}

static int
avail_hook(void)
{
	return in.avail;
}

static void
redisplay(void)
{
	in.dirty = 1;
}

/* A line entered goes into the history at once, for Up; into the file
 * at once too (a crash loses nothing), unless it was refused: a typo'd
 * command may be fixed with Up, but is not kept for the next run. */
static void
remember(const char *line, int keep)
{
	HIST_ENTRY *last = history_length > 0 ?
	    history_get(history_base + history_length - 1) : NULL;
	if (last && strcmp(last->line, line) == 0)
		return;
	add_history(line);
	if (keep && in.histpath[0])
		append_history(1, in.histpath);
}

static void
on_line(char *line)
{
	if (in.ask) { /* the answer: no history, no echo, the line back */
		void (*done)(char *) = in.ask;
		in.ask = NULL;
		in.restore = in.dirty = 1;
		rl_set_prompt(PROMPT);
		done(line);
		return;
	}
	char *copy = line && *line ? strdup(line) : NULL;
	in.dirty = 1;
	int taken = in.ops->line(line) == 0; /* line is the callee's now */
	if (copy)
		remember(copy, taken);
	free(copy);
}

static int complete_command, complete_addressed;

static char *
generate(const char *text, int state)
{
	static int i;
	size_t n = strlen(text);
	const char *c;
	if (state == 0)
		i = 0;
	while ((c = in.ops->candidate(i++, complete_command)) != NULL) {
		if (strncasecmp(c, text, n) != 0)
			continue;
		if (!complete_addressed)
			return strdup(c);
		char *m = malloc(strlen(c) + 2);
		if (m)
			sprintf(m, "%s:", c);
		return m;
	}
	return NULL;
}

/* Commands at the start of the line, nicks elsewhere; never file names. */
static char **
complete(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1;
	complete_command = start == 0 && rl_line_buffer[0] == '/';
	/* A nick first on the line is addressed: "alice: ". */
	complete_addressed = start == 0 && !complete_command;
	rl_completion_append_character = ' ';
	return rl_completion_matches(text, generate);
}

static void
show_matches(char **matches, int n, int maxlen)
{
	char buf[1024];
	size_t o = 0;
	(void)maxlen;
	for (int i = 1; i <= n && o < sizeof buf - 1; i++)
		o += snprintf(buf + o, sizeof buf - o, "%s%s", i > 1 ? " " : "",
		    matches[i]);
	in.ops->matches(NULL, buf);
}

/* Keys terminals send with Ctrl or Alt held, which curses decodes when
 * terminfo names them: readline gets the sequences back, so its default
 * word moves and the user's inputrc bindings for them work. */
static const char *const modified[] = {
	"kLFT3", "kRIT3", "kUP3", "kDN3", "kHOM3", "kEND3", "kDC3",
	"kLFT5", "kRIT5", "kUP5", "kDN5", "kHOM5", "kEND5", "kDC5",
	"kLFT6", "kRIT6", "kLFT7", "kRIT7",
};
static struct {
	int key;
	char seq[16];
} mods[nitems(modified)];
static size_t nmods;

static void
learn_modified_keys(void)
{
	for (size_t i = 0; i < nitems(modified); i++) {
		char *seq = tigetstr((char *)modified[i]);
		int key;
		if (seq == NULL || seq == (char *)-1 ||
		    strlen(seq) >= sizeof mods[0].seq ||
		    (key = key_defined(seq)) <= 0)
			continue;
		mods[nmods].key = key;
		snprintf(mods[nmods].seq, sizeof mods[0].seq, "%s", seq);
		nmods++;
	}
}

/* Readline's emacs keymap sends Alt-Enter (ESC CR) to vi mode, a trap
 * for anyone who brushes it: it sends the line instead. Bound before
 * readline reads the inputrc, so a binding there still wins. */
static void
defuse_defaults(void)
{
	rl_bind_key_in_map(CTRL('M'), rl_newline, emacs_meta_keymap);
	rl_bind_key_in_map(CTRL('J'), rl_newline, emacs_meta_keymap);
}

/* The history file must exist for lines to be appended to it. */
static void
touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
}

int
input_init(const struct input_ops *ops, const char *histpath)
{
	in.ops = ops;
	in.devnull = fopen("/dev/null", "w");
	if (in.devnull == NULL)
		return -1;
	/* Curses owns the terminal: readline must not touch it, nor the
	 * signals, nor LINES and COLUMNS. */
	rl_readline_name = "lanchat";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_outstream = in.devnull;
	rl_getc_function = getc_hook;
	rl_input_available_hook = avail_hook;
	rl_redisplay_function = redisplay;
	rl_attempted_completion_function = complete;
	rl_completion_display_matches_hook = show_matches;
	rl_basic_word_break_characters = " \t";
	using_history();
	stifle_history(INPUT_HISTORY);
	if (histpath) {
		snprintf(in.histpath, sizeof in.histpath, "%s", histpath);
		read_history(in.histpath);
		touch(in.histpath);
	}
	defuse_defaults();
	learn_modified_keys();
	rl_callback_handler_install(PROMPT, on_line);
	in.active = 1;
	in.dirty = 1;
	return 0;
}

void
input_end(void)
{
	if (!in.active)
		return;
	in.active = 0;
	rl_callback_handler_remove();
	if (in.histpath[0])
		history_truncate_file(in.histpath, INPUT_HISTORY);
	fclose(in.devnull);
	free(in.saved);
	in.saved = NULL;
}

/* Curses decodes function keys; readline wants the bytes a terminal
 * sends for them, which its default keymaps bind. */
static const struct {
	int key;
	const char *seq;
} keyseq[] = {
	{ KEY_UP, "\033[A" }, { KEY_DOWN, "\033[B" },
	{ KEY_RIGHT, "\033[C" }, { KEY_LEFT, "\033[D" },
	{ KEY_HOME, "\033[H" }, { KEY_END, "\033[F" },
	{ KEY_DC, "\033[3~" }, { KEY_IC, "\033[2~" },
	{ KEY_BACKSPACE, "\177" }, { KEY_ENTER, "\r" },
};

static void
feed(int c)
{
	in.key = c;
	in.avail = 1;
	rl_callback_read_char();
}

static void
feed_seq(const char *seq)
{
	for (const char *p = seq; *p; p++)
		feed((unsigned char)*p);
}

void
input_key(int key)
{
	if (key < 256) {
		/* In callback mode readline searches history a byte at a
		 * time: a character of several bytes would be cut into
		 * junk. Such searches are ASCII only (lanchat(1), BUGS). */
		if (key >= 0x80 && RL_ISSTATE(RL_STATE_ISEARCH)) {
			if (!in.warned)
				in.ops->matches(NULL, "Ctrl-R searches with "
				    "ASCII text only");
			in.warned = 1;
			return;
		}
		feed(key);
		return;
	}
	const char *seq = NULL;
	for (size_t i = 0; i < nitems(keyseq) && !seq; i++)
		if (keyseq[i].key == key)
			seq = keyseq[i].seq;
	for (size_t i = 0; i < nmods && !seq; i++)
		if (mods[i].key == key)
			seq = mods[i].seq;
	/* Other function keys mean nothing to the line. */
	if (seq)
		feed_seq(seq);
}

void
input_overlay(const char *text)
{
	snprintf(in.overlay, sizeof in.overlay, "%s", text ? text : "");
	in.dirty = 1;
}

void
input_insert(const char *text, size_t len)
{
	char buf[4096];
	while (len > 0) {
		size_t k = len < sizeof buf - 1 ? len : sizeof buf - 1;
		memcpy(buf, text, k);
		buf[k] = '\0';
		rl_insert_text(buf);
		text += k;
		len -= k;
	}
	in.dirty = 1;
}

void
input_ask(const char *prompt, void (*done)(char *answer))
{
	if (in.ask == NULL) {
		free(in.saved);
		in.saved = strdup(rl_line_buffer);
	}
	in.ask = done;
	in.restore = 0;
	rl_replace_line("", 1);
	rl_point = 0;
	rl_set_prompt(prompt);
	in.dirty = 1;
}

int
input_asking(void)
{
	return in.ask != NULL;
}

int
input_dirty(void)
{
	return in.dirty;
}

/* With `set show-mode-in-prompt on`, the editing mode before the prompt
 * as readline would show it: the inputrc's mode string, less what it
 * marks invisible (\1...\2, a cursor-shape sequence, say) and any other
 * control character, since only our own drawing reaches the terminal. */
static const char *
with_mode(const char *prompt, char *buf, size_t size)
{
	const char *on = rl_variable_value("show-mode-in-prompt");
	if (on == NULL || strcmp(on, "on") != 0 || prompt != rl_prompt)
		return prompt;
	const char *m = rl_variable_value(rl_editing_mode == 1 ?
	    "emacs-mode-string" : rl_get_keymap() == vi_insertion_keymap ?
	    "vi-ins-mode-string" : "vi-cmd-mode-string");
	size_t n = 0;
	int hidden = 0;
	for (; m && *m && n + 1 < size; m++) {
		if (*m == RL_PROMPT_START_IGNORE || *m == RL_PROMPT_END_IGNORE)
			hidden = *m == RL_PROMPT_START_IGNORE;
		else if (!hidden && (unsigned char)*m >= 0x20 && *m != 0x7f)
			buf[n++] = *m;
	}
	snprintf(buf + n, size - n, "%s", prompt);
	return buf;
}

void
input_draw(WINDOW *w)
{
	static char full[INPUT_SHOW_MAX], shown[3 * INPUT_SHOW_MAX + 1];
	char mode[64];
	int cols = getmaxx(w);
	const char *prompt = with_mode(rl_display_prompt ? rl_display_prompt :
	    PROMPT, mode, sizeof mode);
	if (in.overlay[0]) {
		size_t ow, fit = width_fit(in.overlay, strlen(in.overlay),
		    cols > 1 ? cols - 1 : 1, &ow);
		werase(w);
		wattron(w, A_REVERSE);
		mvwaddnstr(w, 0, 0, in.overlay, (int)fit);
		wattroff(w, A_REVERSE);
		wnoutrefresh(w);
		in.dirty = 0;
		return;
	}
	if (in.restore) { /* readline emptied the line after the answer */
		in.restore = 0;
		rl_replace_line(in.saved ? in.saved : "", 1);
		rl_point = rl_end;
		free(in.saved);
		in.saved = NULL;
	}
	/* An answer not to be shown: the prompt alone, as sudo asks. */
	size_t pl = strlen(prompt), ll = in.ask ? 0 : strlen(rl_line_buffer);
	size_t point = (size_t)rl_point <= ll ? (size_t)rl_point : ll;

	if (pl + ll >= sizeof full) /* past any line the server takes */
		ll = sizeof full - 1 - pl;
	memcpy(full, prompt, pl);
	memcpy(full + pl, rl_line_buffer, ll);
	full[pl + ll] = '\0';
	size_t cursor = width_str(full, pl + (point < ll ? point : ll));
	size_t total = width_str(full, pl + ll);
	/* Keep the cursor inside the window, with a little context; and
	 * once the whole line fits again (the terminal grew), show it all:
	 * a scroll kept from a narrower screen would hide the prompt. */
	size_t margin = cols > 10 ? 4 : 0;
	if (cursor < in.hscroll + margin)
		in.hscroll = cursor > margin ? cursor - margin : 0;
	if (cursor >= in.hscroll + cols - 1)
		in.hscroll = cursor - (cols - 1) + 1;
	if (total < (size_t)cols)
		in.hscroll = 0;
	else if (in.hscroll > total - (cols - 1) && cursor + 1 >= total)
		in.hscroll = total - (cols - 1);
	size_t skipw, from = width_fit(full, pl + ll, in.hscroll, &skipw);
	werase(w);
	wmove(w, 0, 0);
	/* A wide character cut by the left edge leaves a blank. */
	for (size_t i = skipw; i < in.hscroll; i++)
		waddch(w, ' ');
	if (from < pl + ll) {
		size_t fitw, fit = width_fit(full + from, pl + ll - from,
		    cols - (in.hscroll - skipw) - 1, &fitw);
		size_t n = text_sanitize(full + from, fit, shown, sizeof shown);
		waddnstr(w, shown, (int)n);
	}
	wmove(w, 0, (int)(cursor - in.hscroll));
	wnoutrefresh(w);
	in.dirty = 0;
}
