/* kv: the "key = value" lines of lanchat's settings files, the client's
 * and lanchatd's. '#' starts a comment; blank lines are skipped; keys and
 * values are trimmed. The parsing is pure; kv_load reads a file and says
 * which line of which file was bad. */
#ifndef KV_H
#define KV_H

#include <stddef.h>

#define KV_LINE_MAX 512 /* bytes in one line */

/* Splits line in place. Returns 1 with *key and *val set, 0 for a line
 * with nothing on it, -1 with a sentence in why. */
int kv_split(char *line, char **key, char **val, char *why, size_t whylen);

/* What kv_load does with each pair: 0, or -1 with a sentence in why. */
typedef int kv_fn(void *arg, const char *key, const char *val, char *why,
    size_t whylen);

/* Reads path and hands each pair to fn; each bad line is told to bad as
 * "PATH:LINE: why". Returns the number of bad lines, or -1 with errno
 * when the file cannot be read (ENOENT: it does not exist). */
int kv_load(const char *path, kv_fn *fn, void *arg,
    void (*bad)(void *arg, const char *text), void *badarg);

/* "yes", "true", "on", "1" and their opposites: 0 with *out set, or -1. */
int kv_bool(const char *v, int *out);

#endif
