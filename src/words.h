/* words: a fixed list of WORDS_N words to make passphrases of. */
#ifndef WORDS_H
#define WORDS_H

#define WORDS_N 1024 /* a power of two: a random number picks one evenly */

const char *words_get(unsigned i);

#endif
