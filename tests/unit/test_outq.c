/* Unit tests for outq: shared chunks, span merging and flushing. */
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unit.h"
#include "outq.h"

static void
spans_merge(void **state)
{
	struct arena a;
	struct outq q;
	(void)state;
	arena_init(&a);
	outq_init(&q);
	for (int i = 0; i < 100; i++) {
		struct span sp = arena_add(&a, "hello\n", 6);
		assert_non_null(sp.c);
		assert_int_equal(outq_put(&q, &sp), 0);
	}
	assert_int_equal(q.n, 1); /* one span for a whole run */
	assert_int_equal(q.bytes, 600);
	outq_free(&q);
	arena_free(&a);
}

static void
gaps_split(void **state)
{
	struct arena a;
	struct outq q1, q2;
	(void)state;
	arena_init(&a);
	outq_init(&q1);
	outq_init(&q2);
	struct span s1 = arena_add(&a, "for both\n", 9);
	struct span s2 = arena_add(&a, "for q2\n", 7);
	struct span s3 = arena_add(&a, "both again\n", 11);
	outq_put(&q1, &s1);
	outq_put(&q2, &s1);
	outq_put(&q2, &s2);
	outq_put(&q1, &s3);
	outq_put(&q2, &s3);
	assert_int_equal(q1.n, 2);
	assert_int_equal(q2.n, 1);
	outq_free(&q1);
	arena_free(&a); /* chunks still queued outlive the arena */
	outq_free(&q2);
}

static void
flush_in_order(void **state)
{
	struct arena a;
	struct outq q;
	int sv[2];
	char buf[CHUNK_SIZE * 3];
	size_t want = 0;
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	int sz = 1 << 20;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
	arena_init(&a);
	outq_init(&q);
	/* Enough 100-byte messages to cross two chunk boundaries. */
	for (int i = 0; i < 1500; i++) {
		char m[100];
		memset(m, 'a' + i % 26, sizeof m);
		struct span sp = arena_add(&a, m, sizeof m);
		outq_put(&q, &sp);
		want += sizeof m;
	}
	assert_true(q.n >= 3);
	assert_int_equal(outq_flush(&q, sv[0]), 1);
	assert_int_equal(q.bytes, 0);
	size_t got = 0;
	while (got < want) {
		ssize_t n = read(sv[1], buf + got, sizeof buf - got);
		assert_true(n > 0);
		got += n;
	}
	for (size_t i = 0; i < want; i++)
		assert_int_equal(buf[i], 'a' + (i / 100) % 26);
	outq_free(&q);
	arena_free(&a);
	close(sv[0]);
	close(sv[1]);
}

static void
full_socket(void **state)
{
	struct arena a;
	struct outq q;
	int sv[2];
	static char m[4096];
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	signal(SIGPIPE, SIG_IGN); /* as the programs do */
	arena_init(&a);
	outq_init(&q);
	for (int i = 0; i < 1024; i++) {
		struct span sp = arena_add(&a, m, sizeof m);
		outq_put(&q, &sp);
	}
	assert_int_equal(outq_flush(&q, sv[0]), 0); /* the reader never reads */
	assert_true(q.bytes > 0);
	assert_true(q.bytes < 1024 * sizeof m);
	close(sv[1]);
	assert_int_equal(outq_flush(&q, sv[0]), -1);
	outq_free(&q);
	arena_free(&a);
	close(sv[0]);
}

static void
too_big_for_a_chunk(void **state)
{
	struct arena a;
	static char big[CHUNK_SIZE + 1];
	(void)state;
	arena_init(&a);
	struct span sp = arena_add(&a, big, sizeof big);
	assert_null(sp.c);
	arena_free(&a);
}

int
main(void)
{
	RUN(cmocka_unit_test(spans_merge),
	    cmocka_unit_test(gaps_split),
	    cmocka_unit_test(flush_in_order),
	    cmocka_unit_test(full_socket),
	    cmocka_unit_test(too_big_for_a_chunk));
}
