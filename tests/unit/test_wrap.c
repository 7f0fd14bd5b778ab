/* Unit tests for wrap: word wrapping by display width. */
#include <locale.h>

#include "unit.h"
#include "width.h"
#include "wrap.h"

#define MAXROWS 256
static struct wrap_row rows[MAXROWS];
static char got[MAXROWS][256];

static size_t
wrap(const char *s, size_t first, size_t cols)
{
	size_t n = wrap_rows(s, strlen(s), first, cols, rows, MAXROWS);
	assert_true(n <= MAXROWS);
	for (size_t i = 0; i < n; i++)
		snprintf(got[i], sizeof got[i], "%.*s", (int)rows[i].len,
		    s + rows[i].off);
	return n;
}

static void
fits(void **state)
{
	(void)state;
	assert_int_equal(wrap("short", 10, 10), 1);
	assert_string_equal(got[0], "short");
	assert_int_equal(wrap("", 10, 10), 1);
	assert_string_equal(got[0], "");
}

static void
word_boundaries(void **state)
{
	(void)state;
	assert_int_equal(wrap("the quick brown fox jumps", 10, 10), 3);
	assert_string_equal(got[0], "the quick");
	assert_string_equal(got[1], "brown fox");
	assert_string_equal(got[2], "jumps");
	/* a narrower first row, as after "HH:MM <nick> " */
	assert_int_equal(wrap("aaa bbb ccc ddd", 4, 8), 3);
	assert_string_equal(got[0], "aaa");
	assert_string_equal(got[1], "bbb ccc");
	assert_string_equal(got[2], "ddd");
	assert_int_equal(wrap("aaa bbb ccc ddd eee", 4, 8), 3);
	assert_string_equal(got[2], "ddd eee");
	/* runs of spaces at a break are dropped */
	assert_int_equal(wrap("abc     def", 5, 5), 2);
	assert_string_equal(got[0], "abc");
	assert_string_equal(got[1], "def");
}

static void
long_words_break(void **state)
{
	(void)state;
	assert_int_equal(wrap("abcdefghijkl", 5, 5), 3);
	assert_string_equal(got[0], "abcde");
	assert_string_equal(got[2], "kl");
}

static void
wide_characters(void **state)
{
	(void)state;
	/* 日本語テスト is 12 columns: 5-column rows hold two each */
	assert_int_equal(wrap("日本語テスト", 5, 5), 3);
	assert_string_equal(got[0], "日本");
	assert_string_equal(got[1], "語テ");
	assert_string_equal(got[2], "スト");
	/* one column cannot hold a wide character; it goes alone anyway */
	assert_int_equal(wrap("日本", 1, 1), 2);
	assert_string_equal(got[0], "日");
	/* emoji and combining marks keep together */
	assert_int_equal(wrap("ab 😀😀 e\xcc\x81" "e\xcc\x81", 4, 4), 3);
	assert_string_equal(got[1], "😀😀");
	assert_string_equal(got[2], "e\xcc\x81" "e\xcc\x81");
}

static void
every_row_fits(void **state)
{
	const char *s = "lorem ipsum dolor sit amet, 日本語 consectetur "
	    "adipiscing 😀 elit sed do eiusmodtemporincididuntutlabore";
	(void)state;
	for (size_t cols = 1; cols < 40; cols++) {
		size_t n = wrap(s, cols, cols), total = 0;
		for (size_t i = 0; i < n; i++) {
			size_t cw = width_str(got[i], strlen(got[i]));
			assert_true(cw <= cols || (cw == 2 && cols == 1));
			total += rows[i].len;
		}
		/* nothing but spaces at the breaks is lost */
		assert_true(total <= strlen(s));
		assert_true(total + n >= strlen(s) - 10);
	}
}

int
main(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 77;
	RUN(cmocka_unit_test(fits),
	    cmocka_unit_test(word_boundaries),
	    cmocka_unit_test(long_words_break),
	    cmocka_unit_test(wide_characters),
	    cmocka_unit_test(every_row_fits));
}
