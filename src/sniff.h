/* sniff: what the first bytes of a connection say it is: a lanchat client
 * (a frame begins with a 0x00 byte), a person on nc or telnet (text), or
 * something that is no chat client at all and must never reach the room:
 * a TLS ClientHello, or an HTTP request (a browser pointed at the port).
 * Pure. */
#ifndef SNIFF_H
#define SNIFF_H

#include <stddef.h>
#include <stdint.h>

#define SNIFF_MAX 512 /* bytes looked at before deciding it is text */

enum sniff_kind {
	SNIFF_MORE,   /* cannot tell yet: wait for more (or the deadline) */
	SNIFF_FRAMED,
	SNIFF_LINE,
	SNIFF_TLS,
	SNIFF_HTTP,
};

enum sniff_kind sniff(const uint8_t *p, size_t n);
/* The short answer an HTTP client gets, naming lanchat and how to join. */
size_t sniff_http_reply(char *buf, size_t cap, const char *info, int port);

#endif
