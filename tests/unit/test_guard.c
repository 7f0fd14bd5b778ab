/* Unit tests for guard: per-address connection limits at their edges. */
#include "unit.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "guard.h"

static struct guard_key
key(const char *addr)
{
	struct sockaddr_storage ss = { 0 };
	struct guard_key k;
	if (strchr(addr, ':')) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		assert_int_equal(inet_pton(AF_INET6, addr, &s6->sin6_addr), 1);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, addr, &s4->sin_addr), 1);
	}
	guard_key((struct sockaddr *)&ss, &k);
	return k;
}

static void
at_most_per_addr(void **state)
{
	struct guard_limits l = { 8, { 0, 1 }, { 0, 1 } };
	struct guard *g = guard_new(&l);
	struct guard_key a = key("10.0.0.1"), b = key("10.0.0.2");
	(void)state;
	for (int i = 0; i < 8; i++)
		assert_int_equal(guard_admit(g, &a, 0), GUARD_OK);
	assert_int_equal(guard_admit(g, &a, 0), GUARD_TOO_MANY); /* the 9th */
	assert_int_equal(guard_admit(g, &b, 0), GUARD_OK);
	guard_release(g, &a);
	assert_int_equal(guard_admit(g, &a, 0), GUARD_OK);
	assert_int_equal(guard_admit(g, &a, 0), GUARD_TOO_MANY);
	guard_free(g);
}

static void
connect_rate(void **state)
{
	struct guard_limits l = { 0, { 5, 10 }, { 0, 1 } };
	struct guard *g = guard_new(&l);
	struct guard_key a = key("10.0.0.1"), b = key("10.0.0.9");
	(void)state;
	for (int i = 0; i < 10; i++)
		assert_int_equal(guard_admit(g, &a, 1000), GUARD_OK);
	assert_int_equal(guard_admit(g, &a, 1000), GUARD_TOO_FAST);
	assert_int_equal(guard_admit(g, &b, 1000), GUARD_OK);
	assert_int_equal(guard_admit(g, &a, 1200), GUARD_OK); /* one more */
	assert_int_equal(guard_admit(g, &a, 1200), GUARD_TOO_FAST);
	guard_free(g);
}

/* An IPv6 host counts by its /64; IPv4, mapped or not, by itself. */
static void
keys(void **state)
{
	struct guard_key a = key("2001:db8:1:2::1"), b = key("2001:db8:1:2:ff::9"),
	    c = key("2001:db8:1:3::1"), d = key("192.0.2.7"),
	    e = key("::ffff:192.0.2.7"), f = key("192.0.2.8");
	(void)state;
	assert_memory_equal(&a, &b, sizeof a);
	assert_memory_not_equal(&a, &c, sizeof a);
	assert_memory_equal(&d, &e, sizeof d);
	assert_memory_not_equal(&d, &f, sizeof d);
}

static void
sweep_forgets_idle(void **state)
{
	struct guard_limits l = { 8, { 10, 20 }, { 5, 10 } };
	struct guard *g = guard_new(&l);
	char addr[32];
	(void)state;
	for (int i = 0; i < 500; i++) {
		snprintf(addr, sizeof addr, "10.1.%d.%d", i / 250, i % 250);
		struct guard_key k = key(addr);
		assert_int_equal(guard_admit(g, &k, 0), GUARD_OK);
		if (i % 2)
			guard_release(g, &k);
	}
	assert_int_equal(guard_count(g), 500);
	guard_sweep(g, 0); /* buckets not yet full again: kept */
	assert_int_equal(guard_count(g), 500);
	guard_sweep(g, 10000);
	assert_int_equal(guard_count(g), 250); /* the ones still open */
	guard_free(g);
}

/* Wrong room secrets count a minute per address: ten at once, then one
 * more every twelve seconds; other addresses are not held back. */
static void
guesses_a_minute(void **state)
{
	struct guard_limits l = { 0, { 0, 1 }, { 5, 10 } };
	struct guard *g = guard_new(&l);
	struct guard_key a = key("10.0.0.1"), b = key("10.0.0.2");
	(void)state;
	assert_int_equal(guard_admit(g, &a, 0), GUARD_OK);
	assert_int_equal(guard_admit(g, &b, 0), GUARD_OK);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(guard_guess_wait(g, &a, 0), 0);
		guard_guess_wrong(g, &a, 0);
	}
	uint64_t w = guard_guess_wait(g, &a, 0);
	assert_true(w > 11000 && w <= 12060); /* a minute over five */
	assert_int_equal(guard_guess_wait(g, &b, 0), 0);
	assert_true(guard_guess_wait(g, &a, 6000) > 5000);
	assert_int_equal(guard_guess_wait(g, &a, 12060), 0);
	guard_guess_wrong(g, &a, 12060);
	assert_true(guard_guess_wait(g, &a, 12060) > 0);
	/* Not forgotten while it owes guesses, even with nothing open. */
	guard_release(g, &a);
	guard_sweep(g, 13000);
	assert_true(guard_guess_wait(g, &a, 13000) > 0);
	guard_sweep(g, 200000);
	assert_int_equal(guard_guess_wait(g, &a, 200000), 0);
	guard_free(g);
}

int
main(void)
{
	RUN(cmocka_unit_test(at_most_per_addr),
	    cmocka_unit_test(connect_rate),
	    cmocka_unit_test(guesses_a_minute),
	    cmocka_unit_test(keys),
	    cmocka_unit_test(sweep_forgets_idle));
}
