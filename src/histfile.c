/* histfile: the backlog on disk: appended, scanned, cut, rotated. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frame.h"
#include "histfile.h"

#define PENDING_MAX 65536 /* records held for the turn's one write */

struct histfile {
	int fd;
	char *path;
	uint32_t epoch;
	size_t size, max; /* size: written; pending comes on top */
	unsigned rotations;
	size_t npend;
	uint8_t pend[PENDING_MAX];
};

long
histfile_scan(const uint8_t *p, size_t n, uint32_t *epoch, histfile_fn *fn,
    void *arg)
{
	size_t tag = strlen(HISTFILE_TAG), off = 0;
	const uint8_t *nl = memchr(p, '\n', n < HISTFILE_HEADER_MAX ? n :
	    HISTFILE_HEADER_MAX);
	if (nl == NULL || (size_t)(nl - p) <= tag || memcmp(p, HISTFILE_TAG,
	    tag) != 0)
		return -1;
	unsigned long e = 0;
	for (const uint8_t *q = p + tag; q < nl; q++) {
		if (*q < '0' || *q > '9' || e > UINT32_MAX / 10)
			return -1;
		e = e * 10 + (unsigned long)(*q - '0');
	}
	if (e > UINT32_MAX)
		return -1;
	*epoch = (uint32_t)e;
	off = (size_t)(nl - p) + 1;
	while (n - off >= FRAME_HDR) {
		uint32_t len = frame_get_len(p + off);
		struct msg h;
		if (len > FRAME_MAX || n - off - FRAME_HDR < len ||
		    msg_decode(p + off + FRAME_HDR, len, &h) != MSG_OK ||
		    h.type != MSG_HISTORY)
			break;
		fn(arg, &h);
		off += FRAME_HDR + len;
	}
	return (long)off;
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static size_t
header(char *buf, size_t size, uint32_t epoch)
{
	int n = snprintf(buf, size, "%s%u\n", HISTFILE_TAG, (unsigned)epoch);
	return n < 0 ? 0 : (size_t)n;
}

/* The whole file, or NULL (errno set); *n its length. */
static uint8_t *
slurp(int fd, size_t max, size_t *n)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return NULL;
	if ((size_t)st.st_size > max) {
		errno = EFBIG;
		return NULL;
	}
	uint8_t *p = malloc((size_t)st.st_size + 1);
	size_t got = 0;
	while (p && got < (size_t)st.st_size) {
		ssize_t r = pread(fd, p + got, (size_t)st.st_size - got,
		    (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	*n = got;
	return p;
}

struct histfile *
histfile_open(const char *path, uint32_t max, uint32_t *epoch,
    histfile_fn *fn, void *arg, size_t *torn, char *err, size_t errlen)
{
	char head[HISTFILE_HEADER_MAX];
	struct histfile *h = calloc(1, sizeof *h);
	size_t n = 0;
	uint8_t *p = NULL;
	*torn = 0;
	if (h != NULL)
		h->fd = -1;
	if (h == NULL || (h->path = strdup(path)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	h->max = max;
	h->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC |
	    O_NOFOLLOW, 0600);
	/* A file twice the cap is read whole: a rotation may have been
	 * cut short by a crash. */
	if (h->fd < 0 || (p = slurp(h->fd, 2 * (size_t)max + (1 << 20),
	    &n)) == NULL) {
		snprintf(err, errlen, "history file %s: %s", path,
		    strerror(errno));
		goto fail;
	}
	if (n == 0) {
		h->size = header(head, sizeof head, *epoch);
		if (write_all(h->fd, head, h->size) < 0) {
			snprintf(err, errlen, "history file %s: %s", path,
			    strerror(errno));
			goto fail;
		}
	} else {
		long good = histfile_scan(p, n, epoch, fn, arg);
		if (good < 0) {
			snprintf(err, errlen, "%s is not a lanchat history file "
			    "(it does not begin \"%s\"); not touching it", path,
			    HISTFILE_TAG);
			goto fail;
		}
		/* A record cut short by a crash, or junk after the last
		 * whole one: cut off, so appends follow whole records. */
		if ((size_t)good < n && ftruncate(h->fd, (off_t)good) < 0) {
			snprintf(err, errlen, "history file %s: cannot cut off "
			    "a torn record: %s", path, strerror(errno));
			goto fail;
		}
		*torn = n - (size_t)good;
		h->size = (size_t)good;
	}
	h->epoch = *epoch;
	free(p);
	return h;
fail:
	free(p);
	histfile_close(h);
	return NULL;
}

/* FILE becomes FILE.1, and FILE starts again with b's items, written to
 * FILE.tmp and renamed over, so that a crash leaves one whole file. */
static int
rotate(struct histfile *h, const struct backlog *b)
{
	char tmp[4096], old[4096], head[HISTFILE_HEADER_MAX];
	/* FILE.1 keeps everything until now, what was held included. */
	if (histfile_flush(h) < 0)
		return -1;
	snprintf(tmp, sizeof tmp, "%s.tmp", h->path);
	snprintf(old, sizeof old, "%s.1", h->path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND |
	    O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	size_t size = header(head, sizeof head, h->epoch);
	int rc = write_all(fd, head, size);
	for (uint32_t i = 0; rc == 0 && i < b->n; i++) {
		const struct backlog_item *it = backlog_get(b, i);
		rc = write_all(fd, it->framed.c->data + it->framed.off,
		    it->framed.len);
		size += it->framed.len;
	}
	if (rc < 0 || rename(h->path, old) < 0 || rename(tmp, h->path) < 0) {
		int e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return -1;
	}
	close(h->fd);
	h->fd = fd;
	h->size = size;
	h->rotations++;
	return 0;
}

int
histfile_flush(struct histfile *h)
{
	if (h->npend == 0)
		return 0;
	if (write_all(h->fd, h->pend, h->npend) < 0)
		return -1;
	h->size += h->npend;
	h->npend = 0;
	return 0;
}

int
histfile_append(struct histfile *h, const struct span *rec,
    const struct backlog *b)
{
	/* Past the cap, and worth it: a backlog larger than the cap would
	 * otherwise rotate at every message. */
	size_t size = h->size + h->npend;
	if (size + rec->len > h->max && size > 2 * b->bytes) {
		if (rotate(h, b) < 0)
			return -1;
		/* The new file holds the backlog, this record its last. */
		const struct backlog_item *last = backlog_get(b, b->n - 1);
		if (last && last->framed.c == rec->c &&
		    last->framed.off == rec->off)
			return 0;
	}
	if (h->npend + rec->len > sizeof h->pend && histfile_flush(h) < 0)
		return -1;
	if (rec->len > sizeof h->pend)
		return -1; /* no record is: a frame is at most 16 KiB */
	memcpy(h->pend + h->npend, rec->c->data + rec->off, rec->len);
	h->npend += rec->len;
	return 0;
}

void
histfile_set_max(struct histfile *h, uint32_t max)
{
	h->max = max;
}

size_t
histfile_size(const struct histfile *h)
{
	return h->size + h->npend;
}

unsigned
histfile_rotations(const struct histfile *h)
{
	return h->rotations;
}

void
histfile_close(struct histfile *h)
{
	if (h == NULL)
		return;
	if (h->fd >= 0) {
		histfile_flush(h);
		close(h->fd);
	}
	free(h->path);
	free(h);
}
