/* conf: parsing the settings file, and the XDG paths. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conf.h"

void
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof *c);
	c->colors = 1;
	c->timestamps = 1;
	c->bell = 1;
	c->scrollback = 10000;
}

static int
boolean(const char *v, int *out)
{
	static const char *yes[] = { "yes", "true", "on", "1" };
	static const char *no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *out = 1, 0;
		if (strcasecmp(v, no[i]) == 0)
			return *out = 0, 0;
	}
	return -1;
}

static char *
trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
conf_line(struct conf *c, const char *line, char *why, size_t whylen)
{
	char buf[512], *key, *val, *eq;

	if (strlen(line) >= sizeof buf) {
		snprintf(why, whylen, "line too long");
		return -1;
	}
	snprintf(buf, sizeof buf, "%s", line);
	if ((eq = strchr(buf, '#')))
		*eq = '\0';
	key = trim(buf);
	if (*key == '\0')
		return 0;
	if ((eq = strchr(key, '=')) == NULL) {
		snprintf(why, whylen, "expected key = value");
		return -1;
	}
	*eq = '\0';
	key = trim(key);
	val = trim(eq + 1);
	if (strcmp(key, "nick") == 0) {
		if (nick_check(val, strlen(val), why, whylen) < 0)
			return -1;
		snprintf(c->nick, sizeof c->nick, "%s", val);
	} else if (strcmp(key, "server") == 0) {
		if (*val == '\0' || strlen(val) >= sizeof c->server) {
			snprintf(why, whylen, "bad server");
			return -1;
		}
		snprintf(c->server, sizeof c->server, "%s", val);
	} else if (strcmp(key, "colors") == 0 || strcmp(key, "colours") == 0) {
		if (boolean(val, &c->colors) < 0)
			goto notbool;
	} else if (strcmp(key, "timestamps") == 0) {
		if (boolean(val, &c->timestamps) < 0)
			goto notbool;
	} else if (strcmp(key, "bell") == 0) {
		if (boolean(val, &c->bell) < 0)
			goto notbool;
	} else if (strcmp(key, "scrollback") == 0) {
		char *end;
		long n = strtol(val, &end, 10);
		if (*val == '\0' || *end != '\0' || n < 100 || n > 1000000) {
			snprintf(why, whylen, "scrollback is a number of lines "
			    "from 100 to 1000000");
			return -1;
		}
		c->scrollback = n;
	} else {
		snprintf(why, whylen, "unknown setting '%.40s'", key);
		return -1;
	}
	return 0;
notbool:
	snprintf(why, whylen, "%s is yes or no", key);
	return -1;
}

int
conf_load(struct conf *c, const char *path,
    void (*warn)(void *arg, const char *text), void *arg)
{
	char line[600], why[160], msg[800];
	int n = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return errno == ENOENT ? 0 : -1;
	while (fgets(line, sizeof line, f)) {
		n++;
		line[strcspn(line, "\r\n")] = '\0';
		if (conf_line(c, line, why, sizeof why) < 0) {
			snprintf(msg, sizeof msg, "%s:%d: %s; line ignored",
			    path, n, why);
			warn(arg, msg);
		}
	}
	fclose(f);
	return 0;
}

static int
xdg(const char *var, const char *fallback, const char *name, char *buf,
    size_t len)
{
	const char *base = getenv(var), *home = getenv("HOME");
	int n;
	if (base && *base == '/')
		n = snprintf(buf, len, "%s/lanchat/%s", base, name);
	else if (home && *home)
		n = snprintf(buf, len, "%s/%s/lanchat/%s", home, fallback, name);
	else
		return -1;
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int
conf_path(char *buf, size_t len)
{
	return xdg("XDG_CONFIG_HOME", ".config", "config", buf, len);
}

/* mkdir -p for the directory part of path. */
static void
make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0700);
		*p = '/';
	}
}

int
conf_state_path(const char *name, char *buf, size_t len)
{
	if (xdg("XDG_STATE_HOME", ".local/state", name, buf, len) < 0)
		return -1;
	make_dirs(buf);
	return 0;
}
