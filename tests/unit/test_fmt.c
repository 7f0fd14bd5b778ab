/* Unit tests for fmt: the text form of every event people see. */
#include "unit.h"
#include "fmt.h"

static char out[FMT_MAX];

static const char *
show(int type, uint32_t num, const char *a, const char *b, const char *c,
    const char *self)
{
	struct msg m = { .type = type, .num = num };
	if (a)
		m.s[0] = msg_str(a);
	if (b)
		m.s[1] = msg_str(b);
	if (c)
		m.s[2] = msg_str(c);
	fmt_msg(&m, self, out, sizeof out);
	return out;
}

static void
every_type(void **state)
{
	(void)state;
	assert_string_equal(show(MSG_CHAT, 0, "alice", "hi", 0, "bob"),
	    "<alice> hi");
	assert_string_equal(show(MSG_ACTION, 0, "alice", "waves", 0, "bob"),
	    "* alice waves");
	assert_string_equal(show(MSG_PRIVATE, 0, "alice", "bob", "psst",
	    "bob"), "*alice* psst");
	assert_string_equal(show(MSG_PRIVATE, 0, "alice", "bob", "psst",
	    "ALICE"), "-> *bob* psst");
	assert_string_equal(show(MSG_JOIN, 0, "carol", "[::1]:5000", 0, 0),
	    "-!- carol [[::1]:5000] joined");
	assert_string_equal(show(MSG_LEAVE, 0, "carol", "bye", 0, 0),
	    "-!- carol left (bye)");
	assert_string_equal(show(MSG_LEAVE, 0, "carol", "", 0, 0),
	    "-!- carol left");
	assert_string_equal(show(MSG_RENAME, 0, "carol", "dave", 0, 0),
	    "-!- carol is now known as dave");
	assert_string_equal(show(MSG_NAME, 0, "dave", "1.2.3.4:5", 0, 0),
	    "-!- names: dave [1.2.3.4:5]");
	assert_string_equal(show(MSG_NAMES_END, 3, 0, 0, 0, 0),
	    "-!- 3 in the room");
	assert_string_equal(show(MSG_NOTICE, 0, "hello", 0, 0, 0),
	    "-!- hello");
	assert_string_equal(show(MSG_ERROR, 7, "the nick x is taken", 0, 0, 0),
	    "-!- error: the nick x is taken");
	assert_string_equal(show(MSG_WELCOME, 2, "bob", "lanchatd 1", 0, 0),
	    "-!- welcome, bob: 2 in the room (lanchatd 1)");
	assert_string_equal(show(MSG_AWAY_IS, 0, "carol", "at lunch", 0, 0),
	    "-!- carol is away: at lunch");
	assert_string_equal(show(MSG_TOPIC_IS, 0, "carol", "friday", 0, 0),
	    "-!- carol set the topic: friday");
	assert_string_equal(show(MSG_TOPIC_IS, 1, "carol", "friday", 0, 0),
	    "-!- topic: friday (set by carol)");
	assert_string_equal(show(MSG_TOPIC_IS, 0, "carol", "", 0, 0),
	    "-!- carol cleared the topic");
}

static void
bursts(void **state)
{
	(void)state;
	assert_string_equal(show(MSG_JOINS, 40, "a b c d", 0, 0, 0),
	    "-!- 40 joined: a b c d and 36 more");
	assert_string_equal(show(MSG_JOINS, 2, "a b", 0, 0, 0),
	    "-!- 2 joined: a b");
}

static void
silent_types(void **state)
{
	struct msg m = { .type = MSG_PONG };
	(void)state;
	assert_int_equal(fmt_msg(&m, "x", out, sizeof out), 0);
	m.type = MSG_SAY; /* a client's message is never shown as such */
	assert_int_equal(fmt_msg(&m, "x", out, sizeof out), 0);
}

static void
peer_text_is_sanitised(void **state)
{
	(void)state;
	assert_string_equal(show(MSG_CHAT, 0, "eve", "\x1b]52;c;bad\x07", 0, 0),
	    "<eve> \xef\xbf\xbd]52;c;bad\xef\xbf\xbd");
	assert_string_equal(show(MSG_CHAT, 0, "e\x1b[Hve", "x", 0, 0),
	    "<e\xef\xbf\xbd[Hve> x");
}

static void
small_buffers(void **state)
{
	struct msg m = { .type = MSG_CHAT };
	char small[8];
	(void)state;
	m.s[0] = msg_str("alice");
	m.s[1] = msg_str("a long line of text");
	assert_true(fmt_msg(&m, NULL, small, sizeof small) < sizeof small);
	assert_int_equal(small[strlen(small)], '\0');
}

/* For nc and telnet readers nothing a member says can pass for a server
 * line, however their terminal wraps it; batch output is left as said. */
static void
line_mode_cannot_mimic(void **state)
{
	char buf[512];
	struct msg m = { .type = MSG_CHAT };
	(void)state;
	m.s[0] = msg_str("mallory");
	m.s[1] = msg_str("hi          \t   -!- the server is shutting down");
	fmt_line(&m, NULL, buf, sizeof buf);
	assert_string_equal(buf, "<mallory> hi -!_ the server is shutting down");
	fmt_msg(&m, NULL, buf, sizeof buf);
	assert_non_null(strstr(buf, "          "));
	/* a reason in a leave notice too; the server's own tag stays */
	m = (struct msg){ .type = MSG_LEAVE };
	m.s[0] = msg_str("mallory");
	m.s[1] = msg_str("-!- x");
	fmt_line(&m, NULL, buf, sizeof buf);
	assert_string_equal(buf, "-!- mallory left (-!_ x)");
}

static void
company(void **state)
{
	char buf[128];
	const char *n[] = { "alice", "bob", "carol", "Me", "dave" };
	(void)state;
	fmt_company(buf, sizeof buf, n + 3, 1, "me", 1);
	assert_string_equal(buf, "alone so far");
	fmt_company(buf, sizeof buf, n, 1, "me", 2);
	assert_string_equal(buf, "with alice");
	fmt_company(buf, sizeof buf, n, 2, "me", 3);
	assert_string_equal(buf, "with alice and bob");
	fmt_company(buf, sizeof buf, n, 4, "me", 4);
	assert_string_equal(buf, "with alice, bob and carol");
	fmt_company(buf, sizeof buf, n, 5, "me", 5);
	assert_string_equal(buf, "with alice, bob and 2 others");
	/* the server counts more than the list names yet */
	fmt_company(buf, sizeof buf, n, 2, "me", 40);
	assert_string_equal(buf, "with alice, bob and 37 others");
	fmt_company(buf, sizeof buf, NULL, 0, "me", 3);
	assert_string_equal(buf, "with 2 others");
}

int
main(void)
{
	RUN(cmocka_unit_test(every_type),
	    cmocka_unit_test(bursts),
	    cmocka_unit_test(silent_types),
	    cmocka_unit_test(peer_text_is_sanitised),
	    cmocka_unit_test(small_buffers),
	    cmocka_unit_test(line_mode_cannot_mimic),
	    cmocka_unit_test(company));
}
