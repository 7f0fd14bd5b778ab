/* Unit tests for loop: end-of-turn hooks are added, run in order, and
 * removed. */
#include "unit.h"

#include "loop.h"

static char order[16];
static size_t norder;

static void
hook(void *arg)
{
	if (norder + 1 < sizeof order)
		order[norder++] = *(const char *)arg;
	order[norder] = '\0';
}

static void
stop_hook(void *arg)
{
	*(int *)arg = 1;
}

static void
noop(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what, (void)arg;
}

static void
hooks_run_in_order_and_go(void **state)
{
	struct event_base *base = event_base_new();
	struct event *keep = event_new(base, -1, EV_PERSIST, noop, NULL);
	struct timeval tv = { 10, 0 };
	static const char a = 'a', b = 'b', c = 'c';
	int stop = 0;
	(void)state;

	evtimer_add(keep, &tv); /* so the loop has something to wait for */
	event_active(keep, EV_TIMEOUT, 0);
	assert_int_equal(loop_add_hook(hook, (void *)&a), 0);
	assert_int_equal(loop_add_hook(hook, (void *)&b), 0);
	assert_int_equal(loop_add_hook(hook, (void *)&c), 0);
	loop_del_hook(hook, (void *)&b);
	loop_del_hook(hook, (void *)&b); /* a second time: nothing */
	assert_int_equal(loop_add_hook(stop_hook, &stop), 0);
	assert_int_equal(loop_run(base, &stop), 0);
	assert_string_equal(order, "ac");
	loop_del_hook(hook, (void *)&a);
	loop_del_hook(hook, (void *)&c);
	loop_del_hook(stop_hook, &stop);
	event_free(keep);
	event_base_free(base);
}

static void
hooks_are_bounded(void **state)
{
	static const char x = 'x';
	int i;
	(void)state;
	for (i = 0; i < LOOP_HOOKS; i++)
		assert_int_equal(loop_add_hook(hook, (void *)&x), 0);
	assert_int_equal(loop_add_hook(hook, (void *)&x), -1);
	for (i = 0; i < LOOP_HOOKS; i++)
		loop_del_hook(hook, (void *)&x);
	assert_int_equal(loop_add_hook(hook, (void *)&x), 0);
	loop_del_hook(hook, (void *)&x);
}

int
main(void)
{
	RUN(cmocka_unit_test(hooks_run_in_order_and_go),
	    cmocka_unit_test(hooks_are_bounded));
}
