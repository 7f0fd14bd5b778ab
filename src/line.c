/* line: incremental line splitting with a hard length limit. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "line.h"

void
line_dec_init(struct line_dec *d)
{
	memset(d, 0, sizeof *d);
}

void
line_dec_free(struct line_dec *d)
{
	free(d->buf);
	line_dec_init(d);
}

static size_t
strip_cr(const char *p, size_t n)
{
	return n > 0 && p[n - 1] == '\r' ? n - 1 : n;
}

static int
append(struct line_dec *d, const char *p, size_t n)
{
	if (d->len + n > d->cap) {
		uint32_t cap = d->cap ? d->cap : 256;
		while (cap < d->len + n)
			cap *= 2;
		char *b = realloc(d->buf, cap);
		if (b == NULL)
			return -1;
		d->buf = b;
		d->cap = cap;
	}
	memcpy(d->buf + d->len, p, n);
	d->len += n;
	return 0;
}

static void
drop(struct line_dec *d)
{
	free(d->buf);
	d->buf = NULL;
	d->len = d->cap = 0;
}

int
line_dec_next(struct line_dec *d, const char **in, size_t *inlen,
    struct line *out)
{
	/* The previous line may have been returned from buf. */
	if (d->len == UINT32_MAX)
		drop(d);
	while (*inlen > 0) {
		const char *p = *in;
		size_t n = *inlen;
		const char *nl = memchr(p, '\n', n);
		size_t seg = nl ? (size_t)(nl - p) : n;
		size_t used = nl ? seg + 1 : seg;
		*in = p + used;
		*inlen = n - used;
		if (d->skipping) {
			if (nl)
				d->skipping = 0;
			continue;
		}
		if (nl == NULL) {
			/* One byte of slack: it may be the CR of a CRLF. */
			if ((size_t)d->len + seg > LINE_MAX + 1) {
				drop(d);
				d->skipping = 1;
				return LINE_TOOLONG;
			}
			if (append(d, p, seg) < 0)
				return LINE_NOMEM;
			return LINE_MORE;
		}
		if (d->len == 0) {
			out->p = p;
			out->len = strip_cr(p, seg);
		} else {
			if ((size_t)d->len + seg > LINE_MAX + 1) {
				drop(d);
				return LINE_TOOLONG;
			}
			if (append(d, p, seg) < 0)
				return LINE_NOMEM;
			out->p = d->buf;
			out->len = strip_cr(d->buf, d->len);
			d->len = UINT32_MAX; /* freed on the next call */
		}
		if (out->len > LINE_MAX) {
			drop(d);
			return LINE_TOOLONG;
		}
		return LINE_OK;
	}
	return LINE_MORE;
}

int
line_dec_finish(struct line_dec *d, struct line *out)
{
	if (d->skipping || d->len == 0 || d->len == UINT32_MAX)
		return LINE_MORE;
	out->p = d->buf;
	out->len = strip_cr(d->buf, d->len);
	d->len = UINT32_MAX;
	/* The byte of slack kept for a CR may hold one too many. */
	return out->len > LINE_MAX ? LINE_TOOLONG : LINE_OK;
}

int
line_dec_partial(const struct line_dec *d)
{
	return d->skipping || (d->len > 0 && d->len != UINT32_MAX);
}
