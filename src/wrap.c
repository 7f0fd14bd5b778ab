/* wrap: greedy word wrapping by display width. */
#include "config.h"

#include "width.h"
#include "wrap.h"

size_t
wrap_rows(const char *s, size_t n, size_t first, size_t cols,
    struct wrap_row *rows, size_t max)
{
	size_t i = 0, count = 0;

	if (cols == 0)
		cols = 1;
	if (first == 0)
		first = 1;
	do {
		size_t avail = count == 0 ? first : cols;
		size_t fit = width_fit(s + i, n - i, avail, NULL);
		size_t len = fit, next;
		if (fit == n - i) {
			next = n;
		} else {
			/* Break after the last space that fits, if any. */
			size_t sp = 0;
			for (size_t p = fit; p > 0; p--) {
				if (s[i + p] == ' ') {
					sp = p;
					break;
				}
			}
			if (sp > 0) {
				len = sp;
				while (len > 0 && s[i + len - 1] == ' ')
					len--;
				next = i + sp;
			} else {
				if (len == 0) /* one wide char in one column */
					len = width_charlen(s + i, n - i);
				next = i + len;
			}
			while (next < n && s[next] == ' ')
				next++;
		}
		if (count < max) {
			rows[count].off = i;
			rows[count].len = len;
		}
		count++;
		i = next;
	} while (i < n);
	return count;
}
