/* Unit tests for ignore: a local list that follows renames. */
#include "unit.h"

#include "ignore.h"

static void
add_find_remove(void **state)
{
	struct ignore g;
	char buf[256];
	(void)state;
	ignore_init(&g);
	ignore_list(&g, buf, sizeof buf);
	assert_string_equal(buf, "nobody");
	assert_int_equal(ignore_add(&g, "Alice", 5), 1);
	assert_int_equal(ignore_add(&g, "alice", 5), 0); /* case folded */
	assert_int_equal(ignore_add(&g, "bob", 3), 1);
	assert_true(ignore_has(&g, "ALICE", 5));
	assert_false(ignore_has(&g, "carol", 5));
	ignore_list(&g, buf, sizeof buf);
	assert_string_equal(buf, "Alice, bob");
	assert_int_equal(ignore_del(&g, "ALICE", 5), 1);
	assert_int_equal(ignore_del(&g, "alice", 5), 0);
	assert_false(ignore_has(&g, "alice", 5));
	assert_true(ignore_has(&g, "bob", 3));
}

static void
follows_renames_and_is_bounded(void **state)
{
	struct ignore g;
	char nick[16];
	(void)state;
	ignore_init(&g);
	ignore_add(&g, "troll", 5);
	ignore_rename(&g, "Troll", 5, "troll2", 6);
	assert_true(ignore_has(&g, "troll2", 6));
	assert_false(ignore_has(&g, "troll", 5));
	ignore_rename(&g, "someone", 7, "else", 4); /* not ignored: nothing */
	assert_false(ignore_has(&g, "else", 4));
	for (int i = 0; i < IGNORE_MAX - 1; i++) {
		snprintf(nick, sizeof nick, "n%d", i);
		assert_int_equal(ignore_add(&g, nick, strlen(nick)), 1);
	}
	assert_int_equal(ignore_add(&g, "onemore", 7), -1);
}

int
main(void)
{
	RUN(cmocka_unit_test(add_find_remove),
	    cmocka_unit_test(follows_renames_and_is_bounded));
}
