/* transcript: a ring of lines with sanitised copies of peer text. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "nick.h"
#include "text.h"
#include "transcript.h"
#include "url.h"

/* Where a sender's missing UDP lines would have been, until they come
 * late or are given up on. */
struct gap {
	char nick[NICK_MAX + 1];
	uint64_t at;   /* the position of the first line after the gap */
	uint32_t open; /* lines still missing; 0: a free slot */
};

struct transcript {
	struct tline *l;
	size_t cap, head, n;
	uint64_t total;
	size_t pending; /* TL_QUEUED lines kept */
	struct gap gaps[TRANSCRIPT_GAPS];
};

struct transcript *
transcript_new(size_t cap)
{
	struct transcript *t = calloc(1, sizeof *t);
	if (t == NULL)
		return NULL;
	t->cap = cap ? cap : 1;
	t->l = calloc(t->cap, sizeof *t->l);
	if (t->l == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

static void
drop(struct transcript *t, struct tline *l)
{
	if (l->flags & TL_QUEUED)
		t->pending--;
	free(l->who);
	free(l->text);
	memset(l, 0, sizeof *l);
}

void
transcript_clear(struct transcript *t)
{
	for (size_t i = 0; i < t->n; i++)
		drop(t, &t->l[(t->head + i) % t->cap]);
	t->head = t->n = 0;
}

void
transcript_free(struct transcript *t)
{
	if (t == NULL)
		return;
	transcript_clear(t);
	free(t->l);
	free(t);
}

static char *
clean(const char *s, size_t n)
{
	/* U+FFFD for a byte at worst triples the length. */
	char *d = malloc(3 * n + 1);
	if (d)
		text_sanitize(s, n, d, 3 * n + 1);
	return d;
}

int
transcript_add(struct transcript *t, time_t ts, enum tl_kind kind, int flags,
    const char *who, size_t wholen, const char *text, size_t textlen)
{
	char *w = clean(who ? who : "", who ? wholen : 0);
	char *x = clean(text, textlen);
	if (w == NULL || x == NULL) {
		free(w);
		free(x);
		return -1;
	}
	struct tline *l;
	if (t->n == t->cap) {
		l = &t->l[t->head];
		drop(t, l);
		t->head = (t->head + 1) % t->cap;
		t->n--;
	}
	l = &t->l[(t->head + t->n) % t->cap];
	l->ts = ts;
	l->kind = kind;
	l->flags = flags;
	l->who = w;
	l->text = x;
	t->n++;
	t->total++;
	if (flags & TL_QUEUED)
		t->pending++;
	return 0;
}

int
transcript_pending(struct transcript *t, time_t ts, enum tl_kind kind,
    const char *self, const char *text, size_t len)
{
	return transcript_add(t, ts, kind, TL_SELF | TL_QUEUED, self,
	    strlen(self), text, len);
}

/* Our echo confirms the oldest pending line that says the same. */
static int
confirm(struct transcript *t, time_t ts, enum tl_kind kind,
    const struct msg_str *text)
{
	char *clean_text;
	if (t->pending == 0 || (clean_text = clean(text->p, text->len)) == NULL)
		return 0;
	for (size_t i = 0; i < t->n; i++) {
		struct tline *l = &t->l[(t->head + i) % t->cap];
		if ((l->flags & TL_QUEUED) && l->kind == kind &&
		    strcmp(l->text, clean_text) == 0) {
			l->flags &= ~TL_QUEUED;
			l->ts = ts;
			t->pending--;
			free(clean_text);
			return 1;
		}
	}
	free(clean_text);
	return 0;
}

size_t
transcript_count(const struct transcript *t)
{
	return t->n;
}

uint64_t
transcript_total(const struct transcript *t)
{
	return t->total;
}

const struct tline *
transcript_get(const struct transcript *t, size_t i)
{
	return i < t->n ? &t->l[(t->head + i) % t->cap] : NULL;
}

static int
have(const char **urls, const size_t *lens, size_t k, const char *u,
    size_t n)
{
	for (size_t j = 0; j < k; j++)
		if (lens[j] == n && memcmp(urls[j], u, n) == 0)
			return 1;
	return 0;
}

size_t
transcript_urls(const struct transcript *t, const char **urls, size_t *lens,
    size_t max)
{
	size_t k = 0;
	/* Newest first: the lines from the last, a line's addresses from
	 * its end. */
	for (size_t i = t->n; i > 0 && k < max; i--) {
		const struct tline *l = transcript_get(t, i - 1);
		size_t n = strlen(l->text), from = 0, a, b, m = 0;
		size_t at[16], len[16];
		if (l->flags & TL_URL)
			continue; /* a listing, not something said */
		while (m < nitems(at) && url_find(l->text, n, from, &a, &b)) {
			at[m] = a;
			len[m++] = b - a;
			from = b;
		}
		while (m > 0 && k < max) {
			m--;
			if (!have(urls, lens, k, l->text + at[m], len[m])) {
				urls[k] = l->text + at[m];
				lens[k++] = len[m];
			}
		}
	}
	for (size_t i = 0; i < k / 2; i++) { /* newest last */
		const char *u = urls[i];
		size_t n = lens[i];
		urls[i] = urls[k - 1 - i];
		lens[i] = lens[k - 1 - i];
		urls[k - 1 - i] = u;
		lens[k - 1 - i] = n;
	}
	return k;
}

size_t
transcript_prefix(const struct tline *l, char *buf, size_t cap)
{
	int n;
	switch (l->kind) {
	case TL_CHAT:
		n = snprintf(buf, cap, "<%s> ", l->who);
		break;
	case TL_ACTION:
		n = snprintf(buf, cap, "* %s ", l->who);
		break;
	case TL_PRIV_IN:
		n = snprintf(buf, cap, "*%s* ", l->who);
		break;
	case TL_PRIV_OUT:
		n = snprintf(buf, cap, "-> *%s* ", l->who);
		break;
	default:
		/* History's markers stand alone. */
		n = snprintf(buf, cap, "%s", l->kind == TL_INFO &&
		    (l->flags & TL_PAST) ? "" : "-!- ");
		break;
	}
	return n < 0 ? 0 : (size_t)n >= cap ? cap - 1 : (size_t)n;
}

static int
word_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '-' || c >= 0x80;
}

int
transcript_mentions(const char *text, size_t n, const char *nick)
{
	size_t k = strlen(nick);
	if (k == 0 || k > n)
		return 0;
	for (size_t i = 0; i + k <= n; i++) {
		if (i > 0 && word_char(text[i - 1]))
			continue;
		if (i + k < n && word_char(text[i + k]))
			continue;
		size_t j = 0;
		while (j < k && tolower((unsigned char)text[i + j]) ==
		    tolower((unsigned char)nick[j]))
			j++;
		if (j == k)
			return 1;
	}
	return 0;
}

static struct gap *
find_gap(struct transcript *t, const char *nick, size_t len)
{
	for (size_t i = 0; i < TRANSCRIPT_GAPS; i++)
		if (t->gaps[i].open && nick_eq(nick, len, t->gaps[i].nick))
			return &t->gaps[i];
	return NULL;
}

void
transcript_gap(struct transcript *t, const char *nick, uint32_t n)
{
	struct gap *g = find_gap(t, nick, strlen(nick));
	if (g) {
		g->open += n; /* the notice goes where the first gap was */
		return;
	}
	g = &t->gaps[0];
	for (size_t i = 0; i < TRANSCRIPT_GAPS && g->open; i++)
		if (!t->gaps[i].open || t->gaps[i].at < g->at)
			g = &t->gaps[i];
	snprintf(g->nick, sizeof g->nick, "%s", nick);
	g->at = t->total;
	g->open = n;
}

/* Moves the newest line back to absolute position at. */
static void
move_back(struct transcript *t, uint64_t at)
{
	uint64_t first = t->total - t->n;
	size_t to = at > first ? (size_t)(at - first) : 0;
	if (to >= t->n)
		return;
	struct tline l = t->l[(t->head + t->n - 1) % t->cap];
	for (size_t i = t->n - 1; i > to; i--)
		t->l[(t->head + i) % t->cap] = t->l[(t->head + i - 1) % t->cap];
	t->l[(t->head + to) % t->cap] = l;
}

int
transcript_lost(struct transcript *t, time_t ts, const char *nick,
    uint32_t n, int self)
{
	char text[256];
	struct gap *g = find_gap(t, nick, strlen(nick));
	int here = g && g->at >= t->total - t->n;
	fmt_loss(text, sizeof text, nick, n, self, here);
	if (transcript_add(t, ts, TL_NOTICE, 0, NULL, 0, text,
	    strlen(text)) < 0)
		return -1;
	if (here) {
		move_back(t, g->at);
		/* Later gaps moved down a line with the rest. */
		for (size_t i = 0; i < TRANSCRIPT_GAPS; i++)
			if (&t->gaps[i] != g && t->gaps[i].open &&
			    t->gaps[i].at >= g->at)
				t->gaps[i].at++;
	}
	if (g)
		g->open = g->open > n ? g->open - n : 0;
	return 0;
}

int
transcript_msg(struct transcript *t, time_t ts, const struct msg *m,
    const char *self, const char *room)
{
	static char line[FMT_MAX];
	const struct msg_str *who = &m->s[0], *text = &m->s[1];
	enum tl_kind kind;
	int flags = 0;
	size_t n;

	switch (m->type) {
	case MSG_CHAT:
	case MSG_ACTION:
		kind = m->type == MSG_CHAT ? TL_CHAT : TL_ACTION;
		if (nick_eq(who->p, who->len, self)) {
			flags = TL_SELF;
			if (confirm(t, ts, kind, text))
				return flags;
		}
		else if (transcript_mentions(text->p, text->len, self))
			flags = TL_MENTION;
		if (m->num & MSG_LATE) {
			/* It filled a gap: that much less is missing. */
			struct gap *g = find_gap(t, who->p, who->len);
			if (g)
				g->open--;
			n = (size_t)snprintf(line, sizeof line, "[late] %.*s",
			    (int)text->len, text->p);
			if (transcript_add(t, ts, kind, flags, who->p, who->len,
			    line, n < sizeof line ? n : sizeof line - 1) < 0)
				return -1;
			return flags;
		}
		break;
	case MSG_PRIVATE:
		text = &m->s[2];
		if (nick_eq(who->p, who->len, self)) {
			kind = TL_PRIV_OUT; /* shown with the one it went to */
			who = &m->s[1];
			flags = TL_SELF;
		} else {
			kind = TL_PRIV_IN;
			flags = TL_MENTION;
		}
		break;
	case MSG_WELCOME:
		n = (size_t)snprintf(line, sizeof line, "you are %.*s in the room "
		    "at %s; %u here", (int)who->len, who->p, room,
		    (unsigned)m->num);
		return transcript_add(t, ts, TL_INFO, 0, NULL, 0, line,
		    n < sizeof line ? n : sizeof line - 1) < 0 ? -1 : 0;
	default:
		/* Notices read as they do everywhere else: fmt.c has them. */
		n = fmt_notice(m, self, line, sizeof line);
		if (n == 0)
			return -1;
		kind = m->type == MSG_ERROR ? TL_ERROR : TL_NOTICE;
		return transcript_add(t, ts, kind, 0, NULL, 0, line, n) < 0 ?
		    -1 : 0;
	}
	if (transcript_add(t, ts, kind, flags, who->p, who->len, text->p,
	    text->len) < 0)
		return -1;
	return flags;
}

int
transcript_past(struct transcript *t, time_t ts, const struct msg *m,
    const char *self)
{
	static char line[FMT_MAX];
	int flags = TL_PAST;
	if (m->type == MSG_CHAT || m->type == MSG_ACTION) {
		if (nick_eq(m->s[0].p, m->s[0].len, self))
			flags |= TL_SELF;
		return transcript_add(t, ts, m->type == MSG_CHAT ? TL_CHAT :
		    TL_ACTION, flags, m->s[0].p, m->s[0].len, m->s[1].p,
		    m->s[1].len) < 0 ? -1 : flags;
	}
	size_t n = fmt_notice(m, self, line, sizeof line);
	if (n == 0)
		return -1;
	return transcript_add(t, ts, TL_NOTICE, flags, NULL, 0, line, n) < 0 ?
	    -1 : flags;
}
