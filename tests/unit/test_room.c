/* Unit tests for room: membership, fan-out, bursts and slow readers. */
#include "unit.h"

#include <sys/socket.h>
#include <unistd.h>

#include "frame.h"
#include "fanout.h"
#include "room.h"
#include "backlog.h"

static char why[160];
static char text[1 << 16];
static size_t gotlen; /* bytes got() returned: frames hold NULs */

/* What m has queued, as text, read back from a socket the queue is
 * flushed into, as the server flushes at the end of a turn. */
static const char *
got(struct room *r, struct member *m)
{
	static int p[2] = { -1, -1 };
	ssize_t n;

	if (p[0] < 0) {
		int big = 4 * (int)sizeof text;
		assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM |
		    SOCK_NONBLOCK, 0, p), 0);
		setsockopt(p[1], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
		setsockopt(p[0], SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
	}
	room_settle(r);
	assert_true(m->q.bytes < sizeof text);
	assert_true(outq_flush(&m->q, p[1]) >= 0);
	assert_int_equal(m->q.bytes, 0);
	n = read(p[0], text, sizeof text - 1);
	gotlen = n > 0 ? (size_t)n : 0;
	text[gotlen] = '\0';
	return text;
}

static void
drain_lists(struct room *r)
{
	while (fanout_dirty_pop(room_fanout(r)))
		;
}

/* Empties the room and frees it and every member's queue. */
static void
teardown(struct room *r, struct member **m, int n)
{
	drain_lists(r);
	for (int i = 0; i < n; i++) {
		room_leave(r, m[i], NULL);
		room_member_free(m[i]);
	}
	room_free(r);
}

/* A room whose members have joined, been announced and read everything,
 * so a test starts from silence. modes has one letter per member: 'l'
 * reads text lines, 'f' frames; nicks[i] NULL makes a guest. */
struct seats {
	struct room *r;
	struct member m[4];
	int n;
};

static struct room *
seat(struct seats *s, const char *modes, const char *const *nicks)
{
	s->r = room_new("test");
	s->n = (int)strlen(modes);
	assert_true(s->n <= (int)nitems(s->m));
	for (int i = 0; i < s->n; i++) {
		const char *nick = nicks ? nicks[i] : NULL;
		room_member_init(&s->m[i], "x", modes[i] == 'l');
		assert_int_equal(room_join(s->r, &s->m[i], nick,
		    nick ? strlen(nick) : 0, why, sizeof why), 0);
	}
	room_announce(s->r, 0);
	for (int i = 0; i < s->n; i++)
		got(s->r, &s->m[i]);
	return s->r;
}

static void
unseat(struct seats *s)
{
	struct member *all[nitems(s->m)];
	for (int i = 0; i < s->n; i++)
		all[i] = &s->m[i];
	teardown(s->r, all, s->n);
}

/* The names list names each member once, though sending it to one of
 * them moves that one within the fan-out's member array. */
static void
names_once_each(void **state)
{
	static const char *const nicks[] = { "ann", "ben", "cat", "dan" };
	struct seats s;
	(void)state;
	seat(&s, "llll", nicks);
	room_say(s.r, &s.m[0], MSG_CHAT, "hi", 2, 0); /* all follow now */
	for (int i = 0; i < s.n; i++)
		got(s.r, &s.m[i]);
	room_say(s.r, &s.m[0], MSG_CHAT, "again", 5, 0);
	room_names(s.r, &s.m[0]); /* the first in the array asks */
	const char *t = got(s.r, &s.m[0]);
	for (int i = 0; i < s.n; i++) {
		char want[32];
		snprintf(want, sizeof want, "names: %s [", nicks[i]);
		const char *at = strstr(t, want);
		assert_non_null(at);
		assert_null(strstr(at + 1, want));
	}
	assert_non_null(strstr(t, "-!- 4 in the room"));
	unseat(&s);
}

static void
join_say_leave(void **state)
{
	struct room *r = room_new("test");
	struct member a, b;
	(void)state;
	room_member_init(&a, "1.1.1.1:1", 1);
	room_member_init(&b, "2.2.2.2:2", 1);
	assert_int_equal(room_join(r, &a, "alice", 5, why, sizeof why), 0);
	assert_int_equal(room_join(r, &b, NULL, 0, why, sizeof why), 0);
	assert_string_equal(b.nick, "guest1");
	assert_int_equal(room_count(r), 2);
	assert_int_equal(room_announce(r, 1000), -1);
	assert_string_equal(got(r, &a), "-!- welcome, alice: 1 in the room (test)\n"
	    "-!- alice [1.1.1.1:1] joined\n-!- guest1 [2.2.2.2:2] joined\n");
	got(r, &b);
	room_say(r, &b, MSG_CHAT, "hi", 2, 0);
	room_say(r, &a, MSG_ACTION, "waves", 5, 0);
	const char *both = "<guest1> hi\n* alice waves\n";
	assert_string_equal(got(r, &a), both);
	assert_string_equal(got(r, &b), both);
	room_leave(r, &b, "bye");
	assert_string_equal(got(r, &a), "-!- guest1 left (bye)\n");
	assert_int_equal(room_count(r), 1);
	struct member *all[] = { &a, &b };
	teardown(r, all, 2);
}

static void
nicks(void **state)
{
	struct room *r = room_new("test");
	struct member a, b;
	(void)state;
	room_member_init(&a, "a", 1);
	room_member_init(&b, "b", 1);
	assert_int_equal(room_join(r, &a, "Alice", 5, why, sizeof why), 0);
	assert_int_equal(room_join(r, &b, "aLiCe", 5, why, sizeof why),
	    ERR_NICK_TAKEN);
	assert_non_null(strstr(why, "taken"));
	assert_int_equal(room_join(r, &b, "9x", 2, why, sizeof why),
	    ERR_BAD_NICK);
	assert_int_equal(room_join(r, &b, "bob", 3, why, sizeof why), 0);
	room_announce(r, 0);
	got(r, &a);
	got(r, &b);
	assert_int_equal(room_rename(r, &b, "ALICE", 5, why, sizeof why),
	    ERR_NICK_TAKEN);
	assert_int_equal(room_rename(r, &a, "ALICE", 5, why, sizeof why), 0);
	assert_string_equal(got(r, &b), "-!- Alice is now known as ALICE\n");
	assert_int_equal(room_rename(r, &b, "carol", 5, why, sizeof why), 0);
	/* the old nick is free again, the new one taken */
	assert_int_equal(room_rename(r, &a, "bob", 3, why, sizeof why), 0);
	assert_int_equal(room_rename(r, &a, "Carol", 5, why, sizeof why),
	    ERR_NICK_TAKEN);
	struct member *all[] = { &a, &b };
	teardown(r, all, 2);
}

static void
private_messages(void **state)
{
	struct seats s;
	struct room *r = seat(&s, "lll", NULL);
	struct member *m = s.m;
	(void)state;
	assert_int_equal(room_tell(r, &m[0], "GUEST2", 6, "psst", 4, why,
	    sizeof why), 0);
	assert_string_equal(got(r, &m[0]), "-> *guest2* psst\n");
	assert_string_equal(got(r, &m[1]), "*guest1* psst\n");
	assert_string_equal(got(r, &m[2]), "");
	assert_int_equal(room_tell(r, &m[0], "nobody", 6, "x", 1, why,
	    sizeof why), ERR_NO_SUCH_NICK);
	unseat(&s);
}

static void
bursts_are_summarised(void **state)
{
	struct room *r = room_new("test");
	struct member m[12];
	(void)state;
	for (int i = 0; i < 12; i++) {
		room_member_init(&m[i], "x", 1);
		room_join(r, &m[i], NULL, 0, why, sizeof why);
	}
	assert_int_equal(room_announce(r, 1000), -1);
	got(r, &m[0]);
	assert_string_equal(got(r, &m[11]), "-!- welcome, guest12: 12 in the "
	    "room (test)\n-!- 12 joined: guest1 guest2 guest3 guest4 and 8 "
	    "more\n");
	/* A join soon after waits for the gap, then goes out alone. */
	struct member late;
	room_member_init(&late, "y", 1);
	room_join(r, &late, "late", 4, why, sizeof why);
	got(r, &late);
	assert_int_equal(room_announce(r, 1100), ROOM_JOIN_GAP_MS - 100);
	assert_string_equal(got(r, &m[0]), "");
	assert_int_equal(room_announce(r, 1000 + ROOM_JOIN_GAP_MS), -1);
	assert_string_equal(got(r, &m[0]), "-!- late [y] joined\n");
	struct member *all[13];
	for (int i = 0; i < 12; i++)
		all[i] = &m[i];
	all[12] = &late;
	teardown(r, all, 13);
}

static void
unannounced_leave_is_silent(void **state)
{
	struct room *r = room_new("test");
	struct member a, b;
	(void)state;
	room_member_init(&a, "a", 1);
	room_member_init(&b, "b", 1);
	room_join(r, &a, "alice", 5, why, sizeof why);
	room_announce(r, 0);
	got(r, &a);
	room_join(r, &b, "bob", 3, why, sizeof why);
	room_leave(r, &b, "oops");
	assert_int_equal(room_announce(r, 10000), -1);
	assert_string_equal(got(r, &a), "");
	/* a pending member who speaks is announced first */
	room_join(r, &b, "bob", 3, why, sizeof why);
	got(r, &b);
	room_say(r, &b, MSG_CHAT, "hi", 2, 0);
	assert_string_equal(got(r, &a), "-!- bob [b] joined\n<bob> hi\n");
	struct member *all[] = { &a, &b };
	teardown(r, all, 2);
}

/* A member struct that leaves and joins again is a new join each time
 * (found by fuzzing: it looped the list of pending joins). */
static void
rejoin_is_a_new_join(void **state)
{
	struct room *r = room_new("test");
	struct member a, b;
	(void)state;
	room_member_init(&a, "a", 1);
	room_member_init(&b, "b", 1);
	room_join(r, &a, "alice", 5, why, sizeof why);
	room_join(r, &b, "bob", 3, why, sizeof why);
	room_announce(r, 0);
	got(r, &a);
	room_leave(r, &b, "brb");
	room_join(r, &b, "bob", 3, why, sizeof why);
	room_leave(r, &b, "again");
	room_join(r, &b, "bob", 3, why, sizeof why);
	assert_int_equal(room_announce(r, 10000), -1);
	assert_string_equal(got(r, &a), "-!- bob left (brb)\n"
	    "-!- bob [b] joined\n");
	struct member *all[] = { &a, &b };
	teardown(r, all, 2);
}

static void
framed_members_get_frames(void **state)
{
	static const char *const nicks[] = { "alice", "lina" };
	struct seats s;
	struct room *r = seat(&s, "fl", nicks);
	struct member *a = &s.m[0], *l = &s.m[1];
	struct msg m;
	(void)state;
	room_say(r, l, MSG_CHAT, "hé", 3, 0);
	got(r, a);
	/* The chat line's id comes first, in a stamp; then the line. */
	size_t n = frame_get_len((uint8_t *)text);
	assert_int_equal(msg_decode((uint8_t *)text + 4, n, &m), MSG_OK);
	assert_int_equal(m.type, MSG_STAMP);
	assert_int_equal(m.num, 1);
	const char *p = text + FRAME_HDR + n;
	n = gotlen - FRAME_HDR - n;
	assert_int_equal(frame_get_len((const uint8_t *)p), n - FRAME_HDR);
	assert_int_equal(msg_decode((const uint8_t *)p + 4, n - 4, &m), MSG_OK);
	assert_int_equal(m.type, MSG_CHAT);
	assert_memory_equal(m.s[0].p, "lina", 4);
	assert_memory_equal(m.s[1].p, "hé", 3);
	assert_string_equal(got(r, l), "<lina> hé\n");
	unseat(&s);
}

/* The types of the frames got() read, in order, into types; how many. */
static size_t
frame_types(uint8_t *types, size_t max, struct msg *last_backlog)
{
	size_t k = 0;
	for (size_t off = 0; off + FRAME_HDR <= gotlen && k < max; k++) {
		size_t n = frame_get_len((uint8_t *)text + off);
		struct msg m;
		assert_true(off + FRAME_HDR + n <= gotlen);
		assert_int_equal(msg_decode((uint8_t *)text + off + FRAME_HDR,
		    n, &m), MSG_OK);
		types[k] = m.type;
		if (m.type == MSG_BACKLOG)
			*last_backlog = m;
		off += FRAME_HDR + n;
	}
	return k;
}

static void
late_joiners_get_the_backlog(void **state)
{
	static const char *const nicks[] = { "lina", "bob" };
	struct seats s;
	struct room *r = seat(&s, "lf", nicks);
	struct member *l = &s.m[0], *b = &s.m[1], c, d;
	uint8_t t[16];
	struct msg bl;
	(void)state;
	room_say(r, l, MSG_CHAT, "one", 3, 0);
	room_say(r, b, MSG_ACTION, "waves", 5, 0);
	assert_int_equal(room_tell(r, b, "lina", 4, "secret", 6, why,
	    sizeof why), 0);
	got(r, l);
	got(r, b);
	/* A line member is shown them on joining, between markers; the
	 * private message never. */
	room_member_init(&c, "c", 1);
	assert_int_equal(room_join(r, &c, "carl", 4, why, sizeof why), 0);
	got(r, &c);
	assert_non_null(strstr(text, "-- history: 2 messages since "));
	assert_non_null(strstr(text, "] <lina> one\n"));
	assert_non_null(strstr(text, "] * bob waves\n-- end of history --\n"));
	assert_null(strstr(text, "secret"));
	/* A framed member that asked before its welcome gets a header and
	 * the two, after the welcome. */
	room_member_init(&d, "d", 0);
	d.hist = ROOM_HIST_ASKED;
	assert_int_equal(room_join(r, &d, "dora", 4, why, sizeof why), 0);
	got(r, &d);
	assert_int_equal(frame_types(t, nitems(t), &bl), 4);
	assert_int_equal(t[0], MSG_WELCOME);
	assert_int_equal(t[1], MSG_BACKLOG);
	assert_int_equal(bl.num, 2);
	assert_int_equal(t[2], MSG_HISTORY);
	assert_int_equal(t[3], MSG_HISTORY);
	/* Once per connection. */
	assert_int_equal(d.hist, ROOM_HIST_SENT);
	/* A rename is kept too; asking after id 2 of this life gives it. */
	assert_int_equal(room_rename(r, b, "rob", 3, why, sizeof why), 0);
	got(r, &d);
	struct member e;
	room_member_init(&e, "e", 0);
	assert_int_equal(room_join(r, &e, "eve", 3, why, sizeof why), 0);
	got(r, &e);
	room_history(r, &e, 2, bl.seq);
	got(r, &e);
	assert_int_equal(frame_types(t, nitems(t), &bl), 2);
	assert_int_equal(bl.num, 1);
	/* Ids from another life of the room: all, and a gap. */
	room_history(r, &e, 2, bl.seq + 1);
	got(r, &e);
	assert_int_equal(frame_types(t, nitems(t), &bl), 4);
	assert_int_equal(bl.num, 3 | MSG_BACKLOG_GAP);
	/* With the backlog off nothing is numbered or kept. */
	assert_int_equal(room_set_backlog(r, 0, 0), 0);
	room_say(r, l, MSG_CHAT, "two", 3, 0);
	got(r, &e);
	assert_int_equal(frame_types(t, nitems(t), &bl), 1);
	assert_int_equal(t[0], MSG_CHAT);
	struct member *all[] = { l, b, &c, &d, &e };
	drain_lists(r);
	for (size_t i = 0; i < nitems(all); i++) {
		room_leave(r, all[i], NULL);
		room_member_free(all[i]);
	}
	room_free(r);
}

static uint32_t fake_now = 1000000;
static uint32_t fake_clock(void) { return fake_now; }

/* A day of fake time later, nothing is shown: the backlog's age limit. */
static void
a_day_later_the_backlog_is_empty(void **state)
{
	static const char *const nicks[] = { "lina" };
	struct seats s;
	struct member c;
	(void)state;
	backlog_set_clock(fake_clock);
	struct room *r = seat(&s, "l", nicks);
	room_say(r, &s.m[0], MSG_CHAT, "old", 3, 0);
	fake_now += 24 * 3600; /* at the limit: still shown */
	room_member_init(&c, "c", 1);
	room_join(r, &c, "carl", 4, why, sizeof why);
	assert_non_null(strstr(got(r, &c), "] <lina> old\n"));
	room_leave(r, &c, NULL);
	fake_now += 1; /* past it */
	c.hist = ROOM_HIST_NONE; /* as a new connection would be */
	room_join(r, &c, "carl", 4, why, sizeof why);
	assert_null(strstr(got(r, &c), "old"));
	assert_null(strstr(text, "history"));
	room_leave(r, &c, NULL);
	room_member_free(&c);
	unseat(&s);
	backlog_set_clock(NULL);
}

static void
slow_reader_is_doomed(void **state)
{
	struct room *r = room_new("test");
	struct member a, slow;
	static char line[8000];
	(void)state;
	memset(line, 'x', sizeof line);
	room_member_init(&a, "a", 1);
	room_member_init(&slow, "s", 1);
	room_join(r, &a, "alice", 5, why, sizeof why);
	room_join(r, &slow, "slow", 4, why, sizeof why);
	room_announce(r, 0);
	assert_null(room_doomed_pop(r));
	for (int i = 0; i < FANOUT_SENDQ_MAX / (int)sizeof line + 2; i++) {
		room_say(r, &a, MSG_CHAT, line, sizeof line, 0);
		got(r, &a); /* alice reads everything */
	}
	room_settle(r);
	assert_ptr_equal(room_doomed_pop(r), &slow);
	assert_null(room_doomed_pop(r));
	/* cut at the end of the turn that passed the limit, and no longer
	 * taking broadcasts */
	assert_true(slow.q.bytes > FANOUT_SENDQ_MAX);
	assert_false(slow.follow);
	drain_lists(r);
	room_leave(r, &slow, "send queue full");
	assert_non_null(strstr(got(r, &a), "slow left (send queue full)"));
	room_leave(r, &a, NULL);
	room_member_free(&a);
	room_member_free(&slow);
	room_free(r);
}

/* Random joins, leaves, switches to and from datagrams, lines of random
 * length (so that broadcasts fill chunk after chunk) and reads: every
 * member gets on its stream every line said while it was in and not on
 * datagrams, once, in order, whether it follows the shared chunk or not. */
#define NM 9
#define STEPS 6000

static void
no_fanout(void *arg, const uint8_t *dgram, size_t len)
{
	(void)arg, (void)dgram, (void)len;
}

static void
everyone_gets_everything_in_order(void **state)
{
	struct room *r = room_new("test");
	struct member m[NM];
	static int want[NM][STEPS];
	int in[NM] = { 0 }, head[NM] = { 0 }, tail[NM] = { 0 }, said = 0;
	static char line[1600];
	uint32_t seed = 12345;
	(void)state;

	room_set_fanout(r, no_fanout, NULL);
	for (int i = 0; i < NM; i++)
		room_member_init(&m[i], "1.2.3.4:5", i % 3 != 0);
	for (int step = 0; step < STEPS; step++) {
		seed = seed * 1103515245u + 12345u;
		uint32_t x = seed >> 8;
		int i = x % NM, op = (x / NM) % 100;
		char nick[8];
		snprintf(nick, sizeof nick, "m%d", i);
		if (!in[i]) {
			if (op < 30) {
				assert_int_equal(room_join(r, &m[i], nick,
				    strlen(nick), why, sizeof why), 0);
				in[i] = 1;
				room_announce(r, (uint64_t)step * 1000);
			}
			continue;
		}
		if (op < 50) {
			int len = 1 + (int)((x >> 12) % (sizeof line - 16));
			int k = snprintf(line, sizeof line, "%d ", said);
			if (len > k)
				memset(line + k, 'a' + said % 26, len - k);
			size_t n = (size_t)(k > len ? k : len);
			/* Datagram receivers get it as a datagram if it fits. */
			uint8_t dg[MSG_DGRAM_MAX];
			struct msg u = { .type = MSG_UCHAT };
			u.s[0] = msg_str(nick);
			u.s[1] = (struct msg_str){ line, (uint16_t)n };
			int fits = msg_encode(&u, dg, sizeof dg) > 0;
			room_say(r, &m[i], MSG_CHAT, line, n, 0);
			for (int j = 0; j < NM; j++)
				if (in[j] && !(m[j].udp_rx && fits))
					want[j][tail[j]++] = said;
			said++;
			continue;
		}
		if (op < 56) {
			room_udp_rx(r, &m[i], !m[i].udp_rx);
			continue;
		}
		/* Read what it has: the chat lines must be the next ones. */
		const char *t = got(r, &m[i]);
		for (size_t o = 0; o < gotlen;) {
			const char *l = t + o, *e = l;
			int n = -1;
			if (m[i].line) {
				e = strchr(l, '\n');
				assert_non_null(e);
				if (*l == '<')
					sscanf(strchr(l, ' ') + 1, "%d ", &n);
			} else {
				/* a frame: length, version, type, from, text */
				const uint8_t *b = (const uint8_t *)l;
				uint32_t fl = frame_get_len(b);
				if (b[5] == MSG_CHAT) {
					size_t from = (size_t)b[6] << 8 | b[7];
					sscanf(l + 10 + from, "%d ", &n);
				}
				e = l + 4 + fl - 1;
			}
			if (n >= 0) {
				assert_true(head[i] < tail[i]);
				assert_int_equal(n, want[i][head[i]]);
				head[i]++;
			}
			o = (size_t)(e - t) + 1;
		}
		assert_int_equal(head[i], tail[i]);
		while (fanout_dirty_pop(room_fanout(r)) || room_doomed_pop(r))
			;
		if (op > 90) {
			room_leave(r, &m[i], NULL);
			room_member_free(&m[i]);
			in[i] = 0;
			head[i] = tail[i] = 0;
		}
	}
	for (int i = 0; i < NM; i++)
		if (in[i]) {
			room_leave(r, &m[i], NULL);
			room_member_free(&m[i]);
		}
	room_free(r);
}

int
main(void)
{
	RUN(cmocka_unit_test(join_say_leave),
	    cmocka_unit_test(names_once_each),
	    cmocka_unit_test(nicks),
	    cmocka_unit_test(private_messages),
	    cmocka_unit_test(bursts_are_summarised),
	    cmocka_unit_test(unannounced_leave_is_silent),
	    cmocka_unit_test(rejoin_is_a_new_join),
	    cmocka_unit_test(framed_members_get_frames),
	    cmocka_unit_test(late_joiners_get_the_backlog),
	    cmocka_unit_test(a_day_later_the_backlog_is_empty),
	    cmocka_unit_test(slow_reader_is_doomed),
	    cmocka_unit_test(everyone_gets_everything_in_order));
}
