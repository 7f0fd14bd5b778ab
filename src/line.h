/* line: splitting a byte stream into text lines, for line-mode clients and
 * standard input. Pure. Lines end with LF or CRLF; the ending is removed. */
#ifndef LINE_H
#define LINE_H

#include <stddef.h>
#include <stdint.h>

#define LINE_MAX 8448 /* bytes in one line, ending excluded */

struct line {
	const char *p; /* valid until the next call on the decoder */
	size_t len;
};

struct line_dec {
	char *buf;      /* allocated only while a line is split across inputs */
	uint32_t len, cap;
	uint8_t skipping; /* inside a line already refused as too long */
};

enum {
	LINE_MORE = 0,
	LINE_OK = 1,
	LINE_TOOLONG = 2, /* a line passed LINE_MAX; the rest of it is dropped */
	LINE_NOMEM = -1,
};

void line_dec_init(struct line_dec *d);
void line_dec_free(struct line_dec *d);
int line_dec_next(struct line_dec *d, const char **in, size_t *inlen,
    struct line *out);
/* At end of input: a final line with no ending, if any (LINE_OK), or
 * LINE_TOOLONG when it passed the limit. */
int line_dec_finish(struct line_dec *d, struct line *out);
/* True while part of a line (or of one refused as too long) is waiting
 * for its end. */
int line_dec_partial(const struct line_dec *d);

#endif
