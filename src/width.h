/* width: how many terminal columns UTF-8 text takes. Pure. Every width in
 * lanchat comes from here, and so from the one libc wcwidth (the locale
 * must be a UTF-8 one). Bytes that are not valid UTF-8 and characters that
 * wcwidth calls unprintable count one column: they are drawn as U+FFFD. */
#ifndef WIDTH_H
#define WIDTH_H

#include <stddef.h>
#include <stdint.h>

int width_cp(uint32_t cp);
size_t width_str(const char *s, size_t n);
/* Bytes of the longest prefix of s that fits in cols columns, never
 * splitting a character or parting a combining mark from its base. The
 * prefix's width goes to *w when w is not NULL. */
size_t width_fit(const char *s, size_t n, size_t cols, size_t *w);
/* Bytes of the character starting at s (1 for an invalid byte). */
size_t width_charlen(const char *s, size_t n);

#endif
