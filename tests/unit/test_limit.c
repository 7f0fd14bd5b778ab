/* Unit tests for limit: every limit by name, its default, bad values. */
#include "unit.h"

#include "limit.h"

static char why[256];

static int
set(struct limits *l, const char *name, const char *value)
{
	return limit_set(l, name, value, why, sizeof why);
}

static void
defaults_as_documented(void **state)
{
	struct limits l;
	(void)state;
	limit_default(&l);
	assert_int_equal(l.ping_ms, 60000);
	assert_int_equal(l.ping_timeout_ms, 20000);
	assert_int_equal(l.ka.idle, 60);
	assert_int_equal(l.ka.intvl, 10);
	assert_int_equal(l.ka.cnt, 3);
	assert_int_equal(l.join_ms, 10000);
	assert_int_equal(l.line_ms, 30000);
	assert_int_equal(l.guard.per_addr, 8);
	assert_int_equal(l.guard.connects.rate, 5);
	assert_int_equal(l.lines.rate, 5);
	assert_int_equal(l.lines.burst, 10);
	assert_int_equal(l.bytes.rate, 4096);
	assert_int_equal(l.errors.rate, 2);
	assert_int_equal(l.flood_ms, 30000);
	assert_int_equal(l.loss_notice_ms, 10000);
	assert_int_equal(l.udp_expire_ms, 60000);
	assert_int_equal(l.backlog, 100);
	assert_int_equal(l.backlog_age, 86400);
}

static void
every_name(void **state)
{
	struct limits l;
	(void)state;
	limit_default(&l);
	assert_int_equal(set(&l, "ping", "1.5"), 0);
	assert_int_equal(l.ping_ms, 1500);
	assert_int_equal(l.ping_timeout_ms, 20000); /* kept */
	assert_int_equal(set(&l, "ping", "2:0.5"), 0);
	assert_int_equal(l.ping_timeout_ms, 500);
	assert_int_equal(set(&l, "ping", "0"), 0);
	assert_int_equal(l.ping_ms, 0);
	assert_int_equal(set(&l, "keepalive", "5,2,4"), 0);
	assert_int_equal(l.ka.cnt, 4);
	assert_int_equal(set(&l, "join-timeout", "0.25"), 0);
	assert_int_equal(l.join_ms, 250);
	assert_int_equal(set(&l, "line-timeout", "3"), 0);
	assert_int_equal(set(&l, "per-address", "0"), 0);
	assert_int_equal(l.guard.per_addr, 0);
	assert_int_equal(set(&l, "connect-rate", "1:3"), 0);
	assert_int_equal(l.guard.connects.burst, 3);
	assert_int_equal(set(&l, "rate", "0"), 0);
	assert_int_equal(set(&l, "byte-rate", "100"), 0);
	assert_int_equal(l.bytes.burst, 200);
	assert_int_equal(set(&l, "error-rate", "1:1"), 0);
	assert_int_equal(set(&l, "flood-timeout", "9"), 0);
	assert_int_equal(set(&l, "loss-notice", "0"), 0);
	assert_int_equal(set(&l, "udp-expire", "2"), 0);
	assert_int_equal(l.udp_expire_ms, 2000);
	assert_int_equal(set(&l, "max-clients", "50"), 0);
	assert_int_equal(l.max_clients, 50);
	assert_int_equal(set(&l, "backlog", "100000"), 0); /* at the limit */
	assert_int_equal(l.backlog, 100000);
	assert_int_equal(l.backlog_age, 86400); /* kept */
	assert_int_equal(set(&l, "backlog", "50:2h"), 0);
	assert_int_equal(l.backlog_age, 7200);
	assert_int_equal(set(&l, "backlog", "5:90"), 0);
	assert_int_equal(l.backlog_age, 90);
	assert_int_equal(set(&l, "backlog", "5:1d"), 0);
	assert_int_equal(l.backlog_age, 86400);
	assert_int_equal(set(&l, "backlog", "0"), 0);
	assert_int_equal(l.backlog, 0);
}

static void
bad_values_say_what_to_give(void **state)
{
	struct limits l;
	static const char *const bad[][2] = {
		{ "ping", "-1" }, { "ping", "x" }, { "ping", "1:" },
		{ "ping", "1:0" }, { "ping", "nan" }, { "keepalive", "1,2" },
		{ "keepalive", "0,1,1" }, { "join-timeout", "0" },
		{ "line-timeout", "99999" }, { "per-address", "-3" },
		{ "per-address", "8x" }, { "rate", "5:" }, { "byte-rate", "" },
		{ "max-clients", "-1" }, { "udp-expire", "inf" },
		{ "backlog", "100001" }, { "backlog", "5:" },
		{ "backlog", "5:2w" }, { "backlog", "5:-1" }, { "backlog", ":3" },
	};
	(void)state;
	limit_default(&l);
	for (size_t i = 0; i < nitems(bad); i++) {
		assert_int_equal(set(&l, bad[i][0], bad[i][1]), -1);
		assert_non_null(strstr(why, bad[i][0]));
		assert_non_null(strstr(why, "give"));
	}
	assert_int_equal(set(&l, "speed", "9"), -1);
	assert_non_null(strstr(why, "unknown"));
}

/* What limit_each shows can be set back, and gives the same limits. */
static struct limits *shown;
static void
reset(void *arg, const char *name, const char *value, const char *help)
{
	(void)arg;
	assert_true(strlen(help) > 10);
	assert_int_equal(limit_set(shown, name, value, why, sizeof why), 0);
}

static void
collect(void *arg, const char *name, const char *value, const char *help)
{
	char *buf = arg;
	(void)help;
	size_t n = strlen(buf);
	snprintf(buf + n, 4096 - n, "%s=%s;", name, value);
}

static void
shown_values_round_trip(void **state)
{
	struct limits a, b;
	static char as[4096], bs[4096];
	(void)state;
	limit_default(&a);
	a.max_clients = 77;
	set(&a, "ping", "1.25:3");
	set(&a, "rate", "7:9");
	limit_default(&b);
	shown = &b;
	limit_each(&a, reset, NULL);
	/* field by field, as shown (a struct's padding may differ) */
	as[0] = bs[0] = '\0';
	limit_each(&a, collect, as);
	limit_each(&b, collect, bs);
	assert_string_equal(as, bs);
	assert_true(strstr(as, "rate=7:9;") != NULL);
	assert_int_equal(a.max_clients, b.max_clients);
	assert_int_equal(a.ping_ms, b.ping_ms);
	assert_int_equal(a.ping_timeout_ms, b.ping_timeout_ms);
}

int
main(void)
{
	RUN(cmocka_unit_test(defaults_as_documented),
	    cmocka_unit_test(every_name),
	    cmocka_unit_test(bad_values_say_what_to_give),
	    cmocka_unit_test(shown_values_round_trip));
}
