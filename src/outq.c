/* outq: reference-counted chunks and the spans that point into them. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "outq.h"

#define SPARE_MAX 32
#define IOV_BATCH 64

struct chunk {
	uint32_t refs; /* spans in queues, plus one while it is the arena's cur */
	uint32_t len;
	struct arena *a;
	struct chunk *next; /* on the spare list */
	uint8_t data[CHUNK_SIZE];
};

static void
chunk_unref(struct chunk *c)
{
	if (--c->refs > 0)
		return;
	struct arena *a = c->a;
	if (a && a->nspare < SPARE_MAX) {
		c->next = a->spare;
		a->spare = c;
		a->nspare++;
	} else {
		free(c);
	}
}

void
arena_init(struct arena *a)
{
	memset(a, 0, sizeof *a);
}

/* Chunks still queued somewhere outlive the arena: they are orphaned and
 * freed by their last span. */
void
arena_free(struct arena *a)
{
	if (a->cur) {
		a->cur->a = NULL;
		chunk_unref(a->cur);
	}
	while (a->spare) {
		struct chunk *c = a->spare;
		a->spare = c->next;
		free(c);
	}
	arena_init(a);
}

uint8_t *
arena_reserve(struct arena *a, size_t len, struct span *sp)
{
	struct chunk *c = a->cur;

	sp->c = NULL;
	if (len > CHUNK_SIZE)
		return NULL;
	if (c == NULL || CHUNK_SIZE - c->len < len) {
		if (a->spare) {
			c = a->spare;
			a->spare = c->next;
			a->nspare--;
		} else if ((c = malloc(sizeof *c)) == NULL) {
			return NULL;
		}
		c->len = 0;
		c->refs = 1;
		c->a = a;
		if (a->cur)
			chunk_unref(a->cur);
		a->cur = c;
	}
	sp->c = c;
	sp->off = c->len;
	sp->len = len;
	c->len += len;
	return c->data + sp->off;
}

struct span
arena_add(struct arena *a, const void *data, size_t len)
{
	struct span sp;
	uint8_t *p = arena_reserve(a, len, &sp);
	if (p)
		memcpy(p, data, len);
	return sp;
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
		chunk_unref(q->s[(q->head + i) & (q->cap - 1)].c);
	free(q->s);
	outq_init(q);
}

/* The ring's capacity is a power of two, so positions wrap with a mask:
 * outq_put runs once per delivery and a division there shows. */
static int
grow(struct outq *q)
{
	uint32_t cap = q->cap ? q->cap * 2 : 4;
	struct span *s = malloc(cap * sizeof *s);
	if (s == NULL)
		return -1;
	for (uint32_t i = 0; i < q->n; i++)
		s[i] = q->s[(q->head + i) & (q->cap - 1)];
	free(q->s);
	q->s = s;
	q->cap = cap;
	q->head = 0;
	return 0;
}

int
outq_put(struct outq *q, const struct span *sp)
{
	if (q->n > 0) {
		struct span *last = &q->s[(q->head + q->n - 1) & (q->cap - 1)];
		if (last->c == sp->c && last->off + last->len == sp->off) {
			last->len += sp->len;
			q->bytes += sp->len;
			return 0;
		}
	}
	if (q->n == q->cap && grow(q) < 0)
		return -1;
	q->s[(q->head + q->n) & (q->cap - 1)] = *sp;
	q->n++;
	q->bytes += sp->len;
	sp->c->refs++;
	return 0;
}

/* Drops n sent bytes from the front of the queue; the last span stays,
 * emptied, to mark where the next bytes go. */
static void
consume(struct outq *q, size_t n)
{
	q->bytes -= n;
	while (q->n > 0) {
		struct span *s = &q->s[q->head];
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

const struct chunk *
arena_cur(const struct arena *a)
{
	return a->cur;
}

int
outq_tail_open(const struct outq *q, const struct chunk *c)
{
	if (q->n == 0 || c == NULL)
		return 0;
	const struct span *t = &q->s[(q->head + q->n - 1) & (q->cap - 1)];
	return t->c == c && t->off + t->len == c->len;
}

size_t
outq_settle(struct outq *q)
{
	if (q->n == 0)
		return 0;
	struct span *t = &q->s[(q->head + q->n - 1) & (q->cap - 1)];
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
			struct span *s = &q->s[(q->head + i) & (q->cap - 1)];
			iov[cnt].iov_base = s->c->data + s->off;
			iov[cnt].iov_len = s->len;
			cnt++;
		}
		/* send and sendmsg skip the file layer writev passes through
		 * (vfs_writev and fdget_pos were 7% of a fixed-rate perf
		 * profile, though A/B runs showed no CPU difference beyond
		 * noise), and MSG_NOSIGNAL keeps a reset peer from raising
		 * SIGPIPE in whatever program hosts the server. One span, the
		 * usual case for a follower, needs no iovec. */
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
	if (q->cap > 64) {
		/* A burst grew the ring; give the memory back when idle,
		 * keeping the (empty) last span. */
		struct span *s = malloc(4 * sizeof *s);
		if (s) {
			if (q->n)
				s[0] = q->s[q->head];
			free(q->s);
			q->s = s;
			q->cap = 4;
			q->head = 0;
		}
	}
	return 1;
}

size_t
outq_peek(const struct outq *q, void *buf, size_t cap)
{
	size_t n = 0;
	for (uint32_t i = 0; i < q->n && n < cap; i++) {
		const struct span *s = &q->s[(q->head + i) & (q->cap - 1)];
		size_t take = s->len < cap - n ? s->len : cap - n;
		memcpy((uint8_t *)buf + n, s->c->data + s->off, take);
		n += take;
	}
	return n;
}
