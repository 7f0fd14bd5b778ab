/* chatlog: the transcript, a day to a file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "chatlog.h"
#include "conf.h"
#include "fmt.h"

void
chatlog_init(struct chatlog *l)
{
	memset(l, 0, sizeof *l);
	l->fd = -1;
}

void
chatlog_close(struct chatlog *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

void
chatlog_set(struct chatlog *l, int on, const struct transcript *t)
{
	l->on = on;
	l->done = transcript_total(t);
	if (!on)
		chatlog_close(l);
}

/* Letters, digits, '.', '-' and '_' only, never a leading dot: a
 * room's name from the network cannot name a path of its own. */
static void
safe_room(const char *room, char safe[CHATLOG_ROOM_MAX + 1])
{
	size_t n = 0;
	for (const char *p = room; *p && n < CHATLOG_ROOM_MAX; p++) {
		unsigned char c = (unsigned char)*p;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    (c == '.' && n > 0);
		safe[n++] = ok ? (char)c : '_';
	}
	if (n == 0)
		memcpy(safe, "room", (n = 4));
	safe[n] = '\0';
}

size_t
chatlog_name(const char *room, time_t t, char *buf, size_t size)
{
	char safe[CHATLOG_ROOM_MAX + 1], day[16];
	struct tm tm;
	safe_room(room, safe);
	localtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	int r = snprintf(buf, size, "%s-%s.log", safe, day);
	return r < 0 ? 0 : (size_t)r;
}

size_t
chatlog_line(const struct tline *l, char *buf, size_t size)
{
	char prefix[128], when[16];
	struct tm tm;
	if ((l->flags & (TL_PAST | TL_URL)) || l->kind == TL_INFO)
		return 0;
	transcript_prefix(l, prefix, sizeof prefix);
	localtime_r(&l->ts, &tm);
	strftime(when, sizeof when, "%H:%M:%S", &tm);
	int r = snprintf(buf, size, "%s %s%s\n", when, prefix, l->text);
	return r < 0 ? 0 : (size_t)r < size ? (size_t)r : size - 1;
}

/* The file for room on the day of t, opened if it is not already. */
static int
open_for(struct chatlog *l, const char *room, time_t t)
{
	char name[128];
	struct tm tm;
	localtime_r(&t, &tm);
	long day = fmt_day(t);
	char safe[CHATLOG_ROOM_MAX + 1];
	safe_room(room, safe);
	if (l->fd >= 0 && l->day == day && strcmp(l->room, safe) == 0)
		return 0;
	chatlog_close(l);
	char rel[160];
	chatlog_name(room, t, name, sizeof name);
	snprintf(rel, sizeof rel, "logs/%s", name);
	if (conf_data_path(rel, l->path, sizeof l->path) < 0) {
		errno = ENOENT;
		return -1;
	}
	l->fd = open(l->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
	    O_NOFOLLOW, 0600);
	if (l->fd < 0)
		return -1;
	l->day = day;
	snprintf(l->room, sizeof l->room, "%s", safe);
	return 0;
}

int
chatlog_sync(struct chatlog *l, const struct transcript *t, const char *room)
{
	static char line[16384];
	uint64_t total = transcript_total(t);
	size_t have = transcript_count(t);
	if (!l->on) {
		l->done = total;
		return 0;
	}
	/* Lines dropped from the scrollback before they were seen here are
	 * gone; the rest are taken oldest first. */
	if (total - l->done > have)
		l->done = total - have;
	for (; l->done < total; l->done++) {
		const struct tline *tl = transcript_get(t, have - (size_t)(total -
		    l->done));
		size_t n = chatlog_line(tl, line, sizeof line);
		if (n == 0)
			continue;
		if (open_for(l, room, tl->ts) < 0 || write(l->fd, line, n) !=
		    (ssize_t)n) {
			int e = errno;
			chatlog_close(l);
			l->on = 0;
			errno = e;
			return -1;
		}
	}
	return 0;
}
