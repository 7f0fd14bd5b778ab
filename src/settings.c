/* settings: the table of lanchatd's own settings, over the limits'. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kv.h"
#include "settings.h"
#include "text.h"

void
settings_default(struct settings *s)
{
	memset(s, 0, sizeof *s);
	snprintf(s->port, sizeof s->port, "%s", NET_PORT_DEFAULT);
	s->level = LOGL_INFO;
	s->dns_sd = 1;
	limit_default(&s->lim);
}

static int
set_listen(struct settings *s, const char *v, int from_cli, char *why,
    size_t whylen)
{
	if (from_cli && !s->listen_given) {
		s->nlisten = 0;
		s->listen_given = 1;
	}
	if (*v == '\0' || strlen(v) >= NET_HOST_MAX) {
		snprintf(why, whylen, "bad listen \"%s\": give a host name or "
		    "an address", v);
		return -1;
	}
	if (s->nlisten == SETTINGS_LISTEN_MAX) {
		snprintf(why, whylen, "at most %d listen addresses",
		    SETTINGS_LISTEN_MAX);
		return -1;
	}
	snprintf(s->listen[s->nlisten++], NET_HOST_MAX, "%s", v);
	return 0;
}

static int
set_port(struct settings *s, const char *v, int from_cli, char *why,
    size_t whylen)
{
	char *end;
	long p = strtol(v, &end, 10);
	(void)from_cli;
	if (*v == '\0' || *end != '\0' || p < 0 || p > 65535) {
		snprintf(why, whylen, "bad port \"%s\": give a number 0-65535",
		    v);
		return -1;
	}
	snprintf(s->port, sizeof s->port, "%ld", p);
	return 0;
}

static int
set_name(struct settings *s, const char *v, int from_cli, char *why,
    size_t whylen)
{
	char w[128];
	(void)from_cli;
	if (strlen(v) > SETTINGS_NAME_MAX) {
		snprintf(why, whylen, "a room name is at most %d bytes",
		    SETTINGS_NAME_MAX);
		return -1;
	}
	if (*v && text_check(v, strlen(v), w, sizeof w) < 0) {
		snprintf(why, whylen, "bad name: %s", w);
		return -1;
	}
	snprintf(s->name, sizeof s->name, "%s", v);
	return 0;
}

static int
set_log(struct settings *s, const char *v, int from_cli, char *why,
    size_t whylen)
{
	static const char *const names[] = { "error", "info", "debug" };
	(void)from_cli;
	for (int i = 0; i < (int)nitems(names); i++) {
		if (strcmp(v, names[i]) == 0) {
			s->level = i;
			return 0;
		}
	}
	snprintf(why, whylen, "bad log \"%s\": give error, info or debug", v);
	return -1;
}

static int
set_dns_sd(struct settings *s, const char *v, int from_cli, char *why,
    size_t whylen)
{
	(void)from_cli;
	if (kv_bool(v, &s->dns_sd) == 0)
		return 0;
	snprintf(why, whylen, "bad dns-sd \"%s\": give yes or no", v);
	return -1;
}

/* lanchatd's own settings, each with a line of help; the rest are
 * limits. A file is a row with no set function: its path goes at off,
 * and a refusal calls it what. */
static const struct setting {
	const char *name;
	int (*set)(struct settings *, const char *, int, char *, size_t);
	size_t off;
	const char *what, *help;
} table[] = {
	{ "admission-key-file", NULL, offsetof(struct settings, key_file),
	    "admission key file", "FILE with a private room's admission key "
	    "(--print-admission-key): the server then never sees the "
	    "passphrase (default none)" },
	{ "dns-sd", set_dns_sd, 0, NULL, "yes or no: publish the room "
	    "through Avahi (DNS-SD), when it runs (default yes)" },
	{ "history-file", NULL, offsetof(struct settings, history_file),
	    "history file", "FILE the room's history is kept in across "
	    "restarts (default none)" },
	{ "listen", set_listen, 0, NULL, "ADDR to listen on, once per "
	    "address (default every IPv6 and IPv4 address)" },
	{ "log", set_log, 0, NULL, "error, info or debug: how much goes to "
	    "the log" },
	{ "name", set_name, 0, NULL, "NAME of the room (default the host "
	    "name)" },
	{ "port", set_port, 0, NULL, "PORT for TCP and UDP; 0 picks a free "
	    "one" },
	{ "secret-file", NULL, offsetof(struct settings, secret_file),
	    "secret file", "FILE whose first line is the passphrase of a "
	    "private room, readable by its owner only (default none: an open "
	    "room)" },
};

static int
set_path(struct settings *s, const struct setting *t, const char *v,
    char *why, size_t whylen)
{
	if (strlen(v) >= SETTINGS_PATH_MAX) {
		snprintf(why, whylen, "a %s's path is at most %d bytes",
		    t->what, SETTINGS_PATH_MAX - 1);
		return -1;
	}
	snprintf((char *)s + t->off, SETTINGS_PATH_MAX, "%s", v);
	return 0;
}

int
settings_set(struct settings *s, const char *name, const char *value,
    int from_cli, char *why, size_t whylen)
{
	for (size_t i = 0; i < nitems(table); i++)
		if (strcmp(table[i].name, name) == 0)
			return table[i].set ? table[i].set(s, value, from_cli, why,
			    whylen) : set_path(s, &table[i], value, why, whylen);
	return limit_set(&s->lim, name, value, why, whylen);
}

static int
from_file(void *arg, const char *key, const char *val, char *why,
    size_t whylen)
{
	return settings_set(arg, key, val, 0, why, whylen);
}

int
settings_load(struct settings *s, const char *path,
    void (*bad)(void *arg, const char *text), void *arg)
{
	return kv_load(path, from_file, s, bad, arg);
}

void
settings_each(const struct settings *s,
    void (*fn)(void *arg, const char *name, const char *value,
    const char *help), void *arg)
{
	static const char *const levels[] = { "error", "info", "debug" };
	char buf[SETTINGS_LISTEN_MAX * (NET_HOST_MAX + 1)];
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < s->nlisten; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s",
		    i ? " " : "", s->listen[i]);
	fn(arg, "admission-key-file", s->key_file, table[0].help);
	fn(arg, "dns-sd", s->dns_sd ? "yes" : "no", table[1].help);
	fn(arg, "history-file", s->history_file, table[2].help);
	fn(arg, "listen", s->nlisten ? buf : "*", table[3].help);
	fn(arg, "log", levels[s->level], table[4].help);
	fn(arg, "name", s->name, table[5].help);
	fn(arg, "port", s->port, table[6].help);
	fn(arg, "secret-file", s->secret_file, table[7].help);
	limit_each(&s->lim, fn, arg);
}
