/* gate: a private room's door, as the room server keeps it. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gate.h"
#include "secret.h"
#include "text.h"

int
gate_from_pass(struct gate *g, const char *pass, size_t len,
    const char *room)
{
	struct seal_keys k;
	seal_salt(room, g->salt);
	if (seal_derive(pass, len, g->salt, &k) < 0)
		return -1;
	memcpy(g->admit, k.admit, SEAL_KEY);
	seal_wipe(&k, sizeof k); /* the server never keeps the message key */
	return 0;
}

int
gate_from_secret_file(struct gate *g, const char *path, const char *room,
    char *why, size_t whylen)
{
	char pass[SECRET_MAX + 1];
	int n = secret_read(path, pass, sizeof pass, why, whylen);
	if (n < 0)
		return -1;
	int r = gate_from_pass(g, pass, (size_t)n, room);
	seal_wipe(pass, sizeof pass);
	if (r < 0)
		snprintf(why, whylen, "out of memory for the secret's hash "
		    "(Argon2id takes 64 MiB)");
	return r;
}

int
gate_from_key_file(struct gate *g, const char *path, char *why,
    size_t whylen)
{
	char line[SEAL_KEYLINE + 2];
	if (secret_read(path, line, sizeof line, why, whylen) < 0)
		return -1;
	int r = seal_keyline_parse(line, g->salt, g->admit);
	seal_wipe(line, sizeof line);
	if (r < 0)
		snprintf(why, whylen, "%s is not an admission key: its line "
		    "should read \"lanchat-admission/1 SALT KEY\" (lanchatd "
		    "--print-admission-key makes one)", path);
	return r;
}

void
gate_ask(struct gate_ask *a, const char *nick, size_t len)
{
	seal_random(a->chal, sizeof a->chal);
	if (len > NICK_MAX)
		len = NICK_MAX;
	memcpy(a->nick, nick, len);
	a->nick[len] = '\0';
}

int
gate_check(const struct gate *g, const struct gate_ask *a, const void *proof,
    size_t len)
{
	if (len != SEAL_PROOF)
		return -1;
	return seal_check(g->admit, a->chal, a->nick, proof);
}

/* What both kinds of text share: a private room's boxes are checked for
 * size only, an open room's text by its rules. "" when it may go. */
static void
check(const struct gate *g, const char *t, size_t n, size_t max,
    const char *what, char *why, size_t whylen)
{
	char rule[128];
	why[0] = '\0';
	if (g)
		max += SEAL_OVERHEAD;
	if (n > max)
		snprintf(why, whylen, "%s of %zu bytes is over the limit of %zu",
		    what, n, max);
	else if (g && n <= SEAL_OVERHEAD)
		snprintf(why, whylen, "refused: this room is private and that "
		    "was not sealed text");
	else if (!g && text_check(t, n, rule, sizeof rule) < 0)
		snprintf(why, whylen, "refused: %s", rule);
}

int
gate_text(const struct gate *g, const char *t, size_t n, char *why,
    size_t whylen)
{
	if (n == 0) {
		snprintf(why, whylen, "empty message; nothing was sent");
		return -1;
	}
	check(g, t, n, TEXT_MAX, "message", why, whylen);
	if (why[0] == '\0')
		return 0;
	size_t k = strlen(why);
	snprintf(why + k, whylen - k, "; it was not sent");
	return -1;
}

int
gate_short(const struct gate *g, const char *t, size_t n, size_t max,
    const char *what, char *why, size_t whylen)
{
	if (n == 0)
		return 0;
	check(g, t, n, max, what, why, whylen);
	return why[0] ? -1 : 0;
}
