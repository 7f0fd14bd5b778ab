/* Unit tests for nick: the rules and case-insensitive comparison. */
#include "unit.h"
#include "nick.h"

static int
valid(const char *s)
{
	char why[128];
	return nick_check(s, strlen(s), why, sizeof why) == 0;
}

static void
accepted(void **state)
{
	(void)state;
	assert_true(valid("alice"));
	assert_true(valid("Bob_2"));
	assert_true(valid("[away]"));
	assert_true(valid("x"));
	assert_true(valid("a-b^c{d}e|f`g\\h"));
	assert_true(valid("abcdefghijklmnop")); /* 16 */
}

static void
refused(void **state)
{
	char why[128];
	(void)state;
	assert_false(valid(""));
	assert_false(valid("abcdefghijklmnopq")); /* 17 */
	assert_false(valid("9lives"));
	assert_false(valid("-dash"));
	assert_false(valid("two words"));
	assert_false(valid("tab\there"));
	assert_false(valid("é"));
	assert_false(valid("a:b"));
	assert_false(valid("a\x1b"));
	assert_int_equal(nick_check("a\0b", 3, why, sizeof why), -1);
	assert_non_null(strstr(why, "0x00"));
}

static void
case_insensitive(void **state)
{
	(void)state;
	assert_int_equal(nick_cmp("Alice", "aLICE"), 0);
	assert_true(nick_cmp("alice", "alicf") < 0);
	assert_true(nick_cmp("alice", "alic") > 0);
	assert_int_equal(nick_hash("BoB"), nick_hash("bob"));
	assert_true(nick_hash("bob") != nick_hash("rob"));
}

static void
colors(void **state)
{
	(void)state;
	/* stable, case-blind, in range, and not all the same */
	assert_int_equal(nick_color("alice", 6), nick_color("ALICE", 6));
	int seen = 0;
	const char *nicks[] = { "alice", "bob", "carol", "dave", "erin",
	    "frank", "grace", "heidi" };
	for (size_t i = 0; i < 8; i++) {
		int c = nick_color(nicks[i], 6);
		assert_true(c >= 0 && c < 6);
		seen |= 1 << c;
	}
	assert_true(__builtin_popcount(seen) >= 3);
	assert_int_equal(nick_color("x", 0), 0);
}

int
main(void)
{
	RUN(cmocka_unit_test(accepted),
	    cmocka_unit_test(refused),
	    cmocka_unit_test(case_insensitive),
	    cmocka_unit_test(colors));
}
