/* seal: libsodium, used one way everywhere. */
#include "config.h"

#include <string.h>

#include <sodium.h>

#include "seal.h"

#define KDF_CTX "lanchat1" /* crypto_kdf's context: 8 bytes */
enum { KDF_ADMIT = 1, KDF_MSG = 2, KDF_STORE = 3 };

int
seal_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int
seal_derive(const char *pass, size_t len, const uint8_t salt[SEAL_SALT],
    struct seal_keys *k)
{
	uint8_t room[SEAL_KEY];
	if (crypto_pwhash(room, sizeof room, pass, len, salt,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) < 0)
		return -1;
	crypto_kdf_derive_from_key(k->admit, SEAL_KEY, KDF_ADMIT, KDF_CTX, room);
	crypto_kdf_derive_from_key(k->msg, SEAL_KEY, KDF_MSG, KDF_CTX, room);
	crypto_kdf_derive_from_key(k->store, SEAL_KEY, KDF_STORE, KDF_CTX, room);
	sodium_memzero(room, sizeof room);
	return 0;
}

/* What a proof covers: a tag, the challenge, the nick. */
static size_t
proof_input(const uint8_t chal[SEAL_CHAL], const char *nick, uint8_t *buf,
    size_t cap)
{
	static const char tag[] = "lanchat-admit-1";
	size_t nl = strlen(nick), n = 0;
	if (sizeof tag + SEAL_CHAL + 1 + nl > cap)
		nl = cap - sizeof tag - SEAL_CHAL - 1;
	memcpy(buf, tag, sizeof tag), n += sizeof tag;
	memcpy(buf + n, chal, SEAL_CHAL), n += SEAL_CHAL;
	buf[n++] = (uint8_t)nl;
	memcpy(buf + n, nick, nl), n += nl;
	return n;
}

void
seal_prove(const uint8_t admit[SEAL_KEY], const uint8_t chal[SEAL_CHAL],
    const char *nick, uint8_t proof[SEAL_PROOF])
{
	uint8_t in[256];
	size_t n = proof_input(chal, nick, in, sizeof in);
	crypto_auth(proof, in, n, admit);
}

int
seal_check(const uint8_t admit[SEAL_KEY], const uint8_t chal[SEAL_CHAL],
    const char *nick, const uint8_t proof[SEAL_PROOF])
{
	uint8_t in[256];
	size_t n = proof_input(chal, nick, in, sizeof in);
	return crypto_auth_verify(proof, in, n, admit) == 0 ? 0 : -1;
}

/* A nick as the additional data holds it: folded to lower case, as the
 * room compares nicks, so that the case a sender typed a recipient's
 * nick in, or the server stamps, changes nothing. */
static size_t
put_nick(uint8_t *buf, const char *nick)
{
	size_t n = nick ? strlen(nick) : 0;
	if (n > 64)
		n = 64;
	buf[0] = (uint8_t)n;
	for (size_t i = 0; i < n; i++)
		buf[1 + i] = (uint8_t)(nick[i] >= 'A' && nick[i] <= 'Z' ?
		    nick[i] - 'A' + 'a' : nick[i]);
	return 1 + n;
}

/* The additional data: every field length-prefixed, so no two
 * different senders, kinds or rooms can read alike. */
static size_t
ad(const uint8_t salt[SEAL_SALT], const struct seal_who *w,
    const uint8_t head[12], uint8_t *buf)
{
	static const char tag[] = "lanchat-seal-1";
	size_t n = 0;
	memcpy(buf, tag, sizeof tag), n += sizeof tag;
	memcpy(buf + n, salt, SEAL_SALT), n += SEAL_SALT;
	buf[n++] = (uint8_t)w->kind;
	n += put_nick(buf + n, w->from);
	n += put_nick(buf + n, w->to);
	memcpy(buf + n, head, 12), n += 12;
	return n;
}

static void
put_head(uint8_t *p, uint64_t session, uint32_t seq)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(session >> (56 - 8 * i));
	for (int i = 0; i < 4; i++)
		p[8 + i] = (uint8_t)(seq >> (24 - 8 * i));
}

size_t
seal_text(const uint8_t key[SEAL_KEY], const uint8_t salt[SEAL_SALT],
    const struct seal_who *w, uint64_t session, uint32_t seq,
    const void *text, size_t len, uint8_t *out, size_t cap)
{
	uint8_t a[160];
	unsigned long long cl;
	if (cap < len + SEAL_OVERHEAD)
		return 0;
	put_head(out, session, seq);
	randombytes_buf(out + 12, SEAL_NONCE);
	size_t an = ad(salt, w, out, a);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + SEAL_HEAD, &cl, text,
	    len, a, an, NULL, out + 12, key);
	return SEAL_HEAD + (size_t)cl;
}

int
seal_open(const uint8_t key[SEAL_KEY], const uint8_t salt[SEAL_SALT],
    const struct seal_who *w, const uint8_t *in, size_t n, void *text,
    size_t cap, size_t *len, uint64_t *session, uint32_t *seq)
{
	uint8_t a[160];
	unsigned long long ml;
	if (n < SEAL_OVERHEAD || cap < n - SEAL_OVERHEAD)
		return -1;
	size_t an = ad(salt, w, in, a);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(text, &ml, NULL,
	    in + SEAL_HEAD, n - SEAL_HEAD, a, an, in + 12, key) < 0)
		return -1;
	*len = (size_t)ml;
	*session = *seq = 0;
	for (int i = 0; i < 8; i++)
		*session = *session << 8 | in[i];
	for (int i = 8; i < 12; i++)
		*seq = *seq << 8 | in[i];
	return 0;
}

uint64_t
seal_session(uint32_t now)
{
	return (uint64_t)now << 32 | randombytes_random();
}

void
seal_random(void *buf, size_t n)
{
	randombytes_buf(buf, n);
}

void
seal_salt(const char *room, uint8_t salt[SEAL_SALT])
{
	static const char tag[] = "lanchat-salt-1";
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, SEAL_SALT);
	crypto_generichash_update(&st, (const uint8_t *)tag, sizeof tag);
	crypto_generichash_update(&st, (const uint8_t *)room, strlen(room));
	crypto_generichash_final(&st, salt, SEAL_SALT);
}

#define KEYLINE_TAG "lanchat-admission/1 "

void
seal_keyline(const uint8_t salt[SEAL_SALT], const uint8_t admit[SEAL_KEY],
    char buf[SEAL_KEYLINE])
{
	size_t n = sizeof KEYLINE_TAG - 1;
	memcpy(buf, KEYLINE_TAG, n);
	sodium_bin2hex(buf + n, 2 * SEAL_SALT + 1, salt, SEAL_SALT);
	n += 2 * SEAL_SALT;
	buf[n++] = ' ';
	sodium_bin2hex(buf + n, 2 * SEAL_KEY + 1, admit, SEAL_KEY);
}

int
seal_keyline_parse(const char *line, uint8_t salt[SEAL_SALT],
    uint8_t admit[SEAL_KEY])
{
	size_t n = sizeof KEYLINE_TAG - 1, got;
	const char *end;
	if (strncmp(line, KEYLINE_TAG, n) != 0)
		return -1;
	line += n;
	if (sodium_hex2bin(salt, SEAL_SALT, line, 2 * SEAL_SALT, NULL, &got,
	    &end) < 0 || got != SEAL_SALT || *end != ' ')
		return -1;
	if (sodium_hex2bin(admit, SEAL_KEY, end + 1, 2 * SEAL_KEY, NULL, &got,
	    &end) < 0 || got != SEAL_KEY || *end != '\0')
		return -1;
	return 0;
}

void
seal_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

int
seal_window_take(struct seal_window *sw, uint64_t session, uint32_t seq)
{
	if (sw->started && session < sw->session)
		return 0;
	if (!sw->started || session > sw->session) {
		*sw = (struct seal_window){ session, seq, 1, 1 };
		return 1;
	}
	if (seq > sw->high) {
		uint32_t d = seq - sw->high;
		sw->seen = d >= SEAL_WINDOW ? 1 : sw->seen << d | 1;
		sw->high = seq;
		return 1;
	}
	uint32_t back = sw->high - seq;
	if (back >= SEAL_WINDOW || (sw->seen >> back & 1))
		return 0;
	sw->seen |= (uint64_t)1 << back;
	return 1;
}
