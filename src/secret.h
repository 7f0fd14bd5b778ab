/* secret: a room secret kept in a file (lanchatd --secret-file, lanchat
 * --secret-file, a settings file with a `secret` line): read only when no
 * one but its owner may read it, as ssh treats a private key. */
#ifndef SECRET_H
#define SECRET_H

#include <stddef.h>

#define SECRET_MAX 256 /* bytes of a passphrase */

/* 0 when path is open to its owner only; -1 with a sentence saying how
 * to mend it (or why it could not be checked). */
int secret_private(const char *path, char *why, size_t whylen);
/* The first line of path, without its line ending, into buf (cap bytes,
 * NUL-terminated); its length, or -1 with a sentence in why: not there,
 * readable by others, empty, or longer than SECRET_MAX. */
int secret_read(const char *path, char *buf, size_t cap, char *why,
    size_t whylen);

#endif
