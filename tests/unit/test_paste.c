/* Unit tests for paste: pasted bytes into chat lines, never commands. */
#include "unit.h"

#include "paste.h"

static char got[8][128];
static int ngot;

static void
take(void *arg, const char *line, size_t len)
{
	(void)arg;
	if (ngot < 8)
		snprintf(got[ngot++], sizeof got[0], "%.*s", (int)len, line);
}

static struct paste p;

static void
run(const char *s)
{
	paste_init(&p);
	paste_add(&p, s, strlen(s));
	ngot = 0;
	paste_each(&p, take, NULL);
}

static void
lines_and_endings(void **state)
{
	(void)state;
	run("look at this:\n/quit pasted by accident\n");
	assert_int_equal(paste_lines(&p), 2);
	assert_int_equal(ngot, 2);
	assert_string_equal(got[0], "look at this:");
	assert_string_equal(got[1], "//quit pasted by accident");
	run("a\r\nb\rc\n\nd");
	assert_int_equal(ngot, 5);
	assert_string_equal(got[2], "c");
	assert_string_equal(got[3], "");
	assert_string_equal(got[4], "d");
	run("one line, no end");
	assert_int_equal(paste_lines(&p), 1);
}

static void
controls_dropped(void **state)
{
	(void)state;
	run("red \x1b[31mtext\x07\tok\x7f\n");
	assert_int_equal(ngot, 1);
	assert_string_equal(got[0], "red [31mtext\tok");
}

static void
bounded(void **state)
{
	static char big[PASTE_MAX + 100];
	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	run(big);
	assert_int_equal(p.len, PASTE_MAX);
	assert_true(p.truncated);
	/* split across adds, CR LF still one ending */
	paste_init(&p);
	paste_add(&p, "a\r", 2);
	paste_add(&p, "\nb", 2);
	assert_int_equal(paste_lines(&p), 2);
}

int
main(void)
{
	RUN(cmocka_unit_test(lines_and_endings),
	    cmocka_unit_test(controls_dropped),
	    cmocka_unit_test(bounded));
}
