/* loop: libevent's loop, one turn at a time, so batched work (one writev
 * per client, one screen update) happens after every callback of a turn. */
#include "config.h"

#include <stdint.h>
#include <time.h>

#include "loop.h"

static struct {
	loop_hook *fn;
	void *arg;
} hooks[LOOP_HOOKS];
static int nhooks;

int
loop_add_hook(loop_hook *fn, void *arg)
{
	if (nhooks == LOOP_HOOKS)
		return -1;
	hooks[nhooks].fn = fn;
	hooks[nhooks].arg = arg;
	nhooks++;
	return 0;
}

void
loop_del_hook(loop_hook *fn, void *arg)
{
	for (int i = 0; i < nhooks; i++) {
		if (hooks[i].fn != fn || hooks[i].arg != arg)
			continue;
		for (nhooks--; i < nhooks; i++)
			hooks[i] = hooks[i + 1];
		return;
	}
}

int
loop_run(struct event_base *base, int *stop)
{
	while (!*stop) {
		int rc = event_base_loop(base, EVLOOP_ONCE);
		for (int i = 0; i < nhooks; i++)
			hooks[i].fn(hooks[i].arg);
		if (rc < 0)
			return -1;
		if (rc == 1)
			return 0; /* no events left */
	}
	return 0;
}

uint64_t
loop_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
