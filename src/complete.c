/* complete: Tab candidates from the command table and the member list. */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "complete.h"
#include "nick.h"

const char *
complete_candidate(int i, int command, const struct roster *r,
    const char *self, char *buf, size_t len)
{
	size_t k = 0;
	if (i < 0)
		return NULL;
	if (command) {
		size_t nd;
		const struct cmd_def *d = cmd_defs(&nd);
		for (size_t j = 0; j < nd; j++) {
			if ((d[j].where & (CMD_CLIENT | CMD_SCREEN)) &&
			    k++ == (size_t)i) {
				snprintf(buf, len, "/%s", d[j].name);
				return buf;
			}
		}
		return NULL;
	}
	for (size_t j = 0; r && j < r->n; j++)
		if ((self == NULL || nick_cmp(r->nick[j], self) != 0) &&
		    k++ == (size_t)i)
			return r->nick[j];
	return NULL;
}
