/* width: column counting over wcwidth. */
#include "config.h"

#include <wchar.h>

#include "text.h"
#include "width.h"

int
width_cp(uint32_t cp)
{
	if (text_forbidden(cp))
		return 1; /* shown as U+FFFD */
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

size_t
width_charlen(const char *s, size_t n)
{
	uint32_t cp;
	int len = text_utf8_next(s, n, &cp);
	return len < 0 ? 1 : (size_t)len;
}

size_t
width_fit(const char *s, size_t n, size_t cols, size_t *w)
{
	size_t i = 0, used = 0;

	while (i < n) {
		uint32_t cp;
		int len = text_utf8_next(s + i, n - i, &cp);
		int cw = len < 0 ? 1 : width_cp(cp);
		if (len < 0)
			len = 1;
		if (used + cw > cols)
			break;
		used += cw;
		i += len;
	}
	if (w)
		*w = used;
	return i;
}

size_t
width_str(const char *s, size_t n)
{
	size_t w;
	width_fit(s, n, (size_t)-1, &w);
	return w;
}
