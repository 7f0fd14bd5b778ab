/* chatlog: a plain-text log of the room as the screen shows it (the
 * `log` setting, /log on|off): $XDG_DATA_HOME/lanchat/logs (or
 * ~/.local/share/lanchat/logs), one file a day per room,
 * ROOM-YYYY-MM-DD.log, mode 0600. Lines come from the transcript, so
 * they are as safe as the screen's: no escape sequence from a peer ever
 * reaches the file. History replayed by the room and lanchat's own
 * remarks are not logged: what is in the file was said while you were
 * there (and what you said while offline, as you said it). */
#ifndef CHATLOG_H
#define CHATLOG_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "transcript.h"

#define CHATLOG_ROOM_MAX 48 /* bytes of the room part of a file name */

struct chatlog {
	int on;
	int fd;                       /* the file open now, or -1 */
	long day;                     /* its day */
	char room[CHATLOG_ROOM_MAX + 1]; /* its room, made safe */
	uint64_t done;                /* transcript lines considered */
	char path[1024];              /* the last file written */
};

void chatlog_init(struct chatlog *l);
/* Starts logging lines added to t from now on, or stops. */
void chatlog_set(struct chatlog *l, int on, const struct transcript *t);
/* Writes what t gained since the last call, in the file of room (a name
 * or an address) for each line's day. -1 with errno when a file cannot be
 * opened or written; logging then stops. */
int chatlog_sync(struct chatlog *l, const struct transcript *t,
    const char *room);
void chatlog_close(struct chatlog *l);
/* Pure, for tests: the file name for room on the day of t, and a line
 * as written ("09:12:05 <alice> text\n"), 0 when it is not logged. */
size_t chatlog_name(const char *room, time_t t, char *buf, size_t size);
size_t chatlog_line(const struct tline *l, char *buf, size_t size);

#endif
