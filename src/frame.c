/* frame: incremental decoding of length-prefixed frames. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "text.h"

void
frame_put_len(uint8_t *p, uint32_t len)
{
	p[0] = len >> 24;
	p[1] = len >> 16;
	p[2] = len >> 8;
	p[3] = len;
}

uint32_t
frame_get_len(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

size_t
frame_greeting(char *buf, size_t size, int version, const char *info)
{
	int n;

	if (size > FRAME_GREET_MAX)
		size = FRAME_GREET_MAX;
	n = snprintf(buf, size, FRAME_GREET_TAG "%d room (%s)\n", version, info);
	if (n < 0 || size < 2)
		return 0;
	if ((size_t)n >= size) {
		/* A long info string is cut; the line still ends in LF. */
		n = (int)size - 1;
		buf[n - 1] = '\n';
	}
	return (size_t)n;
}

int
frame_greeting_version(const char *line, size_t len)
{
	size_t tag = sizeof FRAME_GREET_TAG - 1, i;
	int v = 0;

	if (len < tag + 1 || len >= FRAME_GREET_MAX ||
	    memcmp(line, FRAME_GREET_TAG, tag) != 0)
		return -1;
	for (i = tag; i < len && i < tag + 3; i++) {
		if (line[i] < '0' || line[i] > '9')
			break;
		v = v * 10 + (line[i] - '0');
	}
	if (i == tag || (i < len && line[i] != ' ' && line[i] != '\r'))
		return -1;
	return v;
}

void
frame_dec_init(struct frame_dec *d)
{
	memset(d, 0, sizeof *d);
}

void
frame_dec_free(struct frame_dec *d)
{
	free(d->buf);
	frame_dec_init(d);
}

void
frame_dec_limit(struct frame_dec *d, uint32_t max)
{
	d->max = max < FRAME_MAX ? max : FRAME_MAX;
}

/* The largest body d takes. */
static uint32_t
dec_max(const struct frame_dec *d)
{
	return d->max ? d->max : FRAME_MAX;
}

int
frame_dec_partial(const struct frame_dec *d)
{
	return d->hlen > 0 && !(d->hlen == FRAME_HDR && d->have == d->need);
}

int
frame_dec_next(struct frame_dec *d, const uint8_t **in, size_t *inlen,
    struct frame *out)
{
	const uint8_t *p = *in;
	size_t n = *inlen;

	if (d->toobig)
		return FRAME_TOOBIG;
	/* The previous frame may have been returned from buf. */
	if (d->hlen == FRAME_HDR && d->have == d->need) {
		free(d->buf);
		d->buf = NULL;
		d->hlen = 0;
		d->have = d->need = 0;
	}
	while (d->hlen < FRAME_HDR) {
		if (n == 0) {
			*in = p;
			*inlen = 0;
			return FRAME_MORE;
		}
		/* Fast path: a whole frame sits in the input; no copy. */
		if (d->hlen == 0 && n >= FRAME_HDR) {
			uint32_t len = frame_get_len(p);
			if (len > dec_max(d)) {
				d->toobig = len;
				*in = p + FRAME_HDR;
				*inlen = n - FRAME_HDR;
				return FRAME_TOOBIG;
			}
			if (n - FRAME_HDR >= len) {
				out->body = p + FRAME_HDR;
				out->len = len;
				*in = p + FRAME_HDR + len;
				*inlen = n - FRAME_HDR - len;
				return FRAME_OK;
			}
		}
		d->hdr[d->hlen++] = *p++;
		n--;
		if (d->hlen == FRAME_HDR) {
			d->need = frame_get_len(d->hdr);
			d->have = 0;
			if (d->need > dec_max(d)) {
				d->toobig = d->need;
				*in = p;
				*inlen = n;
				return FRAME_TOOBIG;
			}
		}
	}
	if (d->need > 0 && d->buf == NULL) {
		d->buf = malloc(d->need);
		if (d->buf == NULL) {
			*in = p;
			*inlen = n;
			return FRAME_NOMEM;
		}
	}
	size_t take = d->need - d->have;
	if (take > n)
		take = n;
	if (take) {
		memcpy(d->buf + d->have, p, take);
		d->have += take;
	}
	*in = p + take;
	*inlen = n - take;
	if (d->have < d->need)
		return FRAME_MORE;
	out->body = d->buf;
	out->len = d->need;
	return FRAME_OK;
}

size_t
frame_refusal(char *buf, size_t size, int version, const char *why)
{
	int n = snprintf(buf, size, FRAME_GREET_TAG "%d " FRAME_REFUSED "%s\n",
	    version, why);
	if (n < 0 || size == 0)
		return 0;
	if ((size_t)n >= size) {
		n = (int)size - 1;
		buf[n - 1] = '\n';
	}
	return (size_t)n;
}

/* Is the greeting line a refusal? Then why gets its reason. */
static int
refused(const char *line, size_t len, char *why, size_t whylen)
{
	const char *sp = memchr(line, ' ', len), *r;
	size_t k = sizeof FRAME_REFUSED - 1;
	/* "-!- lanchat/1 refused: ..." : the tag's own space comes first */
	if (sp == NULL || (sp = memchr(sp + 1, ' ', len - (size_t)(sp + 1 -
	    line))) == NULL)
		return 0;
	r = sp + 1;
	if ((size_t)(line + len - r) < k || memcmp(r, FRAME_REFUSED, k) != 0)
		return 0;
	r += k;
	size_t n = (size_t)(line + len - r);
	if (n > 0 && r[n - 1] == '\r')
		n--;
	text_sanitize(r, n, why, whylen);
	return 1;
}

int
frame_greeting_check(const char *buf, size_t len, int want, char *why,
    size_t whylen)
{
	const char *lf = memchr(buf, '\n', len < FRAME_GREET_MAX ? len :
	    FRAME_GREET_MAX);
	char shown[48 * 3 + 1];
	size_t k;
	int v = -1;

	if (lf == NULL && len < FRAME_GREET_MAX)
		return 0;
	if (lf)
		v = frame_greeting_version(buf, (size_t)(lf - buf));
	if (v == want && refused(buf, (size_t)(lf - buf), why, whylen))
		return -2;
	if (v == want)
		return (int)(lf - buf) + 1;
	if (v >= 0) {
		snprintf(why, whylen, "speaks lanchat protocol version %d; this "
		    "lanchat speaks version %d", v, want);
		return -1;
	}
	/* Show its first line, in case it says what it is ("SSH-2.0-"). */
	for (k = 0; k < len && k < 48 && buf[k] != '\n' && buf[k] != '\r'; k++)
		;
	text_sanitize(buf, k, shown, sizeof shown);
	snprintf(why, whylen, "is not a lanchat room (it began \"%s\")", shown);
	return -1;
}
