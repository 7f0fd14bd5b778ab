/* Unit tests for seqwin: duplicates, late arrivals and certain loss. */
#include "unit.h"
#include "seqwin.h"

/* Every test starts with a fresh window and no losses counted. */
static struct seqwin w;
static uint32_t lost;

static int
fresh(void **state)
{
	(void)state;
	seqwin_init(&w);
	lost = 0;
	return 0;
}

static void
in_order(void **state)
{
	(void)state;
	/* the first number seen may be anything: no loss before it */
	assert_int_equal(seqwin_take(&w, 1000, 1, &lost), SEQ_NEXT);
	for (uint32_t s = 1001; s < 1200; s++)
		assert_int_equal(seqwin_take(&w, s, 1, &lost), SEQ_NEXT);
	assert_int_equal(lost, 0);
	assert_int_equal(seqwin_holes(&w), 0);
	assert_int_equal(seqwin_expire(&w, 100000), 0);
}

static void
duplicates(void **state)
{
	(void)state;
	seqwin_take(&w, 1, 1, &lost);
	seqwin_take(&w, 2, 1, &lost);
	assert_int_equal(seqwin_take(&w, 2, 1, &lost), SEQ_DUP);
	assert_int_equal(seqwin_take(&w, 1, 1, &lost), SEQ_DUP);
	seqwin_take(&w, 5, 1, &lost);
	assert_int_equal(seqwin_take(&w, 4, 1, &lost), SEQ_LATE);
	assert_int_equal(seqwin_take(&w, 4, 1, &lost), SEQ_DUP);
	assert_int_equal(lost, 0);
}

static void
reordering_is_late_not_lost(void **state)
{
	(void)state;
	seqwin_take(&w, 1, 100, &lost);
	assert_int_equal(seqwin_take(&w, 3, 100, &lost), SEQ_NEXT);
	assert_int_equal(seqwin_holes(&w), 1);
	assert_int_equal(seqwin_take(&w, 2, 150, &lost), SEQ_LATE);
	assert_int_equal(seqwin_holes(&w), 0);
	assert_int_equal(seqwin_expire(&w, 100000), 0);
	assert_int_equal(lost, 0);
}

static void
gaps_become_certain(void **state)
{
	(void)state;
	seqwin_take(&w, 10, 1000, &lost);
	seqwin_take(&w, 13, 1000, &lost); /* 11 and 12 missing */
	assert_int_equal(seqwin_holes(&w), 2);
	/* not yet: they may still come */
	assert_int_equal(seqwin_expire(&w, 1000 + SEQWIN_WAIT_MS - 1), 0);
	assert_int_equal(seqwin_expire(&w, 1000 + SEQWIN_WAIT_MS), 2);
	assert_int_equal(seqwin_holes(&w), 0);
	/* given up on: if one turns up after all, it is not new */
	assert_int_equal(seqwin_take(&w, 11, 5000, &lost), SEQ_DUP);
	assert_int_equal(lost, 0);
}

static void
window_overflow(void **state)
{
	(void)state;
	seqwin_take(&w, 0, 1, &lost);
	seqwin_take(&w, 2, 1, &lost); /* 1 missing */
	/* 100 ahead: 1 falls out of the window, and so do 3..38 */
	seqwin_take(&w, 102, 1, &lost);
	assert_int_equal(lost, 1 + (102 - 2 - 1) - (SEQWIN_SPAN - 1));
	assert_int_equal(seqwin_holes(&w), SEQWIN_SPAN - 1);
	assert_int_equal(seqwin_take(&w, 1, 1, &lost), SEQ_STALE);
	lost = 0;
	for (uint32_t s = 39; s < 102; s++)
		seqwin_take(&w, s, 1, &lost);
	assert_int_equal(seqwin_holes(&w), 0);
	assert_int_equal(lost, 0);
	/* a small jump pushes an old hole out */
	seqwin_init(&w);
	seqwin_take(&w, 0, 1, &lost);
	seqwin_take(&w, 2, 1, &lost);
	seqwin_take(&w, 2 + SEQWIN_SPAN, 1, &lost);
	assert_int_equal(lost, 1 + SEQWIN_SPAN - 1 - (SEQWIN_SPAN - 1));
}

int
main(void)
{
	RUN(cmocka_unit_test_setup(in_order, fresh),
	    cmocka_unit_test_setup(duplicates, fresh),
	    cmocka_unit_test_setup(reordering_is_late_not_lost, fresh),
	    cmocka_unit_test_setup(gaps_become_certain, fresh),
	    cmocka_unit_test_setup(window_overflow, fresh));
}
