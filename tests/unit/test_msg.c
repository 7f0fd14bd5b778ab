/* Unit tests for msg: the type table and encoding. */
#include "unit.h"
#include "frame.h"
#include "msg.h"

static void
table_sorted_and_sane(void **state)
{
	size_t n;
	const struct msg_kind *k = msg_kinds(&n);
	(void)state;
	for (size_t i = 0; i < n; i++) {
		int strs = 0;
		if (i > 0)
			assert_true(k[i - 1].type < k[i].type);
		assert_ptr_equal(msg_kind(k[i].type), &k[i]);
		for (const char *f = k[i].schema; *f; f++) {
			assert_true(*f == 's' || *f == 'n' || *f == 'q');
			strs += *f == 's';
		}
		assert_true(strs <= MSG_FIELDS);
	}
	assert_null(msg_kind(0));
	assert_null(msg_kind(0xff));
}

/* Every type encodes and decodes back to the same fields. */
static void
roundtrip_every_type(void **state)
{
	size_t n;
	const struct msg_kind *k = msg_kinds(&n);
	uint8_t buf[256];
	(void)state;
	for (size_t i = 0; i < n; i++) {
		struct msg m = { .type = k[i].type }, d;
		const char *txt[MSG_FIELDS] = { "alice", "", "héllo wörld" };
		int strs = 0;
		for (const char *f = k[i].schema; *f; f++) {
			if (*f == 's') {
				m.s[strs] = msg_str(txt[strs]);
				strs++;
			} else if (*f == 'n') {
				m.num = 0xdeadbeef;
			} else {
				m.seq = 0xfffffffe;
			}
		}
		int len = msg_encode(&m, buf, sizeof buf);
		assert_true(len >= FRAME_HDR + 2);
		assert_int_equal(len, msg_frame_len(&m));
		assert_int_equal(frame_get_len(buf), len - FRAME_HDR);
		assert_int_equal(buf[4], MSG_VERSION);
		assert_int_equal(msg_decode(buf + 4, len - 4, &d), MSG_OK);
		assert_int_equal(d.type, m.type);
		assert_int_equal(d.num, m.num);
		assert_int_equal(d.seq, m.seq);
		for (int s = 0; s < strs; s++) {
			assert_int_equal(d.s[s].len, m.s[s].len);
			assert_memory_equal(d.s[s].p, m.s[s].p, m.s[s].len);
		}
	}
}

static void
bad_bodies(void **state)
{
	struct msg m;
	uint8_t b[16] = { 0 };
	(void)state;
	assert_int_equal(msg_decode(b, 0, &m), MSG_EMALFORMED);
	b[0] = MSG_VERSION;
	assert_int_equal(msg_decode(b, 1, &m), MSG_EMALFORMED);
	b[0] = 2;
	b[1] = MSG_SAY;
	assert_int_equal(msg_decode(b, 2, &m), MSG_EVERSION);
	b[0] = MSG_VERSION;
	b[1] = 0x7f;
	assert_int_equal(msg_decode(b, 2, &m), MSG_EUNKNOWN);
	/* SAY with a string length running past the end */
	b[1] = MSG_SAY;
	b[2] = 0;
	b[3] = 5;
	memcpy(b + 4, "abc", 3);
	assert_int_equal(msg_decode(b, 7, &m), MSG_EMALFORMED);
	/* exact, then one trailing byte too many */
	b[3] = 3;
	assert_int_equal(msg_decode(b, 7, &m), MSG_OK);
	assert_int_equal(msg_decode(b, 8, &m), MSG_EMALFORMED);
	/* a missing string length */
	assert_int_equal(msg_decode(b, 3, &m), MSG_EMALFORMED);
	/* WHO takes no fields */
	b[1] = MSG_WHO;
	assert_int_equal(msg_decode(b, 2, &m), MSG_OK);
	assert_int_equal(msg_decode(b, 3, &m), MSG_EMALFORMED);
	/* NAMES_END needs its 4-byte number */
	b[1] = MSG_NAMES_END;
	assert_int_equal(msg_decode(b, 5, &m), MSG_EMALFORMED);
}

static void
encode_limits(void **state)
{
	static char big[FRAME_MAX];
	uint8_t buf[FRAME_HDR + FRAME_MAX];
	struct msg m = { .type = MSG_SAY };
	(void)state;
	memset(big, 'x', sizeof big);
	m.s[0] = (struct msg_str){ big, FRAME_MAX - 4 };
	assert_int_equal(msg_encode(&m, buf, sizeof buf), FRAME_HDR + FRAME_MAX);
	m.s[0].len++;
	assert_int_equal(msg_frame_len(&m), -1);
	assert_int_equal(msg_encode(&m, buf, sizeof buf), MSG_ESPACE);
	m.s[0].len = 10;
	assert_int_equal(msg_encode(&m, buf, 10), MSG_ESPACE);
	m.type = 0x7f;
	assert_int_equal(msg_encode(&m, buf, sizeof buf), MSG_ESPACE);
}

static void
error_names(void **state)
{
	(void)state;
	assert_string_equal(msg_err_name(ERR_NICK_TAKEN), "nick taken");
	assert_string_equal(msg_err_name(9999), "error");
}

static uint32_t seed = 2428;

static uint32_t
rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

/* A random message of kind k: strings of random bytes and lengths (frames
 * carry any bytes; text rules are the server's business), random numbers. */
static struct msg
random_msg(const struct msg_kind *k, uint8_t store[MSG_FIELDS][300])
{
	struct msg m = { .type = k->type };
	int strs = 0;
	for (const char *f = k->schema; *f; f++) {
		if (*f == 's') {
			uint16_t len = (uint16_t)(rnd() % 300);
			for (uint16_t j = 0; j < len; j++)
				store[strs][j] = (uint8_t)rnd();
			m.s[strs] = (struct msg_str){ (const char *)store[strs], len };
			strs++;
		} else if (*f == 'n') {
			m.num = rnd() ^ rnd() << 16;
		} else {
			m.seq = rnd() ^ rnd() << 16;
		}
	}
	return m;
}

/* decode(encode(m)) == m for random messages of every type. */
static void
decode_of_encode_is_identity(void **state)
{
	size_t n;
	const struct msg_kind *k = msg_kinds(&n);
	static uint8_t store[MSG_FIELDS][300], buf[2048];
	(void)state;
	for (int round = 0; round < 2000; round++) {
		const struct msg_kind *kind = &k[rnd() % n];
		struct msg m = random_msg(kind, store), d;
		int len = msg_encode(&m, buf, sizeof buf);
		assert_true(len > 0);
		assert_int_equal(msg_decode(buf + FRAME_HDR, len - FRAME_HDR, &d),
		    MSG_OK);
		assert_int_equal(d.type, m.type);
		assert_int_equal(d.num, m.num);
		assert_int_equal(d.seq, m.seq);
		for (int f = 0; f < MSG_FIELDS; f++) {
			assert_int_equal(d.s[f].len, m.s[f].len);
			if (m.s[f].len)
				assert_memory_equal(d.s[f].p, m.s[f].p, m.s[f].len);
		}
	}
}

/* encode(decode(x)) == x for every body that decodes: valid bodies with
 * random bytes changed, cut or added. */
static void
encode_of_decode_is_identity(void **state)
{
	size_t n;
	const struct msg_kind *k = msg_kinds(&n);
	static uint8_t store[MSG_FIELDS][300], buf[2048], out[2048];
	int accepted = 0;
	(void)state;
	for (int round = 0; round < 20000; round++) {
		struct msg m = random_msg(&k[rnd() % n], store), d;
		int len = msg_encode(&m, buf, sizeof buf);
		size_t body = (size_t)len - FRAME_HDR;
		switch (rnd() % 3) {
		case 0:
			buf[FRAME_HDR + rnd() % body] = (uint8_t)rnd();
			break;
		case 1:
			body -= rnd() % body;
			break;
		case 2:
			buf[FRAME_HDR + body++] = (uint8_t)rnd();
			break;
		}
		if (msg_decode(buf + FRAME_HDR, body, &d) != MSG_OK)
			continue;
		accepted++;
		int back = msg_encode(&d, out, sizeof out);
		assert_int_equal(back, (int)(body + FRAME_HDR));
		assert_memory_equal(out + FRAME_HDR, buf + FRAME_HDR, body);
	}
	assert_true(accepted > 1000); /* the property was really tried */
}

int
main(void)
{
	RUN(cmocka_unit_test(table_sorted_and_sane),
	    cmocka_unit_test(roundtrip_every_type),
	    cmocka_unit_test(bad_bodies),
	    cmocka_unit_test(encode_limits),
	    cmocka_unit_test(error_names),
	    cmocka_unit_test(decode_of_encode_is_identity),
	    cmocka_unit_test(encode_of_decode_is_identity));
}
