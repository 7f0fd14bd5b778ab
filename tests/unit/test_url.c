/* Unit tests for url: addresses found as people write them. */
#include "unit.h"

#include "url.h"

static const char *
first(const char *s)
{
	static char buf[256];
	size_t a, b;
	if (!url_find(s, strlen(s), 0, &a, &b))
		return "";
	snprintf(buf, sizeof buf, "%.*s", (int)(b - a), s + a);
	return buf;
}

static void
as_people_write_them(void **state)
{
	(void)state;
	assert_string_equal(first("see https://example.org/a?b=c#d now"),
	    "https://example.org/a?b=c#d");
	assert_string_equal(first("HTTP://X.ORG."), "HTTP://X.ORG");
	assert_string_equal(first("docs at www.lanchat.test/help, ok?"),
	    "www.lanchat.test/help");
	assert_string_equal(first("(see https://en.wikipedia.org/wiki/C_(pl))"),
	    "https://en.wikipedia.org/wiki/C_(pl)");
	assert_string_equal(first("<ftp://files.test/x>"), "ftp://files.test/x");
	assert_string_equal(first("is it https://a.test/?"), "https://a.test/");
	assert_string_equal(first("no address here"), "");
	assert_string_equal(first("http:// alone"), "");
	assert_string_equal(first("mailto:x@y notanhttp://x"), "");
}

static void
one_after_another(void **state)
{
	const char *s = "a http://one.test b https://two.test";
	size_t a, b, n = strlen(s);
	(void)state;
	assert_int_equal(url_find(s, n, 0, &a, &b), 1);
	assert_int_equal(a, 2);
	assert_int_equal(url_find(s, n, b, &a, &b), 1);
	assert_memory_equal(s + a, "https://two.test", b - a);
	assert_int_equal(url_find(s, n, b, &a, &b), 0);
}

int
main(void)
{
	RUN(cmocka_unit_test(as_people_write_them),
	    cmocka_unit_test(one_after_another));
}
