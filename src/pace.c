/* pace: a client's copy of the server's token buckets, and the queue of
 * frames they hold back. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "frame.h"
#include "pace.h"

static const struct rate_limit lines_default = { PACE_LINES, PACE_LINES_BURST };
static const struct rate_limit bytes_default = { PACE_BYTES, PACE_BYTES_BURST };

int
pace_init(struct pace *p)
{
	memset(p, 0, sizeof *p);
	p->lines = lines_default;
	p->bytes = bytes_default;
	p->q = evbuffer_new();
	return p->q ? 0 : -1;
}

void
pace_free(struct pace *p)
{
	if (p->q)
		evbuffer_free(p->q);
	p->q = NULL;
}

/* Our copy runs a little slower than the server's, so a clock that is a
 * little fast never makes us the flooder. */
static struct rate_limit
ours(const struct rate_limit *l)
{
	struct rate_limit r = *l;
	if (r.rate > 0) {
		r.rate = (uint32_t)((uint64_t)r.rate * PACE_MARGIN / 100);
		if (r.rate == 0)
			r.rate = 1;
	}
	return r;
}

void
pace_restart(struct pace *p, uint64_t now)
{
	p->lines = lines_default;
	p->bytes = bytes_default;
	struct rate_limit l = ours(&p->lines), b = ours(&p->bytes);
	rate_init(&p->l, &l, now);
	rate_init(&p->b, &b, now);
}

/* Moves a bucket of our copy from the rates it had to new ones, with
 * what was used of the old burst used of the new one too. */
static void
carry(struct rate *b, const struct rate_limit *was, const struct rate_limit *to,
    uint64_t now)
{
	struct rate_limit w = ours(was), t = ours(to);
	uint64_t full = (uint64_t)w.burst * 1000, used = 0;
	if (w.rate > 0) {
		rate_avail(b, &w, now); /* brings it up to now */
		used = full > b->milli ? full - b->milli : 0;
	}
	rate_init(b, &t, now);
	b->milli = b->milli > used ? b->milli - used : 0;
}

int
pace_set(struct pace *p, const char *text, size_t len, uint64_t now)
{
	char buf[256], *save = NULL;
	struct rate_limit lines = p->lines, bytes = p->bytes;
	if (len >= sizeof buf)
		return -1;
	memcpy(buf, text, len);
	buf[len] = '\0';
	for (char *w = strtok_r(buf, " ", &save); w;
	    w = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(w, '=');
		struct rate_limit *to = NULL;
		if (eq == NULL)
			continue;
		*eq = '\0';
		if (strcmp(w, "lines") == 0)
			to = &lines;
		else if (strcmp(w, "bytes") == 0)
			to = &bytes;
		if (to && rate_parse(eq + 1, to) < 0)
			return -1;
	}
	/* What was taken so far stays taken: the new buckets start as full
	 * as the server's, which charged the same frames against them. */
	carry(&p->l, &p->lines, &lines, now);
	carry(&p->b, &p->bytes, &bytes, now);
	p->lines = lines;
	p->bytes = bytes;
	return 0;
}

int
pace_format(const struct rate_limit *lines, const struct rate_limit *bytes,
    char *buf, size_t size)
{
	return snprintf(buf, size, "lines=%u:%u bytes=%u:%u", lines->rate,
	    lines->burst, bytes->rate, bytes->burst);
}

int
pace_push(struct pace *p, const void *frame, size_t n, size_t max)
{
	if (evbuffer_get_length(p->q) + n > max ||
	    evbuffer_add(p->q, frame, n) < 0)
		return -1;
	p->frames++;
	return 0;
}

void
pace_charge(struct pace *p, uint64_t now, uint32_t frames, size_t n)
{
	struct rate_limit l = ours(&p->lines), b = ours(&p->bytes);
	rate_take(&p->l, &l, now, frames);
	rate_take(&p->b, &b, now, (uint32_t)n);
}

int
pace_take(struct pace *p, uint64_t now, size_t n)
{
	struct rate_limit l = ours(&p->lines), b = ours(&p->bytes);
	uint32_t cost = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
	if (p->frames > 0 || rate_wait(&p->l, &l, now, 1) ||
	    rate_wait(&p->b, &b, now, cost))
		return 0;
	rate_take(&p->l, &l, now, 1);
	rate_take(&p->b, &b, now, cost);
	return 1;
}

/* The length of the first queued frame, header included; 0 if none. */
static size_t
head(const struct pace *p)
{
	uint8_t h[FRAME_HDR];
	if (evbuffer_copyout(p->q, h, sizeof h) != (ev_ssize_t)sizeof h)
		return 0;
	return FRAME_HDR + frame_get_len(h);
}

uint64_t
pace_pull(struct pace *p, uint64_t now, struct evbuffer *out)
{
	struct rate_limit l = ours(&p->lines), b = ours(&p->bytes);
	size_t n;
	while ((n = head(p)) > 0) {
		uint32_t cost = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
		uint64_t wl = rate_wait(&p->l, &l, now, 1);
		uint64_t wb = rate_wait(&p->b, &b, now, cost);
		if (wl || wb)
			return wl > wb ? wl : wb;
		rate_take(&p->l, &l, now, 1);
		rate_take(&p->b, &b, now, cost);
		evbuffer_remove_buffer(p->q, out, n);
		p->frames--;
	}
	return 0;
}

void
pace_keep(struct pace *p, const uint8_t *types, size_t ntypes)
{
	struct evbuffer *kept = evbuffer_new();
	size_t n, frames = 0;
	if (kept == NULL)
		return;
	while ((n = head(p)) > 0) {
		uint8_t f[FRAME_HDR + 2];
		int keep = 0;
		if (n >= sizeof f &&
		    evbuffer_copyout(p->q, f, sizeof f) == (ev_ssize_t)sizeof f)
			for (size_t i = 0; i < ntypes; i++)
				keep |= f[FRAME_HDR + 1] == types[i];
		if (keep) {
			evbuffer_remove_buffer(p->q, kept, n);
			frames++;
		} else {
			evbuffer_drain(p->q, n);
		}
	}
	evbuffer_free(p->q);
	p->q = kept;
	p->frames = frames;
}

size_t
pace_frames(const struct pace *p)
{
	return p->frames;
}

size_t
pace_bytes(const struct pace *p)
{
	return evbuffer_get_length(p->q);
}
