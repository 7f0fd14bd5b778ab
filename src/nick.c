/* nick: what a nick may be, and how two nicks compare. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "nick.h"

static int
nick_special(char c)
{
	return c != '\0' && strchr("_-[]\\^{}|`", c) != NULL;
}

static int
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int
nick_check(const char *s, size_t n, char *why, size_t whylen)
{
	if (n == 0) {
		snprintf(why, whylen, "a nick cannot be empty");
		return -1;
	}
	if (n > NICK_MAX) {
		snprintf(why, whylen, "a nick is at most %d characters", NICK_MAX);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		int digit = c >= '0' && c <= '9';
		if (i == 0 && (digit || c == '-')) {
			snprintf(why, whylen,
			    "a nick cannot start with a digit or '-'");
			return -1;
		}
		if (!alpha && !digit && !nick_special(c)) {
			snprintf(why, whylen, "a nick may hold only letters, "
			    "digits and _-[]\\^{}|` (found byte 0x%02x)", c);
			return -1;
		}
	}
	return 0;
}

int
nick_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int d = fold(*a) - fold(*b);
		if (d || !*a)
			return d;
	}
}

int
nick_eq(const char *p, size_t n, const char *b)
{
	if (b == NULL || strlen(b) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (fold(p[i]) != fold(b[i]))
			return 0;
	return 1;
}

uint32_t
nick_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ fold(*s)) * 16777619u;
	return h;
}

int
nick_color(const char *s, int n)
{
	return n > 0 ? (int)(nick_hash(s) % (uint32_t)n) : 0;
}
