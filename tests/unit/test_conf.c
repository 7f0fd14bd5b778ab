/* Unit tests for conf: the settings file. */
#include <stdlib.h>

#include "unit.h"
#include "conf.h"

static char why[160];

static void
settings(void **state)
{
	struct conf c;
	(void)state;
	conf_defaults(&c);
	assert_int_equal(c.colors, 1);
	assert_int_equal(c.scrollback, 10000);
	assert_int_equal(conf_line(&c, "  nick = alice  # me", why, sizeof why), 0);
	assert_string_equal(c.nick, "alice");
	assert_int_equal(conf_line(&c, "server=10.0.0.5:2428", why, sizeof why), 0);
	assert_string_equal(c.server, "10.0.0.5:2428");
	assert_int_equal(conf_line(&c, "colours = off", why, sizeof why), 0);
	assert_int_equal(c.colors, 0);
	assert_int_equal(conf_line(&c, "timestamps = No", why, sizeof why), 0);
	assert_int_equal(c.timestamps, 0);
	assert_int_equal(conf_line(&c, "bell = yes", why, sizeof why), 0);
	assert_int_equal(c.notify, CONF_NOTIFY_NO); /* off unless asked */
	assert_int_equal(conf_line(&c, "notify = osc9", why, sizeof why), 0);
	assert_int_equal(c.notify, CONF_NOTIFY_OSC9);
	assert_int_equal(conf_line(&c, "notify = osc777", why, sizeof why), 0);
	assert_int_equal(c.notify, CONF_NOTIFY_OSC777);
	assert_int_equal(c.log, 0); /* no log unless asked */
	assert_int_equal(conf_line(&c, "log = on", why, sizeof why), 0);
	assert_int_equal(c.log, 1);
	assert_int_equal(conf_line(&c, "scrollback = 500", why, sizeof why), 0);
	assert_int_equal(c.scrollback, 500);
	assert_int_equal(conf_line(&c, "# only a comment", why, sizeof why), 0);
	assert_int_equal(conf_line(&c, "", why, sizeof why), 0);
}

static void
refusals(void **state)
{
	struct conf c;
	(void)state;
	conf_defaults(&c);
	assert_int_equal(conf_line(&c, "nick = 9lives", why, sizeof why), -1);
	assert_int_equal(conf_line(&c, "bell = maybe", why, sizeof why), -1);
	assert_non_null(strstr(why, "yes or no"));
	assert_int_equal(conf_line(&c, "notify = loudly", why, sizeof why), -1);
	assert_non_null(strstr(why, "osc777"));
	assert_int_equal(conf_line(&c, "scrollback = 5", why, sizeof why), -1);
	assert_int_equal(conf_line(&c, "colour", why, sizeof why), -1);
	assert_int_equal(conf_line(&c, "volume = 11", why, sizeof why), -1);
	assert_non_null(strstr(why, "volume"));
	assert_string_equal(c.nick, ""); /* nothing bad was applied */
}

static void
paths(void **state)
{
	char p[512];
	(void)state;
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	assert_int_equal(conf_path(p, sizeof p), 0);
	assert_string_equal(p, "/x/conf/lanchat/config");
	setenv("XDG_CONFIG_HOME", "relative", 1); /* ignored, as XDG says */
	setenv("HOME", "/home/u", 1);
	assert_int_equal(conf_path(p, sizeof p), 0);
	assert_string_equal(p, "/home/u/.config/lanchat/config");
}

int
main(void)
{
	RUN(cmocka_unit_test(settings),
	    cmocka_unit_test(refusals),
	    cmocka_unit_test(paths));
}
