/* Unit tests for backlog: the room's last messages, kept encoded. */
#include "unit.h"

#include "backlog.h"
#include "frame.h"

static struct backlog b;

static void
say(const char *who, const char *text, uint32_t t)
{
	struct msg m = { .type = MSG_CHAT };
	m.s[0] = msg_str(who);
	m.s[1] = msg_str(text);
	backlog_add(&b, &m, backlog_next(&b), t);
}

/* The chat inside the i-th item's frame. */
static struct msg
inner(uint32_t i, struct msg *h)
{
	const struct backlog_item *it = backlog_get(&b, i);
	const uint8_t *p = it->framed.c->data + it->framed.off;
	struct msg m;
	assert_int_equal(frame_get_len(p), it->framed.len - FRAME_HDR);
	assert_int_equal(msg_decode(p + FRAME_HDR, it->framed.len - FRAME_HDR,
	    h), MSG_OK);
	assert_int_equal(h->type, MSG_HISTORY);
	assert_int_equal(msg_decode((const uint8_t *)h->s[0].p, h->s[0].len,
	    &m), MSG_OK);
	return m;
}

static void
kept_in_order_and_bounded(void **state)
{
	struct msg h, m;
	(void)state;
	assert_int_equal(backlog_init(&b, 3, 60, 1), 0);
	say("alice", "one", 100);
	say("bob", "two", 101);
	say("alice", "three", 102);
	say("bob", "four", 103); /* the first goes */
	assert_int_equal(b.n, 3);
	m = inner(0, &h);
	assert_int_equal(h.num, 2);
	assert_int_equal(h.seq, 101);
	assert_int_equal(m.type, MSG_CHAT);
	assert_memory_equal(m.s[1].p, "two", 3);
	const struct backlog_item *it = backlog_get(&b, 2);
	assert_int_equal(it->id, 4);
	/* The text lines only once a line client wants them. */
	assert_null(it->line.c);
	backlog_lines(&b);
	assert_non_null(it->line.c);
	char line[64];
	snprintf(line, sizeof line, "%.*s", (int)it->line.len,
	    (const char *)it->line.c->data + it->line.off);
	assert_non_null(strstr(line, "] <bob> four\n"));
	assert_int_equal(line[0], '[');
	backlog_free(&b);
}

static void
after_an_id_and_gaps(void **state)
{
	uint32_t first;
	int gap;
	(void)state;
	assert_int_equal(backlog_init(&b, 3, 60, 1), 0);
	for (int i = 0; i < 5; i++)
		say("x", "m", 100); /* ids 1..5; 3, 4, 5 kept */
	assert_int_equal(backlog_after(&b, 0, &first, &gap), 3);
	assert_int_equal(first, 0);
	assert_int_equal(gap, 0);
	assert_int_equal(backlog_after(&b, 4, &first, &gap), 1);
	assert_int_equal(backlog_get(&b, first)->id, 5);
	assert_int_equal(gap, 0);
	assert_int_equal(backlog_after(&b, 2, &first, &gap), 3);
	assert_int_equal(gap, 0); /* 3 follows 2: nothing missed */
	assert_int_equal(backlog_after(&b, 1, &first, &gap), 3);
	assert_int_equal(gap, 1); /* 2 is gone */
	assert_int_equal(backlog_after(&b, 5, &first, &gap), 0);
	assert_int_equal(gap, 0); /* up to date */
	backlog_free(&b);
}

static void
age_and_off(void **state)
{
	uint32_t first;
	int gap;
	(void)state;
	assert_int_equal(backlog_init(&b, 10, 60, 1), 0);
	say("x", "old", 1000);
	say("x", "new", 1050);
	backlog_expire(&b, 1061); /* the first is 61 s old */
	assert_int_equal(b.n, 1);
	backlog_expire(&b, 1200);
	assert_int_equal(backlog_after(&b, 0, &first, &gap), 0);
	/* everything expired: coming back after id 1 missed 2 */
	assert_int_equal(backlog_after(&b, 1, &first, &gap), 0);
	assert_int_equal(gap, 1);
	/* smaller on a reload, then off: ids still count */
	say("x", "a", 1300);
	say("x", "b", 1300);
	assert_int_equal(backlog_set(&b, 1, 60), 0);
	assert_int_equal(b.n, 1);
	assert_int_equal(backlog_get(&b, 0)->id, 4);
	assert_int_equal(backlog_set(&b, 0, 60), 0);
	say("x", "c", 1300);
	assert_int_equal(b.n, 0);
	assert_int_equal(backlog_next(&b), 6);
	backlog_free(&b);
}

int
main(void)
{
	RUN(cmocka_unit_test(kept_in_order_and_bounded),
	    cmocka_unit_test(after_an_id_and_gaps),
	    cmocka_unit_test(age_and_off));
}
