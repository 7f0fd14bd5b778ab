/* histfile: the room's history on disk (lanchatd --history-file), so
 * that a restart forgets nothing (doc/protocol.md, "History file"). The
 * file is a header line naming the room's epoch, then the backlog's own
 * `history` frames, appended as messages are relayed: held for the
 * turn, and written in one write at its end, before any member's socket
 * is, so that nothing a member was sent is missing from the file. A record cut short by a crash ends the good part of the file:
 * it is cut off at the next start and the rest kept. Past its size cap
 * the file is rotated: it becomes FILE.1 and FILE starts again with the
 * backlog as it stands, so FILE alone always holds all of it. */
#ifndef HISTFILE_H
#define HISTFILE_H

#include <stddef.h>
#include <stdint.h>

#include "backlog.h"
#include "msg.h"

#define HISTFILE_TAG "lanchat-history/1 epoch "
#define HISTFILE_HEADER_MAX 64

struct histfile;

/* Each whole record of a file: the decoded `history` message. */
typedef void histfile_fn(void *arg, const struct msg *h);

/* Scans the bytes of a history file: the epoch from its header, each
 * whole record to fn, in order. Returns the length of the good part (up
 * to the first record that is torn or not a `history` frame), or -1 when
 * the header is not a history file's. Pure. */
long histfile_scan(const uint8_t *p, size_t n, uint32_t *epoch,
    histfile_fn *fn, void *arg);
/* Opens path (0600, created with *epoch when missing or empty), feeds
 * its records to fn and sets *epoch to the file's. A torn tail is cut
 * off, and *torn says how many bytes went. NULL with a sentence in err
 * when it cannot be read or written, or is not a history file. */
struct histfile *histfile_open(const char *path, uint32_t max,
    uint32_t *epoch, histfile_fn *fn, void *arg, size_t *torn, char *err,
    size_t errlen);
/* Appends one record (a backlog item's framed span), held until
 * histfile_flush. Past max bytes, rotates first, writing b's items into
 * the new file. -1 with errno when writing failed; the file should then
 * be closed. */
int histfile_append(struct histfile *h, const struct span *rec,
    const struct backlog *b);
/* Writes what is held, in one write: once a turn, before the members'
 * sockets. -1 with errno. */
int histfile_flush(struct histfile *h);
/* A new size cap (a reload). */
void histfile_set_max(struct histfile *h, uint32_t max);
/* Its size now, in bytes. */
size_t histfile_size(const struct histfile *h);
/* Rotations so far (for the log and the tests). */
unsigned histfile_rotations(const struct histfile *h);
void histfile_close(struct histfile *h);

#endif
