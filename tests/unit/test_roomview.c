/* Unit tests for roomview: the member list the client keeps, and which
 * names replies are its own. */
#include "unit.h"

#include "roomview.h"

static struct msg
ev(int type, const char *a, const char *b, uint32_t num)
{
	struct msg m = { .type = type, .num = num };
	if (a)
		m.s[0] = msg_str(a);
	if (b)
		m.s[1] = msg_str(b);
	return m;
}

static int
feed(struct roomview *v, int type, const char *a, const char *b,
    uint32_t num)
{
	struct msg m = ev(type, a, b, num);
	return roomview_msg(v, &m, "me");
}

/* The list as "a,b,c". */
static const char *
list(const struct roomview *v)
{
	static char buf[256];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < v->mem.n; i++)
		n += snprintf(buf + n, sizeof buf - n, "%s%s", i ? "," : "",
		    v->mem.nick[i]);
	return buf;
}

static void
welcome_asks_and_quiet_reply_fills(void **state)
{
	struct roomview v;
	(void)state;
	roomview_init(&v, 1);
	assert_int_equal(feed(&v, MSG_WELCOME, "me", "srv", 3), ROOMVIEW_ASK);
	assert_int_equal(roomview_ask(&v, 1), 1);
	assert_int_equal(feed(&v, MSG_NAME, "me", "x", 0), ROOMVIEW_HIDE);
	assert_int_equal(feed(&v, MSG_NAME, "Bob", "x", 0), ROOMVIEW_HIDE);
	assert_int_equal(feed(&v, MSG_NAME, "alice", "x", 0), ROOMVIEW_HIDE);
	assert_int_equal(feed(&v, MSG_NAMES_END, NULL, NULL, 3),
	    ROOMVIEW_HIDE | ROOMVIEW_LISTED);
	assert_string_equal(list(&v), "alice,Bob,me");
	assert_int_equal(v.nasks, 0);
	roomview_free(&v);
}

/* An away line inside our quiet names reply is ours to hide; one that
 * answers a private message is the user's. The topic is kept. */
static void
away_and_topic(void **state)
{
	struct roomview v;
	(void)state;
	roomview_init(&v, 1);
	feed(&v, MSG_WELCOME, "me", "srv", 2);
	roomview_ask(&v, 1);
	assert_int_equal(feed(&v, MSG_NAME, "bob", "x", 0), ROOMVIEW_HIDE);
	assert_int_equal(feed(&v, MSG_AWAY_IS, "bob", "lunch", 0),
	    ROOMVIEW_HIDE);
	feed(&v, MSG_NAMES_END, NULL, NULL, 2);
	assert_int_equal(feed(&v, MSG_AWAY_IS, "bob", "lunch", 0), 0);
	assert_string_equal(v.topic, "");
	feed(&v, MSG_TOPIC_IS, "bob", "friday", 1);
	assert_string_equal(v.topic, "friday");
	assert_string_equal(v.topic_by, "bob");
	roomview_reset(&v);
	assert_string_equal(v.topic, "");
	roomview_free(&v);
}

static void
joins_leaves_renames(void **state)
{
	struct roomview v;
	(void)state;
	roomview_init(&v, 1);
	assert_int_equal(feed(&v, MSG_JOIN, "carol", "1.2.3.4:5", 0), 0);
	assert_int_equal(feed(&v, MSG_JOIN, "dave", "1.2.3.4:6", 0), 0);
	assert_int_equal(feed(&v, MSG_JOIN, "CAROL", "1.2.3.4:5", 0), 0);
	assert_string_equal(list(&v), "carol,dave");
	assert_int_equal(feed(&v, MSG_RENAME, "dave", "Erin", 0), 0);
	assert_string_equal(list(&v), "carol,Erin");
	assert_int_equal(feed(&v, MSG_LEAVE, "Carol", "bye", 0), 0);
	assert_string_equal(list(&v), "Erin");
	assert_int_equal(feed(&v, MSG_JOINS, "a b c d", NULL, 9),
	    ROOMVIEW_ASK);
	roomview_reset(&v);
	assert_string_equal(list(&v), "");
	roomview_free(&v);
}

/* The user's /names and our quiet ones interleave: each reply goes where
 * its request came from, in order. */
static void
user_and_quiet_requests_in_order(void **state)
{
	struct roomview v;
	(void)state;
	roomview_init(&v, 1);
	assert_int_equal(roomview_ask(&v, 0), 1); /* the user's */
	assert_int_equal(roomview_ask(&v, 1), 1); /* ours */
	assert_int_equal(feed(&v, MSG_NAME, "zed", "x", 0), 0);
	assert_int_equal(feed(&v, MSG_NAMES_END, NULL, NULL, 1), 0);
	assert_int_equal(feed(&v, MSG_NAME, "amy", "x", 0), ROOMVIEW_HIDE);
	assert_int_equal(feed(&v, MSG_NAMES_END, NULL, NULL, 1),
	    ROOMVIEW_HIDE | ROOMVIEW_LISTED);
	assert_string_equal(list(&v), "amy");
	/* A reply nobody asked for is shown and changes nothing. */
	assert_int_equal(feed(&v, MSG_NAMES_END, NULL, NULL, 1), 0);
	assert_int_equal(v.nasks, 0);
	roomview_free(&v);
}

static void
requests_in_flight_are_bounded(void **state)
{
	struct roomview v;
	(void)state;
	roomview_init(&v, 1);
	for (int i = 0; i < ROOMVIEW_ASKS_MAX; i++)
		assert_int_equal(roomview_ask(&v, i & 1), 1);
	assert_int_equal(roomview_ask(&v, 1), 0);
	assert_int_equal(roomview_ask(&v, 0), 0);
	roomview_free(&v);
}

static void
untracked_keeps_no_list(void **state)
{
	struct roomview v;
	(void)state;
	roomview_init(&v, 0);
	assert_int_equal(feed(&v, MSG_WELCOME, "me", "srv", 1), 0);
	assert_int_equal(feed(&v, MSG_JOIN, "bob", "x", 0), 0);
	assert_int_equal(feed(&v, MSG_JOINS, "a b", NULL, 7), 0);
	assert_string_equal(list(&v), "");
	roomview_free(&v);
}

/* The count is right from the welcome on: our own join, told after it,
 * does not count again, alone or in a burst. */
static void
count_from_the_first_frame(void **state)
{
	struct roomview v;
	(void)state;
	roomview_init(&v, 0);
	feed(&v, MSG_WELCOME, "me", "srv", 3);
	assert_int_equal(v.count, 3);
	feed(&v, MSG_JOIN, "me", "x", 0);      /* ours: counted already */
	assert_int_equal(v.count, 3);
	feed(&v, MSG_JOIN, "bob", "x", 0);
	assert_int_equal(v.count, 4);
	feed(&v, MSG_LEAVE, "bob", "", 0);
	assert_int_equal(v.count, 3);
	roomview_reset(&v);
	feed(&v, MSG_WELCOME, "me", "srv", 9);
	feed(&v, MSG_JOINS, "a b c d", NULL, 1); /* a burst: only us */
	assert_int_equal(v.count, 9);
	feed(&v, MSG_JOINS, "e f g h", NULL, 5); /* a later one */
	assert_int_equal(v.count, 14);
	roomview_free(&v);
}

/* Once the list came from a names reply, joins already in it count once. */
static void
count_follows_the_list(void **state)
{
	struct roomview v;
	(void)state;
	roomview_init(&v, 1);
	feed(&v, MSG_WELCOME, "me", "srv", 1);
	roomview_ask(&v, 1);
	feed(&v, MSG_NAME, "me", "x", 0);
	feed(&v, MSG_NAME, "ann", "x", 0);
	assert_int_equal(feed(&v, MSG_NAMES_END, NULL, NULL, 2),
	    ROOMVIEW_HIDE | ROOMVIEW_LISTED);
	assert_int_equal(v.count, 2);
	feed(&v, MSG_JOIN, "ann", "x", 0); /* told late; in the list already */
	feed(&v, MSG_JOIN, "me", "x", 0);
	assert_int_equal(v.count, 2);
	feed(&v, MSG_JOIN, "zoe", "x", 0);
	assert_int_equal(v.count, 3);
	roomview_free(&v);
}

int
main(void)
{
	RUN(cmocka_unit_test(welcome_asks_and_quiet_reply_fills),
	    cmocka_unit_test(away_and_topic),
	    cmocka_unit_test(joins_leaves_renames),
	    cmocka_unit_test(user_and_quiet_requests_in_order),
	    cmocka_unit_test(requests_in_flight_are_bounded),
	    cmocka_unit_test(untracked_keeps_no_list),
	    cmocka_unit_test(count_from_the_first_frame),
	    cmocka_unit_test(count_follows_the_list));
}
