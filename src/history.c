/* history: stamps and replays, as the client keeps them. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "history.h"

static const char lost[] = "-- some messages were lost while you were "
    "away --";

int
history_request(struct history *h, struct msg *m)
{
	if (h->off)
		return 0;
	/* What the last replay promised and never came is not waited for. */
	h->count = h->left = 0;
	h->again = h->last != 0;
	*m = (struct msg){ .type = MSG_HISTORY_REQ, .num = h->last,
	    .seq = h->epoch };
	return 1;
}

size_t
history_when(time_t t, time_t now, char *buf, size_t size)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return strftime(buf, size, fmt_day(t) == fmt_day(now) ? "%H:%M" :
	    "%Y-%m-%d %H:%M", &tm);
}

/* One item of a replay: a chat line, action or rename inside. */
static enum history_take
item(struct history *h, const struct msg *m, time_t now,
    struct history_event *ev)
{
	char when[32];
	if (h->left == 0)
		return HISTORY_DONE; /* more than the header said: not shown */
	h->left--;
	if (msg_decode((const uint8_t *)m->s[0].p, m->s[0].len, &ev->item) !=
	    MSG_OK || (ev->item.type != MSG_CHAT &&
	    ev->item.type != MSG_ACTION && ev->item.type != MSG_RENAME)) {
		ev->item.type = 0;
		return HISTORY_DONE;
	}
	ev->when = (time_t)m->seq;
	if (m->num > h->last)
		h->last = m->num;
	if (h->left + 1 == h->count) {
		const char *s = h->count == 1 ? "" : "s";
		if (h->gap)
			snprintf(ev->before[0], HISTORY_NOTE_MAX, "%s", lost);
		history_when(ev->when, now, when, sizeof when);
		if (h->again)
			snprintf(ev->before[1], HISTORY_NOTE_MAX, "-- %u message%s "
			    "while you were away --", (unsigned)h->count, s);
		else
			snprintf(ev->before[1], HISTORY_NOTE_MAX, "-- history: %u "
			    "message%s since %s --", (unsigned)h->count, s, when);
	}
	if (h->left == 0)
		snprintf(ev->after, HISTORY_NOTE_MAX, "-- end of history --");
	return HISTORY_SHOW;
}

enum history_take
history_take(struct history *h, const struct msg *m, time_t now,
    struct history_event *ev)
{
	memset(ev, 0, sizeof *ev);
	switch (m->type) {
	case MSG_STAMP:
		/* The message it numbers is on its way; one stamp after
		 * another (its message came as a datagram) means it came. */
		if (h->stamp)
			h->last = h->stamp;
		h->stamp = m->num;
		return HISTORY_DONE;
	case MSG_CHAT:
	case MSG_ACTION:
	case MSG_RENAME:
		if (h->stamp)
			h->last = h->stamp;
		h->stamp = 0;
		return HISTORY_PASS;
	case MSG_BACKLOG:
		h->epoch = m->seq;
		h->count = h->left = m->num & ~MSG_BACKLOG_GAP;
		h->gap = (m->num & MSG_BACKLOG_GAP) != 0;
		if (h->count == 0 && h->gap) {
			snprintf(ev->before[0], HISTORY_NOTE_MAX, "%s", lost);
			return HISTORY_SHOW;
		}
		return HISTORY_DONE;
	case MSG_HISTORY:
		return item(h, m, now, ev);
	}
	return HISTORY_PASS;
}
