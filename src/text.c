/* text: UTF-8 validation and making peer text safe for a terminal. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

int
text_utf8_next(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	int len;

	if (n == 0)
		return -1;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		c = s[0] & 0x1f, len = 2, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		c = s[0] & 0x0f, len = 3, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		c = s[0] & 0x07, len = 4, min = 0x10000;
	} else {
		return -1;
	}
	if (n < (size_t)len)
		return -1;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return len;
}

/* What must never reach a terminal or a reader's eye as text: controls,
 * bidi overrides, line breaks that are not LF, and blanks that look like
 * nothing (fillers a nick or a line could hide behind). Tab is allowed. */
static const struct {
	uint32_t lo, hi;
	const char *what;
} forbidden[] = {
	{ 0x00, 0x08, "control character" },
	{ 0x0a, 0x1a, "control character" },
	{ 0x1b, 0x1b, "escape character" },
	{ 0x1c, 0x1f, "control character" },
	{ 0x7f, 0x9f, "control character" },
	{ 0x115f, 0x1160, "Hangul filler" },
	{ 0x2028, 0x2028, "line separator" },
	{ 0x2029, 0x2029, "paragraph separator" },
	{ 0x202a, 0x202e, "bidi control" },
	{ 0x2066, 0x2069, "bidi control" },
	{ 0x3164, 0x3164, "Hangul filler" },
	{ 0xfeff, 0xfeff, "zero-width no-break space" },
	{ 0xffa0, 0xffa0, "Hangul filler" },
};

/* The name of a forbidden code point, or NULL. */
static const char *
forbidden_what(uint32_t cp)
{
	for (size_t i = 0; i < nitems(forbidden) && forbidden[i].lo <= cp;
	    i++)
		if (cp <= forbidden[i].hi)
			return forbidden[i].what;
	return NULL;
}

int
text_forbidden(uint32_t cp)
{
	return forbidden_what(cp) != NULL;
}

/* Printable ASCII, the common case, needs no decoding. */
static size_t
ascii_run(const char *s, size_t i, size_t n)
{
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f)
		i++;
	return i;
}

int
text_check(const char *s, size_t n, char *why, size_t whylen)
{
	size_t i = 0;
	while ((i = ascii_run(s, i, n)) < n) {
		uint32_t cp;
		int len = text_utf8_next(s + i, n - i, &cp);
		if (len < 0) {
			snprintf(why, whylen, "invalid UTF-8 at byte %zu", i + 1);
			return -1;
		}
		const char *what = forbidden_what(cp);
		if (what) {
			snprintf(why, whylen, "%s U+%04X at byte %zu", what,
			    (unsigned)cp, i + 1);
			return -1;
		}
		i += len;
	}
	return 0;
}

size_t
text_sanitize(const char *s, size_t n, char *dst, size_t cap)
{
	static const char repl[] = "\xef\xbf\xbd";
	size_t i = 0, o = 0;

	if (cap == 0)
		return 0;
	while (i < n) {
		size_t run = ascii_run(s, i, n) - i;
		if (run > 0) {
			if (o + run >= cap)
				run = cap - 1 - o;
			memcpy(dst + o, s + i, run);
			o += run;
			i += run;
			if (o + 1 >= cap)
				break;
			continue;
		}
		uint32_t cp;
		int len = text_utf8_next(s + i, n - i, &cp);
		const char *out = s + i;
		size_t outlen = len;
		if (len < 0) {
			len = 1;
			out = repl, outlen = 3;
		} else if (cp == '\t') {
			out = " ", outlen = 1;
		} else if (text_forbidden(cp)) {
			out = repl, outlen = 3;
		}
		if (o + outlen >= cap)
			break;
		memcpy(dst + o, out, outlen);
		o += outlen;
		i += len;
	}
	dst[o] = '\0';
	return o;
}
