/* serve: what the room server does with the frames or lines a client
 * sends. It acts on the room, answers the client, charges each message to
 * the member's rate (limit.h), and returns a verdict: go on, stop reading
 * for a while (throttled), or close. Closing is conn.c's alone. */
#ifndef SERVE_H
#define SERVE_H

#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "limit.h"
#include "line.h"
#include "member.h"
#include "room.h"

struct udp;
struct gate;
struct guard;

/* What serving needs from the server around it. */
struct serve_ctx {
	struct room *room;
	struct udp *udp;
	const struct limits *lim;
	const struct gate *gate; /* a private room's; NULL: an open room */
	struct guard *guard;     /* wrong secrets are counted per address */
};

/* A connection's input as serving sees it: its mode and its decoder. */
struct serve_in {
	uint8_t line; /* text lines; else frames */
	union {
		struct frame_dec f;
		struct line_dec l;
	} dec;
};

enum serve_verdict {
	SERVE_KEEP = 0,     /* go on reading */
	SERVE_CLOSE = 1,    /* close the connection; why says why */
	SERVE_THROTTLE = 2, /* out of rate: *used bytes were taken, keep the
	                       rest until the member may send again */
};

/* Sets in up for frames or lines. */
void serve_in_init(struct serve_in *in, int line);
void serve_in_free(struct serve_in *in);
/* A line client joins at once, as a guest. */
enum serve_verdict serve_line_start(const struct serve_ctx *sv,
    struct member *m, char *why, size_t whylen);
/* Serves n bytes the client sent. */
enum serve_verdict serve_input(const struct serve_ctx *sv, struct member *m,
    struct serve_in *in, const uint8_t *buf, size_t n, uint64_t now,
    size_t *used, char *why, size_t whylen);
/* Tells m one error, if its error rate allows (a client that keeps
 * erring is not answered every time). */
void serve_error(const struct serve_ctx *sv, struct member *m, int code,
    const char *text, uint64_t now);

#endif
