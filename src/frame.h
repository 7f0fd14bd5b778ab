/* frame: the length-prefixed framing layer (doc/protocol.md, "Frames").
 * Pure: no I/O, no globals. A frame is a 4-byte big-endian body length
 * followed by the body. */
#ifndef FRAME_H
#define FRAME_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_HDR 4
#define FRAME_MAX 16384 /* largest body accepted, in bytes */

/* One decoded frame. body points into the caller's input when the whole
 * frame arrived in one piece, or into the decoder's own buffer; it stays
 * valid until the next call on the decoder. */
struct frame {
	const uint8_t *body;
	uint32_t len;
};

/* Incremental decoder state. It owns memory only while a body is split
 * across inputs, so an idle connection costs just this struct. */
struct frame_dec {
	uint8_t hdr[FRAME_HDR];
	uint8_t hlen;     /* header bytes collected */
	uint32_t need;    /* body length of the frame in progress */
	uint32_t have;    /* body bytes collected into buf */
	uint8_t *buf;
	uint32_t toobig;  /* the refused length, once FRAME_TOOBIG was returned */
	uint32_t max;     /* largest body taken; 0: FRAME_MAX */
};

enum {
	FRAME_MORE = 0,    /* input used up; no complete frame yet */
	FRAME_OK = 1,      /* *out holds one frame */
	FRAME_TOOBIG = -1, /* a length over FRAME_MAX: the stream is unusable */
	FRAME_NOMEM = -2,
};

void frame_dec_init(struct frame_dec *d);
void frame_dec_free(struct frame_dec *d);
/* Takes bodies of at most max bytes (at most FRAME_MAX) from now on; a
 * server keeps a connection that has not joined to small ones. */
void frame_dec_limit(struct frame_dec *d, uint32_t max);
/* Consumes bytes from *in (advancing *in and *inlen) until one frame is
 * complete or the input runs out. Call again until it returns FRAME_MORE. */
int frame_dec_next(struct frame_dec *d, const uint8_t **in, size_t *inlen,
    struct frame *out);
/* True while the decoder holds part of a frame. */
int frame_dec_partial(const struct frame_dec *d);

/* The greeting: one line of text a server sends the moment it accepts a
 * connection, before any frame (doc/protocol.md, "Greeting"). People on nc
 * read it; framed clients check it and skip it. */
#define FRAME_GREET_MAX 200 /* longest greeting, LF included */
#define FRAME_GREET_TAG "-!- lanchat/"

/* Writes "-!- lanchat/VERSION room (INFO)\n" into buf, cut to
 * FRAME_GREET_MAX; returns its length. */
size_t frame_greeting(char *buf, size_t size, int version, const char *info);
/* The protocol version a greeting line (LF excluded) names, or -1 when the
 * line is not a lanchat greeting. */
int frame_greeting_version(const char *line, size_t len);
/* A server that will not take a connection (too many from one address)
 * says so in place of the greeting: "-!- lanchat/VERSION refused: WHY". */
#define FRAME_REFUSED "refused: "
size_t frame_refusal(char *buf, size_t size, int version, const char *why);
/* Looks for the greeting at the start of what a server sent (buf, len
 * bytes so far). Returns the bytes it takes, LF included, once it is whole
 * and names version want; 0 while more is needed; -1 with a sentence in
 * why when this is another version or not a lanchat room at all (then why
 * shows how it began, made safe for a terminal); -2 with the server's
 * reason in why when it refused the connection. */
int frame_greeting_check(const char *buf, size_t len, int want, char *why,
    size_t whylen);

void frame_put_len(uint8_t *p, uint32_t len);
uint32_t frame_get_len(const uint8_t *p);

#endif
