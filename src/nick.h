/* nick: nickname rules (doc/protocol.md, "Nicks"). Pure. */
#ifndef NICK_H
#define NICK_H

#include <stddef.h>
#include <stdint.h>

#define NICK_MAX 16 /* bytes */

/* 0 when s is a valid nick; otherwise -1 and a sentence in why. */
int nick_check(const char *s, size_t n, char *why, size_t whylen);
/* Case-insensitive comparison, ASCII folding only, as uniqueness uses. */
int nick_cmp(const char *a, const char *b);
/* True when the n bytes at p name the nick b (as nick_cmp compares):
 * "is this me" for a nick from the network. */
int nick_eq(const char *p, size_t n, const char *b);
/* Hash of the case-folded nick. */
uint32_t nick_hash(const char *s);
/* A colour index in [0, n) that stays the same for a nick, whatever its
 * case, across runs and machines. */
int nick_color(const char *s, int n);

#endif
