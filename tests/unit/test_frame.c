/* Unit tests for frame: the incremental decoder. */
#include <stdlib.h>

#include "unit.h"
#include "frame.h"

/* The decoder the simple cases share, fresh for each and freed after. */
static struct frame_dec dec;

static int
dec_new(void **state)
{
	(void)state;
	frame_dec_init(&dec);
	return 0;
}

static int
dec_free(void **state)
{
	(void)state;
	frame_dec_free(&dec);
	return 0;
}

/* A stream of frames with bodies of assorted lengths, 0 and max included. */
static size_t
make_stream(uint8_t *buf, const uint32_t *lens, int n)
{
	size_t off = 0;
	for (int i = 0; i < n; i++) {
		frame_put_len(buf + off, lens[i]);
		off += FRAME_HDR;
		for (uint32_t j = 0; j < lens[i]; j++)
			buf[off++] = (uint8_t)(i * 31 + j);
	}
	return off;
}

/* Feeds the stream in pieces cut at the given positions and checks every
 * frame comes out whole and in order. */
static void
check_split(const uint8_t *buf, size_t len, const uint32_t *lens, int n,
    size_t step, size_t first)
{
	struct frame_dec d;
	struct frame f;
	int got = 0;
	size_t pos = 0;

	frame_dec_init(&d);
	while (pos < len) {
		size_t cut = pos == 0 ? first : step;
		if (cut == 0 || cut > len - pos)
			cut = len - pos;
		const uint8_t *p = buf + pos;
		size_t left = cut;
		int rc;
		while ((rc = frame_dec_next(&d, &p, &left, &f)) == FRAME_OK) {
			assert_true(got < n);
			assert_int_equal(f.len, lens[got]);
			for (uint32_t j = 0; j < f.len; j++)
				assert_int_equal(f.body[j],
				    (uint8_t)(got * 31 + j));
			got++;
		}
		assert_int_equal(rc, FRAME_MORE);
		assert_int_equal(left, 0);
		pos += cut;
	}
	assert_int_equal(got, n);
	assert_false(frame_dec_partial(&d));
	frame_dec_free(&d);
}

static void
split_everywhere(void **state)
{
	static const uint32_t lens[] = { 5, 0, 1, 300, 2, 0, 17 };
	uint8_t buf[1024];
	size_t len = make_stream(buf, lens, 7);
	(void)state;
	for (size_t k = 1; k < len; k++)
		check_split(buf, len, lens, 7, len, k); /* one cut at k */
	check_split(buf, len, lens, 7, 1, 1);           /* byte by byte */
	for (size_t s = 2; s < 9; s++)
		check_split(buf, len, lens, 7, s, s);
}

static void
zero_length(void **state)
{
	uint8_t hdr[4] = { 0, 0, 0, 0 };
	const uint8_t *p = hdr;
	size_t n = 4;
	struct frame f;
	(void)state;
	assert_int_equal(frame_dec_next(&dec, &p, &n, &f), FRAME_OK);
	assert_int_equal(f.len, 0);
	assert_int_equal(n, 0);
}

static void
maximum(void **state)
{
	uint32_t lens[] = { FRAME_MAX, 3 };
	uint8_t *buf = malloc(2 * FRAME_MAX);
	size_t len = make_stream(buf, lens, 2);
	(void)state;
	check_split(buf, len, lens, 2, len, 0);
	check_split(buf, len, lens, 2, 1000, 3);
	free(buf);
}

static void
maximum_plus_one(void **state)
{
	uint8_t hdr[6];
	struct frame_dec d;
	struct frame f;
	(void)state;
	frame_put_len(hdr, FRAME_MAX + 1);
	hdr[4] = hdr[5] = 'x';
	/* Whole header at once, then byte by byte: refused with no buffer
	 * allocated either way. */
	for (int bytewise = 0; bytewise < 2; bytewise++) {
		const uint8_t *p = hdr;
		size_t n = bytewise ? 1 : sizeof hdr;
		int rc = FRAME_MORE;
		frame_dec_init(&d);
		for (int i = 0; i < 6 && rc == FRAME_MORE; i++) {
			rc = frame_dec_next(&d, &p, &n, &f);
			n = bytewise ? 1 : 0;
		}
		assert_int_equal(rc, FRAME_TOOBIG);
		assert_int_equal(d.toobig, FRAME_MAX + 1);
		assert_null(d.buf);
		/* The stream is unusable from then on. */
		p = hdr;
		n = 4;
		assert_int_equal(frame_dec_next(&d, &p, &n, &f), FRAME_TOOBIG);
		frame_dec_free(&d);
	}
}

static void
all_ones(void **state)
{
	uint8_t hdr[4] = { 0xff, 0xff, 0xff, 0xff };
	const uint8_t *p = hdr;
	size_t n = 4;
	struct frame f;
	(void)state;
	assert_int_equal(frame_dec_next(&dec, &p, &n, &f), FRAME_TOOBIG);
	assert_int_equal(dec.toobig, 0xffffffffu);
	assert_null(dec.buf);
}

static void
truncated_header(void **state)
{
	uint8_t hdr[2] = { 0, 0 };
	const uint8_t *p = hdr;
	size_t n = 2;
	struct frame f;
	(void)state;
	assert_false(frame_dec_partial(&dec));
	assert_int_equal(frame_dec_next(&dec, &p, &n, &f), FRAME_MORE);
	assert_true(frame_dec_partial(&dec));
}

static void
truncated_body(void **state)
{
	uint8_t buf[10];
	const uint8_t *p = buf;
	size_t n = 7;
	struct frame f;
	(void)state;
	frame_put_len(buf, 6);
	assert_int_equal(frame_dec_next(&dec, &p, &n, &f), FRAME_MORE);
	assert_true(frame_dec_partial(&dec));
	assert_non_null(dec.buf); /* only now is memory held */
}

static void
whole_frames_are_not_copied(void **state)
{
	uint8_t buf[16];
	const uint8_t *p = buf;
	size_t n = 9;
	struct frame f;
	(void)state;
	frame_put_len(buf, 5);
	assert_int_equal(frame_dec_next(&dec, &p, &n, &f), FRAME_OK);
	assert_ptr_equal(f.body, buf + 4);
	assert_null(dec.buf);
}

static void
length_helpers(void **state)
{
	uint8_t b[4];
	(void)state;
	frame_put_len(b, 0x01020304);
	assert_int_equal(b[0], 1);
	assert_int_equal(b[3], 4);
	assert_int_equal(frame_get_len(b), 0x01020304);
}

static int
greeting_version(const char *s)
{
	return frame_greeting_version(s, strlen(s));
}

static void
greeting(void **state)
{
	char buf[FRAME_GREET_MAX], big[400];
	size_t n;
	(void)state;

	n = frame_greeting(buf, sizeof buf, 1, "lanchatd 0.1.0");
	assert_int_equal(n, strlen(buf));
	assert_string_equal(buf, "-!- lanchat/1 room (lanchatd 0.1.0)\n");
	assert_int_equal(frame_greeting_version(buf, n - 1), 1);

	/* A long description is cut, and the line still ends in LF. */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	n = frame_greeting(buf, sizeof buf, 1, big);
	assert_int_equal(n, FRAME_GREET_MAX - 1);
	assert_int_equal(buf[n - 1], '\n');
	assert_int_equal(frame_greeting_version(buf, n - 1), 1);
	assert_int_equal(frame_greeting(buf, 1, 1, "x"), 0);

	assert_int_equal(greeting_version("-!- lanchat/1 room (x)"), 1);
	assert_int_equal(greeting_version("-!- lanchat/1"), 1);
	assert_int_equal(greeting_version("-!- lanchat/1\r"), 1);
	assert_int_equal(greeting_version("-!- lanchat/23 room"), 23);
	assert_int_equal(greeting_version("-!- lanchat/"), -1);
	assert_int_equal(greeting_version("-!- lanchat/x"), -1);
	assert_int_equal(greeting_version("-!- lanchat/1x"), -1);
	assert_int_equal(greeting_version("-!- lanchat/1234 room"), -1);
	assert_int_equal(greeting_version("SSH-2.0-OpenSSH_9.2p1"), -1);
	assert_int_equal(greeting_version("-!- lanchat"), -1);
	assert_int_equal(greeting_version(""), -1);
	memcpy(big, "-!- lanchat/1 ", 14);
	assert_int_equal(frame_greeting_version(big, FRAME_GREET_MAX), -1);
	assert_int_equal(frame_greeting_version(big, FRAME_GREET_MAX - 1), 1);
}

/* What a client makes of the first bytes a server sends. */
static void
greeting_check(void **state)
{
	char why[300], big[400];
	const char *g = "-!- lanchat/1 room (x)\r\n\0\0\0\4";
	(void)state;
	/* whole, with frames behind it: only the line is taken */
	assert_int_equal(frame_greeting_check(g, 28, 1, why, sizeof why), 24);
	/* any cut before the LF asks for more */
	for (size_t n = 0; n < 24; n++)
		assert_int_equal(frame_greeting_check(g, n, 1, why,
		    sizeof why), 0);
	assert_int_equal(frame_greeting_check(g, 28, 2, why, sizeof why), -1);
	assert_string_equal(why, "speaks lanchat protocol version 1; this "
	    "lanchat speaks version 2");
	assert_int_equal(frame_greeting_check("SSH-2.0-OpenSSH_9.2\r\n", 21,
	    1, why, sizeof why), -1);
	assert_string_equal(why, "is not a lanchat room (it began "
	    "\"SSH-2.0-OpenSSH_9.2\")");
	/* no LF within the longest greeting: refused, escapes made safe */
	memset(big, 'a', sizeof big);
	big[0] = '\033';
	assert_int_equal(frame_greeting_check(big, FRAME_GREET_MAX - 1, 1, why,
	    sizeof why), 0);
	assert_int_equal(frame_greeting_check(big, sizeof big, 1, why,
	    sizeof why), -1);
	assert_null(strchr(why, '\033'));
	assert_non_null(strstr(why, "aaaa"));
}

int
main(void)
{
	RUN(cmocka_unit_test(split_everywhere),
	    cmocka_unit_test_setup_teardown(zero_length, dec_new,
	    dec_free),
	    cmocka_unit_test(maximum),
	    cmocka_unit_test(maximum_plus_one),
	    cmocka_unit_test_setup_teardown(all_ones, dec_new,
	    dec_free),
	    cmocka_unit_test_setup_teardown(truncated_header, dec_new,
	    dec_free),
	    cmocka_unit_test_setup_teardown(truncated_body, dec_new,
	    dec_free),
	    cmocka_unit_test_setup_teardown(whole_frames_are_not_copied, dec_new,
	    dec_free),
	    cmocka_unit_test(length_helpers),
	    cmocka_unit_test(greeting),
	    cmocka_unit_test(greeting_check));
}
