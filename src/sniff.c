/* sniff: frames, text, TLS or HTTP, from the first bytes. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sniff.h"

static const char *const methods[] = {
	"CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PRI",
	"PUT", "TRACE",
};

/* The method p starts with and the space after it: its length, 0 when
 * p cannot start one, -1 while p is a prefix of one. */
static int
method(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < nitems(methods); i++) {
		size_t k = strlen(methods[i]);
		if (n <= k) {
			if (memcmp(p, methods[i], n) == 0)
				return -1;
			continue;
		}
		if (memcmp(p, methods[i], k) == 0 && p[k] == ' ')
			return (int)k + 1;
	}
	return 0;
}

/* Does the request line (CR LF taken off) end with " HTTP/d.d"? */
static int
http_version(const uint8_t *p, size_t n)
{
	static const char v[] = " HTTP/";
	size_t k = sizeof v - 1;
	return n >= k + 3 && memcmp(p + n - k - 3, v, k) == 0 &&
	    p[n - 3] >= '0' && p[n - 3] <= '9' && p[n - 2] == '.' &&
	    p[n - 1] >= '0' && p[n - 1] <= '9';
}

enum sniff_kind
sniff(const uint8_t *p, size_t n)
{
	if (n == 0)
		return SNIFF_MORE;
	if (p[0] == 0x00)
		return SNIFF_FRAMED;
	/* A TLS record: handshake (0x16), then a 3.x version. */
	if (p[0] == 0x16)
		return n < 2 ? SNIFF_MORE : p[1] == 0x03 ? SNIFF_TLS :
		    SNIFF_LINE;
	int m = method(p, n);
	if (m == 0)
		return SNIFF_LINE;
	const uint8_t *lf = memchr(p, '\n', n);
	if (lf == NULL)
		return n < SNIFF_MAX ? SNIFF_MORE : SNIFF_LINE;
	size_t len = (size_t)(lf - p);
	if (len > 0 && p[len - 1] == '\r')
		len--;
	return m > 0 && http_version(p, len) ? SNIFF_HTTP : SNIFF_LINE;
}

size_t
sniff_http_reply(char *buf, size_t cap, const char *info, int port)
{
	char body[320];
	int b = snprintf(body, sizeof body, "This is a lanchat room (%s), "
	    "a chat for the people on this network, not a web server.\n"
	    "Join it with:  lanchat HOST:%d   or   nc HOST %d\n", info, port,
	    port);
	if (b < 0 || (size_t)b >= sizeof body)
		b = (int)strlen(body);
	int n = snprintf(buf, cap, "HTTP/1.0 400 Bad Request\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Length: %d\r\nConnection: close\r\n\r\n%s", b, body);
	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}
