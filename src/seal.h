/* seal: the cryptography of a private room (doc/security.md), all of it
 * libsodium's, none of it home-made:
 *
 *  - the passphrase is stretched by Argon2id (crypto_pwhash, the
 *    INTERACTIVE limits: 64 MiB, so each guess costs what a join costs)
 *    with the room's salt into a room key, and crypto_kdf derives from it
 *    one subkey each for admission, messages and what is stored;
 *  - admission: the server's random challenge, answered with an HMAC
 *    (crypto_auth) under the admission key, binding the nick, checked in
 *    constant time (crypto_auth_verify); a capture of both lets no guess
 *    be checked faster than Argon2id allows;
 *  - message text sealed by its sender with XChaCha20-Poly1305-IETF under
 *    the message key, a random 192-bit nonce each (never repeated, across
 *    TCP, UDP and restarts alike), the additional data binding the room,
 *    the kind (chat, action, private), the sender's nick, the recipient
 *    of a private message, the sender's session and a sequence number;
 *    seal_window tells a receiver what it has seen already.
 *
 * Pure: no I/O, no clock. seal_init first (sodium_init). */
#ifndef SEAL_H
#define SEAL_H

#include <stddef.h>
#include <stdint.h>

#define SEAL_KEY 32       /* bytes of every key */
#define SEAL_SALT 16      /* bytes of a room's salt */
#define SEAL_CHAL 32      /* bytes of an admission challenge */
#define SEAL_PROOF 32     /* bytes of an admission proof */
#define SEAL_NONCE 24
#define SEAL_TAG 16
#define SEAL_HEAD (8 + 4 + SEAL_NONCE) /* session, seq, nonce */
#define SEAL_OVERHEAD (SEAL_HEAD + SEAL_TAG)

/* What sealed text is: part of the additional data. */
enum seal_kind { SEAL_CHAT = 1, SEAL_ACTION = 2, SEAL_PRIVATE = 3,
	SEAL_TOPIC = 4, SEAL_AWAY = 5 };

struct seal_keys {
	uint8_t admit[SEAL_KEY]; /* the server needs only this one */
	uint8_t msg[SEAL_KEY];
	uint8_t store[SEAL_KEY];
};

/* The sealed text's sender as the receiver checks it. */
struct seal_who {
	const char *from, *to; /* to: a private message's recipient, or "" */
	enum seal_kind kind;
};

/* -1 when libsodium cannot start. */
int seal_init(void);
/* Stretches the passphrase with the room's salt (Argon2id) and derives
 * the three subkeys. -1 when out of memory (Argon2id takes 64 MiB). */
int seal_derive(const char *pass, size_t len, const uint8_t salt[SEAL_SALT],
    struct seal_keys *k);
/* The admission proof for nick's answer to challenge. */
void seal_prove(const uint8_t admit[SEAL_KEY], const uint8_t chal[SEAL_CHAL],
    const char *nick, uint8_t proof[SEAL_PROOF]);
/* 0 when proof is right, in constant time; -1 otherwise. */
int seal_check(const uint8_t admit[SEAL_KEY], const uint8_t chal[SEAL_CHAL],
    const char *nick, const uint8_t proof[SEAL_PROOF]);
/* Seals text from w.from as number seq of its session into out; returns
 * the length (len + SEAL_OVERHEAD), or 0 when cap is too small. */
size_t seal_text(const uint8_t key[SEAL_KEY], const uint8_t salt[SEAL_SALT],
    const struct seal_who *w, uint64_t session, uint32_t seq,
    const void *text, size_t len, uint8_t *out, size_t cap);
/* Opens what seal_text made, for the sender w says (the nick the server
 * stamped); the text goes to text (at most n - SEAL_OVERHEAD bytes),
 * its length to *len, its session and seq out. -1 when it does not
 * authenticate: forged, altered, another room, kind, sender or
 * recipient. */
int seal_open(const uint8_t key[SEAL_KEY], const uint8_t salt[SEAL_SALT],
    const struct seal_who *w, const uint8_t *in, size_t n, void *text,
    size_t cap, size_t *len, uint64_t *session, uint32_t *seq);
/* A sender's session number for a connection begun at now (Unix
 * seconds): the time above, random bits below, so a sender's sessions
 * only grow and a receiver can refuse an older one. */
uint64_t seal_session(uint32_t now);
/* Random bytes: a challenge, a salt. */
void seal_random(void *buf, size_t n);
/* A room's salt from its name (the way WPA2 salts with the network's
 * name): the same passphrase gives another room other keys. */
void seal_salt(const char *room, uint8_t salt[SEAL_SALT]);
/* What a server needs of a room secret, as one line of text:
 * "lanchat-admission/1 SALT KEY", both in hex (SEAL_KEYLINE bytes with
 * the NUL). seal_keyline_parse: -1 when line is not one. */
#define SEAL_KEYLINE (20 + 2 * SEAL_SALT + 1 + 2 * SEAL_KEY + 1)
void seal_keyline(const uint8_t salt[SEAL_SALT],
    const uint8_t admit[SEAL_KEY], char buf[SEAL_KEYLINE]);
int seal_keyline_parse(const char *line, uint8_t salt[SEAL_SALT],
    uint8_t admit[SEAL_KEY]);
/* Overwrites a secret in memory, in a way no compiler removes. */
void seal_wipe(void *p, size_t n);

/* What a receiver has seen of one sender: 1 when (session, seq) is new,
 * 0 when it is a replay, too old to tell (SEAL_WINDOW numbers behind the
 * highest), or from a session older than the one seen last (a capture
 * of an earlier run). The first number seen of a session does not hide
 * those just before it: a sender's lines travel by TCP and UDP at once
 * and may arrive in another order than they were sealed. */
#define SEAL_WINDOW 64
struct seal_window {
	uint64_t session;
	uint32_t high;   /* the highest number seen of the session */
	uint64_t seen;   /* bit i: high - i was seen */
	uint8_t started;
};

int seal_window_take(struct seal_window *sw, uint64_t session, uint32_t seq);

#endif
