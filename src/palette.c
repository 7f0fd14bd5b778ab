/* palette: nick colours, chosen to be told apart and never mistaken. */
#include "config.h"

#include "palette.h"

/* From xterm's 256-colour cube: blues, greens, purples and pinks of
 * middle brightness (no oranges: too near red and yellow). */
static const short c256[] = { 33, 40, 129, 99, 34, 163, 64, 61, 141, 169,
	105, 70 };
static const short c16[] = { 2, 4, 5, 10, 12, 13 };
static const short c8[] = { 2, 4, 5 };

int
palette_nicks(int ncolors, const short **colors)
{
	if (ncolors >= 256) {
		*colors = c256;
		return (int)nitems(c256);
	}
	if (ncolors >= 16) {
		*colors = c16;
		return (int)nitems(c16);
	}
	if (ncolors >= 8) {
		*colors = c8;
		return (int)nitems(c8);
	}
	*colors = 0;
	return 0;
}

/* Red, yellow and cyan in the basic colours, the bright ones, and the
 * 256-colour cube (r, g, b from 0 to 5): a hue is taken as red, yellow
 * or cyan when its strongest channels are those. */
int
palette_reserved(int color)
{
	switch (color) {
	case 1: case 3: case 6: case 9: case 11: case 14:
		return 1;
	}
	if (color < 16 || color > 231)
		return 0;
	int c = color - 16, r = c / 36, g = c / 6 % 6, b = c % 6;
	int hi = r > g ? (r > b ? r : b) : (g > b ? g : b);
	if (hi < 2)
		return 0; /* too dark to read as any hue */
	if (r == hi && g < hi - 1 && b < hi - 1)
		return 1; /* red */
	if (r == hi && g == hi && b < hi - 1)
		return 1; /* yellow */
	if (g == hi && b == hi && r < hi - 1)
		return 1; /* cyan */
	return 0;
}

short
palette_time(int ncolors)
{
	return ncolors >= 256 ? 244 : -1;
}
