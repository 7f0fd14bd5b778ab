/* Unit tests for typed: what each line the user types asks for. */
#include "unit.h"

#include "text.h"
#include "typed.h"

static struct typed t;
static struct cmd c;

static enum typed_kind
kind(const char *line)
{
	typed_parse(line, strlen(line), &c, &t);
	return t.kind;
}

static int
is(const struct msg_str *s, const char *want)
{
	return s->len == strlen(want) && memcmp(s->p, want, s->len) == 0;
}

static void
messages_for_the_server(void **state)
{
	(void)state;
	assert_int_equal(kind("hello there"), TYPED_SEND);
	assert_int_equal(t.msg.type, MSG_SAY);
	assert_true(is(&t.msg.s[0], "hello there"));
	assert_int_equal(kind("/me waves"), TYPED_SEND);
	assert_int_equal(t.msg.type, MSG_ACT);
	assert_int_equal(kind("/msg bob psst"), TYPED_SEND);
	assert_int_equal(t.msg.type, MSG_TELL);
	assert_true(is(&t.msg.s[0], "bob"));
	assert_true(is(&t.msg.s[1], "psst"));
	assert_int_equal(kind("//slash"), TYPED_SEND);
	assert_true(is(&t.msg.s[0], "/slash"));
	assert_int_equal(kind("/nick Carol"), TYPED_NICK);
	assert_true(is(&t.msg.s[0], "Carol"));
}

static void
things_for_the_core(void **state)
{
	(void)state;
	assert_int_equal(kind(""), TYPED_NOTHING);
	assert_int_equal(kind("/names"), TYPED_NAMES);
	assert_int_equal(kind("/quit see you"), TYPED_QUIT);
	assert_true(is(&t.msg.s[0], "see you"));
	assert_int_equal(kind("/help"), TYPED_HELP);
	assert_int_equal(kind("/mode UDP"), TYPED_MODE);
	assert_int_equal(t.on, 1);
	assert_int_equal(kind("/mode tcp"), TYPED_MODE);
	assert_int_equal(t.on, 0);
	assert_int_equal(kind("/clear"), TYPED_SCREEN);
	assert_int_equal(c.id, CMD_CLEAR);
	assert_int_equal(kind("/host"), TYPED_SCREEN);
}

static void
away_topic_ignore(void **state)
{
	char big[MSG_TOPIC_MAX + 16];
	(void)state;
	assert_int_equal(kind("/away at lunch"), TYPED_SEND);
	assert_int_equal(t.msg.type, MSG_AWAY);
	assert_true(is(&t.msg.s[0], "at lunch"));
	assert_int_equal(kind("/away"), TYPED_SEND); /* back */
	assert_int_equal(t.msg.s[0].len, 0);
	assert_int_equal(kind("/topic plans for friday"), TYPED_SEND);
	assert_int_equal(t.msg.type, MSG_TOPIC);
	assert_true(is(&t.msg.s[0], "plans for friday"));
	assert_int_equal(kind("/topic"), TYPED_TOPIC); /* show it */
	assert_int_equal(kind("/topic -"), TYPED_SEND); /* clear it */
	assert_int_equal(t.msg.s[0].len, 0);
	snprintf(big, sizeof big, "/topic %0*d", MSG_TOPIC_MAX + 1, 0);
	assert_int_equal(kind(big), TYPED_REFUSE);
	snprintf(big, sizeof big, "/topic %0*d", MSG_TOPIC_MAX, 0);
	assert_int_equal(kind(big), TYPED_SEND); /* at the limit */
	assert_int_equal(kind("/away \x1b[2J"), TYPED_REFUSE);
	assert_int_equal(kind("/ignore Troll"), TYPED_IGNORE);
	assert_true(is(&t.msg.s[0], "Troll"));
	assert_int_equal(kind("/ignore"), TYPED_IGNORE); /* the list */
	assert_int_equal(t.msg.s[0].len, 0);
	assert_int_equal(kind("/ignore 9lives"), TYPED_REFUSE);
	assert_int_equal(kind("/unignore troll"), TYPED_UNIGNORE);
	assert_int_equal(kind("/unignore"), TYPED_REFUSE); /* usage */
}

static void
refusals_say_why(void **state)
{
	char big[TEXT_MAX + 2];
	(void)state;
	assert_int_equal(kind("/frob"), TYPED_REFUSE);
	assert_non_null(strstr(t.why, "unknown command /frob"));
	assert_int_equal(kind("/mode carrier-pigeon"), TYPED_REFUSE);
	assert_non_null(strstr(t.why, "usage: /mode"));
	assert_int_equal(kind("/nick 9lives"), TYPED_REFUSE);
	assert_int_equal(kind("hi \x1b[2J"), TYPED_REFUSE);
	assert_non_null(strstr(t.why, "escape character"));
	assert_int_equal(kind("/msg bob \xe2\x80\xae"), TYPED_REFUSE);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(kind(big), TYPED_REFUSE);
	assert_non_null(strstr(t.why, "over the limit"));
}

int
main(void)
{
	RUN(cmocka_unit_test(messages_for_the_server),
	    cmocka_unit_test(away_topic_ignore),
	    cmocka_unit_test(things_for_the_core),
	    cmocka_unit_test(refusals_say_why));
}
