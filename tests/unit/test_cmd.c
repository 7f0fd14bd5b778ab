/* Unit tests for cmd: the command table and parser. */
#include "unit.h"
#include "cmd.h"

static struct cmd c;
static char why[160];

static int
parse(const char *s, int where)
{
	return cmd_parse(s, strlen(s), where, &c, why, sizeof why);
}

static int
is(const char *p, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(p, want, n) == 0;
}

static void
table_sorted(void **state)
{
	size_t n;
	const struct cmd_def *d = cmd_defs(&n);
	(void)state;
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(d[i - 1].name, d[i].name) < 0);
	for (size_t i = 0; i < n; i++) {
		char line[32];
		assert_true(d[i].where != 0);
		assert_non_null(strstr(d[i].help, d[i].name));
		snprintf(line, sizeof line, "/%s", d[i].name);
		/* every command is found by its own name */
		int rc = parse(line, d[i].where);
		assert_true(rc == CMD_OK || rc == CMD_EUSAGE);
		if (rc == CMD_OK)
			assert_int_equal(c.id, d[i].id);
	}
}

static void
text(void **state)
{
	(void)state;
	assert_int_equal(parse("hello there", CMD_CLIENT), CMD_OK);
	assert_int_equal(c.id, CMD_TEXT);
	assert_true(is(c.rest, c.restlen, "hello there"));
	assert_int_equal(parse("//etc/passwd is a file", CMD_CLIENT), CMD_OK);
	assert_int_equal(c.id, CMD_TEXT);
	assert_true(is(c.rest, c.restlen, "/etc/passwd is a file"));
	assert_int_equal(parse("", CMD_CLIENT), CMD_OK);
	assert_int_equal(c.id, CMD_TEXT);
	assert_int_equal(c.restlen, 0);
}

static void
arguments(void **state)
{
	(void)state;
	assert_int_equal(parse("/me waves  hello", CMD_SERVER), CMD_OK);
	assert_int_equal(c.id, CMD_ME);
	assert_true(is(c.rest, c.restlen, "waves  hello"));
	assert_int_equal(parse("/msg bob hi there", CMD_SERVER), CMD_OK);
	assert_int_equal(c.id, CMD_MSG);
	assert_true(is(c.word, c.wordlen, "bob"));
	assert_true(is(c.rest, c.restlen, "hi there"));
	assert_int_equal(parse("/nick   carol", CMD_SERVER), CMD_OK);
	assert_true(is(c.word, c.wordlen, "carol"));
	assert_int_equal(parse("/quit", CMD_SERVER), CMD_OK);
	assert_int_equal(c.restlen, 0);
	assert_int_equal(parse("/quit see you", CMD_SERVER), CMD_OK);
	assert_true(is(c.rest, c.restlen, "see you"));
	assert_int_equal(parse("/names", CMD_SERVER), CMD_OK);
	assert_int_equal(c.id, CMD_NAMES);
}

static void
usage_errors(void **state)
{
	(void)state;
	assert_int_equal(parse("/me", CMD_SERVER), CMD_EUSAGE);
	assert_non_null(strstr(why, "/me TEXT"));
	assert_int_equal(parse("/msg bob", CMD_SERVER), CMD_EUSAGE);
	assert_int_equal(parse("/msg", CMD_SERVER), CMD_EUSAGE);
	assert_int_equal(parse("/nick", CMD_SERVER), CMD_EUSAGE);
	assert_int_equal(parse("/nick a b", CMD_SERVER), CMD_EUSAGE);
	assert_int_equal(parse("/names now", CMD_SERVER), CMD_EUSAGE);
}

static void
unknown(void **state)
{
	(void)state;
	assert_int_equal(parse("/frobnicate x", CMD_CLIENT), CMD_EUNKNOWN);
	assert_non_null(strstr(why, "/frobnicate"));
	assert_non_null(strstr(why, "/help"));
	assert_int_equal(parse("/", CMD_CLIENT), CMD_EUNKNOWN);
	assert_int_equal(parse("/m", CMD_CLIENT), CMD_EUNKNOWN);
	assert_int_equal(parse("/mee", CMD_CLIENT), CMD_EUNKNOWN);
	/* a NUL inside the name is no match (found by fuzzing) */
	assert_int_equal(cmd_parse("/me\0\0\0 x", 8, CMD_SERVER, &c, why,
	    sizeof why), CMD_EUNKNOWN);
	/* screen-only commands are unknown to the server's line mode and
	 * to the client core alone */
	assert_int_equal(parse("/clear", CMD_SERVER), CMD_EUNKNOWN);
	assert_int_equal(parse("/clear", CMD_CLIENT), CMD_EUNKNOWN);
	assert_int_equal(parse("/clear", CMD_CLIENT | CMD_SCREEN), CMD_OK);
	assert_int_equal(parse("/host", CMD_SCREEN), CMD_OK);
	assert_int_equal(c.id, CMD_HOST);
	assert_int_equal(parse("/host", CMD_SERVER | CMD_CLIENT), CMD_EUNKNOWN);
}

/* Every command runs somewhere, has help that starts with its name, and
 * each place has its own: the server's line mode has no screen commands. */
static void
table_complete(void **state)
{
	size_t n;
	const struct cmd_def *d = cmd_defs(&n);
	char want[32];
	(void)state;
	for (size_t i = 0; i < n; i++) {
		assert_true(d[i].where != 0);
		assert_true((d[i].where & CMD_SCREEN) == 0 ||
		    d[i].where == CMD_SCREEN);
		snprintf(want, sizeof want, "/%s", d[i].name);
		assert_memory_equal(d[i].help, want, strlen(want));
	}
}

/* cmd_help lists exactly the commands of the places asked for. */
static int helped;
static void
count_help(void *arg, const char *line)
{
	(void)arg, (void)line;
	helped++;
}

static void
help_lists_by_place(void **state)
{
	size_t n, server = 0, all = 0;
	const struct cmd_def *d = cmd_defs(&n);
	(void)state;
	for (size_t i = 0; i < n; i++) {
		server += (d[i].where & CMD_SERVER) != 0;
		all++;
	}
	helped = 0;
	cmd_help(CMD_SERVER, count_help, NULL);
	assert_int_equal(helped, server + 1); /* and a heading */
	helped = 0;
	cmd_help(CMD_SERVER | CMD_CLIENT | CMD_SCREEN, count_help, NULL);
	assert_int_equal(helped, all + 1);
}

int
main(void)
{
	RUN(cmocka_unit_test(table_sorted),
	    cmocka_unit_test(text),
	    cmocka_unit_test(arguments),
	    cmocka_unit_test(usage_errors),
	    cmocka_unit_test(unknown),
	    cmocka_unit_test(table_complete),
	    cmocka_unit_test(help_lists_by_place));
}
