/* url: finding web addresses in a line of text. */
#include "config.h"

#include <strings.h>

#include "url.h"

static const char *const schemes[] = { "http://", "https://", "ftp://",
	"www." };

/* Does an address start at s[i]? Only at the start of a word (or after
 * an opening bracket or quote). */
static size_t
scheme_at(const char *s, size_t n, size_t i)
{
	if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '(' && s[i - 1] != '<' &&
	    s[i - 1] != '"' && s[i - 1] != '\'' && s[i - 1] != '[')
		return 0;
	for (size_t k = 0; k < nitems(schemes); k++) {
		size_t l = 0;
		while (schemes[k][l])
			l++;
		if (n - i > l && strncasecmp(s + i, schemes[k], l) == 0)
			return l;
	}
	return 0;
}

int
url_find(const char *s, size_t n, size_t from, size_t *start, size_t *end)
{
	for (size_t i = from; i < n; i++) {
		size_t l = scheme_at(s, n, i);
		if (l == 0)
			continue;
		size_t j = i + l;
		int depth = 0;
		while (j < n && s[j] != ' ' && s[j] != '<' && s[j] != '>' &&
		    s[j] != '"') {
			if (s[j] == '(')
				depth++;
			else if (s[j] == ')' && --depth < 0)
				break; /* closes a bracket opened before it */
			j++;
		}
		while (j > i + l && (s[j - 1] == '.' || s[j - 1] == ',' ||
		    s[j - 1] == ';' || s[j - 1] == ':' || s[j - 1] == '!' ||
		    s[j - 1] == '?' || s[j - 1] == '\''))
			j--;
		if (j == i + l)
			continue; /* a scheme and nothing after it */
		*start = i;
		*end = j;
		return 1;
	}
	return 0;
}
