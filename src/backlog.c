/* backlog: a ring of the room's last messages, encoded once. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backlog.h"
#include "fmt.h"
#include "frame.h"

static uint32_t (*clock_fn)(void);

void
backlog_set_clock(uint32_t (*fn)(void))
{
	clock_fn = fn;
}

uint32_t
backlog_now(void)
{
	return clock_fn ? clock_fn() : (uint32_t)time(NULL);
}

int
backlog_init(struct backlog *b, uint32_t max, uint32_t age, uint32_t first)
{
	memset(b, 0, sizeof *b);
	arena_init(&b->framed);
	arena_init(&b->line);
	b->next = first ? first : 1;
	return backlog_set(b, max, age);
}

static void
drop_oldest(struct backlog *b)
{
	struct backlog_item *it = &b->item[b->head];
	b->bytes -= it->framed.len;
	if (it->framed.c)
		chunk_unref(it->framed.c);
	if (it->line.c)
		chunk_unref(it->line.c);
	if (it->dline.c)
		chunk_unref(it->dline.c);
	memset(it, 0, sizeof *it);
	b->head = (b->head + 1) % b->max;
	b->n--;
}

void
backlog_free(struct backlog *b)
{
	while (b->n > 0)
		drop_oldest(b);
	free(b->item);
	b->item = NULL;
	arena_free(&b->framed);
	arena_free(&b->line);
}

int
backlog_set(struct backlog *b, uint32_t max, uint32_t age)
{
	if (max > LIMIT_BACKLOG_MAX)
		max = LIMIT_BACKLOG_MAX;
	/* Keep the newest that fit, in a ring of the new size. */
	while (b->n > max)
		drop_oldest(b);
	struct backlog_item *it = NULL;
	if (max > 0 && (it = calloc(max, sizeof *it)) == NULL)
		return -1;
	for (uint32_t i = 0; i < b->n; i++)
		it[i] = b->item[(b->head + i) % b->max];
	free(b->item);
	b->item = it;
	b->head = 0;
	b->max = max;
	b->age = age;
	return 0;
}

uint32_t
backlog_next(struct backlog *b)
{
	return b->next++;
}

/* Copies bytes into an arena and holds a reference to them. */
static struct span
keep(struct arena *a, const void *p, size_t n)
{
	struct span sp = arena_add(a, p, n);
	if (sp.c)
		chunk_ref(sp.c);
	return sp;
}

size_t
backlog_line(const struct msg *m, uint32_t t, int with_date, char *buf,
    size_t size)
{
	static char text[FMT_MAX];
	time_t tt = (time_t)t;
	struct tm tm;
	char when[32];
	localtime_r(&tt, &tm);
	strftime(when, sizeof when, with_date ? "[%Y-%m-%d %H:%M] " :
	    "[%H:%M] ", &tm);
	size_t n = fmt_line(m, NULL, text, sizeof text);
	int r = snprintf(buf, size, "%s%.*s\n", when, (int)n, text);
	return r < 0 ? 0 : (size_t)r < size ? (size_t)r : size - 1;
}

void
backlog_add(struct backlog *b, const struct msg *m, uint32_t id, uint32_t now)
{
	static uint8_t inner[FRAME_HDR + FRAME_MAX], outer[FRAME_HDR +
	    FRAME_MAX + 16];
	if (b->max == 0)
		return;
	int n = msg_encode(m, inner, sizeof inner);
	if (n <= FRAME_HDR)
		return;
	struct msg h = { .type = MSG_HISTORY, .num = id, .seq = now };
	h.s[0] = (struct msg_str){ (const char *)inner + FRAME_HDR,
	    (uint16_t)(n - FRAME_HDR) };
	int hn = msg_encode(&h, outer, sizeof outer);
	if (hn < 0)
		return;
	if (b->n == b->max)
		drop_oldest(b);
	struct backlog_item *it = &b->item[(b->head + b->n) % b->max];
	it->id = id;
	it->time = now;
	it->framed = keep(&b->framed, outer, (size_t)hn);
	b->bytes += it->framed.len;
	b->n++;
}

/* An item's text lines, from its own frame. */
static void
make_lines(struct backlog *b, struct backlog_item *it)
{
	static char line[FMT_MAX + 64];
	struct msg h, m;
	if (it->dline.c || it->framed.c == NULL)
		return;
	const uint8_t *p = it->framed.c->data + it->framed.off;
	if (msg_decode(p + FRAME_HDR, it->framed.len - FRAME_HDR, &h) !=
	    MSG_OK || msg_decode((const uint8_t *)h.s[0].p, h.s[0].len, &m) !=
	    MSG_OK)
		return;
	it->line = keep(&b->line, line, backlog_line(&m, it->time, 0, line,
	    sizeof line));
	it->dline = keep(&b->line, line, backlog_line(&m, it->time, 1, line,
	    sizeof line));
}

void
backlog_lines(struct backlog *b)
{
	for (uint32_t i = 0; i < b->n; i++)
		make_lines(b, &b->item[(b->head + i) % b->max]);
}

int
backlog_load(struct backlog *b, const struct msg *h)
{
	struct msg m;
	if (h->type != MSG_HISTORY || h->num < b->next || h->num == UINT32_MAX ||
	    msg_decode((const uint8_t *)h->s[0].p, h->s[0].len, &m) != MSG_OK ||
	    (m.type != MSG_CHAT && m.type != MSG_ACTION &&
	    m.type != MSG_RENAME))
		return -1;
	backlog_add(b, &m, h->num, h->seq);
	b->next = h->num + 1;
	return 0;
}

void
backlog_expire(struct backlog *b, uint32_t now)
{
	while (b->n > 0 && b->age > 0 && now - b->item[b->head].time > b->age)
		drop_oldest(b);
}

uint32_t
backlog_after(const struct backlog *b, uint32_t since, uint32_t *first,
    int *gap)
{
	uint32_t i = 0;
	*gap = 0;
	if (since > 0) {
		while (i < b->n && backlog_get(b, i)->id <= since)
			i++;
		/* Was anything after since let go (or never kept)? */
		uint32_t oldest = b->n ? backlog_get(b, 0)->id : b->next;
		*gap = since + 1 < oldest && since + 1 < b->next;
	}
	*first = i;
	return b->n - i;
}

const struct backlog_item *
backlog_get(const struct backlog *b, uint32_t i)
{
	return i < b->n ? &b->item[(b->head + i) % b->max] : NULL;
}

/* The first of the n items after first whose spans (framed or line) fit
 * in BACKLOG_SEND_MAX bytes: the newest win. */
static uint32_t
fitting(const struct backlog *b, uint32_t first, uint32_t n, int line)
{
	size_t bytes = 0;
	uint32_t i = first + n;
	while (i > first) {
		const struct backlog_item *it = backlog_get(b, i - 1);
		bytes += line ? it->dline.len : it->framed.len;
		if (bytes > BACKLOG_SEND_MAX)
			break;
		i--;
	}
	return i;
}

void
backlog_send(struct backlog *b, struct fanout *f, struct member *m,
    uint32_t since, uint32_t epoch, uint32_t room_epoch, uint32_t now)
{
	uint32_t first;
	int gap, other = epoch != room_epoch && since > 0;
	backlog_expire(b, now);
	/* Ids from another life of the room (a restart without a history
	 * file) say nothing here: all that is kept, and a gap. */
	uint32_t n = backlog_after(b, other ? 0 : since, &first, &gap);
	uint32_t from = fitting(b, first, n, 0);
	gap |= other || (since > 0 && from > first);
	n -= from - first;
	struct msg h = { .type = MSG_BACKLOG, .num = n | (gap ? MSG_BACKLOG_GAP :
	    0), .seq = room_epoch };
	fanout_send(f, m, &h);
	for (uint32_t i = 0; i < n; i++)
		fanout_send_span(f, m, &backlog_get(b, from + i)->framed);
}

void
backlog_send_lines(struct backlog *b, struct fanout *f, struct member *m,
    uint32_t now)
{
	char buf[96], when[32];
	backlog_expire(b, now);
	if (b->n == 0)
		return;
	backlog_lines(b);
	uint32_t from = fitting(b, 0, b->n, 1);
	long today = fmt_day(now);
	const struct backlog_item *it = backlog_get(b, from);
	time_t t0 = it->time;
	struct tm tm;
	localtime_r(&t0, &tm);
	strftime(when, sizeof when, fmt_day(t0) == today ? "%H:%M" :
	    "%Y-%m-%d %H:%M", &tm);
	int len = snprintf(buf, sizeof buf, "-- history: %u message%s since "
	    "%s --\n", b->n - from, b->n - from == 1 ? "" : "s", when);
	fanout_send_raw(f, m, buf, (size_t)len);
	for (uint32_t i = from; i < b->n; i++) {
		it = backlog_get(b, i);
		fanout_send_span(f, m, fmt_day(it->time) == today ? &it->line :
		    &it->dline);
	}
	static const char end[] = "-- end of history --\n";
	fanout_send_raw(f, m, end, sizeof end - 1);
}
