/* paste: what the user pasted, made into chat lines. Pure. A paste is
 * never run as commands: a line that starts with '/' is sent as text
 * (escaped "//" as the command parser reads it), control characters but
 * tab are dropped, CR LF, CR and LF all end a line, and a last empty line
 * (the newline a copied line ends with) is not a line. */
#ifndef PASTE_H
#define PASTE_H

#include <stddef.h>

#define PASTE_MAX 65536 /* bytes kept of one paste; the rest is dropped */

struct paste {
	char buf[PASTE_MAX];
	size_t len;
	int truncated;
};

void paste_init(struct paste *p);
/* Adds bytes as they come between the terminal's paste brackets. */
void paste_add(struct paste *p, const char *s, size_t n);
/* The number of lines it makes. */
size_t paste_lines(const struct paste *p);
/* Calls fn with each line as it should be sent (no line ending). */
void paste_each(const struct paste *p,
    void (*fn)(void *arg, const char *line, size_t len), void *arg);

#endif
