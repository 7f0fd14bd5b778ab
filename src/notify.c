/* notify: OSC 777 and OSC 9 notifications with peer text made safe. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "notify.h"

/* Copies s into d, dropping control characters (and ';' if asked), at
 * most NOTIFY_TEXT_MAX bytes and never half a UTF-8 character. */
static size_t
safe(const char *s, char *d, size_t size, int semicolons)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, cap = size - 1 < NOTIFY_TEXT_MAX ? size - 1 :
	    NOTIFY_TEXT_MAX;
	while (*p) {
		size_t len = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 :
		    *p >= 0xc0 ? 2 : 1;
		if (strnlen((const char *)p, len) < len)
			break; /* cut short: drop the rest */
		int bad = *p < 0x20 || *p == 0x7f || (*p >= 0x80 && *p < 0xc0) ||
		    (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) ||
		    (!semicolons && *p == ';');
		if (!bad) {
			if (n + len > cap)
				break;
			memcpy(d + n, p, len);
			n += len;
		}
		p += len;
	}
	d[n] = '\0';
	return n;
}

size_t
notify_osc(enum notify_kind kind, const char *title, const char *body,
    char *buf, size_t size)
{
	char t[NOTIFY_TEXT_MAX + 1], b[NOTIFY_TEXT_MAX + 1];
	int n = 0;
	safe(title, t, sizeof t, 0);
	safe(body, b, sizeof b, 1);
	if (kind == NOTIFY_OSC777)
		n = snprintf(buf, size, "\033]777;notify;%s;%s\033\\", t, b);
	else if (kind == NOTIFY_OSC9)
		n = snprintf(buf, size, "\033]9;%s: %s\033\\", t, b);
	if (n <= 0 || (size_t)n >= size) {
		if (size)
			buf[0] = '\0';
		return 0;
	}
	return (size_t)n;
}
