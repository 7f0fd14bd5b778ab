/* Unit tests for chatlog: file names, lines, and what is logged. */
#include "unit.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chatlog.h"

static void
names_are_safe(void **state)
{
	char buf[128];
	time_t t = 1764494400; /* 2025-11-30 09:20 UTC */
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	chatlog_name("Kitchen", t, buf, sizeof buf);
	assert_string_equal(buf, "Kitchen-2025-11-30.log");
	chatlog_name("../../etc/x y", t, buf, sizeof buf);
	assert_string_equal(buf, "_._.._etc_x_y-2025-11-30.log");
	chatlog_name("127.0.0.1:2428", t, buf, sizeof buf);
	assert_string_equal(buf, "127.0.0.1_2428-2025-11-30.log");
	chatlog_name("", t, buf, sizeof buf);
	assert_string_equal(buf, "room-2025-11-30.log");
	chatlog_name("\x1b[2J", t, buf, sizeof buf);
	assert_string_equal(buf, "__2J-2025-11-30.log");
}

static void
what_is_logged(void **state)
{
	char dir[] = "/tmp/chatlog-XXXXXX", path[256], buf[512];
	struct transcript *t = transcript_new(4);
	struct chatlog l;
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_non_null(mkdtemp(dir));
	setenv("XDG_DATA_HOME", dir, 1);
	chatlog_init(&l);
	transcript_add(t, 100, TL_CHAT, 0, "alice", 5, "before", 6);
	chatlog_set(&l, 1, t); /* from now on */
	transcript_add(t, 3600, TL_CHAT, 0, "alice", 5, "hi \x1b[2J", 7);
	transcript_add(t, 3601, TL_INFO, 0, NULL, 0, "lanchat's own", 13);
	transcript_add(t, 3602, TL_CHAT, TL_PAST, "bob", 3, "old", 3);
	transcript_add(t, 3603, TL_ACTION, 0, "bob", 3, "waves", 5);
	assert_int_equal(chatlog_sync(&l, t, "Kitchen"), 0);
	/* The next day, another file. */
	transcript_add(t, 86400 + 5, TL_NOTICE, 0, NULL, 0, "bob left", 8);
	assert_int_equal(chatlog_sync(&l, t, "Kitchen"), 0);
	chatlog_close(&l);
	snprintf(path, sizeof path, "%s/lanchat/logs/Kitchen-1970-01-01.log",
	    dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	/* The escape made harmless as on the screen; not lanchat's own
	 * lines, not history. */
	assert_null(strchr(buf, '\x1b'));
	assert_memory_equal(buf, "01:00:00 <alice> hi ", 20);
	assert_non_null(strstr(buf, "[2J\n01:00:03 * bob waves\n"));
	assert_null(strstr(buf, "own"));
	assert_null(strstr(buf, "old"));
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	unlink(path);
	snprintf(path, sizeof path, "%s/lanchat/logs/Kitchen-1970-01-02.log",
	    dir);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, "00:00:05 -!- bob left\n");
	unlink(path);
	snprintf(path, sizeof path, "%s/lanchat/logs", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/lanchat", dir);
	rmdir(path);
	rmdir(dir);
	transcript_free(t);
}

int
main(void)
{
	RUN(cmocka_unit_test(names_are_safe),
	    cmocka_unit_test(what_is_logged));
}
