/* Unit tests for priv (a client's private room: sealing, opening,
 * replays, senders) and gate (the server's door: proofs, text sizes). */
#include "unit.h"

#include <string.h>

#include "gate.h"
#include "priv.h"

#define PASS "otter-maple-quartz-river-lamp"
static uint8_t salt[SEAL_SALT];
static struct priv alice, bob, eve;

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(seal_init(), 0);
	if (!alice.keyed) {
		seal_salt("office", salt);
		priv_init(&alice, PASS, strlen(PASS), 1000);
		priv_init(&bob, PASS, strlen(PASS), 1001);
		priv_init(&eve, "otter-maple-quartz-river-lump", 29, 1002);
		assert_int_equal(priv_key(&alice, salt, sizeof salt), 0);
		assert_int_equal(priv_key(&bob, salt, sizeof salt), 0);
		assert_int_equal(priv_key(&eve, salt, sizeof salt), 0);
	}
	return 0;
}

/* What alice's say or tell becomes on its way to bob: the server stamps
 * the sender and keeps the box as it is. */
static struct msg
relayed(const struct msg *sent, const char *from, uint8_t *copy)
{
	struct msg m = { 0 };
	const struct msg_str *t = &sent->s[sent->type == MSG_TELL ? 1 : 0];
	memcpy(copy, t->p, t->len);
	m.type = sent->type == MSG_SAY ? MSG_CHAT : sent->type == MSG_ACT ?
	    MSG_ACTION : MSG_PRIVATE;
	m.s[0] = msg_str(from);
	if (sent->type == MSG_TELL)
		m.s[1] = sent->s[0];
	m.s[sent->type == MSG_TELL ? 2 : 1] = (struct msg_str){
	    (const char *)copy, t->len };
	return m;
}

static struct msg
say(struct priv *p, int type, const char *to, const char *text,
    const char *me, uint8_t *copy)
{
	struct msg m = { .type = (uint8_t)type };
	if (type == MSG_TELL) {
		m.s[0] = msg_str(to);
		m.s[1] = msg_str(text);
	} else {
		m.s[0] = msg_str(text);
	}
	assert_int_equal(priv_seal(p, &m, me), 0);
	return relayed(&m, me, copy);
}

static void
sealed_then_opened_once(void **state)
{
	uint8_t box[PRIV_TEXT_CAP];
	(void)state;
	struct msg m = say(&alice, MSG_SAY, NULL, "hello bob", "alice", box);
	assert_true(memmem(box, m.s[1].len, "hello bob", 9) == NULL);
	assert_int_equal(m.s[1].len, 9 + SEAL_OVERHEAD);
	struct msg copy = m;
	assert_int_equal(priv_open(&bob, &m, 0), PRIV_OK);
	assert_int_equal(m.s[1].len, 9);
	assert_memory_equal(m.s[1].p, "hello bob", 9);
	/* The same box again: a replay. As history: shown, marked so. */
	m = copy;
	assert_int_equal(priv_open(&bob, &m, 0), PRIV_REPLAY);
	m = copy;
	assert_int_equal(priv_open(&bob, &m, 1), PRIV_OK);
	/* Another secret cannot read it. */
	m = copy;
	assert_int_equal(priv_open(&eve, &m, 0), PRIV_FORGED);
}

static void
moved_text_refused(void **state)
{
	uint8_t box[PRIV_TEXT_CAP];
	(void)state;
	struct msg m = say(&alice, MSG_SAY, NULL, "mine", "alice", box);
	struct msg c = m;
	c.s[0] = msg_str("carol"); /* another sender */
	assert_int_equal(priv_open(&bob, &c, 0), PRIV_FORGED);
	c = m;
	c.type = MSG_ACTION; /* another kind */
	assert_int_equal(priv_open(&bob, &c, 0), PRIV_FORGED);
	c = m;
	c.s[0] = msg_str("ALICE"); /* the same nick in another case */
	assert_int_equal(priv_open(&bob, &c, 0), PRIV_OK);
	/* Every byte of the box matters. */
	for (size_t i = 0; i < m.s[1].len; i += 7) {
		struct msg t = say(&alice, MSG_SAY, NULL, "each", "alice", box);
		box[i] ^= 1;
		assert_int_equal(priv_open(&bob, &t, 0), PRIV_FORGED);
	}
}

static void
private_messages_bind_the_recipient(void **state)
{
	uint8_t box[PRIV_TEXT_CAP];
	(void)state;
	struct msg m = say(&alice, MSG_TELL, "Bob", "psst", "alice", box);
	struct msg c = m;
	c.s[1] = msg_str("bob"); /* as the server names the recipient */
	assert_int_equal(priv_open(&bob, &c, 0), PRIV_OK);
	assert_memory_equal(c.s[2].p, "psst", 4);
	c = m;
	c.s[1] = msg_str("dave");
	assert_int_equal(priv_open(&bob, &c, 0), PRIV_FORGED);
}

static void
bad_text_refused_and_others_untouched(void **state)
{
	uint8_t box[PRIV_TEXT_CAP];
	char why[256];
	(void)state;
	struct msg m = say(&alice, MSG_SAY, NULL, "\033[2Jgone", "alice", box);
	assert_int_equal(priv_open(&bob, &m, 0), PRIV_BADTEXT);
	priv_why(PRIV_BADTEXT, &m, why, sizeof why);
	assert_non_null(strstr(why, "a message from alice"));
	/* A rename: nothing to seal; no topic: nothing either. */
	struct msg n = { .type = MSG_NICK };
	n.s[0] = msg_str("alicia");
	assert_int_equal(priv_seal(&alice, &n, "alice"), 0);
	assert_int_equal(n.s[0].len, 6);
	n = (struct msg){ .type = MSG_TOPIC };
	n.s[0] = msg_str("");
	assert_int_equal(priv_seal(&alice, &n, "alice"), 0);
	assert_int_equal(n.s[0].len, 0);
	/* No keys yet: nothing is sealed, and nothing pretends to be. */
	struct priv fresh;
	priv_init(&fresh, PASS, strlen(PASS), 5);
	struct msg s = { .type = MSG_SAY };
	s.s[0] = msg_str("too soon");
	assert_int_equal(priv_seal(&fresh, &s, "x"), -1);
	assert_int_equal(priv_key(&fresh, salt, 3), -1); /* a bad salt */
	priv_free(&fresh);
}

/* The window follows each sender on its own; a newer run of a sender
 * starts again, an older one is refused. */
/* Topics and away messages are sealed by who sets them, and opened as
 * often as they are told (each joiner, each names list). */
static void
topics_and_away_sealed(void **state)
{
	uint8_t box[PRIV_TEXT_CAP];
	(void)state;
	struct msg t = { .type = MSG_TOPIC };
	t.s[0] = msg_str("plans for friday");
	assert_int_equal(priv_seal(&alice, &t, "alice"), 0);
	assert_int_equal(t.s[0].len, 16 + SEAL_OVERHEAD);
	memcpy(box, t.s[0].p, t.s[0].len);
	for (int i = 0; i < 2; i++) {
		struct msg is = { .type = MSG_TOPIC_IS, .num = (uint32_t)i };
		is.s[0] = msg_str("alice");
		is.s[1] = (struct msg_str){ (const char *)box, t.s[0].len };
		assert_int_equal(priv_open(&bob, &is, 0), PRIV_OK);
		assert_memory_equal(is.s[1].p, "plans for friday", 16);
	}
	struct msg is = { .type = MSG_TOPIC_IS };
	is.s[0] = msg_str("carol"); /* not who set it */
	is.s[1] = (struct msg_str){ (const char *)box, t.s[0].len };
	assert_int_equal(priv_open(&bob, &is, 0), PRIV_FORGED);
	struct msg aw = { .type = MSG_AWAY_IS }; /* a topic is no away text */
	aw.s[0] = msg_str("alice");
	aw.s[1] = is.s[1];
	assert_int_equal(priv_open(&bob, &aw, 0), PRIV_FORGED);
	struct msg none = { .type = MSG_TOPIC_IS };
	none.s[0] = msg_str("alice");
	none.s[1] = msg_str("");
	assert_int_equal(priv_open(&bob, &none, 0), PRIV_OK);
}

static void
senders_and_sessions(void **state)
{
	uint8_t b1[PRIV_TEXT_CAP], b2[PRIV_TEXT_CAP], b3[PRIV_TEXT_CAP];
	(void)state;
	struct msg a1 = say(&alice, MSG_SAY, NULL, "one", "alice", b1);
	struct msg e1 = say(&bob, MSG_SAY, NULL, "two", "bob", b2);
	assert_int_equal(priv_open(&eve, &a1, 0), PRIV_FORGED);
	struct priv carol;
	priv_init(&carol, PASS, strlen(PASS), 2000);
	assert_int_equal(priv_key(&carol, salt, sizeof salt), 0);
	assert_int_equal(priv_open(&carol, &e1, 0), PRIV_OK);
	assert_int_equal(priv_open(&carol, &a1, 0), PRIV_OK);
	/* alice runs again, later: her old lines are refused from then on. */
	struct priv alice2;
	priv_init(&alice2, PASS, strlen(PASS), 3000);
	assert_int_equal(priv_key(&alice2, salt, sizeof salt), 0);
	struct msg a2 = say(&alice2, MSG_SAY, NULL, "again", "alice", b3);
	assert_int_equal(priv_open(&carol, &a2, 0), PRIV_OK);
	a1 = say(&alice, MSG_SAY, NULL, "old run", "alice", b1);
	assert_int_equal(priv_open(&carol, &a1, 0), PRIV_REPLAY);
	priv_free(&carol);
	priv_free(&alice2);
}

static void
door(void **state)
{
	struct gate g;
	struct gate_ask a;
	uint8_t proof[SEAL_PROOF];
	char why[256];
	(void)state;
	assert_int_equal(gate_from_pass(&g, PASS, strlen(PASS), "office"), 0);
	assert_memory_equal(g.salt, salt, SEAL_SALT);
	gate_ask(&a, "alice", 5);
	assert_int_equal(priv_prove(&alice, a.chal, sizeof a.chal, "alice",
	    proof), 0);
	assert_int_equal(gate_check(&g, &a, proof, sizeof proof), 0);
	assert_int_equal(gate_check(&g, &a, proof, sizeof proof - 1), -1);
	assert_int_equal(priv_prove(&eve, a.chal, sizeof a.chal, "alice",
	    proof), 0);
	assert_int_equal(gate_check(&g, &a, proof, sizeof proof), -1);
	assert_int_equal(priv_prove(&alice, a.chal, sizeof a.chal, "bob",
	    proof), 0);
	assert_int_equal(gate_check(&g, &a, proof, sizeof proof), -1);
	assert_int_equal(priv_prove(&alice, a.chal, 8, "alice", proof), -1);
	/* The server takes boxes by size only; an open room, text. */
	char big[TEXT_MAX + SEAL_OVERHEAD + 1];
	memset(big, 'x', sizeof big);
	assert_int_equal(gate_text(&g, big, SEAL_OVERHEAD + 1, why,
	    sizeof why), 0);
	assert_int_equal(gate_text(&g, big, TEXT_MAX + SEAL_OVERHEAD, why,
	    sizeof why), 0);
	assert_int_equal(gate_text(&g, big, sizeof big, why, sizeof why), -1);
	assert_int_equal(gate_text(&g, big, SEAL_OVERHEAD, why, sizeof why),
	    -1);
	assert_non_null(strstr(why, "not sealed"));
	assert_int_equal(gate_text(NULL, "\033x", 2, why, sizeof why), -1);
	assert_int_equal(gate_text(NULL, "fine", 4, why, sizeof why), 0);
	assert_int_equal(gate_short(&g, big, 300 + SEAL_OVERHEAD, 300, "a topic",
	    why, sizeof why), 0);
	assert_int_equal(gate_short(&g, big, 301 + SEAL_OVERHEAD, 300,
	    "a topic", why, sizeof why), -1);
	assert_non_null(strstr(why, "a topic of 353 bytes"));
	assert_int_equal(gate_short(&g, big, 0, 300, "a topic", why,
	    sizeof why), 0);
	assert_int_equal(gate_short(NULL, "\033", 1, 300, "a topic", why,
	    sizeof why), -1);
	/* The key line a server may be given instead of the passphrase. */
	char line[SEAL_KEYLINE];
	struct gate back;
	seal_keyline(g.salt, g.admit, line);
	assert_int_equal(seal_keyline_parse(line, back.salt, back.admit), 0);
	assert_memory_equal(&back, &g, sizeof g);
	line[30] = 'z';
	assert_int_equal(seal_keyline_parse(line, back.salt, back.admit), -1);
	assert_int_equal(seal_keyline_parse("lanchat-admission/1 00", back.salt,
	    back.admit), -1);
}

int
main(void)
{
	RUN(cmocka_unit_test_setup(sealed_then_opened_once, setup),
	    cmocka_unit_test_setup(moved_text_refused, setup),
	    cmocka_unit_test_setup(private_messages_bind_the_recipient, setup),
	    cmocka_unit_test_setup(bad_text_refused_and_others_untouched, setup),
	    cmocka_unit_test_setup(topics_and_away_sealed, setup),
	    cmocka_unit_test_setup(senders_and_sessions, setup),
	    cmocka_unit_test_setup(door, setup));
}
