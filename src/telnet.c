/* telnet: a byte-at-a-time state machine over IAC sequences. */
#include "config.h"

#include <string.h>

#include "telnet.h"

enum { T_DATA, T_IAC, T_OPT, T_SB, T_SB_IAC };
enum { SE = 240, SB = 250, WILL = 251, WONT = 252, DO = 253, DONT = 254 };

static void
refuse(uint8_t *reply, size_t cap, size_t *rlen, uint8_t how, uint8_t opt)
{
	if (*rlen + 3 > cap)
		return; /* the peer asked too much at once; it hears no more */
	reply[(*rlen)++] = TELNET_IAC;
	reply[(*rlen)++] = how;
	reply[(*rlen)++] = opt;
}

size_t
telnet_filter(struct telnet *t, uint8_t *p, size_t n, uint8_t *reply,
    size_t cap, size_t *rlen)
{
	size_t out = 0;
	if (n == 0)
		return 0; /* p may be NULL */
	/* The usual case, text with no command in it, costs one memchr. */
	if (t->st == T_DATA && memchr(p, TELNET_IAC, n) == NULL)
		return n;
	for (size_t i = 0; i < n; i++) {
		uint8_t b = p[i];
		switch (t->st) {
		case T_DATA:
			if (b == TELNET_IAC)
				t->st = T_IAC;
			else
				p[out++] = b;
			break;
		case T_IAC:
			t->st = T_DATA;
			if (b == TELNET_IAC)
				p[out++] = b;
			else if (b >= WILL)
				t->st = T_OPT, t->cmd = b;
			else if (b == SB)
				t->st = T_SB;
			/* else a two-byte command (IP, AYT, NOP...): dropped */
			break;
		case T_OPT:
			/* We enable nothing: refuse offers and requests; never
			 * answer a refusal, so no loop can start (RFC 1143). */
			if (t->cmd == WILL)
				refuse(reply, cap, rlen, DONT, b);
			else if (t->cmd == DO)
				refuse(reply, cap, rlen, WONT, b);
			t->st = T_DATA;
			break;
		case T_SB:
			if (b == TELNET_IAC)
				t->st = T_SB_IAC;
			break;
		case T_SB_IAC:
			t->st = b == SE ? T_DATA : T_SB;
			break;
		}
	}
	return out;
}
