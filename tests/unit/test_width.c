/* Unit tests for width: columns of UTF-8 text. */
#include <locale.h>

#include "unit.h"
#include "width.h"

static size_t
w(const char *s)
{
	return width_str(s, strlen(s));
}

static void
widths(void **state)
{
	(void)state;
	assert_int_equal(w("hello"), 5);
	assert_int_equal(w("日本語"), 6);
	assert_int_equal(w("😀"), 2);
	assert_int_equal(w("e\xcc\x81"), 1);  /* combining acute: 0 wide */
	assert_int_equal(w("\x1b[2J"), 4);    /* ESC shown as U+FFFD: 1 */
	assert_int_equal(w("\xff\xfe"), 2);   /* invalid bytes: 1 each */
	assert_int_equal(w(""), 0);
}

static void
fitting(void **state)
{
	size_t cw;
	(void)state;
	/* a wide character never straddles the edge */
	assert_int_equal(width_fit("ab日本", 8, 3, &cw), 2);
	assert_int_equal(cw, 2);
	assert_int_equal(width_fit("ab日本", 8, 4, &cw), 5);
	assert_int_equal(cw, 4);
	/* a combining mark stays with its base */
	assert_int_equal(width_fit("e\xcc\x81x", 4, 1, &cw), 3);
	assert_int_equal(width_fit("abc", 3, 0, &cw), 0);
	assert_int_equal(width_fit("abc", 3, 10, &cw), 3);
	assert_int_equal(width_charlen("日", 3), 3);
	assert_int_equal(width_charlen("\xff", 1), 1);
}

int
main(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 77; /* no UTF-8 locale: skip */
	RUN(cmocka_unit_test(widths), cmocka_unit_test(fitting));
}
