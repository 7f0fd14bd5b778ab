/* priv: a private room as one client keeps it (doc/security.md): the
 * passphrase, the keys it gives with the room's salt (derived again only
 * when the salt changes), this client's sender session and numbers, and
 * what it has seen of each sender, so that a replay is shown never.
 *
 * Sealing rewrites an outgoing say, act, tell, topic or away message so
 * its text is a sealed box; opening rewrites an incoming chat, action,
 * private message, topic or away message so its text is what its sender
 * wrote, or says why it cannot be shown.
 * Pure but for libsodium's random numbers: no I/O, the time passed in. */
#ifndef PRIV_H
#define PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "nick.h"
#include "seal.h"
#include "secret.h"
#include "text.h"

#define PRIV_BUCKETS 256
#define PRIV_SENDERS_MAX 65536 /* senders remembered; then forgotten all */
#define PRIV_TEXT_CAP (TEXT_MAX + SEAL_OVERHEAD)

struct priv_seen;

struct priv {
	char pass[SECRET_MAX + 1];
	size_t passlen;
	int keyed;               /* keys for salt are there */
	uint8_t salt[SEAL_SALT];
	struct seal_keys k;
	uint64_t session;        /* ours, for this run */
	uint32_t seq;            /* the last number we sealed */
	struct priv_seen *bucket[PRIV_BUCKETS];
	size_t nseen;
	uint8_t box[PRIV_TEXT_CAP]; /* what priv_seal made */
	char text[TEXT_MAX + 1];    /* what priv_open found */
};

enum priv_result {
	PRIV_OK,      /* m now holds the text */
	PRIV_FORGED,  /* does not authenticate: forged, damaged, moved */
	PRIV_REPLAY,  /* seen already, or from an older session */
	PRIV_BADTEXT, /* authentic, but text a terminal must not get */
};

/* A secret of len bytes (at most SECRET_MAX); now starts our session. */
void priv_init(struct priv *p, const char *pass, size_t len, uint32_t now);
/* Forgets the secret and every key. */
void priv_free(struct priv *p);
/* The keys for the room's salt (salt must be SEAL_SALT bytes): at once
 * when they are there, else Argon2id, a moment. -1 when the salt has the
 * wrong size or memory ran out. */
int priv_key(struct priv *p, const void *salt, size_t len);
/* The proof that answers a challenge for the nick our hello gave; -1
 * when the challenge has the wrong size. */
int priv_prove(const struct priv *p, const void *chal, size_t len,
    const char *nick, uint8_t proof[SEAL_PROOF]);
/* m, a say, act, tell, topic or away from me, gets a sealed box for
 * its text (pointing into p, good until the next call); any other
 * message, and an empty topic or away text, is left as it is. -1 when
 * there are no keys yet, or it does not fit. */
int priv_seal(struct priv *p, struct msg *m, const char *me);
/* Whether m, from the server, carries text a member sealed: a chat,
 * action, private message, topic-is or away-is. */
int priv_sealed(const struct msg *m);
/* m, a chat, action, private message, topic-is or away-is, gets its
 * text back (pointing into p). history: an item from the room's backlog,
 * shown as history whatever was seen (its sender's session is an old
 * one); topics and away messages are always taken so, as they are told
 * again as they stand. */
enum priv_result priv_open(struct priv *p, struct msg *m, int history);
/* What failed, for a notice: "a message from NICK ..." (m as given). */
void priv_why(enum priv_result r, const struct msg *m, char *buf,
    size_t size);

#endif
