/* Unit tests for seal: keys, admission proofs, sealed text, replays. */
#include "unit.h"

#include "seal.h"

static const uint8_t salt[SEAL_SALT] = { '0', '1', '2', '3', '4', '5', '6',
    '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f' };
/* The keys of "maple-river-seven-lantern" with that salt. */
#define ADMIT_VECTOR \
    "59c6d38fb8189602a1e0829fef342126b98aa68413f3cf29cbff911947f076f6"
#define MSG_VECTOR \
    "9174fa3eb782f507d7ad5a9cbea0277ed7ecdaebdcbdd1bfba10b617586039f0"
static struct seal_keys k;

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(seal_init(), 0);
	if (k.msg[0] == 0 && k.msg[1] == 0)
		assert_int_equal(seal_derive("maple-river-seven-lantern", 25, salt,
		    &k), 0);
	return 0;
}

static void
hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void
keys_are_derived_as_always(void **state)
{
	struct seal_keys other;
	char h[2 * SEAL_KEY + 1];
	(void)state;
	/* A vector: Argon2id (interactive limits) then crypto_kdf, as
	 * libsodium 1.0.18 computes them. A change here breaks every room
	 * between versions. */
	hex(k.admit, SEAL_KEY, h);
	assert_string_equal(h, ADMIT_VECTOR);
	hex(k.msg, SEAL_KEY, h);
	assert_string_equal(h, MSG_VECTOR);
	/* Three different keys; another passphrase or salt, others. */
	assert_memory_not_equal(k.admit, k.msg, SEAL_KEY);
	assert_memory_not_equal(k.msg, k.store, SEAL_KEY);
	assert_int_equal(seal_derive("maple-river-seven-lantern", 25,
	    (const uint8_t *)"0123456789abcdeg\0", &other), 0);
	assert_memory_not_equal(k.msg, other.msg, SEAL_KEY);
	assert_int_equal(seal_derive("maple-river-seven-lanterN", 25, salt,
	    &other), 0);
	assert_memory_not_equal(k.admit, other.admit, SEAL_KEY);
}

static void
admission(void **state)
{
	uint8_t chal[SEAL_CHAL], proof[SEAL_PROOF];
	(void)state;
	seal_random(chal, sizeof chal);
	seal_prove(k.admit, chal, "alice", proof);
	assert_int_equal(seal_check(k.admit, chal, "alice", proof), 0);
	/* Another nick, another challenge, another key, a flipped bit. */
	assert_int_equal(seal_check(k.admit, chal, "alicf", proof), -1);
	chal[0] ^= 1;
	assert_int_equal(seal_check(k.admit, chal, "alice", proof), -1);
	chal[0] ^= 1;
	assert_int_equal(seal_check(k.msg, chal, "alice", proof), -1);
	proof[31] ^= 0x80;
	assert_int_equal(seal_check(k.admit, chal, "alice", proof), -1);
}

static void
round_trip_and_every_tampered_byte(void **state)
{
	static const char text[] = "hello, private room";
	struct seal_who w = { "alice", "", SEAL_CHAT };
	uint8_t box[256];
	char out[256];
	size_t len;
	uint64_t session;
	uint32_t seq;
	(void)state;
	size_t n = seal_text(k.msg, salt, &w, 42, 7, text, strlen(text), box,
	    sizeof box);
	assert_int_equal(n, strlen(text) + SEAL_OVERHEAD);
	assert_null(memmem(box, n, "hello", 5)); /* no plaintext */
	assert_int_equal(seal_open(k.msg, salt, &w, box, n, out, sizeof out,
	    &len, &session, &seq), 0);
	assert_int_equal(len, strlen(text));
	assert_memory_equal(out, text, len);
	assert_int_equal(session, 42);
	assert_int_equal(seq, 7);
	for (size_t i = 0; i < n; i++) {
		for (int bit = 0; bit < 8; bit += 7) {
			box[i] ^= (uint8_t)(1 << bit);
			assert_int_equal(seal_open(k.msg, salt, &w, box, n, out,
			    sizeof out, &len, &session, &seq), -1);
			box[i] ^= (uint8_t)(1 << bit);
		}
	}
	/* Cut short, or opened as another sender, kind, room or key. */
	assert_int_equal(seal_open(k.msg, salt, &w, box, n - 1, out,
	    sizeof out, &len, &session, &seq), -1);
	struct seal_who bob = { "bob", "", SEAL_CHAT }, act = { "alice", "",
	    SEAL_ACTION }, priv = { "alice", "bob", SEAL_PRIVATE };
	assert_int_equal(seal_open(k.msg, salt, &bob, box, n, out, sizeof out,
	    &len, &session, &seq), -1);
	assert_int_equal(seal_open(k.msg, salt, &act, box, n, out, sizeof out,
	    &len, &session, &seq), -1);
	assert_int_equal(seal_open(k.msg, (const uint8_t *)"0123456789abcdeX",
	    &w, box, n, out, sizeof out, &len, &session, &seq), -1);
	assert_int_equal(seal_open(k.store, salt, &w, box, n, out, sizeof out,
	    &len, &session, &seq), -1);
	/* A private message is bound to its recipient. */
	n = seal_text(k.msg, salt, &priv, 1, 1, "psst", 4, box, sizeof box);
	struct seal_who carol = { "alice", "carol", SEAL_PRIVATE };
	assert_int_equal(seal_open(k.msg, salt, &carol, box, n, out,
	    sizeof out, &len, &session, &seq), -1);
	assert_int_equal(seal_open(k.msg, salt, &priv, box, n, out, sizeof out,
	    &len, &session, &seq), 0);
	/* Too small a buffer is refused, not overrun. */
	assert_int_equal(seal_text(k.msg, salt, &w, 1, 1, text, strlen(text),
	    box, strlen(text) + SEAL_OVERHEAD - 1), 0);
}

static int
cmp_nonce(const void *a, const void *b)
{
	return memcmp(a, b, SEAL_NONCE);
}

static void
nonces_never_repeat(void **state)
{
	enum { N = 20000 };
	static uint8_t nonces[N][SEAL_NONCE];
	struct seal_who w = { "alice", "", SEAL_CHAT };
	uint8_t box[64];
	(void)state;
	for (int i = 0; i < N; i++) {
		/* Same key, text, session and seq: only the nonce differs. */
		seal_text(k.msg, salt, &w, 1, 1, "x", 1, box, sizeof box);
		memcpy(nonces[i], box + 12, SEAL_NONCE);
	}
	qsort(nonces, N, SEAL_NONCE, cmp_nonce);
	for (int i = 1; i < N; i++)
		assert_true(memcmp(nonces[i - 1], nonces[i], SEAL_NONCE) != 0);
}

static void
replays_are_refused(void **state)
{
	struct seal_window sw = { 0 };
	uint64_t s1 = seal_session(1000), s2 = seal_session(2000);
	(void)state;
	assert_true(s2 > s1);
	assert_int_equal(seal_window_take(&sw, s1, 1), 1);
	assert_int_equal(seal_window_take(&sw, s1, 2), 1);
	assert_int_equal(seal_window_take(&sw, s1, 2), 0); /* replayed */
	assert_int_equal(seal_window_take(&sw, s1, 4), 1);
	assert_int_equal(seal_window_take(&sw, s1, 3), 1); /* late, once */
	assert_int_equal(seal_window_take(&sw, s1, 3), 0);
	assert_int_equal(seal_window_take(&sw, s1, 200), 1);
	assert_int_equal(seal_window_take(&sw, s1, 5), 0); /* too old */
	assert_int_equal(seal_window_take(&sw, s1, 137), 1); /* 63 back */
	assert_int_equal(seal_window_take(&sw, s1, 136), 0); /* 64 back */
	/* The sender reconnected: a newer session starts again; the old
	 * one's captured lines are refused from then on. */
	assert_int_equal(seal_window_take(&sw, s2, 1), 1);
	assert_int_equal(seal_window_take(&sw, s1, 201), 0);
	assert_int_equal(seal_window_take(&sw, s2, 1), 0);
	/* A session first seen at 3 (a line by TCP before two by UDP):
	 * 1 and 2 still come in, once. */
	struct seal_window tw = { 0 };
	assert_int_equal(seal_window_take(&tw, s1, 3), 1);
	assert_int_equal(seal_window_take(&tw, s1, 1), 1);
	assert_int_equal(seal_window_take(&tw, s1, 2), 1);
	assert_int_equal(seal_window_take(&tw, s1, 1), 0);
	assert_int_equal(seal_window_take(&tw, s1, 3), 0);
}

int
main(void)
{
	RUN(cmocka_unit_test_setup(keys_are_derived_as_always, setup),
	    cmocka_unit_test_setup(admission, setup),
	    cmocka_unit_test_setup(round_trip_and_every_tampered_byte, setup),
	    cmocka_unit_test_setup(nonces_never_repeat, setup),
	    cmocka_unit_test_setup(replays_are_refused, setup));
}
