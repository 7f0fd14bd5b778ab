/* fmt: one table row per message type that people see. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fmt.h"
#include "nick.h"
#include "text.h"

#define NOTICE_TAG "-!- "

struct out {
	char *buf;
	size_t cap, len;
	int line; /* for line-mode readers: a field cannot mimic layout */
};

static void
raw(struct out *o, const char *s)
{
	size_t n = strlen(s);
	if (o->len + n >= o->cap)
		n = o->cap - o->len - 1;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

/* For a reader on nc or telnet, whose terminal wraps long lines where it
 * likes: runs of spaces become one (no padding can push a piece of text
 * to the start of a row), and the notice tag is broken inside a field, so
 * whatever row a member's words land at the start of, they cannot pass
 * for a server line. */
static size_t
unmimic(char *p, size_t n, int after_space)
{
	/* Most text needs nothing done: only a space can end a run or a
	 * tag, so look at spaces alone until one needs work. */
	const char *sp = memchr(p, ' ', n);
	size_t i = 0;
	for (; sp; sp = memchr(sp + 1, ' ', n - (size_t)(sp - p) - 1)) {
		i = (size_t)(sp - p);
		if ((i == 0 && after_space) || (i > 0 && p[i - 1] == ' ') ||
		    (i >= 3 && p[i - 3] == '-' && p[i - 2] == '!' &&
		    p[i - 1] == '-'))
			break;
		if (i + 1 == n)
			return n;
	}
	if (sp == NULL)
		return n;
	size_t o = i;
	for (; i < n; i++) {
		char ch = p[i];
		if (ch == ' ') {
			if (o > 0 ? p[o - 1] == ' ' : after_space)
				continue;
			if (o >= 3 && p[o - 3] == '-' && p[o - 2] == '!' &&
			    p[o - 1] == '-')
				p[o - 1] = '_';
		}
		p[o++] = ch;
	}
	p[o] = '\0';
	return o;
}

static void
str(struct out *o, const struct msg_str *s)
{
	size_t n = text_sanitize(s->p, s->len, o->buf + o->len,
	    o->cap - o->len);
	if (o->line)
		n = unmimic(o->buf + o->len, n, o->len > 0 &&
		    o->buf[o->len - 1] == ' ');
	o->len += n;
}

/* Each format is a sequence of literal text and %0 %1 %2 (string fields),
 * %n (the number) and %( ... %) (only when the string field 1 is not
 * empty). A notice's line starts with NOTICE_TAG, added by fmt_msg. */
struct fmt_row {
	int type;
	int notice;
	const char *fmt;
};

static const struct fmt_row rows[] = {
	{ MSG_WELCOME, 1, "welcome, %0: %n in the room (%1)" },
	{ MSG_CHAT, 0, "<%0> %1" },
	{ MSG_ACTION, 0, "* %0 %1" },
	{ MSG_PRIVATE, 0, "*%0* %2" },
	{ MSG_JOIN, 1, "%0 [%1] joined" },
	{ MSG_JOINS, 1, "%n joined: %0" },
	{ MSG_LEAVE, 1, "%0 left%( (%1)%)" },
	{ MSG_RENAME, 1, "%0 is now known as %1" },
	{ MSG_NAME, 1, "names: %0 [%1]" },
	{ MSG_NAMES_END, 1, "%n in the room" },
	{ MSG_NOTICE, 1, "%0" },
	{ MSG_ERROR, 1, "error: %0" },
	{ MSG_AWAY_IS, 1, "%0 is away: %1" },
	{ MSG_TOPIC_IS, 1, "%0 set the topic: %1" },
};

static const struct fmt_row *
row(int type)
{
	for (size_t i = 0; i < nitems(rows); i++)
		if (rows[i].type == type)
			return &rows[i];
	return NULL;
}

/* Writes m's text in format f (or the one for our own private
 * message) after whatever o already holds. */
static size_t
format(const struct msg *m, const char *self, const char *f, struct out *o)
{
	char *buf = o->buf;
	if (m->type == MSG_PRIVATE && nick_eq(m->s[0].p, m->s[0].len, self))
		f = "-> *%1* %2";
	/* The topic as it stands (told on joining), or cleared. */
	if (m->type == MSG_TOPIC_IS && m->num)
		f = "topic: %1 (set by %0)";
	else if (m->type == MSG_TOPIC_IS && m->s[1].len == 0)
		f = "%0 cleared the topic";
	/* A datagram that reached the server after later ones. */
	if ((m->type == MSG_CHAT || m->type == MSG_ACTION) &&
	    (m->num & MSG_LATE))
		raw(o, "[late] ");
	for (; *f; f++) {
		if (*f != '%') {
			if (o->len + 1 < o->cap) {
				buf[o->len++] = *f;
				buf[o->len] = '\0';
			}
			continue;
		}
		f++;
		if (*f >= '0' && *f <= '2') {
			str(o, &m->s[*f - '0']);
		} else if (*f == 'n') {
			char num[16];
			snprintf(num, sizeof num, "%u", (unsigned)m->num);
			raw(o, num);
		} else if (*f == '(' && m->s[1].len == 0) {
			f = strstr(f, "%)") + 1;
		} else if (*f == ')' || *f == '(') {
			/* the bracketed part is shown */
		}
	}
	if (m->type == MSG_JOINS) {
		/* The list names a few of the joiners; say how many it left out. */
		uint32_t named = m->s[0].len > 0;
		for (uint16_t i = 0; i < m->s[0].len; i++)
			named += m->s[0].p[i] == ' ';
		if (m->num > named) {
			char more[32];
			snprintf(more, sizeof more, " and %u more",
			    (unsigned)(m->num - named));
			raw(o, more);
		}
	}
	return o->len;
}

/* A message's line; bare: a notice's text without its tag, and nothing
 * for what is not a notice; line: for a line-mode reader. */
static size_t
render(const struct msg *m, const char *self, char *buf, size_t cap,
    int bare, int line)
{
	struct out o = { buf, cap, 0, line };
	const struct fmt_row *r = row(m->type);

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	if (r == NULL || (bare && !r->notice))
		return 0;
	if (r->notice && !bare)
		raw(&o, NOTICE_TAG);
	return format(m, self, r->fmt, &o);
}

size_t
fmt_msg(const struct msg *m, const char *self, char *buf, size_t cap)
{
	return render(m, self, buf, cap, 0, 0);
}

size_t
fmt_line(const struct msg *m, const char *self, char *buf, size_t cap)
{
	return render(m, self, buf, cap, 0, 1);
}

size_t
fmt_notice(const struct msg *m, const char *self, char *buf, size_t cap)
{
	return render(m, self, buf, cap, 1, 0);
}

size_t
fmt_loss(char *buf, size_t cap, const char *nick, uint32_t n, int self,
    int here)
{
	int r;
	if (self)
		r = snprintf(buf, cap, "%u of your messages reached the room, "
		    "but the echo to you was lost%s", n, here ? " here" : "");
	else
		r = snprintf(buf, cap, "%u message%s from %s %s lost%s", n,
		    n == 1 ? "" : "s", nick, n == 1 ? "was" : "were",
		    here ? " here" : "");
	return r < 0 ? 0 : (size_t)r < cap ? (size_t)r : cap - 1;
}

size_t
fmt_company(char *buf, size_t cap, const char *const *nicks, size_t n,
    const char *self, long count)
{
	const char *o[3];
	size_t k = 0, others = 0;
	int len;

	for (size_t i = 0; i < n; i++) {
		if (self && nick_cmp(nicks[i], self) == 0)
			continue;
		if (k < 3)
			o[k++] = nicks[i];
		others++;
	}
	/* The server's count may run ahead of the list (a burst of joins). */
	if (count > 0 && (size_t)count - 1 > others)
		others = (size_t)count - 1;
	if (others == 0)
		len = snprintf(buf, cap, "alone so far");
	else if (others == 1 && k >= 1)
		len = snprintf(buf, cap, "with %s", o[0]);
	else if (others == 2 && k >= 2)
		len = snprintf(buf, cap, "with %s and %s", o[0], o[1]);
	else if (others == 3 && k == 3)
		len = snprintf(buf, cap, "with %s, %s and %s", o[0], o[1], o[2]);
	else if (k >= 2)
		len = snprintf(buf, cap, "with %s, %s and %zu other%s", o[0], o[1],
		    others - 2, others - 2 == 1 ? "" : "s");
	else
		len = snprintf(buf, cap, "with %zu other%s", others,
		    others == 1 ? "" : "s");
	return len < 0 ? 0 : (size_t)len < cap ? (size_t)len : cap - 1;
}

long
fmt_day(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return (tm.tm_year + 1900L) * 1000 + tm.tm_yday;
}
