/* Unit tests for roster: the client's sorted, case-insensitive nick list. */
#include "unit.h"

#include "roster.h"

static struct roster r;

static int
fresh(void **state)
{
	(void)state;
	roster_init(&r);
	return 0;
}

static int
done(void **state)
{
	(void)state;
	roster_free(&r);
	return 0;
}

static void
add(const char *nick)
{
	roster_add(&r, nick, strlen(nick));
}

static void
del(const char *nick)
{
	roster_del(&r, nick, strlen(nick));
}

/* The list as "a,b,c". */
static const char *
list(void)
{
	static char buf[512];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r.n; i++)
		n += snprintf(buf + n, sizeof buf - n, "%s%s", i ? "," : "",
		    r.nick[i]);
	return buf;
}

static void
sorted_without_case(void **state)
{
	(void)state;
	add("carol");
	add("Alice");
	add("bob");
	add("ALICE"); /* the same nick */
	assert_string_equal(list(), "Alice,bob,carol");
	del("BOB");
	del("nobody");
	assert_string_equal(list(), "Alice,carol");
	del("alice");
	del("carol");
	assert_string_equal(list(), "");
}

static void
bad_lengths_ignored(void **state)
{
	(void)state;
	roster_add(&r, "x", 0);
	add("seventeen_bytes_x"); /* NICK_MAX + 1 */
	add("sixteen_bytes_xx");
	assert_string_equal(list(), "sixteen_bytes_xx");
	roster_push(&r, "", 0);
	assert_int_equal(r.n, 1);
}

static void
grows_and_stays_sorted(void **state)
{
	char nick[8];
	(void)state;
	for (int i = 499; i >= 0; i--) {
		snprintf(nick, sizeof nick, "n%03d", i);
		add(nick);
	}
	assert_int_equal(r.n, 500);
	for (size_t i = 1; i < r.n; i++)
		assert_true(nick_cmp(r.nick[i - 1], r.nick[i]) < 0);
	roster_clear(&r);
	assert_int_equal(r.n, 0);
}

/* A names reply is pushed unordered, sorted once, then swapped in. */
static void
push_sort_swap(void **state)
{
	struct roster other;
	(void)state;
	roster_init(&other);
	add("old");
	roster_push(&other, "zed", 3);
	roster_push(&other, "Amy", 3);
	roster_push(&other, "kim", 3);
	roster_sort(&other);
	roster_swap(&r, &other);
	assert_string_equal(list(), "Amy,kim,zed");
	assert_int_equal(other.n, 1);
	assert_string_equal(other.nick[0], "old");
	roster_free(&other);
}

int
main(void)
{
	RUN(cmocka_unit_test_setup_teardown(sorted_without_case, fresh, done),
	    cmocka_unit_test_setup_teardown(bad_lengths_ignored, fresh, done),
	    cmocka_unit_test_setup_teardown(grows_and_stays_sorted, fresh, done),
	    cmocka_unit_test_setup_teardown(push_sort_swap, fresh, done));
}
