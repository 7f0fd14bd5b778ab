/* palette: the colours nicks are drawn in. Pure. Each nick keeps one
 * colour wherever it appears (by its case-folded hash). The colours are
 * clearly apart from each other, readable on dark and light backgrounds,
 * and never the ones that mean something else on the screen: red
 * (errors), cyan (notices) and yellow (mentions). A terminal with 256
 * colours gets twelve; with 16, six; with 8, three. */
#ifndef PALETTE_H
#define PALETTE_H

#define PALETTE_MAX 12

/* The colour numbers for a terminal of ncolors colours; returns how
 * many (0: no colours). */
int palette_nicks(int ncolors, const short **colors);
/* True for a colour a nick must never get. */
int palette_reserved(int color);
/* The timestamp colour: a mid grey where there is one, else -1 (the
 * terminal's own, drawn dim). */
short palette_time(int ncolors);

#endif
