/* gate: the door of a private room (doc/security.md). The room server
 * keeps only the room's salt and its admission key, never the message
 * key: it can check that a client knows the secret, and cannot read or
 * forge what members say. A framed client's hello is answered with a
 * challenge; the proof that answers it is checked in constant time.
 * Sealed text is opaque to the server, so only its size is checked. */
#ifndef GATE_H
#define GATE_H

#include <stddef.h>
#include <stdint.h>

#include "nick.h"
#include "seal.h"

struct gate {
	uint8_t salt[SEAL_SALT];
	uint8_t admit[SEAL_KEY];
};

/* A challenge a connection is to answer, and the nick it said hello as. */
struct gate_ask {
	uint8_t chal[SEAL_CHAL];
	char nick[NICK_MAX + 1];
};

/* The gate of a room secret: from a passphrase file (Argon2id with the
 * room's name as salt: a moment and 64 MiB, once), or from an admission
 * key file (seal_keyline). -1 with a sentence in why. */
int gate_from_secret_file(struct gate *g, const char *path,
    const char *room, char *why, size_t whylen);
int gate_from_key_file(struct gate *g, const char *path, char *why,
    size_t whylen);
/* From a passphrase in memory (lanchat --host). -1: out of memory. */
int gate_from_pass(struct gate *g, const char *pass, size_t len,
    const char *room);
/* A new challenge for nick. */
void gate_ask(struct gate_ask *a, const char *nick, size_t len);
/* 0 when proof answers a, -1 otherwise. */
int gate_check(const struct gate *g, const struct gate_ask *a,
    const void *proof, size_t len);
/* 0 when text may be relayed: with g, a sealed box of a sealable size;
 * without, text by the rules of doc/protocol.md section 4. -1 with the
 * whole sentence to tell the sender. */
int gate_text(const struct gate *g, const char *t, size_t n, char *why,
    size_t whylen);
/* The same for an away message or a topic (what names it) of at most
 * max bytes of text; empty is allowed (back; no topic). */
int gate_short(const struct gate *g, const char *t, size_t n, size_t max,
    const char *what, char *why, size_t whylen);

#endif
