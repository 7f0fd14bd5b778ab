/* Unit tests for pace: a client held to the room's rates is never held
 * back by the server's own buckets, whatever it queues. */
#include "unit.h"

#include "frame.h"
#include "msg.h"
#include "pace.h"

static struct pace p;
static struct evbuffer *out;

static int
setup(void **state)
{
	(void)state;
	out = evbuffer_new();
	return pace_init(&p) < 0 || out == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	pace_free(&p);
	evbuffer_free(out);
	return 0;
}

/* Queues one message of type with a text of n bytes; its frame size. */
static size_t
push(uint8_t type, size_t n)
{
	static char text[FRAME_MAX];
	uint8_t buf[FRAME_HDR + FRAME_MAX];
	struct msg m = { .type = type };
	memset(text, 'x', n);
	m.s[0].p = text;
	m.s[0].len = (uint16_t)n;
	int len = msg_encode(&m, buf, sizeof buf);
	assert_true(len > 0);
	assert_int_equal(pace_push(&p, buf, (size_t)len, 1 << 24), 0);
	return (size_t)len;
}

/* The server's side: each frame pulled reaches it at once and must find
 * a token in buckets like those conn.c keeps. Returns frames sent. */
static size_t
against_server(const char *limits, size_t frames, size_t textlen)
{
	struct rate_limit lines = { PACE_LINES, PACE_LINES_BURST };
	struct rate_limit bytes = { PACE_BYTES, PACE_BYTES_BURST };
	struct rate sl, sb;
	uint64_t now = 5000;
	size_t sent = 0;

	rate_init(&sl, &lines, now);
	rate_init(&sb, &bytes, now);
	pace_restart(&p, now);
	if (limits) {
		struct pace tmp;
		assert_int_equal(pace_init(&tmp), 0);
		assert_int_equal(pace_set(&tmp, limits, strlen(limits), now), 0);
		lines = tmp.lines;
		bytes = tmp.bytes;
		pace_free(&tmp);
		rate_init(&sl, &lines, now);
		rate_init(&sb, &bytes, now);
		assert_int_equal(pace_set(&p, limits, strlen(limits), now), 0);
	}
	for (size_t i = 0; i < frames; i++)
		push(MSG_SAY, textlen);
	for (int turns = 0; turns < 100000 && pace_frames(&p) > 0; turns++) {
		uint64_t wait = pace_pull(&p, now, out);
		while (evbuffer_get_length(out) > 0) {
			uint8_t h[FRAME_HDR];
			evbuffer_copyout(out, h, sizeof h);
			size_t n = FRAME_HDR + frame_get_len(h);
			assert_int_equal(rate_take(&sl, &lines, now, 1), 1);
			assert_int_equal(rate_take(&sb, &bytes, now,
			    (uint32_t)n), 1);
			evbuffer_drain(out, n);
			sent++;
		}
		now += wait ? wait : 1;
	}
	return sent;
}

static void
never_held_back(void **state)
{
	(void)state;
	/* a 300-line paste at the defaults: a minute of chat, all of it */
	assert_int_equal(against_server(NULL, 300, 40), 300);
	/* long lines: the byte rate is the one that binds */
	assert_int_equal(against_server(NULL, 40, 4000), 40);
	/* a room with other rates says so */
	assert_int_equal(against_server("lines=1:2 bytes=100000:200000", 20,
	    10), 20);
	assert_int_equal(against_server("lines=50:100 bytes=2000:4000", 50,
	    300), 50);
}

static void
burst_then_paced(void **state)
{
	(void)state;
	pace_restart(&p, 1000);
	for (int i = 0; i < 12; i++)
		push(MSG_SAY, 5);
	/* the burst goes at once; the rest at 90% of 5 a second */
	uint64_t wait = pace_pull(&p, 1000, out);
	assert_int_equal(pace_frames(&p), 2);
	assert_int_equal(wait, 250);
	assert_int_equal(pace_pull(&p, 1249, out), 1);
	assert_int_equal(pace_frames(&p), 2);
	assert_int_equal(pace_pull(&p, 1250, out), 250);
	assert_int_equal(pace_frames(&p), 1);
	assert_int_equal(pace_pull(&p, 1500, out), 0);
	assert_int_equal(pace_frames(&p), 0);
	/* what was sent is charged: a new line now waits too */
	push(MSG_SAY, 5);
	assert_true(pace_pull(&p, 1500, out) > 0);
}

/* The hello goes at the defaults; the rates come after it. What the
 * hello used is used of the new burst too, as it is at the server. */
static void
rates_told_after_the_hello(void **state)
{
	(void)state;
	pace_restart(&p, 0);
	pace_charge(&p, 0, 1, 20);
	assert_int_equal(pace_set(&p, "lines=20:4", 10, 0), 0);
	for (int i = 0; i < 4; i++)
		push(MSG_SAY, 5);
	assert_true(pace_pull(&p, 0, out) > 0);
	assert_int_equal(pace_frames(&p), 1); /* 3 went, not 4 */
	/* and from a burst used up, a bigger one starts as used up */
	pace_restart(&p, 0);
	for (int i = 0; i < 10; i++)
		pace_charge(&p, 0, 1, 1);
	assert_int_equal(pace_set(&p, "lines=50:100", 12, 0), 0);
	assert_int_equal(rate_avail(&p.l, &(struct rate_limit){ 45, 100 }, 0),
	    90);
}

/* A datagram goes past the queue only when nothing waits in it and the
 * buckets cover it; it is charged like a frame. */
static void
datagrams_keep_the_pace(void **state)
{
	(void)state;
	pace_restart(&p, 0);
	for (int i = 0; i < PACE_LINES_BURST; i++)
		assert_int_equal(pace_take(&p, 0, 50), 1);
	assert_int_equal(pace_take(&p, 0, 50), 0);
	assert_int_equal(pace_take(&p, 250, 50), 1); /* 4.5 a second */
	push(MSG_SAY, 5);
	assert_int_equal(pace_take(&p, 10000, 50), 0); /* a frame waits */
	assert_int_equal(pace_pull(&p, 10000, out), 0);
	assert_int_equal(pace_take(&p, 10000, 50), 1);
}

static void
unlimited_room(void **state)
{
	(void)state;
	pace_restart(&p, 0);
	assert_int_equal(pace_set(&p, "lines=0 bytes=0", 15, 0), 0);
	for (int i = 0; i < 1000; i++)
		push(MSG_SAY, 100);
	assert_int_equal(pace_pull(&p, 0, out), 0);
	assert_int_equal(pace_frames(&p), 0);
}

static void
limits_text(void **state)
{
	struct rate_limit l = { 7, 9 }, b = { 1000, 3000 };
	char buf[128];
	(void)state;
	pace_format(&l, &b, buf, sizeof buf);
	assert_string_equal(buf, "lines=7:9 bytes=1000:3000");
	pace_restart(&p, 0);
	/* names it does not know are a later server's: skipped */
	const char *s = "colour=blue lines=7:9 bytes=1000:3000 future";
	assert_int_equal(pace_set(&p, s, strlen(s), 0), 0);
	assert_int_equal(p.lines.rate, 7);
	assert_int_equal(p.lines.burst, 9);
	assert_int_equal(p.bytes.burst, 3000);
	/* a bad value changes nothing */
	assert_int_equal(pace_set(&p, "lines=x", 7, 0), -1);
	assert_int_equal(p.lines.rate, 7);
	/* a new connection starts from the defaults again */
	pace_restart(&p, 0);
	assert_int_equal(p.lines.rate, PACE_LINES);
}

static void
kept_for_the_next_connection(void **state)
{
	static const uint8_t chat[] = { MSG_SAY, MSG_ACT, MSG_TELL };
	(void)state;
	push(MSG_SAY, 3);
	push(MSG_PONG, 3);
	push(MSG_ACT, 3);
	push(MSG_QUIT, 0);
	pace_keep(&p, chat, sizeof chat);
	assert_int_equal(pace_frames(&p), 2);
	pace_restart(&p, 0);
	assert_int_equal(pace_pull(&p, 0, out), 0);
	uint8_t f[FRAME_HDR + 2];
	evbuffer_copyout(out, f, sizeof f);
	assert_int_equal(f[FRAME_HDR + 1], MSG_SAY);
	evbuffer_drain(out, FRAME_HDR + 2 + 2 + 3);
	evbuffer_copyout(out, f, sizeof f);
	assert_int_equal(f[FRAME_HDR + 1], MSG_ACT);
}

static void
queue_bounded(void **state)
{
	uint8_t frame[100] = { 0, 0, 0, 96 };
	(void)state;
	assert_int_equal(pace_push(&p, frame, 100, 250), 0);
	assert_int_equal(pace_push(&p, frame, 100, 250), 0);
	assert_int_equal(pace_push(&p, frame, 100, 250), -1);
	assert_int_equal(pace_frames(&p), 2);
	assert_int_equal(pace_bytes(&p), 200);
}

int
main(void)
{
	RUN(cmocka_unit_test_setup_teardown(never_held_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(burst_then_paced, setup, teardown),
	    cmocka_unit_test_setup_teardown(rates_told_after_the_hello, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(datagrams_keep_the_pace, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(unlimited_room, setup, teardown),
	    cmocka_unit_test_setup_teardown(limits_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(kept_for_the_next_connection,
	        setup, teardown),
	    cmocka_unit_test_setup_teardown(queue_bounded, setup, teardown));
}
