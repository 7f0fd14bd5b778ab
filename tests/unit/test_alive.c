/* Unit tests for alive: ping after silence, gone after no answer. */
#include "unit.h"

#include "alive.h"

static void
ping_then_gone(void **state)
{
	struct alive a;
	(void)state;
	alive_init(&a, 60000, 20000, 1000);
	assert_int_equal(alive_check(&a, 60999), ALIVE_OK);
	assert_int_equal(alive_check(&a, 61000), ALIVE_PING);
	assert_int_equal(alive_check(&a, 61001), ALIVE_OK); /* pinged once */
	assert_int_equal(alive_check(&a, 80999), ALIVE_OK);
	assert_int_equal(alive_check(&a, 81000), ALIVE_GONE);
}

static void
an_answer_starts_over(void **state)
{
	struct alive a;
	(void)state;
	alive_init(&a, 1000, 1000, 0);
	assert_int_equal(alive_check(&a, 1000), ALIVE_PING);
	alive_heard(&a, 1500);
	assert_int_equal(alive_check(&a, 2400), ALIVE_OK);
	assert_int_equal(alive_check(&a, 2500), ALIVE_PING);
	/* traffic keeps it quiet however long it goes on */
	for (uint64_t t = 2600; t < 100000; t += 900) {
		alive_heard(&a, t);
		assert_int_equal(alive_check(&a, t + 800), ALIVE_OK);
	}
}

static void
never_pings_when_off(void **state)
{
	struct alive a;
	(void)state;
	alive_init(&a, 0, 20000, 0);
	assert_int_equal(alive_check(&a, 1000000000), ALIVE_OK);
}

static void
period(void **state)
{
	struct alive a;
	(void)state;
	alive_init(&a, 60000, 20000, 0);
	assert_int_equal(alive_period_ms(&a), 1000);
	alive_init(&a, 1000, 400, 0);
	assert_int_equal(alive_period_ms(&a), 100);
	alive_init(&a, 100, 100, 0);
	assert_int_equal(alive_period_ms(&a), 50);
}

int
main(void)
{
	RUN(cmocka_unit_test(ping_then_gone),
	    cmocka_unit_test(an_answer_starts_over),
	    cmocka_unit_test(never_pings_when_off),
	    cmocka_unit_test(period));
}
