/* loop: the one event loop, with work that runs once at the end of every
 * turn (flushing output, drawing the screen). */
#ifndef LOOP_H
#define LOOP_H

#include <event2/event.h>

typedef void loop_hook(void *arg);

/* At most LOOP_HOOKS hooks; they run in the order added. */
#define LOOP_HOOKS 8
int loop_add_hook(loop_hook *fn, void *arg);
/* Removes the hook added with this fn and arg, if there is one. */
void loop_del_hook(loop_hook *fn, void *arg);
/* Runs base until *stop becomes true or nothing is left to wait for. */
int loop_run(struct event_base *base, int *stop);
/* Milliseconds on the monotonic clock. */
uint64_t loop_now_ms(void);

#endif
