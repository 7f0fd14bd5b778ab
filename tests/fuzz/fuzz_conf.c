/* libFuzzer target: the settings files a person writes. The input is a
 * whole file, read the way the programs read theirs (kv.c, from a real
 * descriptor, so overlong lines and a last line with no newline are the
 * reader's to handle): as lanchatd's settings file (settings.c, over the
 * limits of limit.c), as the client's (conf.c), and as a secret file
 * (secret.c, whose first line is a passphrase). Nothing is trusted:
 * every line either takes or is refused with "FILE:LINE: why", no value
 * out of range gets in, and what lanchatd would print of its settings
 * (--check-config, a reload's report) reads back to itself. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "limit.h"
#include "secret.h"
#include "settings.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

/* A refusal names the file and the line, then says why, whole (not cut
 * off after a long value), and is safe to print to a terminal. */
static void
bad(void *arg, const char *text)
{
	size_t n = strlen(path);
	char why[128];
	(void)arg;
	if (strncmp(text, path, n) != 0 || text[n] != ':' ||
	    strstr(text + n + 1, ": ") == NULL || text[strlen(text) - 1] == ' ' ||
	    text_check(text, strlen(text), why, sizeof why) < 0)
		abort();
}

static void
limits_sane(const struct limits *l)
{
	if (l->ping_ms < 0 || l->join_ms <= 0 || l->line_ms <= 0 ||
	    l->ka.idle <= 0 || l->ka.cnt <= 0 || l->max_clients < 0)
		abort();
}

/* Every setting as settings_each prints it, one "name=value" a line. */
struct dump {
	char text[16384];
	size_t len;
	struct settings *into; /* set each back into this, when not NULL */
};

static void
dump_one(void *arg, const char *name, const char *value, const char *help)
{
	struct dump *d = arg;
	char why[512];
	(void)help;
	int n = snprintf(d->text + d->len, sizeof d->text - d->len, "%s=%s\n",
	    name, value);
	if (n < 0 || (size_t)n >= sizeof d->text - d->len)
		abort();
	d->len += (size_t)n;
	/* "listen" prints its list on one line; the rest must read back */
	if (d->into && strcmp(name, "listen") != 0 &&
	    settings_set(d->into, name, value, 0, why, sizeof why) < 0)
		abort();
}

static void
as_lanchatd(void)
{
	static struct settings s, again;
	static struct dump d1, d2;
	settings_default(&s);
	if (settings_load(&s, path, bad, NULL) < 0)
		abort(); /* the file is there and readable */
	if (s.nlisten < 0 || s.nlisten > SETTINGS_LISTEN_MAX ||
	    s.level < LOGL_ERR || s.level > LOGL_DEBUG)
		abort();
	limits_sane(&s.lim);
	settings_default(&again);
	d1.len = d2.len = 0;
	d1.into = &again;
	settings_each(&s, dump_one, &d1);
	d2.into = NULL;
	again.nlisten = s.nlisten;
	memcpy(again.listen, s.listen, sizeof s.listen);
	settings_each(&again, dump_one, &d2);
	if (d1.len != d2.len || memcmp(d1.text, d2.text, d1.len) != 0)
		abort();
}

static void
as_client(void)
{
	struct conf c;
	conf_defaults(&c);
	if (conf_load(&c, path, bad, NULL) < 0)
		abort();
	if (c.scrollback < 100 || c.scrollback > 1000000 || c.ping_ms < 0 ||
	    c.ping_timeout_ms < 0 || memchr(c.nick, '\0', sizeof c.nick) == NULL ||
	    memchr(c.secret, '\0', sizeof c.secret) == NULL)
		abort();
}

/* A secret file: its first line whole, or a refusal that says why. */
static void
as_secret(const uint8_t *data, size_t size)
{
	char buf[SECRET_MAX + 1], why[256];
	why[0] = '\0';
	int n = secret_read(path, buf, sizeof buf, why, sizeof why);
	if (n < 0) {
		if (why[0] == '\0')
			abort();
		return;
	}
	size_t line = 0; /* the first line's length */
	while (line < size && data[line] != '\r' && data[line] != '\n' &&
	    data[line] != '\0')
		line++;
	if (n == 0 || (size_t)n != strlen(buf) || (size_t)n != line ||
	    memcmp(buf, data, (size_t)n) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	if (fd < 0) {
		/* its owner's alone, as a secret file must be */
		fd = memfd_create("fuzz-conf", 0);
		if (fd < 0 || fchmod(fd, 0600) < 0)
			abort();
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (size > 8192)
		return 0;
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	as_lanchatd();
	as_client();
	as_secret(data, size);
	return 0;
}
