/* pass: a private room's passphrase as lanchat gets one: typed on the
 * terminal with echo off (as ssh and sudo ask), or new, made of words
 * for a room hosted here. Where else one may come from (--secret-file,
 * LANCHAT_SECRET, the settings file) is lanchat.c's to choose. */
#ifndef PASS_H
#define PASS_H

#include <stddef.h>

#define PASS_WORDS 5 /* 50 bits from words.c's 1024 */

/* A new passphrase: PASS_WORDS random words joined by '-'. */
void pass_make(char *buf, size_t size);
/* Asks on the terminal (/dev/tty, so stdin may be a script's) with echo
 * off; the line typed, without its ending, into buf. -1 with a sentence
 * in why: no terminal, nothing typed, or interrupted. */
int pass_ask(const char *prompt, char *buf, size_t size, char *why,
    size_t whylen);

#endif
