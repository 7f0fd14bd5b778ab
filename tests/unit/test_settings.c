/* Unit tests for settings and kv: lanchatd's settings by name, from a
 * file and from the command line, and the lines of a settings file. */
#include "unit.h"

#include <unistd.h>

#include "kv.h"
#include "settings.h"

static char why[512];
static char said[8][2048];
static int nsaid;

static void
bad(void *arg, const char *text)
{
	(void)arg;
	if (nsaid < 8)
		snprintf(said[nsaid++], sizeof said[0], "%s", text);
}

/* Writes text to a new file; returns its path. */
static const char *
file(const char *text)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/lanchat-settings-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void
lines(void **state)
{
	char l[600], *k, *v;
	(void)state;
	strcpy(l, "  rate =  5:10   # per member");
	assert_int_equal(kv_split(l, &k, &v, why, sizeof why), 1);
	assert_string_equal(k, "rate");
	assert_string_equal(v, "5:10");
	strcpy(l, "   # just a comment");
	assert_int_equal(kv_split(l, &k, &v, why, sizeof why), 0);
	strcpy(l, "");
	assert_int_equal(kv_split(l, &k, &v, why, sizeof why), 0);
	strcpy(l, "no equals sign");
	assert_int_equal(kv_split(l, &k, &v, why, sizeof why), -1);
	strcpy(l, " = 3");
	assert_int_equal(kv_split(l, &k, &v, why, sizeof why), -1);
	strcpy(l, "name =");
	assert_int_equal(kv_split(l, &k, &v, why, sizeof why), 1);
	assert_string_equal(v, "");
	int b;
	assert_int_equal(kv_bool("On", &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(kv_bool("maybe", &b), -1);
}

static void
every_setting_from_a_file(void **state)
{
	struct settings s;
	(void)state;
	settings_default(&s);
	nsaid = 0;
	const char *p = file("# lanchatd.conf\n"
	    "name = Kitchen\n"
	    "listen = 127.0.0.1\n"
	    "listen = ::1\n"
	    "port = 4242\n"
	    "log = debug\n"
	    "rate = 7:9\n"
	    "ping = 30:10\n"
	    "per-address = 3\n"
	    "guess-rate = 2:4\n"
	    "secret-file = /etc/lanchat/secret\n"
	    "admission-key-file = /etc/lanchat/key\n"
	    "max-clients = 50\n");
	assert_int_equal(settings_load(&s, p, bad, NULL), 0);
	assert_int_equal(nsaid, 0);
	assert_string_equal(s.name, "Kitchen");
	assert_int_equal(s.nlisten, 2);
	assert_string_equal(s.listen[1], "::1");
	assert_string_equal(s.port, "4242");
	assert_int_equal(s.level, LOGL_DEBUG);
	assert_int_equal(s.lim.lines.rate, 7);
	assert_int_equal(s.lim.ping_ms, 30000);
	assert_int_equal(s.lim.guard.per_addr, 3);
	assert_int_equal(s.lim.max_clients, 50);
	assert_int_equal(s.lim.guard.guesses.rate, 2);
	assert_int_equal(s.lim.guard.guesses.burst, 4);
	assert_string_equal(s.secret_file, "/etc/lanchat/secret");
	assert_string_equal(s.key_file, "/etc/lanchat/key");
	unlink(p);
}

/* Bad lines are named by file and line, the good ones around them still
 * count. */
static void
bad_lines_named(void **state)
{
	struct settings s;
	(void)state;
	settings_default(&s);
	nsaid = 0;
	const char *p = file("port = 99999\n"
	    "rate = 3:4\n"
	    "colour = blue\n"
	    "just words\n"
	    "log = loud\n");
	assert_int_equal(settings_load(&s, p, bad, NULL), 4);
	assert_int_equal(nsaid, 4);
	char want[80];
	snprintf(want, sizeof want, "%s:1: bad port", p);
	assert_memory_equal(said[0], want, strlen(want));
	assert_non_null(strstr(said[1], ":3: unknown setting \"colour\""));
	assert_non_null(strstr(said[2], ":4: expected key = value"));
	assert_non_null(strstr(said[3], ":5: bad log"));
	assert_int_equal(s.lim.lines.rate, 3);
	unlink(p);
	assert_int_equal(settings_load(&s, "/nonexistent/lanchatd.conf", bad,
	    NULL), -1);
}

/* A bad value is quoted whole, the sentence after it is not cut off, and
 * no byte a terminal must not get is passed on (the journal, a tty). */
static void
bad_value_told_whole_and_safe(void **state)
{
	struct settings s;
	char text[700];
	(void)state;
	settings_default(&s);
	nsaid = 0;
	snprintf(text, sizeof text, "backlog = \x1b[2J%0480d\xff\n", 7);
	const char *p = file(text);
	assert_int_equal(settings_load(&s, p, bad, NULL), 1);
	assert_null(strchr(said[0], '\x1b'));
	assert_null(strchr(said[0], '\xff'));
	assert_non_null(strstr(said[0], "0007"));
	assert_non_null(strstr(said[0], "\": give "));
	unlink(p);
}

/* The command line wins: a listen from it replaces the file's list. */
static void
command_line_wins(void **state)
{
	struct settings s;
	(void)state;
	settings_default(&s);
	assert_int_equal(settings_set(&s, "listen", "10.0.0.1", 0, why,
	    sizeof why), 0);
	assert_int_equal(settings_set(&s, "listen", "10.0.0.2", 0, why,
	    sizeof why), 0);
	assert_int_equal(settings_set(&s, "listen", "127.0.0.1", 1, why,
	    sizeof why), 0);
	assert_int_equal(settings_set(&s, "listen", "::1", 1, why,
	    sizeof why), 0);
	assert_int_equal(s.nlisten, 2);
	assert_string_equal(s.listen[0], "127.0.0.1");
	assert_int_equal(settings_set(&s, "rate", "1:1", 1, why, sizeof why),
	    0);
	assert_int_equal(settings_set(&s, "name", "bad\x1bname", 1, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "escape"));
	char big[SETTINGS_NAME_MAX + 2];
	memset(big, 'n', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(settings_set(&s, "name", big, 1, why, sizeof why), -1);
	for (int i = 0; i < SETTINGS_LISTEN_MAX - 2; i++)
		assert_int_equal(settings_set(&s, "listen", "h", 1, why,
		    sizeof why), 0);
	assert_int_equal(settings_set(&s, "listen", "h", 1, why, sizeof why),
	    -1);
}

static int shown;
static void
count(void *arg, const char *name, const char *value, const char *help)
{
	(void)arg, (void)value;
	assert_true(strlen(name) > 2 && strlen(help) > 10);
	shown++;
}

static void
each_lists_all(void **state)
{
	struct settings s;
	(void)state;
	settings_default(&s);
	shown = 0;
	settings_each(&s, count, NULL);
	assert_int_equal(shown, 8 + 18); /* its own, and the limits */
	/* The history file: a path, not too long. */
	char say[256], path[SETTINGS_PATH_MAX + 8];
	assert_int_equal(settings_set(&s, "history-file", "/var/lib/lanchatd/h",
	    1, say, sizeof say), 0);
	assert_string_equal(s.history_file, "/var/lib/lanchatd/h");
	memset(path, 'a', sizeof path - 1);
	path[sizeof path - 1] = '\0';
	assert_int_equal(settings_set(&s, "history-file", path, 1, say,
	    sizeof say), -1);
	assert_non_null(strstr(say, "history file"));
}

int
main(void)
{
	RUN(cmocka_unit_test(lines),
	    cmocka_unit_test(every_setting_from_a_file),
	    cmocka_unit_test(bad_lines_named),
	    cmocka_unit_test(bad_value_told_whole_and_safe),
	    cmocka_unit_test(command_line_wins),
	    cmocka_unit_test(each_lists_all));
}
