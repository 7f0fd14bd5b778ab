/* Unit tests for unseen: counting what came while away, and the mark. */
#include "unit.h"

#include "unseen.h"

static void
counted_while_scrolled(void **state)
{
	struct unseen u;
	char buf[64];
	(void)state;
	unseen_init(&u);
	unseen_line(&u, 1); /* looking: not counted */
	unseen_leave(&u, UNSEEN_SCROLL, 40);
	unseen_status(&u, buf, sizeof buf);
	assert_string_equal(buf, " -- scrolled -- ");
	for (int i = 0; i < 12; i++)
		unseen_line(&u, i == 5);
	unseen_status(&u, buf, sizeof buf);
	assert_string_equal(buf, " -- 12 new, 1 mentions you -- ");
	unseen_line(&u, 1);
	unseen_status(&u, buf, sizeof buf);
	assert_string_equal(buf, " -- 13 new, 2 mention you -- ");
	assert_int_equal(u.mark, UNSEEN_NONE);
	unseen_back(&u, UNSEEN_SCROLL);
	assert_int_equal(u.mark, 40); /* before the first that came */
}

static void
both_reasons_must_go(void **state)
{
	struct unseen u;
	char buf[64];
	(void)state;
	unseen_init(&u);
	unseen_leave(&u, UNSEEN_FOCUS, 7);
	unseen_line(&u, 0);
	unseen_leave(&u, UNSEEN_SCROLL, 8); /* still the same absence */
	unseen_line(&u, 0);
	unseen_back(&u, UNSEEN_SCROLL);
	assert_int_equal(u.mark, UNSEEN_NONE); /* still unfocused */
	unseen_status(&u, buf, sizeof buf);
	assert_string_equal(buf, " -- 2 new -- ");
	unseen_back(&u, UNSEEN_FOCUS);
	assert_int_equal(u.mark, 7);
	/* looking away again: the old mark has been seen */
	unseen_leave(&u, UNSEEN_FOCUS, 20);
	assert_int_equal(u.mark, UNSEEN_NONE);
	unseen_back(&u, UNSEEN_FOCUS); /* nothing came: no mark */
	assert_int_equal(u.mark, UNSEEN_NONE);
	unseen_back(&u, UNSEEN_FOCUS); /* a stray focus-in changes nothing */
	assert_int_equal(u.away, 0);
}

int
main(void)
{
	RUN(cmocka_unit_test(counted_while_scrolled),
	    cmocka_unit_test(both_reasons_must_go));
}
