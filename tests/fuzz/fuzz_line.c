/* libFuzzer target: line splitting, command parsing and text hygiene, the
 * path a line-mode client's bytes take. The first byte picks the read size. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "line.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
one_line(const char *p, size_t n)
{
	static char clean[3 * LINE_MAX + 1];
	char why[160];
	struct cmd c;

	if (n > LINE_MAX)
		abort();
	for (int where = CMD_SERVER;
	    where <= (CMD_SERVER | CMD_CLIENT | CMD_SCREEN); where++) {
		if (cmd_parse(p, n, where, &c, why, sizeof why) != CMD_OK)
			continue;
		if (c.rest < p || c.rest + c.restlen > p + n)
			abort();
		if (c.word && (c.word < p || c.word + c.wordlen > p + n))
			abort();
	}
	int ok = text_check(p, n, why, sizeof why) == 0;
	size_t o = text_sanitize(p, n, clean, sizeof clean);
	/* Sanitised text always passes the check; valid text is unchanged
	 * but for tabs. */
	if (text_check(clean, o, why, sizeof why) < 0)
		abort();
	if (ok && memchr(p, '\t', n) == NULL && (o != n || memcmp(p, clean, n)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct line_dec d;
	struct line l;
	size_t step;

	if (size < 1)
		return 0;
	step = data[0] ? data[0] : size;
	data++, size--;
	line_dec_init(&d);
	while (size > 0) {
		size_t n = step < size ? step : size;
		const char *p = (const char *)data;
		size_t left = n;
		int rc;
		while ((rc = line_dec_next(&d, &p, &left, &l)) != LINE_MORE) {
			if (rc == LINE_OK)
				one_line(l.p, l.len);
			else if (rc != LINE_TOOLONG)
				abort();
		}
		data += n;
		size -= n;
	}
	int rc = line_dec_finish(&d, &l);
	if (rc == LINE_OK)
		one_line(l.p, l.len);
	else if (rc != LINE_MORE && rc != LINE_TOOLONG)
		abort();
	line_dec_free(&d);
	return 0;
}
