/* Unit tests for net: host:port parsing and address strings. */
#include "unit.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "net.h"

static char host[NET_HOST_MAX], port[16], why[160];

static int
split(const char *s)
{
	host[0] = port[0] = why[0] = '\0';
	return net_split_hostport(s, host, sizeof host, port, sizeof port,
	    why, sizeof why);
}

static void
hosts_and_ports(void **state)
{
	(void)state;
	assert_int_equal(split("example.lan"), 0);
	assert_string_equal(host, "example.lan");
	assert_string_equal(port, NET_PORT_DEFAULT);
	assert_int_equal(split("10.0.0.2:4000"), 0);
	assert_string_equal(host, "10.0.0.2");
	assert_string_equal(port, "4000");
	assert_int_equal(split("[::1]:2429"), 0);
	assert_string_equal(host, "::1");
	assert_string_equal(port, "2429");
	assert_int_equal(split("[fe80::1%eth0]"), 0);
	assert_string_equal(host, "fe80::1%eth0");
	assert_string_equal(port, NET_PORT_DEFAULT);
	/* a bare IPv6 address: every colon is the address's */
	assert_int_equal(split("fd00::5"), 0);
	assert_string_equal(host, "fd00::5");
	assert_string_equal(port, NET_PORT_DEFAULT);
}

static void
refused_with_a_reason(void **state)
{
	(void)state;
	assert_int_equal(split("[::1"), -1);
	assert_non_null(strstr(why, "]"));
	assert_int_equal(split("[::1]x"), -1);
	assert_int_equal(split("host:"), -1);
	assert_non_null(strstr(why, "bad port"));
	assert_int_equal(split("host:12a"), -1);
	assert_int_equal(split(":2428"), -1);
	assert_non_null(strstr(why, "bad host"));
	assert_int_equal(split("[]:1"), -1);
	char big[NET_HOST_MAX + 8];
	memset(big, 'h', sizeof big);
	big[sizeof big - 1] = '\0';
	assert_int_equal(split(big), -1);
	assert_int_equal(split("h:12345678901234567"), -1);
}

static void
address_strings(void **state)
{
	struct sockaddr_in s4 = { .sin_family = AF_INET,
	    .sin_port = htons(2428) };
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6,
	    .sin6_port = htons(7) };
	char buf[NET_ADDR_MAX];
	(void)state;
	inet_pton(AF_INET, "192.168.1.20", &s4.sin_addr);
	net_addr_str((struct sockaddr *)&s4, buf, sizeof buf);
	assert_string_equal(buf, "192.168.1.20:2428");
	inet_pton(AF_INET6, "::1", &s6.sin6_addr);
	net_addr_str((struct sockaddr *)&s6, buf, sizeof buf);
	assert_string_equal(buf, "[::1]:7");
	inet_pton(AF_INET6, "::ffff:10.1.2.3", &s6.sin6_addr);
	net_addr_str((struct sockaddr *)&s6, buf, sizeof buf);
	assert_string_equal(buf, "10.1.2.3:7"); /* mapped: shown as IPv4 */
}

int
main(void)
{
	RUN(cmocka_unit_test(hosts_and_ports),
	    cmocka_unit_test(refused_with_a_reason),
	    cmocka_unit_test(address_strings));
}
