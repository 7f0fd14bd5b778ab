/* kv: trimming, splitting, and reading line by line. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "kv.h"
#include "text.h"

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
kv_split(char *line, char **key, char **val, char *why, size_t whylen)
{
	char *p;

	if (strlen(line) >= KV_LINE_MAX) {
		snprintf(why, whylen, "line too long (at most %d bytes)",
		    KV_LINE_MAX - 1);
		return -1;
	}
	if ((p = strchr(line, '#')))
		*p = '\0';
	*key = trim(line);
	if (**key == '\0')
		return 0;
	if ((p = strchr(*key, '=')) == NULL) {
		snprintf(why, whylen, "expected key = value");
		return -1;
	}
	*p = '\0';
	*key = trim(*key);
	*val = trim(p + 1);
	if (**key == '\0') {
		snprintf(why, whylen, "expected key = value");
		return -1;
	}
	return 1;
}

int
kv_load(const char *path, kv_fn *fn, void *arg,
    void (*bad)(void *arg, const char *text), void *badarg)
{
	/* why has room for a value quoted whole and the sentence after it;
	 * shown for msg with every byte a terminal must not get replaced */
	char line[KV_LINE_MAX + 2], why[KV_LINE_MAX + 256];
	char msg[PATH_MAX + sizeof why + 16], shown[3 * sizeof msg];
	char *key, *val;
	int n = 0, nbad = 0, rc;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f)) {
		n++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			/* the rest of an overlong line is not another line */
			int ch;
			while ((ch = fgetc(f)) != EOF && ch != '\n')
				;
			snprintf(why, sizeof why, "line too long (at most %d "
			    "bytes)", KV_LINE_MAX - 1);
			rc = -1;
		} else {
			line[strcspn(line, "\r\n")] = '\0';
			rc = kv_split(line, &key, &val, why, sizeof why);
			if (rc == 1)
				rc = fn(arg, key, val, why, sizeof why);
		}
		if (rc < 0) {
			snprintf(msg, sizeof msg, "%s:%d: %s", path, n, why);
			text_sanitize(msg, strlen(msg), shown, sizeof shown);
			bad(badarg, shown);
			nbad++;
		}
	}
	int err = ferror(f) ? errno : 0;
	fclose(f);
	if (err) {
		errno = err;
		return -1;
	}
	return nbad;
}

int
kv_bool(const char *v, int *out)
{
	static const char *yes[] = { "yes", "true", "on", "1" };
	static const char *no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < nitems(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *out = 1, 0;
		if (strcasecmp(v, no[i]) == 0)
			return *out = 0, 0;
	}
	return -1;
}
