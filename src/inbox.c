/* inbox: the greeting, then frames into messages. */
#include "config.h"

#include "inbox.h"

void
inbox_init(struct inbox *b)
{
	b->greeted = 0;
	frame_dec_init(&b->dec);
}

void
inbox_reset(struct inbox *b)
{
	frame_dec_free(&b->dec);
	inbox_init(b);
}

/* 1 once the greeting is read, 0 while it is incomplete, or a result
 * that ends the connection. */
static int
greeting(struct inbox *b, struct evbuffer *in, char *why, size_t whylen)
{
	size_t len = evbuffer_get_length(in);
	if (len == 0)
		return 0;
	if (len > FRAME_GREET_MAX)
		len = FRAME_GREET_MAX;
	const char *p = (const char *)evbuffer_pullup(in, (ev_ssize_t)len);
	int n = frame_greeting_check(p, len, MSG_VERSION, why, whylen);
	if (n > 0) {
		evbuffer_drain(in, (size_t)n);
		b->greeted = 1;
		return 1;
	}
	return n == 0 ? 0 : n == -2 ? -INBOX_BUSY : -INBOX_FOREIGN;
}

enum inbox_result
inbox_take(struct inbox *b, struct evbuffer *in,
    int (*fn)(void *arg, const struct msg *m), void *arg, char *why,
    size_t whylen)
{
	struct evbuffer_iovec v[8];

	if (!b->greeted) {
		int g = greeting(b, in, why, whylen);
		if (g <= 0)
			return g == 0 ? INBOX_OK : (enum inbox_result)-g;
	}
	while (evbuffer_get_length(in) > 0) {
		int nv = evbuffer_peek(in, -1, NULL, v, 8);
		size_t total = 0;
		for (int i = 0; i < nv && i < 8; i++) {
			const uint8_t *p = v[i].iov_base;
			size_t n = v[i].iov_len;
			struct frame f;
			struct msg m;
			int rc;
			total += n;
			while ((rc = frame_dec_next(&b->dec, &p, &n, &f)) ==
			    FRAME_OK) {
				if (msg_decode(f.body, f.len, &m) != MSG_OK)
					continue;
				if (fn(arg, &m) < 0)
					return INBOX_STOPPED;
			}
			if (rc < 0)
				return INBOX_TOOBIG;
		}
		evbuffer_drain(in, total);
	}
	return INBOX_OK;
}
