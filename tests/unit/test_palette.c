/* Unit tests for palette: nick colours never mean something else. */
#include "unit.h"

#include "nick.h"
#include "palette.h"

static void
never_reserved(void **state)
{
	static const int depths[] = { 256, 88, 16, 8 };
	(void)state;
	for (size_t d = 0; d < sizeof depths / sizeof depths[0]; d++) {
		const short *c;
		int n = palette_nicks(depths[d], &c);
		assert_true(n >= 3 && n <= PALETTE_MAX);
		for (int i = 0; i < n; i++) {
			assert_false(palette_reserved(c[i]));
			assert_true(c[i] < depths[d]);
			for (int j = 0; j < i; j++)
				assert_int_not_equal(c[i], c[j]);
		}
	}
	const short *c;
	assert_int_equal(palette_nicks(2, &c), 0);
	assert_int_equal(palette_nicks(256, &c), 12);
	assert_int_equal(palette_nicks(16, &c), 6);
}

static void
reserved_hues(void **state)
{
	(void)state;
	/* the basic and bright red, yellow, cyan */
	assert_true(palette_reserved(1) && palette_reserved(9));
	assert_true(palette_reserved(3) && palette_reserved(11));
	assert_true(palette_reserved(6) && palette_reserved(14));
	/* their 256-colour relatives: 196 red, 226 yellow, 51 cyan, 208
	 * orange (too near both) */
	assert_true(palette_reserved(196) && palette_reserved(160));
	assert_true(palette_reserved(226) && palette_reserved(51));
	assert_true(palette_reserved(208));
	/* blue, green, magenta and greys are free */
	assert_false(palette_reserved(4) || palette_reserved(2));
	assert_false(palette_reserved(21) || palette_reserved(46));
	assert_false(palette_reserved(201) || palette_reserved(244));
}

static void
timestamps_readable(void **state)
{
	(void)state;
	assert_int_equal(palette_time(256), 244); /* mid grey */
	assert_int_equal(palette_time(16), -1);   /* the terminal's own */
}

static void
a_nick_keeps_its_colour(void **state)
{
	(void)state;
	assert_int_equal(nick_color("Alice", 12), nick_color("alice", 12));
	int seen[12] = { 0 }, used = 0;
	char nick[16];
	for (int i = 0; i < 100; i++) {
		snprintf(nick, sizeof nick, "user%d", i);
		int k = nick_color(nick, 12);
		used += !seen[k];
		seen[k] = 1;
	}
	assert_true(used >= 10); /* spread over the palette */
}

int
main(void)
{
	RUN(cmocka_unit_test(never_reserved),
	    cmocka_unit_test(reserved_hues),
	    cmocka_unit_test(timestamps_readable),
	    cmocka_unit_test(a_nick_keeps_its_colour));
}
