/* secret: one stat and one read. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "secret.h"

int
secret_private(const char *path, char *why, size_t whylen)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		snprintf(why, whylen, "cannot read %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (st.st_mode & 077) {
		snprintf(why, whylen, "%s holds a room secret but others may "
		    "read it (mode %04o); make it yours alone: chmod 600 %s",
		    path, (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	return 0;
}

int
secret_read(const char *path, char *buf, size_t cap, char *why,
    size_t whylen)
{
	char line[SECRET_MAX + 3];
	if (secret_private(path, why, whylen) < 0)
		return -1;
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		snprintf(why, whylen, "cannot read %s: %s", path,
		    strerror(errno));
		return -1;
	}
	int got = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	size_t n = got ? strcspn(line, "\r\n") : 0;
	line[n] = '\0';
	if (n == 0)
		snprintf(why, whylen, "%s holds no secret: its first line is "
		    "empty", path);
	else if (n > SECRET_MAX || n >= cap)
		snprintf(why, whylen, "the secret in %s is over %d bytes",
		    path, SECRET_MAX);
	else
		memcpy(buf, line, n + 1);
	explicit_bzero(line, sizeof line);
	return n == 0 || n > SECRET_MAX || n >= cap ? -1 : (int)n;
}
