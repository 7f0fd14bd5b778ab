/* Unit tests for notify: a peer's words cannot break out of the OSC. */
#include "unit.h"

#include "notify.h"

static void
both_forms(void **state)
{
	char buf[512];
	(void)state;
	notify_osc(NOTIFY_OSC777, "lanchat: alice", "hi me", buf, sizeof buf);
	assert_string_equal(buf, "\033]777;notify;lanchat: alice;hi me\033\\");
	notify_osc(NOTIFY_OSC9, "alice", "hi me", buf, sizeof buf);
	assert_string_equal(buf, "\033]9;alice: hi me\033\\");
	assert_int_equal(notify_osc(NOTIFY_OFF, "a", "b", buf, sizeof buf), 0);
}

static void
hostile_text_made_safe(void **state)
{
	char buf[512];
	(void)state;
	/* BEL and ST would end it; ESC would start another; C1 too */
	notify_osc(NOTIFY_OSC777, "ev;il", "a\007b\033]52;c;x\033\\c\xc2\x9d"
	    "d\x7f" "e", buf, sizeof buf);
	assert_string_equal(buf, "\033]777;notify;evil;ab]52;c;x\\cde\033\\");
	/* long text cut at a character boundary */
	char body[600];
	for (int i = 0; i < 299; i++)
		memcpy(body + 2 * i, "\xc3\xa9", 2); /* é */
	body[598] = '\0';
	size_t n = notify_osc(NOTIFY_OSC9, "x", body, buf, sizeof buf);
	assert_true(n > 0 && n < 230);
	assert_memory_equal(buf + n - 4, "\xc3\xa9\033\\", 4);
}

int
main(void)
{
	RUN(cmocka_unit_test(both_forms),
	    cmocka_unit_test(hostile_text_made_safe));
}
