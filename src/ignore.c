/* ignore: a short list of nicks, case folded. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ignore.h"

void
ignore_init(struct ignore *g)
{
	g->n = 0;
}

static int
find(const struct ignore *g, const char *nick, size_t len)
{
	for (size_t i = 0; i < g->n; i++)
		if (nick_eq(nick, len, g->nick[i]))
			return (int)i;
	return -1;
}

int
ignore_has(const struct ignore *g, const char *nick, size_t len)
{
	return g->n > 0 && find(g, nick, len) >= 0;
}

int
ignore_add(struct ignore *g, const char *nick, size_t len)
{
	if (find(g, nick, len) >= 0)
		return 0;
	if (g->n == IGNORE_MAX || len > NICK_MAX)
		return -1;
	memcpy(g->nick[g->n], nick, len);
	g->nick[g->n][len] = '\0';
	g->n++;
	return 1;
}

int
ignore_del(struct ignore *g, const char *nick, size_t len)
{
	int i = find(g, nick, len);
	if (i < 0)
		return 0;
	memmove(g->nick[i], g->nick[i + 1],
	    (g->n - (size_t)i - 1) * sizeof g->nick[0]);
	g->n--;
	return 1;
}

void
ignore_rename(struct ignore *g, const char *from, size_t flen,
    const char *to, size_t tlen)
{
	int i = g->n ? find(g, from, flen) : -1;
	if (i >= 0 && tlen > 0 && tlen <= NICK_MAX) {
		memcpy(g->nick[i], to, tlen);
		g->nick[i][tlen] = '\0';
	}
}

void
ignore_list(const struct ignore *g, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	if (g->n == 0) {
		snprintf(buf, size, "nobody");
		return;
	}
	for (size_t i = 0; i < g->n && o < size; i++) {
		int n = snprintf(buf + o, size - o, "%s%s", i ? ", " : "",
		    g->nick[i]);
		if (n < 0)
			break;
		o += (size_t)n;
	}
}

void
ignore_command(struct ignore *g, int add, const char *nick, size_t len,
    char *buf, size_t size)
{
	int n = (int)len;
	if (add && len == 0) {
		size_t k = (size_t)snprintf(buf, size, "ignored: ");
		if (k < size)
			ignore_list(g, buf + k, size - k);
	} else if (!add) {
		snprintf(buf, size, ignore_del(g, nick, len) ? "%.*s's lines "
		    "show again" : "%.*s was not ignored", n, nick);
	} else if (ignore_add(g, nick, len) < 0) {
		snprintf(buf, size, "%d are ignored already; /unignore one "
		    "first", IGNORE_MAX);
	} else {
		snprintf(buf, size, "%.*s's lines are hidden here now; "
		    "/unignore %.*s shows them", n, nick, n, nick);
	}
}
