/* url: web addresses in chat text, to underline them and to list them
 * for copying (/url). Pure. An address starts with http://, https:// or
 * ftp:// (any case) or www., runs to the next space, and loses trailing
 * punctuation that ends a sentence, and a closing bracket it did not
 * open ("see (https://x.org/a)" gives https://x.org/a). */
#ifndef URL_H
#define URL_H

#include <stddef.h>

/* Finds the first address in s[0..n) at or after from: 1 with its start
 * and end (one past), else 0. */
int url_find(const char *s, size_t n, size_t from, size_t *start,
    size_t *end);

#endif
