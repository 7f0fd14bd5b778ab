/* libFuzzer target: what the server makes of a connection's first bytes
 * and of a line client's stream, and what a client makes of a server's
 * first line: sniffing (frames, text, TLS, HTTP), telnet commands taken
 * out (in one read and byte by byte, which must agree), the greeting and
 * refusal check, and line-mode output, which must be safe text that no
 * member's words can make look like a server line. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "frame.h"
#include "sniff.h"
#include "telnet.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t a[70000], b[70000];
	static char line[FMT_MAX], why[400];
	uint8_t ra[256], rb[256];
	size_t la = 0, lb = 0;

	if (size > sizeof a)
		return 0;
	enum sniff_kind k = sniff(data, size);
	if (k > SNIFF_HTTP)
		abort();

	/* telnet: one read, or one byte at a time: the same data out */
	struct telnet ta = { 0 }, tb = { 0 };
	memcpy(a, data, size);
	size_t na = telnet_filter(&ta, a, size, ra, sizeof ra, &la), nb = 0;
	for (size_t i = 0; i < size; i++) {
		b[nb] = data[i];
		nb += telnet_filter(&tb, b + nb, 1, rb, sizeof rb, &lb);
	}
	if (na != nb || memcmp(a, b, na) != 0 || na > size || la % 3 ||
	    la > sizeof ra)
		abort();

	/* the greeting a client checks */
	int g = frame_greeting_check((const char *)data, size, 1, why,
	    sizeof why);
	if (g > (int)size || g < -2 ||
	    (g < 0 && text_check(why, strlen(why), line, 64) < 0))
		abort(); /* the reason shown is safe text */

	/* what a line reader is sent for a member's words */
	struct msg m = { .type = MSG_CHAT };
	m.s[0] = msg_str("member");
	m.s[1] = (struct msg_str){ (const char *)data,
	    (uint16_t)(size > 8192 ? 8192 : size) };
	size_t n = fmt_line(&m, NULL, line, sizeof line);
	if (n != strlen(line) || text_check(line, n, why, sizeof why) < 0 ||
	    strstr(line + 9, "-!- ") || strstr(line, "  "))
		abort();
	return 0;
}
