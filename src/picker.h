/* picker: lanchat with no address: the rooms on the LAN looked for
 * (find.c), then the one there is joined (saying so), a list to pick
 * from, or what to do when there are none. The list is shown over the
 * transcript: the arrows move, Enter joins, q quits lanchat (in the list
 * of /rooms it closes the list), Esc closes it, and it is looked for
 * again every PICKER_AGAIN_MS while it is open. */
#ifndef PICKER_H
#define PICKER_H

#include <event2/event.h>

#define PICKER_AGAIN_MS 5000 /* the list is refreshed this often */
#define PICKER_MAX 32        /* rooms shown */

struct picker_ops {
	void (*say)(const char *text);                  /* to the transcript */
	void (*join)(const char *host, const char *port); /* a room chosen */
	void (*none)(void);  /* no room: the screen explains what to do */
	void (*quit)(void);  /* q in the list lanchat opened with: leave */
};

/* Starts looking for rooms on port (NULL: the default). With list, the
 * list opens even for one room (/rooms), and none is only said. -1 with a
 * sentence said when it cannot. */
int picker_start(struct event_base *base, const char *port,
    const struct picker_ops *ops, int list);
/* Joins the room called name in the last list (case as typed); -1 when
 * there is none of that name. */
int picker_join(const char *name, size_t len);
/* Stops looking and closes the list, if open. */
void picker_stop(void);

#endif
