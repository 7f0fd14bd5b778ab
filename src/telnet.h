/* telnet: enough of RFC 854 for line mode: telnet's own commands and
 * option negotiation are taken out of what a line client sends, and every
 * option it offers or asks for is refused, so a telnet user's lines never
 * carry bytes they did not type (Ctrl-C sends IAC IP). IAC IAC is a data
 * byte 0xFF. Pure; the state survives a command split across reads. */
#ifndef TELNET_H
#define TELNET_H

#include <stddef.h>
#include <stdint.h>

#define TELNET_IAC 255

struct telnet {
	uint8_t st;  /* where in a command the stream is */
	uint8_t cmd; /* WILL, WONT, DO or DONT awaiting its option */
};

/* Filters n bytes at p in place and returns how many data bytes are left
 * at p. Refusals (IAC DONT x, IAC WONT x) are appended to reply, up to
 * cap bytes in all; *rlen counts what reply holds. */
size_t telnet_filter(struct telnet *t, uint8_t *p, size_t n, uint8_t *reply,
    size_t cap, size_t *rlen);

#endif
