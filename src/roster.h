/* roster: the client's sorted list of the nicks in the room, compared
 * case-insensitively as the server does. Pure. */
#ifndef ROSTER_H
#define ROSTER_H

#include <stddef.h>

#include "nick.h"

struct roster {
	char (*nick)[NICK_MAX + 1];
	size_t n, cap;
};

void roster_init(struct roster *r);
void roster_free(struct roster *r);
void roster_clear(struct roster *r);
/* Adds a nick given by pointer and length (too long: ignored). */
void roster_add(struct roster *r, const char *nick, size_t len);
void roster_del(struct roster *r, const char *nick, size_t len);
/* Appends without keeping order; roster_sort restores it (a names reply
 * arrives unordered and whole). */
void roster_push(struct roster *r, const char *nick, size_t len);
void roster_sort(struct roster *r);
void roster_swap(struct roster *a, struct roster *b);

#endif
