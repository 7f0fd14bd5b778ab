/* Unit tests for transcript: bounded scrollback, display hygiene. */
#include "unit.h"
#include "transcript.h"

static void
bounded(void **state)
{
	struct transcript *t = transcript_new(3);
	char buf[16];
	(void)state;
	for (int i = 0; i < 10; i++) {
		snprintf(buf, sizeof buf, "line %d", i);
		assert_int_equal(transcript_add(t, 0, TL_CHAT, 0, "a", 1, buf,
		    strlen(buf)), 0);
	}
	assert_int_equal(transcript_count(t), 3);
	assert_int_equal(transcript_total(t), 10);
	assert_string_equal(transcript_get(t, 0)->text, "line 7");
	assert_string_equal(transcript_get(t, 2)->text, "line 9");
	assert_null(transcript_get(t, 3));
	transcript_clear(t);
	assert_int_equal(transcript_count(t), 0);
	assert_int_equal(transcript_total(t), 10);
	transcript_free(t);
}

static void
sanitised_for_display(void **state)
{
	struct transcript *t = transcript_new(10);
	(void)state;
	const char *evil = "\x1b]0;title\x07 \x9b \xe2\x80\xae x\ty";
	transcript_add(t, 0, TL_CHAT, 0, "ev\x1b[1mil", 8, evil, strlen(evil));
	const struct tline *l = transcript_get(t, 0);
	assert_string_equal(l->who, "ev\xef\xbf\xbd[1mil");
	assert_null(strchr(l->text, '\x1b'));
	assert_null(strchr(l->text, '\x07'));
	assert_null(strstr(l->text, "\xe2\x80\xae"));
	assert_non_null(strstr(l->text, "x y"));
	transcript_free(t);
}

static void
prefixes(void **state)
{
	struct tline l = { .who = "bob", .text = "" };
	char buf[32];
	(void)state;
	static const struct {
		int kind;
		const char *want;
	} cases[] = {
		{ TL_CHAT, "<bob> " }, { TL_ACTION, "* bob " },
		{ TL_PRIV_IN, "*bob* " }, { TL_PRIV_OUT, "-> *bob* " },
		{ TL_NOTICE, "-!- " }, { TL_ERROR, "-!- " }, { TL_INFO, "-!- " },
	};
	for (size_t i = 0; i < nitems(cases); i++) {
		l.kind = cases[i].kind;
		transcript_prefix(&l, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
}

static void
mentions(void **state)
{
	(void)state;
	assert_true(transcript_mentions("hi bob!", 7, "bob"));
	assert_true(transcript_mentions("BOB: look", 9, "bob"));
	assert_true(transcript_mentions("bob", 3, "Bob"));
	assert_false(transcript_mentions("bobby tables", 12, "bob"));
	assert_false(transcript_mentions("kebob", 5, "bob"));
	assert_false(transcript_mentions("b-o-b", 5, "bob"));
	assert_false(transcript_mentions("hi", 2, ""));
}

static struct msg
mk(int type, const char *a, const char *b, const char *c, uint32_t num)
{
	struct msg m = { .type = type, .num = num };
	m.s[0] = msg_str(a ? a : "");
	m.s[1] = msg_str(b ? b : "");
	m.s[2] = msg_str(c ? c : "");
	return m;
}

/* Each room message becomes the line the reader "Me" should see. */
static void
messages_become_lines(void **state)
{
	struct transcript *t = transcript_new(16);
	struct msg m;
	const struct tline *l;
	(void)state;
	m = mk(MSG_CHAT, "me", "hi", NULL, 0);
	assert_int_equal(transcript_msg(t, 1, &m, "Me", "r"), TL_SELF);
	m = mk(MSG_CHAT, "bob", "hey me, look", NULL, 0);
	assert_int_equal(transcript_msg(t, 1, &m, "Me", "r"), TL_MENTION);
	m = mk(MSG_ACTION, "bob", "waves", NULL, 0);
	assert_int_equal(transcript_msg(t, 1, &m, "Me", "r"), 0);
	l = transcript_get(t, 2);
	assert_int_equal(l->kind, TL_ACTION);
	assert_string_equal(l->who, "bob");
	m = mk(MSG_PRIVATE, "bob", "Me", "psst", 0);
	assert_int_equal(transcript_msg(t, 1, &m, "Me", "r"), TL_MENTION);
	assert_int_equal(transcript_get(t, 3)->kind, TL_PRIV_IN);
	m = mk(MSG_PRIVATE, "ME", "bob", "back", 0);
	assert_int_equal(transcript_msg(t, 1, &m, "Me", "r"), TL_SELF);
	l = transcript_get(t, 4);
	assert_int_equal(l->kind, TL_PRIV_OUT);
	assert_string_equal(l->who, "bob"); /* the one it went to */
	m = mk(MSG_WELCOME, "Me", "srv", NULL, 3);
	assert_int_equal(transcript_msg(t, 1, &m, "Me", "host:1"), 0);
	assert_string_equal(transcript_get(t, 5)->text,
	    "you are Me in the room at host:1; 3 here");
	m = mk(MSG_LEAVE, "bob", "gone \033[2J", NULL, 0);
	assert_int_equal(transcript_msg(t, 1, &m, "Me", "r"), 0);
	l = transcript_get(t, 6);
	assert_int_equal(l->kind, TL_NOTICE);
	assert_null(strchr(l->text, '\033'));
	m = mk(MSG_ERROR, "no such nick", NULL, NULL, ERR_NO_SUCH_NICK);
	assert_int_equal(transcript_msg(t, 1, &m, "Me", "r"), 0);
	assert_int_equal(transcript_get(t, 7)->kind, TL_ERROR);
	m = mk(MSG_PONG, "x", NULL, NULL, 0); /* no line */
	assert_int_equal(transcript_msg(t, 1, &m, "Me", "r"), -1);
	assert_int_equal(transcript_count(t), 8);
	transcript_free(t);
}

static struct msg
chat(const char *who, const char *text, int late)
{
	struct msg m = { .type = MSG_CHAT, .num = late ? MSG_LATE : 0 };
	m.s[0] = msg_str(who);
	m.s[1] = msg_str(text);
	return m;
}

/* A loss told in UDP mode stands where the missing lines would have
 * been: before the first line after the gap. */
static void
losses_placed_where_the_gap_is(void **state)
{
	struct transcript *t = transcript_new(100);
	struct msg m;
	(void)state;
	m = chat("alice", "one", 0);
	transcript_msg(t, 0, &m, "me", "r");
	transcript_gap(t, "alice", 2); /* 2 and 3 missing */
	m = chat("alice", "four", 0);
	transcript_msg(t, 0, &m, "me", "r");
	m = chat("bob", "meanwhile", 0);
	transcript_msg(t, 0, &m, "me", "r");
	assert_int_equal(transcript_lost(t, 0, "alice", 2, 0), 0);
	assert_int_equal(transcript_count(t), 4);
	assert_string_equal(transcript_get(t, 1)->text,
	    "2 messages from alice were lost here");
	assert_string_equal(transcript_get(t, 2)->text, "four");
	assert_string_equal(transcript_get(t, 3)->text, "meanwhile");

	/* one of two comes late: it is marked; the other is lost there */
	transcript_gap(t, "ALICE", 2);
	m = chat("alice", "seven", 0);
	transcript_msg(t, 0, &m, "me", "r");
	m = chat("alice", "five", 1);
	transcript_msg(t, 0, &m, "me", "r");
	assert_string_equal(transcript_get(t, 5)->text, "[late] five");
	transcript_lost(t, 0, "alice", 1, 0);
	assert_string_equal(transcript_get(t, 4)->text,
	    "1 message from alice was lost here");
	assert_string_equal(transcript_get(t, 5)->text, "seven");

	/* our own: the room got them, only the echo was lost */
	transcript_gap(t, "me", 1);
	m = chat("me", "mine", 0);
	transcript_msg(t, 0, &m, "me", "r");
	transcript_lost(t, 0, "me", 1, 1);
	assert_string_equal(transcript_get(t, 7)->text, "1 of your messages "
	    "reached the room, but the echo to you was lost here");
	/* two gaps told together: the second stays in its place */
	transcript_gap(t, "dave", 1);
	m = chat("dave", "d2", 0);
	transcript_msg(t, 0, &m, "me", "r");
	transcript_gap(t, "erin", 1);
	m = chat("erin", "e2", 0);
	transcript_msg(t, 0, &m, "me", "r");
	transcript_lost(t, 0, "dave", 1, 0);
	transcript_lost(t, 0, "erin", 1, 0);
	size_t k = transcript_count(t);
	assert_string_equal(transcript_get(t, k - 4)->text,
	    "1 message from dave was lost here");
	assert_string_equal(transcript_get(t, k - 3)->text, "d2");
	assert_string_equal(transcript_get(t, k - 2)->text,
	    "1 message from erin was lost here");
	assert_string_equal(transcript_get(t, k - 1)->text, "e2");
	/* no gap marked (or it scrolled away): told at the end, not "here" */
	transcript_lost(t, 0, "carol", 3, 0);
	assert_string_equal(transcript_get(t, transcript_count(t) - 1)->text,
	    "3 messages from carol were lost");
	transcript_free(t);
}

/* A line said offline is ours, pending; its echo confirms it in place. */
static void
pending_lines_confirmed_by_their_echo(void **state)
{
	struct transcript *t = transcript_new(10);
	struct msg m;
	(void)state;
	transcript_pending(t, 5, TL_CHAT, "me", "same", 4);
	transcript_pending(t, 6, TL_ACTION, "me", "waves", 5);
	transcript_pending(t, 7, TL_CHAT, "me", "same", 4);
	assert_int_equal(transcript_get(t, 0)->flags, TL_SELF | TL_QUEUED);
	assert_string_equal(transcript_get(t, 0)->who, "me");
	m = chat("bob", "same", 0); /* someone else's: a line of its own */
	transcript_msg(t, 100, &m, "me", "r");
	assert_int_equal(transcript_count(t), 4);
	m = chat("me", "same", 0); /* the oldest of ours that matches */
	assert_int_equal(transcript_msg(t, 100, &m, "me", "r"), TL_SELF);
	assert_int_equal(transcript_count(t), 4);
	assert_int_equal(transcript_get(t, 0)->flags, TL_SELF);
	assert_int_equal(transcript_get(t, 0)->ts, 100);
	assert_int_equal(transcript_get(t, 2)->flags, TL_SELF | TL_QUEUED);
	m = chat("me", "waves", 0); /* a chat does not confirm an action */
	transcript_msg(t, 100, &m, "me", "r");
	assert_int_equal(transcript_count(t), 5);
	assert_true(transcript_get(t, 1)->flags & TL_QUEUED);
	transcript_free(t);
}

/* /url: the last addresses said, each once, newest last. */
static void
urls_listed(void **state)
{
	struct transcript *t = transcript_new(10);
	const char *u[3];
	size_t len[3];
	struct msg m;
	(void)state;
	assert_int_equal(transcript_urls(t, u, len, 3), 0);
	m = chat("a", "old http://one.test", 0);
	transcript_msg(t, 0, &m, "me", "r");
	m = chat("b", "two https://two.test and www.three.test.", 0);
	transcript_msg(t, 0, &m, "me", "r");
	m = chat("c", "again http://one.test", 0);
	transcript_msg(t, 0, &m, "me", "r");
	assert_int_equal(transcript_urls(t, u, len, 3), 3);
	assert_memory_equal(u[0], "https://two.test", len[0]);
	assert_memory_equal(u[1], "www.three.test", len[1]);
	assert_memory_equal(u[2], "http://one.test", len[2]);
	assert_int_equal(transcript_urls(t, u, len, 2), 2);
	assert_memory_equal(u[0], "www.three.test", len[0]);
	/* a listing is not something said */
	transcript_add(t, 0, TL_INFO, TL_URL, NULL, 0, "http://x.test", 13);
	assert_int_equal(transcript_urls(t, u, len, 3), 3);
	assert_memory_equal(u[2], "http://one.test", len[2]);
	transcript_free(t);
}

static void
a_gap_gone_from_the_scrollback(void **state)
{
	struct transcript *t = transcript_new(3);
	struct msg m = chat("alice", "x", 0);
	(void)state;
	transcript_gap(t, "alice", 1);
	for (int i = 0; i < 5; i++)
		transcript_msg(t, 0, &m, "me", "r");
	transcript_lost(t, 0, "alice", 1, 0);
	assert_int_equal(transcript_count(t), 3);
	assert_string_equal(transcript_get(t, 2)->text,
	    "1 message from alice was lost");
	transcript_free(t);
}

int
main(void)
{
	RUN(cmocka_unit_test(bounded),
	    cmocka_unit_test(sanitised_for_display),
	    cmocka_unit_test(prefixes),
	    cmocka_unit_test(mentions),
	    cmocka_unit_test(messages_become_lines),
	    cmocka_unit_test(losses_placed_where_the_gap_is),
	    cmocka_unit_test(a_gap_gone_from_the_scrollback),
	    cmocka_unit_test(pending_lines_confirmed_by_their_echo),
	    cmocka_unit_test(urls_listed));
}
