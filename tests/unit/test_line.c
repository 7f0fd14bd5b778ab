/* Unit tests for line: splitting, endings and the length limit. */
#include <stdlib.h>

#include "unit.h"
#include "line.h"

#define MAXOUT 16

struct result {
	int n;
	char *lines[MAXOUT]; /* "!" marks a LINE_TOOLONG */
};

static void
feed(struct line_dec *d, const char *s, size_t len, size_t step,
    struct result *r)
{
	size_t pos = 0;
	while (pos < len) {
		size_t cut = step > len - pos ? len - pos : step;
		const char *p = s + pos;
		size_t left = cut;
		struct line l;
		int rc;
		while ((rc = line_dec_next(d, &p, &left, &l)) != LINE_MORE) {
			assert_true(r->n < MAXOUT);
			if (rc == LINE_OK)
				r->lines[r->n++] = strndup(l.p, l.len);
			else if (rc == LINE_TOOLONG)
				r->lines[r->n++] = strdup("!");
			else
				fail();
		}
		pos += cut;
	}
}

static void
clear(struct result *r)
{
	for (int i = 0; i < r->n; i++)
		free(r->lines[i]);
	r->n = 0;
}

static void
split_everywhere(void **state)
{
	const char *s = "hello\nworld\r\n\nlast one\r\nx\n";
	(void)state;
	for (size_t step = 1; step <= strlen(s); step++) {
		struct line_dec d;
		struct result r = { 0 };
		line_dec_init(&d);
		feed(&d, s, strlen(s), step, &r);
		assert_int_equal(r.n, 5);
		assert_string_equal(r.lines[0], "hello");
		assert_string_equal(r.lines[1], "world");
		assert_string_equal(r.lines[2], "");
		assert_string_equal(r.lines[3], "last one");
		assert_string_equal(r.lines[4], "x");
		clear(&r);
		line_dec_free(&d);
	}
}

static void
limits(void **state)
{
	char *s = malloc(3 * LINE_MAX);
	(void)state;
	for (int variant = 0; variant < 4; variant++) {
		size_t len = LINE_MAX + (variant == 1 || variant == 3);
		memset(s, 'a', len);
		size_t n = len;
		if (variant >= 2)
			s[n++] = '\r';
		s[n++] = '\n';
		memcpy(s + n, "ok\n", 3);
		n += 3;
		for (size_t step = 1000; step <= n; step += n - 1000) {
			struct line_dec d;
			struct result r = { 0 };
			line_dec_init(&d);
			feed(&d, s, n, step, &r);
			assert_int_equal(r.n, 2);
			if (len == LINE_MAX)
				assert_int_equal(strlen(r.lines[0]), LINE_MAX);
			else
				assert_string_equal(r.lines[0], "!");
			assert_string_equal(r.lines[1], "ok");
			clear(&r);
			line_dec_free(&d);
		}
	}
	free(s);
}

static void
very_long_refused_once(void **state)
{
	size_t n = 5 * LINE_MAX;
	char *s = malloc(n + 4);
	struct line_dec d;
	struct result r = { 0 };
	(void)state;
	memset(s, 'b', n);
	memcpy(s + n, "\nz\n", 3);
	line_dec_init(&d);
	feed(&d, s, n + 3, 100, &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.lines[0], "!");
	assert_string_equal(r.lines[1], "z");
	assert_null(d.buf); /* nothing of it is kept */
	clear(&r);
	line_dec_free(&d);
	free(s);
}

static void
finish(void **state)
{
	struct line_dec d;
	struct result r = { 0 };
	struct line l;
	(void)state;
	line_dec_init(&d);
	feed(&d, "one\ntwo", 7, 7, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(line_dec_finish(&d, &l), LINE_OK);
	assert_int_equal(l.len, 3);
	assert_memory_equal(l.p, "two", 3);
	assert_int_equal(line_dec_finish(&d, &l), LINE_MORE);
	clear(&r);
	line_dec_free(&d);
}

/* Found by fuzzing: an unterminated last line one byte over the limit
 * fits the byte of slack kept for a CR, and must still be refused. */
static void
finish_too_long(void **state)
{
	static char s[LINE_MAX + 1];
	struct line_dec d;
	struct result r = { 0 };
	struct line l;
	(void)state;
	memset(s, 'a', sizeof s);
	line_dec_init(&d);
	feed(&d, s, sizeof s, 7, &r);
	assert_int_equal(r.n, 0);
	assert_int_equal(line_dec_finish(&d, &l), LINE_TOOLONG);
	line_dec_free(&d);
	line_dec_init(&d);
	feed(&d, s, LINE_MAX, 7, &r);
	assert_int_equal(line_dec_finish(&d, &l), LINE_OK);
	assert_int_equal(l.len, LINE_MAX);
	line_dec_free(&d);
}

int
main(void)
{
	RUN(cmocka_unit_test(split_everywhere),
	    cmocka_unit_test(limits),
	    cmocka_unit_test(very_long_refused_once),
	    cmocka_unit_test(finish),
	    cmocka_unit_test(finish_too_long));
}
