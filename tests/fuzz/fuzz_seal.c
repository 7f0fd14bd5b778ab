/* libFuzzer target: sealed text (seal.c) and a client's opening of it
 * (priv.c). Whatever arrives is opened, or refused, without reading or
 * writing past either buffer; what was sealed opens back to itself, for
 * the sender it was sealed by only; a message from the server opens only
 * to text a terminal may get, and a line numbered as the input says is
 * shown at most once. The admission key file's line (what lanchatd reads
 * from disk) is taken only when it is one, and then reads back to itself. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "msg.h"
#include "priv.h"
#include "seal.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A member's keys without Argon2id (too slow to run per input). */
static struct priv me;

static void
key_me(const uint8_t *key, const uint8_t *salt)
{
	me.keyed = 1;
	memcpy(me.k.msg, key, SEAL_KEY);
	memcpy(me.salt, salt, SEAL_SALT);
}

/* The input as a frame body from the server. */
static void
as_message(const uint8_t *data, size_t size)
{
	struct msg m;
	char why[128];
	if (msg_decode(data, size, &m) != MSG_OK)
		return;
	if (priv_open(&me, &m, size & 1) != PRIV_OK)
		return;
	const struct msg_str *t = &m.s[m.type == MSG_PRIVATE ? 2 : 1];
	if (text_check(t->p, t->len, why, sizeof why) < 0)
		abort();
}

/* A real line from bob, numbered as the input says: new once, then a
 * replay; never a forgery. */
static void
numbered(const uint8_t *key, const uint8_t *salt, const uint8_t *data,
    size_t size)
{
	static uint8_t box[64];
	uint64_t session = 0;
	uint32_t seq = 0;
	struct seal_who w = { "bob", "", SEAL_ACTION };
	for (size_t i = 0; i < 12 && i < size; i++) {
		if (i < 8)
			session = session << 8 | data[i];
		else
			seq = seq << 8 | data[i];
	}
	size_t n = seal_text(key, salt, &w, session, seq, "waves", 5, box,
	    sizeof box);
	struct msg m = { .type = MSG_ACTION };
	m.s[0] = msg_str("bob");
	m.s[1] = (struct msg_str){ (const char *)box, (uint16_t)n };
	struct msg again = m;
	enum priv_result r = priv_open(&me, &m, 0);
	if (r == PRIV_FORGED || r == PRIV_BADTEXT ||
	    priv_open(&me, &again, 0) != PRIV_REPLAY)
		abort();
}

/* The input as the first line of an admission key file. */
static void
keyline(const uint8_t *data, size_t size)
{
	char line[SEAL_KEYLINE + 16], again[SEAL_KEYLINE];
	uint8_t salt[SEAL_SALT], admit[SEAL_KEY];
	if (size >= sizeof line)
		return;
	memcpy(line, data, size);
	line[size] = '\0';
	if (seal_keyline_parse(line, salt, admit) < 0)
		return;
	seal_keyline(salt, admit, again);
	if (strlen(line) != SEAL_KEYLINE - 1 || strcasecmp(line, again) != 0)
		abort();
}

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
		key_me(key, salt);
		ready = 1;
	}
	if (size > 2048 + SEAL_OVERHEAD)
		return 0;
	keyline(data, size);
	as_message(data, size);
	numbered(key, salt, data, size);
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
