/* Unit tests for complete: Tab candidates. */
#include "unit.h"
#include "complete.h"

static void
commands(void **state)
{
	char buf[32];
	const char *c;
	int seen_nick = 0, seen_host = 0, seen_clear = 0, n = 0;
	(void)state;
	while ((c = complete_candidate(n, 1, NULL, NULL, buf, sizeof buf))) {
		assert_int_equal(c[0], '/');
		seen_nick |= strcmp(c, "/nick") == 0;
		seen_host |= strcmp(c, "/host") == 0;
		seen_clear |= strcmp(c, "/clear") == 0;
		n++;
	}
	assert_true(seen_nick && seen_host && seen_clear);
	assert_true(n >= 10);
	assert_null(complete_candidate(-1, 1, NULL, NULL, buf, sizeof buf));
}

static void
nicks_without_self(void **state)
{
	struct roster nicks;
	char buf[32];
	(void)state;
	roster_init(&nicks);
	roster_push(&nicks, "alice", 5);
	roster_push(&nicks, "Bob", 3);
	roster_push(&nicks, "carol", 5);
	assert_string_equal(complete_candidate(0, 0, &nicks, "bob", buf,
	    sizeof buf), "alice");
	assert_string_equal(complete_candidate(1, 0, &nicks, "bob", buf,
	    sizeof buf), "carol");
	assert_null(complete_candidate(2, 0, &nicks, "bob", buf, sizeof buf));
	assert_string_equal(complete_candidate(2, 0, &nicks, NULL, buf,
	    sizeof buf), "carol");
	assert_null(complete_candidate(0, 0, NULL, "x", buf, sizeof buf));
	roster_free(&nicks);
}

int
main(void)
{
	RUN(cmocka_unit_test(commands), cmocka_unit_test(nicks_without_self));
}
