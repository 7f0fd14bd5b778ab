/* priv: the keys, our numbers, and a hash of the senders seen. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "priv.h"

struct priv_seen {
	char nick[NICK_MAX + 1];
	struct seal_window w;
	struct priv_seen *next;
};

void
priv_init(struct priv *p, const char *pass, size_t len, uint32_t now)
{
	memset(p, 0, sizeof *p);
	if (len > SECRET_MAX)
		len = SECRET_MAX;
	memcpy(p->pass, pass, len);
	p->passlen = len;
	p->session = seal_session(now);
}

static void
forget_senders(struct priv *p)
{
	for (size_t i = 0; i < PRIV_BUCKETS; i++) {
		struct priv_seen *s = p->bucket[i], *next;
		for (; s; s = next) {
			next = s->next;
			free(s);
		}
		p->bucket[i] = NULL;
	}
	p->nseen = 0;
}

void
priv_free(struct priv *p)
{
	forget_senders(p);
	seal_wipe(p, sizeof *p);
}

int
priv_key(struct priv *p, const void *salt, size_t len)
{
	if (len != SEAL_SALT)
		return -1;
	if (p->keyed && memcmp(p->salt, salt, SEAL_SALT) == 0)
		return 0;
	p->keyed = 0;
	memcpy(p->salt, salt, SEAL_SALT);
	if (seal_derive(p->pass, p->passlen, p->salt, &p->k) < 0)
		return -1;
	/* Another room, or another life of it: what we saw says nothing of
	 * what is sealed with other keys. */
	forget_senders(p);
	p->keyed = 1;
	return 0;
}

int
priv_prove(const struct priv *p, const void *chal, size_t len,
    const char *nick, uint8_t proof[SEAL_PROOF])
{
	if (!p->keyed || len != SEAL_CHAL)
		return -1;
	seal_prove(p->k.admit, chal, nick, proof);
	return 0;
}

/* Where a message's text is, who it is between, and what kind of text
 * it is; NULL for a message with no text to seal. */
static struct msg_str *
text_of(struct msg *m, struct seal_who *w, char from[NICK_MAX + 1],
    char to[NICK_MAX + 1], const char *me)
{
	const struct msg_str *f = NULL, *t = NULL;
	struct msg_str *text;
	switch (m->type) {
	case MSG_SAY: case MSG_ACT: case MSG_TOPIC: case MSG_AWAY:
		text = &m->s[0];
		break;
	case MSG_TELL:
		t = &m->s[0], text = &m->s[1];
		break;
	case MSG_CHAT: case MSG_ACTION: case MSG_TOPIC_IS: case MSG_AWAY_IS:
		f = &m->s[0], text = &m->s[1];
		break;
	case MSG_PRIVATE:
		f = &m->s[0], t = &m->s[1], text = &m->s[2];
		break;
	default:
		return NULL;
	}
	switch (m->type) {
	case MSG_SAY: case MSG_CHAT: w->kind = SEAL_CHAT; break;
	case MSG_ACT: case MSG_ACTION: w->kind = SEAL_ACTION; break;
	case MSG_TOPIC: case MSG_TOPIC_IS: w->kind = SEAL_TOPIC; break;
	case MSG_AWAY: case MSG_AWAY_IS: w->kind = SEAL_AWAY; break;
	default: w->kind = SEAL_PRIVATE; break;
	}
	snprintf(from, NICK_MAX + 1, "%.*s", f ? (int)f->len : (int)strlen(me),
	    f ? f->p : me);
	snprintf(to, NICK_MAX + 1, "%.*s", t ? (int)t->len : 0, t ? t->p : "");
	w->from = from, w->to = to;
	return text;
}

int
priv_seal(struct priv *p, struct msg *m, const char *me)
{
	struct seal_who w;
	char from[NICK_MAX + 1], to[NICK_MAX + 1];
	struct msg_str *t = text_of(m, &w, from, to, me);
	if (t == NULL || t->len == 0)
		return 0; /* a nick, no topic: nothing to seal */
	if (!p->keyed)
		return -1;
	size_t n = seal_text(p->k.msg, p->salt, &w, p->session, p->seq + 1,
	    t->p, t->len, p->box, sizeof p->box);
	if (n == 0 || n > UINT16_MAX)
		return -1;
	p->seq++;
	*t = (struct msg_str){ (const char *)p->box, (uint16_t)n };
	return 0;
}

static struct priv_seen *
seen(struct priv *p, const char *nick)
{
	uint32_t h = nick_hash(nick) & (PRIV_BUCKETS - 1);
	struct priv_seen *s = p->bucket[h];
	for (; s; s = s->next)
		if (nick_cmp(s->nick, nick) == 0)
			return s;
	if (p->nseen >= PRIV_SENDERS_MAX)
		forget_senders(p);
	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	snprintf(s->nick, sizeof s->nick, "%s", nick);
	s->next = p->bucket[h];
	p->bucket[h] = s;
	p->nseen++;
	return s;
}

int
priv_sealed(const struct msg *m)
{
	return m->type == MSG_CHAT || m->type == MSG_ACTION ||
	    m->type == MSG_PRIVATE || m->type == MSG_TOPIC_IS ||
	    m->type == MSG_AWAY_IS;
}

enum priv_result
priv_open(struct priv *p, struct msg *m, int history)
{
	struct seal_who w;
	char from[NICK_MAX + 1], to[NICK_MAX + 1], why[128];
	struct msg_str *t = text_of(m, &w, from, to, "");
	size_t len;
	uint64_t session;
	uint32_t seq;
	if (t && t->len == 0 && (w.kind == SEAL_TOPIC || w.kind == SEAL_AWAY))
		return PRIV_OK; /* no topic, back: nothing was sealed */
	/* A topic or an away message is told again as it stands, to each
	 * joiner and each names list: no window holds it to once. */
	if (w.kind == SEAL_TOPIC || w.kind == SEAL_AWAY)
		history = 1;
	if (t == NULL || !p->keyed || seal_open(p->k.msg, p->salt, &w,
	    (const uint8_t *)t->p, t->len, p->text, sizeof p->text - 1, &len,
	    &session, &seq) < 0)
		return PRIV_FORGED;
	if (!history) {
		struct priv_seen *s = seen(p, from);
		if (s && !seal_window_take(&s->w, session, seq))
			return PRIV_REPLAY;
	}
	if (len == 0 || text_check(p->text, len, why, sizeof why) < 0)
		return PRIV_BADTEXT;
	p->text[len] = '\0';
	*t = (struct msg_str){ p->text, (uint16_t)len };
	return PRIV_OK;
}

void
priv_why(enum priv_result r, const struct msg *m, char *buf, size_t size)
{
	char nick[NICK_MAX * 3 + 1];
	text_sanitize(m->s[0].p, m->s[0].len > NICK_MAX ? NICK_MAX :
	    m->s[0].len, nick, sizeof nick);
	snprintf(buf, size, "a message from %s %s; it is not shown", nick,
	    r == PRIV_REPLAY ? "was a replay of one seen already" :
	    r == PRIV_BADTEXT ? "holds characters a terminal must not get" :
	    "could not be authenticated (forged, damaged, or sealed with "
	    "another secret)");
}
