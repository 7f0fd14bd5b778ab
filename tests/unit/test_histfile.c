/* Unit tests for histfile: the backlog on disk, torn tails, rotation. */
#include "unit.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "histfile.h"

static char dir[64], path[128], old[160];
static struct backlog b;
static int loaded;

static void
load(void *arg, const struct msg *h)
{
	(void)arg;
	if (backlog_load(&b, h) == 0)
		loaded++;
}

static void
say(struct histfile *h, const char *text)
{
	struct msg m = { .type = MSG_CHAT };
	m.s[0] = msg_str("alice");
	m.s[1] = msg_str(text);
	backlog_add(&b, &m, backlog_next(&b), 1000);
	assert_int_equal(histfile_append(h, &backlog_get(&b, b.n - 1)->framed,
	    &b), 0);
}

static off_t
size_of(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? st.st_size : -1;
}

static struct histfile *
reopen(uint32_t max, uint32_t *epoch, size_t *torn)
{
	char err[256];
	backlog_free(&b);
	assert_int_equal(backlog_init(&b, 100, 0, 1), 0);
	loaded = 0;
	struct histfile *h = histfile_open(path, max, epoch, load, NULL, torn,
	    err, sizeof err);
	assert_non_null(h);
	return h;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/histfile-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/history", dir);
	snprintf(old, sizeof old, "%s.1", path);
	assert_int_equal(backlog_init(&b, 100, 0, 1), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	backlog_free(&b);
	unlink(old);
	unlink(path);
	rmdir(dir);
	return 0;
}

static void
kept_across_a_restart_with_its_epoch(void **state)
{
	uint32_t epoch = 4242;
	size_t torn;
	(void)state;
	struct histfile *h = reopen(1 << 20, &epoch, &torn);
	say(h, "one");
	say(h, "two");
	histfile_close(h);
	epoch = 7; /* a new life would pick another; the file's wins */
	h = reopen(1 << 20, &epoch, &torn);
	assert_int_equal(epoch, 4242);
	assert_int_equal(loaded, 2);
	assert_int_equal(torn, 0);
	assert_int_equal(b.next, 3); /* ids go on */
	say(h, "three");
	histfile_close(h);
	h = reopen(1 << 20, &epoch, &torn);
	assert_int_equal(loaded, 3);
	assert_int_equal(backlog_get(&b, 2)->id, 3);
	histfile_close(h);
	/* Readable by its owner alone. */
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void
a_torn_record_is_cut_off(void **state)
{
	uint32_t epoch = 1;
	size_t torn;
	(void)state;
	struct histfile *h = reopen(1 << 20, &epoch, &torn);
	say(h, "whole");
	say(h, "cut short");
	histfile_close(h);
	/* A crash mid-write: the last record loses its last 3 bytes. */
	off_t n = size_of(path);
	assert_int_equal(truncate(path, n - 3), 0);
	h = reopen(1 << 20, &epoch, &torn);
	assert_int_equal(loaded, 1);
	assert_true(torn > 3);
	say(h, "after"); /* appended after the last whole record */
	histfile_close(h);
	h = reopen(1 << 20, &epoch, &torn);
	assert_int_equal(loaded, 2);
	assert_int_equal(torn, 0);
	histfile_close(h);
}

static void
not_a_history_file_is_left_alone(void **state)
{
	char err[256];
	uint32_t epoch = 1;
	size_t torn;
	(void)state;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "precious\n", 9), 9);
	close(fd);
	assert_null(histfile_open(path, 1 << 20, &epoch, load, NULL, &torn,
	    err, sizeof err));
	assert_non_null(strstr(err, "not a lanchat history file"));
	assert_int_equal(size_of(path), 9);
}

static void
rotated_past_the_cap_keeping_the_backlog(void **state)
{
	char text[200];
	uint32_t epoch = 9;
	size_t torn;
	(void)state;
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	struct histfile *h = reopen(65536, &epoch, &torn);
	/* 100 kept of ~230 bytes each: past 64 KiB after ~285 messages. */
	for (int i = 0; i < 400; i++)
		say(h, text);
	assert_int_equal(histfile_rotations(h), 1);
	assert_true(size_of(path) <= 65536);
	assert_true(size_of(old) > 60000);
	histfile_close(h);
	h = reopen(65536, &epoch, &torn);
	/* The whole backlog, from FILE alone: what it held at the rotation
	 * and what followed. */
	assert_true(loaded >= 100 && loaded < 400);
	assert_int_equal(b.n, 100);
	assert_int_equal(backlog_get(&b, 0)->id, 301);
	assert_int_equal(b.next, 401);
	assert_int_equal(epoch, 9);
	histfile_close(h);
}

static void
scan_stops_at_junk(void **state)
{
	uint8_t buf[256];
	uint32_t epoch;
	(void)state;
	size_t n = (size_t)snprintf((char *)buf, sizeof buf, "%s12\n",
	    HISTFILE_TAG);
	memcpy(buf + n, "\0\0\0\x02\x01\x21", 6); /* a chat, not history */
	loaded = 0;
	assert_int_equal(histfile_scan(buf, n + 6, &epoch, load, NULL),
	    (long)n);
	assert_int_equal(epoch, 12);
	assert_int_equal(histfile_scan((const uint8_t *)"lanchat-history/1 "
	    "epoch 99999999999\n", 37, &epoch, load, NULL), -1);
	assert_int_equal(histfile_scan((const uint8_t *)"x", 1, &epoch, load,
	    NULL), -1);
}

int
main(void)
{
	RUN(cmocka_unit_test_setup_teardown(
		kept_across_a_restart_with_its_epoch, setup, teardown),
	    cmocka_unit_test_setup_teardown(a_torn_record_is_cut_off, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(not_a_history_file_is_left_alone,
		setup, teardown),
	    cmocka_unit_test_setup_teardown(
		rotated_past_the_cap_keeping_the_backlog, setup, teardown),
	    cmocka_unit_test_setup_teardown(scan_stops_at_junk, setup,
		teardown));
}
