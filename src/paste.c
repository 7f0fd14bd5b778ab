/* paste: lines out of a pasted run of bytes. */
#include "config.h"

#include <string.h>

#include "paste.h"

void
paste_init(struct paste *p)
{
	p->len = 0;
	p->truncated = 0;
}

void
paste_add(struct paste *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		/* CR LF is one line end; a lone CR is one too */
		if (c == '\n' && p->len && p->buf[p->len - 1] == '\r') {
			p->buf[p->len - 1] = '\n';
			continue;
		}
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			continue;
		if (c == 0x7f)
			continue;
		if (p->len == sizeof p->buf) {
			p->truncated = 1;
			return;
		}
		p->buf[p->len++] = (char)c;
	}
}

/* The next line from off: its start and length; off moves past it. */
static int
next(const struct paste *p, size_t *off, const char **line, size_t *len)
{
	if (*off >= p->len)
		return 0;
	const char *s = p->buf + *off;
	size_t n = p->len - *off, i = 0;
	while (i < n && s[i] != '\n' && s[i] != '\r')
		i++;
	*line = s;
	*len = i;
	*off += i + (i < n);
	return 1;
}

size_t
paste_lines(const struct paste *p)
{
	size_t off = 0, n = 0, len;
	const char *l;
	while (next(p, &off, &l, &len))
		n++;
	return n;
}

void
paste_each(const struct paste *p,
    void (*fn)(void *arg, const char *line, size_t len), void *arg)
{
	static char esc[PASTE_MAX + 1];
	size_t off = 0, len;
	const char *l;
	while (next(p, &off, &l, &len)) {
		if (len > 0 && l[0] == '/') {
			/* text, not a command: "//x" says "/x" */
			esc[0] = '/';
			memcpy(esc + 1, l, len);
			fn(arg, esc, len + 1);
		} else {
			fn(arg, l, len);
		}
	}
}
