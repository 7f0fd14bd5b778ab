/* libFuzzer target: the settings a person writes: lines of the client's
 * settings file, and NAME VALUE pairs of lanchatd's limits (its options
 * and, later, its settings file). Nothing is trusted: every line either
 * takes or is refused with a sentence, and no value out of range gets in. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "limit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[4096], why[512];
	struct conf c;
	struct limits l;

	if (size >= sizeof text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	conf_defaults(&c);
	why[0] = '\0';
	if (conf_line(&c, text, why, sizeof why) < 0 && why[0] == '\0')
		abort(); /* a refusal says why */
	if (c.scrollback < 100 || c.scrollback > 1000000 || c.ping_ms < 0)
		abort();

	/* "name value": the name up to the first space */
	limit_default(&l);
	char *sp = strchr(text, ' ');
	if (sp) {
		*sp = '\0';
		why[0] = '\0';
		if (limit_set(&l, text, sp + 1, why, sizeof why) < 0 &&
		    why[0] == '\0')
			abort();
		if (l.ping_ms < 0 || l.join_ms <= 0 || l.line_ms <= 0 ||
		    l.ka.idle <= 0 || l.ka.cnt <= 0 || l.max_clients < 0)
			abort();
	}
	return 0;
}
