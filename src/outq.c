/* outq: a ring of spans per connection, flushed with one send. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "outq.h"

#define IOV_BATCH 64

/* The i-th span from the front. The ring's capacity is a power of two, so
 * positions wrap with a mask: outq_put runs once per delivery and a
 * division there shows. */
static struct span *
at(const struct outq *q, uint32_t i)
{
	return &q->s[(q->head + i) & (q->cap - 1)];
}

static struct span *
last(const struct outq *q)
{
	return q->n ? at(q, q->n - 1) : NULL;
}

void
outq_init(struct outq *q)
{
	memset(q, 0, sizeof *q);
}

void
outq_free(struct outq *q)
{
	for (uint32_t i = 0; i < q->n; i++)
		chunk_unref(at(q, i)->c);
	free(q->s);
	outq_init(q);
}

/* Gives the ring newcap slots, keeping its first keep spans. */
static int
resize(struct outq *q, uint32_t newcap, uint32_t keep)
{
	struct span *s = malloc(newcap * sizeof *s);
	if (s == NULL)
		return -1;
	for (uint32_t i = 0; i < keep; i++)
		s[i] = *at(q, i);
	free(q->s);
	q->s = s;
	q->cap = newcap;
	q->head = 0;
	return 0;
}

int
outq_put(struct outq *q, const struct span *sp)
{
	struct span *t = last(q);
	if (t && t->c == sp->c && t->off + t->len == sp->off) {
		t->len += sp->len;
		q->bytes += sp->len;
		return 0;
	}
	if (q->n == q->cap && resize(q, q->cap ? q->cap * 2 : 4, q->n) < 0)
		return -1;
	*at(q, q->n) = *sp;
	q->n++;
	q->bytes += sp->len;
	chunk_ref(sp->c);
	return 0;
}

/* Drops n sent bytes from the front of the queue; the last span stays,
 * emptied, to mark where the next bytes go. */
static void
consume(struct outq *q, size_t n)
{
	q->bytes -= n;
	while (q->n > 0) {
		struct span *s = at(q, 0);
		if (n < s->len || (q->n == 1 && n == s->len)) {
			s->off += n;
			s->len -= n;
			return;
		}
		n -= s->len;
		chunk_unref(s->c);
		q->head = (q->head + 1) & (q->cap - 1);
		q->n--;
	}
}

int
outq_tail_open(const struct outq *q, const struct chunk *c)
{
	const struct span *t = last(q);
	return t && c && t->c == c && t->off + t->len == c->len;
}

size_t
outq_settle(struct outq *q)
{
	struct span *t = last(q);
	if (t == NULL)
		return 0;
	size_t add = t->c->len - (t->off + t->len);
	t->len += add;
	q->bytes += add;
	return add;
}

int
outq_flush(struct outq *q, int fd)
{
	struct iovec iov[IOV_BATCH];

	while (q->bytes > 0) {
		int cnt = 0;
		for (uint32_t i = 0; i < q->n && cnt < IOV_BATCH; i++) {
			struct span *s = at(q, i);
			iov[cnt].iov_base = s->c->data + s->off;
			iov[cnt].iov_len = s->len;
			cnt++;
		}
		/* MSG_NOSIGNAL: a reset peer must not raise SIGPIPE in
		 * whatever program hosts the server (lanchat --host). */
		struct msghdr mh = { .msg_iov = iov, .msg_iovlen = cnt };
		ssize_t w = cnt == 1 ?
		    send(fd, iov[0].iov_base, iov[0].iov_len, MSG_NOSIGNAL) :
		    sendmsg(fd, &mh, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -1;
		}
		consume(q, (size_t)w);
	}
	/* A burst grew the ring; give the memory back when idle, keeping
	 * the (empty) last span. */
	if (q->cap > 64)
		(void)resize(q, 4, q->n ? 1 : 0);
	return 1;
}
