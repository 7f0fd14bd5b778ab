/* libFuzzer target: sealed text (seal.c). Whatever arrives is opened,
 * or refused, without reading or writing past either buffer; what was
 * sealed opens back to itself, for the sender it was sealed by only. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "seal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t key[SEAL_KEY] = { 1, 2, 3 }, salt[SEAL_SALT] = { 9 };
	static uint8_t box[2048 + SEAL_OVERHEAD], text[2048];
	static int ready;
	struct seal_who w = { "alice", "", SEAL_CHAT };
	size_t len;
	uint64_t session;
	uint32_t seq;
	if (!ready) {
		if (seal_init() < 0)
			abort();
		ready = 1;
	}
	if (size > 2048 + SEAL_OVERHEAD)
		return 0;
	/* Bytes from the network: refused (a forgery cannot authenticate). */
	if (seal_open(key, salt, &w, data, size, text, sizeof text, &len,
	    &session, &seq) == 0)
		abort();
	if (size > 2048)
		return 0;
	/* The same bytes as text: sealed, they open back, for alice alone. */
	size_t n = seal_text(key, salt, &w, 7, 9, data, size, box, sizeof box);
	if (n != size + SEAL_OVERHEAD || seal_open(key, salt, &w, box, n, text,
	    sizeof text, &len, &session, &seq) < 0 || len != size ||
	    memcmp(text, data, size) != 0 || session != 7 || seq != 9)
		abort();
	struct seal_who bob = { "bob", "", SEAL_CHAT };
	if (seal_open(key, salt, &bob, box, n, text, sizeof text, &len,
	    &session, &seq) == 0)
		abort();
	return 0;
}
