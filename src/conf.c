/* conf: parsing the settings file, and the XDG paths. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conf.h"
#include "text.h"
#include "kv.h"
#include "limit.h"

void
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof *c);
	c->colors = 1;
	c->timestamps = 1;
	c->bell = 1;
	c->discover = 1;
	c->scrollback = 10000;
	c->ping_ms = CONF_PING_MS;
	c->ping_timeout_ms = CONF_PING_TIMEOUT_MS;
}

static int
set_nick(struct conf *c, const char *val, char *why, size_t whylen)
{
	if (nick_check(val, strlen(val), why, whylen) < 0)
		return -1;
	snprintf(c->nick, sizeof c->nick, "%s", val);
	return 0;
}

static int
set_server(struct conf *c, const char *val, char *why, size_t whylen)
{
	if (*val == '\0' || strlen(val) >= sizeof c->server) {
		snprintf(why, whylen, "bad server");
		return -1;
	}
	snprintf(c->server, sizeof c->server, "%s", val);
	return 0;
}

static int
yes_no(int *flag, const char *val, const char *key, char *why, size_t whylen)
{
	if (kv_bool(val, flag) == 0)
		return 0;
	snprintf(why, whylen, "%s is yes or no", key);
	return -1;
}

static int set_colors(struct conf *c, const char *v, char *w, size_t n)
{ return yes_no(&c->colors, v, "colors", w, n); }
static int set_timestamps(struct conf *c, const char *v, char *w, size_t n)
{ return yes_no(&c->timestamps, v, "timestamps", w, n); }
static int set_bell(struct conf *c, const char *v, char *w, size_t n)
{ return yes_no(&c->bell, v, "bell", w, n); }
static int set_log(struct conf *c, const char *v, char *w, size_t n)
{ return yes_no(&c->log, v, "log", w, n); }
static int
set_secret(struct conf *c, const char *v, char *w, size_t n)
{
	if (strlen(v) > SECRET_MAX) {
		snprintf(w, n, "secret is at most %d bytes", SECRET_MAX);
		return -1;
	}
	snprintf(c->secret, sizeof c->secret, "%s", v);
	return 0;
}

static int
set_room_name(struct conf *c, const char *v, char *w, size_t n)
{
	if (strlen(v) >= sizeof c->room_name || (*v && text_check(v, strlen(v),
	    w, n) < 0)) {
		if (strlen(v) >= sizeof c->room_name)
			snprintf(w, n, "room-name is at most %zu bytes",
			    sizeof c->room_name - 1);
		return -1;
	}
	snprintf(c->room_name, sizeof c->room_name, "%s", v);
	return 0;
}

static int set_discover(struct conf *c, const char *v, char *w, size_t n)
{ return yes_no(&c->discover, v, "discover", w, n); }

static int
set_notify(struct conf *c, const char *val, char *why, size_t whylen)
{
	static const char *const words[] = { "no", "osc777", "osc9" };
	for (size_t i = 0; i < nitems(words); i++)
		if (strcmp(val, words[i]) == 0) {
			c->notify = (int)i;
			return 0;
		}
	snprintf(why, whylen, "notify is no, osc777 or osc9");
	return -1;
}

static int
set_scrollback(struct conf *c, const char *val, char *why, size_t whylen)
{
	char *end;
	long n = strtol(val, &end, 10);
	if (*val == '\0' || *end != '\0' || n < 100 || n > 1000000) {
		snprintf(why, whylen, "scrollback is a number of lines from 100 "
		    "to 1000000");
		return -1;
	}
	c->scrollback = n;
	return 0;
}

/* The same form as lanchatd's --ping. */
static int
set_ping(struct conf *c, const char *val, char *why, size_t whylen)
{
	struct limits l;
	limit_default(&l);
	l.ping_ms = c->ping_ms;
	l.ping_timeout_ms = c->ping_timeout_ms;
	if (limit_set(&l, "ping", val, why, whylen) < 0)
		return -1;
	c->ping_ms = l.ping_ms;
	c->ping_timeout_ms = l.ping_timeout_ms;
	return 0;
}

/* Sorted by key. */
static const struct {
	const char *key;
	int (*set)(struct conf *, const char *, char *, size_t);
} keys[] = {
	{ "bell", set_bell },
	{ "colors", set_colors },
	{ "colours", set_colors },
	{ "discover", set_discover },
	{ "log", set_log },
	{ "nick", set_nick },
	{ "notify", set_notify },
	{ "ping", set_ping },
	{ "room-name", set_room_name },
	{ "scrollback", set_scrollback },
	{ "secret", set_secret },
	{ "server", set_server },
	{ "timestamps", set_timestamps },
};

/* One pair of the file. */
static int
set(void *arg, const char *key, const char *val, char *why, size_t whylen)
{
	struct conf *c = arg;
	for (size_t i = 0; i < nitems(keys); i++)
		if (strcmp(keys[i].key, key) == 0)
			return keys[i].set(c, val, why, whylen);
	snprintf(why, whylen, "unknown setting '%.40s'", key);
	return -1;
}

int
conf_line(struct conf *c, const char *line, char *why, size_t whylen)
{
	char buf[KV_LINE_MAX], *key, *val;
	if (strlen(line) >= sizeof buf) {
		snprintf(why, whylen, "line too long");
		return -1;
	}
	snprintf(buf, sizeof buf, "%s", line);
	int rc = kv_split(buf, &key, &val, why, whylen);
	return rc <= 0 ? rc : set(c, key, val, why, whylen);
}

/* A bad line is skipped; the rest of the file still counts. */
int
conf_load(struct conf *c, const char *path,
    void (*warn)(void *arg, const char *text), void *arg)
{
	int n = kv_load(path, set, c, warn, arg);
	return n < 0 && errno != ENOENT ? -1 : 0;
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

/* An XDG path whose directories are made (0700). */
static int
xdg_made(const char *var, const char *fallback, const char *name, char *buf,
    size_t len)
{
	if (xdg(var, fallback, name, buf, len) < 0)
		return -1;
	make_dirs(buf);
	return 0;
}

int
conf_data_path(const char *name, char *buf, size_t len)
{
	return xdg_made("XDG_DATA_HOME", ".local/share", name, buf, len);
}

int
conf_state_path(const char *name, char *buf, size_t len)
{
	return xdg_made("XDG_STATE_HOME", ".local/state", name, buf, len);
}
