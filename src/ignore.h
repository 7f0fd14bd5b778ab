/* ignore: the members whose lines this client hides (/ignore). Pure and
 * local: the server and the others know nothing of it. Nicks compare as
 * nicks do (case folded), and an ignored member stays ignored through a
 * rename. */
#ifndef IGNORE_H
#define IGNORE_H

#include <stddef.h>

#include "nick.h"

#define IGNORE_MAX 64

struct ignore {
	char nick[IGNORE_MAX][NICK_MAX + 1];
	size_t n;
};

void ignore_init(struct ignore *g);
/* 1 added, 0 there already, -1 the list is full. */
int ignore_add(struct ignore *g, const char *nick, size_t len);
/* 1 removed, 0 not there. */
int ignore_del(struct ignore *g, const char *nick, size_t len);
int ignore_has(const struct ignore *g, const char *nick, size_t len);
/* A member renamed: if ignored, the new nick is. */
void ignore_rename(struct ignore *g, const char *from, size_t flen,
    const char *to, size_t tlen);
/* The list as "alice, bob", or "nobody". */
void ignore_list(const struct ignore *g, char *buf, size_t size);
/* /ignore NICK (add), /unignore NICK, or /ignore alone (list): does it,
 * and writes the sentence that says what was done into buf. */
void ignore_command(struct ignore *g, int add, const char *nick, size_t len,
    char *buf, size_t size);

#endif
