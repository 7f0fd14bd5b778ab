/* Unit tests for text: UTF-8 validation and terminal hygiene. */
#include <stdio.h>

#include "unit.h"
#include "text.h"

static int
ok(const char *s, size_t n)
{
	char why[128];
	return text_check(s, n, why, sizeof why) == 0;
}

static int
bad_with(const char *s, size_t n, const char *word)
{
	char why[128];
	if (text_check(s, n, why, sizeof why) == 0)
		return 0;
	return strstr(why, word) != NULL;
}

static void
plain_and_tab(void **state)
{
	(void)state;
	assert_true(ok("hello, world", 12));
	assert_true(ok("a\tb", 3));
	assert_true(ok("", 0));
}

static void
each_control_range(void **state)
{
	char s[4];
	(void)state;
	for (int c = 0; c < 0x20; c++) {
		if (c == '\t')
			continue;
		s[0] = 'a', s[1] = (char)c, s[2] = 'b';
		assert_false(ok(s, 3));
	}
	assert_true(bad_with("a\x1b[2J", 5, "escape"));
	assert_true(bad_with("\x7f", 1, "control"));
	for (int c = 0x80; c <= 0x9f; c++) {
		s[0] = (char)0xc2, s[1] = (char)c;
		assert_true(bad_with(s, 2, "U+00"));
	}
	assert_true(ok("\xc2\xa0", 2)); /* U+00A0, just past C1 */
}

static void
bidi_overrides(void **state)
{
	char s[3];
	(void)state;
	for (int c = 0x202a; c <= 0x202e; c++) {
		s[0] = (char)0xe2, s[1] = (char)(0x80 | (c >> 6 & 0x3f)),
		s[2] = (char)(0x80 | (c & 0x3f));
		assert_true(bad_with(s, 3, "bidi"));
	}
	for (int c = 0x2066; c <= 0x2069; c++) {
		s[0] = (char)0xe2, s[1] = (char)(0x80 | (c >> 6 & 0x3f)),
		s[2] = (char)(0x80 | (c & 0x3f));
		assert_true(bad_with(s, 3, "bidi"));
	}
	assert_true(ok("\xe2\x80\x8e", 3)); /* U+200E mark: harmless */
}

static void
invalid_utf8(void **state)
{
	static const char *bad[] = {
		"\x80",             /* lone continuation */
		"\xc0\x80",         /* overlong NUL */
		"\xc1\xbf",         /* overlong */
		"\xe0\x80\x80",     /* overlong */
		"\xed\xa0\x80",     /* surrogate */
		"\xf4\x90\x80\x80", /* past U+10FFFF */
		"\xe4\xb8",         /* cut short */
		"\xff",
		"\xf8\x88\x80\x80\x80",
	};
	(void)state;
	for (size_t i = 0; i < nitems(bad); i++)
		assert_true(bad_with(bad[i], strlen(bad[i]), "UTF-8"));
}

static void
wide_and_combining_kept(void **state)
{
	static const char *good[] = {
		"日本語のテキスト", "😀🎉", "e\xcc\x81", "Ελληνικά", "עברית",
		"\xf4\x8f\xbf\xbf",
	};
	char out[64];
	(void)state;
	for (size_t i = 0; i < nitems(good); i++) {
		assert_true(ok(good[i], strlen(good[i])));
		text_sanitize(good[i], strlen(good[i]), out, sizeof out);
		assert_string_equal(out, good[i]);
	}
}

/* Separators and fillers a line could hide behind are refused and named;
 * what emoji need (ZWJ, variation selectors) is kept. */
static void
invisible_layout(void **state)
{
	static const struct {
		const char *s, *what;
	} bad[] = {
		{ "a\xe2\x80\xa8" "b", "line separator U+2028" },
		{ "a\xe2\x80\xa9" "b", "paragraph separator U+2029" },
		{ "\xef\xbb\xbf" "hi", "zero-width no-break space U+FEFF" },
		{ "\xe3\x85\xa4", "Hangul filler U+3164" },
		{ "\xe1\x85\x9f", "Hangul filler U+115F" },
		{ "\xe1\x85\xa0", "Hangul filler U+1160" },
		{ "\xef\xbe\xa0", "Hangul filler U+FFA0" },
	};
	static const char *good[] = {
		"\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", /* ZWJ */
		"\xe2\x9d\xa4\xef\xb8\x8f",   /* VS16 */
		"\xe3\x85\xa3",                 /* a Hangul letter beside U+3164 */
	};
	char why[128];
	(void)state;
	for (size_t i = 0; i < nitems(bad); i++) {
		assert_int_equal(text_check(bad[i].s, strlen(bad[i].s), why,
		    sizeof why), -1);
		assert_non_null(strstr(why, bad[i].what));
	}
	for (size_t i = 0; i < nitems(good); i++)
		assert_true(ok(good[i], strlen(good[i])));
}

static void
sanitize_replaces(void **state)
{
	char out[64];
	(void)state;
	text_sanitize("a\x1b]0;pwned\x07z", 12, out, sizeof out);
	assert_string_equal(out, "a\xef\xbf\xbd]0;pwned\xef\xbf\xbdz");
	text_sanitize("x\ty\r\n\b", 6, out, sizeof out);
	assert_string_equal(out, "x y\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	text_sanitize("\xc2\x9b" "31m", 5, out, sizeof out); /* C1 CSI */
	assert_string_equal(out, "\xef\xbf\xbd" "31m");
	text_sanitize("\xff\xfe", 2, out, sizeof out);
	assert_string_equal(out, "\xef\xbf\xbd\xef\xbf\xbd");
	text_sanitize("\xe2\x80\xae" "abc", 6, out, sizeof out);
	assert_string_equal(out, "\xef\xbf\xbd" "abc");
}

static void
sanitize_never_splits(void **state)
{
	char out[5];
	(void)state;
	/* "日本" is 6 bytes; only the first character fits in 4 + NUL. */
	assert_int_equal(text_sanitize("日本", 6, out, sizeof out), 3);
	assert_string_equal(out, "日");
	assert_int_equal(text_sanitize("abc", 3, out, 1), 0);
	assert_string_equal(out, "");
}

int
main(void)
{
	RUN(cmocka_unit_test(plain_and_tab),
	    cmocka_unit_test(each_control_range),
	    cmocka_unit_test(bidi_overrides),
	    cmocka_unit_test(invalid_utf8),
	    cmocka_unit_test(wide_and_combining_kept),
	    cmocka_unit_test(invisible_layout),
	    cmocka_unit_test(sanitize_replaces),
	    cmocka_unit_test(sanitize_never_splits));
}
