/* wrap: breaking a line of text into screen rows at word boundaries. Pure.
 * The first row may be narrower than the rest (it follows the time and the
 * nick; the rest are indented under the text). */
#ifndef WRAP_H
#define WRAP_H

#include <stddef.h>
#include <stdint.h>

struct wrap_row {
	uint32_t off, len; /* bytes of the text on this row */
};

/* Fills at most max rows and returns how many the text needs (which may
 * be more than max). A word longer than a row is broken where it must. */
size_t wrap_rows(const char *s, size_t n, size_t first, size_t cols,
    struct wrap_row *rows, size_t max);

#endif
