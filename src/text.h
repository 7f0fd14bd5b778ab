/* text: text hygiene (doc/protocol.md, "Text"). Pure.
 * Chat text, actions and nicks must be valid UTF-8 with no control
 * characters (C0 but tab, DEL, C1) and no bidi overrides or isolates. */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <stdint.h>

#define TEXT_MAX 8192 /* bytes of text in one chat line, action or notice */

/* Decodes one UTF-8 sequence at s (n bytes available): its length, or -1
 * for an invalid, overlong, surrogate or out-of-range sequence. */
int text_utf8_next(const char *s, size_t n, uint32_t *cp);
/* True for a code point that must never reach a terminal. */
int text_forbidden(uint32_t cp);
/* 0 when s is acceptable; otherwise -1 and a sentence in why. */
int text_check(const char *s, size_t n, char *why, size_t whylen);
/* Copies s into dst (NUL-terminated, at most cap bytes) with every invalid
 * byte and forbidden character replaced by U+FFFD and tabs by a space, so
 * the result is safe to write to a terminal. Returns the length written. */
size_t text_sanitize(const char *s, size_t n, char *dst, size_t cap);

#endif
