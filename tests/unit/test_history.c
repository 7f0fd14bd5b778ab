/* Unit tests for history: the client's last id seen, its request, and
 * the marker lines around a replay. */
#include "unit.h"

#include "frame.h"
#include "history.h"

static uint8_t frames[8][256];

/* A `history` item holding a chat line from who, id and time given. */
static struct msg
item(int k, const char *who, const char *text, uint32_t id, uint32_t t)
{
	static uint8_t inner[256];
	struct msg c = { .type = MSG_CHAT }, h = { .type = MSG_HISTORY,
	    .num = id, .seq = t }, out;
	c.s[0] = msg_str(who);
	c.s[1] = msg_str(text);
	int n = msg_encode(&c, inner, sizeof inner);
	h.s[0] = (struct msg_str){ (const char *)inner + FRAME_HDR,
	    (uint16_t)(n - FRAME_HDR) };
	n = msg_encode(&h, frames[k], sizeof frames[k]);
	assert_int_equal(msg_decode(frames[k] + FRAME_HDR, (size_t)n -
	    FRAME_HDR, &out), MSG_OK);
	return out;
}

static void
ids_seen_are_asked_after(void **state)
{
	struct history h = { 0 };
	struct history_event ev;
	struct msg m, chat = { .type = MSG_CHAT };
	(void)state;
	assert_int_equal(history_request(&h, &m), 1);
	assert_int_equal(m.type, MSG_HISTORY_REQ);
	assert_int_equal(m.num, 0);
	struct msg bl = { .type = MSG_BACKLOG, .num = 0, .seq = 77 };
	assert_int_equal(history_take(&h, &bl, 0, &ev), HISTORY_DONE);
	struct msg st = { .type = MSG_STAMP, .num = 5 };
	assert_int_equal(history_take(&h, &st, 0, &ev), HISTORY_DONE);
	assert_int_equal(h.last, 0); /* told, not seen yet */
	assert_int_equal(history_take(&h, &chat, 0, &ev), HISTORY_PASS);
	assert_int_equal(h.last, 5);
	/* A stamp whose message came as a datagram: the next one says it
	 * came. */
	st.num = 6;
	history_take(&h, &st, 0, &ev);
	st.num = 7;
	history_take(&h, &st, 0, &ev);
	assert_int_equal(h.last, 6);
	assert_int_equal(history_request(&h, &m), 1);
	assert_int_equal(m.num, 6);
	assert_int_equal(m.seq, 77);
	assert_int_equal(h.again, 1);
	h.off = 1;
	assert_int_equal(history_request(&h, &m), 0);
}

static void
a_replay_has_markers(void **state)
{
	struct history h = { 0 };
	struct history_event ev;
	struct msg m;
	time_t now = 1700000000;
	(void)state;
	history_request(&h, &m);
	struct msg bl = { .type = MSG_BACKLOG, .num = 2, .seq = 9 };
	assert_int_equal(history_take(&h, &bl, now, &ev), HISTORY_DONE);
	m = item(0, "alice", "one", 3, (uint32_t)now - 60);
	assert_int_equal(history_take(&h, &m, now, &ev), HISTORY_SHOW);
	assert_string_equal(ev.before[0], "");
	assert_non_null(strstr(ev.before[1], "-- history: 2 messages since "));
	assert_int_equal(ev.item.type, MSG_CHAT);
	assert_memory_equal(ev.item.s[1].p, "one", 3);
	assert_int_equal(ev.when, now - 60);
	assert_string_equal(ev.after, "");
	m = item(1, "bob", "two", 4, (uint32_t)now - 30);
	assert_int_equal(history_take(&h, &m, now, &ev), HISTORY_SHOW);
	assert_string_equal(ev.before[1], "");
	assert_string_equal(ev.after, "-- end of history --");
	assert_int_equal(h.last, 4);
	/* More than the header said: not shown. */
	m = item(2, "eve", "extra", 5, (uint32_t)now);
	assert_int_equal(history_take(&h, &m, now, &ev), HISTORY_DONE);
	/* After a reconnect, with a gap. */
	history_request(&h, &m);
	bl.num = 1 | MSG_BACKLOG_GAP;
	history_take(&h, &bl, now, &ev);
	m = item(3, "alice", "three", 9, (uint32_t)now);
	assert_int_equal(history_take(&h, &m, now, &ev), HISTORY_SHOW);
	assert_non_null(strstr(ev.before[0], "some messages were lost"));
	assert_string_equal(ev.before[1], "-- 1 message while you were away --");
	/* A gap and nothing kept. */
	history_request(&h, &m);
	bl.num = MSG_BACKLOG_GAP;
	assert_int_equal(history_take(&h, &bl, now, &ev), HISTORY_SHOW);
	assert_non_null(strstr(ev.before[0], "some messages were lost"));
	assert_int_equal(ev.item.type, 0);
}

static void
items_that_are_not_chat_are_dropped(void **state)
{
	struct history h = { 0 };
	struct history_event ev;
	struct msg m;
	(void)state;
	history_request(&h, &m);
	struct msg bl = { .type = MSG_BACKLOG, .num = 2 };
	history_take(&h, &bl, 0, &ev);
	/* A private message, and bytes that are no message at all. */
	struct msg p = { .type = MSG_PRIVATE };
	uint8_t inner[64];
	p.s[0] = msg_str("a");
	p.s[1] = msg_str("b");
	p.s[2] = msg_str("c");
	int n = msg_encode(&p, inner, sizeof inner);
	struct msg h1 = { .type = MSG_HISTORY, .num = 1 };
	h1.s[0] = (struct msg_str){ (const char *)inner + FRAME_HDR,
	    (uint16_t)(n - FRAME_HDR) };
	assert_int_equal(history_take(&h, &h1, 0, &ev), HISTORY_DONE);
	h1.s[0] = msg_str("\x01\x21garbage");
	assert_int_equal(history_take(&h, &h1, 0, &ev), HISTORY_DONE);
	assert_int_equal(h.left, 0);
}

static void
times_have_dates_when_not_today(void **state)
{
	char buf[32];
	time_t now = 1700000000;
	(void)state;
	history_when(now - 60, now, buf, sizeof buf);
	assert_int_equal(strlen(buf), 5);
	history_when(now - 3 * 86400, now, buf, sizeof buf);
	assert_int_equal(strlen(buf), 16);
	assert_int_equal(buf[4], '-');
}

int
main(void)
{
	RUN(cmocka_unit_test(ids_seen_are_asked_after),
	    cmocka_unit_test(a_replay_has_markers),
	    cmocka_unit_test(items_that_are_not_chat_are_dropped),
	    cmocka_unit_test(times_have_dates_when_not_today));
}
