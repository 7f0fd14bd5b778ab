/* Unit tests for sniff and telnet: what a connection's first bytes are,
 * and telnet's commands taken out of a line client's stream. */
#include "unit.h"

#include "sniff.h"
#include "telnet.h"

static enum sniff_kind
kind(const char *s)
{
	return sniff((const uint8_t *)s, strlen(s));
}

static void
kinds(void **state)
{
	static const uint8_t frame[] = { 0, 0, 0, 8, 1, 1 };
	static const uint8_t hello[] = { 0x16, 0x03, 0x01, 0x02, 0x00 };
	(void)state;
	assert_int_equal(sniff(frame, sizeof frame), SNIFF_FRAMED);
	assert_int_equal(sniff(frame, 1), SNIFF_FRAMED);
	assert_int_equal(sniff(hello, sizeof hello), SNIFF_TLS);
	assert_int_equal(sniff(hello, 1), SNIFF_MORE);
	assert_int_equal(kind("\x16hi\n"), SNIFF_LINE);
	assert_int_equal(kind(""), SNIFF_MORE);
	assert_int_equal(kind("hello everyone\n"), SNIFF_LINE);
	assert_int_equal(kind("/nick bob\r\n"), SNIFF_LINE);
	assert_int_equal(kind("\xff\xfd\x01"), SNIFF_LINE); /* telnet */
}

static void
http(void **state)
{
	(void)state;
	assert_int_equal(kind("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
	    SNIFF_HTTP);
	assert_int_equal(kind("POST /api HTTP/1.0\n"), SNIFF_HTTP);
	assert_int_equal(kind("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), SNIFF_HTTP);
	/* a request line still coming: wait */
	assert_int_equal(kind("GE"), SNIFF_MORE);
	assert_int_equal(kind("GET /index.ht"), SNIFF_MORE);
	/* people who happen to start a line with a method's name */
	assert_int_equal(kind("GET over here\n"), SNIFF_LINE);
	assert_int_equal(kind("GETTING there\n"), SNIFF_LINE);
	assert_int_equal(kind("Get / HTTP/1.1\n"), SNIFF_LINE);
	assert_int_equal(kind("HEAD HTTP/1\n"), SNIFF_LINE);
	/* no line within SNIFF_MAX: text after all */
	char big[SNIFF_MAX + 10];
	memset(big, 'a', sizeof big);
	memcpy(big, "GET /", 5);
	assert_int_equal(sniff((uint8_t *)big, sizeof big), SNIFF_LINE);
	assert_int_equal(sniff((uint8_t *)big, SNIFF_MAX - 1), SNIFF_MORE);
}

static void
http_reply(void **state)
{
	char buf[1024];
	(void)state;
	size_t n = sniff_http_reply(buf, sizeof buf, "lanchatd 9", 2428);
	assert_int_equal(n, strlen(buf));
	assert_memory_equal(buf, "HTTP/1.0 400 ", 13);
	const char *body = strstr(buf, "\r\n\r\n") + 4;
	char want[64];
	snprintf(want, sizeof want, "Content-Length: %zu\r\n", strlen(body));
	assert_non_null(strstr(buf, want));
	assert_non_null(strstr(body, "lanchat HOST:2428"));
	assert_non_null(strstr(body, "nc HOST 2428"));
	/* a small buffer gets a cut, terminated answer */
	assert_int_equal(sniff_http_reply(buf, 10, "x", 1), 9);
}

/* Filters s as one read, or one byte at a time. */
static size_t
filter(const char *s, size_t n, int bytewise, char *out, uint8_t *reply,
    size_t *rlen)
{
	struct telnet t = { 0 };
	uint8_t buf[256];
	size_t k = 0;
	*rlen = 0;
	memcpy(buf, s, n);
	if (!bytewise) {
		k = telnet_filter(&t, buf, n, reply, 64, rlen);
		memcpy(out, buf, k);
		return k;
	}
	for (size_t i = 0; i < n; i++)
		k += telnet_filter(&t, buf + i, 1, reply, 64, rlen) ?
		    (out[k] = (char)buf[i], 1) : 0;
	return k;
}

static void
telnet_commands(void **state)
{
	/* Ctrl-C in telnet: IAC IP, IAC DO TIMING-MARK; then a line, with an
	 * escaped 0xFF and a subnegotiation in it. */
	static const char in[] = "\xff\xf4\xff\xfd\x06hel\xff\xfflo"
	    "\xff\xfa\x18\x01\xff\xf0!\xff\xfb\x01\xff\xfc\x03\r\n";
	char out[256];
	uint8_t reply[64];
	size_t rlen;
	(void)state;
	for (int bytewise = 0; bytewise < 2; bytewise++) {
		size_t n = filter(in, sizeof in - 1, bytewise, out, reply,
		    &rlen);
		assert_int_equal(n, 9);
		assert_memory_equal(out, "hel\xfflo!\r\n", 9);
		/* DO TIMING-MARK: WONT; WILL ECHO: DONT; WONT: no answer */
		assert_int_equal(rlen, 6);
		assert_memory_equal(reply, "\xff\xfc\x06\xff\xfe\x01", 6);
	}
}

static void
telnet_replies_bounded(void **state)
{
	uint8_t buf[300], reply[10];
	struct telnet t = { 0 };
	size_t rlen = 0;
	(void)state;
	for (int i = 0; i < 100; i++) {
		buf[3 * i] = 0xff;
		buf[3 * i + 1] = 0xfd;
		buf[3 * i + 2] = (uint8_t)i;
	}
	assert_int_equal(telnet_filter(&t, buf, 300, reply, sizeof reply,
	    &rlen), 0);
	assert_int_equal(rlen, 9);
}

int
main(void)
{
	RUN(cmocka_unit_test(kinds),
	    cmocka_unit_test(http),
	    cmocka_unit_test(http_reply),
	    cmocka_unit_test(telnet_commands),
	    cmocka_unit_test(telnet_replies_bounded));
}
